"""Story (same-event) clustering on ECB+: B-cubed precision, recall and F1 against the 86 seminal events.

Settings are tuned on topics 1–25 only and reported on topics 26–45. ECB+ has no publication times, so
every document gets the same timestamp (one window) and the arrival order is a seeded shuffle.
Entities are the canonical names enrichment finds (countries, persons, organisations), as the store hands
them to story clustering; they are cached under the temporary directory by document name, so re-runs are
fast. ``--entities capitalised`` uses the old stand-in (capitalised words) instead, for comparison.
Run ``python -m evals.stories [--data DIR] [--seeds N] [--tune] [--entities KIND] [--speed N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

from evals.topics import data_dir, load_bbc
from ingest.actor_names import DEFAULT_ALIASES_PATH, DEFAULT_NER, DEFAULT_TABLE_PATH
from ingest.neardup import NearDupIndex
from ingest.stories import StoryClusterer, StoryDoc, StoryOptions, cluster_stories
from ingest.teams import DEFAULT_TEAMS_PATH
from ingest.textfeatures import STOP_WORDS

EntityFinder = Callable[[Sequence[str], Sequence[str]], list[frozenset[str]]]  # (doc names, texts) → entities

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


def capitalised(names: Sequence[str], texts: Sequence[str]) -> list[frozenset[str]]:
    """The stand-in entities of each text (``names`` is unused: nothing is cached)."""
    return [capitalised_entities(text) for text in texts]


def enriched(names: Sequence[str], texts: Sequence[str]) -> list[frozenset[str]]:
    """Canonical names of the entities enrichment finds in each text, cached by document name."""
    cache = entity_cache()
    found: dict[str, list[str]] = json.loads(cache.read_text()) if cache.is_file() else {}
    missing = [i for i, name in enumerate(names) if name not in found]
    if missing:
        # Imported here: loading spaCy is only needed when the cache is cold.
        from ingest.enrich import load_resources
        from ingest.entities import analyze_texts
        from ingest.settings import EnrichSettings

        resources = load_resources(EnrichSettings())
        for i, analysis in zip(missing, analyze_texts([texts[i] for i in missing], resources), strict=True):
            found[names[i]] = sorted({entity.name for entity in analysis.entities})
        cache.write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
    return [frozenset(found[name]) for name in names]


def entity_cache() -> Path:
    """A cache file named after what decides the entities: the model, the NER weights, tables and code."""
    digest = hashlib.sha256()
    for package in ("spacy", "en_core_web_sm", "en-core-web-sm"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none;".encode())
    code = Path(__file__).resolve().parents[1] / "ingest"
    modules = ("actors", "actor_cues", "actor_names", "countries", "country_cues", "entities", "nlp", "teams")
    sources = [code / f"{name}.py" for name in modules]
    tables = (DEFAULT_TABLE_PATH, DEFAULT_TEAMS_PATH, DEFAULT_ALIASES_PATH)
    for path in (*tables, DEFAULT_NER / "ner" / "model", *sources):
        digest.update(path.read_bytes() if path.is_file() else b"")
    return Path(tempfile.gettempdir()) / f"mediamon-ecbplus-entities-{digest.hexdigest()[:16]}.json"


def load_ecbplus(
    root: Path, find_entities: EntityFinder = enriched
) -> tuple[list[StoryDoc], dict[int, str], dict[int, int]]:
    """Documents (sentence 0 as headline), each one's event (subtopic) and topic.

    Entities come from the whole text: sentence 0 is a headline in the ECB+ half of the corpus but the
    lead sentence of the body in the ECB half.
    """
    rows = [
        json.loads(line) for line in (root / "ecbplus_docs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    parts = []
    for row in rows:
        sentences = [s for s in row["sentences"] if not s.startswith("http")]
        parts.append((sentences[0], "\n".join(sentences[1:])) if sentences else ("", ""))
    found = find_entities([row["doc_name"] for row in rows], [f"{t}\n{b}" for t, b in parts])
    docs = [StoryDoc(i, t, b, EPOCH, e) for i, ((t, b), e) in enumerate(zip(parts, found, strict=True))]
    events = {i: row["subtopic"] for i, row in enumerate(rows)}
    topics = {i: int(row["topic"]) for i, row in enumerate(rows)}
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
        for entity_weight in (0.0, 0.25, 0.5, 1.0)
        for step in range(16, 37, 2)
    ]
    scored = [(options, run(docs, gold, options, seeds)) for options in grid]
    return max(scored, key=lambda pair: pair[1].f1)


def report(
    docs: list[StoryDoc],
    events: dict[int, str],
    topics: dict[int, int],
    options: StoryOptions,
    seeds: int,
    entities: str = "enriched",
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
        f"headline weight {options.title_weight:.1f}; entities {entities}; one window (no timestamps); "
        f"{seeds} seeded orders"
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
    parser.add_argument(
        "--entities",
        choices=("enriched", "capitalised"),
        default="enriched",
        help="entities from enrichment (default) or capitalised words as a stand-in",
    )
    args = parser.parse_args(argv)
    root = data_dir(args.data) / "ecbplus"
    if not (root / "ecbplus_docs.jsonl").is_file():
        print(f"skipped: ecbplus_docs.jsonl not found in {root}")
        return 0
    docs, events, topics = load_ecbplus(root, enriched if args.entities == "enriched" else capitalised)
    options = StoryOptions()
    if args.tune:
        options, _ = tune([d for d in docs if topics[d.id] <= 25], events, args.seeds)
    if args.tune:
        print("tuned on topics 1-25:")
    report(docs, events, topics, options, args.seeds, args.entities)
    if args.speed:
        measure_speed(speed_sources(data_dir(args.data), docs), args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
