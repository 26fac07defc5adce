"""The integration test: ingest a generated demo web over HTTP and check it against the ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from ingest import store
from ingest.cli import demo_settings
from ingest.cluster import cluster
from ingest.demo import DemoWeb, World, build_world, serve
from ingest.pipeline import RunSummary, run_ingest
from ingest.settings import ClusterSettings, ExtractSettings, Settings

END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=11, articles=240, end=END, weeks=10)


@pytest.fixture(scope="module")
def web(world: World) -> Iterator[DemoWeb]:
    with serve(world) as running:
        yield running


@dataclass(frozen=True)
class Ingested:
    engine: Engine
    settings: Settings
    first: RunSummary


@pytest.fixture(scope="module")
def ingested(web: DemoWeb, stores: Any) -> Iterator[Ingested]:
    """One ingest of the demo web over HTTP, shared by the tests that check what it stored."""
    url = stores.new("demo_ingest")
    cfg = demo_settings(web, Settings(database_url=url, extract=ExtractSettings(workers=2)))
    engine = store.connect(url)
    yield Ingested(engine, cfg, run_ingest(engine, cfg))
    engine.dispose()
    stores.drop(url)


def test_demo_web_ingests_completely_and_a_rerun_adds_nothing(
    world: World, web: DemoWeb, ingested: Ingested
) -> None:
    first = ingested.first
    assert first.status == "ok" and first.failures() == {}
    assert first.added == len(world)
    with ingested.engine.connect() as conn:
        stored = set(conn.execute(select(store.articles.c.url)).scalars())
    assert stored == {web.article_url(a.id) for a in world.iter_articles()}

    again = run_ingest(ingested.engine, ingested.settings, force=True)
    assert again.added == 0 and again.failures() == {}
    assert again.counts["feed:not-modified"] == sum(o.feed_kind != "sitemap" for o in world.outlets)
    assert store.count_rows(ingested.engine)["articles"] == len(world)


def test_syndicated_copies_point_at_their_original_after_clustering(
    world: World, web: DemoWeb, ingested: Ingested
) -> None:
    # The copying outlets edit the wire's text, so the exact fingerprint alone cannot find every copy.
    cluster(ingested.engine, ClusterSettings(topics=4))
    with ingested.engine.connect() as conn:
        rows = conn.execute(select(store.articles.c.url, store.articles.c.duplicate_of)).all()
        id_by_url = dict(conn.execute(select(store.articles.c.url, store.articles.c.id)).all())
    copies = {a.id: a.copy_of for a in world.iter_articles() if a.copy_of is not None}
    assert copies, "the demo world should plant syndicated copies"
    expected = {web.article_url(c): id_by_url[web.article_url(o)] for c, o in copies.items()}
    marked = {url: dup for url, dup in rows if dup is not None}
    assert marked == expected


def test_feed_dates_and_titles_survive_extraction(world: World, web: DemoWeb, ingested: Ingested) -> None:
    with ingested.engine.connect() as conn:
        got = dict(conn.execute(select(store.articles.c.url, store.articles.c.published)).all())
        empty = conn.execute(select(func.count()).where(store.articles.c.title == "")).scalar_one()
    assert empty == 0
    for article in world.iter_articles():
        assert got[web.article_url(article.id)] == article.published
