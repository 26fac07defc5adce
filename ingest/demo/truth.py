"""Ground truth of a demo world as JSON Lines, and the corpus as (article, html) pairs without HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ingest.demo.render import default_base_url, render_article_html
from ingest.demo.world import DemoArticle, World

TRUTH_FORMAT = "mediamon-demo-truth/1"


def world_header(world: World) -> dict[str, Any]:
    """The first line of a truth file: how the world was built, its outlets and storylines."""
    return {
        "kind": "world",
        "format": TRUTH_FORMAT,
        "seed": world.seed,
        "end": world.end.isoformat(),
        "weeks": world.weeks,
        "articles": len(world),
        "start": world.start.isoformat(),
        "now": world.now.isoformat(),
        "outlets": [asdict(o) for o in world.outlets],
        "storylines": [
            {
                "key": p.key,
                "label": p.label,
                "start": p.start.isoformat(),
                "peak": p.peak.isoformat(),
                "rise_days": p.rise,
            }
            for p in world.plans
        ],
    }


def truth_record(world: World, article: DemoArticle) -> dict[str, Any]:
    """One article's ground truth as a JSON-ready dict."""
    return {
        "kind": "article",
        "id": article.id,
        "url_path": article.path,
        "outlet": article.outlet,
        "outlet_country": world.outlet(article.outlet).country,
        "published": article.published.isoformat(),
        "title": article.title,
        "authors": list(article.authors),
        "section": article.section,
        "topic": article.topic,
        "storyline": article.storyline,
        "countries": list(article.countries),
        "actors": [{"name": a.name, "kind": a.kind, "country": a.country} for a in article.actors],
        "copy_of": article.copy_of,
    }


def write_truth(world: World, path: Path) -> int:
    """Write the header line and one line per article; returns the number of articles written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(world_header(world), ensure_ascii=False) + "\n")
        for article in world.iter_articles():
            out.write(json.dumps(truth_record(world, article), ensure_ascii=False) + "\n")
    return len(world)


def read_truth(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the article records of a truth file."""
    with path.open(encoding="utf-8") as lines:
        header = json.loads(next(lines))
        return header, [json.loads(line) for line in lines if line.strip()]


def iter_corpus(
    world: World, base_url: Callable[[str], str] = default_base_url
) -> Iterator[tuple[DemoArticle, str]]:
    """Every article with its page HTML, in id (publication) order, for loading a store without HTTP."""
    for article in world.iter_articles():
        yield article, render_article_html(world, article, base_url(article.outlet))
