"""The dashboard's pure parts: search language, URL filters, periods, measures, drill-down and figures."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from dashboard import charts, drill, measures, network
from dashboard.queries import Filters
from dashboard.queries.periods import bucket_end, bucket_of, period_start
from dashboard.search import SearchQuery, Term, parse_search
from dashboard.snippets import sentence_around
from dashboard.urlstate import Choices, Selection, parse_params, selected_dates, to_filters, to_params
from ingest.store import articles

# --- search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clauses"),
    [
        ("putin kim", [[Term("putin")], [Term("kim")]]),
        ("putin OR kim", [[Term("putin"), Term("kim")]]),
        ("a b OR c", [[Term("a")], [Term("b"), Term("c")]]),
        ('"air strike" -ceasefire', [[Term("air strike", phrase=True)], [Term("ceasefire", negated=True)]]),
        ("NOT iran", [[Term("iran", negated=True)]]),
        ('NOT "north korea"', [[Term("north korea", negated=True, phrase=True)]]),
        ('-"north  korea"', [[Term("north korea", negated=True, phrase=True)]]),
        ("“smart quotes”", [[Term("smart quotes", phrase=True)]]),
        ('"never closed', [[Term("never closed", phrase=True)]]),
        ("a or b", [[Term("a")], [Term("or")], [Term("b")]]),  # only upper-case OR is an operator
        ("OR a OR", [[Term("a")]]),
        ("- -- NOT", []),
        ('"" ""', []),
        ("", []),
        ("a a", [[Term("a")], [Term("a")]]),
    ],
)
def test_search_parses_words_phrases_or_and_not(raw: str, clauses: list[list[Term]]) -> None:
    assert parse_search(raw) == SearchQuery(tuple(tuple(c) for c in clauses))


def test_search_reads_back_as_boolean_text() -> None:
    query = parse_search('putin kim OR xi -"air strike"')
    assert query.describe() == 'putin AND (kim OR xi) AND NOT "air strike"'


def test_search_caps_the_number_of_clauses() -> None:
    assert len(parse_search(" ".join(f"w{i}" for i in range(500))).clauses) == 20


# --- URL parameters ---------------------------------------------------------------------------------

CHOICES = Choices(
    outlets=frozenset({"meridian-wire", "atlas-press"}),
    outlet_countries=frozenset({"GBR", "FRA"}),
    languages=frozenset({"en"}),
    countries=frozenset({"RUS", "PRK"}),
    actors=frozenset({7, 9}),
    topics=frozenset({3}),
    oldest=date(2026, 9, 1),
    newest=date(2026, 11, 19),
)


def test_a_link_round_trips_through_the_url() -> None:
    chosen = Selection(
        "custom", date(2026, 10, 1), date(2026, 10, 31), ("atlas-press",), ("FRA",), ("en",), ("RUS", "PRK"),
        (7,), (3,), "sentence", 'kim -"air strike"',
    )  # fmt: skip
    params = to_params(chosen)
    assert parse_params(params, CHOICES) == (chosen, [])


def test_defaults_make_an_empty_query_string() -> None:
    assert to_params(Selection()) == {}
    assert parse_params({}, CHOICES) == (Selection(), [])


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"outlet": ["nope"]}, "unknown outlet 'nope'"),
        ({"from": ["2026-13-45"]}, "'from' is not a date"),
        ({"from": ["0001-01-01"]}, "'from' is out of range"),
        ({"from": ["2026-11-02"], "to": ["2026-11-01"]}, "is after 'to'"),
        ({"actor": ["12abc"]}, "actor id '12abc' is not a number"),
        ({"actor": ["99999999999999999999999"]}, "is not a number"),
        ({"actor": ["٣"]}, "is not a number"),  # a digit, but not an ASCII one
        ({"actor": ["8"]}, "no actor with id 8"),
        ({"topic": ["-1"]}, "topic id '-1' is not a number"),
        ({"country": ["ZZZ"]}, "unknown country 'ZZZ'"),
        ({"match": ["maybe"]}, "unknown match 'maybe'"),
        ({"dates": ["yesterday"]}, "unknown date preset 'yesterday'"),
        ({"outlet": ["<script>" + "x" * 100]}, "unknown outlet '<script>"),
        ({"country": ["RUS"] * 60 + ["X"]}, "only the first 50 values"),
    ],
)
def test_hostile_link_values_are_dropped_with_a_note(params: dict[str, list[str]], note: str) -> None:
    selection, notes = parse_params(params, CHOICES)
    assert any(note in n for n in notes), notes
    assert all(len(n) < 120 for n in notes)
    assert to_filters(selection, CHOICES) is not None


def test_valid_link_values_survive_next_to_bad_ones() -> None:
    selection, notes = parse_params(
        {"country": ["rus", "XXX"], "actor": ["9", "x"], "q": ["  kim "]}, CHOICES
    )
    assert selection.countries == ("RUS",) and selection.actors == (9,) and selection.search == "kim"
    assert len(notes) == 2


def test_presets_count_back_from_the_newest_article() -> None:
    assert selected_dates(Selection("7d"), CHOICES) == (date(2026, 11, 13), date(2026, 11, 19))
    assert selected_dates(Selection("week"), CHOICES) == (date(2026, 11, 16), date(2026, 11, 19))  # Mon–Thu
    assert selected_dates(Selection("all"), CHOICES) == (None, None)
    open_start = Selection("custom", None, date(2026, 10, 1))
    assert selected_dates(open_start, CHOICES) == (date(2026, 9, 1), date(2026, 10, 1))


# --- periods ----------------------------------------------------------------------------------------


def test_period_buckets_compile_for_sqlite_and_postgresql() -> None:
    week = select(period_start(articles.c.published, "week"))
    assert "date(articles.published, '-6 days', 'weekday 1')" in str(week.compile(dialect=sqlite.dialect()))
    assert "CAST(date_trunc('week', articles.published) AS DATE)" in str(
        week.compile(dialect=postgresql.dialect())
    )
    day = select(period_start(articles.c.published, "day")).compile(dialect=postgresql.dialect())
    assert "CAST(articles.published AS DATE)" in str(day)


@pytest.mark.parametrize(
    ("day", "unit", "start", "end"),
    [
        (date(2026, 11, 19), "week", date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 11, 16), "week", date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 2, 14), "month", date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 12, 31), "month", date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 3, 3), "day", date(2026, 3, 3), date(2026, 3, 3)),
    ],
)
def test_buckets_start_and_end_where_the_calendar_says(day: date, unit: str, start: date, end: date) -> None:
    assert bucket_of(day, unit) == start  # type: ignore[arg-type]
    assert bucket_end(start, unit) == end  # type: ignore[arg-type]


# --- measures, drill-down, snippets, communities ----------------------------------------------------


def test_pair_strength_by_hand() -> None:
    pairs = pd.DataFrame({"a": ["PRK", "CHN"], "b": ["RUS", "USA"], "articles": [10, 2]})
    counts = {"PRK": 20, "RUS": 30, "CHN": 40, "USA": 100}
    jaccard = measures.pair_strength(pairs, counts, 200, "jaccard").set_index("a")["strength"]
    assert jaccard["PRK"] == pytest.approx(10 / 40) and jaccard["CHN"] == pytest.approx(2 / 138)
    pmi = measures.pair_strength(pairs, counts, 200, "pmi").set_index("a")["strength"]
    assert pmi["PRK"] == pytest.approx(math.log2(10 * 200 / (20 * 30)))
    raw = measures.pair_strength(pairs, counts, 200, "articles")
    assert list(raw["a"]) == ["PRK", "CHN"] and list(raw["strength"]) == [10, 2]


def test_symmetric_matrix_mirrors_pairs_and_leaves_the_unseen_blank() -> None:
    pairs = pd.DataFrame({"a": ["A"], "b": ["B"], "articles": [3]})
    matrix = measures.symmetric(pairs, ["A", "B", "C"], "articles")
    assert matrix.loc["A", "B"] == matrix.loc["B", "A"] == 3
    assert math.isnan(matrix.loc["A", "C"]) and math.isnan(matrix.loc["A", "A"])


def test_drill_down_keeps_a_period_inside_the_page_range() -> None:
    page = Filters(start=date(2026, 11, 4), end=date(2026, 11, 19), outlets=("atlas-press",))
    week = drill.for_period(page, "2026-11-02", "week")
    assert (week.start, week.end, week.outlets) == (date(2026, 11, 4), date(2026, 11, 8), ("atlas-press",))
    pair = drill.for_pair(page, "PRK", "RUS", "sentence")
    assert (pair.countries, pair.together) == (("PRK", "RUS"), "sentence")
    assert drill.for_pair(page, "PRK", "RUS", "article").together == "all"
    assert drill.for_entity(page, "actor", "12").actors == (12,)


def test_filters_read_back_in_words() -> None:
    f = Filters(
        start=date(2026, 11, 1), end=date(2026, 11, 2), countries=("RUS",), actors=(4,), together="all"
    )
    assert (
        drill.describe(f, {4: "Kim Jong Un"})
        == "2026-11-01 to 2026-11-02; naming Russia (RUS) and Kim Jong Un"
    )
    assert drill.describe(Filters(), {}) == "all articles"


@pytest.mark.parametrize(
    ("window", "at", "cut_before", "cut_after", "expected"),
    [
        ("Before. Putin met Kim. After.", 8, False, False, "Putin met Kim."),
        ("Before. Putin met Kim. After.", 24, False, False, "After."),
        ("met Putin today", 4, True, True, "…met Putin today…"),
        ("Line one\nPutin spoke\nLine three", 10, False, False, "Putin spoke"),
        ('He said "Go." Putin left.', 14, False, False, "Putin left."),
    ],
)
def test_sentence_around_a_mention(
    window: str, at: int, cut_before: bool, cut_after: bool, expected: str
) -> None:
    assert sentence_around(window, at, cut_before, cut_after) == expected


def test_two_cliques_make_two_communities() -> None:
    edges = pd.DataFrame(
        [(a, b, 5) for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")]]
        + [("c", "x", 1)],
        columns=["source", "target", "weight"],
    )
    groups = network.communities(list("abcxyz"), edges)
    assert groups["a"] == groups["b"] == groups["c"] != groups["x"] == groups["y"] == groups["z"]
    assert set(network.layout(list("abcxyz"), edges)) == set("abcxyz")


# --- figures ----------------------------------------------------------------------------------------


def series_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-11-02", "2026-11-09", "2026-11-02"]),
            "key": ["RUS", "RUS", "PRK"],
            "label": ["Russia (RUS)", "Russia (RUS)", "North Korea (PRK)"],
            "articles": [4, 6, 3],
        }
    )


def test_timeline_draws_one_line_per_entity_with_gaps_as_zero() -> None:
    fig = charts.timeline(series_frame(), "articles", "Mentions", "articles")
    assert [t.name for t in fig.data] == ["Russia (RUS)", "North Korea (PRK)"]
    assert list(fig.data[1].y) == [3, 0]
    assert [list(c) for c in fig.data[1].customdata] == [["PRK", "2026-11-02"], ["PRK", "2026-11-09"]]
    assert fig.layout.title.text == "Mentions"


def test_missing_days_are_shaded_as_runs_of_days() -> None:
    fig = charts.timeline(series_frame(), "articles", "Mentions", "articles")
    days = [date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 8)]
    charts.mark_missing_days(fig, days)
    spans = [(pd.Timestamp(s.x0).date(), pd.Timestamp(s.x1).date()) for s in fig.layout.shapes]
    assert spans == [(date(2026, 11, 3), date(2026, 11, 5)), (date(2026, 11, 8), date(2026, 11, 9))]
    assert [s.showlegend for s in fig.layout.shapes] == [True, False]


def test_share_of_voice_and_top_bars() -> None:
    totals = pd.DataFrame(
        {"key": ["RUS", "PRK"], "label": ["Russia (RUS)", "North Korea (PRK)"], "articles": [6, 2]}
    )
    share = charts.share_of_voice(totals, "articles", "Share")
    assert list(share.data[0].x) == [0.25, 0.75] and list(share.data[0].y) == [
        "North Korea (PRK)",
        "Russia (RUS)",
    ]
    before = pd.DataFrame({"key": ["RUS"], "label": ["Russia (RUS)"], "articles": [9]})
    bars = charts.top_with_previous(totals, before, "articles", "Top")
    assert [t.name for t in bars.data] == ["previous period", "this period"]
    assert list(bars.data[0].x) == [0, 9] and list(bars.data[1].x) == [2, 6]
    assert [list(c) for c in bars.data[0].customdata] == [["PRK", "previous"], ["RUS", "previous"]]


def test_heatmap_is_symmetric_and_carries_both_keys() -> None:
    pairs = pd.DataFrame({"a": ["PRK"], "b": ["RUS"], "articles": [5], "strength": [0.5]})
    keys = ["PRK", "RUS"]
    fig = charts.pair_heatmap(
        measures.symmetric(pairs, keys, "strength"),
        measures.symmetric(pairs, keys, "articles").fillna(0),
        {"PRK": "North Korea (PRK)", "RUS": "Russia (RUS)"},
        "Pairs",
    )
    (heat,) = fig.data
    assert heat.type == "heatmap" and list(heat.x) == ["North Korea (PRK)", "Russia (RUS)"]
    assert heat.z[0][1] == heat.z[1][0] == 0.5 and heat.z[0][0] is None
    assert list(heat.customdata[0][1]) == ["PRK", "RUS", 5]


def test_network_and_map_traces() -> None:
    nodes = pd.DataFrame(
        {"key": ["a", "b", "c"], "label": ["A", "B", "<b>C</b>"], "size": [3, 2, 1], "community": [0, 0, 1]}
    )
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [2, 1]})
    fig = charts.network_figure(nodes, edges, {"a": (0, 0), "b": (1, 0), "c": (0, 1)}, "Net")
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert [t.name for t in markers] == ["community 1", "community 2"]
    assert list(markers[1].text) == ["&lt;b&gt;C&lt;/b&gt;"]  # names from articles are shown, not rendered
    pairs = pd.DataFrame(
        {"a": ["PRK", "CHN"], "b": ["RUS", "ZZZ"], "strength": [2.0, 1.0], "articles": [2, 1]}
    )
    world = charts.arc_map(
        pairs, {"PRK": (39.0, 125.7), "RUS": (55.7, 37.6), "CHN": (39.9, 116.4)}, {}, "Map"
    )
    assert [t.type for t in world.data] == ["scattergeo", "scattergeo"]  # ZZZ has no point: one arc
    assert [list(c) for c in world.data[-1].customdata] == [["PRK"], ["RUS"]]


def test_figures_export_as_self_contained_html() -> None:
    html = charts.figure_html(charts.timeline(series_frame(), "articles", "Mentions", "articles")).decode()
    assert html.startswith("<!doctype html>") and "plotly.js" in html and "cdn.plot.ly/plotly" not in html
