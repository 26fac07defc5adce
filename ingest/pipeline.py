"""One ingest run: due sources → feeds → article pages → extraction → store."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine

from ingest import store
from ingest.dedupe import canonicalize_url, content_fingerprint
from ingest.extract import Extractor, extract_article, make_extractor
from ingest.fetch import Fetcher, Resolver, make_client
from ingest.health import failure_counts
from ingest.local_files import LocalError, iter_local_documents
from ingest.records import (
    OK,
    Article,
    Extraction,
    FeedEntry,
    FeedParse,
    FetchResult,
    LocalDocument,
    Outcome,
    OutcomeKind,
    Validators,
)
from ingest.settings import ExtractSettings, Settings
from ingest.sources import parse_source

MAX_SITEMAP_CHILDREN = 200

log = logging.getLogger("mediamon.pipeline")
T = TypeVar("T")
Listener = Callable[[str, str], None]  # (event, detail): "source"/"total"/"article"/"done"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class RunSummary:
    """What one run did: its id, status, counts per target:reason and timing."""

    run_id: int
    status: str = "running"
    counts: Counter[str] = field(default_factory=Counter)
    added: int = 0
    sources: int = 0
    seconds: float = 0.0
    error: str | None = None

    def failures(self) -> dict[str, int]:
        return dict(failure_counts(self.counts))

    def line(self) -> str:
        rate = self.added / self.seconds if self.seconds else 0.0
        failed = self.failures()
        detail = ", ".join(f"{k} ×{n}" for k, n in sorted(failed.items(), key=lambda kv: -kv[1])[:6])
        return (
            f"run {self.run_id} {self.status}: {self.sources} sources polled, {self.added} articles added, "
            f"{self.counts['feed:not-modified']} feeds not modified, {sum(failed.values())} failures"
            f"{' (' + detail + ')' if detail else ''} in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


@dataclass(frozen=True)
class Stage:
    """What every task in a run shares: where to store, how to extract, whom to tell."""

    engine: Engine
    settings: Settings
    summary: RunSummary
    extract: Callable[[str, str, datetime | None], Awaitable[Extraction]]
    listener: Listener


def run_ingest(
    engine: Engine,
    settings: Settings,
    *,
    force: bool = False,
    client: httpx.AsyncClient | None = None,
    listener: Listener | None = None,
    resolver: Resolver | None = None,
    worker: bool = False,
) -> RunSummary:
    """Poll every due source once and store the new articles; the run is recorded either way.

    A ``worker`` shares the due sources with other workers on the same store: it claims them one at a
    time (``store.DueSources``) instead of polling all of them.
    """
    store.ensure_schema(engine)
    lease_time = timedelta(minutes=settings.schedule.lease_minutes)
    store.close_abandoned_runs(engine, utcnow(), lease_time if worker else None)
    summary = RunSummary(run_id=store.start_run(engine, utcnow()))
    holder = f"run {summary.run_id} {socket.gethostname()}:{os.getpid()}"
    lease = store.Lease(holder, lease_time.total_seconds()) if worker else None
    started = time.monotonic()
    try:
        with ExtractionPool(settings.extract) as pool:
            jobs = Jobs(force, lease)
            asyncio.run(_run(engine, settings, summary, pool, jobs, client, listener or _quiet, resolver))
        summary.status = "ok"
    except (KeyboardInterrupt, asyncio.CancelledError):
        summary.status, summary.error = "interrupted", "interrupted by signal"
        raise
    except Exception as exc:
        summary.status, summary.error = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        summary.seconds = time.monotonic() - started
        store.finish_run(
            engine, summary.run_id, utcnow(), summary.status, summary.counts, summary.added, summary.error
        )
    return summary


def _quiet(event: str, detail: str) -> None:
    return None


class ExtractionPool:
    """Extraction is CPU-bound, so it runs in worker processes (one worker: inline).

    A worker that dies on a hostile page costs that page, not the run: the pages in flight are tried
    once more, one at a time, in a fresh pool; a page that breaks it again is ``extractor-crashed``.
    A page that keeps a worker busy past the timeout has its workers killed: ``extractor-timeout``.
    """

    def __init__(self, options: ExtractSettings, extractor: Extractor | None = None) -> None:
        self.workers = options.workers
        self.timeout = options.timeout
        extractor = extractor or make_extractor(options.extractor)
        self.run = partial(_extract, extractor, options.min_words, options.languages)
        self.pool: ProcessPoolExecutor | None = None
        self.retry_alone = asyncio.Lock()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    async def extract(self, html: str, url: str, published: datetime | None) -> Extraction:
        if self.workers <= 1:
            return self.run(html, url, published)
        try:
            return await self._submit(html, url, published)
        except BrokenProcessPool:
            async with self.retry_alone:  # so that the page that kills a worker kills only itself
                try:
                    return await self._submit(html, url, published)
                except BrokenProcessPool:
                    return Extraction(Outcome(OutcomeKind.SOFT, "extractor-crashed"))

    async def _submit(self, html: str, url: str, published: datetime | None) -> Extraction:
        pool = self.pool or self._start()
        job = asyncio.get_running_loop().run_in_executor(pool, self.run, html, url, published)
        try:
            return await asyncio.wait_for(job, self.timeout)
        except TimeoutError:
            self._kill(pool)
            return Extraction(Outcome(OutcomeKind.SOFT, "extractor-timeout"))
        except BrokenProcessPool:
            if self.pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            raise

    def _kill(self, pool: ProcessPoolExecutor) -> None:
        """Stop a pool whose worker spins on a page; the pages it also held are retried."""
        # The executor has no public way to stop a running task before Python 3.14.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        if self.pool is pool:
            self.pool = None

    def _start(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")  # fork is unsafe beside the fetch threads
        self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx)
        return self.pool


async def _run(
    engine: Engine,
    settings: Settings,
    summary: RunSummary,
    pool: ExtractionPool,
    jobs: Jobs,
    client: httpx.AsyncClient | None,
    listener: Listener,
    resolver: Resolver | None = None,
) -> None:
    states = store.sync_sources(engine, settings.sources)
    stage = Stage(engine, settings, summary, pool.extract, listener)
    own_client = client is None
    client = client or make_client(settings.fetch)
    try:
        fetcher = Fetcher(client, settings.fetch, resolver)
        if jobs.lease is None:
            now = utcnow()
            due = [s for s in states if jobs.force or s.due(now)]
            summary.sources = len(due)
            await _all(_poll_source(stage, fetcher, s) for s in due)
        else:
            shared = store.DueSources(engine, settings.sources, jobs.lease)
            await _all(_lane(stage, fetcher, shared) for _ in range(settings.schedule.worker_sources))
    finally:
        if own_client:
            await client.aclose()


@dataclass(frozen=True)
class Jobs:
    """Which sources a run polls: the due ones (every one with ``force``), or those a lease claims."""

    force: bool = False
    lease: store.Lease | None = None


async def _lane(stage: Stage, fetcher: Fetcher, shared: store.DueSources) -> None:
    """One of a worker's parallel pollers: claim a due source, poll it, give it back, until none is left."""
    while (state := shared.take(utcnow())) is not None:
        stage.summary.sources += 1
        try:
            await _poll_source(stage, fetcher, state)
        finally:
            shared.release(state.id)


async def _all(jobs: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run jobs concurrently; a programming error in one cancels the rest instead of orphaning them."""
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job) for job in jobs]
    return [task.result() for task in tasks]


def _extract(
    extractor: Extractor,
    min_words: int,
    languages: tuple[str, ...],
    html: str,
    url: str,
    published: datetime | None,
) -> Extraction:
    try:
        return extract_article(
            html, url, extractor, min_words=min_words, feed_published=published, languages=languages
        )
    except Exception:  # noqa: BLE001 - fetched pages are hostile; a parser bug there costs one page
        log.exception("extraction failed on %s", url)
        return Extraction(Outcome(OutcomeKind.SOFT, "extractor-error"))


async def _poll_source(stage: Stage, fetcher: Fetcher, state: store.SourceState) -> None:
    config = state.config
    stage.listener("source", config.name)
    outcome, validators = OK, None
    if config.kind == "files":
        await _ingest_documents(stage, state.id, iter_local_documents([Path(config.location)]))
    else:
        outcome, validators = await _poll_feed(stage, fetcher, state)
    disabled = store.save_poll(
        stage.engine, state.id, outcome, validators, utcnow(), stage.settings.schedule.disable_score
    )
    if disabled:
        stage.summary.counts["source:disabled"] += 1


async def _poll_feed(
    stage: Stage, fetcher: Fetcher, state: store.SourceState
) -> tuple[Outcome, Validators | None]:
    """Fetch and parse a feed or sitemap, ingest its entries; the poll's outcome and validators to keep."""
    config = state.config
    result = await fetcher.fetch(config.location, state.validators)
    target = "sitemap" if config.kind == "sitemap" else "feed"
    parsed = None
    if result.outcome.ok:
        base = result.final_url or config.location
        parsed = parse_source(config.kind, result.body, base, stage.settings.fetch.max_feed_entries)
    outcome = _soft(parsed.error) if parsed and parsed.error else result.outcome
    _record(stage, state.id, [store.FetchLog(config.location, target, outcome, result.elapsed)])
    if parsed is None or parsed.error:
        return outcome, None
    entries = list(parsed.entries) + await _follow_sitemaps(stage, fetcher, state, parsed)
    retry = await _ingest_entries(stage, fetcher, state.id, entries)
    # Validators are kept only once every entry is settled: a page that failed for now must be
    # offered again, and a 304 next time would hide it.
    return outcome, result.validators if retry == 0 else Validators()


async def _follow_sitemaps(
    stage: Stage, fetcher: Fetcher, state: store.SourceState, parsed: FeedParse
) -> list[FeedEntry]:
    """Sitemap indexes point at child sitemaps; follow one level, capped."""
    entries: list[FeedEntry] = []
    for child in parsed.children[:MAX_SITEMAP_CHILDREN]:
        result = await fetcher.fetch(child)
        outcome = result.outcome
        if outcome.ok:
            sub = parse_source(
                "sitemap", result.body, result.final_url or child, stage.settings.fetch.max_feed_entries
            )
            entries.extend(sub.entries)
            outcome = _soft(sub.error) if sub.error else outcome
        _record(stage, state.id, [store.FetchLog(child, "sitemap", outcome, result.elapsed)])
    return entries


async def _ingest_entries(stage: Stage, fetcher: Fetcher, source: int, entries: list[FeedEntry]) -> int:
    """Fetch and store the entries not stored yet; returns how many failed only for now."""
    by_url: dict[str, FeedEntry] = {}
    for entry in entries:  # the first link wins: feeds list the clean URL before tracking variants
        by_url.setdefault(canonicalize_url(entry.url), entry)
    known = store.known_urls(stage.engine, [*by_url, *(e.url for e in by_url.values())])
    fresh = [e for c, e in by_url.items() if c not in known and e.url not in known]
    stage.summary.counts["article:known"] += len(by_url) - len(fresh)
    rest = timedelta(hours=stage.settings.schedule.retry_failed_hours)
    if rest:  # a 404 or a page that is not an article is not fetched again at every poll
        failed = store.recently_failed(stage.engine, [e.url for e in fresh], utcnow() - rest)
        fresh = [e for e in fresh if e.url not in failed]
        stage.summary.counts["article:recently-failed"] += len(failed)
    stage.listener("total", str(len(fresh)))
    outcomes = await _all(_ingest_entry(stage, fetcher, source, e) for e in fresh)
    return sum(o.kind is OutcomeKind.TEMPORARY for o in outcomes)


async def _ingest_entry(stage: Stage, fetcher: Fetcher, source: int, entry: FeedEntry) -> Outcome:
    result = await fetcher.fetch(entry.url)
    outcome = result.outcome
    if outcome.ok:
        outcome = await _extract_and_save(stage, source, entry, result)
    _record(stage, source, [store.FetchLog(entry.url, "article", outcome, result.elapsed)])
    stage.listener("article", outcome.reason)
    return outcome


async def _extract_and_save(stage: Stage, source: int, entry: FeedEntry, result: FetchResult) -> Outcome:
    html = result.text()
    extraction = await stage.extract(html, result.final_url or entry.url, entry.published)
    if extraction.article is None:
        return extraction.outcome
    article = extraction.article
    if not article.title and entry.title:
        article = replace(article, title=entry.title)
    return _save(stage, source, article, html)


def _save(stage: Stage, source: int | None, article: Article, html: str | None) -> Outcome:
    new = store.NewArticle(
        article, content_fingerprint(article.text), source, stage.summary.run_id, html, utcnow()
    )
    article_id, reason = store.save_article(stage.engine, new)
    if article_id is None:  # a duplicate is skipped; a URL the store cannot hold is a soft error
        return Outcome(OutcomeKind.SKIPPED if reason.startswith("duplicate") else OutcomeKind.SOFT, reason)
    stage.summary.added += 1
    return Outcome(OutcomeKind.OK, "ok")


def _record(stage: Stage, source: int | None, logs: list[store.FetchLog]) -> None:
    for log in logs:
        stage.summary.counts[f"{log.target}:{log.outcome.reason}"] += 1
    store.save_fetches(stage.engine, stage.summary.run_id, source, logs, utcnow())


def _soft(reason: str) -> Outcome:
    return Outcome(OutcomeKind.SOFT, reason)


# --- local files -----------------------------------------------------------------------------------


def import_paths(
    engine: Engine,
    settings: Settings,
    paths: Iterable[Path],
    source_name: str = "import",
    listener: Listener | None = None,
) -> RunSummary:
    """``mediamon import``: local HTML files and JSON Lines, extracted and stored like fetched pages."""
    store.ensure_schema(engine)
    summary = RunSummary(run_id=store.start_run(engine, utcnow()))
    started = time.monotonic()
    inline = ExtractionPool(replace(settings.extract, workers=1))
    stage = Stage(engine, settings, summary, inline.extract, listener or _quiet)
    try:
        source = store.source_id(engine, source_name)
        asyncio.run(_ingest_documents(stage, source, iter_local_documents(paths)))
        summary.status = "ok"
    finally:
        summary.seconds = time.monotonic() - started
        status = "failed" if summary.status == "running" else summary.status
        store.finish_run(engine, summary.run_id, utcnow(), status, summary.counts, summary.added)
    return summary


async def _ingest_documents(stage: Stage, source: int, docs: Iterable[LocalDocument | LocalError]) -> None:
    """Store local documents; a JSON record naming its own ``source`` is filed under that source."""
    named: dict[str, int] = {}
    for doc in docs:
        target = source
        if isinstance(doc, LocalError):
            log = store.FetchLog(_where(doc), "file", _soft(doc.reason))
        else:
            if doc.source:
                target = named.get(doc.source) or named.setdefault(
                    doc.source, store.source_id(stage.engine, doc.source)
                )
            log = store.FetchLog(doc.url, "file", await _ingest_document(stage, target, doc))
        _record(stage, target, [log])
        stage.listener("article", log.outcome.reason)


def _where(error: LocalError) -> str:
    return f"{error.path}:{error.line}" if error.line is not None else str(error.path)


async def _ingest_document(stage: Stage, source: int, doc: LocalDocument) -> Outcome:
    if doc.html is not None:
        extraction = await stage.extract(doc.html, doc.url, doc.published)
        if extraction.article is None:
            return extraction.outcome
        return _save(stage, source, extraction.article, doc.html)
    text = (doc.text or "").strip()
    if len(text.split()) < stage.settings.extract.min_words:
        return _soft("too-short")
    article = Article(
        url=doc.url,
        canonical_url=canonicalize_url(doc.url),
        title=doc.title or "",
        text=text,
        published=doc.published,
    )
    return _save(stage, source, article, None)
