"""The Topics and Stories pages (and the Articles page's topic, story and copy columns) under AppTest.

The store is built once for the module: 300 demo articles, enriched (so topics and stories have countries
and actors) and clustered into 6 topics. Expected numbers are computed with pandas over plain table reads,
never through the dashboard's queries. The chart builders and the pure helpers are tested on small frames.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from page_driver import app, figures, select_point, values
from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import sqlite
from streamlit.testing.v1 import AppTest

from dashboard import charts, drill
from dashboard.charts.base import OTHER, PALETTE
from dashboard.charts.topics import NO_TOPIC, leading_topics, topic_areas, topic_keys
from dashboard.lineage import lineage_note, refit_note, topic_names
from dashboard.queries import Filters, TopicDetail, apply_filters
from dashboard.urlstate import Choices, Selection, parse_params, to_filters, to_params
from ingest import store
from ingest.cluster import cluster
from ingest.demo import build_world
from ingest.demo.load import load_world
from ingest.enrich import enrich
from ingest.settings import ClusterSettings, EnrichSettings

END = date(2026, 11, 20)


@dataclass(frozen=True)
class Raw:
    """The store's rows, read plainly."""

    articles: pd.DataFrame  # id, title, published (naive UTC), outlet, source_id, duplicate_of, topic, story
    mentions: pd.DataFrame  # article_id, entity_id, kind, name, country
    topics: pd.DataFrame  # id, label, status, terms (JSON), representatives (JSON)
    stories: pd.DataFrame  # id, label, articles


@pytest.fixture(scope="module")
def world(stores: Any) -> Iterator[tuple[str, Engine, Raw]]:
    url = stores.new("dashboard_topics")
    engine = store.connect(url)
    load_world(engine, build_world(seed=5, articles=300, end=END))
    enrich(engine, EnrichSettings(processes=1))
    cluster(engine, ClusterSettings(topics=6))
    store.refresh_rollups(engine, datetime.now(UTC))
    _record_runs(engine)
    yield url, engine, read(engine)
    engine.dispose()
    stores.drop(url)


def _record_runs(engine: Engine) -> None:
    """Ok runs on the last three weeks but two days, so the timelines have days to mark."""
    for back in range(21):
        if back in (4, 11):
            continue
        at = datetime.combine(END - timedelta(days=back + 1), time(12), UTC)
        store.finish_run(engine, store.start_run(engine, at), at + timedelta(minutes=1), "ok", {}, 0)


def read(engine: Engine) -> Raw:
    a, s, m, e, t, st = (
        store.articles,
        store.sources,
        store.mentions,
        store.entities,
        store.topics,
        store.stories,
    )
    with engine.connect() as conn:
        arts = pd.DataFrame(
            conn.execute(
                select(
                    a.c.id, a.c.title, a.c.published, s.c.name, a.c.source_id, a.c.duplicate_of,
                    a.c.topic_id, a.c.story_id,
                ).join(s, s.c.id == a.c.source_id)
            ).all(),
            columns=["id", "title", "published", "outlet", "source_id", "duplicate_of", "topic", "story"],
        )  # fmt: skip
        ments = pd.DataFrame(
            conn.execute(
                select(m.c.article_id, m.c.entity_id, e.c.kind, e.c.name, e.c.country).join(e)
            ).all(),
            columns=["article_id", "entity_id", "kind", "name", "country"],
        )
        topics = pd.DataFrame(
            conn.execute(select(t.c.id, t.c.label, t.c.status, t.c.terms, t.c.representatives)).all(),
            columns=["id", "label", "status", "terms", "representatives"],
        )
        stories = pd.DataFrame(
            conn.execute(select(st.c.id, st.c.label, st.c.articles)).all(),
            columns=["id", "label", "articles"],
        )
    arts["published"] = pd.to_datetime(arts["published"], utc=True).dt.tz_localize(None)
    return Raw(arts, ments, topics.set_index("id"), stories.set_index("id"))


# --- AppTest helpers (as in test_dashboard_pages) -------------------------------------------------


def shown_count(at: AppTest) -> int:
    return int(at.caption[0].value.split(" articles match")[0].replace(",", ""))


def monday(stamp: pd.Timestamp) -> date:
    day: date = stamp.date()
    return day - timedelta(days=day.weekday())


def traces(figure: dict[str, Any]) -> dict[str, dict[date, float]]:
    """Each trace's values by period, keyed by the trace's drill-down key."""
    return {
        t["customdata"][0][0]: {
            date.fromisoformat(c[1]): y for c, y in zip(t["customdata"], values(t["y"]), strict=True)
        }
        for t in figure["data"]
    }


def weekly(raw: Raw, arts: pd.DataFrame | None = None) -> pd.Series:
    """Articles per (week, topic) for the articles given (all by default)."""
    arts = raw.articles if arts is None else arts
    return arts.groupby([[monday(p) for p in arts["published"]], arts["topic"]]).size()


def biggest_topic(raw: Raw) -> int:
    return int(raw.articles["topic"].value_counts().idxmax())


# --- both pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "drawn"),
    [
        ("topics", {"topic_timeline", "topic_terms", "topic_countries", "topic_actors"}),
        ("stories", {"story_timeline"}),
    ],
)
def test_pages_render_their_charts(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw], page: str, drawn: set[str]
) -> None:
    at = app(monkeypatch, world[0], page, dates="all")
    found = figures(at)
    assert set(found) == drawn
    for figure in found.values():
        assert figure["layout"]["title"]["text"] and figure["data"]
    assert all(c.value for c in at.caption) and not at.info


def test_empty_store_explains_both_pages(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    store.ensure_schema(store.connect(db_url))
    for page in ("topics", "stories"):
        at = app(monkeypatch, db_url, page)
        assert not figures(at) and "mediamon cluster" in at.info[0].value


def test_a_range_without_articles_says_so(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    for page in ("topics", "stories"):
        at = app(monkeypatch, world[0], page, **{"from": "2030-01-01", "to": "2030-01-31"})
        assert not figures(at) and "Widen the date range" in at.info[0].value


# --- topic timeline -------------------------------------------------------------------------------


def test_topic_timeline_stacks_each_topics_share_of_the_week(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "topics", dates="all")
    figure = figures(at)["topic_timeline"]
    drawn = traces(figure)
    counts = weekly(raw)
    totals = counts.groupby(level=0).sum()
    assert set(drawn) == {str(int(t)) for t in raw.articles["topic"].dropna().unique()}  # 6 < 7: no "other"
    for key, series in drawn.items():
        for week, share in series.items():
            assert share == pytest.approx(counts.get((week, int(key)), 0) / totals[week])
    for week in totals.index:
        assert sum(series[week] for series in drawn.values()) == pytest.approx(1.0)
    assert all(t["stackgroup"] == "one" for t in figure["data"])
    labels = raw.topics["label"]
    assert {t["name"] for t in figure["data"]} == {labels[int(k)] for k in drawn}


def test_an_outlet_narrows_the_raw_topic_counts(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "topics", dates="all", outlet="meridian-wire")
    at.radio(key="topic_scale").set_value("articles").run()
    at.radio(key="topic_unit").set_value("day").run()
    drawn = traces(figures(at)["topic_timeline"])
    arts = raw.articles[raw.articles["outlet"] == "meridian-wire"]
    expected = arts.groupby([arts["published"].dt.date, arts["topic"]]).size()
    got = {(day, int(key)): n for key, series in drawn.items() for day, n in series.items() if n}
    assert got == {(d, int(t)): n for (d, t), n in expected.items()}
    assert sum(got.values()) == len(arts) < len(raw.articles)


def test_a_chosen_topic_is_coloured_and_the_rest_are_grey(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    topic = biggest_topic(raw)
    at = app(monkeypatch, world[0], "topics", dates="all", topic=str(topic))
    figure = figures(at)["topic_timeline"]
    assert [t["customdata"][0][0] for t in figure["data"]] == [str(topic), "other"]
    assert [t["fillcolor"] for t in figure["data"]] == [PALETTE[0], OTHER]
    counts = weekly(raw)
    rest = counts[counts.index.get_level_values(1) != topic].groupby(level=0).sum()
    week = rest.idxmax()
    at = select_point(at, "topic_timeline", {"curve_number": 1, "customdata": ["other", week.isoformat()]})
    assert at.title[0].value == "Articles" and shown_count(at) == rest[week] > 0
    assert str(topic) not in at.query_params["topic"]


def test_clicking_a_topic_area_opens_that_topics_week(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "topics", dates="all")
    (week, topic), n = max(weekly(raw).items(), key=lambda item: item[1])
    curve = [t["customdata"][0][0] for t in figures(at)["topic_timeline"]["data"]].index(str(int(topic)))
    at = select_point(
        at, "topic_timeline", {"curve_number": curve, "customdata": [str(int(topic)), week.isoformat()]}
    )
    assert not at.exception and at.title[0].value == "Articles"
    assert shown_count(at) == n
    assert at.query_params["topic"] == str(int(topic)) and at.query_params["from"] == week.isoformat()
    assert set(at.dataframe[0].value["topic"]) == {raw.topics["label"][int(topic)]}


def test_timeline_marks_days_without_a_run(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    start, end = END - timedelta(days=21), END - timedelta(days=1)
    at = app(monkeypatch, world[0], "topics", **{"from": start.isoformat(), "to": end.isoformat()})
    shapes = figures(at)["topic_timeline"]["layout"]["shapes"]
    assert {pd.Timestamp(s["x0"]).date() for s in shapes} == {
        END - timedelta(days=5),
        END - timedelta(days=12),
    }


# --- one topic ------------------------------------------------------------------------------------


def topic_rows(raw: Raw, topic: int) -> pd.DataFrame:
    return raw.articles[raw.articles["topic"] == topic]


def named_in(raw: Raw, ids: pd.Series, kinds: tuple[str, ...], key: str) -> pd.Series:
    found = raw.mentions[raw.mentions["article_id"].isin(ids) & raw.mentions["kind"].isin(kinds)]
    return found.groupby(key)["article_id"].nunique()


def test_topic_view_shows_terms_countries_actors_stories_and_representatives(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    topic = int(raw.topics.index[raw.topics["status"] == "live"][-1])
    at = app(monkeypatch, world[0], "topics", dates="all")
    at.selectbox(key="topic").set_value(topic).run()
    drawn = figures(at)
    rows = topic_rows(raw, topic)
    assert f"{len(rows):,} articles match" in at.text[0].value
    bars = drawn["topic_terms"]["data"][0]
    stored = dict(json.loads(raw.topics["terms"][topic]))
    assert dict(zip([c[0] for c in bars["customdata"]], values(bars["x"]), strict=True)) == stored
    for key, kinds, column in (
        ("topic_countries", ("country",), "country"),
        ("topic_actors", ("person", "organisation"), "entity_id"),
    ):
        bars = drawn[key]["data"][0]
        expected = named_in(raw, rows["id"], kinds, column)
        keys = [c[0] if column == "country" else int(c[0]) for c in bars["customdata"]]
        assert values(bars["x"]) == [expected[k] for k in keys]
        assert sorted(values(bars["x"]), reverse=True) == sorted(expected, reverse=True)[:10]
    stories = at.dataframe[1].value
    by_story = rows.groupby("story").agg(
        articles=("id", "size"),
        outlets=("source_id", "nunique"),
        independent=("duplicate_of", lambda d: int(d.isna().sum())),
    )
    assert len(stories) == min(20, len(by_story))
    for row in stories.itertuples():
        assert (row.articles, row.outlets, row.independent) == tuple(by_story.loc[row.id])
        assert row.total == raw.stories["articles"][row.id]
    assert list(at.dataframe[2].value["id"]) == json.loads(raw.topics["representatives"][topic])
    assert any(c.value.startswith("Born in fit 1") for c in at.caption)


def test_topic_button_and_bars_open_the_topics_articles(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    topic = biggest_topic(raw)
    at = app(monkeypatch, world[0], "topics", dates="all")
    assert at.selectbox(key="topic").value == topic
    at.button(key="topic_articles").click().run()
    assert at.title[0].value == "Articles" and shown_count(at) == len(topic_rows(raw, topic))
    at = app(monkeypatch, world[0], "topics", dates="all")
    rows = topic_rows(raw, topic)
    country = named_in(raw, rows["id"], ("country",), "country").idxmax()
    at = select_point(at, "topic_countries", {"curve_number": 0, "customdata": [country]})
    expected = named_in(raw, rows["id"], ("country",), "country")[country]
    assert at.title[0].value == "Articles" and shown_count(at) == expected
    assert at.query_params["country"] == country and at.query_params["topic"] == str(topic)


def test_topic_lineage_and_refits(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    engine = store.connect(db_url)
    load_world(engine, build_world(seed=5, articles=150, end=END))
    at = app(monkeypatch, db_url, "topics", dates="all")
    assert "mediamon cluster" in at.info[0].value  # articles, but no clustering yet
    cluster(engine, ClusterSettings(topics=6))
    cluster(engine, ClusterSettings(topics=2), refit=True)
    st.cache_data.clear()  # the pages remember for a minute that this store had no topics
    raw = read(engine)
    gone = list(raw.topics.index[raw.topics["status"] == "vanished"])
    live = list(raw.topics.index[raw.topics["status"] == "live"])
    assert len(gone) >= 2 and live
    # The clusterer records a merge when two old topics match one new one; this data has none, so write one.
    with engine.begin() as conn:
        conn.execute(
            update(store.topics)
            .where(store.topics.c.id == gone[0])
            .values(status="merged", merged_into=live[0])
        )
    at = app(monkeypatch, db_url, "topics", dates="all")
    assert any("fit 2: 2 topics" in c.value and "2 fits so far" in c.value for c in at.caption)
    at.selectbox(key="topic").set_value(gone[0]).run()
    assert any(
        f"merged into “{raw.topics['label'][live[0]]}” (#{live[0]}) at fit 2" in c.value for c in at.caption
    )
    assert at.button(key="topic_articles").disabled
    at.selectbox(key="topic").set_value(gone[1]).run()
    assert any("vanished at fit 2" in c.value for c in at.caption)
    at.selectbox(key="topic").set_value(live[0]).run()
    assert any("found again by every refit since" in c.value for c in at.caption)
    engine.dispose()


# --- stories --------------------------------------------------------------------------------------

RANGE = {"from": "2026-10-01", "to": "2026-11-10"}


def in_range(raw: Raw) -> pd.DataFrame:
    days = raw.articles["published"].dt.date
    return raw.articles[(days >= date(2026, 10, 1)) & (days <= date(2026, 11, 10))]


def test_story_list_counts_each_story_inside_the_filters(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "stories", **RANGE)
    arts = in_range(raw).dropna(subset=["story"])
    expected = arts.groupby("story").agg(
        first=("published", "min"),
        last=("published", "max"),
        articles=("id", "size"),
        outlets=("source_id", "nunique"),
        independent=("duplicate_of", lambda d: int(d.isna().sum())),
    )
    assert at.caption[1].value.startswith(f"{len(expected)} stories have articles matching")
    table = at.dataframe[0].value
    assert len(table) == len(expected)
    assert list(table["articles"]) == sorted(table["articles"], reverse=True)
    clipped = 0
    for row in table.itertuples():
        want = expected.loc[row.id]
        assert (row.articles, row.outlets, row.independent) == (want.articles, want.outlets, want.independent)
        assert (row.first.tz_localize(None), row.last.tz_localize(None)) == (want["first"], want["last"])
        assert row.total == raw.stories["articles"][row.id] >= row.articles
        clipped += row.total > row.articles
        # its countries are the story's own: named in the most of all its articles, in range or not
        every = raw.articles.loc[raw.articles["story"] == row.id, "id"]
        named = named_in(raw, every, ("country",), "country")
        codes = [part.rsplit("(", 1)[1].rstrip(")") for part in row.countries.split(", ") if part]
        assert [named[c] for c in codes] == sorted(named, reverse=True)[:3]
    assert clipped  # some stories run past the range: their numbers are the range's, not the totals


def test_story_view_timeline_and_its_articles(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    arts = in_range(raw)
    story = int(arts["story"].value_counts().index[1])
    rows = arts[arts["story"] == story]
    at = app(monkeypatch, world[0], "stories", **RANGE)
    at.selectbox(key="story").set_value(story).run()
    figure = figures(at)["story_timeline"]
    per_day = rows.groupby([rows["outlet"], rows["published"].dt.date]).size()
    drawn = {
        (c[0], date.fromisoformat(c[1])): y
        for t in figure["data"]
        for c, y in zip(t["customdata"], values(t["y"]), strict=True)
        if y
    }
    assert sum(drawn.values()) == len(rows)
    assert {k: n for k, n in drawn.items() if k[0] != "other"} == {
        k: n for k, n in per_day.items() if k[0] in {o for o, _ in drawn}
    }  # outlets past the eighth are drawn together as "other"
    at.button(key="story_articles").click().run()
    assert at.title[0].value == "Articles" and shown_count(at) == len(rows)
    assert at.query_params["story"] == str(story)
    assert set(at.dataframe[0].value["story"]) == {raw.stories["label"][story]}
    assert at.sidebar.multiselect(key="stories").value == [story]


def test_stories_sort_by_outlets(monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]) -> None:
    at = app(monkeypatch, world[0], "stories", dates="all")
    at.selectbox(key="story_sort").set_value("outlets").run()
    table = at.dataframe[0].value
    assert list(table["outlets"]) == sorted(table["outlets"], reverse=True)


# --- articles page --------------------------------------------------------------------------------


def test_articles_show_topic_and_story_labels_and_what_they_copy(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "articles", dates="all")
    table = at.dataframe[0].value.set_index("id")
    arts = raw.articles.set_index("id")
    assert len(table) == len(arts)
    assert (table["topic"] == arts["topic"].map(raw.topics["label"]).reindex(table.index)).all()
    assert (table["story"] == arts["story"].map(raw.stories["label"]).reindex(table.index)).all()
    copies = arts[arts["duplicate_of"].notna()]
    assert len(copies) > 0
    assert list(table.loc[copies.index, "copy_of"]) == list(arts.loc[copies["duplicate_of"], "outlet"])
    assert table.loc[arts.index[arts["duplicate_of"].isna()], "copy_of"].isna().all()


def test_a_story_link_filters_and_an_unknown_one_is_noted(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    story = int(raw.stories["articles"].idxmax())
    at = app(monkeypatch, world[0], "articles", dates="all", story=[str(story), "999999"])
    assert shown_count(at) == int((raw.articles["story"] == story).sum())
    assert "no story with id 999999" in at.sidebar.warning[0].value
    assert raw.stories["label"][story] in at.text[0].value


# --- pure parts -----------------------------------------------------------------------------------

SERIES = pd.DataFrame(
    {
        "period": pd.to_datetime(["2026-11-02"] * 4 + ["2026-11-09"] * 3),
        "topic": pd.array([1, 2, 3, None, 1, 3, 4], dtype="Int64"),
        "articles": [4, 3, 2, 1, 1, 2, 1],
    }
)


def test_topic_areas_stack_shares_with_other_and_no_topic_in_grey() -> None:
    fig = topic_areas(SERIES, {1: "elections", 2: "trade"}, [1, 2], "Topics")
    names = [t.name for t in fig.data]
    assert names == ["elections", "trade", "other topics", "no topic"]
    assert [t.fillcolor for t in fig.data] == [PALETTE[0], PALETTE[1], OTHER, NO_TOPIC]
    shares = {t.customdata[0][0]: list(t.y) for t in fig.data}
    assert shares["1"] == pytest.approx([0.4, 0.25]) and shares["2"] == pytest.approx([0.3, 0.0])
    assert shares["other"] == pytest.approx([0.2, 0.75]) and shares["none"] == pytest.approx([0.1, 0.0])
    assert [list(c) for c in fig.data[0].customdata] == [["1", "2026-11-02"], ["1", "2026-11-09"]]
    assert all(t.stackgroup == "one" for t in fig.data) and fig.layout.yaxis.tickformat == ".0%"


def test_topic_areas_raw_counts_and_an_empty_frame() -> None:
    fig = topic_areas(SERIES, {}, [3], "Topics", share=False)
    assert [t.name for t in fig.data] == ["topic 3", "other topics", "no topic"]
    assert list(fig.data[0].y) == [2, 2] and list(fig.data[1].y) == [7, 2]
    empty = topic_areas(SERIES.iloc[:0], {}, [], "Nothing")
    assert not empty.data and empty.layout.title.text == "Nothing"
    assert topic_areas(SERIES.assign(topic=pd.array([None] * 7, dtype="Int64")), {}, [], "t").data[
        0
    ].name == ("no topic")


def test_leading_topics_are_the_chosen_or_the_largest() -> None:
    assert leading_topics(SERIES) == [1, 3, 2, 4]  # 5, 4, 3 articles; then 4 with 1
    assert leading_topics(SERIES, top=2) == [1, 3]
    assert leading_topics(SERIES, chosen=(4,)) == [4]
    assert topic_keys(SERIES["topic"], [3]) == ["other", "other", "3", "none", "other", "3", "other"]


def test_story_timeline_title_and_story_filter() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2026-11-02"]), "outlet": ["a"], "articles": [2]})
    assert charts.articles_over_time(frame, title="Story").layout.title.text == "Story"
    where = apply_filters(select(store.articles.c.id), Filters(stories=(4, 9)))
    assert "articles.story_id IN (4, 9)" in str(
        where.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    )


def test_a_story_round_trips_through_the_url() -> None:
    choices = Choices(topics=frozenset({3}), stories=frozenset({12}))
    chosen = Selection("all", topics=(3,), stories=(12,))
    params = to_params(chosen)
    assert params["story"] == ["12"]
    assert parse_params(params, choices) == (chosen, [])
    assert to_filters(chosen, choices).stories == (12,)
    _, notes = parse_params({"story": ["13", "x1"]}, choices)
    assert notes == ["no story with id 13", "story id 'x1' is not a number"]


@pytest.mark.parametrize(
    ("page", "kind", "key", "expected"),
    [
        (Filters(), "country", "RUS", (("RUS",), (), "any")),
        (Filters(countries=("PRK",)), "country", "RUS", (("PRK", "RUS"), (), "all")),
        (Filters(countries=("PRK",), actors=(4,), together="all"), "actor", "7", (("PRK",), (4, 7), "all")),
        (Filters(countries=("RUS",)), "country", "RUS", (("RUS",), (), "any")),
        (Filters(countries=("PRK", "KOR")), "country", "RUS", None),
    ],
)
def test_one_more_entity_narrows_the_filters_when_they_can_say_so(
    page: Filters, kind: Any, key: str, expected: tuple[Any, ...] | None
) -> None:
    found = drill.and_entity(page, kind, key)
    assert (found.countries, found.actors, found.together) == expected if found else expected is None


def test_topics_and_stories_read_back_by_label() -> None:
    f = Filters(topics=(3,), stories=(12, 13))
    assert drill.describe(f, {}, {3: "elections"}, {12: "Vote count begins"}) == (
        "topics: elections; stories: Vote count begins; story 13"
    )


def test_lineage_in_words() -> None:
    fits = pd.DataFrame(
        {
            "id": [3, 2, 1],
            "fitted_at": pd.to_datetime(["2026-11-16", "2026-11-09", "2026-11-02"], utc=True),
            "k": [5, 6, 6],
            "n_docs": [1200, 1000, 800],
        }
    )
    topics = pd.DataFrame({"id": [1, 2], "label": ["trade, tariffs", "vote"], "status": ["live", "merged"]})
    live = TopicDetail(1, "trade, tariffs", "live", 40, 1, 3, None, (), ())
    merged = TopicDetail(2, "vote", "merged", 9, 1, 2, 1, (), ())
    assert lineage_note(live, topics, fits) == (
        "Born in fit 1 of 2026-11-02; found again by every refit since, the latest being fit 3 of 2026-11-16."
    )
    assert lineage_note(merged, topics, fits) == (
        "Born in fit 1 of 2026-11-02; merged into “trade, tariffs” (#1) at fit 3 of 2026-11-16."
    )
    gone = TopicDetail(4, "x", "vanished", 3, 2, 2, None, (), ())
    assert lineage_note(gone, topics, fits).endswith(
        "vanished at fit 3 of 2026-11-16 (no topic of that fit matched it)."
    )
    assert refit_note(fits).startswith(
        "Topics last refitted 2026-11-16 00:00 UTC (fit 3: 5 topics from 1,200"
    )
    assert topic_names(topics) == {1: "trade, tariffs", 2: "vote (merged)"}
