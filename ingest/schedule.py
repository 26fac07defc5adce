"""Unattended operation: one run at a time (a lock), and ``mediamon schedule`` repeating runs."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import logging
import os
import random
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from sqlalchemy import Engine

from ingest import store
from ingest.settings import Settings

log = logging.getLogger("mediamon.schedule")


class RunLocked(RuntimeError):
    """Another ingest run holds the lock (a cron overlap, or a second scheduler)."""


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for one run; the kernel releases it if the process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(f"another mediamon run holds {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class StopFlag:
    """Set by SIGTERM/SIGINT: the current run finishes, then the scheduler exits; a second signal aborts."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt  # the run in progress is recorded as interrupted
        log.info("stopping after the current run (signal %s); send it again to abort", signum)
        self.event.set()


def seconds_until_due(engine: Engine, settings: Settings, now: datetime) -> float:
    """Seconds until the next source is due (0 when one is due now), capped so state changes are seen."""
    states = store.sync_sources(engine, settings.sources)
    upcoming = [t for t in (s.next_poll() for s in states) if t is not None]
    cap = settings.schedule.max_sleep_seconds
    if not upcoming:
        return cap
    wait = max(0.0, (min(upcoming) - now).total_seconds())
    return min(cap, wait * (1 + random.uniform(0, settings.schedule.jitter)))


def run_forever(engine: Engine, settings: Settings, one_run: Callable[[], None], stop: StopFlag) -> int:
    """Run whenever a source is due until stopped; returns how many runs it made."""
    runs = 0
    while not stop.event.is_set():
        if seconds_until_due(engine, settings, datetime.now(UTC)) == 0:
            try:
                with run_lock(Path(settings.schedule.lock_file)):
                    one_run()
                    runs += 1
            except RunLocked as exc:
                log.warning("%s; waiting", exc)
            release_memory()
        stop.event.wait(max(1.0, seconds_until_due(engine, settings, datetime.now(UTC))))
    return runs


def release_memory() -> None:
    """Give the memory a run freed back to the system between runs.

    A run's big transient buffers (a 2 MB feed, a batch of pages) leave glibc's heap at its high-water
    mark, so a process that runs for months would show its worst run's size; ``malloc_trim`` returns
    the free pages. Elsewhere (not glibc) only the garbage collection is done.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
