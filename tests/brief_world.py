"""One enriched and clustered demo store per test session, shared by the weekly-brief and browser tests.

Enrichment is the slow part (spaCy, ~15 s for 200 articles here), so the store is built once and only
read by the tests that share it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ingest import store
from ingest.cluster import cluster
from ingest.demo import build_world
from ingest.demo.load import load_world
from ingest.enrich import enrich
from ingest.settings import ClusterSettings, EnrichSettings

END = date(2026, 11, 23)  # a Monday: the world's last week, 2026-W47, is whole
WEEK = "2026-W47"
ARTICLES = 200
WEEKS = 5
_built: dict[int, str] = {}


def demo_store(stores: Any) -> str:
    """The URL of the session's demo store: loaded, enriched and clustered (built on first use)."""
    key = id(stores)
    if key not in _built:
        url = stores.new("brief_demo")
        engine = store.connect(url)
        load_world(engine, build_world(seed=11, articles=ARTICLES, end=END, weeks=WEEKS))
        enrich(engine, EnrichSettings(processes=1))
        cluster(engine, ClusterSettings(min_topic_articles=20), refit=True)
        store.refresh_rollups(engine, datetime.now(UTC))
        engine.dispose()
        _built[key] = url
    return _built[key]
