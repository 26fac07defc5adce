"""The shared filters as a record, and their translation into parameterised WHERE clauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal, TypeAlias

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, and_, not_, or_, select

from dashboard.queries.periods import day_start
from dashboard.search import SearchQuery, Term, parse_search
from ingest.store import articles, entities, mentions, pairs, sources

# Any select, whatever its columns (Select is variadic in SQLAlchemy 2.1).
Query: TypeAlias = Select[*tuple[Any, ...]]
Together = Literal["any", "all", "sentence"]
TOGETHER: tuple[Together, ...] = ("any", "all", "sentence")
ACTOR_KINDS = ("person", "organisation")


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected; every query applies all of it.

    ``countries`` (ISO3) and ``actors`` (entity ids) select articles that mention any of them, or, with
    ``together`` = "all", every one of them; "sentence" asks for two chosen entities in one sentence.
    """

    start: date | None = None
    end: date | None = None  # inclusive
    outlets: tuple[str, ...] = ()
    outlet_countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actors: tuple[int, ...] = ()
    topics: tuple[int, ...] = ()
    together: Together = "any"
    search: str = ""
    stories: tuple[int, ...] = ()  # story ids (a drill-down from the Stories page sets one)

    def without_entities(self) -> Filters:
        """The same filters with no country or actor chosen: the whole coverage they are compared with."""
        return replace(self, countries=(), actors=(), together="any")

    def days(self) -> int | None:
        return (self.end - self.start).days + 1 if self.start and self.end else None

    def previous(self) -> Filters | None:
        """The same filters over the period of equal length just before this one."""
        length = self.days()
        if length is None or self.start is None:
            return None
        return replace(self, start=self.start - timedelta(days=length), end=self.start - timedelta(days=1))


def apply_filters(stmt: Query, f: Filters) -> Query:
    """Add the filters' conditions; ``stmt`` must select from articles joined to sources."""
    conds = [
        *_period(f),
        *_outlets(f),
        *_entities(f),
        *_topics(f),
        *_stories(f),
        *search_conditions(parse_search(f.search)),
    ]
    if f.languages:
        conds.append(articles.c.language.in_(f.languages))
    return stmt.where(and_(*conds)) if conds else stmt


def joined(stmt: Query) -> Query:
    """``stmt`` over articles with their outlet (articles without a source are kept)."""
    return stmt.select_from(articles.outerjoin(sources, sources.c.id == articles.c.source_id))


def frame(engine: Engine, stmt: Query, columns: Sequence[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=list(columns))


def _period(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.start:
        conds.append(articles.c.published >= day_start(f.start))
    if f.end:
        conds.append(articles.c.published < day_start(f.end + timedelta(days=1)))
    return conds


def _outlets(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.outlets:
        conds.append(sources.c.name.in_(f.outlets))
    if f.outlet_countries:
        conds.append(sources.c.country.in_(f.outlet_countries))
    return conds


def country_ids(codes: Sequence[str]) -> Query:
    """Entity ids of these countries (by ISO3)."""
    return (
        select(entities.c.id)
        .where(entities.c.kind == "country", entities.c.country.in_(codes))
        .correlate(None)
    )


def _chosen(f: Filters) -> list[Query | tuple[int, ...]]:
    """One id set per chosen entity: a subquery for a country, the id itself for an actor."""
    return [country_ids([code]) for code in f.countries] + [(a,) for a in f.actors]


def _entities(f: Filters) -> list[ColumnElement[bool]]:
    chosen = _chosen(f)
    if not chosen:
        return []
    if f.together == "sentence" and len(chosen) == 2:
        return [articles.c.id.in_(_sentence_pairs(chosen[0], chosen[1]))]
    if f.together == "any":
        actors = select(entities.c.id).where(entities.c.id.in_(f.actors)).correlate(None)
        return [articles.c.id.in_(_mentioning(country_ids(f.countries).union_all(actors)))]
    return [articles.c.id.in_(_mentioning(ids)) for ids in chosen]


def _mentioning(ids: Any) -> Query:
    # correlate(None): the page's query may select from mentions or entities too; this must not bind to it.
    return select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids)).correlate(None)


def _sentence_pairs(one: Query | tuple[int, ...], two: Query | tuple[int, ...]) -> Query:
    forward = and_(pairs.c.a.in_(one), pairs.c.b.in_(two))
    backward = and_(pairs.c.a.in_(two), pairs.c.b.in_(one))
    return (
        select(pairs.c.article_id).where(pairs.c.level == "sentence", or_(forward, backward)).correlate(None)
    )


def topic_column() -> ColumnElement[Any] | None:
    """``articles.topic_id`` once the schema has it (v3), else None: topics are then not filterable."""
    return articles.c.get("topic_id")


def _topics(f: Filters) -> list[ColumnElement[bool]]:
    column = topic_column()
    if not f.topics or column is None:
        return []
    return [column.in_(f.topics)]


def _stories(f: Filters) -> list[ColumnElement[bool]]:
    column = articles.c.get("story_id")
    if not f.stories or column is None:
        return []
    return [column.in_(f.stories)]


def search_conditions(query: SearchQuery) -> list[ColumnElement[bool]]:
    """One condition per clause; terms are bound parameters with LIKE wildcards escaped."""
    return [or_(*(_term(t) for t in clause)) for clause in query.clauses]


def _term(term: Term) -> ColumnElement[bool]:
    pattern = f"%{escape_like(term.text)}%"
    found = or_(articles.c.title.ilike(pattern, escape="\\"), articles.c.text.ilike(pattern, escape="\\"))
    return not_(found) if term.negated else found


def escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
