"""Where SQLite and PostgreSQL differ: NUL characters, column sizes, calendar days.

Each test runs on the configured backend (SQLite by default, PostgreSQL in CI's second run); on
PostgreSQL the unhandled cases raise, so these tests fail there if the handling goes away.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from ingest import store
from ingest.records import Analysis, Article, Entity, Mention, Outcome, OutcomeKind, Pair
from ingest.settings import SOURCE_FIELD_LIMITS
from ingest.store.portable import MAX_URL_BYTES, day_of

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
BODY = "Ferries returned to the northern harbour after two years of closure. " * 5


def save(
    engine: Engine, url: str, *, title: str = "Title", text: str = BODY, published: datetime = NOW
) -> int | None:
    article = Article(
        url=url, canonical_url=url, title=title, text=text, authors=("A\x00B",), published=published
    )
    return store.save_article(
        engine, store.NewArticle(article, f"{hash(url) & 0xFFFF:040d}", None, None, None, NOW)
    )[0]


def test_the_configured_backend_is_the_one_in_use(engine: Engine, stores: Any) -> None:
    assert engine.dialect.name == stores.backend


def test_nul_characters_are_dropped_from_everything_written(engine: Engine) -> None:
    article_id = save(engine, "https://x.example/nul", title="Har\x00bour", text=BODY + "\x00end")
    assert article_id is not None
    row = next(store.iter_articles(engine))
    assert (
        row["title"] == "Harbour" and row["text"] == BODY + "end" and row["authors"] == ["A\x00B"]
    )  # JSON escapes it
    store.save_fetches(
        engine,
        None,
        None,
        [store.FetchLog("https://x.example/\x00", "article", Outcome(OutcomeKind.OK, "ok"))],
        NOW,
    )
    with engine.connect() as conn:
        assert conn.execute(select(store.fetches.c.url)).scalar() == "https://x.example/"
        # raw SQL goes through the same hook
        assert conn.execute(text("SELECT :v"), {"v": "a\x00b"}).scalar() == "ab"


def test_an_over_long_url_is_refused_as_an_outcome(engine: Engine) -> None:
    long_url = "https://x.example/" + "a" * 3000
    assert store.save_article(
        engine,
        store.NewArticle(
            Article(url=long_url, canonical_url="https://x.example/short", title="T", text=BODY),
            "1" * 40,
            None,
            None,
            None,
            NOW,
        ),
    ) == (None, "url-too-long")
    # characters beyond ASCII count by their encoded size, as the index sees them
    assert save(engine, "https://x.example/" + "é" * 1000) is None
    assert store.count_rows(engine)["articles"] == 0
    longest = "https://x.example/" + "b" * (MAX_URL_BYTES - len("https://x.example/"))
    assert save(engine, longest) is not None
    assert store.known_urls(engine, [longest, long_url]) == {longest}


def test_over_long_labels_are_cut_to_their_column(engine: Engine) -> None:
    name = "outlet " * 60
    first = store.source_id(engine, name)
    assert store.source_id(engine, name) == first
    store.save_fetches(
        engine, None, first, [store.FetchLog("u", "feed", Outcome(OutcomeKind.SOFT, "r" * 100))], NOW
    )
    with engine.connect() as conn:
        assert conn.execute(select(store.sources.c.name)).scalar() == name[:200]
        assert conn.execute(select(store.fetches.c.reason)).scalar() == "r" * 64


def test_over_long_entity_names_are_stored_cut_and_merged(engine: Engine) -> None:
    article_id = save(engine, "https://x.example/ents")
    assert article_id is not None
    a, b = ("person", "N" * 400), ("person", "N" * 350)  # garbled text: two names sharing 300 chars
    found = tuple(Entity("person", key[1], None) for key in (a, b))
    mentions = (Mention(a, 0, 0, 5, "S" * 400), Mention(b, 0, 6, 9, "x"))
    store.save_analysis(
        engine, article_id, Analysis(BODY, found, mentions, (Pair(a, b, "article"),)), None, NOW
    )
    with engine.connect() as conn:
        names = conn.execute(select(store.entities.c.name)).scalars().all()
        surfaces = conn.execute(select(store.mentions.c.surface)).scalars().all()
    assert names == ["N" * 300] and sorted(surfaces) == ["S" * 300, "x"]


def test_day_of_is_the_utc_calendar_day_on_every_backend(engine: Engine) -> None:
    save(engine, "https://x.example/late", published=datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
    save(engine, "https://x.example/early", published=datetime(2026, 11, 20, 0, 30, tzinfo=UTC))
    save(engine, "https://x.example/noon", published=NOW)
    day = day_of(store.articles.c.published)
    with engine.connect() as conn:
        rows = conn.execute(select(day, func.count()).group_by(day).order_by(day)).all()
    assert [tuple(r) for r in rows] == [(date(2026, 11, 19), 1), (date(2026, 11, 20), 2)]


@pytest.mark.parametrize("column", sorted(SOURCE_FIELD_LIMITS))
def test_settings_limits_match_the_store_columns(column: str) -> None:
    assert store.sources.c[column].type.length == SOURCE_FIELD_LIMITS[column]  # type: ignore[attr-defined]
