"""Reads for the command line; the dashboard has its own in dashboard/queries.py."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Engine,
    func,
    select,
)
from sqlalchemy.engine import Connection

from ingest import health
from ingest.store.schema import articles, entities, fetches, mentions, pairs, runs, sources, stories, topics

# What each analysis step has still to do: articles whose column is NULL (each one is indexed).
_STEPS = {"enrichment": "enriched_at", "clustering": "clustered_at", "daily counts": "rolled_up_at"}


def waiting(engine: Engine) -> dict[str, int]:
    """Articles each analysis step has still to do (step → count)."""
    with engine.connect() as conn:
        return {
            step: int(conn.execute(select(func.count()).where(articles.c[column].is_(None))).scalar_one())
            for step, column in _STEPS.items()
        }


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
        "waiting": waiting(engine),
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
    "topic_id",
    "topic",
    "story_id",
    "story",
    "fetched_at",
    "countries",
    "actors",
    "pairs",
    "text",
)


def iter_articles(engine: Engine, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every article with its metadata and entities, streamed in id order a page at a time."""
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
            articles.c.topic_id,
            topics.c.label.label("topic"),
            articles.c.story_id,
            stories.c.label.label("story"),
            articles.c.fetched_at,
            articles.c.text,
        )
        .outerjoin(sources, sources.c.id == articles.c.source_id)
        .outerjoin(topics, topics.c.id == articles.c.topic_id)
        .outerjoin(stories, stories.c.id == articles.c.story_id)
        .order_by(articles.c.id)
        .limit(batch)
    )
    last = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(stmt.where(articles.c.id > last)).mappings().all()
            found = _entities_of(conn, {r["id"]: r["text"] for r in rows})
        if not rows:
            return
        for row in rows:
            yield dict(row) | {"authors": json.loads(row["authors"])} | found.get(row["id"], _NO_ENTITIES)
        last = rows[-1]["id"]


_NO_ENTITIES: dict[str, list[Any]] = {"countries": [], "actors": [], "pairs": []}


def _entities_of(conn: Connection, texts: dict[int, str]) -> dict[int, dict[str, list[Any]]]:
    """Countries, actors and sentence-level pairs (with their evidence) of these articles."""
    ids = list(texts)
    found: dict[int, dict[str, list[Any]]] = {i: {"countries": [], "actors": [], "pairs": []} for i in ids}
    if not ids:
        return found
    named = (
        select(mentions.c.article_id, entities.c.kind, entities.c.name, entities.c.country)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(mentions.c.article_id.in_(ids))
        .distinct()
        .order_by(mentions.c.article_id, entities.c.kind, entities.c.name)
    )
    for r in conn.execute(named):
        if r.kind == "country":
            found[r.article_id]["countries"].append(r.country)
        else:
            found[r.article_id]["actors"].append({"name": r.name, "kind": r.kind, "country": r.country})
    a, b = entities.alias("a"), entities.alias("b")
    together = (
        select(
            pairs.c.article_id,
            a.c.name.label("a"),
            b.c.name.label("b"),
            pairs.c.start,
            pairs.c.end,
        )
        .join(a, a.c.id == pairs.c.a)
        .join(b, b.c.id == pairs.c.b)
        .where(pairs.c.article_id.in_(ids), pairs.c.level == "sentence")
        .order_by(pairs.c.article_id, pairs.c.start, a.c.name, b.c.name)
    )
    for p in conn.execute(together):
        found[p.article_id]["pairs"].append(
            {"a": p.a, "b": p.b, "evidence": texts[p.article_id][p.start : p.end]}
        )
    return found


def raw_html(engine: Engine, article_id: int) -> str | None:
    """The stored page of an article, decompressed."""
    with engine.connect() as conn:
        blob = conn.execute(select(articles.c.raw_html).where(articles.c.id == article_id)).scalar()
    return zlib.decompress(blob).decode("utf-8") if blob else None


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (sources, articles, runs, fetches, entities, mentions, pairs)
        }


def failure_totals(engine: Engine) -> dict[str, int]:
    """Failures by target:reason summed over every recorded run."""
    totals: Counter[str] = Counter()
    with engine.connect() as conn:
        for (blob,) in conn.execute(select(runs.c.counts)):
            totals.update(json.loads(blob))
    return dict(health.failure_counts(totals))
