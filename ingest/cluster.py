"""The clustering stage: stored articles → near-duplicate copies, stories and topics → store.

Runs after every ingest (and enrichment) and by ``mediamon cluster``. Each pass reads the articles not
clustered yet plus a look-back window of clustered ones, which it replays into the story clusterer and the
near-duplicate index under the decisions already stored, so ids persist across runs and restarts.
"""

from __future__ import annotations

import pickle
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TypeVar

import numpy as np
from sqlalchemy import Engine

from ingest import store
from ingest.neardup import NearDupOptions, RollingNearDupIndex
from ingest.settings import ClusterSettings
from ingest.store.clusters import ClusterRow, ClusterUpdate, NewTopic, TopicFit
from ingest.stories import StoryClusterer, StoryDoc, StoryOptions
from ingest.topics import TopicDoc, TopicModel, TopicSignature, assign, fit_topics, match_topics, signatures
from ingest.topics import stable_ids as match_ids

BATCH = 500
T = TypeVar("T")


@dataclass(frozen=True)
class ClusterSummary:
    """What one clustering pass did."""

    articles: int  # newly clustered
    copies: int  # of which copies of another article
    stories: int  # stories they opened
    topics: int | None  # number of topics when this pass refitted, else None
    assigned: int  # articles given a topic under the current fit
    seconds: float

    def line(self) -> str:
        refit = f", refitted {self.topics} topics" if self.topics is not None else ""
        return (
            f"clustered {self.articles} articles ({self.copies} copies, {self.stories} new stories)"
            f"{refit}, {self.assigned} given a topic in {self.seconds:.1f} s"
        )


def cluster(
    engine: Engine, options: ClusterSettings, *, refit: bool = False, now: datetime | None = None
) -> ClusterSummary:
    """Cluster what is new; refit topics when asked or when the last fit is older than the cadence."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    clustered, copies, opened = cluster_stories(engine, options, now)
    k, assigned = cluster_topics(engine, options, refit, now)
    return ClusterSummary(clustered, copies, opened, k, assigned, time.perf_counter() - started)


# --- near-duplicates and stories ---------------------------------------------------------------------------


@dataclass
class _Pass:
    """One pass's clusterers and counts."""

    stories_since: datetime  # older clustered articles are only replayed for copies
    stories: StoryClusterer
    copies: RollingNearDupIndex
    clustered: int = 0
    copied: int = 0
    opened: int = 0


def cluster_stories(engine: Engine, options: ClusterSettings, now: datetime) -> tuple[int, int, int]:
    """Find copies and stories for unclustered articles; returns (articles, copies, new stories)."""
    earliest = store.earliest_unclustered(engine)
    if earliest is None:
        return 0, 0, 0
    since = earliest - timedelta(days=max(options.story_window_days, options.duplicate_window_days))
    stories_since = earliest - timedelta(days=options.story_window_days)
    low, next_id = store.story_id_bounds(engine, stories_since)
    story_options = replace(
        StoryOptions(),
        threshold=options.story_threshold,
        window=timedelta(days=options.story_window_days),
        max_span=timedelta(days=options.story_max_days),
    )
    run = _Pass(
        stories_since,
        StoryClusterer(story_options, first_id=next_id if low is None else low, next_id=next_id),
        RollingNearDupIndex(
            timedelta(days=options.duplicate_window_days),
            NearDupOptions(threshold=options.duplicate_threshold),
        ),
    )
    for rows in batched(store.iter_cluster_rows(engine, since, BATCH), BATCH):
        _cluster_batch(engine, rows, run, now)
    return run.clustered, run.copied, run.opened


def _cluster_batch(engine: Engine, rows: tuple[ClusterRow, ...], run: _Pass, now: datetime) -> None:
    # Replayed articles need their entities too, or the story's entity bonus would differ from the first pass.
    replayed = [r.id for r in rows if r.clustered and r.story_id is not None and r.when >= run.stories_since]
    names = store.entity_names(engine, [r.id for r in rows if not r.clustered] + replayed)
    updates: list[ClusterUpdate] = []
    for row in rows:
        sig = np.frombuffer(row.minhash, dtype=np.uint32) if row.minhash else run.copies.signature(row.text)
        known = row.duplicate_of if row.clustered else None
        root = run.copies.add_signature(row.id, sig, row.when, known) if sig is not None else None
        doc = StoryDoc(row.id, row.title, row.text, row.when, names.get(row.id, frozenset()))
        if row.clustered:
            if row.story_id is not None and row.when >= run.stories_since:
                run.stories.restore(doc, row.story_id)
            if root is not None and row.duplicate_of is None:  # an earlier copy arrived late
                updates.append(ClusterUpdate(row.id, row.minhash, row.story_id, root))
            continue
        first_new = run.stories.next_id
        story = run.stories.add(doc)
        run.clustered += 1
        run.opened += story >= first_new
        run.copied += root is not None or row.duplicate_of is not None
        minhash = sig.tobytes() if sig is not None else None
        # The index's root is the earliest copy in the window; an exact-fingerprint link made at save time
        # may point at another copy instead (two copies with the same edits), so the root wins.
        updates.append(ClusterUpdate(row.id, minhash, story, root))
    labels = {}
    for story_id in {u.story_id for u in updates if u.story_id is not None}:
        current = run.stories.story(story_id)
        if current is not None:
            labels[story_id] = current.label
    store.save_clustering(engine, updates, labels, now)


# --- topics ------------------------------------------------------------------------------------------------


def cluster_topics(
    engine: Engine, options: ClusterSettings, refit: bool, now: datetime
) -> tuple[int | None, int]:
    """Refit when due, then give every article without a topic one; returns (k if refitted, assigned)."""
    fit = store.latest_topic_fit(engine)
    age = now - fit.fitted_at if fit else None
    k = None
    if refit or age is None or (options.refit_days > 0 and age >= timedelta(days=options.refit_days)):
        k = refit_topics(engine, options, now)
        fit = store.latest_topic_fit(engine)
    if fit is None:
        return k, 0
    model, ids = load_model(fit.model)
    assigned = 0
    for chunk in batched(store.iter_topic_docs(engine, unassigned=True), 2_000):
        found = assign(model, [TopicDoc(*doc) for doc in chunk])
        store.save_topic_assignments(
            engine,
            fit.id,
            [(doc[0], ids[t] if t >= 0 else None) for doc, t in zip(chunk, found, strict=True)],
        )
        assigned += len(chunk)
    return k, assigned


def refit_topics(engine: Engine, options: ClusterSettings, now: datetime) -> int | None:
    """Fit topics anew and match them to the previous ones so ids persist; None when too few articles."""
    since = now - timedelta(days=options.topic_window_days) if options.topic_window_days else None
    docs = [TopicDoc(*doc) for doc in store.iter_topic_docs(engine, since=since)]
    if len(docs) < options.min_topic_articles:
        return None
    model = fit_topics(docs, k=options.topics or None)
    previous = store.latest_topic_fit(engine)
    if not options.topics and previous and len(model.topics) != previous.k:
        # Topic ids hold still only if the number of topics does: keep the previous k unless the data
        # now prefers another one by more than the noise of the selection score.
        scores = dict(model.k_scores)
        if scores.get(previous.k, -1.0) >= max(scores.values()) - options.topic_k_tolerance:
            model = replace(fit_topics(docs, k=previous.k), k_scores=model.k_scores)
    sigs = signatures(model)
    old = store.live_topics(engine)
    lineage = match_topics([TopicSignature(o.signature) for o in old], sigs)
    ids = match_ids([o.id for o in old], lineage, len(sigs), store.next_topic_id(engine))
    vanished = tuple(old[i].id for i in lineage.vanished)
    merged = tuple((old[i].id, ids[j]) for j, parts in lineage.merges for i in parts if old[i].id in vanished)
    fit = TopicFit(
        model=dump_model(model, ids),
        k=len(model.topics),
        k_scores=model.k_scores,
        topics=tuple(
            NewTopic(ids[t.index], t.label, t.terms, sigs[t.index].terms, t.representatives, t.size)
            for t in model.topics
        ),
        vanished=vanished,
        merged=merged,
        assignments=tuple(
            (d.id, ids[t] if t >= 0 else None) for d, t in zip(docs, model.assignments.tolist(), strict=True)
        ),
    )
    store.save_topic_fit(engine, fit, len(docs), now)
    return fit.k


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Consecutive tuples of ``size`` items (itertools.batched arrived in Python 3.12)."""
    it = iter(items)
    while chunk := tuple(islice(it, size)):
        yield chunk


def dump_model(model: TopicModel, ids: tuple[int, ...]) -> bytes:
    """The fitted model (without its per-document assignments) and the stable id of each topic index."""
    return zlib.compress(pickle.dumps((replace(model, assignments=np.zeros(0, np.int64)), ids)), 6)


def load_model(blob: bytes) -> tuple[TopicModel, tuple[int, ...]]:
    # The blob was written by dump_model into our own store; whoever can write the store is trusted.
    model, ids = pickle.loads(zlib.decompress(blob))  # noqa: S301
    return model, tuple(ids)
