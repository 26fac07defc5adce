"""Actor names and reference data: name keys, title stripping, the actor table and the user's alias file.

The table is data/actors.tsv (built by data/build_actors.py from curated rows and the Phoenix dictionaries)
and the teams and leagues of data/teams.tsv (written by hand; see ingest.teams); the alias file is
data/aliases.toml, the user's merges and suppressions. All load from a path given.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ingest.teams import DEFAULT_TEAMS_PATH, Teams, read_teams

ActorKind = Literal["person", "organisation"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE_PATH = ROOT / "data" / "actors.tsv"
DEFAULT_ALIASES_PATH = ROOT / "data" / "aliases.toml"
DEFAULT_NER = ROOT / "data" / "ner"  # the fine-tuned NER pipeline (see ingest.nlp)
COLUMNS = ["name", "kind", "country", "role", "aliases", "valid_from", "valid_to", "source"]
_INITIAL = re.compile(r"^\w$")


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a curated list."""
    return frozenset(text.split())


TITLE_WORDS = words(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend president vice prime minister
    premier chancellor deputy foreign defence defense interior finance secretary general secretary-general
    attorney chief executive ceo chairman chairwoman chair speaker leader supreme senator sen rep congressman
    congresswoman governor gov mayor ambassador envoy commander gen lt lieutenant col colonel maj capt
    captain adm admiral marshal sgt sergeant judge justice spokesman spokeswoman spokesperson former acting
    interim outgoing incoming crown prince princess king queen emperor empress pope cardinal archbishop
    bishop ayatollah state superintendent commissioner inspector detective constable officer sheriff coach
    councillor councilman councilwoman alderman assemblyman assemblywoman magistrate rabbi imam sheikh
    treasurer comptroller baroness baron earl duke duchess viscount brigadier cpl corporal"""
)
REGNAL = frozenset({"pope", "king", "queen", "emperor", "empress"})


@dataclass(frozen=True)
class TableEntry:
    """One row of data/actors.tsv."""

    name: str
    kind: ActorKind
    country: str | None
    role: str
    aliases: tuple[str, ...]
    valid_from: str
    valid_to: str
    source: str

    @property
    def confidence(self) -> float:
        """How far the row's country can be trusted: curated rows most, old Phoenix rows least."""
        if self.source == "curated":
            return 0.9
        # Phoenix dates end ~2014; an open-ended entry was current then, a closed one earlier still.
        year = int(self.valid_to[:4]) if self.valid_to else 2014
        return 0.7 if year >= 2014 else 0.6 if year >= 2010 else 0.5 if year >= 2000 else 0.4


@dataclass(frozen=True)
class ActorTable:
    """The actor table: rows by canonical name and an index from name keys to canonical names."""

    entries: Mapping[str, TableEntry]
    index: Mapping[str, str]
    teams: Teams = field(default_factory=Teams)  # the short names of teams, which need their page's sport

    def lookup(self, name: str) -> TableEntry | None:
        """The row a name or alias refers to, by exact key, then without middle initials."""
        for key in (name_key(name), initials_dropped(name_key(name))):
            if key in self.index:
                return self.entries[self.index[key]]
        return None


@dataclass(frozen=True)
class Aliases:
    """User merges (key → canonical name), surfaces that are not actors, country-relative institutions."""

    merges: Mapping[str, str] = field(default_factory=dict)
    not_actors: frozenset[str] = frozenset()
    country_relative: frozenset[str] = frozenset()


@lru_cache(maxsize=65_536)  # names recur across articles; bounded for odd input
def name_key(name: str) -> str:
    """The matching key of a name: no accents or dots, one apostrophe, hyphens as spaces, casefolded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace(".", " ").replace("-", " ")
    return " ".join(text.split())


def initials_dropped(key: str) -> str:
    """A key without single-letter words: "donald j trump" → "donald trump"."""
    return " ".join(w for w in key.split() if not _INITIAL.match(w))


def strip_titles(name: str) -> str:
    """A person's name without leading titles and honorifics; a regnal title before one name stays."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and _is_title(words, i):
        i += 1
    rest = words[i:]
    if i and words[i - 1].lower() in REGNAL and (len(rest) == 1 or re.fullmatch(r"[IVX]+", rest[-1])):
        return " ".join([words[i - 1].capitalize(), *rest]) if len(rest) <= 2 else " ".join(rest)
    return " ".join(rest)


def _is_title(words: list[str], i: int) -> bool:
    word = words[i].lower().rstrip(".")
    if word in {"of", "the"}:
        return i + 1 < len(words) - 1 and words[i + 1].lower().rstrip(".") in TITLE_WORDS
    return all(part in TITLE_WORDS for part in word.split("-"))


def read_table(path: Path = DEFAULT_TABLE_PATH, teams_path: Path | None = DEFAULT_TEAMS_PATH) -> ActorTable:
    """Load data/actors.tsv (or another table of the same columns), with the teams and leagues of
    data/teams.tsv (none when ``teams_path`` is None) as curated organisations."""
    entries: dict[str, TableEntry] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#") and line.split("\t") != COLUMNS:
            entry = _table_entry(line.split("\t"), f"{path}:{lineno}")
            entries.setdefault(entry.name, entry)
    teams = read_teams(teams_path) if teams_path is not None else Teams()
    for row in teams.organisations:
        role = f"{' and '.join(sorted(row.sports))} {row.role}"
        entries.setdefault(
            row.name, TableEntry(row.name, "organisation", row.country, role, row.names, "", "", "curated")
        )
    return ActorTable(entries, _index(entries.values()), teams)


def _table_entry(cells: list[str], where: str) -> TableEntry:
    if len(cells) != len(COLUMNS) or cells[1] not in ("person", "organisation"):
        raise ValueError(
            f"{where}: expected {len(COLUMNS)} tab-separated columns and kind person|organisation"
        )
    name, kind, country, role, aliases, start, end, source = cells
    actor_kind: ActorKind = "person" if kind == "person" else "organisation"
    return TableEntry(
        name, actor_kind, country or None, role, tuple(a for a in aliases.split("|") if a), start, end, source
    )


def _index(entries: Iterable[TableEntry]) -> dict[str, str]:
    """Key → canonical name, by tiers (curated names, curated aliases, other names, other aliases)."""
    # A key that two actors of one tier claim is ambiguous and left out: "Kim" is nobody in particular.
    rows = sorted(entries, key=lambda e: e.source != "curated")
    tiers: list[list[tuple[TableEntry, Sequence[str]]]] = [
        [(e, [e.name]) for e in rows if e.source == "curated"],
        [(e, e.aliases) for e in rows if e.source == "curated"],
        [(e, [e.name]) for e in rows if e.source != "curated"],
        [(e, e.aliases) for e in rows if e.source != "curated"],
    ]
    index: dict[str, str] = {}
    for tier in tiers:
        claims: dict[str, set[str]] = {}
        for entry, names in tier:
            for key in {k for n in names for k in (name_key(n), initials_dropped(name_key(n))) if k}:
                claims.setdefault(key, set()).add(entry.name)
        index.update({k: v.pop() for k, v in claims.items() if len(v) == 1 and k not in index})
    return index


def load_aliases(path: Path = DEFAULT_ALIASES_PATH) -> Aliases:
    """Load the user's alias file: `[aliases]` surface = canonical, `not_actors`, `country_relative` lists."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"aliases", "not_actors", "country_relative"}
    if unknown:
        raise ValueError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    merges = data.get("aliases", {})
    lists = [data.get("not_actors", []), data.get("country_relative", [])]
    if not all(isinstance(v, str) for v in merges.values()) or not all(isinstance(x, list) for x in lists):
        raise ValueError(f"{path}: [aliases] maps names to names; not_actors/country_relative are lists")
    return Aliases(
        {name_key(k): v for k, v in merges.items()},
        frozenset(name_key(s) for s in lists[0]),
        frozenset(name_key(s) for s in lists[1]),
    )
