"""Who and where the demo news web can mention: countries, real public actors and invented voices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ActorKind = Literal["person", "organisation"]


@dataclass(frozen=True)
class Country:
    """A country and every surface form the generator may print for it."""

    iso3: str
    name: str  # as printed mid-sentence, e.g. "the United States"
    adj: str
    capital: str
    forms: tuple[str, ...]  # everything that counts as a mention: names, demonyms, capital, places
    cbank: str = ""  # cast key of the central bank, for background economy stories
    company: str = ""  # cast key of an invented local company, for technology stories


@dataclass(frozen=True)
class CastMember:
    """A person or organisation with the forms used on first and later mentions (all templates)."""

    key: str
    name: str  # canonical name, as the ground truth reports it
    kind: ActorKind
    country: str | None  # ISO3 of affiliation; None for international bodies
    intros: tuple[str, ...]
    shorts: tuple[str, ...]
    descs: tuple[str, ...] = ()
    label: str = ""  # bare attributive form ("IMF", "Kremlin"); defaults to the first short
    domain: str = ""  # set for invented experts: which stories may quote them


def _country(
    iso3: str, name: str, adj: str, capital: str, *extra: str, cb: str = "", co: str = ""
) -> Country:
    bare = name.removeprefix("the ")
    return Country(iso3, name, adj, capital, (bare, adj, capital, *extra), cb, co)


COUNTRIES: tuple[Country, ...] = (
    _country("GBR", "Britain", "British", "London", "United Kingdom", "UK", "Britons",
             cb="boe", co="brightwater"),
    _country("USA", "the United States", "U.S.", "Washington", "American", "Americans",
             cb="fed", co="quillon"),
    _country("DEU", "Germany", "German", "Berlin", "Germans", cb="ecb", co="ostwind"),
    _country("FRA", "France", "French", "Paris", cb="ecb", co="lumivelle"),
    _country("IND", "India", "Indian", "New Delhi", "Indians", cb="rbi", co="tarangi"),
    _country("JPN", "Japan", "Japanese", "Tokyo", cb="boj", co="veradyne"),
    _country("KOR", "South Korea", "South Korean", "Seoul", "South Koreans", "Korea", cb="bok", co="sorell"),
    _country("AUS", "Australia", "Australian", "Canberra", "Australians", cb="rba", co="coralbay"),
    _country("ZAF", "South Africa", "South African", "Pretoria", "South Africans", cb="sarb", co="marula"),
    _country("NGA", "Nigeria", "Nigerian", "Abuja", "Nigerians", cb="cbn", co="okapi"),
    _country("BRA", "Brazil", "Brazilian", "Brasilia", "Brazilians", cb="bcb", co="ipeyo"),
    _country("UKR", "Ukraine", "Ukrainian", "Kyiv", "Ukrainians", cb="nbu", co="stepove"),
    _country("CAN", "Canada", "Canadian", "Ottawa", "Canadians", "Ontario", "Quebec", "Alberta",
             cb="boc", co="northgrain"),
    _country("KEN", "Kenya", "Kenyan", "Nairobi", "Kenyans", cb="cbk", co="kiboko"),
    _country("RUS", "Russia", "Russian", "Moscow", "Russians", "Kursk"),
    _country("PRK", "North Korea", "North Korean", "Pyongyang", "North Koreans"),
    _country("CHN", "China", "Chinese", "Beijing"),
    _country("IRN", "Iran", "Iranian", "Tehran", "Iranians"),
    _country("NPL", "Nepal", "Nepali", "Kathmandu", "Nepalese", "Gorkha", "Lamjung"),
)
COUNTRY = {c.iso3: c for c in COUNTRIES}
CAPITAL_COUNTRY = {c.capital: c.iso3 for c in COUNTRIES}
PER: ActorKind = "person"
ORG: ActorKind = "organisation"

# (key, canonical name, kind, country, intros, shorts, descs, label); forms are templates, so a form
# that names another actor ("{imf.l} chief …") records that actor too.
_Forms = tuple[str, ...]
_ACTORS: tuple[tuple[str, str, ActorKind, str | None, _Forms, _Forms, _Forms, str], ...] = (
    ("putin", "Vladimir Putin", PER, "RUS", ("Russian President Vladimir Putin", "President Vladimir Putin"),
     ("Putin",), ("the Russian president", "the Russian leader"), ""),
    ("kim", "Kim Jong Un", PER, "PRK",
     ("North Korean leader Kim Jong Un", "the North Korean leader Kim Jong Un"), ("Kim",),
     ("the North Korean leader",), ""),
    ("lavrov", "Sergei Lavrov", PER, "RUS",
     ("Russian Foreign Minister Sergei Lavrov", "Foreign Minister Sergei Lavrov"), ("Lavrov",),
     ("Russia's top diplomat",), ""),
    ("choe", "Choe Son Hui", PER, "PRK",
     ("North Korean Foreign Minister Choe Son Hui", "Foreign Minister Choe Son Hui"), ("Choe",),
     ("North Korea's foreign minister",), ""),
    ("peskov", "Dmitry Peskov", PER, "RUS", ("{kremlin.l} spokesman Dmitry Peskov",), ("Peskov",),
     ("the {kremlin.l} spokesman",), ""),
    ("shoigu", "Sergei Shoigu", PER, "RUS", ("Russian Security Council Secretary Sergei Shoigu",),
     ("Shoigu",), (), ""),
    ("zelensky", "Volodymyr Zelensky", PER, "UKR", ("Ukrainian President Volodymyr Zelensky",), ("Zelensky",),
     ("the Ukrainian president",), ""),
    ("rutte", "Mark Rutte", PER, "NLD", ("{nato.l} Secretary-General Mark Rutte",), ("Rutte",),
     ("the {nato.l} chief",), ""),
    ("guterres", "António Guterres", PER, "PRT", ("{un.l} Secretary-General António Guterres",),
     ("Guterres",), ("the {un.l} chief",), ""),
    ("trump", "Donald Trump", PER, "USA", ("U.S. President Donald Trump", "President Donald Trump"),
     ("Trump",), ("the U.S. president",), ""),
    ("xi", "Xi Jinping", PER, "CHN", ("Chinese President Xi Jinping", "President Xi Jinping"), ("Xi",),
     ("the Chinese leader",), ""),
    ("greer", "Jamieson Greer", PER, "USA",
     ("U.S. Trade Representative Jamieson Greer", "Trade Representative Jamieson Greer"), ("Greer",),
     ("Washington's chief trade negotiator",), ""),
    ("bessent", "Scott Bessent", PER, "USA",
     ("U.S. Treasury Secretary Scott Bessent", "Treasury Secretary Scott Bessent"), ("Bessent",), (), ""),
    ("he_lifeng", "He Lifeng", PER, "CHN", ("Chinese Vice Premier He Lifeng", "Vice Premier He Lifeng"),
     ("He Lifeng",), ("Beijing's chief economic envoy",), ""),
    ("wang_wentao", "Wang Wentao", PER, "CHN",
     ("Chinese Commerce Minister Wang Wentao", "Commerce Minister Wang Wentao"), ("Wang",), (), ""),
    ("kallas", "Kaja Kallas", PER, "EST", ("{eu.l} foreign policy chief Kaja Kallas",), ("Kallas",),
     ("the {eu.l}'s top diplomat",), ""),
    ("von_der_leyen", "Ursula von der Leyen", PER, "DEU", ("{commission.l} President Ursula von der Leyen",),
     ("von der Leyen",), ("the {commission.l} president",), ""),
    ("araghchi", "Abbas Araghchi", PER, "IRN",
     ("Iranian Foreign Minister Abbas Araghchi", "Foreign Minister Abbas Araghchi"), ("Araghchi",),
     ("Iran's top diplomat",), ""),
    ("pezeshkian", "Masoud Pezeshkian", PER, "IRN",
     ("Iranian President Masoud Pezeshkian", "President Masoud Pezeshkian"), ("Pezeshkian",),
     ("the Iranian president",), ""),
    ("grossi", "Rafael Grossi", PER, "ARG",
     ("{iaea.l} Director General Rafael Grossi", "{iaea.l} chief Rafael Grossi"), ("Grossi",), (), ""),
    ("carney", "Mark Carney", PER, "CAN", ("Prime Minister Mark Carney", "{liberals.l} leader Mark Carney"),
     ("Carney",), ("the prime minister",), ""),
    ("poilievre", "Pierre Poilievre", PER, "CAN", ("{conservatives.l} leader Pierre Poilievre",),
     ("Poilievre",), ("the opposition leader",), ""),
    ("blanchet", "Yves-François Blanchet", PER, "CAN", ("{bloc.l} leader Yves-François Blanchet",),
     ("Blanchet",), (), ""),
    ("ruto", "William Ruto", PER, "KEN", ("Kenyan President William Ruto", "President William Ruto"),
     ("Ruto",), ("the Kenyan president",), ""),
    ("georgieva", "Kristalina Georgieva", PER, "BGR",
     ("{imf.l} Managing Director Kristalina Georgieva", "{imf.l} chief Kristalina Georgieva"), ("Georgieva",),
     ("the {imf.l} chief",), ""),
    ("mbadi", "John Mbadi", PER, "KEN",
     ("Treasury Cabinet Secretary John Mbadi", "Kenyan Treasury chief John Mbadi"), ("Mbadi",), (), ""),
    ("modi", "Narendra Modi", PER, "IND",
     ("Indian Prime Minister Narendra Modi", "Prime Minister Narendra Modi"), ("Modi",),
     ("the Indian prime minister",), ""),
    ("tedros", "Tedros Adhanom Ghebreyesus", PER, "ETH",
     ("{who.l} Director-General Tedros Adhanom Ghebreyesus",), ("Tedros",), ("the {who.l} chief",), ""),
    ("kremlin", "Kremlin", ORG, "RUS", ("the Kremlin",), ("the Kremlin",), (), "Kremlin"),
    ("kcna", "Korean Central News Agency", ORG, "PRK",
     ("North Korea's state news agency KCNA", "the state-run Korean Central News Agency"), ("KCNA",), (),
     "KCNA"),
    ("rus_mfa", "Ministry of Foreign Affairs of Russia", ORG, "RUS", ("the Russian Foreign Ministry",),
     ("the Russian Foreign Ministry",), (), "Russian Foreign Ministry"),
    ("un", "United Nations", ORG, None, ("the United Nations",), ("the UN",), (), "UN"),
    ("unsc", "UN Security Council", ORG, None, ("the {un.l} Security Council",), ("the Security Council",),
     (), "{un.l} Security Council"),
    ("nato", "NATO", ORG, None, ("NATO", "the NATO military alliance"), ("NATO",), ("the alliance",), "NATO"),
    ("eu", "European Union", ORG, None, ("the European Union",), ("the EU",), ("the bloc",), "EU"),
    ("commission", "European Commission", ORG, None, ("the European Commission",), ("the Commission",), (),
     "European Commission"),
    ("state_dept", "U.S. State Department", ORG, "USA", ("the U.S. State Department",),
     ("the State Department",), (), "State Department"),
    ("white_house", "White House", ORG, "USA", ("the White House",), ("the White House",), (), "White House"),
    ("unification", "Ministry of Unification", ORG, "KOR", ("South Korea's Unification Ministry",),
     ("the Unification Ministry",), (), "Unification Ministry"),
    ("iaea", "International Atomic Energy Agency", ORG, None, ("the International Atomic Energy Agency",),
     ("the IAEA",), ("the agency",), "IAEA"),
    ("irgc", "Islamic Revolutionary Guard Corps", ORG, "IRN", ("Iran's Islamic Revolutionary Guard Corps",),
     ("the Revolutionary Guards",), (), "Revolutionary Guards"),
    ("fcdo", "Foreign, Commonwealth and Development Office", ORG, "GBR", ("Britain's Foreign Office",),
     ("the Foreign Office",), (), "Foreign Office"),
    ("us_treasury", "U.S. Department of the Treasury", ORG, "USA", ("the U.S. Treasury Department",),
     ("the Treasury Department",), (), "Treasury Department"),
    ("mofcom", "Chinese Ministry of Commerce", ORG, "CHN",
     ("China's Commerce Ministry", "the Chinese Commerce Ministry"), ("the Commerce Ministry",), (),
     "Commerce Ministry"),
    ("wto", "World Trade Organization", ORG, None, ("the World Trade Organization",), ("the WTO",), (),
     "WTO"),
    ("elections_canada", "Elections Canada", ORG, "CAN", ("Elections Canada",), ("Elections Canada",), (),
     "Elections Canada"),
    ("liberals", "Liberal Party of Canada", ORG, "CAN", ("the Liberal Party",), ("the Liberals",), (),
     "Liberal"),
    ("conservatives", "Conservative Party of Canada", ORG, "CAN", ("the Conservative Party",),
     ("the Conservatives",), (), "Conservative"),
    ("ndp", "New Democratic Party", ORG, "CAN", ("the New Democratic Party",), ("the NDP",), (), "NDP"),
    ("bloc", "Bloc Québécois", ORG, "CAN", ("the Bloc Québécois",), ("the Bloc",), (), "Bloc Québécois"),
    ("ndrrma", "National Disaster Risk Reduction and Management Authority", ORG, "NPL",
     ("Nepal's National Disaster Risk Reduction and Management Authority",), ("the NDRRMA",), (), "NDRRMA"),
    ("nepal_army", "Nepali Army", ORG, "NPL", ("the Nepali Army",), ("the army",), (), "Nepali Army"),
    ("usgs", "U.S. Geological Survey", ORG, "USA", ("the U.S. Geological Survey",), ("the USGS",), (),
     "USGS"),
    ("ocha", "UN Office for the Coordination of Humanitarian Affairs", ORG, None,
     ("the {un.l} Office for the Coordination of Humanitarian Affairs",), ("OCHA",), (), "OCHA"),
    ("wfp", "World Food Programme", ORG, None, ("the World Food Programme",), ("the WFP",), (), "WFP"),
    ("ifrc", "International Federation of Red Cross and Red Crescent Societies", ORG, None,
     ("the International Federation of Red Cross and Red Crescent Societies",), ("the IFRC",), (), "IFRC"),
    ("who", "World Health Organization", ORG, None, ("the World Health Organization",), ("the WHO",), (),
     "WHO"),
    ("imf", "International Monetary Fund", ORG, None, ("the International Monetary Fund",), ("the IMF",),
     ("the Fund",), "IMF"),
    ("world_bank", "World Bank", ORG, None, ("the World Bank",), ("the World Bank",), (), "World Bank"),
    ("kenya_treasury", "National Treasury of Kenya", ORG, "KEN", ("Kenya's National Treasury",),
     ("the National Treasury",), (), "National Treasury"),
    ("fifa", "FIFA", ORG, None, ("FIFA", "world football's governing body FIFA"), ("FIFA",), (), "FIFA"),
    ("ioc", "International Olympic Committee", ORG, None, ("the International Olympic Committee",),
     ("the IOC",), (), "IOC"),
    ("world_athletics", "World Athletics", ORG, None, ("World Athletics",), ("World Athletics",), (),
     "World Athletics"),
    ("unesco", "UNESCO", ORG, None, ("the {un.l} cultural agency UNESCO", "UNESCO"), ("UNESCO",), (),
     "UNESCO"),
    ("ipcc", "Intergovernmental Panel on Climate Change", ORG, None,
     ("the Intergovernmental Panel on Climate Change",), ("the IPCC",), (), "IPCC"),
    ("wmo", "World Meteorological Organization", ORG, None, ("the World Meteorological Organization",),
     ("the WMO",), (), "WMO"),
    # central banks (background economy)
    ("boe", "Bank of England", ORG, "GBR", ("the Bank of England",), ("the Bank of England",), (),
     "Bank of England"),
    ("fed", "Federal Reserve", ORG, "USA", ("the U.S. Federal Reserve", "the Federal Reserve"), ("the Fed",),
     (), "Federal Reserve"),
    ("ecb", "European Central Bank", ORG, None, ("the European Central Bank",), ("the ECB",), (), "ECB"),
    ("rbi", "Reserve Bank of India", ORG, "IND", ("the Reserve Bank of India",), ("the RBI",), (), "RBI"),
    ("boj", "Bank of Japan", ORG, "JPN", ("the Bank of Japan",), ("the BOJ",), (), "BOJ"),
    ("bok", "Bank of Korea", ORG, "KOR", ("the Bank of Korea",), ("the BOK",), (), "BOK"),
    ("rba", "Reserve Bank of Australia", ORG, "AUS", ("the Reserve Bank of Australia",), ("the RBA",), (),
     "RBA"),
    ("sarb", "South African Reserve Bank", ORG, "ZAF", ("the South African Reserve Bank",), ("the SARB",), (),
     "SARB"),
    ("cbn", "Central Bank of Nigeria", ORG, "NGA", ("the Central Bank of Nigeria",), ("the CBN",), (), "CBN"),
    ("bcb", "Central Bank of Brazil", ORG, "BRA", ("the Central Bank of Brazil",), ("the central bank",), (),
     "Central Bank of Brazil"),
    ("nbu", "National Bank of Ukraine", ORG, "UKR", ("the National Bank of Ukraine",), ("the NBU",), (),
     "NBU"),
    ("boc", "Bank of Canada", ORG, "CAN", ("the Bank of Canada",), ("the Bank of Canada",), (),
     "Bank of Canada"),
    ("cbk", "Central Bank of Kenya", ORG, "KEN", ("the Central Bank of Kenya",), ("the CBK",), (), "CBK"),
    # invented companies (background technology)
    ("brightwater", "Brightwater Analytics", ORG, "GBR", ("Brightwater Analytics",), ("Brightwater",), (),
     ""),
    ("quillon", "Quillon Systems", ORG, "USA", ("Quillon Systems",), ("Quillon",), (), ""),
    ("ostwind", "Ostwind Software", ORG, "DEU", ("Ostwind Software",), ("Ostwind",), (), ""),
    ("lumivelle", "Lumivelle", ORG, "FRA", ("the software group Lumivelle",), ("Lumivelle",), (),
     "Lumivelle"),
    ("tarangi", "Tarangi Cloud", ORG, "IND", ("Tarangi Cloud",), ("Tarangi",), (), ""),
    ("veradyne", "Veradyne Robotics", ORG, "JPN", ("Veradyne Robotics",), ("Veradyne",), (), ""),
    ("sorell", "Sorell Micro", ORG, "KOR", ("chipmaker Sorell Micro",), ("Sorell",), (), ""),
    ("coralbay", "Coralbay Networks", ORG, "AUS", ("Coralbay Networks",), ("Coralbay",), (), ""),
    ("marula", "Marula Digital", ORG, "ZAF", ("Marula Digital",), ("Marula",), (), ""),
    ("okapi", "Okapi Pay", ORG, "NGA", ("the payments start-up Okapi Pay",), ("Okapi",), (), "Okapi Pay"),
    ("ipeyo", "Ipeyo Digital", ORG, "BRA", ("Ipeyo Digital",), ("Ipeyo",), (), ""),
    ("stepove", "Stepove Labs", ORG, "UKR", ("Stepove Labs",), ("Stepove",), (), ""),
    ("northgrain", "Northgrain AI", ORG, "CAN", ("Northgrain AI",), ("Northgrain",), (), ""),
    ("kiboko", "Kiboko Pay", ORG, "KEN", ("the mobile-money firm Kiboko Pay",), ("Kiboko",), (),
     "Kiboko Pay"),
)

# Invented research bodies and the invented experts who work there: (key, name, country, intro).
_INSTITUTES: tuple[tuple[str, str, str, str], ...] = (
    ("aldermoor", "Aldermoor Institute", "GBR", "the Aldermoor Institute"),
    ("ravensworth", "Ravensworth Center for Strategic Affairs", "USA",
     "the Ravensworth Center for Strategic Affairs"),
    ("kisaragi", "Kisaragi Policy Forum", "JPN", "the Kisaragi Policy Forum"),
    ("hanbit", "Hanbit Institute for Peninsula Studies", "KOR", "the Hanbit Institute for Peninsula Studies"),
    ("castellane", "Castellane Economics", "FRA", "the consultancy Castellane Economics"),
    ("pemberton", "Pemberton Research", "GBR", "Pemberton Research"),
    ("tidewater", "Tidewater Capital", "USA", "Tidewater Capital"),
    ("kilele", "Kilele Economic Forum", "KEN", "the Kilele Economic Forum"),
    ("ashgrove", "Ashgrove Partners", "AUS", "Ashgrove Partners"),
    ("northline", "Northline Research", "CAN", "the polling firm Northline Research"),
    ("everline", "Everline Relief", "GBR", "the charity Everline Relief"),
    ("himal", "Himal Research Centre", "NPL", "the Himal Research Centre"),
    ("ostara", "Ostara Health Institute", "DEU", "the Ostara Health Institute"),
    ("kaveri", "Kaveri Public Health Foundation", "IND", "the Kaveri Public Health Foundation"),
    ("solsticia", "Solsticia Climate Institute", "FRA", "the Solsticia Climate Institute"),
    ("koru", "Koru Earth Observatory", "AUS", "the Koru Earth Observatory"),
    ("brenmark", "Brenmark Technology Institute", "USA", "the Brenmark Technology Institute"),
    ("tallis", "Tallis Digital Lab", "GBR", "the Tallis Digital Lab"),
    ("arden", "Arden Review", "GBR", "the literary magazine Arden Review"),
    ("kelso", "Kelso Sports Analytics", "GBR", "Kelso Sports Analytics"),
    ("ventura", "Instituto Ventura", "BRA", "the Instituto Ventura"),
    ("akoko", "Akoko Policy Centre", "NGA", "the Akoko Policy Centre"),
)

# (key, name, short, country, domain, intro template)
_EXPERTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("whitfield", "Dana Whitfield", "Whitfield", "GBR", "security",
     "a senior fellow at {aldermoor.f} in London"),
    ("halvorsen", "Erik Halvorsen", "Halvorsen", "USA", "security",
     "a former diplomat now at {ravensworth.f}"),
    ("tanabe", "Hiroko Tanabe", "Tanabe", "JPN", "security", "a researcher at {kisaragi.f} in Tokyo"),
    ("park_jiwon", "Park Ji-won", "Park", "KOR", "security", "a professor at {hanbit.f}"),
    ("marchal", "Elodie Marchal", "Marchal", "FRA", "economy", "chief economist at {castellane.f}"),
    ("roderick", "Nathan Roderick", "Roderick", "GBR", "economy", "an analyst at {pemberton.f}"),
    ("santoro", "Lena Santoro", "Santoro", "USA", "economy", "head of research at {tidewater.f}"),
    ("wekesa", "Amina Wekesa", "Wekesa", "KEN", "economy", "a fellow at {kilele.f} in Nairobi"),
    ("cardwell", "Owen Cardwell", "Cardwell", "AUS", "economy", "a partner at {ashgrove.f}"),
    ("adebayo", "Tunde Adebayo", "Adebayo", "NGA", "economy", "director of {akoko.f}"),
    ("beaumont", "Claire Beaumont", "Beaumont", "CAN", "politics", "vice-president of {northline.f}"),
    ("mcallister", "Ross McAllister", "McAllister", "CAN", "politics",
     "a political scientist who advises {northline.f}"),
    ("lindahl", "Sophie Lindahl", "Lindahl", "GBR", "humanitarian", "emergencies director at {everline.f}"),
    ("shrestha", "Bimala Shrestha", "Shrestha", "NPL", "humanitarian",
     "a seismologist at {himal.f} in Kathmandu"),
    ("brenner", "Lukas Brenner", "Brenner", "DEU", "health", "an epidemiologist at {ostara.f}"),
    ("raghunathan", "Priya Raghunathan", "Raghunathan", "IND", "health", "a senior adviser at {kaveri.f}"),
    ("verdier", "Mathilde Verdier", "Verdier", "FRA", "climate", "a climate scientist at {solsticia.f}"),
    ("hartigan", "Callum Hartigan", "Hartigan", "AUS", "climate", "a researcher at {koru.f}"),
    ("okonkwo", "Ifeoma Okonkwo", "Okonkwo", "NGA", "tech", "a fellow at {brenmark.f}"),
    ("ashby", "Martin Ashby", "Ashby", "GBR", "tech", "director of {tallis.f}"),
    ("ferreira", "Isabel Ferreira", "Ferreira", "BRA", "culture", "a curator and critic at {ventura.f}"),
    ("quayle", "Harriet Quayle", "Quayle", "GBR", "culture", "the editor of {arden.f}"),
    ("dunmore", "Felix Dunmore", "Dunmore", "GBR", "sport", "a performance analyst at {kelso.f}"),
    ("mokoena", "Thandiwe Mokoena", "Mokoena", "ZAF", "sport",
     "a former international who now works for {kelso.f}"),
)


def _build_cast() -> dict[str, CastMember]:
    cast: dict[str, CastMember] = {}
    for key, name, kind, country, intros, shorts, descs, label in _ACTORS:
        cast[key] = CastMember(key, name, kind, country, intros, shorts, descs, label or shorts[0])
    for key, name, country, intro in _INSTITUTES:
        cast[key] = CastMember(key, name, ORG, country, (intro,), (intro,), (), name)
    for key, name, short, country, domain, role in _EXPERTS:
        cast[key] = CastMember(key, name, PER, country, (f"{name}, {role}",), (short,), (), short, domain)
    return cast


CAST: dict[str, CastMember] = _build_cast()
EXPERTS_BY_DOMAIN: dict[str, tuple[str, ...]] = {
    domain: tuple(k for k, *_, d, _r in _EXPERTS if d == domain) for domain in {e[4] for e in _EXPERTS}
}


def _lexicon() -> dict[str, str]:
    forms = {form: c.iso3 for c in COUNTRIES for form in c.forms}
    forms.update({c.capital.upper(): c.iso3 for c in COUNTRIES})  # datelines print capitals in capitals
    return forms


COUNTRY_FORMS: dict[str, str] = _lexicon()
_COUNTRY_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(f) for f in sorted(COUNTRY_FORMS, key=len, reverse=True)) + r")(?!\w)"
)


def scan_countries(text: str) -> frozenset[str]:
    """ISO3 codes of every country form printed in ``text`` (the generator's own lexicon)."""
    return frozenset(COUNTRY_FORMS[m.group(1)] for m in _COUNTRY_RE.finditer(text))


FIRST_NAMES: tuple[str, ...] = (
    "Alice", "Tomas", "Nadia", "Samuel", "Yuki", "Hannah", "Kwame", "Leila", "Oliver", "Ana", "Mikhail",
    "Chloe", "Ravi", "Ingrid", "Daniel", "Fatima", "Jun", "Marta", "Patrick", "Zanele", "Lucas", "Ewa",
    "Kofi", "Rosa", "Henrik", "Mei", "Arjun", "Bianca", "Femi", "Greta", "Sung-min", "Irene", "Malik",
)
LAST_NAMES: tuple[str, ...] = (
    "Hargreaves", "Novak", "Okoye", "Lindqvist", "Tamura", "Brennan", "Mensah", "Castillo", "Petrenko",
    "Holloway", "Achterberg", "Nakamura", "Oduya", "Sorensen", "Vasquez", "Whitlock", "Kariuki", "Moreau",
    "Lehmann", "Iyer", "Dlamini", "Carvalho", "Kowalczyk", "Fairbairn", "Seo", "Adeyemi", "Rourke", "Halim",
)
