"""Read-only SQL for the dashboard: a connection and a Filters record in, a DataFrame out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, Select, and_, func, or_, select

from ingest.health import failure_counts
from ingest.store import articles, runs, sources


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected; every query applies all of it."""

    start: date | None = None
    end: date | None = None  # inclusive
    outlets: tuple[str, ...] = ()
    search: str = ""


def _where(stmt: Select, f: Filters) -> Select:  # type: ignore[type-arg]
    conds = []
    if f.start:
        conds.append(articles.c.published >= datetime.combine(f.start, time(), UTC))
    if f.end:
        conds.append(articles.c.published < datetime.combine(f.end + timedelta(days=1), time(), UTC))
    if f.outlets:
        conds.append(sources.c.name.in_(f.outlets))
    for word in f.search.split():
        pattern = f"%{_escape_like(word)}%"
        conds.append(
            or_(articles.c.title.ilike(pattern, escape="\\"), articles.c.text.ilike(pattern, escape="\\"))
        )
    return stmt.where(and_(*conds)) if conds else stmt


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _joined(stmt: Select) -> Select:  # type: ignore[type-arg]
    return stmt.select_from(articles.outerjoin(sources, sources.c.id == articles.c.source_id))


def outlet_names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(sources.c.name).order_by(sources.c.name))]


def date_bounds(engine: Engine) -> tuple[date | None, date | None]:
    with engine.connect() as conn:
        low, high = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))).one()
    return (low.date() if low else None, high.date() if high else None)


def articles_per_day(engine: Engine, f: Filters) -> pd.DataFrame:
    """Articles per day and outlet: columns day, outlet, articles."""
    day = func.date(articles.c.published).label("day")
    stmt = _where(_joined(select(day, sources.c.name.label("outlet"), func.count().label("articles"))), f)
    stmt = stmt.where(articles.c.published.is_not(None)).group_by(day, sources.c.name).order_by(day)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["day", "outlet", "articles"])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


ARTICLE_COLUMNS = ["published", "outlet", "title", "url", "word_count", "language", "id"]


def article_table(engine: Engine, f: Filters, limit: int | None = 500) -> pd.DataFrame:
    """Matching articles, newest first; ``limit=None`` returns all of them (for export)."""
    stmt = _where(
        _joined(
            select(
                articles.c.published,
                sources.c.name.label("outlet"),
                articles.c.title,
                articles.c.url,
                articles.c.word_count,
                articles.c.language,
                articles.c.id,
            )
        ),
        f,
    )
    stmt = stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=ARTICLE_COLUMNS)


def count_articles(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        return int(conn.execute(_where(_joined(select(func.count())), f)).scalar_one())


def recent_runs(engine: Engine, limit: int = 20) -> pd.DataFrame:
    """The latest runs with their failure count and the commonest failure reasons."""
    cols = [
        runs.c.id,
        runs.c.started_at,
        runs.c.finished_at,
        runs.c.status,
        runs.c.articles_added,
        runs.c.counts,
    ]
    with engine.connect() as conn:
        rows = conn.execute(select(*cols).order_by(runs.c.id.desc()).limit(limit)).mappings().all()
    frame = pd.DataFrame(rows, columns=[c.name for c in cols])
    failures = [failure_counts(json.loads(c)) for c in frame["counts"]]
    frame["failures"] = [sum(f.values()) for f in failures]
    frame["top reasons"] = [", ".join(f"{k} ×{n}" for k, n in f.most_common(3)) for f in failures]
    return frame.drop(columns=["counts"])


def source_health(engine: Engine) -> pd.DataFrame:
    """Every configured source with its state: ok, failing (backing off) or disabled."""
    cols = [
        sources.c.name,
        sources.c.kind,
        sources.c.country,
        sources.c.last_polled_at,
        sources.c.last_ok_at,
        sources.c.consecutive_failures,
        sources.c.failure_score,
        sources.c.last_reason,
        sources.c.disabled_at,
    ]
    stmt = select(*cols).where(sources.c.configured == 1).order_by(sources.c.name)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[c.name for c in cols])
    failing = frame["consecutive_failures"] > 0
    frame.insert(1, "state", "ok")
    frame.loc[failing, "state"] = "failing"
    frame.loc[frame["disabled_at"].notna(), "state"] = "disabled"
    return frame
