"""`mediamon ingest --worker`: three worker processes share one PostgreSQL store and the demo web.

Several workers need a server; without MEDIAMON_TEST_DATABASE_URL these tests skip, except the
one that checks a SQLite store refuses a second worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update

from ingest import store
from ingest.demo import DemoWeb, World, build_world, demo_sources, serve
from ingest.schedule import run_lock

END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    world: World = build_world(seed=41, articles=120, end=END, weeks=4)
    with serve(world) as running:
        yield running


def config(web: DemoWeb, tmp_path: Path) -> Path:
    lines = [
        # two sources at a time per worker, so three workers all get some of the 17
        f'[schedule]\nlock_file = "{tmp_path / "lock"}"\nworker_sources = 2',
        "[fetch]\nallow_loopback = true\nper_host_delay = 0.0\nper_host_concurrency = 4",
        "[extract]\nworkers = 1",
        "[enrich]\nenabled = false",
    ]
    for s in demo_sources(web):
        lines.append(f'[[sources]]\nname = "{s.name}"\nkind = "{s.kind}"\nlocation = "{s.location}"')
    path = tmp_path / "mediamon.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_workers(cfg: Path, url: str, n: int) -> list[subprocess.Popen[bytes]]:
    env = os.environ | {"MEDIAMON_DATABASE_URL": url, "MEDIAMON_CONFIG": str(cfg)}
    command = [sys.executable, "-m", "ingest.cli", "ingest", "--worker"]
    return [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(n)
    ]


def finish(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (out + err).decode(errors="replace")[-2000:]


def plant_lease(engine: Engine, name: str, until: datetime) -> None:
    with engine.begin() as conn:
        stmt = update(store.sources).where(store.sources.c.name == name)
        conn.execute(stmt.values(leased_by=f"run 0 {name}-holder:1", leased_until=until))


def source_polls(engine: Engine) -> tuple[Counter[str], set[int]]:
    """How often each source's own feed or sitemap index was fetched, and by which runs."""
    s, f = store.sources, store.fetches
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.c.name, f.c.run_id).join(f, (f.c.source_id == s.c.id) & (f.c.url == s.c.location))
        ).all()
    return Counter(name for name, _ in rows), {run for _, run in rows}


def stored_urls(engine: Engine) -> tuple[set[str], int]:
    with engine.connect() as conn:
        urls = set(conn.execute(select(store.articles.c.url)).scalars())
        count = conn.execute(select(func.count()).select_from(store.articles)).scalar_one()
    return urls, count


def test_three_workers_share_the_sources_and_a_dead_workers_lease_lapses(
    web: DemoWeb, tmp_path: Path, stores: Any, new_store: Callable[[], str]
) -> None:
    if stores.backend != "postgresql":
        pytest.skip("several workers need PostgreSQL: set MEDIAMON_TEST_DATABASE_URL")
    url, cfg = new_store(), config(web, tmp_path)
    engine = store.connect(url)
    store.ensure_schema(engine)
    names = [s.config.name for s in store.sync_sources(engine, demo_sources(web))]
    dead, alive = names[0], names[1]
    now = datetime.now(UTC)
    plant_lease(engine, dead, now - timedelta(seconds=1))  # its worker died: the lease has lapsed
    plant_lease(engine, alive, now + timedelta(hours=1))  # its worker is still polling it

    finish(start_workers(cfg, url, 3))
    polls, runs = source_polls(engine)
    assert polls == Counter({n: 1 for n in names if n != alive}), "each free source polled exactly once"
    assert len(runs) >= 2, "the sources were shared, not all taken by one worker"
    urls, count = stored_urls(engine)
    world = web.world
    expected = {web.article_url(a.id) for a in world.iter_articles() if a.outlet != alive}
    assert urls == expected and count == len(expected)

    plant_lease(engine, alive, datetime.now(UTC) - timedelta(seconds=1))  # that worker died after all
    finish(start_workers(cfg, url, 1))
    polls, _ = source_polls(engine)
    assert polls == Counter({n: 1 for n in names})
    urls, count = stored_urls(engine)
    assert urls == {web.article_url(a.id) for a in world.iter_articles()} and count == len(world)
    with engine.connect() as conn:
        statuses = conn.execute(select(store.runs.c.status)).scalars().all()
        leases = conn.execute(select(func.count()).where(store.sources.c.leased_by.is_not(None))).scalar()
    assert statuses == ["ok"] * 4 and leases == 0
    engine.dispose()


def test_a_sqlite_store_refuses_a_second_worker(web: DemoWeb, tmp_path: Path) -> None:
    # About SQLite itself (one writer at a time), so it uses a SQLite file on either backend run.
    url = f"sqlite:///{tmp_path / 'one-writer.db'}"
    cfg = config(web, tmp_path)
    with run_lock(tmp_path / "lock"):
        [proc] = start_workers(cfg, url, 1)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 75
    assert b"a SQLite store takes one worker at a time" in err
