"""Articles: counts over time, the article table, and the choices the sidebar offers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, distinct, func, inspect, null, select

from dashboard.queries import daily
from dashboard.queries.filters import ACTOR_KINDS, Filters, Query, apply_filters, frame, joined
from dashboard.queries.periods import Unit, period_start
from ingest.store import (
    articles,
    daily_articles,
    entities,
    entity_totals,
    metadata,
    sources,
    stories,
    topics,
)


def outlet_names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(sources.c.name).order_by(sources.c.name))]


def outlet_countries(engine: Engine) -> list[str]:
    column = sources.c.country
    stmt = select(column).distinct().where(column.is_not(None)).order_by(column)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


def languages(engine: Engine) -> list[str]:
    column = daily_articles.c.language
    stmt = select(column).distinct().where(column.is_not(None)).order_by(column)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


def mentioned_countries(engine: Engine) -> list[str]:
    """ISO3 codes of every country some article mentions, in the most articles first."""
    stmt = (
        select(entities.c.country)
        .join(entity_totals, entity_totals.c.entity_id == entities.c.id)
        .where(entities.c.kind == "country", entities.c.country.is_not(None))
        .group_by(entities.c.country)
        .order_by(func.sum(entity_totals.c.articles).desc(), entities.c.country)
    )
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


def actor_choices(engine: Engine, limit: int = 3000) -> pd.DataFrame:
    """People and organisations with mentions (id, name, kind, country), in the most articles first."""
    cols = [entities.c.id, entities.c.name, entities.c.kind, entities.c.country]
    stmt = (
        select(*cols)
        .join(entity_totals, entity_totals.c.entity_id == entities.c.id)
        .where(entities.c.kind.in_(ACTOR_KINDS))
        .order_by(entity_totals.c.articles.desc(), entities.c.name)
        .limit(limit)
    )
    return frame(engine, stmt, ["id", "name", "kind", "country"])


def actor_names(engine: Engine, ids: tuple[int, ...]) -> dict[int, str]:
    """Names of these actors (ids that are not actors are left out)."""
    if not ids:
        return {}
    stmt = select(entities.c.id, entities.c.name).where(
        entities.c.id.in_(ids), entities.c.kind.in_(ACTOR_KINDS)
    )
    with engine.connect() as conn:
        return {int(r.id): r.name for r in conn.execute(stmt)}


def topic_choices(engine: Engine) -> pd.DataFrame:
    """Live topics (id, label) once the store has topics; an empty frame before."""
    topics = metadata.tables.get("topics")
    # A store not yet migrated to schema v3 has no topics table (nor articles.topic_id) to read.
    if topics is None or not inspect(engine).has_table("topics"):
        return pd.DataFrame(columns=["id", "label"])
    stmt = select(topics.c.id, topics.c.label).order_by(topics.c.id)
    if "status" in topics.c:
        stmt = stmt.where(topics.c.status == "live")
    return frame(engine, stmt, ["id", "label"])


def published_bounds() -> Query:
    """The first and last publication times, as two subqueries: SQLite answers each from the index on
    ``published`` alone, but scans the whole index for min and max in one select (0.25 s at 1M)."""
    return select(
        select(func.min(articles.c.published)).scalar_subquery(),
        select(func.max(articles.c.published)).scalar_subquery(),
    )


def date_bounds(engine: Engine) -> tuple[date | None, date | None]:
    with engine.connect() as conn:
        low, high = conn.execute(published_bounds()).one()
    return (low.date() if low else None, high.date() if high else None)


def articles_per_day(engine: Engine, f: Filters) -> pd.DataFrame:
    """Articles per day and outlet: columns day, outlet, articles."""
    if daily.serves(f, daily_articles):
        day: Any = daily_articles.c.day
        n: Any = func.sum(daily_articles.c.articles)
        stmt = _daily_select(f, day.label("day"))
    else:
        day, n = period_start(articles.c.published, "day"), func.count()
        stmt = apply_filters(joined(select(day.label("day"))), f)
    stmt = (
        stmt.add_columns(sources.c.name.label("outlet"), n.label("articles"))
        .where(day.is_not(None))
        .group_by(day, sources.c.name)
        .order_by(day)
    )
    result = frame(engine, stmt, ["day", "outlet", "articles"])
    result["day"] = pd.to_datetime(result["day"])
    return result


def coverage_per_period(engine: Engine, f: Filters, unit: Unit) -> pd.DataFrame:
    """All matching coverage per period: columns period, articles, outlets (independent outlets)."""
    if daily.serves(f, daily_articles):
        day: Any = daily_articles.c.day
        n: Any = func.sum(daily_articles.c.articles)
        outlets = daily.independent_outlets(daily_articles)
        stmt = _daily_select(f, period_start(day, unit).label("period"))
    else:
        day, n, outlets = articles.c.published, func.count(), independent_outlets()
        stmt = apply_filters(joined(select(period_start(day, unit).label("period"))), f)
    stmt = stmt.add_columns(n.label("articles"), outlets.label("outlets"))
    period = period_start(day, unit)
    stmt = stmt.where(day.is_not(None))
    result = frame(engine, stmt.group_by(period).order_by(period), ["period", "articles", "outlets"])
    result["period"] = pd.to_datetime(result["period"])
    return result


def independent_outlets() -> Any:
    """Distinct outlets, counting only articles that are not a syndicated copy of another."""
    return func.count(distinct(case((articles.c.duplicate_of.is_(None), articles.c.source_id))))


ARTICLE_COLUMNS = [
    "published",
    "outlet",
    "title",
    "topic",
    "story",
    "copy_of",
    "url",
    "word_count",
    "language",
    "id",
    "topic_id",
    "story_id",
    "duplicate_of",
]
_ORIGINAL, _ORIGINAL_SOURCE = articles.alias("original"), sources.alias("original_source")
SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (articles.c.published.desc().nulls_last(), articles.c.id.desc()),
    "oldest": (articles.c.published.asc().nulls_last(), articles.c.id.asc()),
    "outlet": (sources.c.name.asc(), articles.c.published.desc().nulls_last()),
    "title": (articles.c.title.asc(), articles.c.id.asc()),
    "longest": (articles.c.word_count.desc(), articles.c.id.asc()),
}


def article_table(engine: Engine, f: Filters, limit: int | None = 500, sort: str = "newest") -> pd.DataFrame:
    """Matching articles in the chosen order; ``limit=None`` returns all of them (for export)."""
    found = inspect(engine)
    clustered = found.has_table("topics") and found.has_table("stories")
    stmt = apply_filters(_article_select(clustered), f).order_by(*SORTS.get(sort, SORTS["newest"]))
    if limit is not None:
        stmt = stmt.limit(limit)
    result = frame(engine, stmt, ARTICLE_COLUMNS).astype(
        {"topic_id": "Int64", "story_id": "Int64", "duplicate_of": "Int64"}
    )
    # A copy's original is named by its outlet; one without an outlet by its id.
    unnamed = result["duplicate_of"].notna() & result["copy_of"].isna()
    result.loc[unnamed, "copy_of"] = [f"article {int(i)}" for i in result.loc[unnamed, "duplicate_of"]]
    return result


def _article_select(clustered: bool) -> Query:
    """The table's columns; the topic and story labels (and ids) only once the store has those tables."""
    stmt = select(
        articles.c.published,
        sources.c.name.label("outlet"),
        articles.c.title,
        (topics.c.label if clustered else null()).label("topic"),
        (stories.c.label if clustered else null()).label("story"),
        _ORIGINAL_SOURCE.c.name.label("copy_of"),
        articles.c.url,
        articles.c.word_count,
        articles.c.language,
        articles.c.id,
        (articles.c.topic_id if clustered else null()).label("topic_id"),
        (articles.c.story_id if clustered else null()).label("story_id"),
        articles.c.duplicate_of,
    )
    joins = articles.outerjoin(sources, sources.c.id == articles.c.source_id)
    if clustered:
        joins = joins.outerjoin(topics, topics.c.id == articles.c.topic_id)
        joins = joins.outerjoin(stories, stories.c.id == articles.c.story_id)
    joins = joins.outerjoin(_ORIGINAL, _ORIGINAL.c.id == articles.c.duplicate_of)
    joins = joins.outerjoin(_ORIGINAL_SOURCE, _ORIGINAL_SOURCE.c.id == _ORIGINAL.c.source_id)
    return stmt.select_from(joins)


def count_articles(engine: Engine, f: Filters) -> int:
    if daily.serves(f, daily_articles):
        stmt = _daily_select(f, func.coalesce(func.sum(daily_articles.c.articles), 0))
    else:
        stmt = apply_filters(joined(select(func.count())), f)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def _daily_select(f: Filters, *columns: Any) -> Query:
    """``columns`` over the daily article counts with their outlet, under ``f`` (which it serves)."""
    joins = daily_articles.outerjoin(sources, sources.c.id == daily_articles.c.source_id)
    return select(*columns).select_from(joins).where(*daily.where(daily_articles, f))
