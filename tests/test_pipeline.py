"""One ingest run end to end against a local server, and local import."""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import replace
from pathlib import Path

from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, select

from ingest import store
from ingest.extract import TrafilaturaExtractor
from ingest.pipeline import ExtractionPool, import_paths, run_ingest
from ingest.records import Extraction
from ingest.settings import ExtractSettings, FetchSettings, Settings, SourceConfig

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ARTICLE = (FIXTURES / "article.html").read_text(encoding="utf-8")
SHORT = (FIXTURES / "short.html").read_text(encoding="utf-8")


def settings_for(db_url: str, sources: tuple[SourceConfig, ...]) -> Settings:
    fetch = FetchSettings(
        allow_loopback=True, per_host_delay=0.0, retries=0, connect_timeout=2, read_timeout=2
    )
    return Settings(database_url=db_url, fetch=fetch, extract=ExtractSettings(workers=1), sources=sources)


def page(n: int) -> str:
    """The fixture article made distinct per URL: own canonical link and own last paragraph."""
    html = ARTICLE.replace("/world/2025/03/14/harbour-deal?", f"/world/2025/03/14/harbour-deal-{n}?")
    return html.replace(
        "</article>", f"<p>Follow-up note number {n} for this edition of the page.</p></article>"
    )


def rss(server: HTTPServer, paths: list[str]) -> str:
    items = "".join(f"<item><title>t{p}</title><link>{server.url_for(p)}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'


def test_a_run_stores_articles_records_failures_and_a_rerun_adds_nothing(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    paths = ["/a/1.html", "/a/2.html", "/gone.html", "/short.html"]
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(httpserver, paths), content_type="application/rss+xml", headers={"ETag": '"v1"'}
    )
    for n, path in enumerate(paths[:2]):
        httpserver.expect_request(path).respond_with_data(page(n), content_type="text/html")
    httpserver.expect_request("/gone.html").respond_with_data("gone", status=404)
    httpserver.expect_request("/short.html").respond_with_data(SHORT, content_type="text/html")
    source = SourceConfig("local", "rss", httpserver.url_for("/feed.xml"), country="GBR")
    settings = settings_for(db_url, (source,))

    first = run_ingest(engine, settings)
    assert first.status == "ok" and first.added == 2
    assert first.counts["article:http-404"] == 1 and first.counts["article:too-short"] == 1

    asked = len(httpserver.log)
    second = run_ingest(engine, settings, force=True)
    assert second.added == 0 and second.failures() == {}
    # stored URLs are not fetched again, nor (for a day) those that failed for good
    assert second.counts["article:known"] == 2 and second.counts["article:recently-failed"] == 2
    assert {r.path for r, _ in httpserver.log[asked:]} == {"/robots.txt", "/feed.xml"}
    with engine.connect() as conn:
        titles = conn.execute(select(store.articles.c.title)).scalars().all()
        reasons = conn.execute(select(store.fetches.c.reason).where(store.fetches.c.run_id == first.run_id))
        assert sorted(r[0] for r in reasons) == ["http-404", "ok", "ok", "ok", "too-short"]
    assert len(titles) == 2

    eager = replace(settings, schedule=replace(settings.schedule, retry_failed_hours=0))
    third = run_ingest(engine, eager, force=True)
    assert third.counts["article:http-404"] == 1 and third.counts["article:too-short"] == 1


def test_not_modified_feed_is_counted_and_fetches_nothing_else(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(httpserver, []), content_type="application/rss+xml", headers={"ETag": '"v1"'}
    )
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    run_ingest(engine, settings)
    again = run_ingest(engine, settings, force=True)
    assert again.counts["feed:not-modified"] == 1 and again.failures() == {}


def test_a_source_that_is_not_due_is_not_polled(httpserver: HTTPServer, engine: Engine, db_url: str) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(rss(httpserver, []))
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    assert run_ingest(engine, settings).sources == 1
    assert run_ingest(engine, settings).sources == 0


def test_import_of_json_lines_and_html_counts_bad_lines_and_reimport_adds_nothing(
    tmp_path: Path, engine: Engine, db_url: str
) -> None:
    text = " ".join(["Harbour talks resumed between the two coastal governments today."] * 12)
    lines = [
        json.dumps(
            {
                "url": "https://x.example/1",
                "title": "One",
                "text": text,
                "published": "2026-11-01",
                "source": "wire",
            }
        ),
        json.dumps({"url": "https://x.example/2", "html": page(7)}),
        "{not json",
        json.dumps({"url": "https://x.example/3", "text": "too short"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    settings = settings_for(db_url, ())
    first = import_paths(engine, settings, [tmp_path])
    assert first.added == 2
    assert first.counts["file:invalid-json"] == 1 and first.counts["file:too-short"] == 1
    again = import_paths(engine, settings, [tmp_path])
    assert again.added == 0 and again.counts["file:duplicate-url"] == 2
    by_source = {s["name"]: s["articles"] for s in store.status(engine)["source_health"]}
    assert by_source == {"import": 1, "wire": 1}


def test_a_url_too_long_to_store_is_a_counted_outcome_not_a_crash(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    paths = ["/a/" + "x" * 3000 + ".html", "/a/1.html"]
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(rss(httpserver, paths))
    for n, path in enumerate(paths):
        httpserver.expect_request(path).respond_with_data(page(n), content_type="text/html")
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    summary = run_ingest(engine, settings)
    assert summary.status == "ok" and summary.added == 1
    assert summary.failures() == {"article:url-too-long": 1}
    with engine.connect() as conn:
        f = store.fetches
        recorded = conn.execute(select(f.c.outcome, f.c.url).where(f.c.reason == "url-too-long")).one()
    assert recorded.outcome == "soft-error" and len(recorded.url) > 3000


def test_nul_characters_in_imported_records_are_dropped_not_fatal(
    tmp_path: Path, engine: Engine, db_url: str
) -> None:
    text = " ".join(["Harbour talks\u0000 resumed between the two coastal governments today."] * 12)
    record = {"url": "https://x.example/nul", "title": "Har\u0000bour", "text": text, "source": "wi\u0000re"}
    (tmp_path / "nul.jsonl").write_text(json.dumps(record), encoding="utf-8")
    assert import_paths(engine, settings_for(db_url, ()), [tmp_path]).added == 1
    row = next(store.iter_articles(engine))
    assert row["title"] == "Harbour" and row["source"] == "wire" and "\x00" not in row["text"]


def test_an_unreachable_source_is_an_outcome_not_a_crash(engine: Engine, db_url: str) -> None:
    settings = settings_for(db_url, (SourceConfig("bad", "rss", "http://127.0.0.1:9/feed.xml"),))
    settings = replace(settings, fetch=replace(settings.fetch, connect_timeout=0.5))
    summary = run_ingest(engine, settings)
    assert summary.status == "ok"  # an unreachable source is an outcome, not a crash
    assert summary.failures() == {"feed:robots-unavailable": 1}


class CrashOnBomb:
    """An extractor whose worker process dies on one page, as a parser crash would, and spins on another."""

    def extract(self, html: str, url: str) -> Extraction:
        if "bomb" in url:
            os._exit(1)
        if "spin" in url:
            time.sleep(3600)
        return TrafilaturaExtractor().extract(html, url)


def test_a_dying_extraction_worker_costs_one_page_not_the_run() -> None:
    async def extract_all() -> list[str]:
        with ExtractionPool(ExtractSettings(workers=2), CrashOnBomb()) as pool:
            urls = ["https://x.example/bomb", *(f"https://x.example/{n}" for n in range(4))]
            done = await asyncio.gather(*(pool.extract(page(n), url, None) for n, url in enumerate(urls)))
            return [d.outcome.reason for d in done]

    assert asyncio.run(extract_all()) == ["extractor-crashed", "ok", "ok", "ok", "ok"]


def test_hostile_links_and_pages_become_outcomes_not_a_crashed_run(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    bad_canonical = page(3).replace("<head>", '<head><link rel="canonical" href="http://[::1">', 1)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/ok.html").respond_with_data(bad_canonical, content_type="text/html")
    links = [f"http://{'a' * 64}.example/x", "http://a..b/x", httpserver.url_for("/ok.html")]
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    summary = run_ingest(engine, settings)
    assert summary.status == "ok" and summary.added == 1
    assert summary.counts["article:bad-url"] == 2
    [row] = list(store.iter_articles(engine))
    assert row["canonical_url"].startswith(httpserver.url_for("/"))  # the next, valid canonical link


def test_a_canonical_link_to_another_site_is_not_trusted() -> None:
    from ingest.extract import read_page

    html = '<html><head><link rel="canonical" href="https://wire.example/story-9"></head><body></body></html>'
    signals = read_page(html, "https://partner.example/world/story-1?utm_source=x")
    assert signals is not None and signals.canonical_url == "https://partner.example/world/story-1"
    own = read_page(html, "https://www.wire.example/feeds/9")
    assert own is not None and own.canonical_url == "https://wire.example/story-9"


def test_an_entry_that_failed_for_now_is_tried_again_even_when_the_feed_is_unchanged(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    feed = rss(httpserver, ["/a/1.html"])
    headers = {"ETag": '"v1"'}
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml", headers=headers
    )
    httpserver.expect_oneshot_request("/a/1.html").respond_with_data("busy", status=503)
    httpserver.expect_request("/a/1.html").respond_with_data(page(1), content_type="text/html")
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    first = run_ingest(engine, settings)
    assert first.added == 0 and first.counts["article:http-503"] == 1
    second = run_ingest(engine, settings, force=True)
    assert second.counts["feed:ok"] == 1 and second.added == 1  # full fetch, not a 304 hiding the page
    third = run_ingest(engine, settings, force=True)
    assert third.counts["feed:not-modified"] == 1


def test_a_feed_that_turned_into_html_counts_as_a_failing_source(
    httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(
        "<html><body>Moved</body></html>", content_type="text/html"
    )
    settings = settings_for(db_url, (SourceConfig("local", "rss", httpserver.url_for("/feed.xml")),))
    assert run_ingest(engine, settings).failures() == {"feed:not-a-feed": 1}
    assert store.status(engine)["source_health"][0]["consecutive_failures"] == 1


def test_a_page_that_spins_past_the_timeout_costs_that_page_only() -> None:
    async def extract_all() -> list[str]:
        with ExtractionPool(ExtractSettings(workers=2, timeout=8), CrashOnBomb()) as pool:
            urls = ["https://x.example/spin", *(f"https://x.example/{n}" for n in range(3))]
            done = await asyncio.gather(*(pool.extract(page(n), url, None) for n, url in enumerate(urls)))
            again = await pool.extract(page(9), "https://x.example/9", None)
            return [d.outcome.reason for d in done] + [again.outcome.reason]

    assert asyncio.run(extract_all()) == ["extractor-timeout", "ok", "ok", "ok", "ok"]
