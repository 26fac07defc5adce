"""Stories (articles about one event): each one's numbers inside the filters, its actors and countries."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, distinct, func, inspect, select

from dashboard.labels import country_label
from dashboard.queries.filters import Filters, Query, apply_filters, frame, joined
from dashboard.queries.mentions import Kind, of_kind
from ingest.store import articles, entities, stories, story_mentions

STORY_COLUMNS = ["id", "label", "first", "last", "articles", "outlets", "independent", "total"]
_FIRST, _LAST = func.min(articles.c.published), func.max(articles.c.published)
_COUNT = func.count(articles.c.id)
_OUTLETS = func.count(distinct(articles.c.source_id))
_INDEPENDENT = func.sum(case((articles.c.duplicate_of.is_(None), 1), else_=0))
STORY_SORTS: dict[str, tuple[Any, ...]] = {
    "articles": (_COUNT.desc(), _OUTLETS.desc(), articles.c.story_id),
    "outlets": (_OUTLETS.desc(), _COUNT.desc(), articles.c.story_id),
    "independent": (_INDEPENDENT.desc(), _COUNT.desc(), articles.c.story_id),
    "newest": (_LAST.desc(), articles.c.story_id.desc()),
    "oldest": (_FIRST.asc(), articles.c.story_id),
}


def has_stories(engine: Engine) -> bool:
    """Whether clustering has opened any story in this store (a store before schema v3 has none)."""
    found = inspect(engine)
    if not found.has_table("stories") or "story_id" not in {c["name"] for c in found.get_columns("articles")}:
        return False
    with engine.connect() as conn:
        return conn.execute(select(stories.c.id).limit(1)).first() is not None


def _story_select() -> Query:
    """Per story: its matching articles' first and last time, count, outlets and originals."""
    stmt = select(
        articles.c.story_id.label("id"),
        stories.c.label,
        _FIRST.label("first"),
        _LAST.label("last"),
        _COUNT.label("articles"),
        _OUTLETS.label("outlets"),
        _INDEPENDENT.label("independent"),
        stories.c.articles.label("total"),
    )
    stmt = joined(stmt).join(stories, stories.c.id == articles.c.story_id)
    return stmt.group_by(articles.c.story_id, stories.c.label, stories.c.articles)


def story_table(engine: Engine, f: Filters, limit: int | None = 200, sort: str = "articles") -> pd.DataFrame:
    """Stories with matching articles, counted over those articles only; ``total`` is the stored count."""
    stmt = apply_filters(_story_select(), f).order_by(*STORY_SORTS.get(sort, STORY_SORTS["articles"]))
    result = frame(engine, stmt.limit(limit) if limit is not None else stmt, STORY_COLUMNS)
    for column in ("first", "last"):  # aggregates may come back as text or naive times on some backends
        result[column] = pd.to_datetime(result[column], utc=True)
    return result.astype({c: "int64" for c in ("articles", "outlets", "independent", "total")})


def story_count(engine: Engine, f: Filters) -> int:
    """How many stories have at least one matching article."""
    stmt = apply_filters(joined(select(func.count(distinct(articles.c.story_id)))), f)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def story_labels(engine: Engine, ids: tuple[int, ...]) -> dict[int, str]:
    """Labels of these stories (ids the store does not have are left out)."""
    if not ids:
        return {}
    with engine.connect() as conn:
        found = conn.execute(select(stories.c.id, stories.c.label).where(stories.c.id.in_(ids)))
        return {int(r.id): r.label for r in found}


def story_entities(engine: Engine, ids: tuple[int, ...] | None, kind: Kind, top: int = 3) -> pd.DataFrame:
    """Each story's ``top`` countries or actors by its articles naming them, over all its articles (the
    per-story counts kept with the daily tables; ids None: every story)."""
    if ids is not None and not ids:
        return pd.DataFrame(columns=["story", "names"])
    counts = story_mentions
    key = entities.c.country if kind == "country" else entities.c.id
    stmt = (
        select(counts.c.story_id.label("story"), key.label("key"), entities.c.name, counts.c.articles)
        .select_from(counts.join(entities, entities.c.id == counts.c.entity_id))
        .where(of_kind(kind), key.is_not(None))
    )
    if ids is not None:
        stmt = stmt.where(counts.c.story_id.in_(ids))
    found = frame(engine, stmt, ["story", "key", "name", "articles"])
    found["label"] = [
        country_label(k) if kind == "country" else n for k, n in zip(found["key"], found["name"], strict=True)
    ]
    found = found.sort_values(["story", "articles", "label"], ascending=[True, False, True])
    names = found.groupby("story", sort=False)["label"].agg(lambda s: ", ".join(s.head(top)))
    return names.rename("names").reset_index()
