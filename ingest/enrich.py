"""The enrichment stage: stored article bodies → countries, actors and pairs → store."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine

from ingest import store
from ingest.actor_names import DEFAULT_ALIASES_PATH, DEFAULT_TABLE_PATH
from ingest.entities import Resources, analyze_texts
from ingest.settings import EnrichSettings
from ingest.teams import DEFAULT_TEAMS_PATH


@dataclass(frozen=True)
class EnrichSummary:
    """How many articles one enrichment pass analysed, and how fast."""

    articles: int
    seconds: float

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return f"enriched {self.articles} articles in {self.seconds:.1f} s ({rate:.1f} articles/s)"


def load_resources(options: EnrichSettings) -> Resources:
    """The model and tables the options name; the last ones loaded while no table file has changed.

    A scheduler enriches after every run, and loading spaCy and the tables again takes 1-2 s and churns
    the heap; an edited actor table or alias file is read again at the next run.
    """
    table = Path(options.actors_table) if options.actors_table else DEFAULT_TABLE_PATH
    teams = Path(options.teams_table) if options.teams_table else DEFAULT_TEAMS_PATH
    aliases = Path(options.aliases) if options.aliases else DEFAULT_ALIASES_PATH
    stamps = _stamp(table), _stamp(teams), _stamp(aliases)
    return _load(options.model, options.ner, table, teams, aliases, options.currencies, *stamps)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        seen = path.stat()
    except OSError:
        return None
    return seen.st_mtime_ns, seen.st_size


@lru_cache(maxsize=1)
def _load(
    model: str | None,
    ner: str | None,
    table: Path,
    teams: Path,
    aliases: Path,
    currencies: bool,
    *stamps: tuple[int, int] | None,
) -> Resources:
    return Resources.load(model, table, aliases, ner, currencies, teams)


def enrich(
    engine: Engine,
    options: EnrichSettings,
    *,
    since: datetime | None = None,
    everything: bool = False,
    resources: Resources | None = None,
    progress: Callable[[int], None] | None = None,
) -> EnrichSummary:
    """Analyse stored articles not enriched yet (``everything``: all of them again) and save the results."""
    started = time.perf_counter()
    pending = store.iter_pending(engine, since=since, everything=everything)
    queue: deque[store.PendingArticle] = deque()

    def texts() -> Iterator[str]:
        for article in pending:
            queue.append(article)
            yield article.text

    res = resources or load_resources(options)
    done = 0
    for analysis in analyze_texts(texts(), res, batch_size=options.batch_size, processes=options.processes):
        article = queue.popleft()
        store.save_analysis(engine, article.id, analysis, article.outlet_country, datetime.now(UTC))
        done += 1
        if progress is not None:
            progress(done)
    return EnrichSummary(done, time.perf_counter() - started)
