"""Enrichment throughput: demo articles straight into a store, then countries, actors and pairs.

python -m benchmarks.enrich --articles 1000 [--processes 1 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import describe, peak_rss_mib
from ingest import store
from ingest.demo import build_world
from ingest.demo.load import load_world
from ingest.enrich import enrich, load_resources
from ingest.settings import EnrichSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--ner", help="NER weights: 'model' for the model's own (default: data/ner)")
    args = parser.parse_args(argv)
    machine = describe()
    world = build_world(seed=7, articles=args.articles, end=datetime.now(UTC).date())
    resources = load_resources(EnrichSettings(ner=args.ner))
    print(f"{'processes':>10}{'articles':>10}{'seconds':>10}{'articles/s':>12}{'load avg':>10}")
    for processes in args.processes:
        with tempfile.TemporaryDirectory() as tmp:
            engine = store.connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
            load_world(engine, world)
            done = enrich(engine, EnrichSettings(processes=processes), resources=resources)
            rate = done.articles / done.seconds
            print(f"{processes:>10}{done.articles:>10}{done.seconds:>10.1f}{rate:>12.1f}{os.getloadavg()[0]:>10.1f}")
    print(f"peak memory (this process + spaCy workers): {peak_rss_mib():.0f} MiB")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
