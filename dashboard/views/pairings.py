"""Country pairings: which countries are named together, how strongly, where, when, and in which sentences."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import charts, measures, panels, queries
from dashboard.drill import for_entity, for_pair, for_period
from dashboard.labels import country_label, country_points
from dashboard.measures import Measure
from dashboard.network import communities, layout
from dashboard.queries import Filters, Level
from dashboard.queries.periods import as_unit
from dashboard.state import current_filters, drill_down, engine

LEVEL_LABELS = {"sentence": "in one sentence", "article": "in one article"}
MEASURE_LABELS = {"articles": "raw count", "jaccard": "Jaccard", "pmi": "PMI"}
ON_MAP = 40


@dataclass(frozen=True)
class View:
    """What the page's controls chose: the articles, the countries, the level and the measure."""

    base: Filters
    codes: list[str]
    level: Level
    measure: Measure

    def labels(self) -> dict[str, str]:
        return {c: country_label(c) for c in self.codes}


def countries_shown(filters: Filters, base: Filters, size: int) -> list[str]:
    if len(filters.countries) >= 2:
        return list(filters.countries)
    return [str(k) for k in panels.query("top_entities", base, "country", size)["key"]]


def strengths(view: View) -> pd.DataFrame:
    pairs = panels.query("country_pairs", view.base, view.level, view.codes)
    counts = panels.query("entity_totals", view.base, "country", view.codes)
    total = panels.query("count_articles", view.base)
    per_country = dict(zip(counts["key"], counts["articles"], strict=True))
    return measures.pair_strength(pairs, per_country, total, view.measure)


def heatmap(scored: pd.DataFrame, view: View) -> None:
    strength = measures.symmetric(scored, view.codes, "strength")
    counts = measures.symmetric(scored, view.codes, "articles").fillna(0)
    title = f"Countries named {LEVEL_LABELS[view.level]}"
    fig = charts.pair_heatmap(strength, counts, view.labels(), title)
    caption = f"Cell colour: {measures.MEASURES[view.measure]}; blank: never named together."
    point = panels.first_point(panels.chart(fig, "pair_heatmap", caption))
    if point and panels.custom(point, 1):
        drill_down(
            for_pair(view.base, str(panels.custom(point, 0)), str(panels.custom(point, 1)), view.level)
        )


def network(scored: pd.DataFrame, view: View) -> None:
    edges = scored.rename(columns={"a": "source", "b": "target", "strength": "weight"})
    edges = edges[edges["weight"] > 0]  # PMI below 0: named together less than chance, not a tie
    nodes = panels.query("entity_totals", view.base, "country", view.codes).rename(
        columns={"articles": "size"}
    )
    groups = communities(view.codes, edges)
    nodes["community"] = [groups.get(k, 0) for k in nodes["key"]]
    title = f"Network of countries named {LEVEL_LABELS[view.level]}"
    fig = charts.network_figure(nodes, edges, layout(view.codes, edges), title)
    caption = "Node size: articles naming the country; lines: pairs (thicker = stronger); colour: community."
    point = panels.first_point(panels.chart(fig, "pair_network", caption))
    if point and panels.custom(point) is not None:
        drill_down(for_entity(view.base, "country", str(panels.custom(point))))


def world_map(scored: pd.DataFrame, view: View) -> None:
    top = scored[scored["strength"] > 0].head(ON_MAP)
    fig = charts.arc_map(top, country_points(), view.labels(), f"The {len(top)} strongest pairs on the map")
    caption = "Arcs join each country's capital or main city; thicker = stronger."
    if not panels.own_basemap():
        caption += " The base map loads from plotly's servers (`python -m dashboard.basemap` serves it here)."
    point = panels.first_point(panels.chart(fig, "pair_map", caption))
    if point and panels.custom(point) is not None:
        drill_down(for_entity(view.base, "country", str(panels.custom(point))))


def pair_label(pair: tuple[str, str]) -> str:
    return f"{country_label(pair[0])} – {country_label(pair[1])}"


def one_pair(scored: pd.DataFrame, view: View) -> None:
    st.subheader("One pair over time, and the sentences behind it")
    options = [(str(a), str(b)) for a, b in zip(scored["a"], scored["b"], strict=True)][:100]
    pair = st.selectbox("Pair", options, format_func=pair_label, key="pair")
    unit = as_unit(st.radio("Per", queries.UNITS, index=0, horizontal=True, key="pair_unit"))
    a, b = pair
    series = panels.query("pair_series", view.base, a, b, view.level, unit)
    series = series.assign(key="pair", label=pair_label(pair))
    fig = charts.timeline(series, "articles", f"{pair_label(pair)}: articles per {unit}", "articles")
    fig, gaps = panels.with_missing_days(fig, view.base)
    caption = f"Articles naming both {LEVEL_LABELS[view.level]}. {gaps}"
    point = panels.first_point(panels.chart(fig, "pair_timeline", caption))
    if point and panels.custom(point, 1):
        drill_down(
            for_period(for_pair(view.base, pair[0], pair[1], view.level), str(panels.custom(point, 1)), unit)
        )
    evidence(view.base, a, b)


def evidence(base: Filters, a: str, b: str) -> None:
    found = panels.query("pair_evidence", base, a, b, 200)
    st.caption(f"Sentences naming both countries, newest first ({len(found)} shown; the CSV has them all).")
    if found.empty:
        st.info("No single sentence names both countries in these articles.")
        return
    panels.table(
        found.assign(sentence=found["sentence"].str.strip()),
        "pair_evidence",
        lambda: queries.pair_evidence(engine(), base, a, b, None),
        column_config={"url": st.column_config.LinkColumn("link", display_text="open"), "id": None},
    )


def controls(filters: Filters) -> View:
    level_col, measure_col, size_col = st.columns(3)
    level = level_col.radio(
        "Named together",
        list(LEVEL_LABELS),
        format_func=LEVEL_LABELS.__getitem__,
        horizontal=True,
        key="level",
    )
    picked = measure_col.radio(
        "Strength",
        list(MEASURE_LABELS),
        format_func=MEASURE_LABELS.__getitem__,
        horizontal=True,
        key="strength",
    )
    size = size_col.slider("Countries (the most mentioned)", 4, 40, 15, key="pair_size")
    base = filters.without_entities()
    measure: Measure = "jaccard" if picked == "jaccard" else "pmi" if picked == "pmi" else "articles"
    return View(
        base, countries_shown(filters, base, size), "article" if level == "article" else "sentence", measure
    )


st.title("Country pairings")
st.caption(
    "Countries named together. Choose two or more countries in the sidebar to compare just those; "
    "the other filters pick the articles."
)
view = controls(current_filters())
if not panels.query("entity_count", "country"):
    st.info("No countries found yet: run `mediamon enrich` to find them in the articles.")
else:
    with st.spinner("Counting pairs…"):
        scored = strengths(view)
    if scored.empty:
        st.info("No two of these countries are named together in the articles matching these filters.")
    else:
        heatmap(scored, view)
        network(scored, view)
        world_map(scored, view)
        one_pair(scored, view)
