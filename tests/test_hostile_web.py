"""The hostile web: one ingest run over every fault case and a healthy demo web; a fault costs only itself."""

from __future__ import annotations

import ipaddress
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from ingest import pipeline, store
from ingest.demo import DemoWeb, World, build_world, demo_sources, serve
from ingest.demo.faults import CASES, FaultWeb
from ingest.fetch import make_client
from ingest.pipeline import RunSummary, run_ingest
from ingest.settings import ExtractSettings, FetchSettings, Settings

MAX_PEAK_BYTES = 200_000_000  # the 50 MB gzip-file cap is the largest legitimate buffer
MAX_RUN_SECONDS = 45.0  # the slowest case (trickle: two 7 s deadlines and a backoff) takes about 15 s
FETCH = FetchSettings(
    connect_timeout=1.0,
    # The overall deadline per request is then 7 s, under the fault server's 9 s hold; shorter reads
    # turned slow answers into timeouts on a loaded two-core machine.
    read_timeout=3.0,
    max_bytes=2_000_000,  # above the 10,000-item feed (1.3 MB), so the 50 MB bodies stop early
    retries=1,
    max_retry_wait=2.0,  # Retry-After: 1 is waited for, an hour is not
    per_host_delay=0.0,
    concurrency=32,
    allow_loopback=True,
    allow_private=False,
    max_feed_entries=1_000,
)

# Per case, every row the run leaves in ``fetches``: "target outcome reason" → how many.
OK, ARTICLE_OK = "feed ok ok", "article ok ok"
EXPECTED: dict[str, dict[str, int]] = {
    "feed-404": {"feed hard-error http-404": 1},
    "feed-410": {"feed hard-error http-410": 1},
    "retry-after-short": {OK: 1},
    "retry-after-long": {"feed temporary-error retry-after-too-long": 1},
    "storm-500": {"feed temporary-error http-500": 1},
    "storm-503": {"feed temporary-error http-503": 1},
    "reset": {"feed temporary-error connection-reset": 1},
    "silent": {"feed temporary-error timeout": 1},
    "trickle": {"feed temporary-error timeout": 1},
    "redirect-loop": {"feed hard-error redirect-loop": 1},
    "redirect-chain": {"feed hard-error too-many-redirects": 1},
    "redirect-private": {"feed hard-error private-address": 1},
    "huge-feed": {"feed soft-error too-large": 1},
    "huge-body": {OK: 1, "article soft-error too-large": 2},
    "gzip-bomb": {OK: 1, "article soft-error too-large": 1},
    "gzip-file-bomb": {"feed soft-error too-large": 1},
    "charset-wrong": {OK: 1, ARTICLE_OK: 1},
    "charset-missing": {OK: 1, ARTICLE_OK: 1},
    "invalid-utf8": {OK: 1, ARTICLE_OK: 1},
    "malformed-feed": {"feed soft-error malformed-feed": 1},
    "html-feed": {"feed soft-error not-a-feed": 1},
    "big-feed": {OK: 1, ARTICLE_OK: 5},
    "empty-page": {OK: 1, "article soft-error empty": 1},
    "listing-page": {OK: 1, "article soft-error not-article": 1},
    "tracking-dupes": {OK: 1, ARTICLE_OK: 1},
    "robots-disallow": {"feed hard-error robots-disallow": 1},
    "robots-timeout": {"feed temporary-error robots-unavailable": 1},
    "robots-500": {"feed temporary-error robots-unavailable": 1},
    "private-ip": {OK: 1, "article hard-error private-address": 5},
    "link-local": {OK: 1, "article hard-error private-address": 1},
    "localhost-name": {OK: 1, ARTICLE_OK: 1},  # loopback by name is loopback, allowed in this run
    "rebind-metadata": {OK: 1, "article hard-error private-address": 1},
    "rebind-mixed": {OK: 1, "article hard-error private-address": 1},
    # The page's lookup said 127.0.0.1, robots.txt's said 169.254.169.254: refused, never connected.
    "rebind-flip": {OK: 1, "article temporary-error robots-unavailable": 1},
    "dns-timeout": {OK: 1, "article temporary-error dns-error": 1},
    "dns-nxdomain": {OK: 1, "article hard-error dns-error": 1},
}


@dataclass(frozen=True)
class HostileRun:
    """One finished run over the hostile and the healthy web, and what it left behind."""

    summary: RunSummary
    world: World
    demo_urls: frozenset[str]
    rows: dict[str, Counter[str]]  # source name → "target outcome reason" counts
    articles: dict[str, list[tuple[str, str, str]]]  # source name → (url, canonical url, text)
    peak_bytes: int
    hosts_contacted: Counter[str]


@pytest.fixture(scope="module")
def hostile(stores: Any) -> Iterator[HostileRun]:
    """Ingest the fault web and a small demo web in one run, with every request checked for loopback."""
    url = stores.new("hostile")
    world = build_world(seed=5, articles=12, end=date(2026, 11, 20), weeks=1)
    contacted: Counter[str] = Counter()

    async def loopback_only(request: httpx.Request) -> None:
        contacted[request.url.host] += 1
        if not ipaddress.ip_address(request.url.host).is_loopback:  # the fetcher pins requests to IPs
            raise AssertionError(f"a request left the machine: {request.url}")

    def guarded_client(settings: FetchSettings) -> httpx.AsyncClient:
        client = make_client(settings)
        client.event_hooks = {"request": [loopback_only], "response": []}
        return client

    engine = store.connect(url)
    with serve(world) as demo, FaultWeb() as faults, pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "make_client", guarded_client)
        settings = Settings(
            database_url=url,
            fetch=FETCH,
            extract=ExtractSettings(workers=2),  # inline extraction would stall the loop and every deadline
            sources=demo_sources(demo) + faults.sources(),
        )
        tracemalloc.start()
        try:
            summary = run_ingest(engine, settings, resolver=faults.resolver)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        yield HostileRun(
            summary, world, _demo_urls(demo, world), *_stored(engine, summary.run_id), peak, contacted
        )
    engine.dispose()
    stores.drop(url)


def _demo_urls(demo: DemoWeb, world: World) -> frozenset[str]:
    return frozenset(demo.article_url(a.id) for a in world.iter_articles())


def _stored(
    engine: Engine, run_id: int
) -> tuple[dict[str, Counter[str]], dict[str, list[tuple[str, str, str]]]]:
    f, s, a = store.fetches, store.sources, store.articles
    rows: dict[str, Counter[str]] = {}
    articles: dict[str, list[tuple[str, str, str]]] = {}
    with engine.connect() as conn:
        query = select(s.c.name, f.c.target, f.c.outcome, f.c.reason).join(s, s.c.id == f.c.source_id)
        for name, target, outcome, reason in conn.execute(query.where(f.c.run_id == run_id)):
            rows.setdefault(name, Counter())[f"{target} {outcome} {reason}"] += 1
        query = select(s.c.name, a.c.url, a.c.canonical_url, a.c.text).join(s, s.c.id == a.c.source_id)
        for name, url, canonical, text in conn.execute(query.where(a.c.run_id == run_id)):
            articles.setdefault(name, []).append((url, canonical, text))
    return rows, articles


def test_every_fault_case_has_an_expected_outcome() -> None:
    assert set(EXPECTED) == set(CASES)


def test_the_run_finishes_ok_and_in_bounded_time(hostile: HostileRun) -> None:
    assert hostile.summary.status == "ok" and hostile.summary.error is None
    assert hostile.summary.seconds < MAX_RUN_SECONDS


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_fault_is_recorded_with_its_outcome_and_reason(hostile: HostileRun, case: str) -> None:
    assert hostile.rows.get(case) == Counter(EXPECTED[case])


def test_run_counts_agree_with_the_fetches_table(hostile: HostileRun) -> None:
    from_rows: Counter[str] = Counter()
    for rows in hostile.rows.values():
        for row, n in rows.items():
            target, _, reason = row.split(" ")
            from_rows[f"{target}:{reason}"] += n
    counts = Counter({k: n for k, n in hostile.summary.counts.items() if k != "article:known"})
    assert counts == from_rows


def test_the_healthy_web_is_stored_completely(hostile: HostileRun) -> None:
    healthy = {o.slug for o in hostile.world.outlets}
    stored = {url for name in healthy for url, _, _ in hostile.articles.get(name, [])}
    assert stored == hostile.demo_urls
    good = {"feed ok ok", "sitemap ok ok", ARTICLE_OK}
    failed = {name: rows for name, rows in hostile.rows.items() if name in healthy and set(rows) - good}
    assert failed == {}


def test_only_fault_cases_with_good_pages_store_anything(hostile: HostileRun) -> None:
    stored = {name: len(rows) for name, rows in hostile.articles.items() if name in CASES}
    expected = {case: rows[ARTICLE_OK] for case, rows in EXPECTED.items() if ARTICLE_OK in rows}
    assert stored == expected  # nothing from the bombs, the huge bodies or the refused addresses


def test_tracking_parameter_variants_are_fetched_and_stored_once(hostile: HostileRun) -> None:
    canonical = sorted(c for _, c, _ in hostile.articles["tracking-dupes"] + hostile.articles["big-feed"])
    assert len(canonical) == len(set(canonical)) == 6
    assert all("?" not in c for c in canonical)
    assert hostile.summary.counts["article:known"] == 0  # repeats within a feed are not "already stored"


def test_undecodable_bytes_become_replacement_characters_not_errors(hostile: HostileRun) -> None:
    for case in ("charset-wrong", "invalid-utf8"):
        [(_, _, text)] = hostile.articles[case]
        assert "\ufffd" in text and "Valmora" in text


def test_a_charset_declared_only_in_meta_is_honoured(hostile: HostileRun) -> None:
    [(_, _, text)] = hostile.articles["charset-missing"]
    assert "Café Müller in Zürich" in text


def test_no_request_left_loopback(hostile: HostileRun) -> None:
    assert set(hostile.hosts_contacted) == {"127.0.0.1"}


def test_peak_memory_stays_bounded(hostile: HostileRun) -> None:
    assert hostile.peak_bytes < MAX_PEAK_BYTES
