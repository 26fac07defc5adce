"""Unattended operation: the run lock, the wait until the next due source, and stopping on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine

from ingest import store
from ingest.records import Outcome, OutcomeKind
from ingest.schedule import RunLocked, StopFlag, run_forever, run_lock, seconds_until_due
from ingest.settings import ScheduleSettings, Settings, SourceConfig

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_the_lock_refuses_a_second_holder_and_is_free_again_after(tmp_path: Path) -> None:
    with run_lock(tmp_path / "l"), pytest.raises(RunLocked), run_lock(tmp_path / "l"):
        pass
    with run_lock(tmp_path / "l"):
        pass


def test_wait_is_zero_when_due_and_otherwise_until_the_next_poll(engine: Engine) -> None:
    config = SourceConfig("a", "rss", "https://a.example/f", poll_minutes=10)
    settings = Settings(sources=(config,), schedule=ScheduleSettings(jitter=0.0, max_sleep_seconds=3600))
    assert seconds_until_due(engine, settings, NOW) == 0
    [state] = store.sync_sources(engine, [config])
    store.save_poll(engine, state.id, Outcome(OutcomeKind.OK, "ok"), None, NOW, 8.0)
    assert seconds_until_due(engine, settings, NOW + timedelta(minutes=4)) == 360


def test_run_forever_runs_when_due_and_stops_when_asked(engine: Engine, tmp_path: Path) -> None:
    config = SourceConfig("a", "rss", "https://a.example/f", poll_minutes=10)
    settings = Settings(sources=(config,), schedule=ScheduleSettings(lock_file=str(tmp_path / "l")))
    stop = StopFlag()
    [state] = store.sync_sources(engine, [config])

    def one_run() -> None:
        store.save_poll(engine, state.id, Outcome(OutcomeKind.OK, "ok"), None, datetime.now(UTC), 8)
        stop.event.set()

    assert run_forever(engine, settings, one_run, stop) == 1


def test_schedule_command_stops_cleanly_on_sigterm(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    cfg = tmp_path / "m.toml"
    cfg.write_text(
        f'[schedule]\nlock_file = "{tmp_path / "l"}"\n[fetch]\nallow_loopback = true\n'
        "[enrich]\nenabled = false\n"
        f'[[sources]]\nname = "a"\nkind = "rss"\nlocation = "{httpserver.url_for("/feed.xml")}"\n'
    )
    env = os.environ | {"MEDIAMON_DATABASE_URL": db_url, "MEDIAMON_CONFIG": str(cfg)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "--log-json", "schedule"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    engine = store.connect(db_url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _finished_runs(engine):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert _finished_runs(engine) >= 1
    assert "scheduler stopped after" in err


def _finished_runs(engine: Engine) -> int:
    try:
        return sum(r["status"] == "ok" for r in store.status(engine)["runs"])
    except Exception:  # the scheduler has not created the schema yet
        return 0
