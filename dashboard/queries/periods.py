"""Calendar buckets in SQL that compile on SQLite and PostgreSQL alike: the day, ISO week or month of a time.

SQLite has no DATE type (``CAST(x AS DATE)`` there yields the year as a number), PostgreSQL has no
``date(x, modifier)``; one construct with a compile rule per dialect keeps every query portable.
Buckets come back as ``date`` on both (SQLAlchemy's Date type parses SQLite's ISO strings).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Date

Unit = Literal["day", "week", "month"]
UNITS: tuple[Unit, ...] = ("day", "week", "month")

# SQLite date modifiers per bucket; week: back six days, then forward to a Monday (the ISO week's start).
_SQLITE = {"day": (), "week": ("-6 days", "weekday 1"), "month": ("start of month",)}


class _PeriodStart(FunctionElement[date]):
    """The first day of the bucket a timestamp falls in; one subclass per unit, so SQL caching sees it."""

    type = Date()
    inherit_cache = True
    unit: Unit = "day"


class _DayStart(_PeriodStart):
    inherit_cache = True
    unit: Unit = "day"


class _WeekStart(_PeriodStart):
    inherit_cache = True
    unit: Unit = "week"


class _MonthStart(_PeriodStart):
    inherit_cache = True
    unit: Unit = "month"


_BY_UNIT: dict[str, type[_PeriodStart]] = {"day": _DayStart, "week": _WeekStart, "month": _MonthStart}


def period_start(column: ColumnElement[Any], unit: Unit = "day") -> ColumnElement[date]:
    """SQL for the first day of the day, ISO week or month that ``column`` falls in."""
    return _BY_UNIT[unit](column)


@compiles(_PeriodStart, "sqlite")
def _sqlite_period(element: _PeriodStart, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    modifiers = "".join(f", '{m}'" for m in _SQLITE[element.unit])
    return f"date({column}{modifiers})"


@compiles(_PeriodStart)
def _default_period(element: _PeriodStart, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    if element.unit == "day":
        return f"CAST({column} AS DATE)"
    return f"CAST(date_trunc('{element.unit}', {column}) AS DATE)"


def bucket_of(day: date, unit: Unit) -> date:
    """The same bucketing in Python: the day itself, its ISO week's Monday, or the first of its month."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def bucket_end(start: date, unit: Unit) -> date:
    """The last day (inclusive) of the bucket that starts on ``start``."""
    if unit == "week":
        return start + timedelta(days=6)
    if unit == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return start


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def as_unit(value: object, default: Unit = "week") -> Unit:
    """A widget's value as a Unit (the default when it is none)."""
    for unit in UNITS:
        if value == unit:
            return unit
    return default
