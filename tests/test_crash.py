"""Crash safety: kill -9 an ingest at several points, run again, get what an uninterrupted run stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest import store
from ingest.demo import DemoWeb, World, build_world, demo_sources, serve

END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    world: World = build_world(seed=23, articles=150, end=END, weeks=4)
    with serve(world) as running:
        yield running


def config(web: DemoWeb, tmp_path: Path) -> Path:
    lines = [
        f'[schedule]\nlock_file = "{tmp_path / "lock"}"',
        "[fetch]\nallow_loopback = true\nper_host_delay = 0.0\nper_host_concurrency = 4",
        "[extract]\nworkers = 1",
        "[enrich]\nenabled = false",
    ]
    for s in demo_sources(web):
        lines.append(f'[[sources]]\nname = "{s.name}"\nkind = "{s.kind}"\nlocation = "{s.location}"')
    path = tmp_path / "mediamon.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(cfg: Path, url: str) -> subprocess.Popen[bytes]:
    env = os.environ | {"MEDIAMON_DATABASE_URL": url, "MEDIAMON_CONFIG": str(cfg)}
    return subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "ingest", "--all"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def snapshot(url: str) -> tuple[list[tuple[str, str, str | None]], int]:
    """What an analyst would see: every article with its text and original, and the row count."""
    engine = store.connect(url)
    with engine.connect() as conn:
        a, b = store.articles, store.articles.alias("b")
        rows = conn.execute(
            select(a.c.canonical_url, a.c.fingerprint, b.c.canonical_url)
            .outerjoin(b, b.c.id == a.c.duplicate_of)
            .order_by(a.c.canonical_url)
        ).all()
        count = conn.execute(select(func.count()).select_from(a)).scalar_one()
    engine.dispose()
    return [tuple(r) for r in rows], count


def stored(url: str) -> int:
    try:
        return snapshot(url)[1]
    except Exception:  # the store is not created yet
        return 0


def test_kill_9_at_several_points_then_a_normal_run_gives_the_same_store(
    web: DemoWeb, tmp_path: Path, new_store: Callable[[], str]
) -> None:
    reference_url = new_store()
    assert ingest(config(web, tmp_path), reference_url).wait(timeout=300) == 0
    reference = snapshot(reference_url)
    assert reference[1] == 150

    url = new_store()
    cfg = config(web, tmp_path)
    for kill_after in (5, 50, 110):
        proc = ingest(cfg, url)
        deadline = time.monotonic() + 120
        while stored(url) < kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the run ended before the kill point"
        assert kill_after <= stored(url) < 150
    assert ingest(cfg, url).wait(timeout=300) == 0
    assert snapshot(url) == reference
