"""Reads and writes for clustering: near-duplicate signatures, stories, topic fits and assignments."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, case, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from ingest.store.schema import articles, entities, mentions, stories, topic_fits, topics

# When an article happened, for ordering: its publication time, else when we fetched it.
happened_at = func.coalesce(articles.c.published, articles.c.fetched_at)


@dataclass(frozen=True)
class ClusterRow:
    """An article as clustering reads it, with what earlier clustering stored about it."""

    id: int
    title: str
    text: str
    when: datetime
    duplicate_of: int | None
    minhash: bytes | None
    story_id: int | None
    clustered: bool


@dataclass(frozen=True)
class ClusterUpdate:
    """What one clustering pass decided about one article."""

    id: int
    minhash: bytes | None
    story_id: int | None
    duplicate_of: int | None  # only written when set


def earliest_unclustered(engine: Engine) -> datetime | None:
    with engine.connect() as conn:
        value = conn.execute(select(func.min(happened_at)).where(articles.c.clustered_at.is_(None))).scalar()
    return _utc(value)


def story_id_bounds(engine: Engine, since: datetime) -> tuple[int | None, int]:
    """The lowest story id among articles since ``since``, and the next unused story id."""
    with engine.connect() as conn:
        low = conn.execute(select(func.min(articles.c.story_id)).where(happened_at >= since)).scalar()
        high = conn.execute(select(func.max(stories.c.id))).scalar()
    return low, (high or 0) + 1


def iter_cluster_rows(engine: Engine, since: datetime, batch: int = 500) -> Iterator[ClusterRow]:
    """Articles from ``since`` on, oldest first, read a page at a time so ingest can write in between."""
    cols = [articles.c[n] for n in ("id", "title", "text", "duplicate_of", "minhash", "story_id")]
    stmt = select(*cols, happened_at.label("when"), articles.c.clustered_at).where(happened_at >= since)
    last: tuple[datetime, int] | None = None
    while True:
        page = stmt
        if last is not None:
            page = stmt.where(
                or_(happened_at > last[0], and_(happened_at == last[0], articles.c.id > last[1]))
            )
        with engine.connect() as conn:
            rows = conn.execute(page.order_by(happened_at, articles.c.id).limit(batch)).all()
        if not rows:
            return
        for r in rows:
            when = _utc(r.when)
            assert when is not None
            yield ClusterRow(
                r.id, r.title, r.text, when, r.duplicate_of, r.minhash, r.story_id, r.clustered_at is not None
            )
        last = (rows[-1].when, rows[-1].id)


def entity_names(engine: Engine, article_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """The canonical names of the entities each article mentions (empty when not enriched)."""
    found: dict[int, set[str]] = defaultdict(set)
    stmt = select(mentions.c.article_id, entities.c.name).join(
        entities, entities.c.id == mentions.c.entity_id
    )
    with engine.connect() as conn:
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i : i + 500])
            for article_id, name in conn.execute(stmt.where(mentions.c.article_id.in_(chunk))):
                found[article_id].add(name)
    return {i: frozenset(found.get(i, ())) for i in article_ids}


def save_clustering(
    engine: Engine, updates: Sequence[ClusterUpdate], labels: dict[int, str], now: datetime
) -> None:
    """Store near-duplicate and story decisions, then refresh the counts of the stories they touch."""
    with engine.begin() as conn:
        for u in updates:
            values: dict[str, Any] = dict(minhash=u.minhash, story_id=u.story_id, clustered_at=now)
            if u.story_id is not None:
                values.update(rolled_up_at=None)  # recount its story's entities
            if u.duplicate_of is not None:
                values.update(duplicate_of=u.duplicate_of, rolled_up_at=None)  # recount its day
            conn.execute(update(articles).where(articles.c.id == u.id).values(**values))
        touched = sorted({u.story_id for u in updates if u.story_id is not None} | set(labels))
        _refresh_stories(conn, touched, labels)


def _refresh_stories(conn: Connection, story_ids: Sequence[int], labels: dict[int, str]) -> None:
    stmt = (
        select(
            articles.c.story_id,
            func.min(happened_at).label("first_seen"),
            func.max(happened_at).label("last_seen"),
            func.count().label("articles"),
            func.count(articles.c.source_id.distinct()).label("outlets"),
            func.sum(case((articles.c.duplicate_of.is_(None), 1), else_=0)).label("independent"),
        )
        .where(articles.c.story_id.in_(list(story_ids)))
        .group_by(articles.c.story_id)
    )
    known = set(conn.execute(select(stories.c.id).where(stories.c.id.in_(list(story_ids)))).scalars())
    for row in conn.execute(stmt).mappings().all():
        values = dict(row)
        story_id = values.pop("story_id")
        values["first_seen"], values["last_seen"] = _utc(values["first_seen"]), _utc(values["last_seen"])
        if story_id in known:
            if story_id in labels:
                values["label"] = labels[story_id]
            conn.execute(update(stories).where(stories.c.id == story_id).values(**values))
        else:
            conn.execute(insert(stories).values(id=story_id, label=labels.get(story_id, ""), **values))


# --- topics ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicFitRow:
    id: int
    fitted_at: datetime
    k: int
    model: bytes


@dataclass(frozen=True)
class StoredTopic:
    """A topic as a refit sees the previous ones: its stable id and term signature."""

    id: int
    signature: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class NewTopic:
    """One topic of a fresh fit, with the stable id matching gave it."""

    id: int
    label: str
    terms: tuple[tuple[str, float], ...]
    signature: tuple[tuple[str, float], ...]
    representatives: tuple[int, ...]
    size: int


@dataclass(frozen=True)
class TopicFit:
    """A fitted model with its topics, the fate of the previous topics and every fitted article's topic."""

    model: bytes
    k: int
    k_scores: tuple[tuple[int, float], ...]
    topics: tuple[NewTopic, ...]
    vanished: tuple[int, ...]
    merged: tuple[tuple[int, int], ...]  # (old id, id of the topic it merged into)
    assignments: tuple[tuple[int, int | None], ...]  # (article id, topic id or None)


def latest_topic_fit(engine: Engine) -> TopicFitRow | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(topic_fits.c.id, topic_fits.c.fitted_at, topic_fits.c.k, topic_fits.c.model).order_by(
                topic_fits.c.id.desc()
            )
        ).first()
    return TopicFitRow(row.id, row.fitted_at, row.k, row.model) if row else None


def live_topics(engine: Engine) -> list[StoredTopic]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(topics.c.id, topics.c.signature).where(topics.c.status == "live").order_by(topics.c.id)
        ).all()
    return [StoredTopic(r.id, tuple((t, w) for t, w in json.loads(r.signature))) for r in rows]


def next_topic_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(topics.c.id))).scalar() or 0) + 1


def iter_topic_docs(
    engine: Engine, *, since: datetime | None = None, unassigned: bool = False, batch: int = 1000
) -> Iterator[tuple[int, str, str]]:
    """(id, title, text) of articles in id order: those since a time, or those without a topic yet."""
    stmt = select(articles.c.id, articles.c.title, articles.c.text)
    if since is not None:
        stmt = stmt.where(happened_at >= since)
    if unassigned:
        stmt = stmt.where(articles.c.topic_fit_id.is_(None))
    last = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(stmt.where(articles.c.id > last).order_by(articles.c.id).limit(batch)).all()
        if not rows:
            return
        yield from ((r.id, r.title, r.text) for r in rows)
        last = rows[-1].id


def save_topic_fit(engine: Engine, fit: TopicFit, n_docs: int, now: datetime) -> int:
    """Store a refit: the model, topics under their stable ids, lineage, and every fitted article's topic."""
    with engine.begin() as conn:
        fit_id = int(
            conn.execute(
                insert(topic_fits)
                .values(
                    fitted_at=now, k=fit.k, n_docs=n_docs, k_scores=json.dumps(fit.k_scores), model=fit.model
                )
                .returning(topic_fits.c.id)
            ).scalar_one()
        )
        existing = set(conn.execute(select(topics.c.id)).scalars())
        for t in fit.topics:
            values = dict(
                label=t.label[:300],
                terms=json.dumps(t.terms),
                signature=json.dumps(t.signature),
                representatives=json.dumps(t.representatives),
                size=t.size,
                last_fit_id=fit_id,
                status="live",
                merged_into=None,
            )
            if t.id in existing:
                conn.execute(update(topics).where(topics.c.id == t.id).values(**values))
            else:
                conn.execute(insert(topics).values(id=t.id, first_fit_id=fit_id, **values))
        merged = dict(fit.merged)
        for old in fit.vanished:
            status = "merged" if old in merged else "vanished"
            conn.execute(
                update(topics).where(topics.c.id == old).values(status=status, merged_into=merged.get(old))
            )
        _write_assignments(conn, fit_id, fit.assignments)
    return fit_id


def save_topic_assignments(
    engine: Engine, fit_id: int, assignments: Iterable[tuple[int, int | None]]
) -> None:
    with engine.begin() as conn:
        _write_assignments(conn, fit_id, assignments)


def _write_assignments(conn: Connection, fit_id: int, assignments: Iterable[tuple[int, int | None]]) -> None:
    by_topic: dict[int | None, list[int]] = defaultdict(list)
    for article_id, topic_id in assignments:
        by_topic[topic_id].append(article_id)
    for topic_id, ids in by_topic.items():
        for i in range(0, len(ids), 500):
            some = articles.c.id.in_(ids[i : i + 500])
            moved = and_(some, articles.c.topic_id.is_distinct_from(topic_id))
            conn.execute(update(articles).where(moved).values(rolled_up_at=None))  # recount its topic's day
            conn.execute(update(articles).where(some).values(topic_id=topic_id, topic_fit_id=fit_id))


def _utc(value: datetime | None) -> datetime | None:
    """Aggregates may come back without the column type's UTC conversion on some backends."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
