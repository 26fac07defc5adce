"""Every analysis page under AppTest on an enriched demo store; expected numbers come from raw rows.

The store is built once for the module (200 demo articles, enriched: about 15 s). Expected values are
computed with pandas over plain table reads, never through the dashboard's own queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
import pytest
from page_driver import app, figures, select_point, values
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from dashboard.urlstate import PARAM_NAMES
from ingest import store
from ingest.demo import build_world
from ingest.demo.load import load_world
from ingest.enrich import enrich
from ingest.settings import EnrichSettings

END = date(2026, 11, 20)


@dataclass(frozen=True)
class Raw:
    """The store's rows, read plainly: what the expected numbers are computed from."""

    articles: pd.DataFrame  # id, title, text, published (naive UTC), outlet, duplicate_of, source_id
    mentions: pd.DataFrame  # article_id, entity_id, kind, name, country
    pairs: pd.DataFrame  # article_id, a, b (ISO3, a < b), level, start, end — country pairs only
    ok_days: frozenset[date]


@pytest.fixture(scope="module")
def world(stores: Any) -> Iterator[tuple[str, Engine, Raw]]:
    url = stores.new("dashboard_pages")
    engine = store.connect(url)
    load_world(engine, build_world(seed=5, articles=200, end=END))
    enrich(engine, EnrichSettings(processes=1))
    store.refresh_rollups(engine, datetime.now(UTC))
    ok_days = _record_runs(engine)
    yield url, engine, _read(engine, ok_days)
    engine.dispose()
    stores.drop(url)


def _record_runs(engine: Engine) -> frozenset[date]:
    """Ok runs on most of the last three weeks; two days with a failed run only, one with none."""
    ok: set[date] = set()
    for back in range(21):
        day = END - timedelta(days=back + 1)
        status = "failed" if back in (5, 6) else "ok"
        if back == 9:
            continue
        at = datetime.combine(day, time(12), UTC)
        store.finish_run(engine, store.start_run(engine, at), at + timedelta(minutes=1), status, {}, 0)
        if status == "ok":
            ok.add(day)
    return frozenset(ok)


def _read(engine: Engine, ok_days: frozenset[date]) -> Raw:
    a, s, m, e, p = store.articles, store.sources, store.mentions, store.entities, store.pairs
    with engine.connect() as conn:
        arts = pd.DataFrame(
            conn.execute(
                select(
                    a.c.id, a.c.title, a.c.text, a.c.published, a.c.duplicate_of, a.c.source_id, s.c.name
                ).join(s, s.c.id == a.c.source_id)
            ).all(),
            columns=["id", "title", "text", "published", "duplicate_of", "source_id", "outlet"],
        )
        ments = pd.DataFrame(
            conn.execute(
                select(m.c.article_id, m.c.entity_id, e.c.kind, e.c.name, e.c.country).join(e)
            ).all(),
            columns=["article_id", "entity_id", "kind", "name", "country"],
        )
        ents = pd.DataFrame(
            conn.execute(select(e.c.id, e.c.kind, e.c.country)).all(), columns=["id", "kind", "iso"]
        )
        rows = pd.DataFrame(
            conn.execute(select(p.c.article_id, p.c.a, p.c.b, p.c.level, p.c.start, p.c.end)).all(),
            columns=["article_id", "a", "b", "level", "start", "end"],
        )
    arts["published"] = pd.to_datetime(arts["published"], utc=True).dt.tz_localize(None)
    iso = ents[ents["kind"] == "country"].set_index("id")["iso"]
    rows = rows[rows["a"].isin(iso.index) & rows["b"].isin(iso.index)].copy()
    codes = [sorted((iso[x], iso[y])) for x, y in zip(rows["a"], rows["b"], strict=True)]
    rows["a"], rows["b"] = [c[0] for c in codes], [c[1] for c in codes]
    return Raw(arts, ments, rows, ok_days)


def filter_params(at: AppTest) -> dict[str, Any]:
    """The URL's filter parameters (pages such as the weekly brief add their own)."""
    return {k: v for k, v in at.query_params.items() if k in PARAM_NAMES}


def shown_count(at: AppTest) -> int:
    return int(at.caption[0].value.split(" articles match")[0].replace(",", ""))


def monday(stamp: pd.Timestamp) -> date:
    day: date = stamp.date()
    return day - timedelta(days=day.weekday())


# --- every page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "charts"),
    [
        ("coverage", {"coverage_per_day"}),
        ("mentions", {"mentions_timeline", "mentions_share", "mentions_top_bars"}),
        ("pairings", {"pair_heatmap", "pair_network", "pair_map", "pair_timeline"}),
        ("actors", {"actor_network", "actor_timeline", "actor_countries"}),
        ("articles", set()),
    ],
)
def test_every_page_renders_its_charts(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw], page: str, charts: set[str]
) -> None:
    at = app(monkeypatch, world[0], page)
    drawn = figures(at)
    assert set(drawn) == charts
    for figure in drawn.values():
        assert figure["layout"]["title"]["text"] and figure["data"]
    assert all(c.value for c in at.caption)


def test_empty_store_explains_every_page(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    store.ensure_schema(store.connect(db_url))
    for page in ("mentions", "pairings", "actors", "articles"):
        at = app(monkeypatch, db_url, page)
        assert at.info and not figures(at)
        assert "mediamon enrich" in at.info[0].value or "No articles" in at.info[0].value


# --- mentions ---------------------------------------------------------------------------------------


def country_weeks(
    raw: Raw, codes: list[str], articles: pd.DataFrame | None = None
) -> dict[str, dict[date, int]]:
    arts = raw.articles if articles is None else articles
    named = raw.mentions[(raw.mentions["kind"] == "country") & raw.mentions["country"].isin(codes)]
    rows = named.merge(arts, left_on="article_id", right_on="id").drop_duplicates(["article_id", "country"])
    rows = rows.assign(week=[monday(p) for p in rows["published"]])
    counts = rows.groupby(["country", "week"]).size()
    return {c: {w: int(n) for w, n in counts[c].items()} for c in codes if c in counts.index}


def lines(figure: dict[str, Any]) -> dict[str, dict[date, float]]:
    return {
        t["customdata"][0][0]: {
            date.fromisoformat(c[1]): y for c, y in zip(t["customdata"], values(t["y"]), strict=True)
        }
        for t in figure["data"]
    }


def test_mentions_count_articles_per_week_for_the_countries_in_the_link(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "mentions", country=["RUS", "PRK"], dates="all")
    drawn = lines(figures(at)["mentions_timeline"])
    expected = country_weeks(raw, ["RUS", "PRK"])
    assert set(drawn) == {"RUS", "PRK"}
    for code in ("RUS", "PRK"):
        assert {w: n for w, n in drawn[code].items() if n} == expected[code]


def test_an_outlet_in_the_link_narrows_the_mentions(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "mentions", country=["USA"], outlet="meridian-wire", dates="all")
    drawn = lines(figures(at)["mentions_timeline"])["USA"]
    expected = country_weeks(raw, ["USA"], raw.articles[raw.articles["outlet"] == "meridian-wire"])["USA"]
    assert {w: n for w, n in drawn.items() if n} == expected
    assert sum(expected.values()) < sum(country_weeks(raw, ["USA"])["USA"].values())


def test_mentions_as_independent_outlets_and_as_a_share(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "mentions", country=["USA"], dates="all")
    at.radio(key="measure").set_value("outlets").run()
    drawn = lines(figures(at)["mentions_timeline"])["USA"]
    named = raw.mentions[raw.mentions["country"] == "USA"].merge(
        raw.articles, left_on="article_id", right_on="id"
    )
    originals = named[named["duplicate_of"].isna()]
    outlets = originals.groupby([monday(p) for p in originals["published"]])["source_id"].nunique()
    assert {w: n for w, n in drawn.items() if n} == outlets.to_dict()
    at.radio(key="measure").set_value("articles").run()
    at.radio(key="scale").set_value("share of all coverage").run()
    shares = lines(figures(at)["mentions_timeline"])["USA"]
    totals = raw.articles.groupby([monday(p) for p in raw.articles["published"]]).size()
    weeks = country_weeks(raw, ["USA"])["USA"]
    for week, n in weeks.items():
        assert shares[week] == pytest.approx(n / totals[week])


def test_top_bars_put_the_previous_period_beside(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    start, end = date(2026, 10, 21), date(2026, 11, 19)
    at = app(monkeypatch, world[0], "mentions", **{"from": start.isoformat(), "to": end.isoformat()})
    previous, current = figures(at)["mentions_top_bars"]["data"]
    countries = raw.mentions[raw.mentions["kind"] == "country"].merge(
        raw.articles, left_on="article_id", right_on="id"
    )
    days = countries["published"].dt.date

    def counted(low: date, high: date) -> pd.Series:
        inside = countries[(days >= low) & (days <= high)]
        return inside.groupby("country")["article_id"].nunique()

    now, before = counted(start, end), counted(start - timedelta(days=30), start - timedelta(days=1))
    keys = [c[0] for c in current["customdata"]]
    assert values(current["x"]) == [now[k] for k in keys]
    assert values(previous["x"]) == [before.get(k, 0) for k in keys]
    assert sorted(now, reverse=True)[:10] == sorted(values(current["x"]), reverse=True)


def test_timelines_mark_days_without_a_successful_run(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    start, end = END - timedelta(days=21), END - timedelta(days=1)
    at = app(monkeypatch, world[0], "mentions", **{"from": start.isoformat(), "to": end.isoformat()})
    shapes = figures(at)["mentions_timeline"]["layout"]["shapes"]
    marked = set()
    for shape in shapes:
        first, after = pd.Timestamp(shape["x0"]).date(), pd.Timestamp(shape["x1"]).date()
        marked |= {first + timedelta(days=i) for i in range((after - first).days)}
    every = {start + timedelta(days=i) for i in range((end - start).days + 1)}
    assert marked == every - raw.ok_days
    assert {END - timedelta(days=d) for d in (6, 7, 10)} <= marked


# --- country pairings -------------------------------------------------------------------------------


def pair_counts(raw: Raw, level: str) -> pd.Series:
    rows = raw.pairs[(raw.pairs["level"] == level) & (raw.pairs["a"] != raw.pairs["b"])]
    return rows.groupby(["a", "b"])["article_id"].nunique()


def cell(figure: dict[str, Any], a: str, b: str) -> tuple[float | None, int]:
    heat = figure["data"][0]
    keys = [row[0][0] for row in heat["customdata"]]
    i, j = keys.index(a), keys.index(b)
    return heat["z"][i][j], heat["customdata"][i][j][2]


CODES = ["USA", "CHN", "RUS", "PRK", "KOR", "JPN"]


@pytest.mark.parametrize("level", ["sentence", "article"])
def test_heatmap_counts_articles_naming_both_countries(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw], level: str
) -> None:
    at = app(monkeypatch, world[0], "pairings", country=CODES, dates="all")
    at.radio(key="level").set_value(level).run()
    figure = figures(at)["pair_heatmap"]
    expected = pair_counts(world[2], level)
    for a in CODES:
        for b in CODES:
            if a < b:
                n = int(expected.get((a, b), 0))
                assert cell(figure, a, b) == (n or None, n) == cell(figure, b, a)[::1]


def test_heatmap_normalised_by_jaccard(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "pairings", country=CODES, dates="all")
    at.radio(key="strength").set_value("jaccard").run()
    figure = figures(at)["pair_heatmap"]
    named = raw.mentions[raw.mentions["kind"] == "country"].groupby("country")["article_id"].nunique()
    both = pair_counts(raw, "sentence")[("PRK", "RUS")]
    assert cell(figure, "PRK", "RUS")[0] == pytest.approx(both / (named["PRK"] + named["RUS"] - both))
    assert "Jaccard" in at.caption[1].value


def test_pair_evidence_lists_the_sentences_behind_the_pair(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "pairings", country=["PRK", "RUS"], dates="all")
    assert at.selectbox(key="pair").value == ("PRK", "RUS")
    table = at.dataframe[0].value
    rows = raw.pairs[
        (raw.pairs["level"] == "sentence") & (raw.pairs["a"] == "PRK") & (raw.pairs["b"] == "RUS")
    ]
    assert len(table) == min(len(rows), 200) > 0
    texts = raw.articles.set_index("id")["text"]
    expected = {
        texts[i][int(s) : int(e)].strip()
        for i, s, e in zip(rows["article_id"], rows["start"], rows["end"], strict=True)
    }
    assert set(table["sentence"]) <= expected
    series = figures(at)["pair_timeline"]["data"][0]
    assert sum(values(series["y"])) == rows["article_id"].nunique()


def test_clicking_a_heatmap_cell_opens_the_articles_behind_it(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "pairings", country=CODES, dates="all")
    _, n = cell(figures(at)["pair_heatmap"], "KOR", "JPN")
    at = select_point(at, "pair_heatmap", {"curve_number": 0, "customdata": ["KOR", "JPN", n]})
    assert not at.exception and at.title[0].value == "Articles"
    assert at.query_params["country"] == ["KOR", "JPN"] and at.query_params["match"] == "sentence"
    expected = set(
        raw.pairs[(raw.pairs["level"] == "sentence") & (raw.pairs["a"] == "JPN") & (raw.pairs["b"] == "KOR")][
            "article_id"
        ]
    )
    assert shown_count(at) == n == len(expected)
    assert set(at.dataframe[0].value["title"]) == set(
        raw.articles.set_index("id").loc[list(expected), "title"]
    )


# --- actors -----------------------------------------------------------------------------------------


def test_actor_network_shows_the_most_mentioned_actors(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "actors", dates="all")
    at.slider(key="actor_size").set_value(10).run()
    figure = figures(at)["actor_network"]
    nodes = {int(c[0]) for t in figure["data"] if t["mode"] == "markers+text" for c in t["customdata"]}
    actors = raw.mentions[raw.mentions["kind"].isin(["person", "organisation"])]
    counts = actors.groupby("entity_id")["article_id"].nunique().sort_values(ascending=False)
    assert len(nodes) == 10 and {int(k) for k in counts.index[:9]} <= nodes | set(counts.index[10:])
    assert all(counts[n] >= counts.iloc[10] for n in nodes)
    assert any(t["name"].startswith("community") for t in figure["data"])


def test_actor_view_timeline_and_sentences(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    putin = raw.mentions[raw.mentions["name"] == "Vladimir Putin"]
    actor = int(putin["entity_id"].iloc[0])
    at = app(monkeypatch, world[0], "actors", actor=[str(actor)], dates="all")
    assert at.selectbox(key="actor").value == actor
    series = figures(at)["actor_timeline"]["data"][0]
    assert sum(values(series["y"])) == putin["article_id"].nunique()
    sentences = at.dataframe[0].value
    assert len(sentences) == min(len(putin), 100)
    assert all(s.strip() for s in sentences["sentence"])


# --- articles and the link --------------------------------------------------------------------------


def test_articles_page_follows_a_shared_link(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(
        monkeypatch, world[0], "articles", country=["RUS", "PRK"], match="all",
        **{"from": "2026-10-01", "to": "2026-11-19"},
    )  # fmt: skip
    named = raw.mentions[raw.mentions["country"].isin(["RUS", "PRK"])]
    both = named.groupby("article_id")["country"].nunique()
    ids = set(both[both == 2].index)
    days = raw.articles.set_index("id")["published"].dt.date
    expected = {i for i in ids if date(2026, 10, 1) <= days[i] <= date(2026, 11, 19)}
    assert shown_count(at) == len(expected) > 0
    assert set(at.dataframe[0].value["id"]) == expected


def test_search_in_a_link_with_or_and_not(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "articles", q='korea OR iran -"north korea"', dates="all")
    body = (raw.articles["title"] + "\n" + raw.articles["text"]).str.lower()
    wanted = (body.str.contains("korea") | body.str.contains("iran")) & ~body.str.contains("north korea")
    assert shown_count(at) == int(wanted.sum()) > 0
    assert "korea OR iran" in at.text[0].value


def test_a_hostile_link_is_noted_and_never_raises(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    at = app(
        monkeypatch, world[0], "articles", outlet=["<img src=x onerror=alert(1)>", "meridian-wire"],
        country="'; DROP TABLE articles; --", actor="1 OR 1=1", topic="x", dates="all", to="2026-02-31",
    )  # fmt: skip
    (warning,) = at.sidebar.warning
    assert "unknown outlet '<img src=x onerror" in warning.value and "not a date" in warning.value
    assert "actor id '1 OR 1=1' is not a number" in warning.value
    expected = int((world[2].articles["outlet"] == "meridian-wire").sum())
    assert shown_count(at) == expected
    assert filter_params(at) == {"dates": "all", "outlet": "meridian-wire"}


def test_reset_restores_the_default_filters(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    at = app(monkeypatch, world[0], "articles", outlet="meridian-wire", q="korea", dates="all")
    narrowed = shown_count(at)
    at.sidebar.button[0].click().run()
    assert filter_params(at) == {} and not at.sidebar.warning
    newest = world[2].articles["published"].max().date()
    days = world[2].articles["published"].dt.date
    assert shown_count(at) == int((days >= newest - timedelta(days=89)).sum()) > narrowed


def test_clicking_a_timeline_point_opens_that_weeks_articles(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "mentions", country=["RUS"], dates="all")
    weeks = country_weeks(raw, ["RUS"])["RUS"]
    week, n = max(weeks.items(), key=lambda item: item[1])
    at = select_point(at, "mentions_timeline", {"curve_number": 0, "customdata": ["RUS", week.isoformat()]})
    assert at.title[0].value == "Articles" and shown_count(at) == n
    assert at.query_params["from"] == week.isoformat()
    assert at.query_params["to"] == (week + timedelta(days=6)).isoformat()


def test_every_table_exports_all_rows(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    from dashboard import queries

    everything = queries.article_table(world[1], queries.Filters(), None)
    assert len(everything) == len(world[2].articles) > 100
    at = app(monkeypatch, world[0], "articles", dates="all")
    assert len(at.dataframe[0].value) == len(everything)
    assert at.get("download_button")


def test_clicking_a_coverage_bar_opens_that_outlets_day(
    monkeypatch: pytest.MonkeyPatch, world: tuple[str, Engine, Raw]
) -> None:
    raw = world[2]
    at = app(monkeypatch, world[0], "coverage", dates="all")
    day = raw.articles["published"].max().date()
    at = select_point(
        at, "coverage_per_day", {"curve_number": 0, "customdata": ["meridian-wire", day.isoformat()]}
    )
    expected = raw.articles[
        (raw.articles["outlet"] == "meridian-wire") & (raw.articles["published"].dt.date == day)
    ]
    assert at.title[0].value == "Articles" and shown_count(at) == len(expected)
    assert filter_params(at)["outlet"] == "meridian-wire"


def test_topics_filter_once_the_store_has_topics(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    topics, fits = store.metadata.tables.get("topics"), store.metadata.tables.get("topic_fits")
    if topics is None or fits is None or "topic_id" not in store.articles.c:
        pytest.skip("this schema has no topics yet")
    engine = store.connect(db_url)
    load_world(engine, build_world(seed=5, articles=40, end=END))
    now = datetime.now(UTC)
    with engine.begin() as conn:
        fit = conn.execute(
            fits.insert().values(fitted_at=now, k=1, n_docs=40, k_scores="[]", model=b"").returning(fits.c.id)
        ).scalar_one()
        conn.execute(
            topics.insert().values(
                id=3,
                label="elections",
                terms="[]",
                signature="{}",
                first_fit_id=fit,
                last_fit_id=fit,
                status="live",
            )
        )
        ids = [r[0] for r in conn.execute(select(store.articles.c.id).order_by(store.articles.c.id).limit(7))]
        conn.execute(store.articles.update().where(store.articles.c.id.in_(ids)).values(topic_id=3))
    at = app(monkeypatch, db_url, "articles", topic=["3", "4"], dates="all")
    assert shown_count(at) == 7 and set(at.dataframe[0].value["id"]) == set(ids)
    assert "no topic with id 4" in at.sidebar.warning[0].value
    assert at.sidebar.multiselect(key="topics").value == [3]
    engine.dispose()
