"""Score country and person/organisation detection on the hand-labelled sentences.

python -m evals.entities [--data ../shared/data]

Countries are scored two ways: mentions (a predicted span counts when it overlaps a gold span
with the same ISO3 code) and sentence sets (the set of ISO3 codes per sentence, which is what the
dashboard counts), as enrichment finds them: the gazetteer, less the country words the model reads
as a person's given name or as part of a title (the gazetteer alone when spaCy is not installed).
Persons and organisations are scored as spans with their type, exact and overlapping.

The sentences are split in two halves by a hash of their reference: errors may be studied on
``--split dev`` only; ``--split test`` is the number to report. ``--round N`` scores one labelling
round (rounds 2-5 and 17-19 are random sentences from documents no earlier round used, rounds 6-16 random
ones among those with a country word, each labelled before any detector had run on it); all rounds by
default.

``--ner model`` scores the spaCy model's own NER instead of the fine-tuned one enrichment uses by default
(``data/ner``, trained on the dev halves by ``python -m evals.train_ner``).

``--context document`` runs the detectors on each labelled sentence's whole document, as enrichment
does, and scores what they find inside the sentence: the article's other sentences then count, as they
do in the store (a surname resolved to the full name said earlier, a name the article calls a person
elsewhere). The default ``--context sentence`` runs them on the sentence alone.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evals.labels.corpora import (
    ROUND_PATHS,
    DocumentStore,
    LabelledSentence,
    default_data_dir,
    load_sentences,
)
from ingest.countries import load_gazetteer

if TYPE_CHECKING:
    from ingest.nlp import NerChoice

TARGETS = {"countries (sentence sets)": (0.97, 0.95), "countries (mentions)": (0.97, 0.95)}
ACTOR_F1_TARGET = 0.85

Span = tuple[int, int, str]  # start, end, label (ISO3 or person/organisation)


@dataclass
class Score:
    """True positives and the two totals, for precision and recall."""

    tp_pred: int = 0
    tp_gold: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: Sequence[Span], gold: Sequence[Span], exact: bool) -> None:
        hit = _exact if exact else _overlap
        self.tp_pred += sum(any(hit(p, g) for g in gold) for p in predicted)
        self.tp_gold += sum(any(hit(p, g) for p in predicted) for g in gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _exact(a: Span, b: Span) -> bool:
    return a == b


def _overlap(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


SpanFinder = Callable[[list[str]], list[list[Span]]]
SentenceFinder = Callable[[Sequence[LabelledSentence]], list[list[Span]]]


def in_documents(find: SpanFinder, store: DocumentStore) -> SentenceFinder:
    """A finder of each sentence's spans run on its whole document: spans overlapping the sentence,
    clipped to it and made relative to its start."""

    def run(sentences: Sequence[LabelledSentence]) -> list[list[Span]]:
        keys = sorted({(s.corpus, s.doc) for s in sentences})
        found = dict(zip(keys, find([store.text(*key) or "" for key in keys]), strict=True))
        return [
            [
                (max(a, s.start) - s.start, min(b, s.end) - s.start, label)
                for a, b, label in found[s.corpus, s.doc]
                if a < s.end and s.start < b
            ]
            for s in sentences
        ]

    return run


def in_sentences(find: SpanFinder) -> SentenceFinder:
    """A finder run on each sentence's text alone."""
    return lambda sentences: find([s.text for s in sentences])


def score_countries(sentences: Sequence[LabelledSentence], found: Sequence[list[Span]]) -> dict[str, Score]:
    mentions, sets = Score(), Score()
    for s, predicted in zip(sentences, found, strict=True):
        gold = [(c.start, c.end, c.iso3) for c in s.countries]
        mentions.add(predicted, gold, exact=False)
        sets.add(_as_set(predicted), _as_set(gold), exact=True)
    return {"countries (mentions)": mentions, "countries (sentence sets)": sets}


def print_country_errors(sentences: Sequence[LabelledSentence], found: Sequence[list[Span]]) -> None:
    for s, spans in zip(sentences, found, strict=True):
        predicted = {(s.text[a:b], iso3) for a, b, iso3 in spans}
        gold = {(s.text[c.start : c.end], c.iso3) for c in s.countries}
        if predicted != gold:
            print(f"- {s.key}: extra {sorted(predicted - gold)} missed {sorted(gold - predicted)}")


def _as_set(spans: Iterable[Span]) -> list[Span]:
    return [(0, 0, code) for code in sorted({s[2] for s in spans})]


def score_actors(sentences: Sequence[LabelledSentence], found: Sequence[list[Span]]) -> dict[str, Score]:
    exact, overlap = Score(), Score()
    for s, predicted in zip(sentences, found, strict=True):
        gold = [(p.start, p.end, "person") for p in s.persons]
        gold += [(o.start, o.end, "organisation") for o in s.organisations]
        exact.add(predicted, gold, exact=True)
        overlap.add(predicted, gold, exact=False)
    return {"persons+organisations (exact span)": exact, "persons+organisations (overlap)": overlap}


def print_actor_errors(sentences: Sequence[LabelledSentence], found: Sequence[list[Span]]) -> None:
    """Per sentence, the predicted and the gold actor spans that do not match exactly (dev split only)."""
    for s, spans in zip(sentences, found, strict=True):
        predicted = {(s.text[a:b], kind) for a, b, kind in spans}
        gold = {(s.text[p.start : p.end], "person") for p in s.persons}
        gold |= {(s.text[o.start : o.end], "organisation") for o in s.organisations}
        if predicted != gold:
            print(f"- {s.key}: {s.text!r}")
            print(f"    extra {sorted(predicted - gold)}\n    missed {sorted(gold - predicted)}")


def finders(ner: NerChoice = None) -> tuple[SpanFinder, SpanFinder | None]:
    """Countries and actors as enrichment finds them, with the NER `ner` names (see ``ingest.nlp``);
    without spaCy, the gazetteer's countries alone."""
    try:
        from ingest.entities import Resources, find_actor_spans, find_country_spans
    except ImportError:
        gazetteer = load_gazetteer()
        return lambda texts: [[(m.start, m.end, m.iso3) for m in gazetteer.find(t)] for t in texts], None
    res = Resources.load(ner=ner)
    return (lambda texts: find_country_spans(texts, res)), (lambda texts: find_actor_spans(texts, res))


def in_split(sentence: LabelledSentence, split: str) -> bool:
    if split == "all":
        return True
    digit = int(hashlib.sha1(sentence.key.encode()).hexdigest()[-1], 16)
    return (digit % 2 == 0) == (split == "dev")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument(
        "--round",
        choices=(*map(str, ROUND_PATHS), "all"),
        default="all",
        help="One labelling round (default: all of them).",
    )
    parser.add_argument(
        "--context",
        choices=("sentence", "document"),
        default="sentence",
        help="Run the detectors on the sentence alone (default) or on its whole document.",
    )
    parser.add_argument(
        "--ner", help="NER weights: a saved pipeline, or 'model' for the model's own (default: data/ner)."
    )
    parser.add_argument("--errors", action="store_true", help="Print country errors (dev split only).")
    parser.add_argument(
        "--actor-errors", action="store_true", help="Print person/organisation errors (dev split only)."
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"shared data not found at {args.data}", file=sys.stderr)
        return 2
    paths = tuple(ROUND_PATHS.values()) if args.round == "all" else (ROUND_PATHS[int(args.round)],)
    sentences = [s for s in load_sentences(args.data, paths) if in_split(s, args.split)]
    print(
        f"{len(sentences)} labelled sentences ({args.split} split, round {args.round}, "
        f"{args.context} context) from {args.data}"
    )
    started = time.perf_counter()
    country_finder, finder = finders(args.ner)
    store = DocumentStore(args.data)
    run = in_sentences if args.context == "sentence" else lambda f: in_documents(f, store)
    countries = run(country_finder)(sentences)
    actors = run(finder)(sentences) if finder is not None else None
    if args.errors and args.split == "dev":
        print_country_errors(sentences, countries)
    if args.actor_errors and args.split == "dev" and actors is not None:
        print_actor_errors(sentences, actors)
    scores = score_countries(sentences, countries)
    if actors is not None:
        scores |= score_actors(sentences, actors)
    print(f"{'what':<38}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}  target")
    for name, s in scores.items():
        row = f"{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.gold:7d}{s.predicted:7d}"
        print(f"{name:<38}{row}  {_target(name, s)}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


def _target(name: str, s: Score) -> str:
    if name in TARGETS:
        p, r = TARGETS[name]
        return f"P≥{p} R≥{r}: {'PASS' if s.precision >= p and s.recall >= r else 'FAIL'}"
    if name.startswith("persons") and "exact" in name:
        return f"F1≥{ACTOR_F1_TARGET}: {'PASS' if s.f1 >= ACTOR_F1_TARGET else 'FAIL'}"
    return ""


if __name__ == "__main__":
    sys.exit(main())
