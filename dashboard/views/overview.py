"""Coverage: articles over time by outlet."""

from dataclasses import replace

import streamlit as st

from dashboard import charts, panels
from dashboard.drill import for_period
from dashboard.state import current_filters, drill_down

filters = current_filters()
st.title("Coverage")
st.caption("How many articles each outlet published per day, for the filters in the sidebar.")
with st.spinner("Counting articles…"):
    frame = panels.query("articles_per_day", filters)
if frame.empty:
    st.info(
        "No articles match these filters yet. Run `mediamon ingest` (or `mediamon demo`), "
        "or widen the date range."
    )
else:
    left, right, third = st.columns(3)
    left.metric("Articles", f"{int(frame['articles'].sum()):,}")
    right.metric("Outlets", frame["outlet"].nunique())
    third.metric("Days", frame["day"].nunique())
    fig, gaps = panels.with_missing_days(charts.articles_over_time(frame), filters)
    points = panels.chart(fig, "coverage_per_day", f"Articles per day, stacked by outlet. {gaps}")
    point = panels.first_point(points)
    if point and panels.custom(point, 1):
        outlet = str(panels.custom(point, 0))
        chosen = for_period(filters, str(panels.custom(point, 1)), "day")
        drill_down(chosen if outlet == "other" else replace(chosen, outlets=(outlet,)))
