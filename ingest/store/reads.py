"""Reads for the command line; the dashboard has its own in dashboard/queries.py."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Engine,
    func,
    select,
)

from ingest.store.schema import articles, fetches, runs, sources


def status(engine: Engine, recent: int = 5) -> dict[str, Any]:
    """Counts, recent runs, failures by reason in the last run, and per-source health."""
    with engine.connect() as conn:
        last_runs = conn.execute(select(runs).order_by(runs.c.id.desc()).limit(recent)).mappings().all()
        health = (
            conn.execute(
                select(
                    sources.c.name,
                    sources.c.kind,
                    sources.c.last_polled_at,
                    sources.c.last_ok_at,
                    sources.c.consecutive_failures,
                    sources.c.last_reason,
                    sources.c.disabled_at,
                    func.count(articles.c.id).label("articles"),
                )
                .outerjoin(articles, articles.c.source_id == sources.c.id)
                .group_by(sources.c.id)
                .order_by(sources.c.name)
            )
            .mappings()
            .all()
        )
        newest = conn.execute(select(func.max(articles.c.published))).scalar()
    counts = count_rows(engine)
    return {
        "articles": counts["articles"],
        "sources": counts["sources"],
        "newest_article": newest,
        "runs": [dict(r) | {"counts": json.loads(r["counts"])} for r in last_runs],
        "source_health": [dict(h) for h in health],
    }


EXPORT_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "source_country",
    "title",
    "published",
    "language",
    "authors",
    "word_count",
    "duplicate_of",
    "fetched_at",
    "text",
)


def iter_articles(engine: Engine, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every article with its metadata, streamed in id order without loading them all."""
    stmt = (
        select(
            articles.c.id,
            articles.c.url,
            articles.c.canonical_url,
            sources.c.name.label("source"),
            sources.c.country.label("source_country"),
            articles.c.title,
            articles.c.published,
            articles.c.language,
            articles.c.authors,
            articles.c.word_count,
            articles.c.duplicate_of,
            articles.c.fetched_at,
            articles.c.text,
        )
        .outerjoin(sources, sources.c.id == articles.c.source_id)
        .order_by(articles.c.id)
    )
    with engine.connect() as conn:
        for row in conn.execution_options(yield_per=batch).execute(stmt).mappings():
            yield dict(row) | {"authors": json.loads(row["authors"])}


def raw_html(engine: Engine, article_id: int) -> str | None:
    """The stored page of an article, decompressed."""
    with engine.connect() as conn:
        blob = conn.execute(select(articles.c.raw_html).where(articles.c.id == article_id)).scalar()
    return zlib.decompress(blob).decode("utf-8") if blob else None


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (sources, articles, runs, fetches)
        }
