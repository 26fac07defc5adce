"""Topic quality on the BBC news corpus: k chosen from the data, NMI and ARI against the five sections.

Run ``python -m evals.topics [--data DIR] [--seed N] [--k K]``; the data directory defaults to
../shared/data (or MEDIAMON_SHARED_DATA) and the evaluation skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from ingest.topics import TopicDoc, fit_topics

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True)
class TopicReport:
    """What one evaluation run measured."""

    docs: int
    k: int
    nmi: float
    ari: float
    seconds: float
    k_scores: tuple[tuple[int, float], ...]
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
        k_scores=model.k_scores,
        labels=tuple(f"{t.label} ({t.size})" for t in model.topics),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.topics", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="shared data directory (default: ../shared/data)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--k", type=int, default=None, help="fix the number of topics instead of choosing it")
    args = parser.parse_args(argv)
    root = data_dir(args.data) / "bbc-news" / "bbc"
    if not root.is_dir():
        print(f"skipped: BBC corpus not found at {root}")
        return 0
    docs, sections = load_bbc(root)
    report = evaluate(docs, sections, args.seed, args.k)
    if report.k_scores:
        print("stability by k: " + ", ".join(f"{k}:{s:.3f}" for k, s in report.k_scores))
    for label in report.labels:
        print(f"  topic: {label}")
    chosen = "given" if args.k else "chosen by stability"
    print(
        f"bbc-news: {report.docs} docs, k={report.k} ({chosen}), NMI {report.nmi:.3f}, "
        f"ARI {report.ari:.3f}, fit {report.seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
