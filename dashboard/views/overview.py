"""Coverage: articles over time by outlet."""

import pandas as pd
import streamlit as st

from dashboard import charts, queries
from dashboard.state import CACHE_TTL, current_filters, database_url, engine_for


@st.cache_data(ttl=CACHE_TTL)
def per_day(url: str, filters: queries.Filters) -> pd.DataFrame:
    return queries.articles_per_day(engine_for(url), filters)


filters = current_filters()
st.title("Coverage")
st.caption("How many articles each outlet published per day, for the filters in the sidebar.")
with st.spinner("Counting articles…"):
    frame = per_day(database_url(), filters)
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
    st.plotly_chart(charts.articles_over_time(frame), width="stretch")
