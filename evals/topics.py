"""Topic quality on the BBC news corpus: k chosen from the data, NMI and ARI against the five sections.

Run ``python -m evals.topics [--data DIR] [--seed N] [--k K]``; the data directory defaults to
../shared/data (or MEDIAMON_SHARED_DATA) and the evaluation skips with a message when it is absent.

``python -m evals.topics --dev`` repeats the comparison the k-selection rule was chosen on, without BBC:
demo corpora (the generator's storyline or background topic of each article is the truth) and subsets of
ECB+ topics (the 43 topics are the truth). For every corpus it scores each candidate k once and reports
which k each rule picks and the NMI of the whole-sample topics at that k.

A parsimony variant (the smallest k whose score is within 5% or 10% of the best) was compared on the
development corpora on 2026-11-28: mean NMI 1.000 / 0.889 (5%) and 0.991 / 0.892 (10%) against the chosen
rule's 1.000 / 0.885 on the demo / ECB+ families, a difference within noise, so the rule was kept and BBC
was not scored with the variants.

Run once after the rule was fixed, BBC gave k = 12 (NMI 0.686, ARI 0.554; stability alone had chosen
k = 3, NMI 0.621): the rule separates sub-themes of the five sections (football, rugby, tennis and
athletics in sport; phones and software in technology), which NMI against the sections counts as errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from ingest.topics import KScore, TopicDoc, TopicOptions, fit_sample, fit_topics, score_ks

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RULE = "stability × silhouette × coherence (NPMI)"
Corpus = tuple[list[TopicDoc], list[str]]
Rule = Callable[[Sequence[KScore]], int]


@dataclass(frozen=True)
class TopicReport:
    """What one evaluation run measured."""

    docs: int
    k: int
    nmi: float
    ari: float
    seconds: float
    k_details: tuple[KScore, ...]
    labels: tuple[str, ...]


def data_dir(arg: str | None = None) -> Path:
    """The shared data directory: the flag, else MEDIAMON_SHARED_DATA, else ../shared/data."""
    return Path(arg or os.environ.get("MEDIAMON_SHARED_DATA") or DEFAULT_DATA)


def read_text(path: Path) -> str:
    """UTF-8, falling back to Latin-1 (one BBC file has a bare 0xA3 pound sign)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_bbc(root: Path) -> tuple[list[TopicDoc], list[str]]:
    """Documents (first line = headline) and their section names, in a fixed order."""
    docs, sections = [], []
    for i, path in enumerate(sorted(root.glob("*/*.txt"))):
        headline, _, body = read_text(path).strip().partition("\n")
        docs.append(TopicDoc(i, headline.strip(), body.strip()))
        sections.append(path.parent.name)
    return docs, sections


def evaluate(docs: Sequence[TopicDoc], sections: Sequence[str], seed: int, k: int | None) -> TopicReport:
    """Fit topics (choosing k unless given) and score the assignments against the sections."""
    start = time.perf_counter()
    model = fit_topics(docs, k=k, seed=seed)
    seconds = time.perf_counter() - start
    predicted = [int(t) for t in model.assignments]
    return TopicReport(
        docs=len(docs),
        k=len(model.topics),
        nmi=normalized_mutual_info_score(sections, predicted),
        ari=adjusted_rand_score(sections, predicted),
        seconds=seconds,
        k_details=model.k_details,
        labels=tuple(f"{t.label} ({t.size})" for t in model.topics),
    )


def print_k_table(details: Sequence[KScore]) -> None:
    """The per-k parts of the selection score, and the score as a share of the best."""
    top = max(d.score for d in details) or 1.0
    print("   k  stability  silhouette  coherence  score/best")
    for d in details:
        print(
            f"{d.k:4d}  {d.stability:9.3f}  {d.silhouette:10.3f}  {d.coherence:9.3f}  {d.score / top:10.3f}"
        )


# --- development corpora and rules (never BBC) --------------------------------------------------------------


def demo_corpus(seed: int, articles: int, keep_topics: int | None = None) -> Corpus:
    """A demo world's articles (syndicated copies included, as the store holds them) and their topic keys."""
    from ingest.demo import build_world  # only the development comparison needs the generator

    world = build_world(seed=seed, articles=articles, end=date(2024, 6, 1))
    found = list(world.iter_articles())
    if keep_topics:
        keep = set(random.Random(seed).sample(sorted({a.topic for a in found}), keep_topics))
        found = [a for a in found if a.topic in keep]
    return [TopicDoc(a.id, a.title, "\n".join(world.body(a.id))) for a in found], [a.topic for a in found]


def ecbplus_corpus(root: Path, n_topics: int | None, seed: int) -> Corpus:
    """ECB+ documents of ``n_topics`` randomly drawn topics (all when None), labelled by topic."""
    rows = [
        json.loads(line) for line in (root / "ecbplus_docs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    topics = sorted({row["topic"] for row in rows})
    keep = set(random.Random(seed).sample(topics, n_topics)) if n_topics else set(topics)
    docs, labels = [], []
    for i, row in enumerate(rows):
        sentences = [s for s in row["sentences"] if not s.startswith("http")]
        if row["topic"] in keep and sentences:
            docs.append(TopicDoc(i, sentences[0], "\n".join(sentences[1:])))
            labels.append(str(row["topic"]))
    return docs, labels


def dev_corpora(data: Path) -> dict[str, Callable[[], Corpus]]:
    """Named loaders: 13 demo corpora with 3 to 12 topics and 16 ECB+ corpora with 3 to 43 topics."""
    corpora: dict[str, Callable[[], Corpus]] = {}
    for seed, articles in ((1, 2000), (2, 2000), (3, 2000), (4, 800), (5, 6000)):
        corpora[f"demo-s{seed}-n{articles}"] = partial(demo_corpus, seed, articles)
    for seed, n_topics in ((6, 4), (7, 6), (8, 8), (9, 3), (10, 5), (11, 10), (12, 6), (13, 9)):
        corpora[f"demo-s{seed}-t{n_topics}"] = partial(demo_corpus, seed, 3000, n_topics)
    root = data / "ecbplus"
    if (root / "ecbplus_docs.jsonl").is_file():
        corpora["ecb-all"] = partial(ecbplus_corpus, root, None, 0)
        picks = [(1, 5), (2, 8), (3, 12), (4, 20), (5, 30), (6, 3), (7, 4), (8, 6)]
        picks += [(9, 6), (10, 10), (11, 10), (12, 8), (13, 5), (14, 4), (15, 12)]
        for seed, n_topics in picks:
            corpora[f"ecb-t{n_topics}-s{seed}"] = partial(ecbplus_corpus, root, n_topics, seed)
    return corpora


def best_of(value: Callable[[KScore], float]) -> Rule:
    """The k with the largest ``value`` (ties go to the smaller k)."""
    return lambda scores: max(scores, key=lambda s: (round(value(s), 6), -s.k)).k


def largest_within(tolerance: float) -> Rule:
    """The largest k whose stability is within ``tolerance`` of the best."""
    return lambda scores: max(
        s.k for s in scores if s.stability >= max(t.stability for t in scores) - tolerance
    )


def smallest_within(share: float) -> Rule:
    """The smallest k whose selection score is at least ``share`` of the best score (parsimony)."""
    return lambda scores: min(s.k for s in scores if s.score >= share * max(t.score for t in scores))


RULES: dict[str, Rule] = {
    "stability (Greene et al.; before)": best_of(lambda s: s.stability),
    "largest k, stability within 0.02": largest_within(0.02),
    "largest k, stability within 0.05": largest_within(0.05),
    "silhouette": best_of(lambda s: s.silhouette),
    "coherence (NPMI)": best_of(lambda s: s.coherence),
    "stability × coherence": best_of(lambda s: s.stability * max(s.coherence, 0)),
    "stability × silhouette": best_of(lambda s: s.stability * max(s.silhouette, 0)),
    "silhouette × coherence": best_of(lambda s: max(s.silhouette, 0) * max(s.coherence, 0)),
    f"{RULE} (chosen)": best_of(lambda s: s.score),
    "smallest k, score within 5% of the best": smallest_within(0.95),
    "smallest k, score within 10% of the best": smallest_within(0.90),
}


@dataclass(frozen=True)
class DevResult:
    """One development corpus: its true number of topics, and each candidate's scores and NMI."""

    name: str
    docs: int
    true_k: int
    scores: tuple[KScore, ...]
    nmi: dict[int, float]  # NMI of the whole-sample topics at each candidate k


def score_corpus(name: str, corpus: Corpus, seed: int) -> DevResult:
    """Score every candidate k as ``fit_topics`` would, on the same sample, and measure each one's NMI."""
    docs, truth = corpus
    options = TopicOptions()
    sample = fit_sample([d.content for d in docs], seed, options)
    scored = score_ks(sample.x[sample.select], len(docs), seed, options)
    gold = [truth[sample.rows[i]] for i in sample.select]
    nmi = {score.k: float(normalized_mutual_info_score(gold, labels)) for score, labels in scored}
    return DevResult(name, len(docs), len(set(truth)), tuple(s for s, _ in scored), nmi)


def compare_rules(results: Sequence[DevResult]) -> None:
    """Per rule and corpus family: mean NMI at the picked k, mean and worst shortfall from the best k."""
    families = [f for f in ("demo-", "ecb-") if any(r.name.startswith(f) for r in results)]
    print(f"\n{'rule':<50}" + "".join(f"{f + ' NMI  short  worst  ≤.02':>30}" for f in families))
    for rule, pick in [*RULES.items(), ("best k in hindsight", None)]:
        cells = []
        for family in families:
            rows = [r for r in results if r.name.startswith(family)]
            got = [r.nmi[pick(r.scores)] if pick else max(r.nmi.values()) for r in rows]
            short = [max(r.nmi.values()) - g for r, g in zip(rows, got, strict=True)]
            near = sum(s <= 0.02 for s in short)
            cells.append(f"{np.mean(got):.3f}  {np.mean(short):.3f}  {max(short):.3f}  {near:2d}")
        print(f"{rule:<50}" + "".join(f"{c:>30}" for c in cells))
    print("\nk picked per corpus, in the order of the rules above:")
    for r in results:
        picks = " ".join(f"{pick(r.scores):2d}" for pick in RULES.values())
        best = max(r.nmi, key=r.nmi.__getitem__)
        print(f"  {r.name:<16} {r.docs:5d} docs, true k {r.true_k:2d}, best k {best:2d}: {picks}")


def run_dev(data: Path, seed: int, only: Sequence[str]) -> None:
    """Score the development corpora (or those named in ``only``) and compare the rules on them."""
    results = []
    for name, load in dev_corpora(data).items():
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        started = time.perf_counter()
        results.append(score_corpus(name, load(), seed))
        r = results[-1]
        print(
            f"{name}: {r.docs} docs, true k {r.true_k}, scored in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    compare_rules(results)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.topics", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="shared data directory (default: ../shared/data)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--k", type=int, default=None, help="fix the number of topics instead of choosing it")
    parser.add_argument(
        "--dev", action="store_true", help="compare k-selection rules on the development corpora"
    )
    parser.add_argument("--only", nargs="*", default=(), help="with --dev: corpora whose names start so")
    args = parser.parse_args(argv)
    if args.dev:
        run_dev(data_dir(args.data), args.seed, args.only)
        return 0
    root = data_dir(args.data) / "bbc-news" / "bbc"
    if not root.is_dir():
        print(f"skipped: BBC corpus not found at {root}")
        return 0
    docs, sections = load_bbc(root)
    report = evaluate(docs, sections, args.seed, args.k)
    if report.k_details:
        print(f"k chosen by {RULE}:")
        print_k_table(report.k_details)
    for label in report.labels:
        print(f"  topic: {label}")
    chosen = "given" if args.k else f"chosen by {RULE}"
    print(
        f"bbc-news: {report.docs} docs, k={report.k} ({chosen}), NMI {report.nmi:.3f}, "
        f"ARI {report.ari:.3f}, fit {report.seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
