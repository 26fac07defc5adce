"""Topics over time: each topic's part of the coverage, stacked, with the rest and the unassigned in grey."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import OTHER, PALETTE, plain, titled

NO_TOPIC = "#E3E3E3"  # lighter than OTHER: articles no topic took, not topics left unnamed
TOP_TOPICS = len(PALETTE) - 1  # the palette's black would read as a shadow in a stacked area
OTHER_KEY, NONE_KEY = "other", "none"


def leading_topics(series: pd.DataFrame, chosen: Sequence[int] = (), top: int = TOP_TOPICS) -> list[int]:
    """The topics to draw in colour: those chosen, else the ``top`` with the most articles (ties by id)."""
    if chosen:
        return list(chosen)
    assigned = series.dropna(subset=["topic"])
    totals = assigned.groupby("topic")["articles"].sum().reset_index()
    totals = totals.sort_values(["articles", "topic"], ascending=[False, True])
    return [int(t) for t in totals["topic"].head(top)]


def topic_keys(topics: pd.Series, shown: Sequence[int]) -> list[str]:
    """Each row's trace: its topic id when shown, ``other`` for another topic, ``none`` for no topic."""
    named = {int(t) for t in shown}
    return [NONE_KEY if pd.isna(t) else str(int(t)) if int(t) in named else OTHER_KEY for t in topics]


def topic_areas(
    series: pd.DataFrame, labels: Mapping[int, str], shown: Sequence[int], title: str, share: bool = True
) -> go.Figure:
    """Stacked areas of articles (period, topic, articles) per topic, as a share of each period or raw.

    Shown topics get the palette in order; other topics and articles without a topic are grey.
    customdata is [topic id | "other" | "none", period start] for drill-down.
    """
    fig = go.Figure()
    if series.empty:
        return titled(fig, title)
    keyed = series.assign(key=topic_keys(series["topic"], shown))
    pivot = keyed.pivot_table(index="period", columns="key", values="articles", aggfunc="sum", fill_value=0)
    if share:
        pivot = pivot.div(pivot.sum(axis=1), axis=0)
    order = [str(t) for t in shown] + [OTHER_KEY, NONE_KEY]
    for i, key in enumerate(k for k in order if k in pivot.columns):
        name, fill = _name_and_colour(key, i, labels)
        fig.add_scatter(
            x=pivot.index,
            y=pivot[key].to_numpy(),
            name=plain(name),
            mode="lines+markers",
            stackgroup="one",
            line=dict(width=0.5, color=fill),
            marker=dict(size=4, color=fill),
            fillcolor=fill,
            customdata=[[key, pd.Timestamp(p).date().isoformat()] for p in pivot.index],
            hovertemplate="%{x|%Y-%m-%d}: %{y" + (":.1%" if share else ":,") + "}",
        )
    titled(
        fig,
        title,
        xaxis_title="period start",
        yaxis_title="share of articles" if share else "articles",
        hovermode="closest",
        legend_title="topic",
    )
    if share:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


def _name_and_colour(key: str, i: int, labels: Mapping[int, str]) -> tuple[str, str]:
    if key == OTHER_KEY:
        return "other topics", OTHER
    if key == NONE_KEY:
        return "no topic", NO_TOPIC
    return labels.get(int(key), f"topic {key}"), PALETTE[i % TOP_TOPICS]
