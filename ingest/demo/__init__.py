"""The demo news web: a deterministic synthetic world of outlets and articles, served on 127.0.0.1.

``build_world`` plans it, ``serve`` puts one HTTP server per outlet on a free port, ``write_truth``
records what every article really mentions, and ``iter_corpus`` yields pages without HTTP.
"""

from ingest.demo.render import (
    default_base_url,
    render_article_html,
    render_feed,
    render_listing_html,
    render_robots,
    render_sitemap,
)
from ingest.demo.server import DemoWeb, demo_sources, serve
from ingest.demo.truth import iter_corpus, read_truth, truth_record, write_truth
from ingest.demo.world import ActorRef, DemoArticle, Outlet, StoryPlan, World, build_world

__all__ = [
    "ActorRef",
    "DemoArticle",
    "DemoWeb",
    "Outlet",
    "StoryPlan",
    "World",
    "build_world",
    "default_base_url",
    "demo_sources",
    "iter_corpus",
    "read_truth",
    "render_article_html",
    "render_feed",
    "render_listing_html",
    "render_robots",
    "render_sitemap",
    "serve",
    "truth_record",
    "write_truth",
]
