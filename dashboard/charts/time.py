"""Charts over time: coverage by outlet, series per entity, and the days no ingest run succeeded."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import MISSING, OTHER, PALETTE, colour, plain, titled

MISSING_LABEL = "no successful ingest run"


def articles_over_time(
    frame: pd.DataFrame, top: int = len(PALETTE), title: str = "Articles per day by outlet"
) -> go.Figure:
    """Stacked daily bars of articles per outlet; outlets past ``top`` are grouped as 'other'."""
    fig = go.Figure()
    if frame.empty:
        return fig
    totals = frame.groupby("outlet")["articles"].sum().sort_values(ascending=False)
    keep = set(totals.index[:top])
    frame = frame.assign(outlet=frame["outlet"].where(frame["outlet"].isin(keep), "other"))
    pivot = frame.pivot_table(index="day", columns="outlet", values="articles", aggfunc="sum", fill_value=0)
    order = [o for o in totals.index if o in pivot.columns] + (["other"] if "other" in pivot.columns else [])
    for i, outlet in enumerate(order):
        marker = OTHER if outlet == "other" else colour(i)
        custom = [[str(outlet), d.date().isoformat()] for d in pivot.index]
        fig.add_bar(
            x=pivot.index, y=pivot[outlet], name=plain(outlet), marker_color=marker, customdata=custom
        )
    return titled(
        fig,
        title,
        barmode="stack",
        xaxis_title="day",
        yaxis_title="articles",
        legend_title="outlet",
    )


def timeline(frame: pd.DataFrame, value: str, title: str, y_title: str, percent: bool = False) -> go.Figure:
    """One line per entity (``label``) over ``period``; customdata is [key, period start] for drill-down.

    Periods an entity is absent from are drawn as zero, so a line never bridges a gap.
    """
    fig = go.Figure()
    if frame.empty:
        return titled(fig, title)
    periods = sorted(frame["period"].unique())
    order = frame.groupby("label")[value].sum().sort_values(ascending=False).index
    for i, label in enumerate(order):
        rows = frame[frame["label"] == label].set_index("period")[value].reindex(periods, fill_value=0)
        key = str(frame.loc[frame["label"] == label, "key"].iloc[0])
        custom = [[key, pd.Timestamp(p).date().isoformat()] for p in periods]
        fig.add_scatter(
            x=periods,
            y=rows.to_numpy(),
            name=plain(label),
            mode="lines+markers",
            line_color=colour(i),
            customdata=custom,
            hovertemplate="%{x|%Y-%m-%d}: %{y" + (":.1%" if percent else ":,") + "}",
        )
    titled(fig, title, xaxis_title="period start", yaxis_title=y_title, hovermode="closest")
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return fig


def _spans(days: Sequence[date]) -> Iterator[tuple[date, date]]:
    """Runs of consecutive days as (first, last)."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = last = ordered[0]
    for day in ordered[1:]:
        if day - last > timedelta(days=1):
            yield first, last
            first = day
        last = day
    yield first, last


def mark_missing_days(fig: go.Figure, days: Sequence[date]) -> go.Figure:
    """Shade each run of days with no successful ingest run, so a gap is never read as silence."""
    for i, (first, last) in enumerate(_spans(days)):
        fig.add_vrect(
            x0=pd.Timestamp(first),
            x1=pd.Timestamp(last + timedelta(days=1)),
            fillcolor=MISSING,
            opacity=0.25,
            line_width=0,
            layer="below",
            name=MISSING_LABEL,
            showlegend=i == 0,
            legendgroup="missing",
        )
    return fig
