import json
import pickle
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import evals.stories
from evals.stories import load_ecbplus
from ingest.stories import (
    DocumentFrequencies,
    StoryClusterer,
    StoryDoc,
    StoryOptions,
    cluster_stories,
    doc_terms,
    doc_vector,
)

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
QUAKE = "earthquake magnitude struck aftershocks collapsed buildings rescue teams rubble epicentre tremor"
EVENTS = {
    "chile-quake": (QUAKE, "valparaiso chile coastal port santiago tsunami warning navy fishermen harbour"),
    "japan-quake": (QUAKE, "hokkaido japan sapporo bullet trains nuclear plant inspectors ferry shinkansen"),
    "kenya-vote": (
        "election ballots polling stations turnout count tallying results commission observers",
        "nairobi kenya mombasa kisumu presidential runoff independent electoral boundaries",
    ),
    "transfer": (
        "transfer fee signed contract striker club medical agent season wages",
        "madrid forward bernabeu release clause bundesliga dortmund winger academy",
    ),
}
ENTITIES = {
    "chile-quake": ["Chile", "Valparaiso", "Santiago"],
    "japan-quake": ["Japan", "Hokkaido", "Sapporo"],
    "kenya-vote": ["Kenya", "Nairobi", "Mombasa"],
    "transfer": ["Real Madrid", "Borussia Dortmund"],
}
FILLER_TEXT = "officials said the latest reports on monday showed further details emerging from the area"
FILLER = FILLER_TEXT.split()


def article(event: str, i: int, rng: random.Random, when: datetime) -> StoryDoc:
    """A synthetic article: type words shared with same-type events, event words, and filler."""
    kind, specific = (words.split() for words in EVENTS[event])
    pick = [
        rng.choice(specific) if r < 0.5 else rng.choice(kind) if r < 0.65 else rng.choice(FILLER)
        for r in (rng.random() for _ in range(70))
    ]
    title = " ".join(rng.choice(specific + kind) for _ in range(7)).capitalize()
    return StoryDoc(i, title, " ".join(pick), when, frozenset(rng.sample(ENTITIES[event], 2)))


def stream(
    per_event: int, seed: int, spread: timedelta = timedelta(hours=48)
) -> tuple[list[StoryDoc], dict[int, str]]:
    """Interleaved articles about the four events, in publication order."""
    rng = random.Random(seed)
    events = [e for e in EVENTS for _ in range(per_event)]
    rng.shuffle(events)
    step = spread / len(events)
    docs = [article(e, i, rng, T0 + i * step) for i, e in enumerate(events)]
    return docs, {d.id: e for d, e in zip(docs, events, strict=True)}


def partition(groups: list[tuple[int, ...]]) -> set[frozenset[int]]:
    return {frozenset(g) for g in groups}


def test_groups_each_event_and_separates_events_of_the_same_kind() -> None:
    docs, gold = stream(per_event=8, seed=1)
    clusterer = StoryClusterer()
    ids = [clusterer.add(d) for d in docs]
    expected = partition([tuple(i for i, e in gold.items() if e == event) for event in EVENTS])
    assert partition([s.article_ids for s in clusterer.stories()]) == expected
    by_story = {s.id: set(s.article_ids) for s in clusterer.stories()}
    assert all(d.id in by_story[story_id] for d, story_id in zip(docs, ids, strict=True))


def test_story_records_span_and_count() -> None:
    docs, _ = stream(per_event=5, seed=2)
    for story in cluster_stories(docs, window=timedelta(days=3)):
        members = [d for d in docs if d.id in story.article_ids]
        assert story.count == len(members) == 5
        assert (story.first_seen, story.last_seen) == (
            min(d.published for d in members),
            max(d.published for d in members),
        )
        assert story.label in {d.title for d in members}


def test_stories_close_when_they_leave_the_window() -> None:
    rng = random.Random(3)
    clusterer = StoryClusterer(StoryOptions(window=timedelta(days=3)))
    first = {clusterer.add(article("chile-quake", i, rng, T0 + timedelta(hours=i))) for i in range(4)}
    later = clusterer.add(article("chile-quake", 10, rng, T0 + timedelta(days=10)))
    assert len(first) == 1 and later not in first
    assert [s.id for s in clusterer.stories(open_only=True)] == [later]
    assert [s.id for s in clusterer.stories()] == [*first, later]


def test_shared_entities_lift_a_borderline_match() -> None:
    a = StoryDoc(
        1,
        "Port reopens",
        "harbour cranes dockers ships cargo strike wages union",
        T0,
        frozenset({"Rotterdam"}),
    )
    b = StoryDoc(
        2,
        "Port reopens",
        "harbour cranes dockers lorries customs queue border delays",
        T0,
        frozenset({"Rotterdam"}),
    )
    frequencies = DocumentFrequencies(StoryOptions().n_features)
    for doc in (a, b):
        frequencies.update(doc_terms(doc, StoryOptions())[0])
    va, vb = (doc_vector(*doc_terms(d, StoryOptions()), frequencies) for d in (a, b))
    options = StoryOptions(threshold=va.dot(vb) + 0.1, entity_weight=0.5, window=None)
    assert len(cluster_stories([a, b], options=options)) == 1
    strangers = StoryDoc(2, b.title, b.text, T0, frozenset({"Antwerp"}))
    assert len(cluster_stories([a, strangers], options=options)) == 2


def test_label_is_the_most_central_headline() -> None:
    texts = [
        "volcano ash flights grounded iceland airspace",
        "volcano ash flights grounded iceland airspace airlines",
        "volcano ash flights airlines passengers stranded",
    ]
    docs = [StoryDoc(i, f"headline {i}", t, T0, frozenset()) for i, t in enumerate(texts)]
    [story] = cluster_stories(docs, threshold=0.2, options=StoryOptions(window=None))
    assert story.label == "headline 1"


def test_segmented_index_gives_the_same_stories_as_a_single_block() -> None:
    docs, _ = stream(per_event=15, seed=4)
    small, large = (
        StoryClusterer(StoryOptions(segment_docs=3)),
        StoryClusterer(StoryOptions(segment_docs=10**6)),
    )
    assert [small.add(d) for d in docs] == [large.add(d) for d in docs]


def test_batch_mode_follows_publication_order_and_is_deterministic() -> None:
    docs, _ = stream(per_event=6, seed=5)
    shuffled = docs[:]
    random.Random(0).shuffle(shuffled)
    first = [s.article_ids for s in cluster_stories(docs, window=timedelta(days=5))]
    assert [s.article_ids for s in cluster_stories(shuffled, window=timedelta(days=5))] == first


@pytest.mark.parametrize("text", ["", "the and of", "12 345"])
def test_articles_without_words_start_their_own_story(text: str) -> None:
    clusterer = StoryClusterer()
    ids = {clusterer.add(StoryDoc(i, "", text, T0)) for i in range(2)}
    assert len(ids) == 2


def test_clusterer_state_pickles_and_continues_identically() -> None:
    docs, _ = stream(per_event=10, seed=6)
    live = StoryClusterer()
    for doc in docs[:25]:
        live.add(doc)
    restored = pickle.loads(pickle.dumps(live))
    assert [restored.add(d) for d in docs[25:]] == [live.add(d) for d in docs[25:]]


def test_a_story_takes_no_articles_once_its_first_is_older_than_the_cap() -> None:
    text = "The harbour authority closed the port of Mombasa after a fire damaged two cranes on the quay."
    start = datetime(2026, 11, 1, tzinfo=UTC)
    days = [0, 3, 6, 9]  # each within the 5-day window of the one before
    docs = [StoryDoc(i, "Port closed", text, start + timedelta(days=d)) for i, d in enumerate(days)]
    capped = StoryClusterer(StoryOptions(window=timedelta(days=5), max_span=timedelta(days=7)))
    chained = StoryClusterer(StoryOptions(window=timedelta(days=5), max_span=None))
    assert [capped.add(d) for d in docs] == [0, 0, 0, 1]
    assert [chained.add(d) for d in docs] == [0, 0, 0, 0]


def write_ecbplus(root: Path) -> None:
    """Two documents in the ECB+ export's shape, written for this test."""
    rows = [
        {
            "doc_name": "1_1ecb.xml",
            "topic": 1,
            "subtopic": "1_ecb",
            "sentences": [QUAKE, "Valparaiso harbour."],
        },
        {"doc_name": "1_2ecbplus.xml", "topic": 1, "subtopic": "1_ecbplus", "sentences": ["Hokkaido ferry."]},
    ]
    (root / "ecbplus_docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def test_ecbplus_entities_come_from_the_whole_text(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)
    seen: list[tuple[Sequence[str], Sequence[str]]] = []

    def finder(names: Sequence[str], texts: Sequence[str]) -> list[frozenset[str]]:
        seen.append((names, texts))
        return [frozenset({name}) for name in names]

    docs, events, topics = load_ecbplus(tmp_path, finder)
    assert seen == [
        (["1_1ecb.xml", "1_2ecbplus.xml"], [f"{QUAKE}\nValparaiso harbour.", "Hokkaido ferry.\n"])
    ]
    assert [d.entities for d in docs] == [frozenset({"1_1ecb.xml"}), frozenset({"1_2ecbplus.xml"})]
    assert docs[0].title == QUAKE and docs[0].text == "Valparaiso harbour."
    assert events == {0: "1_ecb", 1: "1_ecbplus"} and topics == {0: 1, 1: 1}


def test_ecbplus_entities_are_read_from_the_cache_by_document_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ecbplus(tmp_path)
    cache = tmp_path / "entities.json"
    cache.write_text(json.dumps({"1_1ecb.xml": ["Chile", "Valparaiso"], "1_2ecbplus.xml": []}))
    monkeypatch.setattr(evals.stories, "entity_cache", lambda: cache)
    docs, _, _ = load_ecbplus(tmp_path)  # a cold cache would load the spaCy model instead
    assert [d.entities for d in docs] == [frozenset({"Chile", "Valparaiso"}), frozenset()]
