"""Bulk writes for generated corpora: entities, mentions and pairs from a demo world's ground truth."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, inspect, select

from benchmarks.scale import truth_entities
from benchmarks.truth_clusters import store_truth_clusters
from dashboard import queries
from ingest import store
from ingest.dedupe import content_fingerprint
from ingest.demo import World, build_world
from ingest.demo.load import load_world
from ingest.demo.render import default_base_url
from ingest.records import Article, Entity
from ingest.store.bulk import (
    TruthArticle,
    TruthEntity,
    deferred_indexes,
    save_articles_bulk,
    save_truth_bulk,
    sentence_bounds,
)

NOW = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=11, articles=200, end=date(2026, 11, 20), weeks=10)


def truth_items(world: World) -> list[TruthArticle]:
    items = []
    for demo in world.iter_articles():
        url = default_base_url(demo.outlet) + demo.path
        body = "\n".join(world.body(demo.id))
        outlet = world.outlet(demo.outlet)
        items.append(TruthArticle(url, body, outlet.country, truth_entities(demo)))
    return items


def test_truth_is_stored_where_the_text_names_it(engine: Engine, world: World) -> None:
    load_world(engine, world)
    items = truth_items(world)
    counts = save_truth_bulk(engine, items, NOW, batch=64)
    assert counts.articles == 200 and counts.unfound == 0
    m, p, a, e = store.mentions, store.pairs, store.articles, store.entities
    with engine.connect() as conn:
        texts = {i: t for i, t in conn.execute(select(a.c.id, a.c.text))}
        urls = {u: i for u, i in conn.execute(select(a.c.canonical_url, a.c.id))}
        keys = {r.id: (r.kind, r.name) for r in conn.execute(select(e.c.id, e.c.kind, e.c.name))}
        found = conn.execute(select(m.c.article_id, m.c.entity_id, m.c.start, m.c.end, m.c.surface)).all()
        stored_pairs = conn.execute(select(p.c.article_id, p.c.a, p.c.b, p.c.level, p.c.start, p.c.end)).all()
        unenriched = conn.execute(select(a.c.id).where(a.c.enriched_at.is_(None))).all()
    assert len(keys) == len({t.entity.key for item in items for t in item.entities}), "one row per entity"
    assert all(texts[r.article_id][r.start : r.end] == r.surface for r in found)
    named: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for r in found:
        named[r.article_id].add(keys[r.entity_id])
    for item in items:
        assert named[urls[item.canonical_url]] == {t.entity.key for t in item.entities}
    assert all(r.a < r.b for r in stored_pairs)
    article_pairs = [r for r in stored_pairs if r.level == "article"]
    expected = sum(len(n) * (len(n) - 1) // 2 for n in named.values())
    assert len(article_pairs) == expected and all(r.start is None for r in article_pairs)
    sentence_pairs = [r for r in stored_pairs if r.level == "sentence"]
    assert sentence_pairs and all(
        texts[r.article_id][r.start : r.end].strip() == texts[r.article_id][r.start : r.end]
        for r in sentence_pairs
    )
    assert counts.mentions == len(found) and counts.pairs == len(stored_pairs) and not unenriched


def test_saving_the_truth_again_replaces_it(engine: Engine, world: World) -> None:
    load_world(engine, world)
    items = truth_items(world)[:20]
    first = save_truth_bulk(engine, items, NOW)
    again = save_truth_bulk(engine, items, NOW)
    with engine.connect() as conn:
        mentions = len(conn.execute(select(store.mentions.c.id)).all())
    assert first == again and mentions == first.mentions


def test_overlapping_country_forms_keep_the_longer_one_and_unprinted_entities_are_counted(
    engine: Engine,
) -> None:
    text = "North Korea and South Korea met. The UN Security Council said so."
    url = "https://example.org/a"
    store.ensure_schema(engine)
    load_text(engine, url, text)
    named = (
        TruthEntity(Entity("country", "South Korea", "KOR"), ("South Korea", "Korea")),
        TruthEntity(Entity("country", "North Korea", "PRK"), ("North Korea",)),
        TruthEntity(Entity("organisation", "United Nations", None), ("UN",)),
        TruthEntity(Entity("organisation", "UN Security Council", None), ("UN Security Council",)),
        TruthEntity(Entity("person", "Nobody Here", None), ("Nobody",)),
    )
    counts = save_truth_bulk(engine, [TruthArticle(url, text, "KOR", named)], NOW)
    with engine.connect() as conn:
        rows = conn.execute(select(store.mentions.c.surface, store.mentions.c.domestic)).all()
    assert sorted(rows) == [
        ("North Korea", False),
        ("South Korea", True),
        ("UN", False),
        ("UN Security Council", False),
    ]
    assert counts.unfound == 1 and counts.pairs == 6 + 2  # four named: 6 article pairs, 1 per sentence


def load_text(engine: Engine, url: str, text: str) -> None:
    article = Article(url, url, "A title", text, (), NOW, "en")
    save_articles_bulk(engine, [store.NewArticle(article, content_fingerprint(text), None, None, None, NOW)])


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two here.", ["One.", "Two here."]),
        ('He said "yes." Then left.\nNext line', ['He said "yes."', "Then left.", "Next line"]),
        ("The U.S. economy grew. Fine", ["The U.S. economy grew.", "Fine"]),
    ],
)
def test_sentence_bounds_split_at_ends_and_lines(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_bounds(text)] == sentences


def _schema_of(engine: Engine) -> tuple[set[str], int]:
    seen = inspect(engine)
    indexes = {ix["name"] for t in ("mentions", "pairs") for ix in seen.get_indexes(t) if ix["name"]}
    keys = sum(len(seen.get_foreign_keys(t)) for t in ("mentions", "pairs"))
    return indexes, keys


def test_a_load_without_indexes_builds_them_again_even_when_it_fails(engine: Engine, world: World) -> None:
    load_world(engine, world)
    before, keys = _schema_of(engine)
    assert {"ix_pairs_ab", "ix_mentions_entity_id", "ix_pairs_article_level"} <= before and keys == 5
    with pytest.raises(RuntimeError), deferred_indexes(engine, store.mentions, store.pairs):
        during, keys_during = _schema_of(engine)
        assert "ix_pairs_article_level" in during, "the load's replace-by-article keeps its index"
        assert not {"ix_pairs_ab", "ix_mentions_entity_id"} & during
        assert keys_during == (0 if engine.dialect.name == "postgresql" else keys)
        save_truth_bulk(engine, truth_items(world), NOW)
        raise RuntimeError("the load failed")
    assert _schema_of(engine) == (before, keys)
    with engine.connect() as conn:  # the rows loaded before the failure are kept
        by_pair = select(func.count()).select_from(store.pairs).where(store.pairs.c.a > 0)
        assert conn.execute(by_pair).scalar_one() > 0


def test_truth_clusters_give_each_article_its_topic_and_its_topic_day_story(
    engine: Engine, world: World
) -> None:
    load_world(engine, world)
    written = store_truth_clusters(engine, world, NOW)
    a, s = store.articles, store.stories
    with engine.connect() as conn:
        stored = conn.execute(select(a.c.canonical_url, a.c.topic_id, a.c.story_id, a.c.published)).all()
        told = {r.id: r for r in conn.execute(select(s))}
        labels = dict(conn.execute(select(store.topics.c.id, store.topics.c.label)).all())
    key_of = {default_base_url(d.outlet) + d.path: d.topic for d in world.iter_articles()}
    assert (
        written == {"topics": len(labels), "stories": len(told), "articles": len(stored)} and len(labels) > 3
    )
    by_story: dict[int, list[datetime]] = defaultdict(list)
    for r in stored:
        assert labels[r.topic_id] == key_of[r.canonical_url].replace("-", " ")
        by_story[r.story_id].append(r.published)
    keys = {(r.topic_id, r.published.date()) for r in stored}
    assert len(keys) == len(told) == len(by_story), "one story per topic and day"
    for story, times in by_story.items():
        assert told[story].articles == len(times)
        assert (told[story].first_seen, told[story].last_seen) == (min(times), max(times))
    pages = queries.story_table(engine, queries.Filters(), None)
    assert pages["articles"].sum() == len(stored) and set(pages["id"]) == set(told)


def test_indexes_a_dead_bulk_load_left_dropped_are_built_at_the_next_start(engine: Engine) -> None:
    store.ensure_schema(engine)
    before, _ = _schema_of(engine)
    with engine.begin() as conn:  # what a load killed before its rebuild leaves behind
        for index in (*store.mentions.indexes, *store.pairs.indexes):
            if index.name in ("ix_pairs_ab", "ix_mentions_entity_id"):
                index.drop(conn)
    assert "ix_pairs_ab" not in _schema_of(engine)[0]
    store.ensure_schema(engine)
    assert _schema_of(engine)[0] == before
