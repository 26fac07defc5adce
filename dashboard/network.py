"""Graph layout and communities for the network charts (networkx: Louvain communities, Kamada–Kawai)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

import networkx as nx
import pandas as pd

K = TypeVar("K", bound=Hashable)
SEED = 7  # fixed, so the same data draws the same picture on every rerun


Edges = tuple[tuple[Any, Any, float], ...]  # (source, target, weight) rows: hashable, so results cache


def _rows(edges: pd.DataFrame) -> Edges:
    return tuple(
        (a, b, float(w)) for a, b, w in zip(edges["source"], edges["target"], edges["weight"], strict=True)
    )


def _graph(keys: Sequence[K], edges: Edges) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    top = max((w for _, _, w in edges), default=1.0)
    for a, b, weight in edges:
        if a in graph and b in graph and a != b:
            # Closeness grows with the log of the weight, so a few heavy pairs do not crush the rest.
            pull = 0.1 + 0.9 * math.log1p(float(weight)) / math.log1p(top) if top > 0 else 1.0
            graph.add_edge(a, b, weight=float(weight), pull=pull, distance=1.6 - pull)
    return graph


def communities(keys: Sequence[K], edges: pd.DataFrame) -> dict[K, int]:
    """Community number per node by Louvain modularity on co-mention weights; 0 is the largest."""
    return dict(_communities(tuple(keys), _rows(edges)))


@lru_cache(maxsize=64)  # reruns of a page (a click, a control) redraw the same graph
def _communities(keys: tuple[K, ...], edges: Edges) -> dict[K, int]:
    graph = _graph(keys, edges)
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(found, key=lambda c: (-len(c), min(str(k) for k in c)))
    return {key: number for number, members in enumerate(ordered) for key in members}


def layout(keys: Sequence[K], edges: pd.DataFrame) -> dict[K, tuple[float, float]]:
    """Positions: each connected group laid out on its own (Kamada–Kawai), groups side by side in rows.

    A single spring layout of the whole graph pushes unconnected groups to the edges and crushes the
    largest into a knot; laying out groups separately keeps every name readable.
    """
    return dict(_layout(tuple(keys), _rows(edges)))


@lru_cache(maxsize=64)  # Kamada–Kawai takes a few hundred milliseconds for 30 nodes
def _layout(keys: tuple[K, ...], edges: Edges) -> dict[K, tuple[float, float]]:
    graph = _graph(keys, edges)
    groups = sorted(nx.connected_components(graph), key=lambda g: (-len(g), min(str(k) for k in g)))
    placed: dict[K, tuple[float, float]] = {}
    x = y = row_height = 0.0
    widest = _size(len(groups[0])) if groups else 1.0
    for group in groups:
        size = _size(len(group))
        if x > 0 and x + size > 2.5 * widest:
            x, y, row_height = 0.0, y - row_height - 0.3, 0.0
        for key, (px, py) in _group_layout(graph.subgraph(group)).items():
            placed[key] = (x + size * (px + 1) / 2, y - size * (1 - py) / 2)
        x, row_height = x + size + 0.3, max(row_height, size)
    return placed


def _size(nodes: int) -> float:
    return math.sqrt(nodes)


def _group_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Positions in [-1, 1] for one connected group."""
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    found = nx.kamada_kawai_layout(graph, weight="distance")
    return {key: (float(px), float(py)) for key, (px, py) in found.items()}
