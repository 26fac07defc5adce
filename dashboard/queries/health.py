"""Ingest health: recent runs, each source's state, and the days no run succeeded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.queries.filters import frame
from dashboard.queries.periods import day_start, period_start
from ingest.health import failure_counts
from ingest.store import runs, sources


def recent_runs(engine: Engine, limit: int = 20) -> pd.DataFrame:
    """The latest runs with their failure count and the commonest failure reasons."""
    cols = [
        runs.c.id,
        runs.c.started_at,
        runs.c.finished_at,
        runs.c.status,
        runs.c.articles_added,
        runs.c.counts,
    ]
    result = frame(engine, select(*cols).order_by(runs.c.id.desc()).limit(limit), [c.name for c in cols])
    failures = [failure_counts(json.loads(c)) for c in result["counts"]]
    result["failures"] = [sum(f.values()) for f in failures]
    result["top reasons"] = [", ".join(f"{k} ×{n}" for k, n in f.most_common(3)) for f in failures]
    return result.drop(columns=["counts"])


def source_health(engine: Engine) -> pd.DataFrame:
    """Every configured source with its state: ok, failing (backing off) or disabled."""
    cols = [
        sources.c.name,
        sources.c.kind,
        sources.c.country,
        sources.c.last_polled_at,
        sources.c.last_ok_at,
        sources.c.consecutive_failures,
        sources.c.failure_score,
        sources.c.last_reason,
        sources.c.disabled_at,
    ]
    stmt = select(*cols).where(sources.c.configured == 1).order_by(sources.c.name)
    result = frame(engine, stmt, [c.name for c in cols])
    failing = result["consecutive_failures"] > 0
    result.insert(1, "state", "ok")
    result.loc[failing, "state"] = "failing"
    result.loc[result["disabled_at"].notna(), "state"] = "disabled"
    return result


@dataclass(frozen=True)
class MissingDays:
    """Days in a range with no successful ingest run; ``known`` is False when no run is recorded at all."""

    days: tuple[date, ...] = ()
    known: bool = True


def missing_days(engine: Engine, start: date | None, end: date | None) -> MissingDays:
    """Days from ``start`` to ``end`` (inclusive) on which no ingest run finished with status ok."""
    if start is None or end is None or end < start:
        return MissingDays()
    day = period_start(runs.c.started_at, "day")
    in_range = (runs.c.started_at >= day_start(start)) & (
        runs.c.started_at < day_start(end + timedelta(days=1))
    )
    with engine.connect() as conn:
        if not conn.execute(select(func.count()).select_from(runs)).scalar_one():
            return MissingDays(known=False)
        days = select(day).distinct().where(in_range, runs.c.status == "ok")
        ok = {_as_date(r[0]) for r in conn.execute(days)}
    every = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return MissingDays(tuple(d for d in every if d not in ok))


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
