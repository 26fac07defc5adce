"""Co-mentions: pairs of countries (or actors) named in one sentence or one article, and their evidence."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, case, distinct, func, or_, select

from dashboard.queries.filters import Filters, Query, apply_filters, country_ids, frame
from dashboard.queries.periods import Unit, period_start
from ingest.store import articles, entities, pairs, sources

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


def between(one: IdSet, two: IdSet) -> ColumnElement[bool]:
    """A stored pair whose two entities are one of ``one`` and one of ``two``, in either order."""
    return or_(and_(pairs.c.a.in_(one), pairs.c.b.in_(two)), and_(pairs.c.a.in_(two), pairs.c.b.in_(one)))


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
    stmt = select(low, high, func.count(distinct(pairs.c.article_id)).label("articles")).select_from(
        pair_joins()
    )
    stmt = stmt.where(ENTITY_A.c.kind == "country", ENTITY_B.c.kind == "country", pairs.c.level == level)
    stmt = stmt.where(
        ENTITY_A.c.country.is_not(None),
        ENTITY_B.c.country.is_not(None),
        ENTITY_A.c.country != ENTITY_B.c.country,
    )
    if codes is not None:
        stmt = stmt.where(ENTITY_A.c.country.in_(codes), ENTITY_B.c.country.in_(codes))
    stmt = (
        apply_filters(stmt, f).group_by(low, high).order_by(func.count(distinct(pairs.c.article_id)).desc())
    )
    return frame(engine, stmt, ["a", "b", "articles"])


def pair_series(engine: Engine, f: Filters, one: str, two: str, level: Level, unit: Unit) -> pd.DataFrame:
    """Articles per period naming the two countries (ISO3) together: period, articles."""
    period = period_start(articles.c.published, unit).label("period")
    stmt = select(period, func.count(distinct(pairs.c.article_id)).label("articles")).select_from(
        pair_joins()
    )
    stmt = apply_filters(stmt.where(pairs.c.level == level, between(*country_pair_ids(one, two))), f)
    stmt = stmt.where(articles.c.published.is_not(None)).group_by(period).order_by(period)
    result = frame(engine, stmt, ["period", "articles"])
    result["period"] = pd.to_datetime(result["period"])
    return result


EVIDENCE_COLUMNS = ["published", "outlet", "title", "sentence", "url", "id"]


def pair_evidence(engine: Engine, f: Filters, one: str, two: str, limit: int | None = 200) -> pd.DataFrame:
    """The sentences naming both countries (ISO3), newest first; ``limit=None`` returns all (for export)."""
    length = pairs.c.end - pairs.c.start
    sentence = func.substr(articles.c.text, pairs.c.start + 1, length).label("sentence")
    stmt = select(
        articles.c.published,
        sources.c.name.label("outlet"),
        articles.c.title,
        sentence,
        articles.c.url,
        articles.c.id,
    ).select_from(pair_joins())
    stmt = stmt.where(
        pairs.c.level == "sentence", between(*country_pair_ids(one, two)), pairs.c.start.is_not(None)
    )
    stmt = apply_filters(stmt, f).order_by(
        articles.c.published.desc().nulls_last(), articles.c.id, pairs.c.start
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return frame(engine, stmt, EVIDENCE_COLUMNS)


def country_pair_ids(one: str, two: str) -> tuple[IdSet, IdSet]:
    """The entity-id sets of two countries, for ``pair_series`` and ``pair_evidence``."""
    return country_ids([one]), country_ids([two])
