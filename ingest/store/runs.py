"""Writes for sources, runs and fetch outcomes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Engine,
    and_,
    insert,
    select,
    update,
)

from ingest import health
from ingest.records import Outcome, OutcomeKind, Validators
from ingest.settings import SourceConfig
from ingest.store.portable import fit, serialize
from ingest.store.schema import fetches, insert_id, runs, sources

# --- sources ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceState:
    """A configured source joined with what the store remembers about it."""

    id: int
    config: SourceConfig
    validators: Validators
    last_polled_at: datetime | None
    disabled_at: datetime | None
    failures: int = 0

    def next_poll(self) -> datetime | None:
        """When the source is due next; None when it is disabled. Failing sources back off."""
        if self.disabled_at is not None:
            return None
        if self.last_polled_at is None:
            return datetime.min.replace(tzinfo=UTC)
        return health.next_poll(self.last_polled_at, self.config.poll_minutes, self.failures)

    def due(self, now: datetime) -> bool:
        upcoming = self.next_poll()
        return upcoming is not None and upcoming <= now


def sync_sources(engine: Engine, configs: Iterable[SourceConfig]) -> list[SourceState]:
    """Insert or update configured sources; sources no longer configured are kept but marked."""
    configs = list(configs)
    names = {c.name for c in configs}
    with engine.begin() as conn:
        serialize(conn, "sources")  # workers start together and would insert the same names
        existing = {r.name: r for r in conn.execute(select(sources))}
        for c in configs:
            values = dict(
                kind=c.kind,
                location=c.location,
                country=c.country,
                language=c.language,
                poll_minutes=c.poll_minutes,
                configured=1,
            )
            if c.name in existing:
                conn.execute(update(sources).where(sources.c.name == c.name).values(**values))
            else:
                conn.execute(insert(sources).values(name=c.name, **values))
        gone = [n for n in existing if n not in names]
        if gone:
            conn.execute(update(sources).where(sources.c.name.in_(gone)).values(configured=0))
        rows = {r.name: r for r in conn.execute(select(sources).where(sources.c.configured == 1))}
    return [_source_state(rows[c.name], c) for c in configs]


def _source_state(row: Any, config: SourceConfig) -> SourceState:
    return SourceState(
        id=row.id,
        config=config,
        validators=Validators(row.etag, row.last_modified),
        last_polled_at=row.last_polled_at,
        disabled_at=row.disabled_at,
        failures=row.consecutive_failures,
    )


def source_id(engine: Engine, name: str, kind: str = "files", location: str = "") -> int:
    """The id of a source by name, creating an unconfigured one (used by ``import``).

    Names come from the command line and from JSON records: one longer than the column is cut to it.
    """
    name = fit(name, sources.c.name)
    with engine.begin() as conn:
        row = conn.execute(select(sources.c.id).where(sources.c.name == name)).first()
        if row:
            return int(row[0])
        values = dict(name=name, kind=kind, location=location, poll_minutes=60, configured=0)
        return insert_id(conn, insert(sources).values(**values).returning(sources.c.id))


def save_poll(
    engine: Engine,
    source: int,
    outcome: Outcome,
    validators: Validators | None,
    now: datetime,
    disable_score: float,
) -> bool:
    """Remember a poll and its failures scored by kind; True if it disabled the source.

    ``validators`` replace the stored ETag/Last-Modified when given (empty ones force a full fetch
    next time); None keeps them.
    """
    reason = fit(outcome.reason, sources.c.last_reason)
    values: dict[str, Any] = {"last_polled_at": now, "last_reason": reason}
    if validators is not None:
        values |= {"etag": validators.etag, "last_modified": validators.last_modified}
    with engine.begin() as conn:
        row = conn.execute(select(sources.c.failure_score).where(sources.c.id == source)).one()
        weight = health.failure_weight(outcome)
        if weight == 0:
            values |= {"last_ok_at": now, "consecutive_failures": 0, "failure_score": 0.0}
        else:
            score = row.failure_score + weight
            values |= {"consecutive_failures": sources.c.consecutive_failures + 1, "failure_score": score}
            if score >= disable_score:
                values["disabled_at"] = now
        conn.execute(update(sources).where(sources.c.id == source).values(**values))
    return "disabled_at" in values


def enable_source(engine: Engine, name: str) -> bool:
    """Clear a source's failures and disabled mark; False when there is no such source."""
    values = dict(disabled_at=None, consecutive_failures=0, failure_score=0.0)
    with engine.begin() as conn:
        return conn.execute(update(sources).where(sources.c.name == name).values(**values)).rowcount > 0


# --- runs and fetch outcomes -----------------------------------------------------------------------


def start_run(engine: Engine, now: datetime) -> int:
    with engine.begin() as conn:
        return insert_id(conn, insert(runs).values(started_at=now, status="running").returning(runs.c.id))


def finish_run(
    engine: Engine,
    run: int,
    now: datetime,
    status: str,
    counts: Mapping[str, int],
    added: int,
    error: str | None = None,
) -> None:
    values = dict(
        finished_at=now,
        status=status,
        counts=json.dumps(dict(counts), sort_keys=True),
        articles_added=added,
        error=error,
    )
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == run).values(**values))


def close_abandoned_runs(engine: Engine, now: datetime, quiet: timedelta | None = None) -> int:
    """Mark runs left 'running' by a crashed process as interrupted.

    With ``quiet`` (workers share the store, so other runs may be alive) only runs that started and
    recorded no fetch for that long count as abandoned.
    """
    abandoned = runs.c.status == "running"
    if quiet is not None:
        since = now - quiet
        heard = select(fetches.c.id).where(fetches.c.run_id == runs.c.id, fetches.c.fetched_at >= since)
        abandoned = and_(abandoned, runs.c.started_at < since, ~heard.exists())
    with engine.begin() as conn:
        stmt = update(runs).where(abandoned).values(status="interrupted", finished_at=now)
        return conn.execute(stmt).rowcount


@dataclass(frozen=True)
class FetchLog:
    """One attempt, as the fetches table records it."""

    url: str
    target: str
    outcome: Outcome
    elapsed: float = 0.0


def save_fetches(
    engine: Engine, run: int | None, source: int | None, logs: Iterable[FetchLog], now: datetime
) -> None:
    rows = [
        dict(
            run_id=run,
            source_id=source,
            url=log.url,
            target=log.target,
            outcome=str(log.outcome.kind),
            reason=fit(log.outcome.reason, fetches.c.reason),
            status=log.outcome.status,
            elapsed_ms=int(log.elapsed * 1000),
            fetched_at=now,
        )
        for log in logs
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(fetches), rows)


def recently_failed(engine: Engine, urls: Iterable[str], since: datetime) -> set[str]:
    """Which of these article URLs failed for good (gone, forbidden, not an article) since ``since``."""
    wanted = list(dict.fromkeys(urls))
    final = [str(OutcomeKind.HARD), str(OutcomeKind.SOFT)]
    found: set[str] = set()
    with engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            stmt = select(fetches.c.url).where(
                fetches.c.url.in_(wanted[i : i + 500]),
                fetches.c.target == "article",
                fetches.c.outcome.in_(final),
                fetches.c.fetched_at >= since,
            )
            found.update(conn.execute(stmt).scalars())
    return found
