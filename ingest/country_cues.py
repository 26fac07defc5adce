"""The words around a country name that decide how it is read: US places and state cues, language uses,
locatives and verbs of motion before a town, the name-like words beside it, and headline shapes.

`ingest.countries` applies them; they live here so that the rules stay short and the lists easy to extend.
"""

from __future__ import annotations

import re


def words(text: str) -> list[str]:
    """The whitespace-separated words of a constant list."""
    return text.split()


US_STATES = tuple(
    state.replace("_", " ")
    for state in words(
        """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii
    Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
    Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York North_Carolina
    North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota Tennessee Texas
    Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming"""
    )
)
# Regions after "<capital>, " that make it a town of the same name ("Moscow, Idaho", "Wellington, Somerset").
# Georgia is left out because "Tbilisi, Georgia" is the country.
TOWN_REGIONS = [s for s in US_STATES if s != "Georgia"] + words(
    """Ontario Quebec Alberta Manitoba Saskatchewan Somerset Shropshire Devon Kent Surrey Essex Sussex
    Yorkshire Lancashire Cornwall Dorset Norfolk Suffolk Cumbria Lincolnshire Telford"""
)
# New York and Washington appear in too many foreign stories to be US-state cues.
CUE_STATES = [s for s in US_STATES if s not in {"Georgia", "Washington", "New York"}]
US_TOWN = re.compile(r",\s+(?:" + "|".join(TOWN_REGIONS) + r")\b")
# A US state in AP style after any country name makes it a US town too ("Lebanon, Pa.", "Peru, Ind."): the
# abbreviations never start a list of countries, which full state names can ("Mexico, Texas and ...").
AP_STATES = words(
    """Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss.
    Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. Va. Wash.
    W.Va. Wis. Wyo."""
)
AP_TOWN = re.compile(r",\s+(?:" + "|".join(re.escape(s) for s in AP_STATES) + r")(?!\w)")
# "Georgia judge", "Georgia man": a bare state name used as a modifier is US usage; foreign news writes
# "Georgian judge" for the country.
US_STATE_CUES = re.compile(
    r"\b(?:Atlanta|Savannah|Macon|Peach State|Gwinnett|DeKalb|Raffensperger|Ossoff|Warnock|Brian Kemp"
    r"|Georgia Tech|University of Georgia|Georgia Bulldogs|Georgia State|[A-Z][a-z]+ County|Ga\.(?=[\s,])"
    r"|(?:state|governor|Gov\.) of Georgia|U\.?S\.? state of Georgia|Georgia,? U\.?S\.?"
    r"|Georgia(?:['’]s)? (?:Gov\.|governor|legislature|General Assembly|secretary of state|state senator"
    r"|state representative|House|Senate|Republicans?|Democrats?|GOP|counties|county)"
    r"|Georgia (?:judge|court|jury|prosecutors?|sheriff|police|deputies|man|woman|men|women|teen|teenager|boy"
    r"|girl|couple|family|mother|father|residents?|native|lawmakers?|legislators?|voters|schools?|college|city"
    r"|town|state|senator|congressman|congresswoman|officials?|runoff|primary|pair|band|rapper|duo|peach(?:es)?)"
    r"|" + "|".join(CUE_STATES) + r")(?!\w)"
)
COUNTRY_GEORGIA_CUES = re.compile(
    r"\b(?:Batumi|Kutaisi|South Ossetia|Ossetia|Abkhazia|Caucasus|Georgian Dream|Saakashvili|Ivanishvili"
    r"|Kobakhidze|Zourabichvili|Zurabishvili|Kavelashvili|Garibashvili)\b"
)
LANGUAGE_AFTER = re.compile(
    r"(?:-|\s+)(?:language|speaking|speakers?|translation|translator|subtitles|subtitled|dubbed|dubbing"
    r"|dictionary|lessons|classes|teacher|grammar|version|spellings?|alphabet|script|words?)\b",
    re.IGNORECASE,
)
LANGUAGE_BEFORE = re.compile(
    r"\b(?:(?:speaks?|spoke|speaking|spoken|fluent)(?: in)?|written in|translated (?:in)?to|translated from)"
    r"\s+$",
    re.IGNORECASE,
)
IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
OPEN_QUOTE = re.compile(r"(?:^|\s)[\"“‘]$|``$")
CLOSE_QUOTE = re.compile(r"[.,!?]?(?:[\"”’]|'')")
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
PLACE_BEFORE = re.compile(
    r"\b(?:in|into|across|throughout|inside|visit(?:s|ed|ing)?|(?:King|Queen|Prince|Princess|Kingdom) of)"
    r"\s+$",
    re.IGNORECASE,
)
# A capital after a locative preposition names a place ("a concert in Moscow"), not the government; after
# "the" it modifies a noun ("at the Downing Street meeting", "in the Beijing talks") and stays a metonym.
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|into|inside|near|outside|around|across|throughout|via|through)\s+$", re.IGNORECASE
)
# The preposition carries over a list ("shot in Morocco and Rome"), and a part of the town is a place too
# ("the heart of Paris", "the outskirts of Kabul").
LOCATIVE_LIST_BEFORE = re.compile(
    r"\b(?i:in|at|into|inside|near|outside|around|across|throughout|via|through)\s+(?:[A-Z][\w'’.-]*,?\s+)+"
    r"(?:and|or)\s+$"
)
PART_OF_BEFORE = re.compile(
    r"\b(?:heart|centre|center|outskirts|suburbs|streets|middle|edge|parts?)\s+of\s+$", re.IGNORECASE
)
# ... unless the preposition follows the people or the mood of the establishment: "few in Westminster",
# "officials in Washington", "unease in Beijing" mean the government and its circle, not the town.
ESTABLISHMENT_BEFORE = re.compile(
    r"\b(?:few|many|some|most|those|officials|insiders|politicians|MPs|lawmakers|legislators|policymakers"
    r"|policy-makers|leaders|hardliners|hawks|diplomats|mood|consensus|concern|unease|alarm|anger)\s+$",
    re.IGNORECASE,
)
# A capital reached or left by a verb of motion is a destination: "came to Beijing", "flew back from Kabul".
MOTION_BEFORE = re.compile(
    r"\b(?:c[oa]me|comes|coming|go|goes|going|gone|went|travel(?:l?ed|l?ing|s)?|fl[eo]w|fly|flies|flying"
    r"|fled|flee|moved?|moves|moving|return(?:ed)?|returns|returning|arrived?|arrives|arriving|relocated?"
    r"|head(?:ed|ing|s)?|trips?|journey|flights?|visits?|visited|visiting|tours?)"
    r"\s+(?:(?:back|out|home|off|over|away|on)\s+)?(?:from\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+)?"
    r"(?:to|from)\s+$"
    r"|\bvisit(?:s|ed|ing)?\s+$",
    re.IGNORECASE,
)
# A capital naming something by its city is a place: "London-based", "the Tokyo Stock Exchange", "a Dublin
# court", "Delhi police", "the Paris attacks", "a Kiev fighter". A seat of power stays a metonym ("White
# House aides"), and so does a capital's "side" or "team", which in talks is the government's.
# (NOT_A_NAME: a headline's capitalised verb or date after a capital starts no name: "Moscow Warns Kyiv".)
TOWN_NAMES_AFTER = re.compile(
    r"-(?:based|born|bred|headquartered|listed|registered)\b"
    r"|[ \t]+(?:(?P<name>[A-Z][a-z]+)|(?:court|courts|police|office|offices|attacks?|bombings?|residents?"
    r"|airport|marathon|stock|exchange|museum|zoo|club|mayor|council|boroughs?"
    r"|hospital|university|school|station|metro|subway|suburbs?|streets?|neighbou?rhood|district|flat"
    r"|apartment|home|house|hotel|restaurant|studio|gallery|theatre|theater|concert|premiere|show|fashion"
    r"|branch|headquarters|HQ|bureau|correspondent|region|area|city|boutique|store|stores|shop|shops|mall"
    r"|markets?|factory|plant|prison|jail|cafe|bar|nightclub|church|mosque|cathedral|park|stadium|arena"
    r"|venue|landmark|skyline|traffic|firefighters|clinic|courtroom|morgue|avenues?|boulevards?|roads?"
    r"|squares?|man|woman|men|women|boy|girl|teenager|couple|family|fighter|boxer|players?|fans|bombs?"
    r"|bombers?|blasts?|explosions?|shootings?|riots?|massacre|siege|earthquake|quake|floods?|fires?)\b)"
)
# A country word before a road word names the road: "American Boulevard", "Ukraine Street".
ROAD_AFTER = re.compile(
    r"[ \t]+(?:Boulevard|Blvd|Avenue|Ave|Street|Road|Rd|Square|Highway|Parkway|Drive|Lane)\b"
)
# A part of a town is a place: "in north London", "central Moscow".
DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-east|north-west|south-east|south-west|northern|southern|eastern"
    r"|western|central|downtown|inner|outer|suburban)\s+$",
    re.IGNORECASE,
)
# An address's last part is its town: "Belmarsh prison, London, and ...", "Kentish Town, London."
ADDRESS_BEFORE = re.compile(r"[A-Za-z][\w'’-]*,[ \t]+$")
# "Baghdad and Basra in Iraq", "Kabul in Afghanistan": capitals placed in their country are locations.
IN_COUNTRY_BETWEEN = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w'’-]*)*\s+in\s+(?:the\s+)?|,[ \t]+(?:the[ \t]+)?"
)  # ... and so are "Ashgabat, Turkmenistan's capital", "Tbilisi, Georgia"
CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
PHRASE_END = re.compile(r"\s*(?:[.,;:!?)\]\"”]|$)")
HEADLINE_CHARS = 160
LONG_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")
# "ITV ", "Radio ", and the names built with "of" or "for": "University of ", "Transport for "
NAME_WORD_BEFORE = re.compile(r"(?<![\w.'’])([A-Z][\w&-]*)[ \t]+((?:of|for)[ \t]+)?$")
# ... but a sentence's first word is capitalised anyway: "Critics of Moscow say" is no name.
SENTENCE_START_BEFORE = re.compile(r"(?:[.!?][\"”’]?[ \t]+|\n[ \t]*)$")
# What a city's possessive owns is the city's, not the government's: "London's Labour mayor", "Moscow's
# suburbs" ("Moscow's troops" stays the government's).
CITY_OWNS_AFTER = re.compile(
    r"['’]s[ \t]+(?:[\w-]+[ \t]+)?(?:mayor|mayoral|council|boroughs?|suburbs?|streets|residents|underground"
    r"|airports?|skyline|traffic)\b"
)
# A country word naming a currency ("US$5m", "US dollars", "the Japanese yen"): counted unless the user turns
# currencies off. Other currency words follow only a demonym: "the US won" is no currency.
DOLLAR_AFTER = re.compile(r"\$|[ \t]+dollars?\b", re.IGNORECASE)
CURRENCY_AFTER = re.compile(
    r"[ \t]+(?:dollars?|pounds?|sterling|euros?|yen|yuan|renminbi|francs?|roubles?|rubles?|rupees?|rand|"
    r"pesos?|real(?![ \t]+estate)|reais|won|lira|liras|kronas?|kronor|kroner|krone|shekels?|dinars?|riyals?|"
    r"dirhams?|naira|cedis?|shillings?|baht|ringgit|rupiah|zloty|forint|hryvnias?|kwacha)\b",
    re.IGNORECASE,
)
WORD_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]*)(\.?)[ \t]+$")
WORD_AFTER = re.compile(r"[ \t]+((?:Mc|O['’])?[A-Z][a-z]+)\b")
TITLES = frozenset(words("Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Capt Sgt Prof Rev Coach Judge Justice"))
# Capitalised words that precede or follow a country name in ordinary prose, so they are not a given
# name or surname: sentence openers, prepositions, directions, dates, and titles/institutions of a state.
# Capitalised words that open a phrase rather than belong to a name: articles, prepositions, conjunctions,
# adverbs, auxiliaries, days and months, and headline verbs.
OPENERS = frozenset(
    words(
        """A An The In From To For And But Or Nor Both Either Neither With Without Of On At By As Into
    Onto Over Under Across Against Amid Among Between Beyond Despite During After Before Since Until Unlike
    Like Near Outside Inside Within Through Toward Towards Via Per While When Where Whereas Why How What
    Which Who If Then Now So Yet Also Even Only Meanwhile Besides However Although Though Because
    Including Excluding Visiting Visit Neighbouring Neighboring Leaving Official Downtown Rural Today
    Yesterday Tomorrow Last Next This That These Those Is Was Will Would Could Should Can May Might Must
    Has Have Had Did Does Not No Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April June July August September October November December Says Said Warns Urges Calls
    Rejects Denies Condemns Accuses Signs Seeks Vows Plans Instead"""
    )
)
NOT_A_NAME = OPENERS | frozenset(
    words(
        """North South East West Northern Southern Eastern Western Central Upper Lower Greater Pro Anti Post
    Pre King Queen Crown Prince Princess President Prime Premier Foreign Defence Defense Interior Finance
    Health Army Armed Air Navy Naval Police Prison Government Cabinet Parliament National Supreme High
    Embassy Ministry Minister Basin Lake University Airport Summit Conference Talks Declaration Court
    Council Committee Commission Agency Authority Bank Exchange Museum Festival Olympics Games Cup Open
    Metro Railway Airways Airlines Post Times Herald News Daily Television Radio Senate House Assembly
    Congress Legislature Republic"""
    )
)
# What a city hosts or houses names the city, not its government: "the Athens Olympics", "Moscow University".
# So does an outlet named after it ("the Beijing News", "the Moscow Times"), as the guidelines say.
CITY_THINGS = frozenset(
    words(
        """Olympics Games Cup Open Festival Marathon Museum University Airport Metro Railway News Times Post
        Herald Daily Television Radio"""
    )
)
NOT_A_TOWN_NAME = NOT_A_NAME - CITY_THINGS
