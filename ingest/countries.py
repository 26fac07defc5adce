"""Find the countries a text mentions, using data/countries.tsv and a few explicit ambiguity rules.

Matching: one compiled trie-shaped regular expression over every surface of the alias table; whole words
only, longest match wins ("North Korean" beats "Korea"), "-" equals a space, any apostrophe equals any
other, and possessives match ("Russia's", "Kremlin’s"). A surface matches in its exact case, or in any case
whose first letter is upper case ("TURKEY" yes, "turkey" no); `case_sensitive` rows ("US") need the exact
case. `exclude` rows ("New Mexico", "Real Madrid", "Washington Post") consume their text and yield nothing.

Capitals and seats of power count as a mention of their country: news uses them as metonyms ("Moscow has
invoked it", "the Kremlin said"); the non-country uses that are common are exclude rows. A capital, or a
seat flagged `place` (a district, street or city: "Westminster", "Tel Aviv"), is a location and not the
government after a locative ("a speech in Westminster", but not "few in Westminster", "officials in
Washington"), after a verb of motion ("came to Beijing", "a visit to London") or when the text places it
in a country ("Kabul in Afghanistan", "Baghdad and Basra in Iraq"). A capital is also a place when it names
a thing or a person of its city ("London-based", "a Dublin court", "a Paris boutique", "the Tokyo Stock
Exchange", "the Athens Olympics", "the Beijing News", "the Kiev fighter"), ends a route ("moving from
Colchester to London") or an address ("Belmarsh prison, London,"), follows a direction or a part ("north
London", "the heart of Paris"), or shares a locative with a list ("shot in Morocco and Rome").
A name alone in quotation marks is a title, and a country word before a road word names the road, not a
country (the film "Australia", "American Boulevard").
Regions and organisations are not countries: "the West", "Western", "Europe", "NATO", "EU" never count.

Ambiguity rules, in the order applied:
1. Language: a `language` demonym in a language use is not a country ("in French.", "speaks Russian",
   "Russian-speaking", "an English translation", "in English, Spanish and Korean").
2. Towns: a capital or seat followed by ", <US state | Canadian province | English county>" is a town of
   the same name ("Moscow, Idaho", "Wellington, Somerset"); so is any country name followed by a US
   state in AP style ("Lebanon, Pa.").
3. People: a `given_name` surface before a surname-like capitalised word is a person ("Chad Smith",
   "Jordan Bardella"); a `surname` surface after a given-name-like capitalised word, an initial or a title
   is a person ("Michael Jordan", "B Lima", "Mr. Holland", "Jimmy Wales"). Once a text uses a surface for a
   person, its bare uses are that person too, unless the text names the country another way ("Amman",
   "Jordanian") or the bare use follows a place word ("in Jordan", "Prince of Wales").
4. Georgia (`us_state`): the US state when the text has US-state cues (Atlanta, "Georgia governor",
   "Georgia judge", "Georgia, U.S.", other US states, a "<Name> County", Georgia Tech) and no cue for the
   country (Tbilisi, Ossetia, Abkhazia, Georgian Dream, another form of the country); with no cues at all
   it is the country, because this tool monitors international news.
5. `ambiguous` surfaces ("Korea", "Korean", "Congo", "Congolese", "Dominican") resolve to the one candidate
   the text names unambiguously elsewhere; otherwise to the `default` row: "Korea" alone is South Korea
   unless the text names only North Korea, and "Congo" alone is the DR Congo unless only Brazzaville cues.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ingest import country_cues as cues

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "countries.tsv"
KINDS = frozenset({"name", "variant", "demonym", "capital", "seat", "exclude"})
FLAGS = frozenset(
    {"case_sensitive", "ambiguous", "default", "given_name", "surname", "language", "us_state", "place"}
)
COLUMNS = ["iso3", "surface", "kind", "flags"]
_CACHE_SIZE = 50_000  # distinct matched spellings remembered per gazetteer; bounds memory on odd input

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼ`´", "'"))
_SEPARATORS = re.compile(r"[\s\-‐‑–]+")
_SEP_CLASS = r"[\s\-‐‑–]+"
_APOS_CLASS = r"['’‘ʼ`´]"


def surface_key(text: str) -> str:
    """The matching key of a surface or matched text: lower case, one apostrophe, dashes as spaces."""
    return _SEPARATORS.sub(" ", text.lower().translate(_APOSTROPHES))


@dataclass(frozen=True)
class CountryMention:
    """One country mention: ISO 3166-1 alpha-3 code, character offsets, text as written, row kind."""

    iso3: str
    start: int
    end: int
    surface: str
    kind: str


@dataclass(frozen=True)
class AliasRow:
    """One row of the alias table."""

    iso3: str
    surface: str
    kind: str
    flags: frozenset[str]


class _Hit(NamedTuple):
    """A matched span with the table rows its text accepts (case rules applied) and their flags."""

    start: int
    end: int
    surface: str
    key: str
    rows: tuple[AliasRow, ...]
    flags: frozenset[str]


_Accepted = tuple[str, tuple[AliasRow, ...], frozenset[str]] | None


Trie = dict[str, "Trie"]
_END = "\0"


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching any key, longest first: shared prefixes are factored like a trie."""
    trie: Trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _emit(trie, "")


def _emit(node: Trie, last: str) -> str:
    """The regex of one trie node; children come before the end so the longest key is tried first."""
    branches = [
        _char_pattern(char) + _emit(child, char) for char, child in sorted(node.items()) if char != _END
    ]
    if _END in node:
        # A surface ending in "." or "$" carries its own boundary; word endings need a non-word next.
        branches.append(r"(?!\w)" if (last.isalnum() or last == "_") else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _char_pattern(char: str) -> str:
    """The regex of one key character: a separator class, an apostrophe class or the escaped character."""
    if char == " ":
        return _SEP_CLASS
    return _APOS_CLASS if char == "'" else re.escape(char)


def _start_guard(rows: Iterable[AliasRow]) -> str:
    """A case-sensitive lookahead for what a match can start with; it skips most words cheaply."""
    firsts = {row.surface[0].upper() for row in rows}
    lowers = {row.surface.split(" ")[0] for row in rows if row.surface[0].islower()}
    alternatives = [
        "[" + "".join(sorted(re.escape(c) for c in firsts)) + "]",
        *map(re.escape, sorted(lowers)),
    ]
    return "(?=(?-i:" + "|".join(alternatives) + "))"


def _case_ok(row: AliasRow, text: str) -> bool:
    """True when `text` may stand for `row`: exact, or capitalised unless the row is case-sensitive."""
    if text == row.surface or row.kind == "exclude":
        return True
    return "case_sensitive" not in row.flags and text[:1].isupper()


class Gazetteer:
    """The alias table compiled for matching; `find` returns the country mentions of a text."""

    def __init__(self, rows: Iterable[AliasRow], currencies: bool = True) -> None:
        self.rows = tuple(rows)
        self.currencies = currencies  # False: a country word naming a currency ("US$") is no mention
        by_key: dict[str, list[AliasRow]] = {}
        for row in self.rows:
            by_key.setdefault(surface_key(row.surface), []).append(row)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}
        self._accepted: dict[str, _Accepted] = {}
        self._regex = re.compile(
            r"(?<!\w)" + _start_guard(self.rows) + _trie_pattern(self._by_key), re.IGNORECASE
        )

    def find(self, text: str) -> list[CountryMention]:
        """Every country mention in `text`, in order, after the module's ambiguity rules."""
        hits = [
            hit
            for hit in _without_languages(text, list(self._scan(text)))
            if not _us_town(text, hit) and not _quoted_title(text, hit)
        ]
        persons = {hit.start for hit in hits if self._person_use(text, hit)}
        person_keys = {hit.key for hit in hits if hit.start in persons}
        hits = [hit for hit in hits if hit.start not in persons]
        named = _named_countries(hits)
        located = _located_in_country(text, hits)
        ends = {hit.end for hit in hits}
        mentions = []
        for hit in hits:
            if hit.key in person_keys and _person_shadowed(text, named, hit):
                continue
            if "us_state" in hit.flags and _us_state_context(text, named, hit):
                continue
            if hit.start in located or _place_use(text, hit) or self._ends_a_name(text, hit):
                continue
            if cues.ROAD_AFTER.match(text, hit.end) or _address_end(text, hit, ends):
                continue
            if not self.currencies and _currency(text, hit):
                continue
            row = _resolve(hit, named)
            mentions.append(CountryMention(row.iso3, hit.start, hit.end, hit.surface, row.kind))
        return mentions

    def _scan(self, text: str) -> Iterator[_Hit]:
        """Longest whole-word matches with their case-accepted rows; exclusions consume and vanish."""
        for match in self._regex.finditer(text):
            surface = match.group()
            accepted = self._accepted[surface] if surface in self._accepted else self._accept(surface)
            if accepted is not None:
                yield _Hit(match.start(), match.end(), surface, *accepted)

    def _accept(self, surface: str) -> _Accepted:
        """The key, case-accepted rows and flags of a matched text; None for an exclusion or a case miss."""
        key = surface_key(surface)
        rows = tuple(row for row in self._by_key[key] if _case_ok(row, surface))
        accepted = None
        if rows and rows[0].kind != "exclude":
            accepted = (key, rows, frozenset().union(*(row.flags for row in rows)))
        if len(self._accepted) < _CACHE_SIZE:
            self._accepted[surface] = accepted
        return accepted

    def _person_use(self, text: str, hit: _Hit) -> bool:
        """True when a name-like surface is a person here ("Chad Smith", "Michael Jordan", "Mr. Holland")."""
        if "given_name" in hit.flags:
            after = cues.WORD_AFTER.match(text, hit.end, hit.end + 40)
            if after and self._name_like(after.group(1)):
                return True
        if "surname" in hit.flags:
            before = cues.WORD_BEFORE.search(text, max(0, hit.start - 40), hit.start)
            if before and self._given_name_before(before.group(1), bool(before.group(2))):
                return True
        return False

    def _ends_a_name(self, text: str, hit: _Hit) -> bool:
        """A capital after a word of the same name is part of it: "ITV London", "Radio Moscow"."""
        if not any(row.kind == "capital" for row in hit.rows) or _title_case_line(text, hit):
            return False
        before = cues.NAME_WORD_BEFORE.search(text, max(0, hit.start - 40), hit.start)
        if before is None or before[1] in cues.OPENERS:
            return False
        if before[2] and (
            before.start() == 0
            or cues.SENTENCE_START_BEFORE.search(text, max(0, before.start() - 4), before.start())
        ):
            return False
        return surface_key(before[1]) not in self._by_key

    def _given_name_before(self, word: str, dotted: bool) -> bool:
        """True for a word that can precede a surname: a given name, an initial ("B Lima"), a title."""
        if word in cues.NOT_A_NAME:
            return False
        if dotted:
            return word in cues.TITLES or len(word) == 1
        return self._name_like(word)

    def _name_like(self, word: str) -> bool:
        """True for a capitalised word that is neither a common prose word nor itself a country form."""
        return word not in cues.NOT_A_NAME and surface_key(word) not in self._by_key


def _without_languages(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The hits minus language uses: "in French.", "speaks Russian", "in English, Spanish and Korean"."""
    languages = [hit for hit in hits if "language" in hit.flags]
    dropped = {hit.start for hit in languages if cues.LANGUAGE_AFTER.match(text, hit.end)}
    for run in _language_runs(text, hits):
        before = text[max(0, run[0].start - 30) : run[0].start]
        if cues.LANGUAGE_BEFORE.search(before) or (
            cues.IN_BEFORE.search(before) and cues.PHRASE_END.match(text, run[-1].end)
        ):
            dropped.update(hit.start for hit in run)
    return [hit for hit in hits if hit.start not in dropped]


def _language_runs(text: str, hits: Iterable[_Hit]) -> Iterator[list[_Hit]]:
    """Runs of `language` hits joined only by list punctuation ("English, Spanish and Korean")."""
    run: list[_Hit] = []
    joins = cues.LIST_JOIN
    for hit in hits:
        if run and ("language" not in hit.flags or not joins.fullmatch(text, run[-1].end, hit.start)):
            yield run
            run = []
        if "language" in hit.flags:
            run.append(hit)
    if run:
        yield run


def _is_town(hit: _Hit) -> bool:
    """A capital, or a seat that is also a district, street or city ("Westminster", "Tel Aviv")."""
    return any(row.kind == "capital" or "place" in row.flags for row in hit.rows)


def _place_use(text: str, hit: _Hit) -> bool:
    """A town used as a location ("met in Pyongyang", "came to Beijing", "a visit to London"), naming a
    thing of the city ("London-based", "a Dublin court") or starting a name ("London Zoo", "Tokyo Stock
    Exchange")."""
    if not _is_town(hit):
        return False
    locative = cues.LOCATIVE_BEFORE.search(text, max(0, hit.start - 16), hit.start)
    locative = locative or cues.LOCATIVE_LIST_BEFORE.search(text, max(0, hit.start - 60), hit.start)
    if locative:
        start = locative.start()
        if not cues.ESTABLISHMENT_BEFORE.search(text, max(0, start - 20), start):
            return True
    if cues.MOTION_BEFORE.search(text, max(0, hit.start - 40), hit.start):
        return True
    if cues.DIRECTION_BEFORE.search(text, max(0, hit.start - 16), hit.start) or cues.PART_OF_BEFORE.search(
        text, max(0, hit.start - 20), hit.start
    ):
        return True

    capital = any(row.kind == "capital" for row in hit.rows)
    if capital and cues.CITY_OWNS_AFTER.match(text, hit.end):
        return True
    after = cues.TOWN_NAMES_AFTER.match(text, hit.end)
    if capital and after and after["name"] not in cues.NOT_A_TOWN_NAME:
        return not _title_case_line(text, hit)  # a headline's words ("Moscow Slams Kyiv") start no name
    return "surname" in hit.flags and bool(cues.CAPITALISED_AFTER.match(text, hit.end))


def _address_end(text: str, hit: _Hit, ends: set[int]) -> bool:
    """A town closing an address: "Belmarsh prison, London, and ...", not a list ("Tokyo, Beijing, and")."""
    before = cues.ADDRESS_BEFORE.search(text, max(0, hit.start - 40), hit.start)
    if not _is_town(hit) or before is None or not cues.PHRASE_END.match(text, hit.end):
        return False
    return text.rindex(",", before.start(), hit.start) not in ends


def _located_in_country(text: str, hits: list[_Hit]) -> set[int]:
    """Starts of towns the text places in a country: "Kabul in Afghanistan", "Baghdad and Basra in Iraq"."""
    located = set()
    for hit, following in itertools.pairwise(hits):
        if not _is_town(hit) or not any(row.kind in {"name", "variant"} for row in following.rows):
            continue
        if cues.IN_COUNTRY_BETWEEN.fullmatch(text, hit.end, following.start):
            located.add(hit.start)
    return located


def _title_case_line(text: str, hit: _Hit) -> bool:
    """True when the hit's line is a headline in title case: short, no closing full stop, and most of its
    longer words capitalised."""
    start, end = text.rfind("\n", 0, hit.start) + 1, text.find("\n", hit.end, hit.end + cues.HEADLINE_CHARS)
    if end < 0 and len(text) - hit.end > cues.HEADLINE_CHARS or end - start > cues.HEADLINE_CHARS:
        return False  # a long line is prose
    line = text[start : len(text) if end < 0 else end].rstrip()
    if not line or line[-1] in '.!?"”’':
        return False  # headlines end without a full stop
    words = cues.LONG_WORD.findall(line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _quoted_title(text: str, hit: _Hit) -> bool:
    """A name alone in quotation marks is a title: the film "Australia", the song "America"."""
    opened = cues.OPEN_QUOTE.search(text, max(0, hit.start - 2), hit.start)
    return bool(opened and cues.CLOSE_QUOTE.match(text, hit.end))


def _us_town(text: str, hit: _Hit) -> bool:
    """True for a capital or seat followed by a region ("Moscow, Idaho"), or any country name followed by
    a US state in AP style ("Lebanon, Pa."), that makes it a town."""
    if cues.AP_TOWN.match(text, hit.end):
        return True
    seat = any(row.kind in {"capital", "seat"} for row in hit.rows)
    return seat and bool(cues.US_TOWN.match(text, hit.end))


def _currency(text: str, hit: _Hit) -> bool:
    """The country word names a currency: "US$", "US dollars", "the Japanese yen"."""
    if cues.DOLLAR_AFTER.match(text, hit.end):
        return True
    return any(row.kind == "demonym" for row in hit.rows) and bool(cues.CURRENCY_AFTER.match(text, hit.end))


def _named_countries(hits: Iterable[_Hit]) -> dict[str, set[str]]:
    """ISO3 → keys that name it unambiguously in the text (not ambiguous, not a possible US state)."""
    named: dict[str, set[str]] = {}
    for hit in hits:
        if len({row.iso3 for row in hit.rows}) == 1 and "us_state" not in hit.flags:
            named.setdefault(hit.rows[0].iso3, set()).add(hit.key)
    return named


def _person_shadowed(text: str, named: dict[str, set[str]], hit: _Hit) -> bool:
    """True for a bare use of a surface the text also uses for a person, absent any country cue."""
    if any(named.get(row.iso3, set()) - {hit.key} for row in hit.rows):
        return False
    return not cues.PLACE_BEFORE.search(text, max(0, hit.start - 20), hit.start)


def _us_state_context(text: str, named: dict[str, set[str]], hit: _Hit) -> bool:
    """True when Georgia is the US state here: US-state cues and no cue for the country."""
    if any(named.get(row.iso3) for row in hit.rows) or cues.COUNTRY_GEORGIA_CUES.search(text):
        return False
    return bool(cues.US_STATE_CUES.search(text))


def _resolve(hit: _Hit, named: dict[str, set[str]]) -> AliasRow:
    """The row of a hit: the only row, else the one candidate the text names, else the default."""
    if len(hit.rows) == 1:
        return hit.rows[0]
    cued = [row for row in hit.rows if named.get(row.iso3)]
    if len(cued) == 1:
        return cued[0]
    return next((row for row in hit.rows if "default" in row.flags), hit.rows[0])


def parse_row(line: str, lineno: int) -> AliasRow:
    """One TSV line as an AliasRow; unknown kinds or flags are errors, not silently ignored."""
    fields = line.rstrip("\n").split("\t")
    if len(fields) != len(COLUMNS):
        raise ValueError(f"line {lineno}: expected {len(COLUMNS)} tab-separated fields, got {len(fields)}")
    iso3, surface, kind, flag_text = fields
    flags = frozenset(f for f in flag_text.split(",") if f)
    if kind not in KINDS or not flags <= FLAGS or not re.fullmatch(r"[A-Z]{3}", iso3) or not surface:
        raise ValueError(f"line {lineno}: bad row {line.strip()!r}")
    return AliasRow(iso3, surface, kind, flags)


def read_rows(path: Path) -> list[AliasRow]:
    """The rows of an alias table file (comment lines start with '#'; the column header is skipped)."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") or not line.strip() or line.split("\t") == COLUMNS:
            continue
        rows.append(parse_row(line, lineno))
    return rows


def load_gazetteer(path: Path | None = None, currencies: bool = True) -> Gazetteer:
    """The gazetteer built from `path`, by default the repository's data/countries.tsv."""
    return Gazetteer(read_rows(path or DEFAULT_PATH), currencies)


# Where the shortest official name is not what a reader expects to see on a chart.
DISPLAY_NAMES = {
    "RUS": "Russia",
    "COD": "DR Congo",
    "CZE": "Czechia",
    "VNM": "Vietnam",
    "FLK": "Falkland Islands",
    "VAT": "Vatican City",
    "BES": "Caribbean Netherlands",
    "CCK": "Cocos Islands",
    "MAF": "Saint Martin",
    "SHN": "Saint Helena",
    "SXM": "Sint Maarten",
    "TUR": "Türkiye",
}


def display_names(rows: Iterable[AliasRow]) -> dict[str, str]:
    """A short readable name per ISO3 code: the shortest "name" row unless DISPLAY_NAMES says otherwise."""
    names: dict[str, str] = {}
    for row in rows:
        if row.kind == "name" and (row.iso3 not in names or len(row.surface) < len(names[row.iso3])):
            names[row.iso3] = row.surface
    return names | DISPLAY_NAMES


def count_countries(mentions: Iterable[CountryMention]) -> Counter[str]:
    """Mentions per ISO3 code."""
    return Counter(mention.iso3 for mention in mentions)
