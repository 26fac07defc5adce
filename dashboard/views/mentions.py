"""Mentions: how often chosen countries or actors are named over time, their share of voice, the top ones."""

import pandas as pd
import streamlit as st

from dashboard import charts, panels
from dashboard.drill import for_entity, for_period
from dashboard.queries import UNITS, Filters, Kind, Unit
from dashboard.queries.periods import as_unit
from dashboard.state import current_filters, drill_down

DEFAULT_LINES = 6
KIND_LABELS = {"country": "Countries", "actor": "Actors"}
MEASURES = {"articles": "articles", "outlets": "independent outlets"}


def chosen_keys(filters: Filters, kind: Kind) -> tuple[list[str | int], str]:
    """The sidebar's choice of this kind, else the most mentioned; and the words that say which."""
    keys: list[str | int] = list(filters.countries if kind == "country" else filters.actors)
    if keys:
        return keys, "chosen in the sidebar"
    top = panels.query("top_entities", filters.without_entities(), kind, DEFAULT_LINES)
    return list(top["key"]), f"the {DEFAULT_LINES} most mentioned (choose others in the sidebar)"


def timeline(base: Filters, kind: Kind, keys: list[str | int], unit: Unit, measure: str, share: bool) -> None:
    series = panels.query("entity_series", base, kind, keys, unit)
    what = MEASURES[measure]
    if share:
        totals = panels.query("coverage_per_period", base, unit).set_index("period")[measure]
        series = series.assign(**{measure: series[measure] / series["period"].map(totals)})
    title = f"{KIND_LABELS[kind]}: {what} per {unit}" + (" as a share of all coverage" if share else "")
    fig = charts.timeline(series, measure, title, f"share of {what}" if share else what, percent=share)
    fig, gaps = panels.with_missing_days(fig, base)
    caption = f"{what.capitalize()} naming each one per {unit}" + (
        f", divided by all matching {what} that {unit}." if share else "."
    )
    caption += f" The first and last {unit}s may be only partly in the range." if unit != "day" else ""
    point = panels.first_point(panels.chart(fig, "mentions_timeline", f"{caption} {gaps}"))
    if point and panels.custom(point, 1):
        drill_down(
            for_period(for_entity(base, kind, str(panels.custom(point, 0))), panels.custom(point, 1), unit)
        )


def share_of_voice(base: Filters, kind: Kind, keys: list[str | int], measure: str) -> None:
    totals = panels.query("entity_totals", base, kind, keys)
    fig = charts.share_of_voice(totals, measure, f"Share of voice among these {KIND_LABELS[kind].lower()}")
    caption = (
        f"Each one's {MEASURES[measure]} as a part of theirs together (an article naming two counts twice)."
    )
    point = panels.first_point(panels.chart(fig, "mentions_share", caption))
    if point and panels.custom(point) is not None:
        drill_down(for_entity(base, kind, str(panels.custom(point))))


def top_bars(base: Filters, kind: Kind, measure: str) -> None:
    size = st.slider("How many in the top list", 5, 30, 10, key="mentions_top")
    current = panels.query("top_entities", base, kind, size)
    before = base.previous()
    previous = panels.query("entity_totals", before, kind, list(current["key"])) if before else pd.DataFrame()
    title = f"Top {size} {KIND_LABELS[kind].lower()} by articles, with the previous period"
    fig = charts.top_with_previous(current, previous, measure, title)
    span = f"the {base.days()} days before" if before else "no previous period (no date range)"
    caption = f"{MEASURES[measure].capitalize()} naming each, this period and {span}."
    point = panels.first_point(panels.chart(fig, "mentions_top_bars", caption))
    if point and panels.custom(point) is not None:
        period = before if panels.custom(point, 1) == "previous" and before else base
        drill_down(for_entity(period, kind, str(panels.custom(point))))


filters = current_filters()
base = filters.without_entities()
st.title("Mentions")
st.caption(
    "How often countries or actors are named. The countries and actors chosen in the sidebar pick the lines; "
    "the other filters pick the articles."
)
picked = st.radio(
    "Count", list(KIND_LABELS), format_func=KIND_LABELS.__getitem__, horizontal=True, key="kind"
)
kind: Kind = "actor" if picked == "actor" else "country"
unit_col, measure_col, scale_col = st.columns(3)
unit = as_unit(unit_col.radio("Per", UNITS, index=1, horizontal=True, key="mentions_unit"))
measure = str(
    measure_col.radio("As", list(MEASURES), format_func=MEASURES.__getitem__, horizontal=True, key="measure")
)
share = scale_col.radio("Scale", ["raw", "share of all coverage"], horizontal=True, key="scale") != "raw"
if not panels.query("entity_count", kind):
    st.info(f"No {KIND_LABELS[kind].lower()} found yet: run `mediamon enrich` to find them in the articles.")
else:
    keys, which = chosen_keys(filters, kind)
    if not keys:
        st.info(f"No {KIND_LABELS[kind].lower()} are named in the articles matching these filters.")
    else:
        st.caption(f"Lines: {which}.")
        with st.spinner("Counting mentions…"):
            timeline(base, kind, keys, unit, measure, share)
            share_of_voice(base, kind, keys, measure)
            top_bars(base, kind, measure)
