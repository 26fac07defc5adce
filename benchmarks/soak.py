"""Soak: the scheduler against the demo web (whose clock moves, so sources update) and the fault web.

python -m benchmarks.soak --minutes 30 [--articles 2000]

Reports articles ingested against planted, duplicates, failures by reason, and resident memory over
time, so growth shows.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine

from benchmarks.machine import describe
from ingest import store
from ingest.cli import demo_settings
from ingest.demo import DemoWeb, World, build_world, serve
from ingest.demo.faults import FaultWeb
from ingest.enrich import enrich, load_resources
from ingest.pipeline import run_ingest
from ingest.schedule import StopFlag, run_forever
from ingest.settings import FetchSettings, ScheduleSettings, Settings

START_FRACTION = 0.7  # the soak starts with 70% of the demo world published; the rest appears during it


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def move_clock(web: DemoWeb, world: World, seconds: float, stop: threading.Event) -> None:
    """Publish the rest of the world evenly over the soak, as a live news web would."""
    begin = world.start + (world.now - world.start) * START_FRACTION
    started = time.monotonic()
    while not stop.wait(5):
        share = min(1.0, (time.monotonic() - started) / seconds)
        web.set_now(begin + (world.now - begin) * share)


def settings_for(web: DemoWeb, faults: FaultWeb, url: str, lock: Path) -> Settings:
    base = Settings(
        database_url=url,
        fetch=FetchSettings(
            connect_timeout=2, read_timeout=4, retries=1, max_retry_wait=2, max_bytes=2_000_000
        ),
        schedule=ScheduleSettings(lock_file=str(lock), max_sleep_seconds=20, jitter=0.1, disable_score=8),
    )
    demo = demo_settings(web, base)
    sources = tuple(replace(s, poll_minutes=1) for s in demo.sources + faults.sources())
    return replace(demo, sources=sources)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    machine, seconds = describe(), args.minutes * 60
    world = build_world(seed=7, articles=args.articles, end=datetime.now(UTC).date())
    memory: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp, serve(world) as web, FaultWeb() as faults:
        web.set_now(world.start + (world.now - world.start) * START_FRACTION)
        url = f"sqlite:///{Path(tmp) / 'soak.db'}"
        settings = settings_for(web, faults, url, Path(tmp) / "lock")
        engine = store.connect(url)
        store.ensure_schema(engine)
        resources = load_resources(settings.enrich)
        stop, done = StopFlag(), threading.Event()
        clock = threading.Thread(target=move_clock, args=(web, world, seconds, done), daemon=True)
        clock.start()
        started = time.monotonic()

        def one_run() -> None:
            summary = run_ingest(engine, settings, resolver=faults.resolver)
            enrich(engine, settings.enrich, resources=resources)
            memory.append((time.monotonic() - started, rss_mib()))
            print(
                json.dumps(
                    {
                        "t": round(memory[-1][0]),
                        "run": summary.run_id,
                        "added": summary.added,
                        "rss_mib": round(memory[-1][1]),
                    }
                ),
                flush=True,
            )
            if time.monotonic() - started >= seconds:
                stop.event.set()

        runs = run_forever(engine, settings, one_run, stop)
        done.set()
        web.set_now(world.now)
        final = run_ingest(
            engine,
            replace(settings, sources=demo_settings(web, settings).sources),
            force=True,
            resolver=faults.resolver,
        )
        report(engine, world, runs + 1, final.added, memory, machine, args.minutes)


def report(
    engine: Engine,
    world: World,
    runs: int,
    late: int,
    memory: list[tuple[float, float]],
    machine: str,
    minutes: float,
) -> None:
    outlets = {o.slug for o in world.outlets}
    paths = [urlsplit(r["url"]).path for r in store.iter_articles(engine) if r["source"] in outlets]
    total = store.count_rows(engine)["articles"]
    failures = store.failure_totals(engine)
    first = [m for t, m in memory if t <= 300] or [memory[0][1]]
    last = [m for t, m in memory if t >= memory[-1][0] - 300]
    print(f"\nsoak of {minutes:g} minutes, {runs} runs")
    print(f"{'planted demo articles':<40}{len(world):>10}")
    print(f"{'stored demo articles':<40}{len(paths):>10}   ({late} of them in the final catch-up run)")
    print(f"{'stored from fault cases':<40}{total - len(paths):>10}")
    print(f"{'planted articles stored twice':<40}{len(paths) - len(set(paths)):>10}")
    print(f"{'resident memory, first 5 min (MiB)':<40}{max(first):>10.0f}")
    print(f"{'resident memory, last 5 min (MiB)':<40}{max(last):>10.0f}")
    print("failures by reason over all runs:")
    for key, n in sorted(failures.items(), key=lambda kv: -kv[1]):
        print(f"  {key:<38}{n:>10}")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
