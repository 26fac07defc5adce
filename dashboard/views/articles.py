"""Articles: the searchable, sortable table every drill-down lands on."""

import streamlit as st

from dashboard import panels, queries
from dashboard.drill import describe
from dashboard.state import cached_story_labels, cached_topics, current_filters, database_url, engine

SHOWN = 500
SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "outlet": "Outlet",
    "title": "Title",
    "longest": "Longest first",
}

filters = current_filters()
st.title("Articles")
names = panels.query("actor_names", filters.actors)
topic_names = cached_topics(database_url()) if filters.topics else {}
story_names = cached_story_labels(database_url(), filters.stories)
st.text("Showing: " + describe(filters, names, topic_names, story_names))
count = panels.query("count_articles", filters)
sort = st.selectbox("Order", list(SORT_LABELS), format_func=SORT_LABELS.__getitem__, key="article_sort")
st.caption(
    f"{count:,} articles match the filters; the first {min(count, SHOWN):,} in this order are shown "
    "(the CSV has all of them). Search, dates, outlets, countries and actors are in the sidebar."
)
if count == 0:
    st.info("No articles match these filters. Widen the date range or press “Reset filters” in the sidebar.")
else:
    with st.spinner("Reading articles…"):
        frame = panels.query("article_table", filters, SHOWN, sort)
    panels.table(
        frame,
        "articles",
        lambda: queries.article_table(engine(), filters, None, sort),
        column_config={
            "url": st.column_config.LinkColumn("link", display_text="open"),
            "published": st.column_config.DatetimeColumn("published", format="YYYY-MM-DD HH:mm"),
            "topic": st.column_config.TextColumn("topic", help="The topic's label: its heaviest terms."),
            "story": st.column_config.TextColumn("story", help="The story's most central headline."),
            "copy_of": st.column_config.TextColumn(
                "copy of", help="The outlet of the article this one copies (syndicated or near-identical)."
            ),
            "id": None,
            "topic_id": None,
            "story_id": None,
            "duplicate_of": None,
        },
    )
