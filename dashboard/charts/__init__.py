"""Pure figure builders: DataFrame in, plotly Figure out; no Streamlit here.

Every builder sets a title; ``customdata`` on each trace carries the keys a selection drills down with.
"""

from dashboard.charts.bars import ranked_bars, share_of_voice, top_with_previous
from dashboard.charts.base import OTHER, PALETTE, figure_html
from dashboard.charts.relations import arc_map, network_figure, pair_heatmap
from dashboard.charts.time import articles_over_time, mark_missing_days, timeline
from dashboard.charts.topics import leading_topics, topic_areas

__all__ = [
    "OTHER",
    "PALETTE",
    "arc_map",
    "articles_over_time",
    "figure_html",
    "leading_topics",
    "mark_missing_days",
    "network_figure",
    "pair_heatmap",
    "ranked_bars",
    "share_of_voice",
    "timeline",
    "top_with_previous",
    "topic_areas",
]
