"""Dashboard entry: page config, shared sidebar filters, then the selected page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.state import password_gate, sidebar_filters

# Not "pages/": Streamlit takes a pages/ folder beside the script for an old-style multipage app,
# which breaks reruns under AppTest even when st.navigation is used.
VIEWS = Path(__file__).resolve().parent / "views"
ICON = Path(__file__).resolve().parent / "icon.svg"
PAGES = (  # (script in views/, title, icon); the first is the landing page
    ("brief.py", "Weekly brief", ":material/summarize:"),
    ("overview.py", "Coverage", ":material/bar_chart:"),
    ("mentions.py", "Mentions", ":material/show_chart:"),
    ("pairings.py", "Country pairings", ":material/public:"),
    ("actors.py", "Actors", ":material/hub:"),
    ("topics.py", "Topics", ":material/category:"),
    ("stories.py", "Stories", ":material/newspaper:"),
    ("articles.py", "Articles", ":material/article:"),
    ("health.py", "Ingest health", ":material/monitor_heart:"),
)


def run() -> None:
    # An icon of our own: a material icon as the favicon is fetched from fonts.gstatic.com.
    st.set_page_config(page_title="mediamon", page_icon=str(ICON), layout="wide")
    if not password_gate():
        return
    nav = st.navigation(
        [
            st.Page(VIEWS / script, title=title, icon=icon, default=number == 0)
            for number, (script, title, icon) in enumerate(PAGES)
        ]
    )
    sidebar_filters()
    nav.run()


# The guard keeps worker processes that re-import the main script from starting a dashboard.
if __name__ == "__main__":
    run()
