"""Writes for articles: dedupe on canonical URL and content, copies pointing at their original."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ingest.records import Article
from ingest.store.portable import serialize, url_fits
from ingest.store.schema import articles, insert_id


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
    A URL too long to store and index on every backend is refused as ``url-too-long``.
    """
    a = new.article
    if not url_fits(a.url, a.canonical_url):
        return None, "url-too-long"
    with engine.begin() as conn:
        # Copies of one text saved by two workers at once must each see the other to pick one original.
        serialize(conn, f"fingerprint {new.fingerprint}")
        if conn.execute(select(articles.c.id).where(articles.c.canonical_url == a.canonical_url)).first():
            return None, "duplicate-url"
        group = select(articles.c.source_id).where(articles.c.fingerprint == new.fingerprint)
        if new.source_id in set(conn.execute(group).scalars()):
            return None, "duplicate-content"
        try:
            with conn.begin_nested():
                stmt = insert(articles).values(**_article_row(new)).returning(articles.c.id)
                article_id = insert_id(conn, stmt)
        except IntegrityError:  # another worker stored the same canonical URL a moment ago
            return None, "duplicate-url"
        _point_copies_at_original(conn, new.fingerprint)
        return article_id, "ok"


def _point_copies_at_original(conn: Connection, fingerprint: str) -> None:
    """Copies of one exact text point at its earliest; when clustering found that one to copy an earlier
    (edited) text, they all point at that root instead, so no copy ends up pointing at another copy."""
    same = articles.c.fingerprint == fingerprint
    group = select(articles.c.id, articles.c.duplicate_of).where(same)
    rows = conn.execute(group.order_by(articles.c.published.nulls_last(), articles.c.id)).all()
    original, linked = rows[0]
    root = linked if linked is not None and linked not in {r.id for r in rows} else original
    _repoint(conn, and_(same, articles.c.id != original), root)
    _repoint(conn, articles.c.id == original, None if root == original else root)


def _repoint(conn: Connection, which: ColumnElement[bool], original: int | None) -> None:
    """Point these articles at ``original``; those that change wait for the daily counts again."""
    changed = articles.c.duplicate_of.is_distinct_from(original)
    conn.execute(update(articles).where(which, changed).values(duplicate_of=original, rolled_up_at=None))


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
