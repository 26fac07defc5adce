"""Country detection: alias table validity, matching mechanics and every ambiguity rule, both sides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.countries import (
    DEFAULT_PATH,
    KINDS,
    CountryMention,
    Gazetteer,
    count_countries,
    load_gazetteer,
    read_rows,
)

SEED = (
    Path(
        os.environ.get("MEDIAMON_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
    ).parent
    / "seed"
)
USER_ASSIGNED = {"XKX"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def isos(gazetteer: Gazetteer, text: str) -> set[str]:
    return {mention.iso3 for mention in gazetteer.find(text)}


def check(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    assert isos(gazetteer, text) == expected, [(m.surface, m.iso3) for m in gazetteer.find(text)]


# --- the table -------------------------------------------------------------------------------------------


def test_every_code_is_an_iso_alpha3_code_or_kosovo() -> None:
    pycountry = pytest.importorskip("pycountry")
    known = {country.alpha_3 for country in pycountry.countries} | USER_ASSIGNED
    assert {row.iso3 for row in read_rows(DEFAULT_PATH)} <= known


def test_table_covers_every_kind_and_the_required_codes() -> None:
    rows = read_rows(DEFAULT_PATH)
    assert {row.kind for row in rows} == KINDS
    assert {"XKX", "PSE", "USA", "GBR", "PRK", "KOR"} <= {row.iso3 for row in rows}
    assert len({(row.iso3, row.surface, row.kind) for row in rows}) == len(rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("FRA\tFrance\tcity\t", "bad row"),
        ("FRA\tFrance\tname\tmaybe", "bad row"),
        ("fr\tFrance\tname\t", "bad row"),
        ("FRA\tFrance\tname", "expected 4"),
    ],
)
def test_loader_rejects_unknown_kinds_flags_and_codes(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "countries.tsv"
    path.write_text("# comment\niso3\tsurface\tkind\tflags\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_gazetteer(path)


def test_a_custom_table_is_used_when_given(tmp_path: Path) -> None:
    path = tmp_path / "countries.tsv"
    path.write_text("ATL\tAtlantis\tname\t\nATL\tAtlantean\tdemonym\t\n", encoding="utf-8")
    found = load_gazetteer(path).find("Atlantean divers reached Atlantis.")
    assert found == [
        CountryMention("ATL", 0, 9, "Atlantean", "demonym"),
        CountryMention("ATL", 25, 33, "Atlantis", "name"),
    ]


# --- mechanics -------------------------------------------------------------------------------------------

LONGEST_MATCH = [
    ("North Korean troops crossed the border.", {"PRK"}),
    ("South Sudan's president flew out.", {"SSD"}),
    ("Talks between Sudan and South Sudan stalled.", {"SDN", "SSD"}),
    ("South Sudanese refugees fled north.", {"SSD"}),
    ("Papua New Guinea held elections.", {"PNG"}),
    ("Equatorial Guinea exports oil.", {"GNQ"}),
    ("Guinea-Bissau and Guinea Bissau are spelled both ways.", {"GNB"}),
    ("The island of New Guinea is vast.", set()),
    ("The Dominican Republic and Dominica are neighbours.", {"DOM", "DMA"}),
    ("Niger borders Nigeria.", {"NER", "NGA"}),
    ("Northern Ireland votes while Ireland watches.", {"GBR", "IRL"}),
    ("American Samoa sent a delegate.", {"ASM"}),
    ("The British Virgin Islands and the U.S. Virgin Islands are close.", {"VGB", "VIR"}),
    ("The Democratic Republic of the Congo and the Republic of the Congo share a river.", {"COD", "COG"}),
    ("The People's Republic of China and the Republic of China disagree.", {"CHN", "TWN"}),
    ("A Sino-Russian exercise began.", {"RUS"}),
    ("Tourists love the Turks and Caicos.", {"TCA"}),
    ("Mexico City is larger than most of Mexico's states.", {"MEX"}),
    ("New Delhi responded.", {"IND"}),
]

POSSESSIVES_AND_APOSTROPHES = [
    ("Russia's economy slowed.", {"RUS"}),
    ("The Kremlin’s spokesman declined to comment.", {"RUS"}),
    ("Ukraine’s army advanced.", {"UKR"}),
    ("The Democratic People’s Republic of Korea responded.", {"PRK"}),
    ("Cocoa from Côte d’Ivoire and Cote d'Ivoire is the same cocoa.", {"CIV"}),
    ("Troops left N’Djamena.", {"TCD"}),
    ("The Netherlands' ports reopened.", {"NLD"}),
]

CASE = [
    ("The US said it would respond.", {"USA"}),
    ("Please join us for dinner.", set()),
    ("A US-led coalition formed.", {"USA"}),
    ("The U.S. Treasury acted.", {"USA"}),
    ("Officials in the UK agreed.", {"GBR"}),
    ("Visit our uk office page.", set()),
    ("TURKEY AND RUSSIA SIGN DEAL", {"TUR", "RUS"}),
    ("We ate turkey and drank from fine china.", set()),
    ("The king of eSwatini and the people of Eswatini.", {"SWZ"}),
    ("USAID funding was cut.", set()),
    ("Kenya took a US$5 billion loan.", {"KEN", "USA"}),  # a currency names its country, as guidelines say
    ("Kenya took a U.S.$5 billion loan.", {"KEN", "USA"}),
    ("The DPRK and the ROK met.", {"PRK", "KOR"}),
    ("The usa.gov site is down.", set()),
]

DEMONYMS = [
    ("Emirati officials met their Qatari counterparts.", {"ARE", "QAT"}),
    ("North Korean soldiers were seen.", {"PRK"}),
    ("Ukrainian drones struck a depot.", {"UKR"}),
    ("Filipino fishermen protested.", {"PHL"}),
    ("Britons and Iraqis and Saudis travelled.", {"GBR", "IRQ", "SAU"}),
    ("The Dutch coalition collapsed.", {"NLD"}),
    ("The Russian president spoke.", {"RUS"}),
    ("Nigerien and Nigerian officials met.", {"NER", "NGA"}),
    ("Palestinian and Israeli negotiators met.", {"PSE", "ISR"}),
    ("The Dane's agent flew in.", {"DNK"}),
]

METONYMS = [
    ("The Kremlin said talks would continue.", {"RUS"}),
    ("The White House declined to comment.", {"USA"}),
    ("Downing Street and Whitehall disagreed.", {"GBR"}),
    ("Decisions are made in Zhongnanhai.", {"CHN"}),
    ("The Élysée and the Elysee Palace issued a note.", {"FRA"}),
    ("The Blue House confirmed the summit.", {"KOR"}),
    ("The White House clashed with Capitol Hill.", {"USA"}),
    ("They painted a blue house and a white house.", set()),
    ("Moscow has increasingly invoked the treaty.", {"RUS"}),
    ("Beijing, Seoul and Pyongyang reacted.", {"CHN", "KOR", "PRK"}),
    ("Kyiv and Kiev are the same city.", {"UKR"}),
]

NOT_COUNTRIES: list[tuple[str, set[str]]] = [
    ("The West imposed Western sanctions.", set()),
    ("NATO and the EU met in Europe.", set()),
    ("The European Union expanded.", set()),
    ("Tensions rose across the Indo-Pacific.", set()),
    ("Congress passed the bill.", set()),
    ("The Organization of American States met.", set()),
    ("Latin America and the Americas grew.", set()),
    ("South American and Latin Americans voters.", set()),
    ("The Middle East and Asia are regions.", set()),
    ("Ships crossed the South China Sea and the Indian Ocean into the Gulf of Guinea.", set()),
    ("Rossiiskaya Gazeta published a clip.", set()),
    # buildings standing for one agency are organisations (labelling guidelines): not countries
    ("The Pentagon and the State Department disagreed; Foggy Bottom won.", set()),
    # named legislatures are organisations (labelling guidelines), with the country in the actor table
    ("Lawmakers in the Knesset and the Bundestag voted.", set()),
    ("The Duma passed the bill; the State Duma's speaker spoke.", set()),
    ("The Verkhovna Rada, the Sejm, the Riksdag, the Storting and the Folketing met.", set()),
    ("The Dáil, the Dail and the Oireachtas sat; the Lok Sabha and the Rajya Sabha adjourned.", set()),
]

VARIANTS = [
    ("Ivory Coast and Côte d'Ivoire", {"CIV"}),
    ("Czechia, formerly the Czech Republic", {"CZE"}),
    ("Burma, also called Myanmar", {"MMR"}),
    ("Turkey, now Türkiye and Turkiye", {"TUR"}),
    ("Britain, Great Britain and England", {"GBR"}),
    ("Holland and the Netherlands", {"NLD"}),
    ("The DRC, DR Congo and Congo-Kinshasa", {"COD"}),
    ("Congo-Brazzaville", {"COG"}),
    ("America and the United States of America", {"USA"}),
    ("Kosovo and Pristina", {"XKX"}),
    ("Gaza and the West Bank", {"PSE"}),
    ("The State of Palestine", {"PSE"}),
    ("The UAE and the U.A.E.", {"ARE"}),
    ("Swaziland, now eSwatini", {"SWZ"}),
    ("East Timor and Timor-Leste", {"TLS"}),
    ("Cape Verde and Cabo Verde", {"CPV"}),
    ("The Vatican and the Holy See", {"VAT"}),
    ("Hong Kong and Macau", {"HKG", "MAC"}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    LONGEST_MATCH + POSSESSIVES_AND_APOSTROPHES + CASE + DEMONYMS + METONYMS + NOT_COUNTRIES + VARIANTS,
)
def test_matching_mechanics(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    check(gazetteer, text, expected)


def test_offsets_and_surface_are_as_written(gazetteer: Gazetteer) -> None:
    text = "Pyongyang’s envoy met the South Korean minister."
    assert gazetteer.find(text) == [
        CountryMention("PRK", 0, 9, "Pyongyang", "capital"),
        CountryMention("KOR", 26, 38, "South Korean", "demonym"),
    ]


def test_whole_words_only(gazetteer: Gazetteer) -> None:
    check(gazetteer, "Omani and Romania, not Oman inside Romanians or woman or Iranistan.", {"OMN", "ROU"})
    check(gazetteer, "Chinatown, Indiana Jones, Malibu and Perugia.", set())


# --- ambiguity rules, both sides ---------------------------------------------------------------------------

GEORGIA = [
    ("Georgia's parliament passed a foreign agents law.", {"GEO"}),  # no cue: the country (documented)
    ("Protesters in Tbilisi, Georgia, blocked the avenue.", {"GEO"}),
    ("Russia fought Georgia over South Ossetia in 2008.", {"RUS", "GEO"}),
    ("Georgian Dream won; Georgia's opposition cried foul.", {"GEO"}),
    ("Georgia's governor signed the bill in Atlanta.", set()),
    ("Voters in Georgia and Arizona will decide the Senate.", set()),
    ("The factory in Georgia, U.S., will hire 900 people.", {"USA"}),  # "U.S." itself counts
    ("Georgia Tech beat Clemson; Georgia celebrated.", set()),
    ("University of Georgia researchers found the bug.", set()),
    ("Georgia, the Peach State, grows peaches.", set()),
    ("Polls closed in Georgia's Fulton County.", set()),
    ("Georgia O'Keeffe painted flowers.", set()),
    ("He grew up in Athens, Georgia.", set()),
    ("A Georgia state senator from Macon spoke.", set()),
    ("Tbilisi and Atlanta signed a sister-city deal; Georgia welcomed it.", {"GEO"}),
    ("A Georgia judge sentenced the gunman.", set()),
    ("She sang Georgia on My Mind.", set()),
    ("The Georgian government and Georgian troops", {"GEO"}),
]

PEOPLE = [
    ("Michael Jordan won six titles.", set()),
    ("Jordan Peterson gave a lecture.", set()),
    ("Jordan Bardella leads the National Rally in France.", {"FRA"}),
    ("King Abdullah of Jordan met the envoy.", {"JOR"}),
    ("Jordan closed its border with Syria.", {"JOR", "SYR"}),
    ("Jordan said it would reopen the crossing.", {"JOR"}),
    ("Eddie Jordan was hired. Owners think highly of Jordan.", set()),
    ("Michael Jordan retired; refugees in Jordan waited.", {"JOR"}),
    ("In Jordan, refugees waited.", {"JOR"}),
    ("Rep. Jim Jordan questioned the witness. Later Jordan said he was satisfied.", set()),
    ("Mr. Jordan declined to comment.", set()),
    ("Michael Jordan visited Amman. Jordan hopes for tourists.", {"JOR"}),
    ("Jordanian troops patrolled the border.", {"JOR"}),
    ("He bought Air Jordan sneakers near the Jordan River.", set()),
    ("Chad Smith drums for the band.", set()),
    ("Chad Smith waved. Chad said the tour would go on.", set()),
    ("Chad's president visited Niger.", {"TCD", "NER"}),
    ("Troops from Chad and Niger patrolled.", {"TCD", "NER"}),
    ("Officials counted hanging chads.", set()),
    ("Tom Holland starred in the film.", set()),
    ("Reserves: B Lima (Samoa), J. Lima (Tonga).", {"WSM", "TON"}),
    ("Lima hosted the summit.", {"PER"}),
    ("Councillor Bob Wellington said rates would rise.", set()),
    ("Holland beat Spain in the final.", {"NLD", "ESP"}),
    ("Jimmy Wales founded the site; the Prince of Wales visited.", {"GBR"}),
    ("Denzel Washington and George Washington are not a capital.", set()),
    ("Sofia Coppola directed it.", set()),
    ("Sofia hosted the summit.", {"BGR"}),
    ("Sofia Coppola filmed in Sofia.", set()),
    ("Paris Hilton and Paris Saint-Germain stayed in the news; Paris protested.", {"FRA"}),
]

PLACES_AND_PHRASES = [
    ("Oil spills in the Niger Delta and along the Niger River hurt Nigeria.", {"NGA"}),
    ("Niger's junta expelled the ambassador.", {"NER"}),
    ("New Mexico and New Mexicans", set()),
    ("Drilling in the Gulf of Mexico resumed.", set()),
    ("Mexico's president spoke.", {"MEX"}),
    ("A guinea pig and a Guinea pig escaped.", set()),
    ("Guinea's junta set a date.", {"GIN"}),
    ("We ate roast turkey and a Turkey sandwich at the Thanksgiving Turkey trot.", set()),
    ("He quit cold turkey.", set()),
    ("Turkey's parliament approved Sweden's bid.", {"TUR", "SWE"}),
    ("Turkish drones were sold.", {"TUR"}),
    ("Washington imposed sanctions on Moscow.", {"USA", "RUS"}),
    ("Officials in Washington, D.C., met; Washington said no.", {"USA"}),
    ("A concert in Moscow and a summit at Beijing.", set()),
    ("Sanctions on Moscow hurt; ties to Beijing grew.", {"RUS", "CHN"}),
    ("The Washington Post reported from Washington state.", set()),
    ("The Washington Commanders won.", set()),
    ("He moved to Seattle, Washington.", set()),
    ("Real Madrid beat Dynamo Moscow.", set()),
    ("She studied in Moscow, Idaho, and Paris, Texas.", set()),
    ("He lives in Lebanon, Pa., and works in Peru, Ind.", set()),  # any name before an AP-style state
    ("Trade with Mexico, Texas and California grew.", {"MEX"}),
    ("Scotland Yard said Scotland would be told.", {"GBR"}),
    ("Fire hit a shop in Wellington, Somerset.", set()),
    ("Rum from Havana Club and a concert in Havana", set()),
    ("Havana Club rum sold well, and Havana protested.", {"CUB"}),
    ("Madrid and Rome agreed.", {"ESP", "ITA"}),
    ("The Paris Agreement set targets.", set()),
    ("New England, New South Wales and New Jersey", set()),
    ("Jersey and Guernsey", {"JEY", "GGY"}),
]

# A capital or a `place` seat as a location is not the government; as the establishment it is.
TOWNS_AS_PLACES = [
    ("She gave a lecture in Westminster on Tuesday.", set()),
    ("Few in Westminster expect a snap election.", {"GBR"}),
    ("Officials in Washington rejected the offer.", {"USA"}),
    ("The mood in Beijing has hardened.", {"CHN"}),
    ("Staff at the Downing Street briefing were told to wait.", {"GBR"}),
    ("The delegates came to Beijing for the trade fair.", set()),
    ("He flew back from Kabul on Monday.", set()),
    ("The family moved to Tel Aviv last year.", set()),
    ("Tel Aviv has rejected the proposal.", {"ISR"}),
    ("Talks with Ankara resumed.", {"TUR"}),
    ("Moscow warned Kyiv; a reporter then travelled to Moscow.", {"RUS", "UKR"}),
    ("Files about the president's visit to London were found.", set()),
    ("He visited Tehran in May; Tehran denied it.", {"IRN"}),
    ("The London-based fund and the Tokyo Stock Exchange agreed.", set()),
    ("A Dublin court heard that Delhi police had been told.", set()),
    ("Jewels were stolen from a Paris boutique; we fly out to Rome on Thursday.", set()),
    ("Beijing's envoy met White House aides.", {"CHN", "USA"}),
    ("Moscow Warns Kyiv Over Drones", {"RUS", "UKR"}),  # a headline's verb starts no name
    ("US Slams Beijing Over Trade\nThe row deepened.", {"USA", "CHN"}),  # title-case headline
    ("It airs on ITV London; Radio Moscow reported it.", set()),  # a capital ending a name
    ("Officials said Beijing, Seoul and Tokyo agreed.", {"CHN", "KOR", "JPN"}),
    ('Its box office dud "Australia" and the song “America” flopped in Britain.', {"GBR"}),  # titles
    ('He said: "Russia will pay."', {"RUS"}),
    ("Two patients from Inner Mongolia were quarantined.", set()),
    ("Since moving from Colchester to London she trains at home.", set()),  # a route's end
    ("She won gold at the Athens Olympics; Moscow University sent a team.", set()),  # what a city hosts
    ("A posh Paris avenue, a London man and the Kiev fighter", set()),  # roads and people of a city
    ("The Moscow Summit ended; the Beijing Government objected.", {"RUS", "CHN"}),  # still the state
    ("He drove west on American Boulevard past Ukraine Street.", set()),  # roads named by a country
    ("Men held at Belmarsh prison, London, and flats in north London", set()),  # an address, a district
    ("The Beijing News and the Moscow Times reported it.", set()),  # outlets named after a city
    ("Reports came from Ashgabat, Turkmenistan's capital.", {"TKM"}),  # a town placed in its country
    ("The deal angered Tokyo, Beijing, and Seoul.", {"JPN", "CHN", "KOR"}),  # a list is not an address
    ("Footage was shot in Morocco and Rome after the Madrid bomb.", {"MAR"}),  # a locative list, an event
    ("Jewels stolen in the heart of Paris", set()),  # a part of the town
    ("Officials in Washington and Beijing agreed.", {"USA", "CHN"}),  # the establishment, still
    ("Protesters were forced to return to London.", set()),  # "return", as well as "returned"
    ("London's Labour mayor met residents of the London boroughs.", set()),  # what a city's mayor runs
    ("Moscow's troops and Beijing's envoy arrived.", {"RUS", "CHN"}),  # what a government owns
    ("He joined Transport for London and met the Mayor of London.", set()),  # names built with "for" / "of"
    ("Instead of Washington, Beijing will host the talks.", {"USA", "CHN"}),  # an adverb builds no name
    ("It fell. Critics of Moscow say so.", {"RUS"}),  # a sentence's first word builds no name
    ("Markets in north America and Latin America grew.", set()),  # regions, whatever the case
]

KOREA_AND_CONGO = [
    ("Korea's exports rose for a third month.", {"KOR"}),  # no cue: the South (documented)
    ("Pyongyang fired a missile; Korea remains isolated.", {"PRK"}),
    ("Seoul and Pyongyang traded insults over Korea.", {"KOR", "PRK"}),
    ("Korean pop music is popular.", {"KOR"}),
    ("North Korea marked the anniversary of the Korean War.", {"PRK"}),
    ("South Korea marked the anniversary of the Korean War.", {"KOR"}),
    ("The Korean Peninsula is tense.", set()),
    ("Congo's army fought the rebels.", {"COD"}),
    ("In Brazzaville, Congo's president voted.", {"COG"}),
    ("Fishing on the Congo River resumed.", set()),
    ("Dominican baseball players thrive.", {"DOM"}),
]

LANGUAGES = [
    ("The interview was conducted in French.", set()),
    ("She speaks Russian fluently.", set()),
    ("Russian-speaking regions of Ukraine", {"UKR"}),
    ("An English translation was published.", set()),
    ("Subtitles are in English, Spanish and Korean.", set()),
    ("French troops were deployed in French territory.", {"FRA"}),
    ("English football clubs", {"GBR"}),
    ("He spoke in Ukrainian to Ukrainian soldiers.", {"UKR"}),
    ("The menu is in English and Spanish.", set()),
    ("French and German troops", {"FRA", "DEU"}),
    ("She invested in Chinese and Russian companies.", {"CHN", "RUS"}),
    ("Kleopatra, the original Greek spelling, has Arabic words too.", set()),
    ("Native American and American Indian groups met American officials.", {"USA"}),  # ethnic groups
]

# A country word inside an organisation's name names its country (the labelling guidelines); a name built
# on a city or a region does not.
BRANDS = [
    ("American Airlines and Bank of America", {"USA"}),
    ("British Airways flew to British Columbia.", {"GBR"}),
    ("Air France and Qatar Airways", {"FRA", "QAT"}),
    ("The British Museum reopened.", {"GBR"}),
    ("The South China Morning Post and the Times of India", {"IND"}),
    ("The Washington Post and Real Madrid", set()),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    GEORGIA + PEOPLE + PLACES_AND_PHRASES + TOWNS_AS_PLACES + KOREA_AND_CONGO + LANGUAGES + BRANDS,
)
def test_ambiguity_rules(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    check(gazetteer, text, expected)


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("The bank serves Nairobi and Mombasa in Kenya.", ["Kenya"]),
        ("New offices on Lima in Peru and on Quito in Ecuador opened.", ["Peru", "Ecuador"]),
        ("Nairobi said Kenya would not pay.", ["Nairobi", "Kenya"]),
    ],
)
def test_a_capital_the_text_places_in_a_country_is_a_location(
    gazetteer: Gazetteer, text: str, surfaces: list[str]
) -> None:
    assert [m.surface for m in gazetteer.find(text)] == surfaces


CURRENCIES = [  # text, countries without currencies, countries by default
    ("China lent US$2bn to Zambia.", {"CHN", "ZMB"}, {"CHN", "ZMB", "USA"}),
    ("The Japanese yen and the Swiss franc rose against US dollars.", set(), {"JPN", "CHE", "USA"}),
    ("Kenya paid in Kenyan shillings.", {"KEN"}, {"KEN"}),  # the country, named as such, still counts
    ("The US won the vote; British exporters gained.", {"USA", "GBR"}, {"USA", "GBR"}),  # no currency
    ("Brazilian real estate and the Japanese economy grew.", {"BRA", "JPN"}, {"BRA", "JPN"}),
]


@pytest.mark.parametrize(("text", "without", "by_default"), CURRENCIES)
def test_currencies_can_be_left_out(
    gazetteer: Gazetteer, text: str, without: set[str], by_default: set[str]
) -> None:
    check(load_gazetteer(currencies=False), text, without)
    check(gazetteer, text, by_default)  # by default a currency names its country, as the labels say


def test_the_currency_setting_reaches_enrichment() -> None:
    pytest.importorskip("spacy")
    from ingest.enrich import load_resources
    from ingest.settings import EnrichSettings

    assert load_resources(EnrichSettings()).gazetteer.currencies
    assert not load_resources(EnrichSettings(currencies=False)).gazetteer.currencies


# --- the example article and scale ------------------------------------------------------------------------


def test_example_article_body_names_exactly_its_countries(gazetteer: Gazetteer) -> None:
    path = SEED / "example-article.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    text = path.read_text(encoding="utf-8")
    body = text[: text.index("Written By Joe Brens") + len("Written By Joe Brens")]
    counts = count_countries(gazetteer.find(body))
    assert set(counts) == {"RUS", "PRK", "UKR", "CHN", "JPN", "KOR", "USA", "GBR"}
    assert counts["PRK"] > counts["UKR"] > counts["USA"] >= counts["GBR"] == 1


def test_count_countries_counts_per_code() -> None:
    mentions = [
        CountryMention("FRA", 0, 6, "France", "name"),
        CountryMention("FRA", 9, 14, "Paris", "capital"),
    ]
    assert count_countries(mentions) == {"FRA": 2}


def test_large_text_counts_every_match(gazetteer: Gazetteer) -> None:
    sentence = (
        "Officials from Moscow and Washington said North Korean envoys met Japan's minister, "
        "while the weather in the region stayed mild and markets were calm. "
    )
    text = sentence * 5_000  # about 750 KB, a thousand articles' worth of prose
    counts = count_countries(gazetteer.find(text))
    assert counts == {"RUS": 5_000, "USA": 5_000, "PRK": 5_000, "JPN": 5_000}
