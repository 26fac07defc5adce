"""Load the demo world straight into a store, without HTTP or extraction (tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Engine

from ingest import store
from ingest.dedupe import content_fingerprint
from ingest.demo.render import default_base_url
from ingest.demo.world import World
from ingest.records import Article
from ingest.settings import SourceConfig
from ingest.store.bulk import save_articles_bulk


def store_outlets(engine: Engine, world: World) -> dict[str, int]:
    """Create the schema and the world's outlets as sources; returns each outlet's source id by slug."""
    store.ensure_schema(engine)
    configs = [
        SourceConfig(o.slug, o.feed_kind, default_base_url(o.slug), country=o.country, language=o.language)
        for o in world.outlets
    ]
    return {s.config.name: s.id for s in store.sync_sources(engine, configs)}


def load_world(engine: Engine, world: World, until: datetime | None = None) -> int:
    """Store the world's articles (published before ``until``) as if ingested; returns how many were added."""
    source_ids = store_outlets(engine, world)
    now = datetime.now(UTC)

    def rows() -> Iterator[store.NewArticle]:
        for demo in world.iter_articles():
            if until is not None and demo.published >= until:
                continue
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
            yield store.NewArticle(
                article, content_fingerprint(text), source_ids[demo.outlet], None, None, now
            )

    return save_articles_bulk(engine, rows())
