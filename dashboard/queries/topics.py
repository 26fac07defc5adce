"""Topics: their share of coverage over time, their terms and lineage across refits, their articles."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, inspect, select

from dashboard.queries.filters import Filters, apply_filters, frame, joined
from dashboard.queries.periods import Unit, period_start
from ingest.store import articles, sources, topic_fits, topics

TOPIC_COLUMNS = ["id", "label", "status", "size", "first_fit", "last_fit", "merged_into"]
FIT_COLUMNS = ["id", "fitted_at", "k", "n_docs"]
REPRESENTATIVE_COLUMNS = ["published", "outlet", "title", "url", "id"]


@dataclass(frozen=True)
class TopicDetail:
    """A topic as its last fit left it: terms heaviest first, representatives most central first."""

    id: int
    label: str
    status: str  # live, vanished, merged
    size: int  # articles the topic had in that fit
    first_fit: int
    last_fit: int
    merged_into: int | None
    terms: tuple[tuple[str, float], ...]
    representatives: tuple[int, ...]


def has_topics(engine: Engine) -> bool:
    """Whether a topic fit has stored any topic (a store before schema v3 has none)."""
    found = inspect(engine)
    if not found.has_table("topics") or "topic_id" not in {c["name"] for c in found.get_columns("articles")}:
        return False
    with engine.connect() as conn:
        return conn.execute(select(topics.c.id).limit(1)).first() is not None


def topic_catalogue(engine: Engine) -> pd.DataFrame:
    """Every topic ever fitted, whatever its status, by id."""
    stmt = select(
        topics.c.id,
        topics.c.label,
        topics.c.status,
        topics.c.size,
        topics.c.first_fit_id.label("first_fit"),
        topics.c.last_fit_id.label("last_fit"),
        topics.c.merged_into,
    ).order_by(topics.c.id)
    return frame(engine, stmt, TOPIC_COLUMNS)


def topic_fit_history(engine: Engine) -> pd.DataFrame:
    """Every topic fit (id, fitted_at, k, n_docs), the newest first."""
    stmt = select(topic_fits.c.id, topic_fits.c.fitted_at, topic_fits.c.k, topic_fits.c.n_docs)
    result = frame(engine, stmt.order_by(topic_fits.c.id.desc()), FIT_COLUMNS)
    result["fitted_at"] = pd.to_datetime(result["fitted_at"], utc=True)
    return result


def topic_detail(engine: Engine, topic: int) -> TopicDetail | None:
    stmt = select(*(topics.c[c] for c in ("id", "label", "status", "size", "first_fit_id", "last_fit_id")))
    stmt = stmt.add_columns(topics.c.merged_into, topics.c.terms, topics.c.representatives)
    with engine.connect() as conn:
        row = conn.execute(stmt.where(topics.c.id == topic)).first()
    if row is None:
        return None
    return TopicDetail(
        id=int(row.id),
        label=row.label,
        status=row.status,
        size=int(row.size),
        first_fit=int(row.first_fit_id),
        last_fit=int(row.last_fit_id),
        merged_into=None if row.merged_into is None else int(row.merged_into),
        terms=tuple((str(t), float(w)) for t, w in json.loads(row.terms or "[]")),
        representatives=tuple(int(i) for i in json.loads(row.representatives or "[]")),
    )


def topic_series(engine: Engine, f: Filters, unit: Unit) -> pd.DataFrame:
    """Matching articles per period and topic: period, topic (None: no topic), articles."""
    period = period_start(articles.c.published, unit).label("period")
    stmt = select(period, articles.c.topic_id.label("topic"), func.count().label("articles"))
    stmt = apply_filters(joined(stmt), f).where(articles.c.published.is_not(None))
    stmt = stmt.group_by(period, articles.c.topic_id).order_by(period)
    result = frame(engine, stmt, ["period", "topic", "articles"])
    result["period"] = pd.to_datetime(result["period"])
    result["topic"] = result["topic"].astype("Int64")
    return result


def representative_articles(engine: Engine, ids: Sequence[int]) -> pd.DataFrame:
    """These articles in the given order (a topic's most central first); ids no longer stored are skipped."""
    if not ids:
        return pd.DataFrame(columns=REPRESENTATIVE_COLUMNS)
    stmt = joined(
        select(articles.c.published, sources.c.name, articles.c.title, articles.c.url, articles.c.id)
    ).where(articles.c.id.in_(list(ids)))
    found = frame(engine, stmt, REPRESENTATIVE_COLUMNS)
    rank = {i: n for n, i in enumerate(ids)}
    return found.sort_values("id", key=lambda s: s.map(rank)).reset_index(drop=True)


def fitted_at(fits: pd.DataFrame, fit: int) -> datetime | None:
    """When fit ``fit`` ran, from ``topic_fit_history``'s frame."""
    found = fits.loc[fits["id"] == fit, "fitted_at"]
    return found.iloc[0].to_pydatetime() if not found.empty else None
