import importlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from ingest import store
from ingest.records import Article, FetchResult, Outcome, OutcomeKind, Validators
from ingest.settings import SourceConfig

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def article(url: str, text: str = "Body text of the article " * 20) -> Article:
    return Article(
        url=url, canonical_url=url, title="Title", text=text, authors=("A. Writer",), published=NOW
    )


def new(a: Article, source: int | None, fingerprint: str = "f" * 40) -> store.NewArticle:
    return store.NewArticle(a, fingerprint, source, None, "<html>raw</html>", NOW)


def test_ensure_schema_is_safe_to_rerun(engine: Engine) -> None:
    assert store.ensure_schema(engine) == store.SCHEMA_VERSION
    assert store.ensure_schema(engine) == store.SCHEMA_VERSION


def test_a_newer_schema_is_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(store.meta.update().values(value=str(store.SCHEMA_VERSION + 1)))
    with pytest.raises(RuntimeError, match="newer"):
        store.ensure_schema(engine)


def test_sync_sources_inserts_updates_and_marks_removed(engine: Engine) -> None:
    a = SourceConfig("a", "rss", "https://a.example/feed", country="GBR")
    b = SourceConfig("b", "atom", "https://b.example/feed")
    first = store.sync_sources(engine, [a, b])
    second = store.sync_sources(engine, [SourceConfig("a", "rss", "https://a.example/new")])
    assert [s.id for s in second] == [first[0].id]
    assert second[0].config.location == "https://a.example/new"
    assert store.count_rows(engine)["sources"] == 2


def test_duplicate_canonical_url_is_not_stored_twice(engine: Engine) -> None:
    src = store.source_id(engine, "s")
    first_id, reason = store.save_article(engine, new(article("https://x.example/1"), src))
    assert reason == "ok" and first_id
    assert store.save_article(engine, new(article("https://x.example/1"), src, "e" * 40)) == (
        None,
        "duplicate-url",
    )


def test_same_content_same_source_is_skipped_other_source_is_a_copy(engine: Engine) -> None:
    s1, s2 = store.source_id(engine, "s1"), store.source_id(engine, "s2")
    original, _ = store.save_article(engine, new(article("https://a.example/1"), s1))
    assert store.save_article(engine, new(article("https://a.example/amp/1"), s1)) == (
        None,
        "duplicate-content",
    )
    copy, reason = store.save_article(engine, new(article("https://b.example/1"), s2))
    assert reason == "ok"
    with engine.connect() as conn:
        dup = conn.execute(select(store.articles.c.duplicate_of).where(store.articles.c.id == copy)).scalar()
    assert dup == original


def test_raw_html_round_trips_compressed(engine: Engine) -> None:
    article_id, _ = store.save_article(engine, new(article("https://x.example/2"), None))
    assert article_id is not None
    assert store.raw_html(engine, article_id) == "<html>raw</html>"


def test_datetimes_come_back_utc_aware(engine: Engine) -> None:
    store.save_article(engine, new(article("https://x.example/3"), None))
    row = next(store.iter_articles(engine))
    assert row["published"] == NOW and row["published"].tzinfo is not None


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    with pytest.raises(Exception, match="naive"):
        store.start_run(engine, datetime(2026, 1, 1))


def test_poll_records_validators_and_failures(engine: Engine) -> None:
    [state] = store.sync_sources(
        engine, [SourceConfig("a", "rss", "https://a.example/feed", poll_minutes=30)]
    )
    ok = FetchResult("u", Outcome(OutcomeKind.OK, "ok", 200), validators=Validators('"v1"', "Mon"))
    store.save_poll(engine, state.id, ok.outcome, ok.validators, NOW, 8.0)
    [state] = store.sync_sources(engine, [state.config])
    assert not state.due(NOW + timedelta(minutes=29)) and state.due(NOW + timedelta(minutes=30))
    fail = FetchResult("u", Outcome(OutcomeKind.TEMPORARY, "http-503", 503))
    store.save_poll(engine, state.id, fail.outcome, None, NOW, 8.0)
    store.save_poll(engine, state.id, fail.outcome, None, NOW, 8.0)
    [state] = store.sync_sources(engine, [state.config])
    assert state.validators == Validators('"v1"', "Mon")
    # two failures in a row: the 30-minute interval doubles twice
    assert not state.due(NOW + timedelta(minutes=119)) and state.due(NOW + timedelta(minutes=120))
    health = store.status(engine)["source_health"][0]
    assert health["consecutive_failures"] == 2 and health["last_reason"] == "http-503"


def test_backoff_is_capped_at_a_day_and_a_success_resets_it(engine: Engine) -> None:
    [state] = store.sync_sources(engine, [SourceConfig("a", "rss", "https://a.example/f", poll_minutes=60)])
    fail = FetchResult("u", Outcome(OutcomeKind.TEMPORARY, "timeout"))
    for _ in range(10):
        store.save_poll(engine, state.id, fail.outcome, None, NOW, 100.0)
    [state] = store.sync_sources(engine, [state.config])
    assert state.next_poll() == NOW + timedelta(days=1)
    store.save_poll(engine, state.id, Outcome(OutcomeKind.NOT_MODIFIED, "not-modified"), None, NOW, 100.0)
    [state] = store.sync_sources(engine, [state.config])
    assert state.failures == 0 and state.next_poll() == NOW + timedelta(minutes=60)


def test_a_source_is_disabled_at_the_score_and_enabled_again(engine: Engine) -> None:
    [state] = store.sync_sources(engine, [SourceConfig("a", "rss", "https://a.example/f")])
    gone = FetchResult("u", Outcome(OutcomeKind.HARD, "http-410", 410))
    assert [store.save_poll(engine, state.id, gone.outcome, None, NOW, 3.0) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    [state] = store.sync_sources(engine, [state.config])
    assert state.disabled_at == NOW and not state.due(NOW + timedelta(days=30))
    assert store.enable_source(engine, "a")
    [state] = store.sync_sources(engine, [state.config])
    assert state.disabled_at is None and state.failures == 0


def test_runs_record_counts_and_abandoned_runs_are_closed(engine: Engine) -> None:
    run = store.start_run(engine, NOW)
    store.save_fetches(
        engine, run, None, [store.FetchLog("u", "article", Outcome(OutcomeKind.HARD, "http-404", 404))], NOW
    )
    store.finish_run(engine, run, NOW, "ok", {"article:http-404": 1}, 0)
    store.start_run(engine, NOW)
    assert store.close_abandoned_runs(engine, NOW) == 1
    runs = store.status(engine)["runs"]
    assert [r["status"] for r in runs] == ["interrupted", "ok"]
    assert runs[1]["counts"] == {"article:http-404": 1}


def test_a_version_1_store_is_migrated_forward(db_url: str) -> None:
    from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert, inspect, text

    v1 = MetaData()  # declared, not written as SQL, so each backend gets its own DDL
    Table("meta", v1, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))
    Table(  # the v1 articles table had no enriched_at
        "articles",
        v1,
        Column("id", Integer, primary_key=True),
        Column("url", Text, nullable=False),
        Column("canonical_url", String(2000), nullable=False, unique=True),
        Column("title", Text, nullable=False),
    )
    old = store.connect(db_url)
    v1.create_all(old)
    with old.begin() as conn:
        conn.execute(insert(v1.tables["meta"]).values(key="schema_version", value="1"))
        conn.execute(insert(v1.tables["articles"]).values(url="u", canonical_url="u", title="t"))
    assert store.ensure_schema(old) == store.SCHEMA_VERSION
    columns = {c["name"] for c in inspect(old).get_columns("articles")}
    assert {"enriched_at", "story_id", "clustered_at"} <= columns
    assert {"mentions", "stories", "topics"} <= set(inspect(old).get_table_names())
    with old.connect() as conn:
        assert conn.execute(text("SELECT title FROM articles")).scalar() == "t"


def test_a_failed_save_leaves_nothing_behind(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    article_writes = importlib.import_module("ingest.store.articles")

    def crash(*args: object) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(article_writes, "_point_copies_at_original", crash)
    with pytest.raises(RuntimeError):
        store.save_article(engine, new(article("https://x.example/9"), None))
    assert store.count_rows(engine)["articles"] == 0


def test_a_version_3_store_gains_the_lease_columns(engine: Engine) -> None:
    from sqlalchemy import inspect, text

    with engine.begin() as conn:  # v3 had no leases
        for column in ("leased_until", "leased_by"):
            conn.execute(text(f"ALTER TABLE sources DROP COLUMN {column}"))
        conn.execute(store.meta.update().values(value="3"))
    assert store.ensure_schema(engine) == store.SCHEMA_VERSION
    assert {"leased_until", "leased_by"} <= {c["name"] for c in inspect(engine).get_columns("sources")}
    assert store.sync_sources(engine, [SourceConfig("a", "rss", "https://a.example/f")])


def test_a_version_5_store_covers_stories_and_counts_their_entities_at_the_next_refresh(
    engine: Engine,
) -> None:
    from sqlalchemy import inspect, text

    a = store.articles
    stored, _ = store.save_article(engine, new(article("https://x.example/s"), None))
    with engine.begin() as conn:  # v5: a narrower cover, and this article counted in a story already
        conn.execute(text("DROP INDEX ix_articles_published_cover"))
        conn.execute(text("CREATE INDEX ix_articles_published_cover ON articles (published, source_id)"))
        conn.execute(a.update().where(a.c.id == stored).values(story_id=3, rolled_up_at=NOW))
        conn.execute(store.meta.update().values(value="5"))
    assert store.ensure_schema(engine) == store.SCHEMA_VERSION
    cover = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("articles")}
    assert cover["ix_articles_published_cover"][-2:] == ["story_id", "topic_id"]
    with engine.connect() as conn:
        assert conn.execute(select(a.c.rolled_up_at).where(a.c.id == stored)).scalar() is None


def test_a_version_6_store_counts_pairs_per_outlet_at_the_next_refresh(engine: Engine) -> None:
    from sqlalchemy import inspect, text

    a = store.articles
    stored, _ = store.save_article(engine, new(article("https://x.example/p"), None))
    with engine.begin() as conn:  # v6 had pairs counted per day only, and this article counted already
        conn.execute(text("DROP TABLE daily_outlet_pairs"))
        conn.execute(a.update().where(a.c.id == stored).values(rolled_up_at=NOW))
        conn.execute(store.meta.update().values(value="6"))
    assert store.ensure_schema(engine) == store.SCHEMA_VERSION
    assert "daily_outlet_pairs" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(select(a.c.rolled_up_at).where(a.c.id == stored)).scalar() is None
