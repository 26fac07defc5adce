"""The schema, declared once, with its version and forward migrations; connecting to a store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
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
    UniqueConstraint,
    create_engine,
    event,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.types import DateTime, TypeDecorator

from ingest.store.portable import serialize, strip_nul

SCHEMA_VERSION = 7


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
    # v4: a worker's claim on the source (``mediamon ingest --worker``); it lapses if the worker dies.
    Column("leased_until", UTCDateTime),
    Column("leased_by", String(64)),
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
    Column("fetched_at", UTCDateTime, nullable=False, index=True),  # v3 index: recent failures
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
    Column("enriched_at", UTCDateTime, index=True),  # v2; NULL: entities not found yet
    # v3: clustering. clustered_at NULL: near-duplicates and story not looked for yet.
    Column("minhash", LargeBinary),  # near-duplicate signature (uint32 array)
    Column("story_id", Integer, index=True),
    Column("topic_id", Integer, index=True),  # NULL with topic_fit_id set: no topic under that fit
    Column("topic_fit_id", Integer),  # the fit that assigned topic_id; NULL: not assigned yet
    Column("clustered_at", UTCDateTime, index=True),
    # v5: NULL until the daily tables count the article as it is now (set NULL again when it changes).
    Column("rolled_up_at", UTCDateTime, index=True),
)
Index("ix_articles_url", articles.c.url)
# Covers counts over a date range (per day, outlet, story or topic; independent copies) without reading
# the wide rows. v6 added story_id and topic_id: the Stories list over 90 days of 100k articles read
# 0.3-0.7 s of rows, 0.15 s of index.
_published_cover = Index(
    "ix_articles_published_cover",
    articles.c.published,
    articles.c.source_id,
    articles.c.duplicate_of,
    articles.c.story_id,
    articles.c.topic_id,
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # country, person, organisation
    Column("name", String(300), nullable=False),
    Column("country", String(3)),  # a country's own ISO3, or an actor's affiliation
    Column("confidence", Float, nullable=False, default=1.0),
    Column("basis", String(16), nullable=False, default="name"),  # name, context, table, none
    UniqueConstraint("kind", "name"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("surface", String(300), nullable=False),
    Column("domestic", Boolean, nullable=False, default=False),  # the outlet's own country
)
# Entities of the articles in a date range, from the index alone (the weekly brief, the 90-day pages).
_mention_cover = Index("ix_mentions_article_entity", mentions.c.article_id, mentions.c.entity_id)

pairs = Table(
    "pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("a", Integer, ForeignKey("entities.id"), nullable=False),
    Column("b", Integer, ForeignKey("entities.id"), nullable=False),  # a < b
    Column("level", String(8), nullable=False),  # sentence, article
    Column("start", Integer),  # the evidence sentence's offsets in the article text
    Column("end", Integer),
)
Index("ix_pairs_ab", pairs.c.a, pairs.c.b, pairs.c.level)
_pair_cover = Index("ix_pairs_article_level", pairs.c.article_id, pairs.c.level, pairs.c.a, pairs.c.b)


topic_fits = Table(
    "topic_fits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fitted_at", UTCDateTime, nullable=False),
    Column("k", Integer, nullable=False),
    Column("n_docs", Integer, nullable=False),
    Column("k_scores", Text, nullable=False, default="[]"),  # JSON [[k, stability], ...]
    Column("model", LargeBinary, nullable=False),  # zlib-compressed pickle of the fitted TopicModel
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),  # stable across refits
    Column("label", String(300), nullable=False),
    Column("terms", Text, nullable=False),  # JSON [[term, weight], ...], heaviest first
    Column("signature", Text, nullable=False),  # JSON term weights matched against the next refit
    Column("representatives", Text, nullable=False, default="[]"),  # JSON article ids, most central first
    Column("size", Integer, nullable=False, default=0),
    Column("first_fit_id", Integer, ForeignKey("topic_fits.id"), nullable=False),
    Column("last_fit_id", Integer, ForeignKey("topic_fits.id"), nullable=False),
    Column("status", String(16), nullable=False),  # live, vanished, merged
    Column("merged_into", Integer),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", Text, nullable=False),  # the most central headline
    Column("first_seen", UTCDateTime, nullable=False, index=True),
    Column("last_seen", UTCDateTime, nullable=False, index=True),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),  # distinct outlets
    Column("independent", Integer, nullable=False),  # articles that are not copies of another
)


# v5: daily counts the dashboard reads instead of scanning mentions and pairs (see ingest/store/rollups.py).
# ``day`` is the UTC day published (NULL for articles without a date); ``originals`` leaves out copies.
daily_articles = Table(
    "daily_articles",
    metadata,
    Column("day", Date),
    Column("source_id", Integer),
    Column("language", String(16)),
    Column("articles", Integer, nullable=False),
    Column("originals", Integer, nullable=False),
)
Index("ix_daily_articles_day", daily_articles.c.day, daily_articles.c.source_id)

daily_mentions = Table(
    "daily_mentions",
    metadata,
    Column("day", Date),
    Column("source_id", Integer),
    Column("language", String(16)),
    Column("entity_id", Integer, nullable=False),  # one id per country (the lowest with its ISO3)
    Column("articles", Integer, nullable=False),
    Column("originals", Integer, nullable=False),
)
# Both cover what the dashboard reads, so a date range is answered from the index alone.
_counts = (daily_mentions.c.source_id, daily_mentions.c.articles, daily_mentions.c.originals)
Index("ix_daily_mentions_day", daily_mentions.c.day, daily_mentions.c.entity_id, *_counts)
Index("ix_daily_mentions_entity", daily_mentions.c.entity_id, daily_mentions.c.day, *_counts)

daily_pairs = Table(
    "daily_pairs",
    metadata,
    Column("day", Date),
    Column("level", String(8), nullable=False),
    Column("a", Integer, nullable=False),  # a < b, country ids as in daily_mentions
    Column("b", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
)
_pair = (daily_pairs.c.level, daily_pairs.c.a, daily_pairs.c.b)
Index("ix_daily_pairs_day", daily_pairs.c.day, *_pair, daily_pairs.c.articles)
Index(
    "ix_daily_pairs_ab",
    daily_pairs.c.a,
    daily_pairs.c.b,
    daily_pairs.c.level,
    daily_pairs.c.day,
    daily_pairs.c.articles,
)

# v7: the same per outlet and language, for pairings filtered by outlet (three outlets at 1M articles:
# 7 s of raw pairs). Its sums per day are daily_pairs, which stays for reads without such filters (a
# sixth of the rows).
daily_outlet_pairs = Table(
    "daily_outlet_pairs",
    metadata,
    Column("day", Date),
    Column("source_id", Integer),
    Column("language", String(16)),
    Column("level", String(8), nullable=False),
    Column("a", Integer, nullable=False),
    Column("b", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
)
_outlet_pair = (daily_outlet_pairs.c.level, daily_outlet_pairs.c.a, daily_outlet_pairs.c.b)
_outlet_rest = (daily_outlet_pairs.c.language, daily_outlet_pairs.c.articles)
Index(
    "ix_daily_outlet_pairs_source",
    daily_outlet_pairs.c.source_id,
    daily_outlet_pairs.c.day,
    *_outlet_pair,
    *_outlet_rest,
)
Index(
    "ix_daily_outlet_pairs_ab",
    daily_outlet_pairs.c.a,
    daily_outlet_pairs.c.b,
    daily_outlet_pairs.c.level,
    daily_outlet_pairs.c.day,
    daily_outlet_pairs.c.source_id,
    *_outlet_rest,
)

# v6: daily_mentions per topic too (a topic's countries and actors over a date range: 2-3 s of raw
# mentions for a large topic at 1M articles).
daily_topic_mentions = Table(
    "daily_topic_mentions",
    metadata,
    Column("day", Date),
    Column("source_id", Integer),
    Column("language", String(16)),
    Column("topic_id", Integer, nullable=False),
    Column("entity_id", Integer, nullable=False),  # as in daily_mentions
    Column("articles", Integer, nullable=False),
    Column("originals", Integer, nullable=False),
)
_topic_counts = (
    daily_topic_mentions.c.source_id,
    daily_topic_mentions.c.articles,
    daily_topic_mentions.c.originals,
)
Index(
    "ix_daily_topic_mentions",
    daily_topic_mentions.c.topic_id,
    daily_topic_mentions.c.day,
    daily_topic_mentions.c.entity_id,
    *_topic_counts,
)

# v6: per story, the articles naming each entity, over all its articles (the Stories list's countries and
# actors): recounted with the daily tables for the stories of the articles claimed.
story_mentions = Table(
    "story_mentions",
    metadata,
    Column("story_id", Integer, primary_key=True),
    Column("entity_id", Integer, primary_key=True),  # one id per country, as in daily_mentions
    Column("articles", Integer, nullable=False),
)

# Articles naming each entity over all days (the sidebar's choices, most named first).
entity_totals = Table(
    "entity_totals",
    metadata,
    Column("entity_id", Integer, primary_key=True),
    Column("articles", Integer, nullable=False),
)


def _add_enriched_at(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE articles ADD COLUMN enriched_at TIMESTAMP"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_enriched_at ON articles (enriched_at)"))


def _add_cluster_columns(conn: Connection) -> None:
    _add_columns(conn, articles, "minhash", "story_id", "topic_id", "topic_fit_id", "clustered_at")
    for name in ("story_id", "topic_id", "clustered_at"):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_articles_{name} ON articles ({name})"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_fetches_fetched_at ON fetches (fetched_at)"))


def _add_lease_columns(conn: Connection) -> None:
    _add_columns(conn, sources, "leased_until", "leased_by")
    # Covering indexes for the dashboard's date-range queries, measured in docs/benchmarks.md.
    for index in (_published_cover, _mention_cover, _pair_cover):
        _create_index(conn, index)


def _create_index(conn: Connection, index: Index) -> None:
    """Create the index unless it exists or its table still lacks a column of it (a later step adds it)."""
    assert isinstance(index.table, Table)
    have = {c["name"] for c in inspect(conn).get_columns(index.table.name)}
    if {c.name for c in index.columns} <= have:
        index.create(conn, checkfirst=True)


def _add_rolled_up_at(conn: Connection) -> None:
    _add_columns(conn, articles, "rolled_up_at")  # NULL everywhere: the next refresh counts every day
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_rolled_up_at ON articles (rolled_up_at)"))


def _count_stories(conn: Connection) -> None:
    # story_mentions and daily_topic_mentions are new: the next refresh counts the articles they hold.
    in_one = or_(articles.c.story_id.is_not(None), articles.c.topic_id.is_not(None))
    conn.execute(update(articles).where(in_one).values(rolled_up_at=None))
    conn.execute(text(f"DROP INDEX IF EXISTS {_published_cover.name}"))  # it covers stories and topics now
    _create_index(conn, _published_cover)


def _count_outlet_pairs(conn: Connection) -> None:
    # daily_outlet_pairs is new: the next refresh counts every day (3.7 minutes for 1M articles here).
    conn.execute(update(articles).values(rolled_up_at=None))


def _add_columns(conn: Connection, table: Table, *names: str) -> None:
    """Add those of ``names`` the stored table lacks (create_all may have just made it whole)."""
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    for name in names:
        if name not in have:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


# Version n → the step from n-1 to n. Tables new in a version are made by create_all; steps alter old ones.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _add_enriched_at,
    3: _add_cluster_columns,
    4: _add_lease_columns,
    5: _add_rolled_up_at,
    6: _count_stories,
    7: _count_outlet_pairs,
}


def connect(url: str) -> Engine:
    """Open the store; SQLite gets WAL so the dashboard reads while ingest writes."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    sqlite = parsed.get_backend_name() == "sqlite"
    # A server may close idle connections (restart, failover): check each one before use.
    engine = create_engine(url, pool_pre_ping=not sqlite)
    event.listen(engine, "before_cursor_execute", strip_nul, retval=True)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling commits at a SAVEPOINT's release, which would make a
    # half-done save durable; SQLAlchemy's recipe: turn it off and emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", "foreign_keys=ON"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def ensure_schema(engine: Engine) -> int:
    """Create missing tables and apply forward migrations; safe to re-run. Returns the version."""
    with engine.begin() as conn:
        serialize(conn, "schema")  # workers starting together must not create a table twice
        metadata.create_all(conn, checkfirst=True)
        row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
        version = int(row[0]) if row else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"store schema v{version} is newer than this mediamon (v{SCHEMA_VERSION})")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
        _restore_indexes(conn)
        _set_meta(conn, "schema_version", str(SCHEMA_VERSION))
    return SCHEMA_VERSION


def _restore_indexes(conn: Connection) -> None:
    """Build any index the tables lack: one a bulk load dropped and did not live to build again."""
    seen = inspect(conn)
    for table in metadata.sorted_tables:
        have = {ix["name"] for ix in seen.get_indexes(table.name)}
        columns = {c["name"] for c in seen.get_columns(table.name)}
        for index in table.indexes:
            if index.name not in have and {c.name for c in index.columns} <= columns:
                index.create(conn)


def insert_id(conn: Connection, stmt: Any) -> int:
    return int(conn.execute(stmt).scalar_one())


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == key)).first():
        conn.execute(update(meta).where(meta.c.key == key).values(value=value))
    else:
        conn.execute(insert(meta).values(key=key, value=value))
