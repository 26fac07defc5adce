"""Dashboard entry: page config, shared sidebar filters, then the selected page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.state import password_gate, sidebar_filters

# Not "pages/": Streamlit takes a pages/ folder beside the script for an old-style multipage app,
# which breaks reruns under AppTest even when st.navigation is used.
VIEWS = Path(__file__).resolve().parent / "views"


def run() -> None:
    st.set_page_config(page_title="mediamon", page_icon=":material/article:", layout="wide")
    if not password_gate():
        return
    nav = st.navigation(
        [
            st.Page(VIEWS / "brief.py", title="Weekly brief", icon=":material/summarize:", default=True),
            st.Page(VIEWS / "overview.py", title="Coverage", icon=":material/bar_chart:"),
            st.Page(VIEWS / "mentions.py", title="Mentions", icon=":material/show_chart:"),
            st.Page(VIEWS / "pairings.py", title="Country pairings", icon=":material/public:"),
            st.Page(VIEWS / "actors.py", title="Actors", icon=":material/hub:"),
            st.Page(VIEWS / "topics.py", title="Topics", icon=":material/category:"),
            st.Page(VIEWS / "stories.py", title="Stories", icon=":material/newspaper:"),
            st.Page(VIEWS / "articles.py", title="Articles", icon=":material/article:"),
            st.Page(VIEWS / "health.py", title="Ingest health", icon=":material/monitor_heart:"),
        ]
    )
    sidebar_filters()
    nav.run()


# The guard keeps worker processes that re-import the main script from starting a dashboard.
if __name__ == "__main__":
    run()
