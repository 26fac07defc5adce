"""Weekly brief: one ISO week against the week before, for the people who read rather than explore."""

from datetime import timedelta

import streamlit as st

from dashboard import brief_charts, drill, weekly
from dashboard.brief import Brief, build_brief
from dashboard.panels import toolbar
from dashboard.queries import Filters
from dashboard.state import CACHE_TTL, current_filters, database_url, drill_down, engine_for
from dashboard.weekly import Week


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def weeks(url: str) -> list[str]:
    return [str(w) for w in weekly.weeks_with_data(engine_for(url))]


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def gather(url: str, week: str, outlets: tuple[str, ...]) -> Brief:
    return build_brief(engine_for(url), Week.parse(week), outlets)


def pick_week(labels: list[str]) -> Week:
    """The sidebar's week, first taken from the URL (?week=2026-W47), else the newest week with data."""
    wanted = st.query_params.get("week", "")
    index = labels.index(wanted) if wanted in labels else 0
    chosen = st.sidebar.selectbox("Week of the brief", labels, index=index, key="brief_week")
    st.query_params["week"] = chosen
    return Week.parse(chosen)


def headline(brief: Brief) -> None:
    prev = brief.week.previous()
    note = f" Data until {brief.data_until:%d %b %H:%M} UTC: the week is not over." if brief.partial else ""
    st.caption(
        f"ISO week {brief.week} ({brief.week.span()}) against {prev}, {brief.scope_text()}; "
        f"of the sidebar's filters only the outlets apply here.{note}"
    )
    for column, row in zip(st.columns(3), brief.coverage.itertuples(), strict=True):
        column.metric(str(row.measure).capitalize(), f"{row.this:,}", delta=f"{row.delta:+,}")
    st.plotly_chart(brief_charts.daily_volume(brief.daily), width="stretch", config=toolbar("daily_volume"))
    st.caption("Articles per day: the week in blue, the 28 days before in grey, spike days in vermillion.")


def movers(brief: Brief) -> None:
    st.subheader("What moved")
    tabs = st.tabs(["Actors", "Countries", "Topics", "Country pairs"])
    frames = [brief.actors, brief.countries, brief.topics, brief.pairs]
    for tab, name, frame in zip(
        tabs, ["actors", "countries", "topics", "country pairs"], frames, strict=True
    ):
        with tab:
            if frame is None:
                st.info("No topics yet: they appear once clustering has fitted them (`mediamon cluster`).")
            elif frame.empty:
                st.info(f"No {name} named in either week (has enrichment run? `mediamon enrich`).")
            elif not (frame["delta"] != 0).any():
                st.info(f"No change in {name} between the two weeks.")
            else:
                title = (
                    f"{name.capitalize()}: biggest rises and falls, {brief.week} vs {brief.week.previous()}"
                )
                st.plotly_chart(brief_charts.movers(frame, title), width="stretch", config=toolbar(name))
                st.caption(
                    f"Change in the number of articles naming each of the {name}; hover for both counts."
                )


def pair_matrix(brief: Brief) -> None:
    st.subheader("Country pairs this week")
    fig = brief_charts.pair_heatmap(brief.pairs, title=f"Articles naming both countries, {brief.week}")
    if not fig.data:
        st.info("No article named two countries this week.")
        return
    event = st.plotly_chart(
        fig,
        width="content",
        on_select="rerun",
        selection_mode="points",
        key="pair_cells",
        config=toolbar("country_pairs"),
    )
    st.caption(
        "Click a cell to open the articles of this week that name both countries; the camera in the"
        " chart's toolbar saves it as PNG."
    )
    pair = brief_charts.selected_pair(event.selection if event else None)
    if pair:
        sunday = brief.week.monday + timedelta(days=6)
        week = Filters(start=brief.week.monday, end=sunday, outlets=brief.outlets)
        drill_down(drill.for_pair(week, pair[0], pair[1], "article"))


STORY_COLUMNS = {
    "story": None,
    "label": st.column_config.TextColumn("story", width="large"),
    "this": st.column_config.NumberColumn("this week"),
    "last": st.column_config.NumberColumn("last week"),
    "first_seen": st.column_config.DatetimeColumn("first seen", format="YYYY-MM-DD"),
    "new": st.column_config.CheckboxColumn("new this week"),
}
SPIKE_COLUMNS = {
    "z": None,
    "day": st.column_config.DateColumn("day"),
    "kind": "what",
    "label": st.column_config.TextColumn("subject", width="medium"),
    "mean": st.column_config.NumberColumn("usual", format="%.1f", help="mean of the 28 days before"),
    "threshold": st.column_config.NumberColumn("spike line", format="%.1f", help="mean + 3 sd"),
}


def stories_and_spikes(brief: Brief) -> None:
    st.subheader("Stories of the week")
    if brief.stories is None:
        st.info("No stories yet: they appear once clustering has grouped articles (`mediamon cluster`).")
    elif brief.stories.empty:
        st.info("No article of this week belongs to a story.")
    else:
        st.dataframe(brief.stories, hide_index=True, width="stretch", column_config=STORY_COLUMNS)
        st.caption("The week's biggest stories (articles about one event) by articles this week.")
    st.subheader("Spikes")
    rule = brief.rule
    st.caption(
        f"A day with at least {rule.min_articles} articles on a subject and more than the mean + "
        f"{rule.sds:g} sd of its {rule.baseline_days} days before; strongest first, with the title "
        "terms, outlets and stories behind it."
    )
    if brief.spikes.empty:
        st.info("No spike this week: no subject rose far above its trailing baseline.")
    else:
        st.dataframe(brief.spikes, hide_index=True, width="stretch", column_config=SPIKE_COLUMNS)


st.title("Weekly brief")
labels = weeks(database_url())
if not labels:
    st.info("No articles yet. Run `mediamon ingest` (or `mediamon demo`) and the brief fills in.")
else:
    week = pick_week(labels)
    with st.spinner("Gathering the week…"):
        brief = gather(database_url(), str(week), current_filters().outlets)
    headline(brief)
    movers(brief)
    pair_matrix(brief)
    stories_and_spikes(brief)
