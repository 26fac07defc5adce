"""The only writer: schema declared once, forward migrations, short write transactions."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Dialect,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import DateTime, TypeDecorator

from ingest.records import Article, FetchResult, Outcome, Validators
from ingest.settings import SourceConfig

SCHEMA_VERSION = 1


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("location", Text, nullable=False),
    Column("country", String(3)),
    Column("language", String(16)),
    Column("poll_minutes", Integer, nullable=False, default=60),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled_at", UTCDateTime),
    Column("last_ok_at", UTCDateTime),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("failure_score", Float, nullable=False, default=0.0),
    Column("last_reason", String(64)),
    Column("disabled_at", UTCDateTime),
    Column("configured", Integer, nullable=False, default=1),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False),  # running, ok, failed, interrupted
    Column("counts", Text, nullable=False, default="{}"),  # JSON {"kind/reason": n}
    Column("articles_added", Integer, nullable=False, default=0),
    Column("error", Text),
)

fetches = Table(
    "fetches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("source_id", Integer, ForeignKey("sources.id"), index=True),
    Column("url", Text, nullable=False),
    Column("target", String(16), nullable=False),  # feed, sitemap, article, file
    Column("outcome", String(20), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("status", Integer),
    Column("elapsed_ms", Integer),
    Column("fetched_at", UTCDateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("canonical_url", String(2000), nullable=False, unique=True),
    Column("source_id", Integer, ForeignKey("sources.id"), index=True),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("authors", Text, nullable=False, default="[]"),  # JSON list
    Column("published", UTCDateTime, index=True),
    Column("language", String(16)),
    Column("description", Text),
    Column("site_name", Text),
    Column("word_count", Integer, nullable=False),
    Column("fingerprint", String(40), nullable=False, index=True),
    Column("duplicate_of", Integer, ForeignKey("articles.id")),
    Column("raw_html", LargeBinary),  # zlib-compressed, so enrichment can re-run offline
    Column("fetched_at", UTCDateTime, nullable=False),
)
Index("ix_articles_url", articles.c.url)

MIGRATIONS: dict[int, Callable[[Connection], None]] = {}  # version n → step from n-1 to n


def connect(url: str) -> Engine:
    """Open the store; SQLite gets WAL so the dashboard reads while ingest writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", "foreign_keys=ON"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def ensure_schema(engine: Engine) -> int:
    """Create missing tables and apply forward migrations; safe to re-run. Returns the version."""
    metadata.create_all(engine, checkfirst=True)
    with engine.begin() as conn:
        row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
        version = int(row[0]) if row else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"store schema v{version} is newer than this mediamon (v{SCHEMA_VERSION})")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
        _set_meta(conn, "schema_version", str(SCHEMA_VERSION))
    return SCHEMA_VERSION


def _insert_id(conn: Connection, stmt: Any) -> int:
    return int(conn.execute(stmt).scalar_one())


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == key)).first():
        conn.execute(update(meta).where(meta.c.key == key).values(value=value))
    else:
        conn.execute(insert(meta).values(key=key, value=value))


# --- sources ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceState:
    """A configured source joined with what the store remembers about it."""

    id: int
    config: SourceConfig
    validators: Validators
    last_polled_at: datetime | None
    disabled_at: datetime | None

    def due(self, now: datetime) -> bool:
        if self.disabled_at is not None:
            return False
        if self.last_polled_at is None:
            return True
        return now - self.last_polled_at >= timedelta(minutes=self.config.poll_minutes)


def sync_sources(engine: Engine, configs: Iterable[SourceConfig]) -> list[SourceState]:
    """Insert or update configured sources; sources no longer configured are kept but marked."""
    configs = list(configs)
    names = {c.name for c in configs}
    with engine.begin() as conn:
        existing = {r.name: r for r in conn.execute(select(sources))}
        for c in configs:
            values = dict(
                kind=c.kind,
                location=c.location,
                country=c.country,
                language=c.language,
                poll_minutes=c.poll_minutes,
                configured=1,
            )
            if c.name in existing:
                conn.execute(update(sources).where(sources.c.name == c.name).values(**values))
            else:
                conn.execute(insert(sources).values(name=c.name, **values))
        gone = [n for n in existing if n not in names]
        if gone:
            conn.execute(update(sources).where(sources.c.name.in_(gone)).values(configured=0))
        rows = {r.name: r for r in conn.execute(select(sources).where(sources.c.configured == 1))}
    return [_source_state(rows[c.name], c) for c in configs]


def _source_state(row: Any, config: SourceConfig) -> SourceState:
    return SourceState(
        id=row.id,
        config=config,
        validators=Validators(row.etag, row.last_modified),
        last_polled_at=row.last_polled_at,
        disabled_at=row.disabled_at,
    )


def source_id(engine: Engine, name: str, kind: str = "files", location: str = "") -> int:
    """The id of a source by name, creating an unconfigured one (used by ``import``)."""
    with engine.begin() as conn:
        row = conn.execute(select(sources.c.id).where(sources.c.name == name)).first()
        if row:
            return int(row[0])
        values = dict(name=name, kind=kind, location=location, poll_minutes=60, configured=0)
        return _insert_id(conn, insert(sources).values(**values).returning(sources.c.id))


def save_poll(engine: Engine, source: int, result: FetchResult, now: datetime) -> None:
    """Remember when a source was polled, its cache validators and whether it worked."""
    ok = result.outcome.ok or result.outcome.reason == "not-modified"
    values: dict[str, Any] = {"last_polled_at": now, "last_reason": result.outcome.reason}
    if ok:
        values |= {"last_ok_at": now, "consecutive_failures": 0, "failure_score": 0.0}
        if result.outcome.ok:
            values |= {"etag": result.validators.etag, "last_modified": result.validators.last_modified}
    else:
        values["consecutive_failures"] = sources.c.consecutive_failures + 1
    with engine.begin() as conn:
        conn.execute(update(sources).where(sources.c.id == source).values(**values))


def enable_source(engine: Engine, name: str) -> bool:
    """Clear a source's failures and disabled mark; False when there is no such source."""
    values = dict(disabled_at=None, consecutive_failures=0, failure_score=0.0)
    with engine.begin() as conn:
        return conn.execute(update(sources).where(sources.c.name == name).values(**values)).rowcount > 0


# --- runs and fetch outcomes -----------------------------------------------------------------------


def start_run(engine: Engine, now: datetime) -> int:
    with engine.begin() as conn:
        return _insert_id(conn, insert(runs).values(started_at=now, status="running").returning(runs.c.id))


def finish_run(
    engine: Engine,
    run: int,
    now: datetime,
    status: str,
    counts: Mapping[str, int],
    added: int,
    error: str | None = None,
) -> None:
    values = dict(
        finished_at=now,
        status=status,
        counts=json.dumps(dict(counts), sort_keys=True),
        articles_added=added,
        error=error,
    )
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == run).values(**values))


def close_abandoned_runs(engine: Engine, now: datetime) -> int:
    """Mark runs left 'running' by a crashed process as interrupted."""
    with engine.begin() as conn:
        stmt = update(runs).where(runs.c.status == "running").values(status="interrupted", finished_at=now)
        return conn.execute(stmt).rowcount


@dataclass(frozen=True)
class FetchLog:
    """One attempt, as the fetches table records it."""

    url: str
    target: str
    outcome: Outcome
    elapsed: float = 0.0


def save_fetches(
    engine: Engine, run: int | None, source: int | None, logs: Iterable[FetchLog], now: datetime
) -> None:
    rows = [
        dict(
            run_id=run,
            source_id=source,
            url=log.url,
            target=log.target,
            outcome=str(log.outcome.kind),
            reason=log.outcome.reason,
            status=log.outcome.status,
            elapsed_ms=int(log.elapsed * 1000),
            fetched_at=now,
        )
        for log in logs
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(fetches), rows)


# --- articles --------------------------------------------------------------------------------------


def known_urls(engine: Engine, urls: Iterable[str]) -> set[str]:
    """Which of these URLs are already stored, as fetched URL or canonical URL."""
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    with engine.connect() as conn:
        for chunk in _chunks(wanted, 500):
            for col in (articles.c.url, articles.c.canonical_url):
                found.update(r[0] for r in conn.execute(select(col).where(col.in_(chunk))))
    return found


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(frozen=True)
class NewArticle:
    """An extracted article with where it came from, ready to store."""

    article: Article
    fingerprint: str
    source_id: int | None
    run_id: int | None
    raw_html: str | None
    fetched_at: datetime


def save_article(engine: Engine, new: NewArticle) -> tuple[int | None, str]:
    """Insert one article; returns (id, "ok") or (None, reason) when it is a duplicate.

    Copies of the same text from other outlets are kept and point at the earliest published one,
    whichever order they arrive in.
    """
    a = new.article
    with engine.begin() as conn:
        if conn.execute(select(articles.c.id).where(articles.c.canonical_url == a.canonical_url)).first():
            return None, "duplicate-url"
        group = select(articles.c.source_id).where(articles.c.fingerprint == new.fingerprint)
        if new.source_id in set(conn.execute(group).scalars()):
            return None, "duplicate-content"
        try:
            with conn.begin_nested():
                stmt = insert(articles).values(**_article_row(new)).returning(articles.c.id)
                article_id = _insert_id(conn, stmt)
        except IntegrityError:  # another worker stored the same canonical URL a moment ago
            return None, "duplicate-url"
        _point_copies_at_original(conn, new.fingerprint)
        return article_id, "ok"


def _point_copies_at_original(conn: Connection, fingerprint: str) -> None:
    same = articles.c.fingerprint == fingerprint
    first = select(articles.c.id).where(same).order_by(articles.c.published.nulls_last(), articles.c.id)
    original = conn.execute(first.limit(1)).scalar_one()
    conn.execute(update(articles).where(same, articles.c.id != original).values(duplicate_of=original))
    conn.execute(update(articles).where(articles.c.id == original).values(duplicate_of=None))


def _article_row(new: NewArticle) -> dict[str, Any]:
    a = new.article
    raw = zlib.compress(new.raw_html.encode("utf-8"), 6) if new.raw_html else None
    return dict(
        url=a.url,
        canonical_url=a.canonical_url,
        source_id=new.source_id,
        run_id=new.run_id,
        title=a.title,
        text=a.text,
        authors=json.dumps(list(a.authors)),
        published=a.published,
        language=a.language,
        description=a.description,
        site_name=a.site_name,
        word_count=a.word_count,
        fingerprint=new.fingerprint,
        raw_html=raw,
        fetched_at=new.fetched_at,
    )


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


# --- reads for the command line (the dashboard has its own in dashboard/queries.py) ----------------


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
