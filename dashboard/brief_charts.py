"""Pure figure builders for the weekly brief: DataFrames in, plotly Figures out; no Streamlit here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import PALETTE

RISE, FALL = PALETTE[0], PALETTE[5]  # blue and vermillion: apart for every common colour-vision deficiency
BASELINE = "#BBBBBB"
CELLS = ((0.0, "#DCE9F5"), (1.0, "#08306B"))  # light to dark blue; an empty cell has no square at all


def plain(text: object) -> str:
    """A label safe for plotly, which reads a few HTML tags in text: angle brackets become look-alikes."""
    return str(text).replace("<", "‹").replace(">", "›")


def daily_volume(
    frame: pd.DataFrame, title: str = "Articles per day against the trailing 28 days"
) -> go.Figure:
    """Bars of articles per day (baseline days grey, the week blue, spikes vermillion) and the spike line."""
    fig = go.Figure()
    if frame.empty:
        return fig
    spike = frame["spike"].fillna(False).astype(bool)
    colours = [FALL if s else (RISE if w else BASELINE) for s, w in zip(spike, frame["week"], strict=True)]
    fig.add_bar(x=frame["day"], y=frame["articles"], marker_color=colours, name="articles")
    week = frame[frame["week"] & frame["threshold"].notna()]
    fig.add_scatter(
        x=week["day"],
        y=week["threshold"],
        mode="lines",
        name="spike line (mean + 3 sd)",
        line=dict(dash="dash", color=PALETTE[7]),
    )
    fig.update_layout(title=title, xaxis_title="day", yaxis_title="articles", margin=dict(t=50, b=40))
    return fig


def movers(frame: pd.DataFrame, title: str, top: int = 5) -> go.Figure:
    """Horizontal bars of the change in articles: the ``top`` risers above, the ``top`` fallers below."""
    fig = go.Figure()
    shown = pd.concat([rising(frame, top), falling(frame, top)])
    if shown.empty:
        return fig
    shown = shown.iloc[::-1]  # plotly draws the first bar at the bottom
    fig.add_bar(
        x=shown["delta"],
        y=[plain(label) for label in shown["label"]],
        orientation="h",
        marker_color=[RISE if d > 0 else FALL for d in shown["delta"]],
        customdata=shown[["this", "last"]].to_numpy(),
        hovertemplate="%{y}<br>this week %{customdata[0]}, last week %{customdata[1]}<extra></extra>",
    )
    fig.update_layout(
        title=title,
        xaxis_title="change in articles",
        height=120 + 26 * len(shown),
        margin=dict(t=50, b=40, l=10),
        showlegend=False,
    )
    return fig


def rising(frame: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The ``top`` largest rises in articles, ties broken by this week's count."""
    return frame[frame["delta"] > 0].sort_values(["delta", "this"], ascending=False).head(top)


def falling(frame: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The ``top`` largest falls in articles, ties broken by last week's count."""
    return frame[frame["delta"] < 0].sort_values(["delta", "last"], ascending=[True, False]).head(top)


def pair_heatmap(pairs: pd.DataFrame, top: int = 10, title: str = "Country pairs this week") -> go.Figure:
    """Articles naming both countries, as a symmetric matrix of the ``top`` most paired countries.

    Drawn as square markers rather than a heatmap trace, because clicking a marker is a selection
    Streamlit reports (``on_select``) and clicking a heatmap cell is not. Each marker carries
    ``customdata`` = [ISO a, ISO b, label a, label b] for ``selected_pair``.
    """
    fig = go.Figure()
    week = pairs[pairs["this"] > 0]
    if week.empty:
        return fig
    weight = pd.concat([week[["a", "this"]], week[["b", "this"]].rename(columns={"b": "a"})])
    order = list(weight.groupby("a")["this"].sum().sort_values(ascending=False, kind="stable").index[:top])
    cells = _cells(week, order)
    names = _names(week)
    axis = [plain(names[iso]) for iso in order]
    fig.add_scatter(
        x=[plain(names[a]) for a in cells["a"]],
        y=[plain(names[b]) for b in cells["b"]],
        mode="markers",
        marker=dict(
            symbol="square",
            size=30,
            color=cells["this"].tolist(),
            colorscale=[list(stop) for stop in CELLS],
            cmin=0,
            showscale=True,
            colorbar=dict(title="articles"),
        ),
        customdata=[
            [a, b, plain(names[a]), plain(names[b])] for a, b in zip(cells["a"], cells["b"], strict=True)
        ],
        hovertemplate="%{customdata[2]} – %{customdata[3]}: %{marker.color} articles<extra></extra>",
    )
    size = 36 * len(order)
    fig.update_layout(
        title=title,
        width=260 + size,
        height=200 + size,
        xaxis=dict(categoryorder="array", categoryarray=axis, tickangle=-45),
        yaxis=dict(categoryorder="array", categoryarray=axis[::-1]),
        margin=dict(t=50, b=10),
        plot_bgcolor="white",
        clickmode="event+select",
    )
    return fig


def _cells(week: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    kept = week[week["a"].isin(order) & week["b"].isin(order)][["a", "b", "this"]]
    mirrored = kept.rename(columns={"a": "b", "b": "a"})
    return pd.concat([kept, mirrored], ignore_index=True)


def _names(pairs: pd.DataFrame) -> dict[str, str]:
    """ISO3 → its readable label."""
    return dict(zip(pairs["a"], pairs["a_label"], strict=True)) | dict(
        zip(pairs["b"], pairs["b_label"], strict=True)
    )


def selected_pair(selection: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The (ISO a, ISO b) of the first cell a Streamlit plotly selection event picked, sorted; else None."""
    for point in (selection or {}).get("points", []):
        data = point.get("customdata")
        if data and len(data) >= 2 and data[0] != data[1]:
            a, b = sorted((str(data[0]), str(data[1])))
            return a, b
    return None
