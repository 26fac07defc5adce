"""The integration test: ingest a generated demo web over HTTP and check it against the ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from ingest import store
from ingest.cli import demo_settings
from ingest.demo import DemoWeb, World, build_world, serve
from ingest.pipeline import run_ingest
from ingest.settings import ExtractSettings, Settings

END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=11, articles=240, end=END, weeks=10)


@pytest.fixture(scope="module")
def web(world: World) -> Iterator[DemoWeb]:
    with serve(world) as running:
        yield running


def settings(web: DemoWeb, db_url: str) -> Settings:
    base = Settings(database_url=db_url, extract=ExtractSettings(workers=2))
    return demo_settings(web, base)


def test_demo_web_ingests_completely_and_a_rerun_adds_nothing(
    world: World, web: DemoWeb, engine: Engine, db_url: str
) -> None:
    cfg = settings(web, db_url)
    first = run_ingest(engine, cfg)
    assert first.status == "ok" and first.failures() == {}
    assert first.added == len(world)
    with engine.connect() as conn:
        stored = set(conn.execute(select(store.articles.c.url)).scalars())
    assert stored == {web.article_url(a.id) for a in world.iter_articles()}

    again = run_ingest(engine, cfg, force=True)
    assert again.added == 0 and again.failures() == {}
    assert again.counts["feed:not-modified"] == sum(o.feed_kind != "sitemap" for o in world.outlets)
    assert store.count_rows(engine)["articles"] == len(world)


def test_syndicated_copies_point_at_their_original(
    world: World, web: DemoWeb, engine: Engine, db_url: str
) -> None:
    run_ingest(engine, settings(web, db_url))
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles.c.url, store.articles.c.duplicate_of)).all()
        id_by_url = dict(conn.execute(select(store.articles.c.url, store.articles.c.id)).all())
    copies = {a.id: a.copy_of for a in world.iter_articles() if a.copy_of is not None}
    assert copies, "the demo world should plant syndicated copies"
    expected = {web.article_url(c): id_by_url[web.article_url(o)] for c, o in copies.items()}
    marked = {url: dup for url, dup in rows if dup is not None}
    assert marked == expected


def test_feed_dates_and_titles_survive_extraction(
    world: World, web: DemoWeb, engine: Engine, db_url: str
) -> None:
    run_ingest(engine, settings(web, db_url))
    with engine.connect() as conn:
        got = dict(conn.execute(select(store.articles.c.url, store.articles.c.published)).all())
        empty = conn.execute(select(func.count()).where(store.articles.c.title == "")).scalar_one()
    assert empty == 0
    for article in world.iter_articles():
        assert got[web.article_url(article.id)] == article.published
