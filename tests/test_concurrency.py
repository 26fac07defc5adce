"""Concurrent use: the dashboard's queries keep answering while an ingest writes."""

from __future__ import annotations

import threading
import time
from datetime import date

from dashboard import queries
from ingest import store
from ingest.cli import demo_settings
from ingest.demo import build_world, serve
from ingest.pipeline import RunSummary, run_ingest
from ingest.settings import EnrichSettings, ExtractSettings, Settings


def test_readers_are_never_blocked_while_ingest_writes(db_url: str) -> None:
    url = db_url
    world = build_world(seed=31, articles=200, end=date(2026, 11, 20), weeks=4)
    results: list[RunSummary] = []
    with serve(world) as web:
        base = Settings(
            database_url=url, extract=ExtractSettings(workers=1), enrich=EnrichSettings(enabled=False)
        )
        settings = demo_settings(web, base)
        writer_engine, reader_engine = store.connect(url), store.connect(url)
        store.ensure_schema(writer_engine)
        writer = threading.Thread(target=lambda: results.append(run_ingest(writer_engine, settings)))
        writer.start()
        slowest, reads, errors = 0.0, 0, []
        while writer.is_alive():
            started = time.perf_counter()
            try:
                queries.articles_per_day(reader_engine, queries.Filters())
                queries.article_table(reader_engine, queries.Filters(search="the"), 100)
            except Exception as exc:  # every error counts against the test, none may happen
                errors.append(exc)
            slowest = max(slowest, time.perf_counter() - started)
            reads += 1
        writer.join()
    assert results and results[0].added == 200
    assert errors == []
    assert reads > 10 and slowest < 1.0
