"""Stories: articles about the same real-world event, clustered in one pass as they arrive.

Each article becomes a hashed TF-IDF vector (no vocabulary, so nothing is ever refitted) and joins the active
story whose centroid is most similar, when that similarity (plus a bonus for shared entities) clears a
threshold; otherwise it starts a story. Stories whose last article is older than the window are closed.

Speed comes from never editing an index row: article vectors are immutable, so the index is a few sparse
segments of article rows (merged like a binary counter) and a story's score is the sum of its articles'
dot products with the new article; dividing by the story's centroid norm (kept up to date from those same
dot products) gives the centroid cosine.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np

from ingest.textfeatures import content_tokens, tokenize

RECENT_ENTITY_SETS = 32  # entity overlap is measured against this many latest articles, to bound its cost


@dataclass(frozen=True)
class StoryDoc:
    """One article as story clustering sees it."""

    id: int
    title: str
    text: str
    published: datetime
    entities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Story:
    """A cluster of articles about one event, labelled by its most central headline."""

    id: int
    label: str
    first_seen: datetime
    last_seen: datetime
    article_ids: tuple[int, ...]
    count: int


class StoryAssigner(Protocol):
    """What the pipeline needs from a story clusterer, so another one can be passed in."""

    def add(self, doc: StoryDoc) -> int: ...

    def stories(self, open_only: bool = False) -> list[Story]: ...


@dataclass(frozen=True)
class StoryOptions:
    """Tunables of story clustering; threshold and weights were tuned on ECB+ topics 1–25 only."""

    threshold: float = 0.22
    window: timedelta | None = timedelta(days=5)  # None: never close stories
    # A story takes no new articles once its first is this old: an event's coverage runs for days, and
    # without a cap a running theme (weeks of similar reports) chains into one ever-growing story.
    max_span: timedelta | None = timedelta(days=7)
    entity_weight: float = 0.25  # bonus per unit of mean Jaccard overlap of entities with the articles
    min_cosine: float = 0.1  # text similarity needed before entities count at all
    max_candidates: int = 10  # most similar stories whose entities are compared
    title_weight: float = 2.0  # headline words count this many times
    max_chars: int = 3_000
    n_features: int = 1 << 20
    segment_docs: int = 64  # articles collected before the newest index segment is frozen


@dataclass
class DocumentFrequencies:
    """Document frequencies of hashed features, for IDF without a vocabulary."""

    n_features: int
    counts: np.ndarray = field(init=False)
    n_docs: int = 0

    def __post_init__(self) -> None:
        self.counts = np.zeros(self.n_features, dtype=np.int32)

    def update(self, features: np.ndarray) -> None:
        """Count one document's distinct features."""
        self.counts[features] += 1
        self.n_docs += 1

    def idf(self, features: np.ndarray) -> np.ndarray:
        """Smoothed IDF, as scikit-learn computes it."""
        return np.log((1.0 + self.n_docs) / (1.0 + self.counts[features])) + 1.0


@dataclass(frozen=True)
class DocVector:
    """A unit-length sparse vector: sorted feature indexes and their weights."""

    features: np.ndarray
    weights: np.ndarray

    def dot(self, other: DocVector) -> float:
        """Dot product (the cosine, as both have unit length)."""
        _, mine, theirs = np.intersect1d(
            self.features, other.features, assume_unique=True, return_indices=True
        )
        return float(self.weights[mine] @ other.weights[theirs])


def doc_terms(doc: StoryDoc, options: StoryOptions) -> tuple[np.ndarray, np.ndarray]:
    """Distinct hashed word features of the headline and text, with (headline-weighted) counts."""
    tokens = content_tokens(tokenize([doc.title, doc.text[: options.max_chars]]))
    hashed = (tokens.hashes & np.uint64(options.n_features - 1)).astype(np.int64)
    features, inverse = np.unique(hashed, return_inverse=True)
    weights = np.where(tokens.doc == 0, options.title_weight, 1.0)
    return features, np.bincount(inverse.ravel(), weights=weights, minlength=features.size)


def doc_vector(features: np.ndarray, counts: np.ndarray, frequencies: DocumentFrequencies) -> DocVector:
    """Sublinear TF × IDF, scaled to unit length."""
    weights = (1.0 + np.log(np.maximum(counts, 1.0))) * frequencies.idf(features)
    norm = float(np.linalg.norm(weights))
    return DocVector(features, (weights / norm if norm else weights).astype(np.float32))


@dataclass
class _Segment:
    """An immutable inverted index over a block of article vectors: feature → postings of (row, weight)."""

    features: np.ndarray  # sorted distinct features
    starts: np.ndarray  # postings of features[i] are rows[starts[i]:starts[i + 1]]
    rows: np.ndarray
    weights: np.ndarray
    stories: np.ndarray  # story id of each row
    vectors: list[DocVector]

    @classmethod
    def build(cls, vectors: list[DocVector], stories: list[int]) -> _Segment:
        sizes = [v.features.size for v in vectors]
        features = np.concatenate([v.features for v in vectors] or [np.zeros(0, np.int64)])
        weights = np.concatenate([v.weights for v in vectors] or [np.zeros(0, np.float32)])
        rows = np.repeat(np.arange(len(vectors)), sizes)
        order = np.argsort(features, kind="stable")
        features, first = np.unique(features[order], return_index=True)
        starts = np.append(first, order.size)
        return cls(
            features, starts, rows[order], weights[order], np.asarray(stories, dtype=np.int64), vectors
        )

    def dots(self, x: DocVector) -> tuple[np.ndarray, np.ndarray]:
        """(story, partial dot product) for every posting of a feature of ``x``."""
        pos = np.searchsorted(self.features, x.features).clip(max=max(self.features.size - 1, 0))
        hit = np.flatnonzero(self.features[pos] == x.features) if self.features.size else pos[:0]
        low, high = self.starts[pos[hit]], self.starts[pos[hit] + 1]
        lengths = high - low
        # Concatenated ranges low[i]:high[i] without a Python loop.
        offsets = np.repeat(low - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        products = self.weights[offsets] * np.repeat(x.weights[hit], lengths)
        return self.stories[self.rows[offsets]], products


@dataclass
class _StoryState:
    """What an open story keeps: its articles, centroid norm and its recent articles' entities."""

    id: int
    first_seen: datetime
    last_seen: datetime
    article_ids: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    vectors: list[DocVector] = field(default_factory=list)
    recent_entities: deque[frozenset[str]] = field(default_factory=lambda: deque(maxlen=RECENT_ENTITY_SETS))
    norm2: float = 0.0

    def entity_overlap(self, entities: frozenset[str]) -> float:
        """Mean Jaccard overlap between a document's entities and those of the story's recent articles."""
        if not entities:
            return 0.0
        total = sum(len(entities & other) / len(entities | other) for other in self.recent_entities if other)
        return total / len(self.recent_entities)

    def add(self, doc: StoryDoc, vector: DocVector, dot: float) -> None:
        """Append an article; ``dot`` is its dot product with the current centroid sum."""
        self.article_ids.append(doc.id)
        self.titles.append(doc.title)
        self.vectors.append(vector)
        self.recent_entities.append(doc.entities)
        self.norm2 += 2.0 * dot + float(vector.weights @ vector.weights)
        self.first_seen = min(self.first_seen, doc.published)
        self.last_seen = max(self.last_seen, doc.published)

    def freeze(self) -> Story:
        """The story as a record, labelled by the headline of the article closest to the centroid."""
        return Story(
            self.id,
            self.titles[self.central()],
            self.first_seen,
            self.last_seen,
            tuple(self.article_ids),
            len(self.article_ids),
        )

    def central(self) -> int:
        """Index of the article with the largest dot product with the centroid."""
        if len(self.vectors) <= 2:
            return 0
        index = _Segment.build(self.vectors, list(range(len(self.vectors))))
        centroid = np.zeros(index.features.size)
        np.add.at(
            centroid,
            np.searchsorted(index.features, np.concatenate([v.features for v in self.vectors])),
            np.concatenate([v.weights for v in self.vectors]),
        )
        per_article = np.bincount(
            index.rows, weights=index.weights * np.repeat(centroid, np.diff(index.starts))
        )
        return int(np.argmax(per_article))


class StoryClusterer:
    """Incremental single-pass story clustering within a time window."""

    def __init__(
        self,
        options: StoryOptions | None = None,
        frequencies: DocumentFrequencies | None = None,
        first_id: int = 0,
        next_id: int | None = None,
    ) -> None:
        """``frequencies`` fixes the IDF statistics; without it they are learned from the articles added.

        Story ids start at ``next_id`` (default ``first_id``); stories restored from a store may use ids
        from ``first_id`` up.
        """
        self.options = options or StoryOptions()
        self._learn = frequencies is None
        self.frequencies = frequencies or DocumentFrequencies(self.options.n_features)
        self._first_id = first_id
        self._next_id = first_id if next_id is None else max(next_id, first_id)
        self._open: dict[int, _StoryState] = {}
        self._closed: dict[int, Story] = {}
        self._norm2 = np.zeros(1024)  # by story id - first_id; +inf once closed so it never matches
        self._segments: list[_Segment] = []
        self._tail: list[tuple[DocVector, int]] = []
        self._tail_segment: _Segment | None = None
        self._now: datetime | None = None
        self._expiry: list[tuple[datetime, int]] = []  # (last seen, story id) heap; stale entries skipped

    @property
    def next_id(self) -> int:
        return self._next_id

    def add(self, doc: StoryDoc) -> int:
        """Place one article in a story and return the story id."""
        vector = self._vector(doc)
        story, dot = self._best_story(doc, vector)
        if story is None:
            story, dot = self._open_story(doc, self._next_id), 0.0
        self._join(story, doc, vector, dot)
        return story.id

    def story(self, story_id: int) -> Story | None:
        """A story as it stands (open or closed), or None when unknown."""
        state = self._open.get(story_id)
        return state.freeze() if state else self._closed.get(story_id)

    def restore(self, doc: StoryDoc, story_id: int) -> bool:
        """Put back an article a previous run placed in ``story_id``; False when that story has closed."""
        vector = self._vector(doc)
        slot = story_id - self._first_id
        if slot < 0 or (slot < self._norm2.size and np.isinf(self._norm2[slot])):
            return False
        story = self._open.get(story_id) or self._open_story(doc, story_id)
        ids, dots = self._story_dots(vector)
        self._join(story, doc, vector, float(dots[ids == story_id].sum()))
        return True

    def _vector(self, doc: StoryDoc) -> DocVector:
        self._advance(doc.published)
        features, counts = doc_terms(doc, self.options)
        if self._learn:
            self.frequencies.update(features)
        return doc_vector(features, counts, self.frequencies)

    def _join(self, story: _StoryState, doc: StoryDoc, vector: DocVector, dot: float) -> None:
        story.add(doc, vector, dot)
        self._norm2[story.id - self._first_id] = story.norm2
        heapq.heappush(self._expiry, (story.last_seen, story.id))
        self._index(vector, story.id)

    def stories(self, open_only: bool = False) -> list[Story]:
        """Every story so far (closed ones first), or only those still open."""
        current = [s.freeze() for s in self._open.values()]
        return current if open_only else [*self._closed.values(), *current]

    def _best_story(self, doc: StoryDoc, vector: DocVector) -> tuple[_StoryState | None, float]:
        """The most similar open story above the threshold, with the article's dot product with it."""
        ids, dots = self._story_dots(vector)
        cosines = dots / np.sqrt(self._norm2[ids - self._first_id])
        # Only stories the entity bonus could lift over the threshold are worth a closer look, and shared
        # names alone never join an article to a story about something else.
        reach = max(self.options.min_cosine, self.options.threshold - self.options.entity_weight)
        near = np.flatnonzero(cosines >= reach)
        best, best_score, best_dot = None, self.options.threshold, 0.0
        for i in near[np.argsort(-cosines[near], kind="stable")][: self.options.max_candidates]:
            story = self._open.get(int(ids[i]))
            if story is None:  # closed since its rows were indexed
                continue
            if self.options.max_span is not None and doc.published - story.first_seen > self.options.max_span:
                continue
            score = cosines[i] + self.options.entity_weight * story.entity_overlap(doc.entities)
            if score >= best_score:
                best, best_score, best_dot = story, float(score), float(dots[i])
        return best, best_dot

    def _story_dots(self, vector: DocVector) -> tuple[np.ndarray, np.ndarray]:
        """Story ids sharing a feature with the article, and its dot product with each centroid sum."""
        parts = [segment.dots(vector) for segment in self._searchable()] if vector.features.size else []
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        stories = np.concatenate([p[0] for p in parts]) - self._first_id
        sums = np.bincount(stories, weights=np.concatenate([p[1] for p in parts]))
        ids = np.flatnonzero(sums)
        return ids + self._first_id, sums[ids]

    def _searchable(self) -> list[_Segment]:
        if self._tail and self._tail_segment is None:
            vectors, stories = zip(*self._tail, strict=True)
            self._tail_segment = _Segment.build(list(vectors), list(stories))
        return self._segments + ([self._tail_segment] if self._tail_segment else [])

    def _index(self, vector: DocVector, story_id: int) -> None:
        """Add an article row; freeze the tail into a segment when full and merge equal-sized segments."""
        self._tail.append((vector, story_id))
        self._tail_segment = None
        if len(self._tail) < self.options.segment_docs:
            return
        segment, self._tail = self._without_closed([self._tail]), []
        while self._segments and self._segments[-1].stories.size <= segment.stories.size:
            previous = self._segments.pop()
            segment = self._without_closed(
                [
                    list(zip(previous.vectors, previous.stories.tolist(), strict=True)),
                    list(zip(segment.vectors, segment.stories.tolist(), strict=True)),
                ]
            )
        self._segments.append(segment)

    def _without_closed(self, blocks: list[list[tuple[DocVector, int]]]) -> _Segment:
        """One segment of the rows of ``blocks`` that belong to open stories."""
        keep = [(v, s) for block in blocks for v, s in block if s in self._open]
        return _Segment.build([v for v, _ in keep], [s for _, s in keep])

    def _open_story(self, doc: StoryDoc, story_id: int) -> _StoryState:
        story = _StoryState(story_id, doc.published, doc.published)
        self._open[story.id] = story
        self._next_id = max(self._next_id, story_id + 1)
        slot = story.id - self._first_id
        while slot >= self._norm2.size:
            self._norm2 = np.concatenate([self._norm2, np.zeros(self._norm2.size)])
        return story

    def _advance(self, published: datetime) -> None:
        """Move the clock to the newest publication time and close stories that left the window."""
        if self._now is not None and published <= self._now:
            return
        self._now = published
        if self.options.window is None:
            return
        horizon = published - self.options.window
        while self._expiry and self._expiry[0][0] < horizon:
            last_seen, story_id = heapq.heappop(self._expiry)
            story = self._open.get(story_id)
            if story is not None and story.last_seen == last_seen:
                self._closed[story_id] = self._open.pop(story_id).freeze()
                self._norm2[story_id - self._first_id] = np.inf


def count_frequencies(docs: Iterable[StoryDoc], options: StoryOptions) -> DocumentFrequencies:
    """Document frequencies over a batch, so a re-run weighs terms by the whole batch from the start."""
    frequencies = DocumentFrequencies(options.n_features)
    for doc in docs:
        frequencies.update(doc_terms(doc, options)[0])
    return frequencies


def cluster_stories(
    docs: Sequence[StoryDoc],
    threshold: float | None = None,
    window: timedelta | None = None,
    options: StoryOptions | None = None,
) -> list[Story]:
    """Re-run story clustering over a batch in publication order (``window=None``: one window for all)."""
    options = options or StoryOptions()
    options = replace(options, window=window, threshold=options.threshold if threshold is None else threshold)
    ordered = sorted(docs, key=lambda d: d.published)
    clusterer = StoryClusterer(options, count_frequencies(ordered, options))
    for doc in ordered:
        clusterer.add(doc)
    return clusterer.stories()
