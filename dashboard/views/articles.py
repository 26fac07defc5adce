"""Articles: the searchable table every drill-down lands on."""

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.state import CACHE_TTL, current_filters, database_url, engine_for

SHOWN = 500


@st.cache_data(ttl=CACHE_TTL)
def table(url: str, filters: queries.Filters, limit: int | None) -> pd.DataFrame:
    return queries.article_table(engine_for(url), filters, limit)


@st.cache_data(ttl=CACHE_TTL)
def total(url: str, filters: queries.Filters) -> int:
    return queries.count_articles(engine_for(url), filters)


filters = current_filters()
st.title("Articles")
count = total(database_url(), filters)
st.caption(
    f"{count:,} articles match the filters; the newest {min(count, SHOWN):,} are shown. "
    "Search and outlets are in the sidebar."
)
if count == 0:
    st.info("No articles match these filters.")
else:
    frame = table(database_url(), filters, SHOWN)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "url": st.column_config.LinkColumn("link", display_text="open"),
            "published": st.column_config.DatetimeColumn("published", format="YYYY-MM-DD HH:mm"),
            "id": None,
        },
    )
    if st.button("Prepare CSV of all matching articles"):
        csv = table(database_url(), filters, None).to_csv(index=False).encode("utf-8")
        st.download_button("Download CSV", csv, file_name="articles.csv", mime="text/csv")
