"""Ingest health: recent runs with their failures, and every source's state."""

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.state import CACHE_TTL, database_url, engine_for
from ingest import store


@st.cache_data(ttl=CACHE_TTL)
def runs(url: str) -> pd.DataFrame:
    return queries.recent_runs(engine_for(url), 50)


@st.cache_data(ttl=CACHE_TTL)
def health(url: str) -> pd.DataFrame:
    return queries.source_health(engine_for(url))


@st.cache_data(ttl=CACHE_TTL)
def waiting(url: str) -> dict[str, int]:
    return store.waiting(engine_for(url))


st.title("Ingest health")
st.caption("Recent ingest runs and the state of every source: failing sources back off, disabled ones stop.")
recent, sources = runs(database_url()), health(database_url())
behind = {step: n for step, n in waiting(database_url()).items() if n}
if behind:
    st.caption(
        "Articles still waiting for "
        + ", ".join(f"{step}: {n:,}" for step, n in behind.items())
        + ". Charts count them once the next run's analysis has finished."
    )
if recent.empty:
    st.info("No ingest run yet. Run `mediamon ingest` or `mediamon schedule`.")
else:
    left, middle, right = st.columns(3)
    left.metric("Last run", str(recent["status"].iloc[0]))
    middle.metric("Failing sources", int((sources["state"] == "failing").sum()))
    right.metric("Disabled sources", int((sources["state"] == "disabled").sum()))
    st.subheader("Sources")
    st.dataframe(sources, hide_index=True, width="stretch")
    if (sources["state"] == "disabled").any():
        st.warning("Disabled sources are not polled. `mediamon sources enable NAME` brings one back.")
    st.subheader("Runs")
    st.dataframe(recent, hide_index=True, width="stretch")
