"""Who goes with whom: the co-mention heatmap, the network graph and the world map of arcs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import OTHER, PALETTE, SEQUENTIAL, plain, plains, titled

Point = tuple[float, float]


def pair_heatmap(
    strength: pd.DataFrame, counts: pd.DataFrame, labels: Mapping[str, str], title: str
) -> go.Figure:
    """A symmetric matrix (index = columns = keys) of strength; hover adds the article count.

    customdata per cell is [row key, column key, articles].
    """
    fig = go.Figure()
    if strength.empty:
        return titled(fig, title)
    keys = list(strength.index)
    names = plains(labels.get(k, k) for k in keys)
    custom = [[[a, b, int(counts.loc[a, b])] for b in keys] for a in keys]
    z = strength.to_numpy(dtype=float)
    fig.add_heatmap(
        z=np.where(np.isnan(z), None, z),
        x=names,
        y=names,
        customdata=custom,
        colorscale=SEQUENTIAL,
        hoverongaps=False,
        xgap=1,
        ygap=1,
        colorbar_title="strength",
        hovertemplate="%{y} – %{x}<br>strength %{z:.3g}<br>%{customdata[2]} articles<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    return titled(fig, title, height=max(400, 28 * len(keys) + 150))


def _edge_bands(edges: pd.DataFrame, bands: int = 3) -> list[tuple[int, pd.DataFrame]]:
    """Edges split into weight bands (a scatter trace has one line width)."""
    if edges.empty:
        return []
    ranks = edges["weight"].rank(method="first", pct=True)
    split = [edges[(ranks > i / bands) & (ranks <= (i + 1) / bands)] for i in range(bands)]
    return [(i, band) for i, band in enumerate(split) if not band.empty]


def network_figure(
    nodes: pd.DataFrame, edges: pd.DataFrame, positions: Mapping[Any, Point], title: str
) -> go.Figure:
    """Nodes (key, label, size, community) at ``positions``, coloured by community; edges by weight band.

    Node traces carry customdata [key]; communities past the palette share the grey 'other' colour.
    """
    fig = go.Figure()
    if nodes.empty:
        return titled(fig, title)
    for i, band in _edge_bands(edges):
        xs, ys = _segments(band, positions)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=dict(width=0.6 + 1.6 * i, color="#9A9A9A"),
            hoverinfo="skip",
            showlegend=False,
            name=f"co-mentions, band {i + 1}",
        )
    scale = 24 / max(float(np.sqrt(nodes["size"].max())), 1.0)
    for community, group in nodes.groupby("community", sort=True):
        number = int(community)
        marker = PALETTE[number] if number < len(PALETTE) - 1 else OTHER
        fig.add_scatter(
            x=[positions[k][0] for k in group["key"]],
            y=[positions[k][1] for k in group["key"]],
            mode="markers+text",
            text=plains(group["label"]),
            textposition="top center",
            name=f"community {number + 1}",
            marker=dict(
                size=8 + scale * np.sqrt(group["size"]), color=marker, line=dict(width=1, color="white")
            ),
            customdata=[[str(k)] for k in group["key"]],
            hovertemplate="%{text}<extra></extra>",
        )
    titled(fig, title, height=600, hovermode="closest", legend_title="community")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _segments(
    edges: pd.DataFrame, positions: Mapping[str, Point]
) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in zip(edges["source"], edges["target"], strict=True):
        if a in positions and b in positions:
            xs += [positions[a][0], positions[b][0], None]
            ys += [positions[a][1], positions[b][1], None]
    return xs, ys


def arc_map(
    pairs: pd.DataFrame, points: Mapping[str, Point], labels: Mapping[str, str], title: str
) -> go.Figure:
    """Great-circle arcs between paired countries (a, b, strength, articles), thicker for stronger pairs.

    Points are (lat, lon); countries without one are left off. The marker trace, last, has customdata [key].
    """
    fig = go.Figure()
    drawn = pairs[pairs["a"].isin(points) & pairs["b"].isin(points)] if not pairs.empty else pairs
    if drawn.empty:
        return titled(fig, title)
    top = float(drawn["strength"].max()) or 1.0
    for a, b, strength, articles in drawn[["a", "b", "strength", "articles"]].itertuples(index=False):
        fig.add_scattergeo(
            lat=[points[a][0], points[b][0]],
            lon=[points[a][1], points[b][1]],
            mode="lines",
            line=dict(width=1 + 7 * max(float(strength), 0.0) / top, color=PALETTE[0]),
            opacity=0.6,
            name=plain(f"{labels.get(a, a)} – {labels.get(b, b)}"),
            showlegend=False,
            hovertext=plain(f"{labels.get(a, a)} – {labels.get(b, b)}: {articles} articles"),
            hoverinfo="text",
        )
    keys = sorted(set(drawn["a"]) | set(drawn["b"]))
    fig.add_scattergeo(
        lat=[points[k][0] for k in keys],
        lon=[points[k][1] for k in keys],
        mode="markers",
        marker=dict(size=9, color=PALETTE[1], line=dict(width=1, color="black")),
        name="countries",
        text=plains(labels.get(k, k) for k in keys),
        customdata=[[k] for k in keys],
        hoverinfo="text",
        showlegend=False,
    )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#CCCCCC",
        showland=True,
        landcolor="#F2F2F2",
        showocean=False,
    )
    return titled(fig, title, height=520)
