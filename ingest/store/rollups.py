"""Daily roll-ups: articles, mentions and pairs counted per day, so the dashboard reads thousands of rows
where the raw tables hold millions (docs/benchmarks.md).

Every write that changes what an article counts for (a new article, new mentions and pairs, a copy
re-pointed at its original, a story given, a topic changed) leaves ``articles.rolled_up_at`` NULL; the
refresh recounts its day, and its story's entities (``story_mentions``). ``refresh_rollups`` claims those
articles and recounts their days from the raw tables in one transaction, so the daily tables always equal
a count over the raw rows of the articles claimed so far. A claim is an UPDATE … RETURNING: an article
written while a refresh runs is either claimed (its rows committed before the recount reads them) or
left NULL for the next refresh, never lost. After every run the scheduler refreshes (``ingest.cli``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, delete, distinct, func, insert, select, update
from sqlalchemy.engine import Connection

from ingest.store.portable import day_of, serialize
from ingest.store.schema import (
    articles,
    daily_articles,
    daily_mentions,
    daily_outlet_pairs,
    daily_pairs,
    daily_topic_mentions,
    entities,
    entity_totals,
    mentions,
    pairs,
    story_mentions,
)

SPAN_DAYS = 31  # days recounted per statement: bounded work per statement on a full refresh


def refresh_rollups(engine: Engine, now: datetime) -> int:
    """Recount the days of every article changed since the last refresh; returns the days recounted."""
    with engine.begin() as conn:
        serialize(conn, "rollups")
        claim = (
            update(articles)
            .where(articles.c.rolled_up_at.is_(None))
            .values(rolled_up_at=now)
            .returning(day_of(articles.c.published), articles.c.story_id)
        )
        claimed = conn.execute(claim).all()
        days = {_as_date(d) for d, _ in claimed}
        _recount_stories(conn, sorted({s for _, s in claimed if s is not None}))
        for first, last in spans(d for d in days if d is not None):
            _recount(conn, _published_in(first, last), partial(_between, first=first, last=last))
        if None in days:
            _recount(conn, articles.c.published.is_(None), lambda day: day.is_(None))
        if days:
            conn.execute(delete(entity_totals))
            total = select(daily_mentions.c.entity_id, func.sum(daily_mentions.c.articles))
            conn.execute(
                insert(entity_totals).from_select(
                    ["entity_id", "articles"], total.group_by(daily_mentions.c.entity_id)
                )
            )
    return len(days)


def _recount_stories(conn: Connection, story_ids: list[int], chunk: int = 500) -> None:
    """Count again, over all their articles, the entities of these stories.

    A story is recounted when one of its articles changes; an article is never moved to another story
    (clustering replays its earlier decisions), so a story an article left needs no recount.
    """
    renamed = canonical_ids(conn) if story_ids else {}
    entity = _canonical(mentions.c.entity_id, renamed)
    for start in range(0, len(story_ids), chunk):
        some = story_ids[start : start + chunk]
        conn.execute(delete(story_mentions).where(story_mentions.c.story_id.in_(some)))
        counted = (
            select(articles.c.story_id, entity, func.count(distinct(articles.c.id)))
            .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
            .where(articles.c.story_id.in_(some))
            .group_by(articles.c.story_id, entity)
        )
        conn.execute(insert(story_mentions).from_select(["story_id", "entity_id", "articles"], counted))


def _between(day: Any, first: date, last: date) -> ColumnElement[bool]:
    return day.between(first, last)  # type: ignore[no-any-return]


def _as_date(value: Any) -> date | None:
    """SQLite hands the day back as text, PostgreSQL as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def spans(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Runs of consecutive days as (first, last), none longer than SPAN_DAYS."""
    run: list[date] = []
    for day in sorted(days):
        if run and (day - run[-1] > timedelta(days=1) or (day - run[0]).days >= SPAN_DAYS):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


def _published_in(first: date, last: date) -> ColumnElement[bool]:
    """Articles published on those days, as a range the index on ``published`` answers."""
    begin = datetime.combine(first, time(), UTC)
    end = datetime.combine(last, time(), UTC) + timedelta(days=1)
    return and_(articles.c.published >= begin, articles.c.published < end)


def canonical_ids(conn: Connection) -> dict[int, int]:
    """Country ids counted under another: each country's lowest id with its ISO3 (a renamed country)."""
    rows = conn.execute(
        select(entities.c.id, entities.c.country).where(
            entities.c.kind == "country", entities.c.country.is_not(None)
        )
    ).all()
    lowest: dict[str, int] = {}
    for entity_id, code in sorted(rows):
        lowest.setdefault(code, entity_id)
    return {entity_id: lowest[code] for entity_id, code in rows if lowest[code] != entity_id}


def _canonical(column: Any, renamed: dict[int, int]) -> Any:
    return case(renamed, value=column, else_=column) if renamed else column


def _recount(
    conn: Connection, chosen: ColumnElement[bool], on_day: Callable[[Any], ColumnElement[bool]]
) -> None:
    """Delete the daily rows of these days and count them again from the chosen articles."""
    for table in (daily_articles, daily_mentions, daily_topic_mentions, daily_outlet_pairs, daily_pairs):
        conn.execute(delete(table).where(on_day(table.c.day)))
    day = day_of(articles.c.published).label("day")
    original = case((articles.c.duplicate_of.is_(None), 1), else_=0)
    keys = [day, articles.c.source_id, articles.c.language]
    conn.execute(
        insert(daily_articles).from_select(
            ["day", "source_id", "language", "articles", "originals"],
            select(*keys, func.count(), func.coalesce(func.sum(original), 0)).where(chosen).group_by(*keys),
        )
    )
    renamed = canonical_ids(conn)
    entity = _canonical(mentions.c.entity_id, renamed)
    counted = select(
        *keys,
        entity,
        func.count(distinct(articles.c.id)),
        func.count(distinct(case((articles.c.duplicate_of.is_(None), articles.c.id)))),
    ).select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
    conn.execute(
        insert(daily_mentions).from_select(
            ["day", "source_id", "language", "entity_id", "articles", "originals"],
            counted.where(chosen).group_by(*keys, entity),
        )
    )
    in_topic = counted.add_columns(articles.c.topic_id).where(chosen, articles.c.topic_id.is_not(None))
    conn.execute(
        insert(daily_topic_mentions).from_select(
            ["day", "source_id", "language", "entity_id", "articles", "originals", "topic_id"],
            in_topic.group_by(*keys, entity, articles.c.topic_id),
        )
    )
    a, b = _canonical(pairs.c.a, renamed), _canonical(pairs.c.b, renamed)
    low, high = (case((a < b, a), else_=b), case((a < b, b), else_=a)) if renamed else (a, b)
    together = (
        select(*keys, pairs.c.level, low, high, func.count(distinct(pairs.c.article_id)))
        .select_from(pairs.join(articles, articles.c.id == pairs.c.article_id))
        .where(chosen, a != b)
        .group_by(*keys, pairs.c.level, low, high)
    )
    pair_columns = ["level", "a", "b", "articles"]
    conn.execute(
        insert(daily_outlet_pairs).from_select(["day", "source_id", "language", *pair_columns], together)
    )
    # An article has one outlet and one language, so the day's count is the sum over them.
    per_day = [daily_outlet_pairs.c[name] for name in ("day", "level", "a", "b")]
    summed = select(*per_day, func.sum(daily_outlet_pairs.c.articles)).where(on_day(daily_outlet_pairs.c.day))
    conn.execute(insert(daily_pairs).from_select(["day", *pair_columns], summed.group_by(*per_day)))
