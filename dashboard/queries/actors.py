"""Actors: who is named with whom, and what one actor's coverage looks like."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, distinct, func, inspect, select

from dashboard.labels import country_label
from dashboard.queries import daily
from dashboard.queries.filters import ACTOR_KINDS, Filters, Query, apply_filters, frame, topic_column
from dashboard.queries.pairs import ENTITY_A, ENTITY_B, Level, PairSource, between
from dashboard.snippets import sentence_around
from ingest.store import articles, daily_mentions, daily_topic_mentions, entities, mentions, metadata, sources


def actor_edges(engine: Engine, f: Filters, ids: list[int], level: Level) -> pd.DataFrame:
    """Articles naming two of these actors together (sentence or article level): source, target, weight."""
    source = PairSource.of(f)
    count = source.articles().label("weight")
    stmt = source.select(f, ENTITY_A.c.id.label("source"), ENTITY_B.c.id.label("target"), count)
    stmt = stmt.where(ENTITY_A.c.id.in_(ids), ENTITY_B.c.id.in_(ids), source.table.c.level == level)
    stmt = stmt.group_by(ENTITY_A.c.id, ENTITY_B.c.id)
    return frame(engine, stmt, ["source", "target", "weight"])


def actor_profile(engine: Engine, actor: int) -> dict[str, object] | None:
    """Name, kind, affiliated country (with confidence and basis) of one actor; None when it is not one."""
    cols = [entities.c.name, entities.c.kind, entities.c.country, entities.c.confidence, entities.c.basis]
    stmt = select(*cols).where(entities.c.id == actor, entities.c.kind.in_(ACTOR_KINDS))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


def actor_countries(engine: Engine, f: Filters, actor: int, level: Level = "article") -> pd.DataFrame:
    """Countries named with the actor (in one sentence, or one article): key, label, articles."""
    other = case((ENTITY_A.c.id == actor, ENTITY_B.c.country), else_=ENTITY_A.c.country).label("key")
    source = PairSource.of(f)
    count = source.articles().label("articles")
    stmt = source.select(f, other, count).where(source.table.c.level == level)
    countries = select(entities.c.id).where(entities.c.kind == "country").correlate(None)
    stmt = stmt.where(between((actor,), countries, source.table)).group_by(other).order_by(count.desc())
    result = frame(engine, stmt, ["key", "articles"])
    result.insert(1, "label", [country_label(k) for k in result["key"]])
    return result


def actor_topics(engine: Engine, f: Filters, actor: int) -> pd.DataFrame:
    """Topics of the articles naming the actor (id, label, articles); empty before topics exist."""
    topics, column = metadata.tables.get("topics"), topic_column()
    none = pd.DataFrame(columns=["id", "label", "articles"])
    if topics is None or column is None or not inspect(engine).has_table("topics"):
        return none
    with engine.connect() as conn:  # no topics fitted yet: nothing to count (skips a scan of the period)
        if conn.execute(select(topics.c.id).limit(1)).first() is None:
            return none
    counts = daily_topic_mentions
    if daily.per_topic(f):  # per topic: articles without one are left out here and in the raw form alike
        count: Any = func.sum(counts.c.articles).label("articles")
        stmt = select(topics.c.id, topics.c.label, count)
        stmt = stmt.select_from(counts.join(topics, topics.c.id == counts.c.topic_id))
        stmt = stmt.where(counts.c.entity_id == actor, *daily.where(counts, f))
    else:
        count = func.count(distinct(articles.c.id)).label("articles")
        stmt = select(topics.c.id, topics.c.label, count).select_from(
            mentions.join(articles, articles.c.id == mentions.c.article_id)
            .outerjoin(sources, sources.c.id == articles.c.source_id)
            .join(topics, topics.c.id == column)
        )
        stmt = apply_filters(stmt.where(mentions.c.entity_id == actor), f)
    return frame(
        engine, stmt.group_by(topics.c.id, topics.c.label).order_by(count.desc()), ["id", "label", "articles"]
    )


WINDOW = 300  # characters either side of a mention, enough for the sentence around it
MENTION_COLUMNS = ["published", "outlet", "title", "sentence", "surface", "url", "id"]
_RAW = ["published", "outlet", "title", "window", "offset", "begin", "length", "surface", "url", "id"]


def actor_mentions(engine: Engine, f: Filters, actor: int, limit: int | None = 100) -> pd.DataFrame:
    """Each mention of the actor with the sentence around it, newest first; ``limit=None``: all of them."""
    begin = case((mentions.c.start > WINDOW, mentions.c.start - WINDOW), else_=0)
    window = func.substr(articles.c.text, begin + 1, mentions.c.end - begin + WINDOW)
    stmt = select(
        articles.c.published,
        sources.c.name.label("outlet"),
        articles.c.title,
        window.label("window"),
        (mentions.c.start - begin).label("offset"),
        begin.label("begin"),
        func.length(articles.c.text).label("length"),
        mentions.c.surface,
        articles.c.url,
        articles.c.id,
    ).select_from(
        mentions.join(articles, articles.c.id == mentions.c.article_id).outerjoin(
            sources, sources.c.id == articles.c.source_id
        )
    )

    def query(recent: bool) -> Query:  # recent: the recent articles drive the read, not the entity index
        entity = mentions.c.entity_id + 0 if recent else mentions.c.entity_id
        ordered = stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id, mentions.c.start)
        return apply_filters(ordered.where(entity == actor), f)

    raw = daily.newest(engine, query, _RAW, limit, f, daily_mentions, daily_mentions.c.entity_id == actor)
    raw["sentence"] = [
        sentence_around(w, int(o), cut_before=int(b) > 0, cut_after=int(b) + len(w) < int(n))
        for w, o, b, n in zip(raw["window"], raw["offset"], raw["begin"], raw["length"], strict=True)
    ]
    return raw[MENTION_COLUMNS]
