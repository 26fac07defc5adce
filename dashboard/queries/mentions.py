"""Mentions of chosen countries or actors: per period, in total, and the entities most mentioned."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, Engine, FromClause, Table, distinct, func, select

from dashboard.labels import country_label
from dashboard.queries import daily
from dashboard.queries.coverage import independent_outlets
from dashboard.queries.filters import ACTOR_KINDS, Filters, Query, apply_filters, frame
from dashboard.queries.periods import Unit, period_start
from ingest.store import articles, daily_mentions, daily_topic_mentions, entities, mentions, sources

Kind = Literal["country", "actor"]
Key = str | int  # an ISO3 code for a country, an entity id for an actor
COLUMNS = ["key", "label", "articles", "outlets"]


def entity_count(engine: Engine, kind: Kind) -> int:
    """How many entities of ``kind`` the store knows (none before enrichment ran)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(entities).where(of_kind(kind))).scalar_one())


def _key(kind: Kind) -> ColumnElement[Any]:
    return entities.c.country if kind == "country" else entities.c.id


def of_kind(kind: Kind, indexed: bool = True) -> ColumnElement[bool]:
    column = entities.c.kind if indexed else entities.c.kind.concat("")  # kind || '': no index answers it
    return column == "country" if kind == "country" else column.in_(ACTOR_KINDS)


def of_articles(kind: Kind) -> tuple[FromClause, ColumnElement[bool]]:
    """Mentions joined to their entity, article and outlet, and the condition for entities of ``kind``,
    written so that neither the kind nor the entity can be looked up by index.

    The filtered articles are then where a read starts (by period, topic or story), each one's mentions
    from its covering index: bounded by the articles asked about. Left free, SQLite starts from the kind's
    entities and reads every mention of them ever stored (a topic's top countries over 90 days of a 100k
    store: 1.4-2.4 s that way, 0.05-0.07 s from the articles).
    """
    joins = (
        mentions.join(entities, entities.c.id == mentions.c.entity_id + 0)
        .join(articles, articles.c.id == mentions.c.article_id)
        .outerjoin(sources, sources.c.id == articles.c.source_id)
    )
    return joins, of_kind(kind, indexed=False)


def _counted(f: Filters, kind: Kind, *extra: Any) -> tuple[Query, Any]:
    """Articles and independent outlets per entity of ``kind`` under ``f``, and the article count itself:
    from the daily table when it answers ``f``, else over mentions joined to their article."""
    key = _key(kind).label("key")
    table = _daily(f)
    if table is not None:
        n: Any = func.sum(table.c.articles)
        stmt = select(*extra, key, entities.c.name, n.label("articles"))
        stmt = stmt.add_columns(daily.independent_outlets(table).label("outlets"))
        stmt = stmt.select_from(table.join(entities, entities.c.id == table.c.entity_id))
        stmt = stmt.where(*daily.where(table, f), of_kind(kind))
    else:
        n = func.count(distinct(articles.c.id))
        stmt = select(*extra, key, entities.c.name, n.label("articles"))
        stmt = stmt.add_columns(independent_outlets().label("outlets"))
        joins, unindexed = of_articles(kind)
        stmt = apply_filters(stmt.select_from(joins), f).where(unindexed)
    return stmt.where(_key(kind).is_not(None)), n


def _daily(f: Filters) -> Table | None:
    """The daily table that answers ``f``: per topic when it picks topics; None: count the raw rows."""
    return next((t for t in (daily_mentions, daily_topic_mentions) if daily.serves(f, t)), None)


def _labelled(result: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    labels = [
        country_label(k) if kind == "country" else n
        for k, n in zip(result["key"], result["name"], strict=True)
    ]
    result.insert(result.columns.get_loc("key") + 1, "label", labels)
    return result.drop(columns=["name"])


def top_entities(engine: Engine, f: Filters, kind: Kind, limit: int | None = 10) -> pd.DataFrame:
    """The entities of ``kind`` in the most matching articles: key, label, articles, outlets."""
    stmt, n = _counted(f, kind)
    stmt = stmt.group_by(_key(kind), entities.c.name).order_by(n.desc(), entities.c.name)
    if limit is not None:
        stmt = stmt.limit(limit)
    return _labelled(frame(engine, stmt, ["key", "name", "articles", "outlets"]), kind)


def entity_totals(engine: Engine, f: Filters, kind: Kind, keys: list[Key]) -> pd.DataFrame:
    """Articles and independent outlets for each chosen entity: key, label, articles, outlets."""
    stmt = _counted(f, kind)[0].where(_key(kind).in_(keys)).group_by(_key(kind), entities.c.name)
    return _labelled(frame(engine, stmt, ["key", "name", "articles", "outlets"]), kind)


def entity_series(engine: Engine, f: Filters, kind: Kind, keys: list[Key], unit: Unit) -> pd.DataFrame:
    """Per period and chosen entity: period, key, label, articles, outlets."""
    table = _daily(f)
    day = articles.c.published if table is None else table.c.day
    period = period_start(day, unit).label("period")
    stmt = _counted(f, kind, period)[0].where(_key(kind).in_(keys), day.is_not(None))
    stmt = stmt.group_by(period, _key(kind), entities.c.name).order_by(period)
    result = _labelled(frame(engine, stmt, ["period", *["key", "name", "articles", "outlets"]]), kind)
    result["period"] = pd.to_datetime(result["period"])
    return result
