"""What every page shares: the cached store connection and the sidebar filters."""

from __future__ import annotations

import hmac
import os
from datetime import date, timedelta

import streamlit as st
from sqlalchemy import Engine

from dashboard import queries
from dashboard.queries import Filters
from ingest import store
from ingest.settings import DEFAULT_DATABASE_URL

CACHE_TTL = 60
PASSWORD_ENV = "MEDIAMON_DASHBOARD_PASSWORD"


def password_gate() -> bool:
    """True when no password is configured or the visitor gave it (compared in constant time)."""
    expected = os.environ.get(PASSWORD_ENV, "")
    if not expected or st.session_state.get("signed_in"):
        return True
    st.title("mediamon")
    given = st.text_input("Password", type="password", key="password")
    if given and hmac.compare_digest(given.encode(), expected.encode()):
        st.session_state["signed_in"] = True
        st.rerun()
    elif given:
        st.error("Wrong password.")
    return False


def database_url() -> str:
    return os.environ.get("MEDIAMON_DATABASE_URL", DEFAULT_DATABASE_URL)


@st.cache_resource
def engine_for(url: str) -> Engine:
    """One engine per store and dashboard process."""
    return store.connect(url)


def engine() -> Engine:
    return engine_for(database_url())


def sidebar_filters() -> Filters:
    """Render the shared filters and remember them for the page that runs next."""
    low, high = cached_bounds(database_url())
    st.sidebar.header("Filters")
    start, end = _date_range(low, high)
    outlets = st.sidebar.multiselect("Outlets", cached_outlets(database_url()), key="outlets")
    search = st.sidebar.text_input("Search titles and text", key="search")
    filters = Filters(start=start, end=end, outlets=tuple(outlets), search=search.strip())
    st.session_state["filters"] = filters
    return filters


def _date_range(low: date | None, high: date | None) -> tuple[date | None, date | None]:
    if low is None or high is None:
        return None, None
    default = (max(low, high - timedelta(days=89)), high)
    picked = st.sidebar.date_input("Dates", value=default, min_value=low, max_value=high, key="dates")
    if isinstance(picked, tuple) and len(picked) == 2:
        return picked[0], picked[1]
    return default


def current_filters() -> Filters:
    return st.session_state.get("filters", Filters())


@st.cache_data(ttl=CACHE_TTL)
def cached_bounds(url: str) -> tuple[date | None, date | None]:
    return queries.date_bounds(engine_for(url))


@st.cache_data(ttl=CACHE_TTL)
def cached_outlets(url: str) -> list[str]:
    return queries.outlet_names(engine_for(url))
