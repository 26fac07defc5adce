"""Clustering cost at scale: demo articles straight into a store, then copies + stories, then topics.

python -m benchmarks.cluster --articles 100000 [--topics K] [--database URL]

Prints the time of the first pass over everything (near-duplicates and stories per article), of an
incremental pass over the last day's articles after the rest was clustered (what a scheduled run pays), and
of a topic refit with k chosen from the data, then assignment of new articles under it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, update

from benchmarks.machine import describe, peak_rss_mib
from ingest import store
from ingest.cluster import cluster_stories, cluster_topics
from ingest.demo import build_world
from ingest.demo.load import load_world
from ingest.settings import ClusterSettings

T = TypeVar("T")


def timed(job: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = job()
    return result, time.perf_counter() - started


def unclustered_since(engine: Engine, since: datetime) -> None:
    """Forget the clustering of the articles since a time, as if they had just been ingested."""
    with engine.begin() as conn:
        conn.execute(
            update(store.articles)
            .where(store.articles.c.published >= since)
            .values(clustered_at=None, story_id=None, minhash=None, topic_id=None, topic_fit_id=None)
            .values(rolled_up_at=None)  # their topic and story counts change too
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=0, help="fixed number of topics (0: chosen)")
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    machine = describe()
    options = ClusterSettings(topics=args.topics)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = store.connect(args.database or f"sqlite:///{Path(tmp) / 'bench.db'}")
        world = build_world(
            seed=7, articles=args.articles, end=now.date(), weeks=max(10, args.articles // 5000)
        )
        loaded, load_s = timed(lambda: load_world(engine, world))
        (n, copies, stories), first_s = timed(lambda: cluster_stories(engine, options, now))
        day = max(a.published for a in world.iter_articles()) - timedelta(days=1)
        unclustered_since(engine, day)
        (n_day, _, _), day_s = timed(lambda: cluster_stories(engine, options, now))
        (k, _), refit_s = timed(lambda: cluster_topics(engine, options, True, now))
        unclustered_since(engine, day)
        (_, assigned), assign_s = timed(lambda: cluster_topics(engine, options, False, now))
    rows = [
        ("load demo articles into the store", loaded, load_s),
        (f"copies + stories, all ({copies} copies, {stories} stories)", n, first_s),
        ("copies + stories, the last day after the rest", n_day, day_s),
        (f"topic refit (k = {k}) + assigning every article", loaded, refit_s),
        ("topic assignment of the last day under that fit", assigned, assign_s),
    ]
    print(f"{'step':<58}{'articles':>10}{'seconds':>10}{'ms/article':>12}")
    for name, count, seconds in rows:
        per = 1000 * seconds / count if count else float("nan")
        print(f"{name:<58}{count:>10}{seconds:>10.1f}{per:>12.2f}")
    print(f"peak memory: {peak_rss_mib():.0f} MiB")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
