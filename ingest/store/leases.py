"""Source leases: several ingest workers share the due sources through the store.

A worker claims one due source at a time by writing ``leased_by``/``leased_until`` on its row, polls
it, and releases it. On PostgreSQL the claim reads the row ``FOR UPDATE SKIP LOCKED``, so two
workers never claim the same source and never wait for each other; a claim also checks that the
source was not polled since this worker looked, so no source is fetched twice in one cycle. A
worker that dies leaves its lease to lapse at ``leased_until``; the source is still due then and
the next worker takes it. SQLite has one writer at a time and the CLI allows one worker there.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from ingest.settings import SourceConfig
from ingest.store.portable import fit
from ingest.store.runs import SourceState, _source_state
from ingest.store.schema import sources

CONTENDED_PAUSE = 0.05  # seconds; a claim transaction takes about a millisecond


@dataclass(frozen=True)
class Lease:
    """Who claims sources (host, process and run) and for how long a claim holds unless released."""

    holder: str
    seconds: float


class DueSources:
    """The due, unclaimed sources, handed out one claimed source at a time to one worker."""

    def __init__(self, engine: Engine, configs: Iterable[SourceConfig], lease: Lease) -> None:
        self.engine = engine
        self.configs = {c.name: c for c in configs}
        self.lease = Lease(fit(lease.holder, sources.c.leased_by), lease.seconds)
        self.pending: deque[SourceState] = deque()
        self.missed = 0  # claims lost since the last scan

    def take(self, now: datetime) -> SourceState | None:
        """Claim the next due source; None once no due source is left unclaimed."""
        while True:
            if not self.pending:
                self.pending.extend(self._scan(now))
                if not self.pending:
                    return None
                if self.missed >= len(self.pending):  # every claim of the last pass lost a race:
                    time.sleep(CONTENDED_PAUSE)  # let the other workers' claims commit first
                self.missed = 0
            state = self.pending.popleft()
            self.missed += 1
            if self._claim(state, now):
                self.missed = 0
                return state

    def release(self, source: int) -> None:
        """Give a polled source back (its poll time now says when it is due again)."""
        mine = and_(sources.c.id == source, sources.c.leased_by == self.lease.holder)
        with self.engine.begin() as conn:
            conn.execute(update(sources).where(mine).values(leased_by=None, leased_until=None))

    def _scan(self, now: datetime) -> list[SourceState]:
        """Due sources that no live lease holds, the longest overdue first."""
        stmt = select(sources).where(sources.c.configured == 1, sources.c.disabled_at.is_(None), _free(now))
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        states = [_source_state(r, self.configs[r.name]) for r in rows if r.name in self.configs]
        due = [s for s in states if s.due(now)]
        return sorted(due, key=lambda s: (s.next_poll() or now, s.id))

    def _claim(self, state: SourceState, now: datetime) -> bool:
        """Lease this source if it is still free and not polled since the scan (others may be quicker)."""
        unchanged = and_(
            sources.c.id == state.id,
            sources.c.disabled_at.is_(None),
            sources.c.last_polled_at.is_not_distinct_from(state.last_polled_at),
            _free(now),
        )
        pick = select(sources.c.id).where(unchanged)
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                pick = pick.with_for_update(skip_locked=True)
            if conn.execute(pick).first() is None:
                return False
            until = now + timedelta(seconds=self.lease.seconds)
            stmt = update(sources).where(sources.c.id == state.id)
            conn.execute(stmt.values(leased_by=self.lease.holder, leased_until=until))
        return True


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(sources.c.leased_until.is_(None), sources.c.leased_until <= now)
