"""Dashboard entry: page config, shared sidebar filters, then the selected page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.state import sidebar_filters

PAGES = Path(__file__).resolve().parent / "pages"


def run() -> None:
    st.set_page_config(page_title="mediamon", page_icon="📰", layout="wide")
    nav = st.navigation(
        [
            st.Page(PAGES / "overview.py", title="Coverage", icon="📈", default=True),
            st.Page(PAGES / "articles.py", title="Articles", icon="📰"),
        ]
    )
    sidebar_filters()
    nav.run()


run()
