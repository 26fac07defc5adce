"""What every figure shares: the colour-blind-safe palette, the layout and HTML export."""

from __future__ import annotations

import html
from collections.abc import Iterable

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER = "#BBBBBB"  # the grouped rest, in grey so it never looks like one of the named series
MISSING = "#999999"  # days without a successful ingest run
SEQUENTIAL = "Cividis"  # a sequential scale readable with colour-vision deficiencies and in greyscale


def plain(text: object) -> str:
    """A label shown as written: plotly reads a few HTML tags in text, and names come from articles."""
    return html.escape(str(text), quote=False)


def plains(texts: Iterable[object]) -> list[str]:
    return [plain(t) for t in texts]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def titled(fig: go.Figure, title: str, **layout: object) -> go.Figure:
    fig.update_layout(title=plain(title), margin=dict(t=50, b=40), **layout)
    return fig


def figure_html(fig: go.Figure) -> bytes:
    """The figure as one self-contained HTML file (plotly.js inline, so it opens offline)."""
    return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
