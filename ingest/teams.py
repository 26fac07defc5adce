"""Sports teams, leagues and competitions (data/teams.tsv), and the team a place or nickname stands for.

A sports page names its teams by nickname or by place: "Reid rejected a move to Southampton after Forest
accepted an offer", "they meet either Tennessee or Baltimore". spaCy's small model reads most of those as
places or people. Full names ("Tottenham Hotspur", "San Diego Chargers") and names no one else has ("Barca",
"76ers") mean the team anywhere: they are organisations of the actor table, so the ruler finds them (and
marks competitions such as the "FA Cup" as events, which are no actors). A short name ("Southampton",
"Spurs", "Tennessee") means a team only on a page about its sport, one that names a team, league or
competition of that sport by such an unambiguous name; `team_spans` finds those.
It also leaves a short name alone when:
- it follows "in", "at" or "near", or a journey's "to" ("won in Detroit", "victory at Atlanta", "came to
  Edinburgh": the city);
- it is part of a longer name, another entity or a capitalised run ("Chelsea Clinton", "Boston Herald").
Among the teams a short name may mean ("Baltimore": the Ravens or the Orioles), those of the page's sports
count, and a team the page names in full wins over the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEAMS_PATH = ROOT / "data" / "teams.tsv"
TEAM_COLUMNS = ["name", "role", "sports", "country", "names", "short_names"]
Role = Literal["team", "league", "competition"]
ROLES: tuple[Role, ...] = ("team", "league", "competition")
PLACE_WORDS = frozenset({"in", "at", "near"})  # "won in Detroit", "victory at Atlanta": the city
# "came to Edinburgh", "back to Philadelphia": the city ("a move to Southampton" is the club)
TRAVEL_WORDS = frozenset({
    "came", "come", "comes", "coming", "went", "go", "goes", "going", "back", "travel", "travels",
    "travelled", "traveled", "travelling", "traveling", "return", "returns", "returned", "returning", "head",
    "heads", "headed", "heading", "flew", "fly",
})  # fmt: skip


@dataclass(frozen=True)
class Team:
    """One row of data/teams.tsv."""

    name: str
    role: Role
    sports: frozenset[str]
    country: str | None
    names: tuple[str, ...]  # besides ``name``, names that mean this row anywhere
    short_names: tuple[str, ...]  # names that mean it only on a page about its sport


@dataclass(frozen=True)
class Teams:
    """The rows, and each name as written → the rows it may mean."""

    rows: tuple[Team, ...] = ()
    by_name: Mapping[str, Team] = field(default_factory=dict)  # canonical name → row
    short: Mapping[str, tuple[Team, ...]] = field(default_factory=dict)
    short_tokens: int = 0  # the most tokens a short name can have

    @classmethod
    def of(cls, rows: Iterable[Team]) -> Teams:
        rows = tuple(rows)
        short: dict[str, tuple[Team, ...]] = {}
        for row in rows:
            for name in row.short_names:
                short[name] = (*short.get(name, ()), row)
        # Words and punctuation: at least as many as the tokens of any short name ("A's", "St. Louis").
        tokens = max((len(re.findall(r"\w+|[^\w\s]", name)) for name in short), default=0)
        return cls(rows, {row.name: row for row in rows}, short, tokens)

    @property
    def organisations(self) -> tuple[Team, ...]:
        """Teams and leagues: the rows that are actors (a competition is not)."""
        return tuple(row for row in self.rows if row.role != "competition")


def read_teams(path: Path = DEFAULT_TEAMS_PATH) -> Teams:
    """Load data/teams.tsv (or another file of the same columns)."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        cells = line.split("\t")
        if line.strip() and not line.startswith("#") and cells != TEAM_COLUMNS:
            rows.append(_team(cells, f"{path}:{lineno}"))
    return Teams.of(rows)


def _team(cells: list[str], where: str) -> Team:
    if len(cells) != len(TEAM_COLUMNS) or cells[1] not in ROLES or not cells[0] or not cells[2]:
        raise ValueError(
            f"{where}: expected {len(TEAM_COLUMNS)} tab-separated columns, a name, a role "
            f"({' | '.join(ROLES)}) and sports"
        )
    name, role, sports, country, names, short = cells
    return Team(
        name,
        next(r for r in ROLES if r == role),
        frozenset(s.strip() for s in sports.split(",") if s.strip()),
        country or None,
        _names(names),
        _names(short),
    )


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.split("|") if n.strip())


def team_spans(doc: Doc, ents: Sequence[Span], teams: Teams) -> list[Span]:
    """ORG spans (span id: the team's name) for the short names that stand for a team of the page's sports.

    The page's sports are those of the rows the actor ruler found by a full name (``doc.ents`` with a row's
    name as id). ``ents`` are the entities found so far: a short name inside a longer one is left alone,
    and one that is exactly an entity (the model's GPE "Southampton", PERSON "Forest") is to be replaced.
    """
    named = {teams.by_name[ent.id_] for ent in doc.ents if ent.id_ in teams.by_name}
    sports = {sport for row in named for sport in row.sports}
    if not sports:
        return []
    covered = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    found = []
    for span, candidates in _short_names(doc, teams):
        rows = [row for row in candidates if row.sports & sports and row.role != "competition"]
        if rows and _stands_alone(span, covered):
            row = next((r for r in rows if r in named), rows[0])
            found.append(Span(doc, span.start, span.end, label="ORG", span_id=row.name))
    return found


def _short_names(doc: Doc, teams: Teams) -> Iterator[tuple[Span, tuple[Team, ...]]]:
    """Each short name in the doc, longest first where two start at one word, as written."""
    i = 0
    while i < len(doc):
        if not doc[i].text[:1].isupper():  # every short name starts with a capital
            i += 1
            continue
        for n in range(min(teams.short_tokens, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if span.text in teams.short:
                yield span, teams.short[span.text]
                i += n - 1
                break
        i += 1


def _stands_alone(span: Span, covered: Mapping[int, Span]) -> bool:
    """Not after "in"/"at"/"near", not inside a longer entity, not next to other capitalised words."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ in PLACE_WORDS:
        return False
    if (
        before is not None
        and before.lower_ == "to"
        and span.start > 1
        and doc[span.start - 2].lower_ in TRAVEL_WORDS
    ):
        return False
    bounds = (span.start, span.end)
    if any(i in covered and (covered[i].start, covered[i].end) != bounds for i in range(*bounds)):
        return False
    return not any(t is not None and _name_word(t) for t in (before, after))


def _name_word(token: Token) -> bool:
    """A capitalised word that carries a name on ("Boston Herald", "West Bromwich Albion")."""
    return token.is_title and not token.is_sent_start
