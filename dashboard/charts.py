"""Pure figure builders: DataFrame in, plotly Figure out; no Streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER = "#BBBBBB"  # the grouped rest, in grey so it never looks like one of the named series


def articles_over_time(frame: pd.DataFrame, top: int = len(PALETTE)) -> go.Figure:
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
        colour = OTHER if outlet == "other" else PALETTE[i % len(PALETTE)]
        fig.add_bar(x=pivot.index, y=pivot[outlet], name=str(outlet), marker_color=colour)
    fig.update_layout(
        barmode="stack",
        title="Articles per day by outlet",
        xaxis_title="day",
        yaxis_title="articles",
        legend_title="outlet",
        margin=dict(t=50, b=40),
    )
    return fig
