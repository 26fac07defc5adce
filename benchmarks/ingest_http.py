"""Ingest throughput end to end over HTTP: demo web → fetch → extract → store.

python -m benchmarks.ingest_http --articles 5000 [--workers 2] [--database URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import describe, peak_rss_mib
from ingest import store
from ingest.cli import demo_settings
from ingest.demo import build_world, serve
from ingest.pipeline import run_ingest
from ingest.settings import ExtractSettings, Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    machine = describe()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        world = build_world(seed=7, articles=args.articles, end=datetime.now(UTC).date())
        with serve(world) as web:
            settings = demo_settings(
                web, Settings(database_url=url, extract=ExtractSettings(workers=args.workers))
            )
            engine = store.connect(url)
            started = time.perf_counter()
            first = run_ingest(engine, settings)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            again = run_ingest(engine, settings, force=True)
            again_s = time.perf_counter() - started
    print(f"{'run':<28}{'articles added':>15}{'seconds':>10}{'articles/s':>12}{'failures':>10}")
    print(
        f"{'first run (all new)':<28}{first.added:>15}{first_s:>10.1f}{first.added / first_s:>12.1f}"
        f"{sum(first.failures().values()):>10}"
    )
    print(
        f"{'re-run (nothing new)':<28}{again.added:>15}{again_s:>10.1f}{'-':>12}"
        f"{sum(again.failures().values()):>10}"
    )
    print(f"peak memory (this process + extraction workers): {peak_rss_mib():.0f} MiB")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
