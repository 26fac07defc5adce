"""Story (same-event) clustering on ECB+: B-cubed precision, recall and F1 against the 86 seminal events.

Settings are tuned on topics 1–25 only and reported on topics 26–45. ECB+ has no publication times, so
every document gets the same timestamp (one window) and the arrival order is a seeded shuffle.
Entities are approximated by capitalised words, as the real recogniser is not part of this stage.
Run ``python -m evals.stories [--data DIR] [--seeds N] [--tune] [--speed N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evals.topics import data_dir, load_bbc
from ingest.neardup import NearDupIndex
from ingest.stories import StoryClusterer, StoryDoc, StoryOptions, cluster_stories
from ingest.textfeatures import STOP_WORDS

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’.-]*[A-Za-z]")
LOWER_WORD = re.compile(r"\b[a-z][a-z'’.-]*[a-z]")
NOT_ENTITIES = STOP_WORDS | {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mr", "mrs", "ms", "dr", "st", "i",
}  # fmt: skip


@dataclass(frozen=True)
class Scores:
    """B-cubed precision, recall and F1."""

    precision: float
    recall: float
    f1: float


def capitalised_entities(text: str) -> frozenset[str]:
    """A cheap entity proxy: capitalised words never written in lower case in the same text."""
    lower = set(LOWER_WORD.findall(text))
    words = (w.lower().rstrip(".") for w in CAPITALISED.findall(text))
    return frozenset(w for w in words if len(w) > 2 and w not in NOT_ENTITIES and w not in lower)


def load_ecbplus(root: Path) -> tuple[list[StoryDoc], dict[int, str], dict[int, int]]:
    """Documents (sentence 0 as headline), each one's event (subtopic) and topic."""
    docs, events, topics = [], {}, {}
    for i, line in enumerate((root / "ecbplus_docs.jsonl").read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        sentences = [s for s in row["sentences"] if not s.startswith("http")]
        title, body = (sentences[0], "\n".join(sentences[1:])) if sentences else ("", "")
        docs.append(StoryDoc(i, title, body, EPOCH, capitalised_entities(f"{title}\n{body}")))
        events[i], topics[i] = row["subtopic"], int(row["topic"])
    return docs, events, topics


def b_cubed(clusters: Iterable[Sequence[int]], gold: dict[int, str]) -> Scores:
    """B-cubed scores of a clustering (lists of document ids) against gold labels."""
    precision = recall = 0.0
    gold_sizes = Counter(gold.values())
    n = 0
    for members in clusters:
        labels = Counter(gold[m] for m in members)
        for m in members:
            same = labels[gold[m]]
            precision += same / len(members)
            recall += same / gold_sizes[gold[m]]
            n += 1
    p, r = precision / n, recall / n
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def run(docs: Sequence[StoryDoc], gold: dict[int, str], options: StoryOptions, seeds: int) -> Scores:
    """Mean B-cubed over ``seeds`` shuffled arrival orders."""
    scores = []
    for seed in range(seeds):
        order = list(docs)
        random.Random(seed).shuffle(order)
        stories = cluster_stories(order, window=None, options=options)
        scores.append(b_cubed([s.article_ids for s in stories], gold))
    return Scores(*(sum(getattr(s, f) for s in scores) / len(scores) for f in ("precision", "recall", "f1")))


def tune(docs: Sequence[StoryDoc], gold: dict[int, str], seeds: int) -> tuple[StoryOptions, Scores]:
    """Grid-search threshold, entity weight and headline weight (call it on the tuning topics only)."""
    grid = [
        replace(StoryOptions(), threshold=step / 100, entity_weight=entity_weight, title_weight=title_weight)
        for title_weight in (1.0, 2.0)
        for entity_weight in (0.0, 0.25, 0.5, 0.75, 1.0)
        for step in range(14, 41, 2)
    ]
    scored = [(options, run(docs, gold, options, seeds)) for options in grid]
    return max(scored, key=lambda pair: pair[1].f1)


def report(
    docs: list[StoryDoc], events: dict[int, str], topics: dict[int, int], options: StoryOptions, seeds: int
) -> None:
    """Print B-cubed scores on the tuning and the test topics."""
    parts = {
        "topics 1-25 (tuning)": [d for d in docs if topics[d.id] <= 25],
        "topics 26-45 (test)": [d for d in docs if topics[d.id] >= 26],
    }
    for name, part in parts.items():
        s = run(part, events, options, seeds)
        print(
            f"ecbplus {name}: {len(part)} docs, {len({events[d.id] for d in part})} events, "
            f"B3 P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
        )
    print(
        f"settings: threshold {options.threshold:.2f}, entity weight {options.entity_weight:.2f}, "
        f"headline weight {options.title_weight:.1f}; one window (no timestamps); {seeds} seeded orders"
    )


def speed_stream(sources: Sequence[StoryDoc], n: int, days: float, seed: int) -> list[StoryDoc]:
    """``n`` articles over ``days``: rewrites (60% of the sentences) of randomly drawn source documents."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        source = rng.choice(sources)
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", source.text) if rng.random() < 0.6]
        when = EPOCH + timedelta(days=days * i / n)
        out.append(StoryDoc(i, source.title, " ".join(sentences), when, source.entities))
    return out


def measure_speed(sources: Sequence[StoryDoc], n: int) -> None:
    """Per-article cost of StoryClusterer.add (5-day window, all open) and NearDupIndex.add."""
    stream = speed_stream(sources, n, days=4.0, seed=0)
    clusterer, index = StoryClusterer(StoryOptions(window=timedelta(days=5))), NearDupIndex()
    costs = []
    for doc in stream:
        start = time.perf_counter()
        clusterer.add(doc)
        costs.append(time.perf_counter() - start)
    start = time.perf_counter()
    for doc in stream:
        index.add(doc.id, doc.text)
    neardup = (time.perf_counter() - start) / n * 1000
    last = sorted(costs[-1000:])
    print(
        f"speed: {n} articles from {len(sources)} sources, {len(clusterer.stories(open_only=True))} open "
        f"stories at the end; story add {sum(costs) / n * 1000:.2f} ms mean, last 1000: median "
        f"{last[len(last) // 2] * 1000:.2f} ms, p99 {last[len(last) * 99 // 100] * 1000:.2f} ms; "
        f"near-dup add {neardup:.3f} ms"
    )


def speed_sources(data: Path, ecb: Sequence[StoryDoc]) -> list[StoryDoc]:
    """ECB+ documents plus, when present, the BBC articles, so the stream holds thousands of stories."""
    root = data / "bbc-news" / "bbc"
    bbc = load_bbc(root)[0] if root.is_dir() else []
    extra = [StoryDoc(10_000 + d.id, d.title, d.text, EPOCH, capitalised_entities(d.content)) for d in bbc]
    return [*ecb, *extra]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.stories", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="shared data directory (default: ../shared/data)")
    parser.add_argument("--seeds", type=int, default=3, help="shuffled arrival orders averaged")
    parser.add_argument("--tune", action="store_true", help="grid-search the settings on topics 1-25 first")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="also time N synthetic articles")
    args = parser.parse_args(argv)
    root = data_dir(args.data) / "ecbplus"
    if not (root / "ecbplus_docs.jsonl").is_file():
        print(f"skipped: ecbplus_docs.jsonl not found in {root}")
        return 0
    docs, events, topics = load_ecbplus(root)
    options = StoryOptions()
    if args.tune:
        options, _ = tune([d for d in docs if topics[d.id] <= 25], events, args.seeds)
    report(docs, events, topics, options, args.seeds)
    if args.speed:
        measure_speed(speed_sources(data_dir(args.data), docs), args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
