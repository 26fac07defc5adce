"""Bar charts of entities: share of voice, and the top entities beside the period before."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import OTHER, PALETTE, plains, titled


def share_of_voice(totals: pd.DataFrame, value: str, title: str) -> go.Figure:
    """Each entity's part of the chosen entities' combined ``value`` (key, label, value), largest on top."""
    fig = go.Figure()
    total = totals[value].sum() if not totals.empty else 0
    if not total:
        return titled(fig, title)
    ordered = totals.sort_values(value, ascending=True)
    share = ordered[value] / total
    fig.add_bar(
        x=share,
        y=plains(ordered["label"]),
        orientation="h",
        marker_color=PALETTE[0],
        name="share",
        customdata=[[str(k)] for k in ordered["key"]],
        text=[f"{s:.0%}" for s in share],
        textposition="auto",
        hovertemplate="%{y}: %{x:.1%}<extra></extra>",
    )
    titled(fig, title, xaxis_title="share of the chosen entities' total", showlegend=False)
    fig.update_xaxes(tickformat=".0%", range=[0, max(1.0, float(share.max()))])
    return fig


def top_with_previous(current: pd.DataFrame, previous: pd.DataFrame, value: str, title: str) -> go.Figure:
    """Grouped bars: each top entity this period, with the same entity over the period before beside it.

    customdata is [key, "current" | "previous"], so a click opens the articles of that bar's period.
    """
    fig = go.Figure()
    if current.empty:
        return titled(fig, title)
    ordered = current.sort_values(value, ascending=True)
    before = previous.set_index("key")[value] if not previous.empty else pd.Series(dtype=float)
    earlier = [float(before.get(k, 0)) for k in ordered["key"]]
    for name, values, colour, which in (
        ("previous period", earlier, OTHER, "previous"),
        ("this period", ordered[value].tolist(), PALETTE[0], "current"),
    ):
        fig.add_bar(
            x=values,
            y=plains(ordered["label"]),
            orientation="h",
            name=name,
            marker_color=colour,
            customdata=[[str(k), which] for k in ordered["key"]],
        )
    return titled(fig, title, barmode="group", xaxis_title=value, legend_traceorder="reversed")


def ranked_bars(frame: pd.DataFrame, value: str, title: str, colour: str = PALETTE[2]) -> go.Figure:
    """Horizontal bars (key, label, value), largest on top; customdata is [key]."""
    fig = go.Figure()
    if frame.empty:
        return titled(fig, title)
    ordered = frame.sort_values(value, ascending=True)
    fig.add_bar(
        x=ordered[value],
        y=plains(ordered["label"]),
        orientation="h",
        marker_color=colour,
        name=value,
        customdata=[[str(k)] for k in ordered["key"]],
    )
    return titled(fig, title, xaxis_title=value, showlegend=False, height=max(300, 24 * len(ordered) + 120))
