"""Streamlit pieces the pages share: charts with caption, export and drill-down; tables with CSV export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import basemap, charts, queries
from dashboard.charts.time import mark_missing_days
from dashboard.queries import Filters, MissingDays
from dashboard.state import CACHE_TTL, database_url, engine_for

Point = dict[str, Any]


def chart(fig: go.Figure, key: str, caption: str, selectable: bool = True) -> list[Point]:
    """Draw a figure with its one-line caption and an HTML download; return the points the user selected.

    PNG comes from the chart's own toolbar (camera icon), drawn in the browser at twice the screen size.
    """
    event = st.plotly_chart(
        fig,
        width="stretch",
        key=key,
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
        config=toolbar(key),
    )
    left, right = st.columns([5, 1])
    left.caption(caption + (" Click to open the articles behind it." if selectable else ""))
    right.download_button(
        "Chart as HTML",
        lambda: charts.figure_html(fig),
        file_name=f"{key}.html",
        mime="text/html",
        key=f"{key}_html",
        on_click="ignore",
        icon=":material/download:",
    )
    selection = getattr(event, "selection", None) if selectable else None
    return list(selection.points) if selection else []


def toolbar(name: str) -> dict[str, Any]:
    """Plotly's chart toolbar: its camera saves a PNG named ``name`` at twice the screen size. Maps draw
    from the dashboard's own outline when it serves one."""
    png = {"format": "png", "filename": name, "scale": 2}
    return {"displaylogo": False, "toImageButtonOptions": png} | (
        {"topojsonURL": basemap.SERVED_AT} if own_basemap() else {}
    )


def own_basemap() -> bool:
    """Whether the world map's outline is installed and served (``mediamon dashboard`` serves it)."""
    return basemap.installed() and bool(st.get_option("server.enableStaticServing"))


def table(frame: pd.DataFrame, key: str, everything: Callable[[], pd.DataFrame], **options: Any) -> None:
    """Show a table and offer all its matching rows (not only those shown) as CSV."""
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_table", **options)
    st.download_button(
        "All rows as CSV",
        lambda: everything().to_csv(index=False).encode("utf-8"),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _run(url: str, name: str, *args: Any) -> Any:
    return getattr(queries, name)(engine_for(url), *args)


def query(name: str, *args: Any) -> Any:
    """``queries.<name>(engine, *args)``, cached for a minute per store and arguments."""
    return _run(database_url(), name, *args)


def _missing(url: str, filters: Filters) -> MissingDays:
    result: MissingDays = _run(url, "missing_days", filters.start, filters.end)
    return result


def with_missing_days(fig: go.Figure, filters: Filters) -> tuple[go.Figure, str]:
    """Shade the days of the range that have no successful ingest run; returns the sentence that says so."""
    missing = _missing(database_url(), filters)
    if not missing.known:
        return fig, "No ingest runs are recorded for this store, so days without data cannot be marked."
    if not missing.days:
        return fig, ""
    mark_missing_days(fig, list(missing.days))
    return fig, f"Grey: {len(missing.days)} days with no successful ingest run (a gap there is missing data)."


def first_point(points: list[Point]) -> Point | None:
    return points[0] if points else None


def custom(point: Point, index: int = 0) -> Any:
    """One value of a selected point's customdata (which the chart builders set)."""
    data = point.get("customdata")
    if isinstance(data, list | tuple) and len(data) > index:
        return data[index]
    return None
