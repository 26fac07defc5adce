"""Spikes: days of a week far above their own trailing baseline, with the terms, outlets and stories behind.

The rule (``SpikeRule``): a series — all coverage, one country, one actor, one topic — spikes on a day of
the week when it has at least ``min_articles`` articles that day and more than mean + 3·sd of its daily
counts over the 28 days before (a day without articles counts as zero; sd is the population standard
deviation of those days). Baseline days before the store's first article are left out, and a day with
fewer than ``min_baseline_days`` of them is not judged: a store that has just started is not a quiet past.
Spikes are ranked by z = (count − mean) / max(sd, 1); an sd under one article is noise, not calm.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, Table, exists, func, literal_column, select
from sqlalchemy.engine import Connection

from dashboard.labels import country_label
from dashboard.queries import daily
from dashboard.weekly import Week, clustering, scope
from ingest.store import (
    articles,
    daily_articles,
    daily_mentions,
    entities,
    mentions,
    sources,
    stories,
    topics,
)
from ingest.store.portable import day_of

SPIKE_COLUMNS = ["day", "kind", "label", "articles", "mean", "threshold", "z", "terms", "outlets", "stories"]
DAILY_COLUMNS = ["series", "day", "articles"]
TOTAL = "all:0"
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")


@dataclass(frozen=True)
class SpikeRule:
    """When a day counts as a spike; see the module docstring."""

    baseline_days: int = 28
    sds: float = 3.0
    min_articles: int = 5
    min_baseline_days: int = 7
    top: int = 10  # spikes listed per week


DEFAULT_RULE = SpikeRule()


def window(week: Week, rule: SpikeRule) -> list[date]:
    """The baseline days before the week and the week's seven days, oldest first."""
    first = week.monday - timedelta(days=rule.baseline_days)
    return [first + timedelta(days=i) for i in range(rule.baseline_days + 7)]


def flag(counts: pd.DataFrame, first_day: date | None, rule: SpikeRule) -> pd.DataFrame:
    """Judge the last seven day columns of a series × day count table against their baselines.

    Returns one row per series and judged day: series, day, articles, mean, sd, threshold, spike.
    """
    days = list(counts.columns)
    judged = []
    for i in range(max(0, len(days) - 7), len(days)):
        base = [d for d in days[max(0, i - rule.baseline_days) : i] if first_day is None or d >= first_day]
        if len(base) < rule.min_baseline_days or counts.empty:
            continue
        mean, sd = counts[base].mean(axis=1), counts[base].std(axis=1, ddof=0)
        day = pd.DataFrame({"articles": counts[days[i]], "mean": mean, "sd": sd})
        judged.append(day.assign(day=days[i], threshold=mean + rule.sds * sd))
    columns = ["series", "day", "articles", "mean", "sd", "threshold", "spike"]
    if not judged:
        return pd.DataFrame(columns=columns)
    out = pd.concat(judged).rename_axis("series").reset_index()
    out["spike"] = (out["articles"] >= rule.min_articles) & (out["articles"] > out["threshold"])
    return out[columns]


def wide(frame: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """(series, day, articles) rows → a series × day table over every day given, zeros filled."""
    if frame.empty:
        return pd.DataFrame(columns=days, dtype=int)
    table = frame.pivot_table(index="series", columns="day", values="articles", aggfunc="sum", fill_value=0)
    return table.reindex(columns=days, fill_value=0).astype(int)


def top_terms(titles: Iterable[str], exclude: Iterable[str] = (), top: int = 5) -> list[tuple[str, int]]:
    """The words most titles share (each title counted once per word), stop words and ``exclude`` left out."""
    from ingest.textfeatures import (
        STOP_WORDS,
    )  # imports scikit-learn: seconds, paid only when a spike is found

    skip = STOP_WORDS | {w.lower() for text in exclude for w in _WORD.findall(text)}
    counts = Counter(
        w for title in titles for w in {w.lower() for w in _WORD.findall(title)} if w not in skip
    )
    return [(w, n) for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 2][:top]


def _at(day: date, plus_days: int = 0) -> datetime:
    return datetime.combine(day + timedelta(days=plus_days), time(), UTC)


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _rows(conn: Connection, stmt: Select[Any, Any, Any], prefix: str) -> pd.DataFrame:
    rows = [(f"{prefix}:{key}", _as_date(day), int(n)) for key, day, n in conn.execute(stmt)]
    return pd.DataFrame(rows, columns=DAILY_COLUMNS)


def _daily(conn: Connection, days: list[date], outlets: tuple[str, ...], topics_too: bool) -> pd.DataFrame:
    """Articles per day for all coverage, every entity and (when clustered) every topic."""
    day, where = day_of(articles.c.published), scope(_at(days[0]), _at(days[-1], 1), outlets)
    per_entity = (
        select(daily_mentions.c.entity_id, daily_mentions.c.day, func.sum(daily_mentions.c.articles))
        .where(*_in_days(daily_mentions, days, outlets))
        .group_by(daily_mentions.c.entity_id, daily_mentions.c.day)
    )
    frames = [_rows(conn, _total(days, outlets), "all"), _rows(conn, per_entity, "entity")]
    if topics_too:
        per_topic = (
            select(articles.c.topic_id, day, func.count())
            .where(articles.c.topic_id.is_not(None), *where)
            .group_by(articles.c.topic_id, day)
        )
        frames.append(_rows(conn, per_topic, "topic"))
    return pd.concat(frames, ignore_index=True)


def _in_days(table: Table, days: list[date], outlets: tuple[str, ...]) -> list[ColumnElement[bool]]:
    return daily.days(table, days[0], days[-1]) + daily.outlets(table, outlets)


def _total(days: list[date], outlets: tuple[str, ...]) -> Select[Any, Any, Any]:
    """All articles per day, from the daily counts."""
    n = func.sum(daily_articles.c.articles)
    stmt = select(literal_column("0"), daily_articles.c.day, n).where(
        *_in_days(daily_articles, days, outlets)
    )
    return stmt.group_by(daily_articles.c.day)


def _first_day(conn: Connection) -> date | None:
    first = conn.execute(select(func.min(articles.c.published))).scalar()
    return first.date() if first else None


def daily_totals(
    engine: Engine, week: Week, outlets: tuple[str, ...] = (), rule: SpikeRule = DEFAULT_RULE
) -> pd.DataFrame:
    """All articles per day over the baseline and the week; week days carry mean, threshold and spike."""
    days = window(week, rule)
    with engine.connect() as conn:
        counts = wide(_rows(conn, _total(days, outlets), "all"), days).reindex([TOTAL], fill_value=0)
        judged = flag(counts, _first_day(conn), rule).set_index("day")
    frame = pd.DataFrame({"day": days, "articles": counts.loc[TOTAL].to_list()})
    frame = frame.join(judged[["mean", "threshold", "spike"]], on="day")
    return frame.assign(week=[d >= week.monday for d in days])


def find_spikes(
    engine: Engine, week: Week, outlets: tuple[str, ...] = (), rule: SpikeRule = DEFAULT_RULE
) -> pd.DataFrame:
    """The week's spikes, strongest first, each with the terms, outlets and stories behind it."""
    days = window(week, rule)
    found = clustering(engine)
    with engine.connect() as conn:
        judged = flag(wide(_daily(conn, days, outlets, found.topics), days), _first_day(conn), rule)
        hits = judged.loc[judged["spike"].astype(bool)].copy()
        if hits.empty:
            return pd.DataFrame(columns=SPIKE_COLUMNS)
        hits["z"] = (hits["articles"] - hits["mean"]) / hits["sd"].clip(lower=1.0)
        hits = hits.sort_values(["z", "articles"], ascending=False).head(rule.top)
        labels = _labels(conn, list(hits["series"]))
        behind = [
            _behind(conn, s, d, outlets, found.stories)
            for s, d in zip(hits["series"], hits["day"], strict=True)
        ]
    hits["kind"] = [labels[s][0] for s in hits["series"]]
    hits["label"] = [labels[s][1] for s in hits["series"]]
    hits[["terms", "outlets", "stories"]] = pd.DataFrame(behind, index=hits.index, columns=[0, 1, 2])
    return hits[SPIKE_COLUMNS].reset_index(drop=True)


def _labels(conn: Connection, series: list[str]) -> dict[str, tuple[str, str]]:
    """Series key → (kind, readable label)."""
    ids = {kind: [int(s.split(":")[1]) for s in series if s.startswith(kind)] for kind in ("entity", "topic")}
    out = {TOTAL: ("all", "all coverage")}
    stmt = select(entities.c.id, entities.c.kind, entities.c.name, entities.c.country)
    for eid, kind, name, iso in conn.execute(stmt.where(entities.c.id.in_(ids["entity"]))):
        label = country_label(iso) if kind == "country" and iso else name
        out[f"entity:{eid}"] = ("country" if kind == "country" else "actor", label)
    if ids["topic"]:
        for tid, label in conn.execute(
            select(topics.c.id, topics.c.label).where(topics.c.id.in_(ids["topic"]))
        ):
            out[f"topic:{tid}"] = ("topic", label)
    return {s: out.get(s, ("?", s)) for s in series}


def _series_condition(series: str) -> list[ColumnElement[bool]]:
    kind, key = series.split(":")
    if kind == "entity":
        # Per article of the day (a correlated probe), not every mention of the entity ever (an IN list).
        named = (mentions.c.article_id == articles.c.id) & (mentions.c.entity_id == int(key))
        return [exists().where(named)]
    if kind == "topic":
        return [articles.c.topic_id == int(key)]
    return []


def _behind(
    conn: Connection, series: str, day: date, outlets: tuple[str, ...], with_stories: bool
) -> tuple[str, str, str]:
    """What made a spike: its articles' commonest title terms, outlets and stories, as 'x (n), …' text."""
    cols = [articles.c.title, sources.c.name] + ([articles.c.story_id] if with_stories else [])
    stmt = (
        select(*cols)
        .select_from(articles.outerjoin(sources, sources.c.id == articles.c.source_id))
        .where(*scope(_at(day), _at(day, 1), outlets), *_series_condition(series))
    )
    rows = conn.execute(stmt).all()
    exclude = _labels(conn, [series])[series][1]
    terms = top_terms([r[0] for r in rows], [exclude])
    outlets_n = Counter(r[1] or "?" for r in rows).most_common(3)
    story_n = Counter(r[2] for r in rows if with_stories and r[2] is not None).most_common(3)
    return _listing(terms), _listing(outlets_n), _listing(_story_labels(conn, story_n))


def _story_labels(conn: Connection, counted: list[tuple[int, int]]) -> list[tuple[str, int]]:
    if not counted:
        return []
    ids = [sid for sid, _ in counted]
    labels = dict(conn.execute(select(stories.c.id, stories.c.label).where(stories.c.id.in_(ids))).all())
    return [(str(labels.get(sid, f"story {sid}")), n) for sid, n in counted]


def _listing(counted: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({n})" for name, n in counted)
