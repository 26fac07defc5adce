"""The only writer: schema declared once with forward migrations, short write transactions.

Callers use ``from ingest import store`` and ``store.save_article(...)``; the modules split the
work by table group.
"""

from ingest.store.articles import NewArticle, known_urls, save_article
from ingest.store.enrichment import PendingArticle, iter_pending, save_analysis
from ingest.store.reads import EXPORT_COLUMNS, count_rows, failure_totals, iter_articles, raw_html, status
from ingest.store.runs import (
    FetchLog,
    SourceState,
    close_abandoned_runs,
    enable_source,
    finish_run,
    save_fetches,
    save_poll,
    source_id,
    start_run,
    sync_sources,
)
from ingest.store.schema import (
    SCHEMA_VERSION,
    articles,
    connect,
    ensure_schema,
    entities,
    fetches,
    mentions,
    meta,
    metadata,
    pairs,
    runs,
    sources,
)

__all__ = [
    "EXPORT_COLUMNS",
    "SCHEMA_VERSION",
    "FetchLog",
    "NewArticle",
    "PendingArticle",
    "SourceState",
    "articles",
    "close_abandoned_runs",
    "connect",
    "count_rows",
    "enable_source",
    "entities",
    "iter_pending",
    "mentions",
    "pairs",
    "save_analysis",
    "ensure_schema",
    "failure_totals",
    "fetches",
    "finish_run",
    "iter_articles",
    "known_urls",
    "meta",
    "metadata",
    "raw_html",
    "runs",
    "save_article",
    "save_fetches",
    "save_poll",
    "source_id",
    "start_run",
    "sources",
    "status",
    "sync_sources",
]
