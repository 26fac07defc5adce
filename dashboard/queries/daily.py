"""Reading the daily tables (``ingest/store/rollups.py``) in place of the raw mentions and pairs.

They hold counts per day, outlet and language, so they answer filters on dates, outlets, outlet countries
and languages (pairs are also summed per day, a sixth of the rows, for filters on dates only); mentions
are also counted per topic, for the same filters with topics. Filters on what an article says (countries,
actors, stories, search words) need the raw rows; each query then takes its raw form.
A day's counts are brought up to date after every run (``mediamon`` refreshes them after enrichment and
clustering), so they can trail a run in progress by that run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Table, case, distinct, func, select

from dashboard.queries.filters import Filters, Query, frame
from dashboard.queries.periods import day_start
from dashboard.search import parse_search
from ingest.store import articles, daily_articles, daily_pairs, daily_topic_mentions, sources


def serves(f: Filters, table: Table) -> bool:
    """Whether ``table`` can answer these filters (only ``daily_topic_mentions`` those with topics)."""
    if table is daily_topic_mentions:
        return bool(f.topics) and per_topic(f)
    if f.topics or not per_topic(f):
        return False
    return table is not daily_pairs or not (f.outlets or f.outlet_countries or f.languages)


def per_topic(f: Filters) -> bool:
    """Whether ``daily_topic_mentions`` answers these filters in counts per topic: nothing chosen by what
    articles say but topics (it holds only articles that have a topic)."""
    return not (f.countries or f.actors or f.stories or parse_search(f.search).clauses)


def where(table: Table, f: Filters) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``table`` (one ``serves`` accepted)."""
    topics = [table.c.topic_id.in_(f.topics)] if f.topics else []
    return days(table, f.start, f.end) + outlets(table, f.outlets, f.outlet_countries, f.languages) + topics


def days(table: Table, first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if first is not None:
        conds.append(table.c.day >= first)
    if last is not None:
        conds.append(table.c.day <= last)
    return conds


def week_days(table: Table, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """The days of [start, end) (midnights UTC, as the weekly brief's weeks are)."""
    return days(table, start.date(), (end - timedelta(days=1)).date())


def outlets(
    table: Table,
    names: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if names:
        conds.append(table.c.source_id.in_(select(sources.c.id).where(sources.c.name.in_(names))))
    if countries:
        conds.append(table.c.source_id.in_(select(sources.c.id).where(sources.c.country.in_(countries))))
    if languages:
        conds.append(table.c.language.in_(languages))
    return conds


def independent_outlets(table: Table) -> Any:
    """Distinct outlets with at least one article that is not a copy (as ``coverage.independent_outlets``)."""
    return func.count(distinct(case((table.c.originals > 0, table.c.source_id))))


def newest(
    engine: Engine,
    query: Callable[[bool], Query],
    columns: list[str],
    limit: int | None,
    f: Filters,
    table: Table,
    *conds: Any,
) -> pd.DataFrame:
    """``limit`` rows of ``query`` (ordered newest first, one row or more per article of ``table``'s counts
    under ``conds``), read only over the newest days that the daily counts say hold ``limit`` articles.

    ``query(True)`` is the statement for that bounded read: it should not let the database start from an
    index on the entities (all their rows ever), so the recent articles drive it. That is done only when
    those days hold fewer articles than the entities have rows in all (a rare entity is cheaper to read
    from its index). All days are read with ``query(False)`` otherwise, when the counts cannot answer
    ``f``, or when the bounded read comes up short (counts not refreshed since an article changed), so
    the rows are always the newest ``limit``.
    """
    if limit is None:
        return frame(engine, query(False), columns)
    if serves(f, table):
        since = _first_of_newest(engine, table, [*where(table, f), *conds], limit)
        if since is not None and _recent_is_smaller(engine, f, since, table, conds):
            recent = query(True).where(articles.c.published >= day_start(since)).limit(limit)
            found = frame(engine, recent, columns)
            if len(found) >= limit:
                return found
    return frame(engine, query(False).limit(limit), columns)


def _first_of_newest(
    engine: Engine, table: Table, conds: list[ColumnElement[bool]], enough: int
) -> date | None:
    """The earliest of the newest days that together hold ``enough`` articles; None when all do not."""
    day = table.c.day
    stmt = select(day, func.sum(table.c.articles)).where(*conds, day.is_not(None)).group_by(day)
    total = 0
    with engine.connect() as conn:
        for first, n in conn.execute(stmt.order_by(day.desc())):
            total += int(n)
            if total >= enough:
                return first if isinstance(first, date) else date.fromisoformat(str(first))
    return None


def _recent_is_smaller(engine: Engine, f: Filters, since: date, table: Table, conds: tuple[Any, ...]) -> bool:
    """Whether the articles since ``since`` are fewer than the entities' rows ever (each read's size)."""
    recent = _sum(engine, daily_articles, *where(daily_articles, f), daily_articles.c.day >= since)
    return recent < _sum(engine, table, *conds)


def _sum(engine: Engine, table: Table, *conds: Any) -> int:
    """Articles counted in ``table`` under ``conds``, over all days unless they say otherwise."""
    stmt = select(func.coalesce(func.sum(table.c.articles), 0)).where(*conds)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())
