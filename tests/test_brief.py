"""The weekly brief: its numbers against counts made independently from raw rows, its page, its report."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from brief_world import WEEK, demo_store
from click.testing import CliRunner
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from dashboard import brief_charts, queries, spikes, weekly
from dashboard.brief import build_brief
from dashboard.report import render_html
from dashboard.spikes import SpikeRule
from dashboard.weekly import Week
from ingest import store
from ingest.cli import main
from ingest.cluster import cluster
from ingest.dedupe import content_fingerprint
from ingest.records import Article
from ingest.settings import ClusterSettings, SourceConfig

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def demo(stores: Any) -> Iterator[tuple[str, Engine]]:
    url = demo_store(stores)
    engine = store.connect(url)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def raw(demo: tuple[str, Engine]) -> dict[str, pd.DataFrame]:
    """Raw rows, each article labelled with its ISO week by Python's own calendar."""
    a, m, e = store.articles, store.mentions, store.entities
    with demo[1].connect() as conn:
        arts = pd.DataFrame(
            conn.execute(
                select(a.c.id, a.c.published, a.c.source_id, a.c.duplicate_of, a.c.topic_id, a.c.story_id)
            ).all(),
            columns=["id", "published", "source_id", "duplicate_of", "topic_id", "story_id"],
        )
        ments = pd.DataFrame(
            conn.execute(select(m.c.article_id, e.c.id, e.c.kind, e.c.country).join(e)).all(),
            columns=["article_id", "entity_id", "kind", "iso"],
        )
    iso = [p.isocalendar() for p in arts["published"]]
    arts["week"] = [f"{y}-W{w:02d}" for y, w, _ in iso]
    return {
        "articles": arts,
        "mentions": ments.merge(arts[["id", "week"]], left_on="article_id", right_on="id"),
    }


def _by_week(counts: pd.Series) -> dict[Any, tuple[int, int]]:
    """(key, week) → articles, as key → (this week, last week) for the demo's week."""
    out: dict[Any, list[int]] = {}
    for (key, week), n in counts.items():
        if week in (WEEK, "2026-W46"):
            out.setdefault(key, [0, 0])[0 if week == WEEK else 1] = int(n)
    return {k: (v[0], v[1]) for k, v in out.items()}


def _shown(frame: pd.DataFrame) -> dict[Any, tuple[int, int]]:
    return {
        k: (int(t), int(last)) for k, t, last in zip(frame["key"], frame["this"], frame["last"], strict=True)
    }


@pytest.mark.parametrize(
    ("text", "monday"),
    [("2026-W47", date(2026, 11, 16)), ("2026w01", date(2025, 12, 29)), (" 2020-W53 ", date(2020, 12, 28))],
)
def test_iso_weeks_parse_to_their_monday(text: str, monday: date) -> None:
    week = Week.parse(text)
    assert week.monday == monday and week.end - week.start == timedelta(days=7)
    assert Week.parse(str(week)) == week and week.previous().end == week.start


@pytest.mark.parametrize("text", ["2026-W54", "2025-W53", "47", "2026-47", "W47-2026", ""])
def test_other_week_texts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO week"):
        Week.parse(text)


def test_coverage_counts_articles_independent_articles_and_outlets(
    demo: tuple[str, Engine], raw: dict[str, pd.DataFrame]
) -> None:
    arts = raw["articles"]
    shown = weekly.coverage(demo[1], Week.parse(WEEK)).set_index("measure")
    for label, week in (("this", WEEK), ("last", "2026-W46")):
        rows = arts[arts["week"] == week]
        own = rows[rows["duplicate_of"].isna()]
        expected = [len(rows), len(own), own["source_id"].nunique()]
        assert shown[label].tolist() == expected and expected[0] > 0
    assert (shown["delta"] == shown["this"] - shown["last"]).all()


@pytest.mark.parametrize(
    ("kind", "build"), [("actor", weekly.actor_movers), ("country", weekly.country_movers)]
)
def test_movers_count_articles_naming_each_entity_per_week(
    demo: tuple[str, Engine], raw: dict[str, pd.DataFrame], kind: str, build: Any
) -> None:
    ments = raw["mentions"]
    if kind == "actor":
        chosen, key = ments[ments["kind"].isin(["person", "organisation"])], "entity_id"
    else:
        chosen, key = ments[ments["kind"] == "country"], "iso"
    expected = _by_week(chosen.groupby([key, "week"])["article_id"].nunique())
    frame = build(demo[1], Week.parse(WEEK))
    assert _shown(frame) == expected and any(d != 0 for d in frame["delta"])
    assert list(frame["delta"]) == sorted(frame["delta"], reverse=True)


@pytest.mark.parametrize("one_outlet", [False, True])
def test_pair_movers_count_articles_naming_both_countries(
    demo: tuple[str, Engine], raw: dict[str, pd.DataFrame], one_outlet: bool
) -> None:
    countries = raw["mentions"][raw["mentions"]["kind"] == "country"]
    outlets: tuple[str, ...] = ()
    if one_outlet:  # counted per outlet in the daily table (daily_outlet_pairs)
        outlets = (queries.outlet_names(demo[1])[0],)
        with demo[1].connect() as conn:
            named = store.sources.c.name == outlets[0]
            source = conn.execute(select(store.sources.c.id).where(named)).scalar()
        chosen = raw["articles"].loc[raw["articles"]["source_id"] == source, "id"]
        countries = countries[countries["article_id"].isin(chosen)]
    rows = [
        (f"{a}-{b}", week)
        for (_, week), group in countries.groupby(["article_id", "week"])
        for a, b in itertools.combinations(sorted(set(group["iso"])), 2)
    ]
    expected = _by_week(pd.DataFrame(rows, columns=["key", "week"]).value_counts(["key", "week"]))
    frame = weekly.pair_movers(demo[1], Week.parse(WEEK), outlets)
    assert _shown(frame) == expected and expected
    assert all(" – " in label and "(" in label for label in frame["label"])


def test_topics_and_stories_of_the_week_come_from_the_assignments(
    demo: tuple[str, Engine], raw: dict[str, pd.DataFrame]
) -> None:
    arts = raw["articles"]
    topics = weekly.topic_movers(demo[1], Week.parse(WEEK))
    assert topics is not None
    assert _shown(topics) == _by_week(arts.dropna(subset=["topic_id"]).value_counts(["topic_id", "week"]))
    this = arts[(arts["week"] == WEEK) & arts["story_id"].notna()]
    biggest = this.groupby("story_id").agg(n=("id", "size"), outlets=("source_id", "nunique"))
    stories = weekly.stories_of_week(demo[1], Week.parse(WEEK), top=3)
    assert stories is not None and len(stories) == min(3, len(biggest))
    assert list(stories["this"]) == sorted(biggest["n"], reverse=True)[:3]
    for sid, n, outlets in zip(stories["story"], stories["this"], stories["outlets"], strict=True):
        assert (n, outlets) == tuple(biggest.loc[sid])


def test_an_unclustered_store_has_no_topics_or_stories(engine: Engine) -> None:
    assert weekly.clustering(engine) == weekly.Clustering(topics=False, stories=False)
    week = Week.parse(WEEK)
    assert weekly.topic_movers(engine, week) is None and weekly.stories_of_week(engine, week) is None


# --- spikes -------------------------------------------------------------------------------------------------


def _counts(*series: list[int]) -> pd.DataFrame:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(len(series[0]))]
    return pd.DataFrame(list(series), index=[f"s:{i}" for i in range(len(series))], columns=days)


@pytest.mark.parametrize(
    ("history", "day", "spike"),
    [
        ([4, 6] * 14, 12, True),  # mean 5, sd 1: 12 > 8
        ([4, 6] * 14, 8, False),  # exactly mean + 3 sd is not above it
        ([0] * 28, 5, True),  # a subject out of nowhere, at the minimum
        ([0] * 28, 4, False),  # too few articles to call it a spike
        ([1, 30] * 14, 40, False),  # a noisy series needs more: threshold 5.5 + 3 × 14.5
    ],
)
def test_a_day_spikes_above_mean_plus_three_sd_of_its_28_days(
    history: list[int], day: int, spike: bool
) -> None:
    judged = spikes.flag(_counts(history + [day] + [0] * 6), None, SpikeRule())
    first = judged[judged["day"] == judged["day"].min()].iloc[0]
    assert bool(first["spike"]) is spike and len(judged) == 7


def test_days_before_the_first_article_are_not_a_quiet_baseline() -> None:
    counts = _counts([0] * 25 + [3, 3, 3] + [20] * 7)
    days = list(counts.columns)
    judged = spikes.flag(counts, days[25], SpikeRule())
    assert list(judged["day"]) == days[32:]  # the first day with 7 known days before it
    early = spikes.flag(counts, days[25], SpikeRule(min_baseline_days=3)).iloc[0]
    assert (early["day"], early["mean"], bool(early["spike"])) == (days[28], 3, True)


def test_the_stores_first_week_has_too_little_history_to_judge(demo: tuple[str, Engine]) -> None:
    first = Week.parse("2026-W43")  # the demo world starts on its Monday
    found = spikes.find_spikes(demo[1], first)
    assert found.empty and list(found.columns) == spikes.SPIKE_COLUMNS
    assert spikes.daily_totals(demo[1], first)["spike"].isna().all()


def test_top_terms_skip_stop_words_and_the_subject_itself() -> None:
    titles = [
        "Quake hits Nepal, rescue under way",
        "Nepal quake: rescue teams arrive",
        "Rescue goes on in Nepal",
    ]
    assert spikes.top_terms(titles, exclude=["Nepal (NPL)"]) == [("rescue", 3), ("quake", 2)]


def _add(engine: Engine, source: int, title: str, text: str, when: datetime, n: int) -> None:
    url = f"https://a.example/{n}"
    art = Article(url=url, canonical_url=url, title=title, text=text, published=when, language="en")
    store.save_article(engine, store.NewArticle(art, content_fingerprint(text), source, None, None, when))


@pytest.fixture
def hostile_store(db_url: str) -> Iterator[Engine]:
    """Three weeks of one article a day, then eight copies of a hostile headline on 18 Nov 2026."""
    engine = store.connect(db_url)
    store.ensure_schema(engine)
    (wire,) = store.sync_sources(engine, [SourceConfig("wire", "rss", "https://a.example/feed")])
    start = datetime(2026, 10, 20, 9, tzinfo=UTC)
    for i in range(29):
        text = f"Nothing much happened on day number {i} of the calm."
        _add(engine, wire.id, f"Quiet day {i}", text, start + timedelta(days=i), i)
    for i in range(8):
        text = f"Flood warning: rivers rose in the valley overnight, report number {i} from the scene."
        _add(
            engine,
            wire.id,
            HOSTILE + " flood warning",
            text,
            datetime(2026, 11, 18, 8 + i, tzinfo=UTC),
            100 + i,
        )
    cluster(engine, ClusterSettings())
    store.refresh_rollups(engine, datetime.now(UTC))
    yield engine
    engine.dispose()


def test_a_planted_spike_is_found_with_the_terms_outlets_and_stories_behind_it(hostile_store: Engine) -> None:
    found = spikes.find_spikes(hostile_store, Week.parse(WEEK))
    top = found.iloc[0]
    assert (top["day"], top["kind"], top["articles"]) == (date(2026, 11, 18), "all", 8)
    assert (top["mean"], top["threshold"]) == (1, 1)  # one article a day, every day of the 28 before
    assert "flood (8)" in top["terms"] and "warning (8)" in top["terms"] and top["outlets"] == "wire (8)"
    assert HOSTILE in top["stories"]


# --- the report --------------------------------------------------------------------------------------------


def _tables(page: str) -> list[pd.DataFrame]:
    return pd.read_html(io.StringIO(page))


def test_report_holds_the_weeks_numbers_and_needs_nothing_from_outside(
    demo: tuple[str, Engine], raw: dict[str, pd.DataFrame]
) -> None:
    page = render_html(build_brief(demo[1], Week.parse(WEEK)), datetime(2026, 11, 24, tzinfo=UTC))
    arts = raw["articles"]
    this, last = (arts[arts["week"] == w] for w in (WEEK, "2026-W46"))
    coverage = _tables(page)[0].set_index("Unnamed: 0")
    assert coverage.loc["articles", "this week"] == len(this) and coverage.loc[
        "articles", "last week"
    ] == len(last)
    assert coverage.loc["independent articles", "this week"] == this["duplicate_of"].isna().sum()
    assert not re.search(r"<script[^>]*\bsrc=", page) and not re.search(r"<link[^>]*https?://", page)
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js itself is inline
    assert "Weekly brief 2026-W47" in page and "Stories of the week" in page


def test_report_escapes_hostile_headlines(hostile_store: Engine) -> None:
    page = render_html(build_brief(hostile_store, Week.parse(WEEK)), datetime(2026, 11, 24, tzinfo=UTC))
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; flood warning" in page


def test_report_command_writes_the_html(demo: tuple[str, Engine], tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        main, ["report", "--week", WEEK, "--out", str(out)], env={"MEDIAMON_DATABASE_URL": demo[0]}
    )
    assert result.exit_code == 0, result.output
    assert "weekly brief 2026-W47" in result.output and "Weekly brief 2026-W47" in out.read_text()


def test_report_without_chromium_is_a_clear_error(demo: tuple[str, Engine], tmp_path: Path) -> None:
    args = ["report", "--pdf", str(tmp_path / "b.pdf"), "--chromium", str(tmp_path / "no-chromium")]
    result = CliRunner().invoke(main, args, env={"MEDIAMON_DATABASE_URL": demo[0]})
    assert result.exit_code == 2 and "Chromium not found" in result.output
    assert not (tmp_path / "b.pdf").exists() and "Traceback" not in result.output


def test_report_refuses_a_week_that_does_not_exist(demo: tuple[str, Engine], tmp_path: Path) -> None:
    args = ["report", "--week", "2026-W60", "--out", str(tmp_path / "b.html")]
    result = CliRunner().invoke(main, args, env={"MEDIAMON_DATABASE_URL": demo[0]})
    assert result.exit_code == 2 and "no such ISO week" in result.output


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} to print with")
def test_report_prints_to_pdf_with_chromium(demo: tuple[str, Engine], tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    result = CliRunner().invoke(
        main, ["report", "--week", WEEK, "--pdf", str(pdf)], env={"MEDIAMON_DATABASE_URL": demo[0]}
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000


# --- charts and the page ------------------------------------------------------------------------------------


def test_pair_heatmap_is_symmetric_and_each_cell_names_its_pair(demo: tuple[str, Engine]) -> None:
    pairs = weekly.pair_movers(demo[1], Week.parse(WEEK))
    fig = brief_charts.pair_heatmap(pairs, top=6)
    cells = {(c[0], c[1]): n for c, n in zip(fig.data[0].customdata, fig.data[0].marker.color, strict=True)}
    assert cells and all(cells[(b, a)] == n for (a, b), n in cells.items())
    week = pairs.set_index("key")["this"]
    assert all(week[f"{min(a, b)}-{max(a, b)}"] == n for (a, b), n in cells.items())
    assert len({a for a, _ in cells}) <= 6


def test_a_clicked_cell_becomes_its_country_pair() -> None:
    point = {
        "x": "Russia (RUS)",
        "y": "North Korea (PRK)",
        "customdata": ["RUS", "PRK", "Russia", "N. Korea"],
    }
    assert brief_charts.selected_pair({"points": [point]}) == ("PRK", "RUS")
    assert brief_charts.selected_pair({"points": []}) is None and brief_charts.selected_pair(None) is None


def test_movers_chart_puts_risers_in_blue_and_fallers_in_vermillion() -> None:
    frame = pd.DataFrame(
        {"label": ["<b>up</b>", "down", "same"], "this": [5, 1, 2], "last": [1, 4, 2], "delta": [4, -3, 0]}
    )
    bar = brief_charts.movers(frame, "t").data[0]
    assert list(bar.y) == ["down", "‹b›up‹/b›"] and list(bar.x) == [-3, 4]
    assert list(bar.marker.color) == [brief_charts.FALL, brief_charts.RISE]


def _app(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("MEDIAMON_DATABASE_URL", url)
    return AppTest.from_file(APP, default_timeout=60)


def test_brief_is_the_landing_page_and_shows_the_newest_week(
    monkeypatch: pytest.MonkeyPatch, demo: tuple[str, Engine], raw: dict[str, pd.DataFrame]
) -> None:
    at = _app(monkeypatch, demo[0]).run()
    assert not at.exception and at.title[0].value == "Weekly brief"
    arts = raw["articles"]
    assert int(at.metric[0].value.replace(",", "")) == (arts["week"] == WEEK).sum()
    assert at.sidebar.selectbox(key="brief_week").value == WEEK and at.query_params["week"] == WEEK
    assert len(at.get("plotly_chart")) >= 5
    assert not [i for i in at.info if "No topics" in i.value or "No stories" in i.value]


def test_brief_week_comes_from_the_url(
    monkeypatch: pytest.MonkeyPatch, demo: tuple[str, Engine], raw: dict[str, pd.DataFrame]
) -> None:
    at = _app(monkeypatch, demo[0])
    at.query_params["week"] = "2026-W45"
    at.run()
    arts = raw["articles"]
    assert not at.exception and at.sidebar.selectbox(key="brief_week").value == "2026-W45"
    assert int(at.metric[0].value.replace(",", "")) == (arts["week"] == "2026-W45").sum()


def test_brief_on_an_empty_store_explains_itself(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    store.ensure_schema(store.connect(db_url))
    at = _app(monkeypatch, db_url).run()
    assert not at.exception and "No articles yet" in at.info[0].value
