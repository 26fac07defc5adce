"""Syndicated-copy detection on the demo corpus, against the generator's ground truth.

The demo web is served on 127.0.0.1 and ingested over HTTP like any news site (fetch, extract, exact
fingerprint), then clustered (near-duplicates); each stored ``duplicate_of`` is compared with the world's
``copy_of``. Copying outlets edit the wire text (house-style word changes, an editor's line), so the exact
fingerprint alone finds only the unedited copies; the table shows both stages.

python -m evals.duplicates [--articles 2000] [--seed 21]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from ingest import store
from ingest.cli import demo_settings
from ingest.cluster import cluster_stories
from ingest.demo import DemoWeb, build_world, serve
from ingest.pipeline import run_ingest
from ingest.settings import ClusterSettings, Settings


def marked_copies(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles.c.url, store.articles.c.duplicate_of)).all()
    return {url: dup for url, dup in rows if dup is not None}


def score(marked: dict[str, int], truth: dict[str, int]) -> tuple[float, float, int, int]:
    """Precision and recall of (copy → its original) pairs, and the counts behind them."""
    right = sum(marked.get(url) == original for url, original in truth.items())
    precision = right / len(marked) if marked else 1.0
    return precision, right / len(truth) if truth else 1.0, len(marked), len(truth)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    world = build_world(seed=args.seed, articles=args.articles, end=datetime.now(UTC).date())
    with tempfile.TemporaryDirectory() as tmp, serve(world) as web:
        url = f"sqlite:///{Path(tmp) / 'dups.db'}"
        engine = store.connect(url)
        run_ingest(engine, demo_settings(web, Settings(database_url=url)))
        truth = expected_copies(engine, web)
        exact = score(marked_copies(engine), truth)
        cluster_stories(engine, ClusterSettings(), datetime.now(UTC))
        near = score(marked_copies(engine), truth)
    print(f"demo corpus: {len(world)} articles, {len(truth)} syndicated copies (seed {args.seed})")
    print(f"{'stage':<34}{'precision':>10}{'recall':>8}{'marked':>8}{'copies':>8}")
    for name, (p, r, m, t) in (
        ("exact fingerprint (at ingest)", exact),
        ("+ near-duplicates (cluster)", near),
    ):
        print(f"{name:<34}{p:>10.3f}{r:>8.3f}{m:>8}{t:>8}")


def expected_copies(engine: Engine, web: DemoWeb) -> dict[str, int]:
    """Copy URL → stored id of its original, from the world's truth."""
    with engine.connect() as conn:
        ids = dict(conn.execute(select(store.articles.c.url, store.articles.c.id)).all())
    world = web.world
    return {
        web.article_url(a.id): ids[web.article_url(a.copy_of)] for a in world.iter_articles() if a.copy_of
    }


if __name__ == "__main__":
    main()
