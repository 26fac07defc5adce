"""Reading the daily tables (``ingest/store/rollups.py``) in place of the raw mentions and pairs.

They hold counts per day, outlet and language (pairs: per day only), so they answer filters on dates,
outlets, outlet countries and languages (pairs: dates only). Filters on what an article says (countries,
actors, topics, stories, search words) need the raw rows; each query then takes its raw form.
A day's counts are brought up to date after every run (``mediamon`` refreshes them after enrichment and
clustering), so they can trail a run in progress by that run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, case, distinct, func, select

from dashboard.queries.filters import Filters
from dashboard.search import parse_search
from ingest.store import daily_pairs, sources


def serves(f: Filters, table: Table) -> bool:
    """Whether ``table`` can answer these filters."""
    if f.countries or f.actors or f.topics or f.stories or parse_search(f.search).clauses:
        return False
    return table is not daily_pairs or not (f.outlets or f.outlet_countries or f.languages)


def where(table: Table, f: Filters) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``table`` (one ``serves`` accepted)."""
    return days(table, f.start, f.end) + outlets(table, f.outlets, f.outlet_countries, f.languages)


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
