"""Score an extractor on the shared benchmarks: article body (scrapinghub AEB) and publication day."""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.extract import (
    Extractor,
    ExtractorUnavailable,
    finish_article,
    judge,
    make_extractor,
    read_page,
)
from ingest.records import Article
from ingest.settings import ExtractorName, ExtractSettings

BODY_DATASET = "scrapinghub-aeb"
DATE_DATASET = "htmldate-eval"
FLOORS = {"body F1": 0.955, "date accuracy": 0.89}
SHINGLE_SIZE = 4
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One benchmark page with its gold answer (body text or ``YYYY-MM-DD``)."""

    key: str
    url: str
    html: str
    gold: str


@dataclass(frozen=True)
class Score:
    """One row of the results table."""

    dataset: str
    metric: str
    value: float
    pages: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Result:
    """What one extractor produced for one page, after our article-independent finishing."""

    page: Page
    article: Article | None
    kept: bool  # passes extract_article's rules with default settings
    seconds: float


def default_data_dir() -> Path:
    """``$MEDIAMON_SHARED_DATA``, else the ``shared/data`` folder next to the repository."""
    if env := os.environ.get("MEDIAMON_SHARED_DATA"):
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def read_gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def load_body_pages(data: Path, limit: int | None = None) -> list[Page]:
    """AEB pages with their gold article body, in file-name order."""
    folder = data / BODY_DATASET
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    return [
        Page(k, truth[k]["url"], read_gz(folder / "html" / f"{k}.html.gz"), truth[k]["articleBody"])
        for k in keys
    ]


def load_date_pages(data: Path, limit: int | None = None) -> list[Page]:
    """htmldate-eval pages with their gold publication day, in file-name order."""
    folder = data / DATE_DATASET
    truth = json.loads((folder / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    rows = sorted(truth.items(), key=lambda item: item[1]["file"])[:limit]
    return [
        Page(v["file"], url, read_gz(folder / "test_set" / f"{v['file']}.gz"), v["date"]) for url, v in rows
    ]


def run_extractor(extractor: Extractor, page: Page) -> Result:
    """Extract without the article rules (they would drop pages), then note whether the rules keep it."""
    started = time.perf_counter()
    signals = read_page(page.html, page.url)
    extraction = extractor.extract(page.html, page.url)
    article = None
    kept = False
    if signals is not None and extraction.article is not None:
        article = finish_article(extraction.article, signals, feed_published=None)
        kept = judge(article, signals, ExtractSettings().min_words, ()) is None
    return Result(page, article, kept, time.perf_counter() - started)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    """Counts of word n-grams over ``\\w+`` tokens; a text shorter than ``size`` is one shingle."""
    tokens = TOKEN.findall(text)
    return Counter(" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens)


def precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    """Shingle precision and recall of one document; an empty prediction scores zero on both."""
    want, got = shingles(gold), shingles(predicted)
    overlap = sum((want & got).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    return precision, recall


def macro_f1(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Macro-averaged precision and recall, and the F1 of those two averages."""
    if not pairs:
        return 0.0, 0.0, 0.0
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_bodies(extractor: Extractor, pages: Sequence[Page]) -> list[Score]:
    """Body P/R/F1 on AEB, plus the share of these real articles that the article rules keep."""
    results = [run_extractor(extractor, page) for page in pages]
    pairs = [precision_recall(r.page.gold, r.article.text if r.article else "") for r in results]
    seconds = sum(r.seconds for r in results)
    precision, recall, f1 = macro_f1(pairs)
    return [
        Score(BODY_DATASET, name, value, len(pages), seconds)
        for name, value in (("body F1", f1), ("body precision", precision), ("body recall", recall))
    ] + [kept_score(BODY_DATASET, results, seconds)]


def score_dates(extractor: Extractor, pages: Sequence[Page]) -> list[Score]:
    """Exact-day accuracy of the date extract_article stores when the feed gives none."""
    results = [run_extractor(extractor, page) for page in pages]
    correct = sum(published_day(r.article) == r.page.gold for r in results)
    seconds = sum(r.seconds for r in results)
    accuracy = correct / len(pages) if pages else 0.0
    return [Score(DATE_DATASET, "date accuracy", accuracy, len(pages), seconds)] + [
        kept_score(DATE_DATASET, results, seconds)
    ]


def published_day(article: Article | None) -> str | None:
    if article is None or article.published is None:
        return None
    return article.published.date().isoformat()


def kept_score(dataset: str, results: Sequence[Result], seconds: float) -> Score:
    kept = sum(r.kept for r in results) / len(results) if results else 0.0
    return Score(dataset, "kept by article rules", kept, len(results), seconds)


def format_table(scores: Iterable[Score]) -> Iterator[str]:
    """The results as aligned text lines."""
    yield f"{'dataset':<16} {'metric':<22} {'value':>7} {'pages':>6} {'pages/s':>8}"
    for s in scores:
        yield f"{s.dataset:<16} {s.metric:<22} {s.value:>7.4f} {s.pages:>6} {s.pages_per_second:>8.1f}"


def check_floors(scores: Iterable[Score]) -> list[tuple[str, float, float, bool]]:
    """(metric, value, floor, passed) for every metric that has a floor."""
    values = {s.metric: s.value for s in scores}
    return [(m, values[m], floor, values[m] >= floor) for m, floor in FLOORS.items() if m in values]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m evals.extraction", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=None, help="shared data folder (default: ../shared/data)"
    )
    parser.add_argument("--extractor", choices=["trafilatura", "newspaper"], default="trafilatura")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of each set")
    return parser.parse_args(argv)


def missing_data(data: Path) -> str | None:
    """A message naming what is absent, or None when both datasets are there."""
    for needed in (
        data / BODY_DATASET / "ground-truth.json",
        data / DATE_DATASET / "eval_mediacloud_2020.json",
    ):
        if not needed.is_file():
            return f"benchmark data not found: {needed} (use --data or MEDIAMON_SHARED_DATA)"
    return None


def quiet_libraries() -> None:
    # trafilatura logs every page it discards and dateutil warns on odd time zones; the table says enough.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="dateutil")
    warnings.filterwarnings("ignore", message="nltk is not installed")


def main(argv: Sequence[str] | None = None) -> int:
    """Run both benchmarks, print the table and the floors; 1 if a floor fails, 2 if data is absent."""
    args = parse_args(argv)
    data = args.data or default_data_dir()
    if problem := missing_data(data):
        print(problem, file=sys.stderr)
        return 2
    quiet_libraries()
    name: ExtractorName = args.extractor
    try:
        extractor = make_extractor(name)
    except ExtractorUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    scores = score_bodies(extractor, load_body_pages(data, args.limit))
    scores += score_dates(extractor, load_date_pages(data, args.limit))
    print(f"extractor: {name}   data: {data}")
    print("\n".join(format_table(scores)))
    floors = check_floors(scores)
    for metric, value, floor, passed in floors:
        print(f"floor {metric} >= {floor}: {value:.4f} {'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for *_, passed in floors) else 1


if __name__ == "__main__":
    sys.exit(main())
