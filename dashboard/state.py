"""What every page shares: the cached store connection, the sidebar filters and the URL they live in.

The URL is read into the widgets once per browser session (a pasted link opens a new one) and when a
drill-down asks for it; after that the widgets lead and the URL follows them on every run, so any view
can be shared as a link. Streamlit clears the query string on page changes; the widgets keep the filters.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from dashboard import queries
from dashboard.labels import country_label
from dashboard.queries import Filters
from dashboard.urlstate import (
    PARAM_NAMES,
    PRESETS,
    Choices,
    Selection,
    dates_for,
    from_filters,
    parse_params,
    selected_dates,
    to_filters,
    to_params,
)
from ingest import store
from ingest.settings import DEFAULT_DATABASE_URL

CACHE_TTL = 60
PASSWORD_ENV = "MEDIAMON_DASHBOARD_PASSWORD"
ARTICLES_PAGE = Path(__file__).resolve().parent / "views" / "articles.py"
MATCH_LABELS = {"any": "any of them", "all": "all of them", "sentence": "two of them in one sentence"}
# Widget keys; "outlets", "search" and "dates" are older names that tests and links already use.
KEYS = {
    "preset": "date_preset",
    "range": "dates",
    "outlets": "outlets",
    "outlet_countries": "outlet_countries",
    "languages": "languages",
    "countries": "countries",
    "actors": "actors",
    "topics": "topics",
    "stories": "stories",
    "together": "match",
    "search": "search",
}
_LOADED, _PENDING, _NOTES = "_filters_loaded", "_filters_pending", "_filters_notes"


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
    """Render the shared filters, keep the URL in step, and remember them for the page that runs next."""
    choices, labels = cached_choices(database_url())
    _load_from_url(choices)
    st.sidebar.header("Filters")
    selection = _widgets(choices, labels)
    filters = to_filters(selection, choices)
    _write_url(to_params(selection))
    st.session_state["filters"] = filters
    _show_notes()
    st.sidebar.button("Reset filters", on_click=_reset, args=(choices,), icon=":material/restart_alt:")
    return filters


def current_filters() -> Filters:
    return st.session_state.get("filters", Filters())


def drill_down(filters: Filters) -> None:
    """Open the Articles page showing the articles behind a selection (these filters, set in the sidebar)."""
    params = to_params(from_filters(filters))
    st.session_state[_PENDING] = params
    st.switch_page(ARTICLES_PAGE, query_params=params)


def _write_url(params: dict[str, list[str]]) -> None:
    """Put the filters in the URL, leaving the parameters of pages (``week`` …) as they are."""
    for name in PARAM_NAMES:
        if name in params:
            st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]


def _load_from_url(choices: Choices) -> None:
    pending = st.session_state.pop(_PENDING, None)
    if st.session_state.get(_LOADED) and pending is None:
        return
    params = pending if pending is not None else {k: st.query_params.get_all(k) for k in st.query_params}
    selection, notes = parse_params(params, _with_url_stories(params, _with_url_actors(params, choices)))
    _set_widgets(selection, choices)
    st.session_state[_NOTES] = notes
    st.session_state[_LOADED] = True


def _with_url_actors(params: dict[str, list[str]], choices: Choices) -> Choices:
    """Actors named in the link count as choices when the store knows them, even past the top list."""
    ids = tuple(int(v) for v in params.get("actor", ()) if v.isascii() and v.isdigit() and len(v) <= 18)
    known = cached_actor_names(database_url(), ids[:50])
    return replace(choices, actors=choices.actors | set(known)) if known else choices


def _with_url_stories(params: dict[str, list[str]], choices: Choices) -> Choices:
    """Stories named in the link count as choices when the store has them (too many to list them all)."""
    ids = tuple(int(v) for v in params.get("story", ()) if v.isascii() and v.isdigit() and len(v) <= 18)
    known = cached_story_labels(database_url(), ids[:50])
    return replace(choices, stories=choices.stories | set(known)) if known else choices


def _set_widgets(sel: Selection, choices: Choices) -> None:
    state = st.session_state
    state[KEYS["preset"]] = sel.preset
    start, end = selected_dates(sel, choices)
    state[KEYS["range"]] = (start, end) if start and end else ()
    for name in ("outlets", "outlet_countries", "languages", "countries", "actors", "topics", "stories"):
        state[KEYS[name]] = list(getattr(sel, name))
    state[KEYS["together"]] = sel.together
    state[KEYS["search"]] = sel.search


def _reset(choices: Choices) -> None:
    _set_widgets(Selection(), choices)
    st.session_state[_NOTES] = []


def _preset_changed(newest: date | None) -> None:
    start, end = dates_for(st.session_state[KEYS["preset"]], newest)
    st.session_state[KEYS["range"]] = (start, end) if start and end else ()


def _range_changed() -> None:
    st.session_state[KEYS["preset"]] = "custom"


def _widgets(choices: Choices, labels: dict[int, str]) -> Selection:
    side = st.sidebar
    preset = side.selectbox(
        "Dates",
        list(PRESETS),
        format_func=PRESETS.__getitem__,
        key=KEYS["preset"],
        on_change=_preset_changed,
        args=(choices.newest,),
    )
    start, end = _range_input(choices.newest)
    if choices.newest:
        side.caption(f"Presets count back from the newest article, {choices.newest:%Y-%m-%d}.")
    outlets = side.multiselect("Outlets", sorted(choices.outlets), key=KEYS["outlets"])
    homes = side.multiselect(
        "Outlet countries",
        sorted(choices.outlet_countries),
        format_func=country_label,
        key=KEYS["outlet_countries"],
    )
    langs = side.multiselect("Language", sorted(choices.languages), key=KEYS["languages"])
    countries, actors, together = _entity_widgets(choices, labels)
    topics = _topic_widget(choices)
    stories = _story_widget()
    search = side.text_input(
        "Search titles and text",
        key=KEYS["search"],
        help='Words, "exact phrases", OR between terms, NOT or -word.',
    )
    return Selection(
        preset,
        start,
        end,
        tuple(outlets),
        tuple(homes),
        tuple(langs),
        tuple(countries),
        tuple(actors),
        tuple(topics),
        together,
        search.strip(),
        tuple(stories),
    )


def _range_input(newest: date | None) -> tuple[date | None, date | None]:
    picked = st.sidebar.date_input("Range", key=KEYS["range"], on_change=_range_changed, format="YYYY-MM-DD")
    if isinstance(picked, tuple) and len(picked) == 2:
        return picked[0], picked[1]
    if isinstance(picked, tuple) and len(picked) == 1:  # the second click of a range not made yet
        return picked[0], picked[0]
    return None, None


def _entity_widgets(choices: Choices, labels: dict[int, str]) -> tuple[list[str], list[int], Any]:
    side = st.sidebar
    by_count = cached_country_order(database_url())
    countries = side.multiselect(
        "Countries mentioned",
        [c for c in by_count if c in choices.countries],
        format_func=country_label,
        key=KEYS["countries"],
        placeholder="Type a country name or code",
    )
    extra = tuple(a for a in st.session_state.get(KEYS["actors"], []) if a not in labels)
    labels = labels | cached_actor_names(database_url(), extra) if extra else labels
    actor_ids = [a for a in labels if a in choices.actors or a in extra]
    actors = side.multiselect(
        "Actors mentioned", actor_ids, format_func=lambda a: labels.get(a, f"actor {a}"), key=KEYS["actors"]
    )
    together = side.radio(
        "Articles that name",
        list(MATCH_LABELS),
        format_func=MATCH_LABELS.__getitem__,
        key=KEYS["together"],
        horizontal=False,
        disabled=len(countries) + len(actors) < 2,
    )
    return countries, actors, together


def _topic_widget(choices: Choices) -> list[int]:
    topics = cached_topics(database_url())
    if not topics:
        st.session_state[KEYS["topics"]] = []
        return []
    return st.sidebar.multiselect(
        "Topics", list(topics), format_func=lambda t: topics.get(t, f"topic {t}"), key=KEYS["topics"]
    )


def _story_widget() -> list[int]:
    """Only the stories a drill-down or link chose, so they can be removed: there are too many to offer."""
    chosen = tuple(st.session_state.get(KEYS["stories"]) or ())
    if not chosen:
        return []
    labels = cached_story_labels(database_url(), chosen)
    return st.sidebar.multiselect(
        "Stories",
        list(chosen),
        format_func=lambda s: labels.get(s, f"story {s}"),
        key=KEYS["stories"],
        help="Set by opening a story's articles; remove it to see every story again.",
    )


def _show_notes() -> None:
    notes = st.session_state.get(_NOTES) or []
    if notes:
        st.sidebar.warning("Ignored from the link: " + "; ".join(notes) + ".", icon=":material/link_off:")


@st.cache_data(ttl=CACHE_TTL)
def cached_choices(url: str) -> tuple[Choices, dict[int, str]]:
    """What the filters can offer, and the actors' names by id (the most mentioned first)."""
    eng = engine_for(url)
    actors = queries.actor_choices(eng)
    labels = {
        int(i): _actor_label(n, k)
        for i, n, k in zip(actors["id"], actors["name"], actors["kind"], strict=True)
    }
    topics = queries.topic_choices(eng)
    oldest, newest = queries.date_bounds(eng)
    choices = Choices(
        outlets=frozenset(queries.outlet_names(eng)),
        outlet_countries=frozenset(queries.outlet_countries(eng)),
        languages=frozenset(queries.languages(eng)),
        countries=frozenset(queries.mentioned_countries(eng)),
        actors=frozenset(labels),
        topics=frozenset(int(t) for t in topics["id"]),
        oldest=oldest,
        newest=newest,
    )
    return choices, labels


def _actor_label(name: str, kind: str) -> str:
    return f"{name} (organisation)" if kind == "organisation" else name


@st.cache_data(ttl=CACHE_TTL)
def cached_country_order(url: str) -> list[str]:
    return queries.mentioned_countries(engine_for(url))


@st.cache_data(ttl=CACHE_TTL)
def cached_actor_names(url: str, ids: tuple[int, ...]) -> dict[int, str]:
    return queries.actor_names(engine_for(url), ids)


@st.cache_data(ttl=CACHE_TTL)
def cached_story_labels(url: str, ids: tuple[int, ...]) -> dict[int, str]:
    return queries.story_labels(engine_for(url), ids) if ids and queries.has_stories(engine_for(url)) else {}


@st.cache_data(ttl=CACHE_TTL)
def cached_topics(url: str) -> dict[int, str]:
    topics = queries.topic_choices(engine_for(url))
    return {int(i): str(label) for i, label in zip(topics["id"], topics["label"], strict=True)}


@st.cache_data(ttl=CACHE_TTL)
def cached_bounds(url: str) -> tuple[date | None, date | None]:
    return queries.date_bounds(engine_for(url))


@st.cache_data(ttl=CACHE_TTL)
def cached_outlets(url: str) -> list[str]:
    return queries.outlet_names(engine_for(url))
