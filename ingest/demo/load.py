"""Load the demo world straight into a store, without HTTP or extraction (tests and benchmarks)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from ingest import store
from ingest.dedupe import content_fingerprint
from ingest.demo.render import default_base_url
from ingest.demo.world import World
from ingest.records import Article
from ingest.settings import SourceConfig


def load_world(engine: Engine, world: World) -> int:
    """Store every article of the world as if ingested; returns how many were added."""
    store.ensure_schema(engine)
    configs = [
        SourceConfig(o.slug, o.feed_kind, default_base_url(o.slug), country=o.country, language=o.language)
        for o in world.outlets
    ]
    source_ids = {s.config.name: s.id for s in store.sync_sources(engine, configs)}
    now = datetime.now(UTC)
    added = 0
    for demo in world.iter_articles():
        url = default_base_url(demo.outlet) + demo.path
        text = "\n".join(world.body(demo.id))
        article = Article(
            url=url,
            canonical_url=url,
            title=demo.title,
            text=text,
            authors=demo.authors,
            published=demo.published,
            language="en",
        )
        new = store.NewArticle(article, content_fingerprint(text), source_ids[demo.outlet], None, None, now)
        added += store.save_article(engine, new)[0] is not None
    return added
