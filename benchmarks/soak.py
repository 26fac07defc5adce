"""Soak: the scheduler against the demo web (whose clock moves, so sources update) and the fault web.

python -m benchmarks.soak --minutes 30 [--articles 2000]

Each run is what ``mediamon schedule`` does: ingest the due sources, then enrich and cluster (the CLI's
after-run step). Reports articles ingested against planted, duplicates, failures by reason, peak memory,
and whether resident memory grew. The demo web and the fault web are served from child processes, so the
memory measured is that of the ingest side alone: the demo web generates and caches pages as its clock
moves, which is not the ingest path's memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from sqlalchemy import Engine

from benchmarks.machine import describe
from ingest import store
from ingest.cli import _after_run, demo_settings
from ingest.demo import World, build_world, serve
from ingest.demo.faults import FaultWeb
from ingest.demo.render import FEED_PATHS
from ingest.pipeline import run_ingest
from ingest.schedule import StopFlag, run_forever
from ingest.settings import FetchSettings, ScheduleSettings, Settings

START_FRACTION = 0.7  # the soak starts with 70% of the demo world published; the rest appears during it
CLOCK_STEP = 5.0  # seconds between moves of the demo web's clock
WARM_UP = 300.0  # seconds: the first runs fill caches, load models and store most of the world
# A slope below this bound counts as "did not grow". Over the 25 minutes after warm-up of a 30-minute soak,
# 0.2 MiB/min is 5 MiB, about 2% of the process and the size of the run-to-run wobble of RSS (allocator
# arenas, spaCy batches); the growth this soak was written to catch was 1.3 MiB/min, six times the bound.
# It is the resolution of a 30-minute soak, not a proof of no leak: slower growth needs a longer soak.
GROWTH_BOUND = 0.2  # MiB per minute
MIN_JUDGED = 600.0  # seconds of samples after warm-up needed before any verdict


def rss_mib(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default), in MiB; 0 when it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def serve_demo(parent: Connection, seed: int, articles: int, end: date, seconds: float) -> None:
    """The child process: serve the demo world, move its clock over ``seconds`` once told "go"."""
    world = build_world(seed=seed, articles=articles, end=end)
    begin = world.start + (world.now - world.start) * START_FRACTION
    with serve(world) as web:
        web.set_now(begin)
        parent.send({o.slug: web.base_url(o.slug) for o in world.outlets})
        started: float | None = None
        while True:
            try:
                message = parent.recv() if parent.poll(CLOCK_STEP) else None
            except (EOFError, OSError):  # the parent has gone
                return
            if message == "stop":
                return
            if message == "go":
                started = time.monotonic()
            elif message == "end":  # publish everything, and stop moving
                started = None
                web.set_now(world.now)
                parent.send("ok")
            if started is not None:
                share = min(1.0, (time.monotonic() - started) / seconds)
                web.set_now(begin + (world.now - begin) * share)


class DemoWebProcess:
    """The demo web in a child process, with what ``demo_settings`` needs of a DemoWeb: world, feed URLs."""

    def __init__(self, seed: int, articles: int, end: date, seconds: float) -> None:
        self.world = build_world(seed=seed, articles=articles, end=end)  # deterministic: same as the child's
        context = multiprocessing.get_context("spawn")  # fork is unsafe beside threads
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=serve_demo, args=(child, seed, articles, end, seconds), name="demo-web", daemon=True
        )
        self._base_urls: dict[str, str] = {}

    @property
    def pid(self) -> int:
        return self._process.pid or 0

    def feed_url(self, outlet_slug: str) -> str:
        return self._base_urls[outlet_slug] + FEED_PATHS[self.world.outlet(outlet_slug).feed_kind]

    def go(self) -> None:
        """Start moving the clock."""
        self._conn.send("go")

    def publish_all(self) -> None:
        """Move the clock to the end of the world and keep it there."""
        self._conn.send("end")
        self._conn.recv()

    def __enter__(self) -> DemoWebProcess:
        self._process.start()
        if not self._conn.poll(60):
            self.__exit__(None, None, None)
            raise RuntimeError("the demo web did not start")
        self._base_urls = self._conn.recv()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()


def settings_for(web: DemoWebProcess, faults: FaultWeb, url: str, lock: Path) -> Settings:
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


@dataclass(frozen=True)
class Sample:
    """Memory after one run: seconds since the soak started, RSS of the ingest side and of the demo web."""

    t: float
    rss: float
    web_rss: float


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    machine, seconds = describe(), args.minutes * 60
    end = datetime.now(UTC).date()
    samples: list[Sample] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        DemoWebProcess(7, args.articles, end, seconds) as web,
        FaultWeb() as faults,
    ):
        world = web.world
        url = f"sqlite:///{Path(tmp) / 'soak.db'}"
        settings = settings_for(web, faults, url, Path(tmp) / "lock")
        engine = store.connect(url)
        store.ensure_schema(engine)
        stop = StopFlag()
        web.go()
        started = time.monotonic()

        def one_run() -> None:
            summary = run_ingest(engine, settings, resolver=faults.resolver)
            after = _after_run(engine, settings, summary)  # enrich and cluster, as `mediamon schedule` does
            samples.append(Sample(time.monotonic() - started, rss_mib(), rss_mib(web.pid)))
            line = {
                "t": round(samples[-1].t),
                "run": summary.run_id,
                "added": summary.added,
                "enriched": after.enriched.articles if after.enriched else 0,
                "clustered": after.clustered.articles if after.clustered else 0,
                "rss_mib": round(samples[-1].rss, 1),
                "demo_web_rss_mib": round(samples[-1].web_rss, 1),
            }
            print(json.dumps(line), flush=True)
            if time.monotonic() - started >= seconds:
                stop.event.set()

        runs = run_forever(engine, settings, one_run, stop)
        web.publish_all()
        final = run_ingest(
            engine,
            replace(settings, sources=demo_settings(web, settings).sources),
            force=True,
            resolver=faults.resolver,
        )
        _after_run(engine, settings, final)
        report(engine, world, runs + 1, final.added, samples, machine, args.minutes)


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def growth_verdict(samples: Sequence[Sample]) -> tuple[float | None, str]:
    """(MiB/min of the ingest side after warm-up, the verdict line)."""
    judged = [s for s in samples if s.t > WARM_UP]
    if len(judged) < 3 or judged[-1].t - judged[0].t < MIN_JUDGED:
        return None, f"memory growth not judged: under {MIN_JUDGED / 60:g} minutes of runs after warm-up"
    per_min = slope([(s.t / 60, s.rss) for s in judged])
    span = f"least-squares slope over {len(judged)} runs after the first {WARM_UP / 60:g} min"
    if per_min < GROWTH_BOUND:
        return per_min, f"memory did not grow: {per_min:+.3f} MiB/min < {GROWTH_BOUND} MiB/min ({span})"
    return per_min, f"MEMORY GREW: {per_min:+.3f} MiB/min >= {GROWTH_BOUND} MiB/min ({span})"


def report(
    engine: Engine,
    world: World,
    runs: int,
    late: int,
    samples: Sequence[Sample],
    machine: str,
    minutes: float,
) -> None:
    outlets = {o.slug for o in world.outlets}
    paths = [urlsplit(r["url"]).path for r in store.iter_articles(engine) if r["source"] in outlets]
    total = store.count_rows(engine)["articles"]
    failures = store.failure_totals(engine)
    judged = [s for s in samples if s.t > WARM_UP] or list(samples)
    third = max(1, len(judged) // 3)
    early, late_ = judged[:third], judged[-third:]
    web_slope = slope([(s.t / 60, s.web_rss) for s in judged]) if len(judged) > 1 else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _, verdict = growth_verdict(samples)
    print(f"\nsoak of {minutes:g} minutes, {runs} runs")
    print(f"{'planted demo articles':<44}{len(world):>10}")
    print(f"{'stored demo articles':<44}{len(paths):>10}   ({late} of them in the final catch-up run)")
    print(f"{'stored from fault cases':<44}{total - len(paths):>10}")
    print(f"{'planted articles stored twice':<44}{len(paths) - len(set(paths)):>10}")
    print(f"{'peak resident memory, ingest (MiB)':<44}{peak:>10.0f}")
    print(f"{'mean RSS, first third after warm-up (MiB)':<44}{mean([s.rss for s in early]):>10.1f}")
    print(f"{'mean RSS, last third after warm-up (MiB)':<44}{mean([s.rss for s in late_]):>10.1f}")
    print(f"{'demo web RSS, first/last third (MiB)':<44}", end="")
    print(f"{mean([s.web_rss for s in early]):>10.1f} / {mean([s.web_rss for s in late_]):.1f}", end="")
    print(f"   ({web_slope:+.3f} MiB/min; a child process, not counted)")
    print("failures by reason over all runs:")
    for key, n in sorted(failures.items(), key=lambda kv: -kv[1]):
        print(f"  {key:<42}{n:>10}")
    print(verdict)
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
