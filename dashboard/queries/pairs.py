"""Co-mentions: pairs of countries (or actors) named in one sentence or one article, and their evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Table, and_, case, distinct, func, or_, select

from dashboard.queries import daily
from dashboard.queries.filters import Filters, Query, apply_filters, country_ids, frame
from dashboard.queries.periods import Unit, period_start
from ingest.store import articles, daily_outlet_pairs, daily_pairs, entities, pairs, sources

Level = Literal["sentence", "article"]
LEVELS: tuple[Level, ...] = ("sentence", "article")
IdSet = Query | tuple[int, ...]

ENTITY_A = entities.alias("ea")
ENTITY_B = entities.alias("eb")


def pair_joins() -> Any:
    return (
        pairs.join(ENTITY_A, ENTITY_A.c.id == pairs.c.a)
        .join(ENTITY_B, ENTITY_B.c.id == pairs.c.b)
        .join(articles, articles.c.id == pairs.c.article_id)
        .outerjoin(sources, sources.c.id == articles.c.source_id)
    )


@dataclass(frozen=True)
class PairSource:
    """Where pair counts come from under some filters: a daily table when one answers them (per day, or
    per day and outlet when outlets or languages are chosen), else the raw pairs. ``select`` gives
    ``columns`` over it, joined to both entities (ENTITY_A, ENTITY_B), filtered."""

    table: Table

    @classmethod
    def of(cls, f: Filters) -> PairSource:
        daily_tables = (daily_pairs, daily_outlet_pairs)
        return cls(next((t for t in daily_tables if daily.serves(f, t)), pairs))

    @property
    def daily(self) -> bool:
        return self.table is not pairs

    def articles(self) -> Any:
        return func.sum(self.table.c.articles) if self.daily else func.count(distinct(pairs.c.article_id))

    def day(self) -> Any:
        return self.table.c.day if self.daily else articles.c.published

    def select(self, f: Filters, *columns: Any) -> Query:
        if not self.daily:
            return apply_filters(select(*columns).select_from(pair_joins()), f)
        table = self.table
        joins = table.join(ENTITY_A, ENTITY_A.c.id == table.c.a).join(ENTITY_B, ENTITY_B.c.id == table.c.b)
        return select(*columns).select_from(joins).where(*daily.where(table, f))


def between(one: IdSet, two: IdSet, table: Table = pairs, indexed: bool = True) -> ColumnElement[bool]:
    """A stored pair whose two entities are one of ``one`` and one of ``two``, in either order.

    ``indexed=False`` writes it so no index on the entities can answer it (``a + 0``), for reads that
    should start from a few recent articles instead of every pair of the two entities ever stored.
    """
    a, b = (table.c.a, table.c.b) if indexed else (table.c.a + 0, table.c.b + 0)
    return or_(and_(a.in_(one), b.in_(two)), and_(a.in_(two), b.in_(one)))


def country_pairs(engine: Engine, f: Filters, level: Level, codes: list[str] | None = None) -> pd.DataFrame:
    """Articles in which two countries are named together (in one sentence, or anywhere): a, b, articles.

    ``a`` sorts before ``b``; with ``codes`` only pairs of those countries are counted.
    """
    low = case((ENTITY_A.c.country < ENTITY_B.c.country, ENTITY_A.c.country), else_=ENTITY_B.c.country).label(
        "a"
    )
    high = case(
        (ENTITY_A.c.country < ENTITY_B.c.country, ENTITY_B.c.country), else_=ENTITY_A.c.country
    ).label("b")
    source = PairSource.of(f)
    n = source.articles()
    stmt = source.select(f, low, high, n.label("articles"))
    stmt = stmt.where(ENTITY_A.c.kind == "country", ENTITY_B.c.kind == "country")
    stmt = stmt.where(source.table.c.level == level)
    stmt = stmt.where(
        ENTITY_A.c.country.is_not(None),
        ENTITY_B.c.country.is_not(None),
        ENTITY_A.c.country != ENTITY_B.c.country,
    )
    if codes is not None:
        stmt = stmt.where(ENTITY_A.c.country.in_(codes), ENTITY_B.c.country.in_(codes))
    return frame(engine, stmt.group_by(low, high).order_by(n.desc()), ["a", "b", "articles"])


def pair_series(engine: Engine, f: Filters, one: str, two: str, level: Level, unit: Unit) -> pd.DataFrame:
    """Articles per period naming the two countries (ISO3) together: period, articles."""
    source = PairSource.of(f)
    period = period_start(source.day(), unit).label("period")
    stmt = source.select(f, period, source.articles().label("articles"))
    stmt = stmt.where(source.table.c.level == level, between(*country_pair_ids(one, two), source.table))
    stmt = stmt.where(source.day().is_not(None)).group_by(period).order_by(period)
    result = frame(engine, stmt, ["period", "articles"])
    result["period"] = pd.to_datetime(result["period"])
    return result


EVIDENCE_COLUMNS = ["published", "outlet", "title", "sentence", "url", "id"]


def pair_evidence(engine: Engine, f: Filters, one: str, two: str, limit: int | None = 200) -> pd.DataFrame:
    """The sentences naming both countries (ISO3), newest first; ``limit=None`` returns all (for export)."""
    length = pairs.c.end - pairs.c.start
    sentence = func.substr(articles.c.text, pairs.c.start + 1, length).label("sentence")
    columns = [articles.c.published, sources.c.name.label("outlet"), articles.c.title, sentence]

    def query(recent: bool) -> Query:
        stmt = select(*columns, articles.c.url, articles.c.id).select_from(pair_joins())
        both = between(*country_pair_ids(one, two), indexed=not recent)
        stmt = stmt.where(pairs.c.level == "sentence", both, pairs.c.start.is_not(None))
        return apply_filters(stmt, f).order_by(
            articles.c.published.desc().nulls_last(), articles.c.id, pairs.c.start
        )

    table = PairSource.of(f).table
    table = table if table is not pairs else daily_pairs  # no daily table answers f: newest reads all days
    counted = [table.c.level == "sentence", between(*country_pair_ids(one, two), table)]
    return daily.newest(engine, query, EVIDENCE_COLUMNS, limit, f, table, *counted)


def country_pair_ids(one: str, two: str) -> tuple[IdSet, IdSet]:
    """The entity-id sets of two countries, for ``pair_series`` and ``pair_evidence``."""
    return country_ids([one]), country_ids([two])
