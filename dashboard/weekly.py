"""The weekly brief's numbers: one ISO week against the week before, as DataFrames (no Streamlit here).

Weeks are ISO weeks in UTC (Monday 00:00 to Monday 00:00). Counts are articles, syndicated copies
included, unless a name says "independent": an article whose ``duplicate_of`` is NULL, so a wire story
reprinted by ten outlets counts once. Every query is parameterised SQLAlchemy Core that runs on SQLite
and PostgreSQL alike: week bounds are computed here and bound as parameters, never SQL date functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, distinct, func, inspect, select
from sqlalchemy.engine import Connection

from dashboard.labels import country_label
from dashboard.queries import daily
from dashboard.queries.coverage import published_bounds
from ingest.store import (
    articles,
    daily_articles,
    daily_mentions,
    daily_outlet_pairs,
    daily_pairs,
    entities,
    sources,
    stories,
    topics,
)

ACTOR_KINDS = ("person", "organisation")
MOVER_COLUMNS = ["key", "label", "this", "last", "delta"]
PAIR_COLUMNS = ["key", "a", "b", "a_label", "b_label", "label", "this", "last", "delta"]
STORY_COLUMNS = ["story", "label", "this", "last", "outlets", "first_seen", "new"]
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})")


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, written 2026-W47."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        match = _WEEK.fullmatch(text.strip().upper())
        if not match:
            raise ValueError(f"not an ISO week like 2026-W47: {text!r}")
        try:
            date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValueError(f"no such ISO week: {text!r}") from None
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time(), UTC)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=7)

    def previous(self) -> Week:
        return Week.of(self.monday - timedelta(days=7))

    def span(self) -> str:
        """'16–22 Nov 2026' for a caption."""
        sunday = self.monday + timedelta(days=6)
        return f"{self.monday:%d %b} – {sunday:%d %b %Y}"

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def scope(start: datetime, end: datetime, outlets: tuple[str, ...] = ()) -> list[ColumnElement[bool]]:
    """Articles published in [start, end), from these outlets when any are named."""
    conds = [articles.c.published >= start, articles.c.published < end]
    if outlets:
        conds.append(articles.c.source_id.in_(select(sources.c.id).where(sources.c.name.in_(outlets))))
    return conds


def weeks_with_data(engine: Engine) -> list[Week]:
    """Every ISO week from the first published article to the last, newest first."""
    with engine.connect() as conn:
        low, high = conn.execute(published_bounds()).one()
    if low is None or high is None:
        return []
    weeks, day = [], high.date()
    while day >= low.date() - timedelta(days=6):
        weeks.append(Week.of(day))
        day -= timedelta(days=7)
    return [w for w in weeks if w.end > low]


def coverage(engine: Engine, week: Week, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Articles, independent articles and the outlets behind them: this week, last week and the change."""
    stmt = select(
        func.coalesce(func.sum(daily_articles.c.articles), 0),
        func.coalesce(func.sum(daily_articles.c.originals), 0),
        daily.independent_outlets(daily_articles),
    ).where(*daily.outlets(daily_articles, outlets))
    with engine.connect() as conn:
        this = conn.execute(stmt.where(*daily.week_days(daily_articles, week.start, week.end))).one()
        prev = week.previous()
        last = conn.execute(stmt.where(*daily.week_days(daily_articles, prev.start, prev.end))).one()
    frame = pd.DataFrame(
        {
            "measure": ["articles", "independent articles", "outlets"],
            "this": [int(v) for v in this],
            "last": [int(v) for v in last],
        }
    )
    return frame.assign(delta=frame["this"] - frame["last"])


def compare(this: pd.DataFrame, last: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Two (keys…, articles) counts side by side with the change, largest change first."""
    merged = this.rename(columns={"articles": "this"}).merge(
        last.rename(columns={"articles": "last"}), on=keys, how="outer"
    )
    merged[["this", "last"]] = merged[["this", "last"]].fillna(0).astype(int)
    merged["delta"] = merged["this"] - merged["last"]
    return merged.sort_values(["delta", "this"], ascending=[False, False], kind="stable").reset_index(
        drop=True
    )


def _entity_counts(
    conn: Connection, kinds: tuple[str, ...], start: datetime, end: datetime, outlets: tuple[str, ...]
) -> pd.DataFrame:
    n = func.sum(daily_mentions.c.articles).label("articles")
    stmt = (
        select(entities.c.id.label("key"), entities.c.name, entities.c.country, n)
        .select_from(daily_mentions.join(entities, entities.c.id == daily_mentions.c.entity_id))
        .where(entities.c.kind.in_(kinds), *daily.week_days(daily_mentions, start, end))
        .where(*daily.outlets(daily_mentions, outlets))
        .group_by(entities.c.id, entities.c.name, entities.c.country)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["key", "name", "country", "articles"])


def _movers(engine: Engine, week: Week, kinds: tuple[str, ...], outlets: tuple[str, ...]) -> pd.DataFrame:
    prev = week.previous()
    with engine.connect() as conn:
        this = _entity_counts(conn, kinds, week.start, week.end, outlets)
        last = _entity_counts(conn, kinds, prev.start, prev.end, outlets)
    return compare(this, last, ["key", "name", "country"])


def actor_movers(engine: Engine, week: Week, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """People and organisations: articles naming each, this week and last."""
    frame = _movers(engine, week, ACTOR_KINDS, outlets)
    return frame.assign(label=frame["name"])[MOVER_COLUMNS]


def country_movers(engine: Engine, week: Week, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Countries: articles naming each (by name, demonym, capital …), this week and last."""
    frame = _movers(engine, week, ("country",), outlets)
    frame["key"] = frame["country"].fillna(frame["name"])
    frame["label"] = [country_label(iso) for iso in frame["key"]]
    return frame[MOVER_COLUMNS]


def _pair_counts(conn: Connection, start: datetime, end: datetime, outlets: tuple[str, ...]) -> pd.DataFrame:
    ea, eb = entities.alias("ea"), entities.alias("eb")
    countries = select(entities.c.id).where(entities.c.kind == "country")
    table = daily_outlet_pairs if outlets else daily_pairs
    when = daily.week_days(table, start, end) + daily.outlets(table, outlets)
    stmt = (
        select(ea.c.country, eb.c.country, func.sum(table.c.articles))
        .select_from(table.join(ea, ea.c.id == table.c.a).join(eb, eb.c.id == table.c.b))
        .where(table.c.level == "article", table.c.a.in_(countries), table.c.b.in_(countries), *when)
        .group_by(ea.c.country, eb.c.country)
    )
    rows = [(*sorted((a, b)), n) for a, b, n in conn.execute(stmt) if a and b and a != b]
    frame = pd.DataFrame(rows, columns=["a", "b", "articles"])
    return frame.groupby(["a", "b"], as_index=False)["articles"].sum()


def pair_movers(engine: Engine, week: Week, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Country pairs named in the same article (a < b by ISO code), this week and last."""
    prev = week.previous()
    with engine.connect() as conn:
        this = _pair_counts(conn, week.start, week.end, outlets)
        last = _pair_counts(conn, prev.start, prev.end, outlets)
    frame = compare(this, last, ["a", "b"])
    frame["key"] = [f"{a}-{b}" for a, b in zip(frame["a"], frame["b"], strict=True)]
    frame["a_label"] = [country_label(a) for a in frame["a"]]
    frame["b_label"] = [country_label(b) for b in frame["b"]]
    frame["label"] = [f"{a} – {b}" for a, b in zip(frame["a_label"], frame["b_label"], strict=True)]
    return frame[PAIR_COLUMNS]


@dataclass(frozen=True)
class Clustering:
    """Whether the store has topics and stories to show (schema v3 and at least one clustering pass)."""

    topics: bool
    stories: bool


def clustering(engine: Engine) -> Clustering:
    found = inspect(engine)
    columns = {c["name"] for c in found.get_columns("articles")}
    with engine.connect() as conn:

        def has(name: str, column: str, first: Select[int]) -> bool:
            return (
                column in columns
                and found.has_table(name)
                and conn.execute(first.limit(1)).first() is not None
            )

        return Clustering(
            has("topics", "topic_id", select(topics.c.id)), has("stories", "story_id", select(stories.c.id))
        )


def _topic_counts(conn: Connection, start: datetime, end: datetime, outlets: tuple[str, ...]) -> pd.DataFrame:
    stmt = (
        select(topics.c.id, topics.c.label, func.count())
        .select_from(articles.join(topics, topics.c.id == articles.c.topic_id))
        .where(*scope(start, end, outlets))
        .group_by(topics.c.id, topics.c.label)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["key", "label", "articles"])


def topic_movers(engine: Engine, week: Week, outlets: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """Topics: articles assigned to each, this week and last; None before topic clustering has run."""
    if not clustering(engine).topics:
        return None
    prev = week.previous()
    with engine.connect() as conn:
        this = _topic_counts(conn, week.start, week.end, outlets)
        last = _topic_counts(conn, prev.start, prev.end, outlets)
    return compare(this, last, ["key", "label"])[MOVER_COLUMNS]


def _story_counts(conn: Connection, start: datetime, end: datetime, outlets: tuple[str, ...]) -> pd.DataFrame:
    stmt = (
        select(articles.c.story_id, func.count(), func.count(distinct(articles.c.source_id)))
        .where(articles.c.story_id.is_not(None), *scope(start, end, outlets))
        .group_by(articles.c.story_id)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["story", "articles", "outlets"])


def _story_details(conn: Connection, ids: list[int]) -> pd.DataFrame:
    stmt = select(stories.c.id, stories.c.label, stories.c.first_seen).where(stories.c.id.in_(ids))
    return pd.DataFrame(conn.execute(stmt).all(), columns=["story", "label", "first_seen"])


def stories_of_week(
    engine: Engine, week: Week, outlets: tuple[str, ...] = (), top: int = 10
) -> pd.DataFrame | None:
    """The week's biggest stories: articles and outlets this week, last week's articles, whether new."""
    if not clustering(engine).stories:
        return None
    prev = week.previous()
    with engine.connect() as conn:
        this = _story_counts(conn, week.start, week.end, outlets)
        this = this.sort_values(["articles", "outlets", "story"], ascending=[False, False, True]).head(top)
        last = _story_counts(conn, prev.start, prev.end, outlets)
        details = _story_details(conn, [int(s) for s in this["story"]])
    frame = this.rename(columns={"articles": "this"}).merge(details, on="story", how="left")
    frame = frame.merge(
        last[["story", "articles"]].rename(columns={"articles": "last"}), on="story", how="left"
    )
    frame["last"] = frame["last"].fillna(0).astype(int)
    frame["new"] = [pd.notna(seen) and seen >= week.start for seen in frame["first_seen"]]
    return frame[STORY_COLUMNS].reset_index(drop=True)
