"""Clustering wired to the store: copies, stories and topics on the demo corpus, across runs and refits."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from ingest import store
from ingest.cli import main
from ingest.cluster import cluster
from ingest.demo import World, build_world
from ingest.demo.load import load_world
from ingest.records import Article
from ingest.schedule import run_lock
from ingest.settings import ClusterSettings

END = date(2026, 11, 20)
# Topics are fitted with k from the data; a fixed small k keeps these tests fast and is what matching needs.
FAST = ClusterSettings(topics=8)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=3, articles=500, end=END, weeks=6)


COLUMNS = ("id", "url", "duplicate_of", "story_id", "topic_id", "clustered_at")


def by_url(engine: Engine) -> dict[str, dict[str, Any]]:
    cols = [store.articles.c[n] for n in COLUMNS]
    with engine.connect() as conn:
        return {r["url"]: dict(r) for r in conn.execute(select(*cols)).mappings()}


def demo_ids(world: World, rows: dict[str, dict[str, Any]]) -> dict[int, int]:
    """Demo article id → stored article id."""
    from ingest.demo.render import default_base_url

    return {a.id: rows[default_base_url(a.outlet) + a.path]["id"] for a in world.iter_articles()}


def test_copies_are_found_against_the_generators_truth(engine: Engine, world: World) -> None:
    load_world(engine, world)
    summary = cluster(engine, FAST)
    rows = by_url(engine)
    ids = demo_ids(world, rows)
    marked = {r["id"]: r["duplicate_of"] for r in rows.values() if r["duplicate_of"] is not None}
    truth = {ids[a.id]: ids[a.copy_of] for a in world.iter_articles() if a.copy_of is not None}
    assert len(truth) > 20, "the demo world should plant syndicated copies"
    right = sum(marked.get(copy) == original for copy, original in truth.items())
    assert right / len(marked) >= 0.98 and right / len(truth) >= 0.95  # the targets
    assert summary.articles == len(rows) and summary.copies == len(marked)


def test_every_article_gets_a_story_and_story_rows_add_up(engine: Engine, world: World) -> None:
    load_world(engine, world)
    cluster(engine, FAST)
    with engine.connect() as conn:
        members = Counter(conn.execute(select(store.articles.c.story_id)).scalars())
        rows = conn.execute(select(store.stories)).mappings().all()
    assert None not in members
    assert {r["id"]: r["articles"] for r in rows} == dict(members)
    assert all(r["label"] and r["first_seen"] <= r["last_seen"] and r["outlets"] >= 1 for r in rows)


def test_storylines_mostly_stay_in_one_story(engine: Engine, world: World) -> None:
    load_world(engine, world)
    cluster(engine, FAST)
    ids = demo_ids(world, by_url(engine))
    story_of = {r["id"]: r["story_id"] for r in by_url(engine).values()}
    stories_by_line: dict[str, Counter[object]] = defaultdict(Counter)
    for a in world.iter_articles():
        if a.storyline:
            stories_by_line[a.storyline][story_of[ids[a.id]]] += 1
    # Purity of the largest story per storyline: a storyline runs for weeks, so a few stories per line is
    # expected; most of its articles should still share one.
    share = sum(c.most_common(1)[0][1] for c in stories_by_line.values()) / sum(
        c.total() for c in stories_by_line.values()
    )
    assert share >= 0.5


def test_a_second_run_keeps_earlier_decisions_and_extends_open_stories(engine: Engine, world: World) -> None:
    cut = datetime.combine(END, datetime.min.time(), UTC) - timedelta(days=10)
    load_world(engine, world, until=cut)
    first = cluster(engine, FAST)
    before = by_url(engine)
    load_world(engine, world)
    second = cluster(engine, FAST)
    after = by_url(engine)
    assert first.articles == len(before) and second.articles == len(after) - len(before)
    for url, row in before.items():
        assert after[url]["story_id"] == row["story_id"] and after[url]["duplicate_of"] == row["duplicate_of"]
    old_stories = {row["story_id"] for row in before.values()}
    joined = [r for url, r in after.items() if url not in before and r["story_id"] in old_stories]
    assert joined, "articles after the cut should join stories still open from the first run"
    assert cluster(engine, FAST).articles == 0


def test_topic_ids_hold_still_when_a_week_is_added_and_topics_refit(engine: Engine, world: World) -> None:
    cut = datetime.combine(END, datetime.min.time(), UTC) - timedelta(days=7)
    load_world(engine, world, until=cut)
    first = cluster(engine, ClusterSettings())  # k chosen from the data, as in production
    assert first.topics is not None
    before = {url: r["topic_id"] for url, r in by_url(engine).items()}
    load_world(engine, world)
    assert cluster(engine, ClusterSettings()).topics is None  # not due: assigned under the current fit
    assert all(r["topic_id"] is not None or r["clustered_at"] for r in by_url(engine).values())
    refit = cluster(engine, ClusterSettings(), refit=True)
    assert refit.topics is not None
    after = by_url(engine)
    kept = sum(after[url]["topic_id"] == topic for url, topic in before.items())
    assert kept / len(before) >= 0.90  # the stability target


def test_a_refit_records_vanished_topics_and_keeps_matched_labels(engine: Engine, world: World) -> None:
    load_world(engine, world)
    cluster(engine, ClusterSettings(topics=6))
    cluster(engine, ClusterSettings(topics=3), refit=True)
    with engine.connect() as conn:
        status = Counter(conn.execute(select(store.topics.c.status)).scalars())
        fits = conn.execute(select(func.count()).select_from(store.topic_fits)).scalar_one()
    assert fits == 2 and status["live"] == 3 and status["vanished"] + status["merged"] == 3


def test_an_earlier_copy_that_arrives_late_becomes_the_original(engine: Engine) -> None:
    text = "\n".join(
        f"Paragraph {i} of the wire report says the harbour authority closed the port for inspections today."
        for i in range(12)
    )
    late = save(engine, "https://b.example/copy", text + "\nThis story has been edited for length.", day=3)
    cluster(engine, FAST)
    early = save(engine, "https://a.example/original", text, day=2)
    cluster(engine, FAST)
    rows = by_url(engine)
    assert rows["https://b.example/copy"]["duplicate_of"] == early
    assert rows["https://a.example/original"]["duplicate_of"] is None
    assert late != early


def test_export_carries_topic_and_story(engine: Engine, world: World) -> None:
    load_world(engine, world)
    cluster(engine, FAST)
    with engine.connect() as conn:
        labels = dict(conn.execute(select(store.topics.c.id, store.topics.c.label)).all())
    exported = list(store.iter_articles(engine))
    assert all(a["story_id"] is not None and a["story"] for a in exported)
    assert all(a["topic"] == labels[a["topic_id"]] for a in exported if a["topic_id"] is not None)


def test_cluster_command_prints_its_summary_and_waits_for_a_running_ingest(
    engine: Engine, db_url: str, world: World, tmp_path: Path
) -> None:
    load_world(engine, world)
    config = tmp_path / "mediamon.toml"
    config.write_text(f'[schedule]\nlock_file = "{tmp_path / "lock"}"\n', encoding="utf-8")
    command = ["--config", str(config), "cluster", "--json"]
    env = {"MEDIAMON_DATABASE_URL": db_url}
    with run_lock(tmp_path / "lock"):  # an ingest run holds the lock
        refused = CliRunner().invoke(main, command, env=env)
    assert refused.exit_code == 75 and store.earliest_unclustered(engine) is not None
    result = CliRunner().invoke(main, command, env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == len(world) and data["topics"] is not None


def save(engine: Engine, url: str, text: str, day: int) -> int:
    from ingest.dedupe import content_fingerprint

    published = datetime(2026, 11, day, 12, tzinfo=UTC)
    article = Article(url=url, canonical_url=url, title="Port closed", text=text, published=published)
    new = store.NewArticle(article, content_fingerprint(text), None, None, None, published)
    article_id, reason = store.save_article(engine, new)
    assert article_id is not None, reason
    return article_id
