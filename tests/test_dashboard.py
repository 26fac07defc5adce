"""Dashboard pages rendered with Streamlit's AppTest on a store built from the demo corpus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from dashboard import charts, queries
from ingest import store
from ingest.demo import build_world
from ingest.demo.load import load_world

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_db(stores: Any) -> Iterator[tuple[str, Engine]]:
    url = stores.new("dashboard")
    engine = store.connect(url)
    load_world(engine, build_world(seed=5, articles=300, end=END))
    store.refresh_rollups(engine, datetime.now(UTC))
    yield url, engine
    engine.dispose()
    stores.drop(url)


def app(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("MEDIAMON_DATABASE_URL", url)
    return AppTest.from_file(APP, default_timeout=30)


def test_coverage_page_renders_the_stacked_outlet_chart(
    monkeypatch: pytest.MonkeyPatch, demo_db: tuple[str, Engine]
) -> None:
    at = app(monkeypatch, demo_db[0]).run().switch_page("views/overview.py").run()  # the brief lands
    assert not at.exception
    assert at.title[0].value == "Coverage"
    total = int(at.metric[0].value.replace(",", ""))
    low, high = queries.date_bounds(demo_db[1])
    assert high is not None
    start = max(low, high - pd.Timedelta(days=89).to_pytimedelta()) if low else None
    assert total == queries.count_articles(demo_db[1], queries.Filters(start=start, end=high))


def test_outlet_filter_changes_the_numbers(
    monkeypatch: pytest.MonkeyPatch, demo_db: tuple[str, Engine]
) -> None:
    at = app(monkeypatch, demo_db[0]).run().switch_page("views/overview.py").run()
    at.sidebar.multiselect(key="outlets").select("meridian-wire").run()
    shown = int(at.metric[0].value.replace(",", ""))
    with demo_db[1].connect() as conn:
        expected = conn.execute(
            select(func.count())
            .select_from(store.articles.join(store.sources))
            .where(store.sources.c.name == "meridian-wire")
        ).scalar_one()
    assert 0 < shown == expected


def test_articles_page_lists_matches_for_a_search(
    monkeypatch: pytest.MonkeyPatch, demo_db: tuple[str, Engine]
) -> None:
    at = app(monkeypatch, demo_db[0])
    at.run()
    at.switch_page("views/articles.py").run()
    at.sidebar.text_input(key="search").input("Earthquake").run()
    assert not at.exception
    start, end = at.session_state["filters"].start, at.session_state["filters"].end
    with demo_db[1].connect() as conn:
        rows = conn.execute(select(store.articles.c.title, store.articles.c.text, store.articles.c.published))
        expected = {
            title
            for title, text, published in rows
            if "earthquake" in (title + text).lower() and start <= published.date() <= end
        }
    shown = set(at.dataframe[0].value["title"])
    assert expected and shown == expected


def test_empty_store_shows_an_explanation_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    url = db_url
    store.ensure_schema(store.connect(url))
    at = app(monkeypatch, url).run()
    assert not at.exception
    assert "No articles" in at.info[0].value


def test_articles_over_time_chart_stacks_one_trace_per_outlet() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-11-01", "2026-11-01", "2026-11-02"]),
            "outlet": ["a", "b", "a"],
            "articles": [2, 1, 4],
        }
    )
    fig = charts.articles_over_time(frame)
    assert [t.name for t in fig.data] == ["a", "b"]
    assert list(fig.data[0].y) == [2, 4] and list(fig.data[1].y) == [1, 0]


def test_search_terms_are_parameters_not_sql(demo_db: tuple[str, Engine]) -> None:
    hostile = queries.Filters(search="'; DROP TABLE articles; -- %_")
    assert queries.count_articles(demo_db[1], hostile) == 0
    assert queries.count_articles(demo_db[1], queries.Filters()) == 300


def test_a_configured_password_guards_every_page(
    monkeypatch: pytest.MonkeyPatch, demo_db: tuple[str, Engine]
) -> None:
    monkeypatch.setenv("MEDIAMON_DASHBOARD_PASSWORD", "s3cret")
    at = app(monkeypatch, demo_db[0]).run()
    assert not at.metric and at.text_input(key="password")
    at.text_input(key="password").input("wrong").run()
    assert at.error and not at.metric
    at.text_input(key="password").input("s3cret").run()
    assert not at.exception and at.title[0].value == "Weekly brief" and at.metric


def test_health_page_lists_runs_and_disabled_sources(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    from datetime import UTC, datetime

    from ingest.records import Outcome, OutcomeKind
    from ingest.settings import SourceConfig

    url = db_url
    engine = store.connect(url)
    store.ensure_schema(engine)
    now = datetime.now(UTC)
    run_id = store.start_run(engine, now)
    store.finish_run(engine, run_id, now, "ok", {"feed:http-410": 1, "article:ok": 3}, 3)
    configs = [
        SourceConfig("good", "rss", "https://a.example/f"),
        SourceConfig("gone", "rss", "https://b.example/f"),
    ]
    states = store.sync_sources(engine, configs)
    store.save_poll(engine, states[1].id, Outcome(OutcomeKind.HARD, "http-410", 410), None, now, 1.0)
    at = app(monkeypatch, url).run()
    at.switch_page("views/health.py").run()
    assert not at.exception
    sources = at.dataframe[0].value
    assert dict(zip(sources["name"], sources["state"], strict=True)) == {"gone": "disabled", "good": "ok"}
    assert at.dataframe[1].value["top reasons"].iloc[0] == "feed:http-410 ×1"
    assert at.warning
