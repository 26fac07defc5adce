"""The daily tables: every query that reads them gives what the same query gives over the raw rows, under
every filter they answer, and a change to an article is counted again by the next refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from brief_world import demo_store
from sqlalchemy import Engine, func, select

from dashboard import queries
from dashboard.queries import Filters, daily
from dashboard.queries.pairs import PairSource
from ingest import store
from ingest.dedupe import content_fingerprint
from ingest.records import Analysis, Article, Entity, Mention, Pair
from ingest.settings import SourceConfig
from ingest.store.rollups import SPAN_DAYS, spans


@pytest.fixture(scope="module")
def demo(stores: Any) -> Iterator[Engine]:
    engine = store.connect(demo_store(stores))  # enriched, clustered (with copies), refreshed
    yield engine
    engine.dispose()


def _filters(engine: Engine) -> list[Filters]:
    low, high = queries.date_bounds(engine)
    assert low and high
    middle = low + (high - low) / 2
    outlet, country = queries.outlet_names(engine)[0], queries.outlet_countries(engine)[0]
    topics = tuple(int(t) for t in queries.topic_catalogue(engine)["id"])
    assert len(topics) >= 3
    return [
        Filters(),
        Filters(start=middle, end=high),
        Filters(start=low, end=middle - timedelta(days=1), outlets=(outlet,)),
        Filters(outlet_countries=(country,)),
        Filters(start=middle, languages=("en",)),
        Filters(end=middle, languages=("xx",)),  # nothing matches
        Filters(topics=topics[:1]),  # the topic tables
        Filters(start=middle, outlets=(outlet,), topics=topics[1:3]),
    ]


def _raw(monkeypatch: pytest.MonkeyPatch, call: Callable[[], Any]) -> Any:
    """``call`` with the daily tables turned away, so every query counts over the raw rows."""
    with monkeypatch.context() as m:
        m.setattr(daily, "serves", lambda f, table: False)
        return call()


def _same(rolled: Any, raw: Any) -> None:
    if not isinstance(rolled, pd.DataFrame):
        assert rolled == raw
        return
    assert list(rolled.columns) == list(raw.columns)
    by = list(rolled.columns)
    tidy = [t.astype(str).sort_values(by).reset_index(drop=True) for t in (rolled, raw)]
    pd.testing.assert_frame_equal(tidy[0], tidy[1])


def _calls(engine: Engine, f: Filters) -> dict[str, Callable[[], Any]]:
    countries = list(queries.top_entities(engine, Filters(), "country", 8)["key"])
    actors = [int(k) for k in queries.top_entities(engine, Filters(), "actor", 12)["key"]]
    one, two = countries[0], countries[1]
    calls: dict[str, Callable[[], Any]] = {
        "count_articles": lambda: queries.count_articles(engine, f),
        "articles_per_day": lambda: queries.articles_per_day(engine, f),
        "top_countries": lambda: queries.top_entities(engine, f, "country", None),
        "top_actors": lambda: queries.top_entities(engine, f, "actor", None),
        "country_totals": lambda: queries.entity_totals(engine, f, "country", countries),
        "country_pairs": lambda: queries.country_pairs(engine, f, "sentence", countries),
        "all_pairs": lambda: queries.country_pairs(engine, f, "article"),
        "actor_countries": lambda: queries.actor_countries(engine, f, actors[0]),
        "actor_topics": lambda: queries.actor_topics(engine, f, actors[0]),
    }
    for unit in queries.UNITS:
        calls[f"coverage_{unit}"] = lambda u=unit: queries.coverage_per_period(engine, f, u)
        calls[f"countries_{unit}"] = lambda u=unit: queries.entity_series(engine, f, "country", countries, u)
        calls[f"actor_{unit}"] = lambda u=unit: queries.entity_series(engine, f, "actor", actors[:2], u)
    for level in queries.LEVELS:
        calls[f"pair_{level}"] = lambda lv=level: queries.pair_series(engine, f, one, two, lv, "week")
        calls[f"edges_{level}"] = lambda lv=level: queries.actor_edges(engine, f, actors, lv)
    return calls


def test_daily_counts_equal_counts_over_the_raw_rows(demo: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with demo.connect() as conn:
        copies = conn.execute(select(func.count()).where(store.articles.c.duplicate_of.is_not(None))).scalar()
    assert copies, "the demo store should hold copies, so independent outlets differ from outlets"
    compared = 0
    for f in _filters(demo):
        for name, call in _calls(demo, f).items():
            rolled = call()
            try:
                _same(rolled, _raw(monkeypatch, call))
            except AssertionError as exc:
                raise AssertionError(f"{name} under {f}") from exc
            compared += bool(len(rolled)) if isinstance(rolled, pd.DataFrame) else 1
    assert compared > 100  # most calls found something to compare


def test_filters_on_what_articles_say_count_over_the_raw_rows() -> None:
    assert daily.serves(Filters(start=date(2026, 1, 1), outlets=("a",)), store.daily_mentions)
    assert not daily.serves(Filters(outlets=("a",)), store.daily_pairs)  # pairs summed per day only
    assert daily.serves(Filters(outlets=("a",)), store.daily_outlet_pairs)  # ... and per outlet
    assert PairSource.of(Filters(languages=("en",))).table is store.daily_outlet_pairs
    assert PairSource.of(Filters(start=date(2026, 1, 1))).table is store.daily_pairs
    assert PairSource.of(Filters(countries=("USA",))).table is store.pairs
    for f in (Filters(countries=("USA",)), Filters(actors=(1,)), Filters(topics=(1,)), Filters(search="x")):
        assert not daily.serves(f, store.daily_mentions)
    assert daily.serves(Filters(search="   "), store.daily_mentions)  # no words: nothing to search
    # mentions per topic answer the same filters with topics too
    assert daily.serves(Filters(topics=(1,), outlets=("a",)), store.daily_topic_mentions)
    assert not daily.serves(Filters(), store.daily_topic_mentions)  # it holds only articles with a topic
    assert daily.per_topic(Filters()) and not daily.per_topic(Filters(search="x"))
    assert not daily.serves(Filters(topics=(1,), countries=("USA",)), store.daily_topic_mentions)


def test_days_are_recounted_in_runs_of_consecutive_days() -> None:
    start = date(2026, 1, 1)
    days = [start, start + timedelta(days=1), start + timedelta(days=3)]
    days += [start + timedelta(days=10 + n) for n in range(40)]  # longer than one span
    assert list(spans(days)) == [
        (start, start + timedelta(days=1)),
        (start + timedelta(days=3), start + timedelta(days=3)),
        (start + timedelta(days=10), start + timedelta(days=10 + SPAN_DAYS - 1)),
        (start + timedelta(days=10 + SPAN_DAYS), start + timedelta(days=49)),
    ]
    assert list(spans([])) == []


# --- refresh ------------------------------------------------------------------------------------------------

DAY = datetime(2026, 11, 2, 9, tzinfo=UTC)
USA, FRA = Entity("country", "United States", "USA"), Entity("country", "France", "FRA")
USA_OLD = Entity("country", "USA", "USA")  # a name an older country table gave the United States


def _article(engine: Engine, source: int, n: int, when: datetime) -> int:
    text = f"Article number {n}: the United States and France met."
    url = f"https://a.example/{n}"
    art = Article(url=url, canonical_url=url, title=f"Title {n}", text=text, published=when, language="en")
    article_id, outcome = store.save_article(
        engine, store.NewArticle(art, content_fingerprint(text), source, None, None, when)
    )
    assert outcome == "ok" and article_id is not None
    return article_id


def _wire_articles(db_url: str, published: list[datetime]) -> tuple[Engine, list[int]]:
    """A fresh store with one outlet and an article published at each of these times."""
    engine = store.connect(db_url)
    store.ensure_schema(engine)
    (source,) = store.sync_sources(engine, [SourceConfig("wire", "rss", "https://a.example/feed")])
    return engine, [_article(engine, source.id, n, when) for n, when in enumerate(published)]


def _analysis(*found: Entity) -> Analysis:
    mentions = tuple(Mention(e.key, 0, 25 + 4 * i, 27 + 4 * i, e.name) for i, e in enumerate(found))
    pairs = tuple(Pair(a.key, b.key, "sentence", 0, 40) for a, b in zip(found, found[1:], strict=False))
    return Analysis("", found, mentions, pairs)


def _usa(engine: Engine) -> int:
    top = queries.top_entities(engine, Filters(), "country", None).set_index("key")
    return int(top["articles"].get("USA", 0))


def test_a_change_is_counted_again_by_the_next_refresh(db_url: str) -> None:
    engine, ids = _wire_articles(db_url, [DAY + timedelta(days=n // 2) for n in range(6)])
    for article_id in ids:
        store.save_analysis(engine, article_id, _analysis(USA, FRA), None, DAY)
    assert store.refresh_rollups(engine, DAY) == 3  # three days
    assert _usa(engine) == 6
    assert store.refresh_rollups(engine, DAY) == 0  # nothing changed

    store.save_analysis(engine, ids[5], _analysis(FRA), None, DAY)  # re-enriched: no USA any more
    assert _usa(engine) == 6  # counted as it was until the refresh
    # The newest evidence is read over the newest days the counts name; they are stale here, so the
    # bounded read comes up short and all days are read: still the two newest sentences (ties: by id).
    evidence = queries.pair_evidence(engine, Filters(), "USA", "FRA", 2)
    assert list(evidence["id"]) == [ids[4], ids[2]]
    assert store.refresh_rollups(engine, DAY) == 1  # only that article's day
    assert _usa(engine) == 5
    assert queries.mentioned_countries(engine) == ["FRA", "USA"]  # the sidebar: most articles first
    assert list(queries.pair_evidence(engine, Filters(), "USA", "FRA", 2)["id"]) == [ids[4], ids[2]]
    pairs = queries.country_pairs(engine, Filters(), "sentence")
    assert pairs.to_dict("records") == [{"a": "FRA", "b": "USA", "articles": 5}]
    engine.dispose()


def test_a_country_stored_under_two_names_is_counted_once(db_url: str) -> None:
    engine, ids = _wire_articles(db_url, [DAY] * 3)
    store.save_analysis(engine, ids[0], _analysis(USA, FRA), None, DAY)
    store.save_analysis(engine, ids[1], _analysis(USA_OLD, FRA), None, DAY)  # an older name, same ISO3
    store.save_analysis(engine, ids[2], _analysis(USA, USA_OLD, FRA), None, DAY)
    store.refresh_rollups(engine, DAY)
    assert _usa(engine) == 3  # articles, not names
    pairs = queries.country_pairs(engine, Filters(), "sentence")
    assert pairs.to_dict("records") == [{"a": "FRA", "b": "USA", "articles": 3}]
    engine.dispose()


def test_each_storys_entities_are_counted_over_all_its_articles(demo: Engine) -> None:
    m, a, e = store.mentions, store.articles, store.entities
    with demo.connect() as conn:
        code = dict(conn.execute(select(e.c.id, e.c.country).where(e.c.kind == "country")).all())
        named = conn.execute(select(a.c.story_id, m.c.entity_id, m.c.article_id).join(a)).all()
        rolled = conn.execute(select(store.story_mentions)).all()
    lowest: dict[str, int] = {}
    for entity_id in sorted(code):
        lowest.setdefault(code[entity_id], entity_id)
    expected: dict[tuple[int, int], set[int]] = {}
    for story, entity, article in named:
        if story is not None:
            entity = lowest[code[entity]] if entity in code else entity
            expected.setdefault((story, entity), set()).add(article)
    assert len(expected) > 100
    assert {(s, ent): n for s, ent, n in rolled} == {k: len(v) for k, v in expected.items()}
    table = queries.story_table(demo, Filters(), 5)
    countries = queries.story_entities(demo, tuple(int(i) for i in table["id"]), "country")
    assert len(countries) == 5 and all(countries["names"].str.len() > 0)


def test_a_storys_entities_are_counted_again_when_an_article_changes(db_url: str) -> None:
    engine, ids = _wire_articles(db_url, [DAY] * 3)
    for article_id in ids:
        store.save_analysis(engine, article_id, _analysis(USA, FRA), None, DAY)
    store.refresh_rollups(engine, DAY)  # counted before clustering put them in a story
    updates = [store.ClusterUpdate(i, None, 7, None) for i in ids]
    store.save_clustering(engine, updates, {7: "Title 0"}, DAY)
    store.refresh_rollups(engine, DAY)

    def named() -> str:
        return str(queries.story_entities(engine, (7,), "country")["names"].iloc[0])

    assert named() == "France (FRA), United States (USA)"  # both in three articles: by name
    store.save_analysis(engine, ids[0], _analysis(USA), None, DAY)
    store.save_analysis(engine, ids[1], _analysis(USA), None, DAY)
    store.refresh_rollups(engine, DAY)
    assert named() == "United States (USA), France (FRA)"  # the United States in three, France in one
    with engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(store.entities.c.country, store.story_mentions.c.articles).join(
                    store.entities, store.entities.c.id == store.story_mentions.c.entity_id
                )
            ).all()
        )
    assert counts == {"USA": 3, "FRA": 1}
    engine.dispose()


def test_an_article_given_another_topic_is_counted_under_it_after_the_next_refresh(db_url: str) -> None:
    engine, ids = _wire_articles(db_url, [DAY] * 3)
    for article_id in ids:
        store.save_analysis(engine, article_id, _analysis(USA, FRA), None, DAY)
    store.save_topic_assignments(engine, 1, [(i, 1) for i in ids])
    store.refresh_rollups(engine, DAY)

    def usa_in(topic: int) -> int:
        top = queries.top_entities(engine, Filters(topics=(topic,)), "country", None).set_index("key")
        return int(top["articles"].get("USA", 0))

    assert (usa_in(1), usa_in(2)) == (3, 0)
    store.save_topic_assignments(engine, 2, [(ids[0], 2), (ids[1], 1), (ids[2], 1)])  # a refit moved one
    with engine.connect() as conn:  # only the moved article waits for a recount
        waiting = select(store.articles.c.id).where(store.articles.c.rolled_up_at.is_(None))
        assert conn.execute(waiting).scalars().all() == [ids[0]]
    store.refresh_rollups(engine, DAY)
    assert (usa_in(1), usa_in(2)) == (2, 1)
    engine.dispose()
