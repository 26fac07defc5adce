"""Bulk loading for generated corpora (tests, benchmarks, the scale runs): many articles per transaction."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from datetime import datetime
from itertools import combinations, islice
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint

from ingest.records import Analysis, Entity, Key, Mention, Pair
from ingest.store.articles import NewArticle, _article_row, _point_copies_at_original
from ingest.store.enrichment import _entity_ids
from ingest.store.portable import url_fits
from ingest.store.schema import articles, mentions, pairs, stories, topic_fits, topics

T = TypeVar("T")


def save_articles_bulk(engine: Engine, items: Iterable[NewArticle], batch: int = 2_000) -> int:
    """Insert articles whose canonical URL is new, a batch per transaction; returns how many were added.

    Unlike ``save_article`` it does not refuse a same-outlet copy of a text, so it is for trusted,
    generated input; exact copies still point at their earliest published original.
    """
    added = 0
    for chunk in _batches(iter(items), batch):
        rows = [_article_row(new) for new in chunk if url_fits(new.article.url, new.article.canonical_url)]
        with engine.begin() as conn:
            urls = [r["canonical_url"] for r in rows]
            known = set(
                conn.execute(
                    select(articles.c.canonical_url).where(articles.c.canonical_url.in_(urls))
                ).scalars()
            )
            fresh = list({r["canonical_url"]: r for r in rows if r["canonical_url"] not in known}.values())
            if fresh:
                conn.execute(insert(articles), fresh)
            added += len(fresh)
    with engine.begin() as conn:
        shared = select(articles.c.fingerprint).group_by(articles.c.fingerprint).having(func.count() > 1)
        for fingerprint in conn.execute(shared).scalars().all():
            _point_copies_at_original(conn, fingerprint)
    return added


@contextmanager
def deferred_indexes(engine: Engine, *tables: Table) -> Iterator[None]:
    """Load into the tables without their costly indexes, then build those again, each in one pass.

    Rows arrive in article order, so an index led by ``article_id`` only grows at its right edge (and the
    load's own replace-by-article needs it); the others take random inserts into a tree larger than
    memory, and on PostgreSQL every row also checks its foreign keys. Those indexes and (on PostgreSQL)
    foreign keys are dropped for the load and built after it, each in a transaction of its own, even when
    the load fails; if the process dies first, ``ensure_schema`` builds missing indexes at the next start.
    For loading a store nothing else writes to (tests, benchmarks).
    """
    dropped = [ix for t in tables for ix in t.indexes if next(iter(ix.columns)).name != "article_id"]
    postgres = engine.dialect.name == "postgresql"
    keys = [fk for t in tables for fk in t.foreign_key_constraints] if postgres else []
    with engine.begin() as conn:
        for table in tables if postgres else ():
            for found in inspect(conn).get_foreign_keys(table.name):
                conn.execute(text(f'ALTER TABLE "{table.name}" DROP CONSTRAINT "{found["name"]}"'))
        for ix in dropped:
            ix.drop(conn, checkfirst=True)
    try:
        yield
    finally:
        for ix in dropped:
            with engine.begin() as conn:
                if postgres:
                    conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
                ix.create(conn, checkfirst=True)
        for fk in keys:
            with engine.begin() as conn:
                conn.execute(AddConstraint(fk))


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(islice(items, size)):
        yield chunk


# --- entities, mentions and pairs from known truth (generated corpora) -----------------------------------


@dataclass(frozen=True)
class TruthEntity:
    """An entity a generated text is known to name, and the surface forms it may be printed as."""

    entity: Entity
    forms: tuple[str, ...]


@dataclass(frozen=True)
class TruthArticle:
    """A stored article (by canonical URL), its body and the entities it is known to name."""

    canonical_url: str
    text: str
    outlet_country: str | None
    entities: tuple[TruthEntity, ...]


@dataclass(frozen=True)
class TruthCounts:
    """What ``save_truth_bulk`` wrote, and how many named entities it found no printed form of."""

    articles: int = 0
    mentions: int = 0
    pairs: int = 0
    unfound: int = 0

    def __add__(self, other: TruthCounts) -> TruthCounts:
        return TruthCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


Span = tuple[int, int, Key]  # start, end, entity
# A sentence ends at . ! or ? (with its closing quote) before a space and a capital or an opening quote;
# every line (a paragraph) ends one too.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(A-Z0-9])")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character start and end of each sentence of a plain text."""
    bounds: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            bounds.append((line_start + start, line_start + m.end()))
            start = len(line) - len(line[m.end() :].lstrip())
        if start < len(line):
            bounds.append((line_start + start, line_start + len(line)))
        line_start += len(line) + 1
    return bounds


def truth_analysis(text: str, named: Sequence[TruthEntity]) -> tuple[Analysis, int]:
    """The ``Analysis`` enrichment would make if it found exactly the named entities wherever printed.

    Returns it and how many named entities have no printed form in the text (they are left out).
    """
    bounds = sentence_bounds(text)
    spans = find_spans(text, named)
    starts = [a for a, _ in bounds]
    found = tuple(Mention(key, bisect_right(starts, a) - 1, a, b, text[a:b]) for a, b, key in spans)
    keys = {m.key for m in found}
    by_sentence: dict[int, set[Key]] = {}
    for m in found:
        by_sentence.setdefault(m.sentence, set()).add(m.key)
    pairs_found = [
        Pair(a, b, "sentence", *bounds[i])
        for i, together in sorted(by_sentence.items())
        for a, b in combinations(sorted(together), 2)
    ]
    pairs_found += [Pair(a, b, "article") for a, b in combinations(sorted(keys), 2)]
    entities = tuple(t.entity for t in named if t.entity.key in keys)
    return Analysis(text, entities, found, tuple(pairs_found)), len({t.entity.key for t in named} - keys)


def find_spans(text: str, named: Sequence[TruthEntity]) -> list[Span]:
    """Where each named entity is printed, in text order.

    Overlapping country forms keep the longer span, so "North Korea" is not also "Korea"; an actor's
    name may hold another's ("UN" in "UN Security Council") or a country ("Bank of Japan"), and both
    count, as the truth says both are named.
    """
    spans = _longest_first([span for t in named if t.entity.kind == "country" for span in _printed(text, t)])
    for t in named:
        if t.entity.kind != "country":
            spans += _longest_first(_printed(text, t))
    spans.sort()
    return spans


def _printed(text: str, named: TruthEntity) -> Iterator[Span]:
    """Every whole-word occurrence of the entity's forms (str.find: far faster than a regex here)."""
    key, size = named.entity.key, len(text)
    for form in named.forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            before = text[at - 1] if at else " "
            after = text[end] if end < size else " "
            if not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_"):
                yield at, end, key
            at = text.find(form, at + 1)


def _longest_first(spans: Iterable[Span]) -> list[Span]:
    """The spans that no earlier or longer span overlaps."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def save_truth_bulk(
    engine: Engine, items: Iterable[TruthArticle], now: datetime, batch: int = 2_000
) -> TruthCounts:
    """Entities, mentions and pairs of stored articles from what their text is known to name, in bulk.

    For generated corpora (tests, benchmarks): the rows ``save_analysis`` writes for those findings (one
    entity per real-world entity; a mention per printed form; sentence pairs with the sentence's offsets
    and article pairs, a < b by id), many articles per transaction; ``enriched_at`` is set. An article's
    earlier mentions and pairs are replaced; articles not in the store are skipped.
    """
    total, ids = TruthCounts(), _EntityIds()
    for chunk in _batches(iter(items), batch):
        total += _save_truth_batch(engine, chunk, ids, now)
    return total


@dataclass
class _EntityIds:
    """Entity ids known so far in one bulk load, so each batch asks the store only about new ones."""

    known: dict[Key, int] = field(default_factory=dict)

    def resolve(self, conn: Connection, found: Iterable[Entity]) -> dict[Key, int]:
        new = list({e.key: e for e in found if e.key not in self.known}.values())
        if new:
            self.known.update(_entity_ids(conn, new))
        return self.known


MENTION_COLUMNS = ("article_id", "entity_id", "sentence", "start", "end", "surface", "domestic")
PAIR_COLUMNS = ("article_id", "a", "b", "level", "start", "end")


@dataclass(frozen=True)
class _Rows:
    mentions: list[tuple[Any, ...]]  # in MENTION_COLUMNS order
    pairs: list[tuple[Any, ...]]  # in PAIR_COLUMNS order
    unfound: int


def _save_truth_batch(
    engine: Engine, chunk: list[TruthArticle], ids: _EntityIds, now: datetime
) -> TruthCounts:
    found = [(item, find_spans(item.text, item.entities)) for item in chunk]
    with engine.begin() as conn:
        urls = [item.canonical_url for item in chunk]
        stmt = select(articles.c.canonical_url, articles.c.id).where(articles.c.canonical_url.in_(urls))
        stored = {url: article_id for url, article_id in conn.execute(stmt)}
        present = [
            (stored[item.canonical_url], item, spans) for item, spans in found if item.canonical_url in stored
        ]
        entity_ids = ids.resolve(conn, (t.entity for _, item, _ in present for t in item.entities))
        article_ids = [article_id for article_id, _, _ in present]
        rows = [_truth_rows(article_id, item, spans, entity_ids) for article_id, item, spans in present]
        conn.execute(delete(mentions).where(mentions.c.article_id.in_(article_ids)))
        conn.execute(delete(pairs).where(pairs.c.article_id.in_(article_ids)))
        mention_rows = [m for r in rows for m in r.mentions]
        pair_rows = [p for r in rows for p in r.pairs]
        insert_rows(conn, mentions.name, MENTION_COLUMNS, mention_rows)
        insert_rows(conn, pairs.name, PAIR_COLUMNS, pair_rows)
        done = dict(enriched_at=now, rolled_up_at=None)
        conn.execute(update(articles).where(articles.c.id.in_(article_ids)).values(**done))
    return TruthCounts(len(present), len(mention_rows), len(pair_rows), sum(r.unfound for r in rows))


def insert_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Many rows straight through the driver: COPY on PostgreSQL, executemany on SQLite.

    Tens of millions of generated rows would spend most of their time in SQLAlchemy's per-row parameter
    handling and the NUL-stripping hook; generated text holds no NUL, and the values are plain.
    """
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    raw: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def _truth_rows(article_id: int, item: TruthArticle, spans: list[Span], ids: dict[Key, int]) -> _Rows:
    bounds = sentence_bounds(item.text)
    starts = [a for a, _ in bounds]
    home = {
        t.entity.key: item.outlet_country is not None and t.entity.country == item.outlet_country
        for t in item.entities
    }
    width = getattr(mentions.c.surface.type, "length", None) or 300
    mention_rows: list[tuple[Any, ...]] = []
    by_sentence: dict[int, set[int]] = {}
    for a, b, key in spans:
        sentence = bisect_right(starts, a) - 1
        by_sentence.setdefault(sentence, set()).add(ids[key])
        mention_rows.append((article_id, ids[key], sentence, a, b, item.text[a:b][:width], home[key]))
    pair_rows: list[tuple[Any, ...]] = [
        (article_id, low, high, "sentence", *bounds[i])
        for i, together in sorted(by_sentence.items())
        for low, high in combinations(sorted(together), 2)
    ]
    named = {ids[key] for _, _, key in spans}
    pair_rows += [
        (article_id, low, high, "article", None, None) for low, high in combinations(sorted(named), 2)
    ]
    unfound = len({t.entity.key for t in item.entities} - {key for _, _, key in spans})
    return _Rows(mention_rows, pair_rows, unfound)


def save_clusters_bulk(
    engine: Engine,
    topic_rows: list[dict[str, Any]],
    story_rows: list[dict[str, Any]],
    assigned: list[tuple[int, int, int]],
    now: datetime,
) -> None:
    """Topics (under one new fit without a model), stories, and each article's (id, topic, story), in one
    transaction: for generated corpora too large to cluster. The articles are marked for recount."""
    with engine.begin() as conn:
        fitted = dict(fitted_at=now, k=len(topic_rows), n_docs=len(assigned), model=b"")
        fit = conn.execute(insert(topic_fits).values(**fitted).returning(topic_fits.c.id)).scalar_one()
        conn.execute(insert(topics), [row | dict(first_fit_id=fit, last_fit_id=fit) for row in topic_rows])
        conn.execute(insert(stories), story_rows)
        # One UPDATE joined to a temporary table (COPY-loaded on PostgreSQL), not a million single updates.
        temporary = Table(
            "bulk_assigned",
            MetaData(),
            *(Column(name, Integer) for name in ("id", "topic", "story")),
            prefixes=["TEMPORARY"],
        )
        temporary.create(conn)
        insert_rows(conn, temporary.name, ("id", "topic", "story"), assigned)
        t = temporary.c
        done = dict(topic_id=t.topic, story_id=t.story, topic_fit_id=fit, clustered_at=now, rolled_up_at=None)
        conn.execute(update(articles).where(articles.c.id == t.id).values(**done))
        temporary.drop(conn)
