"""Stories: the events the filtered articles cover, each counted over those articles; one story's timeline."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, panels, queries
from dashboard.drill import for_period
from dashboard.queries import Filters
from dashboard.state import current_filters, drill_down, engine

SHOWN = 200
SORT_LABELS = {
    "articles": "Most articles",
    "outlets": "Most outlets",
    "independent": "Most independent articles",
    "newest": "Seen most recently",
    "oldest": "Seen first",
}
COLUMNS = [
    "id",
    "label",
    "first",
    "last",
    "articles",
    "outlets",
    "independent",
    "total",
    "countries",
    "actors",
]


def with_entities(table: pd.DataFrame, found: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The story table with each story's top countries and actors beside it."""
    for column, names in found.items():
        named = names.rename(columns={"story": "id", "names": column})
        table = table.merge(named, on="id", how="left")
        table[column] = table[column].fillna("")
    return table[COLUMNS]


def story_list(filters: Filters, sort: str) -> pd.DataFrame:
    table = panels.query("story_table", filters, SHOWN, sort)
    ids = tuple(int(i) for i in table["id"])
    found = {
        "countries": panels.query("story_entities", ids, "country"),
        "actors": panels.query("story_entities", ids, "actor"),
    }
    return with_entities(table, found)


def every_story(filters: Filters, sort: str) -> pd.DataFrame:
    eng = engine()
    found = {
        "countries": queries.story_entities(eng, None, "country"),
        "actors": queries.story_entities(eng, None, "actor"),
    }
    return with_entities(queries.story_table(eng, filters, None, sort), found)


def show_list(filters: Filters, sort: str, table: pd.DataFrame, count: int) -> None:
    st.caption(
        f"{count:,} stories have articles matching the filters; {min(count, SHOWN):,} shown in this order "
        "(the CSV has all). First and last seen, articles, outlets and independent articles (not copies of "
        "another) count only the matching articles; “all articles” is the story's stored total, and its "
        "countries and actors are those named in the most of all its articles. Select a row to see the story."
    )
    st.session_state["_story_rows"] = [int(i) for i in table["id"]]
    panels.table(
        table,
        "stories",
        lambda: every_story(filters, sort),
        column_config={
            "id": None,
            "label": st.column_config.TextColumn("story", help="The story's most central headline."),
            "first": st.column_config.DatetimeColumn("first seen", format="YYYY-MM-DD HH:mm"),
            "last": st.column_config.DatetimeColumn("last seen", format="YYYY-MM-DD HH:mm"),
            "total": st.column_config.NumberColumn("all articles", help="Over all dates and outlets."),
            "countries": st.column_config.TextColumn("top countries"),
            "actors": st.column_config.TextColumn("top actors"),
        },
        on_select=_pick_row,
        selection_mode="single-row",
    )


def _pick_row() -> None:
    rows = st.session_state["stories_table"].selection.rows
    listed = st.session_state.get("_story_rows", [])
    if rows and rows[0] < len(listed):
        st.session_state["story"] = listed[rows[0]]


def story_view(filters: Filters, table: pd.DataFrame) -> None:
    st.subheader("One story")
    # Stories of one running event can share a headline: the first day and id tell them apart.
    labels = {
        sid: f"{label} ({first:%d %b}, #{sid})"
        for sid, label, first in zip(table["id"], table["label"], table["first"], strict=True)
    }
    story = st.selectbox(
        "Story", list(labels), format_func=lambda s: labels.get(s, f"story {s}"), key="story"
    )
    if story is None:
        return
    row = table[table["id"] == story].iloc[0]
    scoped = replace(filters, stories=(int(story),))
    st.text(f"{row['label']} (story #{story})")
    st.caption(
        f"{row['articles']:,} matching articles of {row['total']:,} in all, from {row['outlets']} outlets; "
        f"{row['independent']:,} independent. Countries: {row['countries'] or 'none found'}. "
        f"Actors: {row['actors'] or 'none found'}."
    )
    if st.button(f"Open its {row['articles']:,} articles", key="story_articles"):
        drill_down(scoped)
    frame = panels.query("articles_per_day", scoped)
    fig = charts.articles_over_time(frame, title="The story's articles per day, by outlet")
    span = replace(filters, start=row["first"].date(), end=row["last"].date())  # shade the story's days only
    fig, gaps = panels.with_missing_days(fig, span)
    caption = f"Matching articles of the story per day, stacked by outlet (copies included). {gaps}".strip()
    point = panels.first_point(panels.chart(fig, "story_timeline", caption))
    if point and panels.custom(point, 1):
        outlet = str(panels.custom(point, 0))
        chosen = for_period(scoped, str(panels.custom(point, 1)), "day")
        drill_down(chosen if outlet == "other" else replace(chosen, outlets=(outlet,)))


filters = current_filters()
st.title("Stories")
st.caption(
    "Stories are articles about one event, found by clustering; each is counted over the articles matching "
    "the filters in the sidebar."
)
if not panels.query("has_stories"):
    st.info("No stories yet: run `mediamon cluster` to group the articles into stories.")
else:
    sort = st.selectbox("Order", list(SORT_LABELS), format_func=SORT_LABELS.__getitem__, key="story_sort")
    with st.spinner("Counting stories…"):
        table = story_list(filters, sort)
        # Only a full page of stories needs counting: fewer are all there are.
        count = len(table) if len(table) < SHOWN else panels.query("story_count", filters)
    if not count:
        st.info(
            "No story has articles matching these filters. Widen the date range or press “Reset filters” "
            "in the sidebar (articles not clustered yet belong to no story)."
        )
    else:
        show_list(filters, sort, table, count)
        story_view(filters, table)
