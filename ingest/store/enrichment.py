"""Writes for enrichment: entities (one id per real-world entity), mentions and pairs per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ingest.records import Analysis, Entity, Key
from ingest.store.portable import fit
from ingest.store.schema import articles, entities, mentions, pairs, sources


@dataclass(frozen=True)
class PendingArticle:
    """An article to enrich: its id, body and the outlet's country."""

    id: int
    text: str
    outlet_country: str | None


def iter_pending(
    engine: Engine, *, since: datetime | None = None, everything: bool = False, batch: int = 500
) -> Iterator[PendingArticle]:
    """Articles not enriched yet (or all of them, or those published since a date), in id order."""
    stmt = select(articles.c.id, articles.c.text, sources.c.country).outerjoin(
        sources, sources.c.id == articles.c.source_id
    )
    if not everything:
        stmt = stmt.where(articles.c.enriched_at.is_(None))
    if since is not None:
        stmt = stmt.where(articles.c.published >= since)
    last = 0
    while True:
        with engine.connect() as conn:  # short reads, so ingest can write in between
            rows = conn.execute(stmt.where(articles.c.id > last).order_by(articles.c.id).limit(batch)).all()
        if not rows:
            return
        yield from (PendingArticle(r.id, r.text, r.country) for r in rows)
        last = rows[-1].id


def save_analysis(
    engine: Engine, article_id: int, analysis: Analysis, outlet_country: str | None, now: datetime
) -> None:
    """Replace an article's mentions and pairs with these; safe to re-run after tables or model change."""
    with engine.begin() as conn:
        ids = _entity_ids(conn, analysis.entities)
        conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
        conn.execute(delete(pairs).where(pairs.c.article_id == article_id))
        countries = {e.key: e.country for e in analysis.entities}
        rows = [
            dict(
                article_id=article_id,
                entity_id=ids[m.key],
                sentence=m.sentence,
                start=m.start,
                end=m.end,
                surface=fit(m.surface, mentions.c.surface),
                domestic=outlet_country is not None and countries[m.key] == outlet_country,
            )
            for m in analysis.mentions
        ]
        if rows:
            conn.execute(insert(mentions), rows)
        pair_rows = [_pair_row(article_id, ids, p.a, p.b, p.level, p.start, p.end) for p in analysis.pairs]
        if pair_rows:
            conn.execute(insert(pairs), pair_rows)
        done = dict(enriched_at=now, rolled_up_at=None)  # its day's daily counts are out of date now
        conn.execute(update(articles).where(articles.c.id == article_id).values(**done))


def _pair_row(
    article_id: int, ids: dict[Key, int], a: Key, b: Key, level: str, start: int | None, end: int | None
) -> dict[str, Any]:
    low, high = sorted((ids[a], ids[b]))
    return dict(article_id=article_id, a=low, b=high, level=level, start=start, end=end)


def _entity_ids(conn: Connection, found: Sequence[Entity]) -> dict[Key, int]:
    """Ids for these entities, inserting new ones; an actor keeps its most confident affiliation.

    A name longer than the column (only garbled text yields one) is stored cut to it.
    """
    stored = {e.key: replace(e, name=fit(e.name, entities.c.name)) for e in found}
    known = _existing(conn, stored.values())
    for entity in stored.values():
        row = known.get(entity.key)
        if row is None:
            known[entity.key] = _insert_entity(conn, entity)
        elif entity.kind != "country" and entity.confidence > row[1]:
            conn.execute(
                update(entities)
                .where(entities.c.id == row[0])
                .values(country=entity.country, confidence=entity.confidence, basis=entity.basis)
            )
    return {key: known[e.key][0] for key, e in stored.items()}


def _existing(conn: Connection, found: Iterable[Entity]) -> dict[Key, tuple[int, float]]:
    """Stored ids and confidences of these entities, looked up per kind in chunks of names."""
    names: dict[str, list[str]] = {}
    for kind, name in {e.key for e in found}:
        names.setdefault(kind, []).append(name)
    known: dict[Key, tuple[int, float]] = {}
    for kind, wanted in names.items():
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cols = select(entities.c.id, entities.c.name, entities.c.confidence)
            for r in conn.execute(cols.where(entities.c.kind == kind, entities.c.name.in_(chunk))):
                known[(kind, r.name)] = (r.id, r.confidence)
    return known


def _insert_entity(conn: Connection, e: Entity) -> tuple[int, float]:
    values = dict(kind=e.kind, name=e.name, country=e.country, confidence=e.confidence, basis=e.basis)
    try:
        with conn.begin_nested():
            new_id = conn.execute(insert(entities).values(**values).returning(entities.c.id)).scalar_one()
    except IntegrityError:  # another worker added it a moment ago
        new_id = conn.execute(
            select(entities.c.id).where(entities.c.kind == e.kind, entities.c.name == e.name)
        ).scalar_one()
    return int(new_id), e.confidence
