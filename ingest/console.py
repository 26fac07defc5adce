"""What the command line shows: live progress, status screens, export files, extraction dumps."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ingest.extract import extract_article, make_extractor
from ingest.fetch import fetch_one
from ingest.health import failure_counts
from ingest.pipeline import Listener
from ingest.records import Analysis, Extraction, Outcome, OutcomeKind
from ingest.settings import Settings
from ingest.store import EXPORT_COLUMNS


@contextmanager
def live_progress() -> Iterator[Listener]:
    """A progress bar on stderr fed by the pipeline's events."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("sources", total=None, last="")
        totals = {"articles": 0}

        def listen(event: str, detail: str) -> None:
            if event == "source":
                progress.update(task, description=f"polling {detail}")
            elif event == "total":
                totals["articles"] += int(detail)
                progress.update(task, total=totals["articles"])
            elif event == "article":
                progress.update(task, advance=1, last=detail if detail != "ok" else "")

        yield listen


def extract_target(target: str, settings: Settings) -> dict[str, Any]:
    """Fetch (or read) one page and extract it; a dict ready for JSON."""
    if target.startswith(("http://", "https://")):
        fetched = fetch_one(target, settings.fetch)
        if not fetched.outcome.ok:
            return _extraction_dict(Extraction(fetched.outcome), target)
        html, url = fetched.text(), fetched.final_url or target
    else:
        path = Path(target)
        if not path.is_file():
            return _extraction_dict(Extraction(Outcome(OutcomeKind.HARD, "no-such-file")), target)
        html, url = path.read_text(encoding="utf-8", errors="replace"), path.resolve().as_uri()
    extractor = make_extractor(settings.extract.extractor)
    extraction = extract_article(
        html, url, extractor, min_words=settings.extract.min_words, languages=settings.extract.languages
    )
    result = _extraction_dict(extraction, url)
    if extraction.article is not None:
        from ingest.enrich import load_resources  # spaCy loads only when it is needed
        from ingest.entities import analyze_texts

        result |= _analysis_dict(analyze_texts([extraction.article.text], load_resources(settings.enrich)))
    return result


def _extraction_dict(extraction: Extraction, url: str) -> dict[str, Any]:
    outcome = {"kind": str(extraction.outcome.kind), "reason": extraction.outcome.reason}
    article = asdict(extraction.article) if extraction.article else None
    if article is not None:
        article["word_count"] = extraction.article.word_count if extraction.article else 0
    return {"url": url, "outcome": outcome, "article": article, "countries": [], "actors": [], "pairs": []}


def _analysis_dict(analyses: Iterator[Analysis]) -> dict[str, Any]:
    analysis = next(analyses)
    return {
        "countries": sorted(analysis.countries()),
        "actors": [
            {"name": e.name, "kind": e.kind, "country": e.country, "confidence": round(e.confidence, 2)}
            for e in analysis.actors()
        ],
        "pairs": [
            {"a": p.a[1], "b": p.b[1], "evidence": analysis.evidence(p)}
            for p in analysis.pairs
            if p.level == "sentence"
        ],
    }


def format_extraction(result: dict[str, Any]) -> str:
    article = result["article"]
    head = f"{result['url']}\noutcome: {result['outcome']['kind']} ({result['outcome']['reason']})"
    if not article:
        return head
    meta = "\n".join(
        f"{k}: {article[k]}"
        for k in ("title", "canonical_url", "published", "authors", "language", "word_count")
    )
    who = "\n".join(f"actor: {a['name']} ({a['kind']}, {a['country'] or '?'})" for a in result["actors"])
    countries = ", ".join(result["countries"])
    return f"{head}\n{meta}\ncountries: {countries}\n{who}\n\n{article['text']}"


def format_status(data: dict[str, Any]) -> str:
    """One screen that answers: is it healthy?"""
    lines = [verdict(data, datetime.now(UTC))]
    lines.append(
        f"articles: {data['articles']}   sources: {data['sources']}   newest: {data['newest_article']}"
    )
    waiting = [f"{step} {n}" for step, n in data.get("waiting", {}).items() if n]
    lines.append("waiting for: " + (", ".join(waiting) if waiting else "nothing (all analysed and counted)"))
    lines.append("\nrecent runs:")
    for run in data["runs"]:
        failures = failure_counts(run["counts"])
        top = ", ".join(f"{k} ×{n}" for k, n in sorted(failures.items(), key=lambda kv: -kv[1])[:4])
        lines.append(
            f"  #{run['id']} {_when(run['started_at'])} {run['status']:<11} "
            f"+{run['articles_added']} articles  {top}"
        )
    lines.append("\nsources:")
    for s in data["source_health"]:
        state = "DISABLED" if s["disabled_at"] else ("failing" if s["consecutive_failures"] else "ok")
        lines.append(
            f"  {s['name']:<28} {s['kind']:<8} {state:<8} {s['articles']:>7} articles  "
            f"last poll {_when(s['last_polled_at'])}  {s['last_reason'] or ''}"
        )
    return "\n".join(lines)


STALE_AFTER = timedelta(hours=6)


def verdict(data: dict[str, Any], now: datetime) -> str:
    """The first line of ``status``: HEALTHY, or what needs a look."""
    problems = []
    runs = data["runs"]
    if not runs:
        problems.append("no ingest run yet")
    elif runs[0]["status"] not in ("ok", "running"):
        problems.append(f"last run {runs[0]['status']}")
    last_ok = next((r["finished_at"] for r in runs if r["status"] == "ok" and r["finished_at"]), None)
    if runs and (last_ok is None or now - last_ok > STALE_AFTER):
        problems.append(f"no successful run since {_when(last_ok)}")
    disabled = [s["name"] for s in data["source_health"] if s["disabled_at"]]
    failing = [s["name"] for s in data["source_health"] if s["consecutive_failures"] and not s["disabled_at"]]
    if disabled:
        problems.append(f"{len(disabled)} source(s) disabled: {', '.join(disabled[:5])}")
    if failing:
        problems.append(f"{len(failing)} source(s) failing: {', '.join(failing[:5])}")
    return "HEALTHY" if not problems else "NEEDS A LOOK: " + "; ".join(problems)


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "never"


def write_export(rows: Iterable[dict[str, Any]], fmt: str, stream: TextIO) -> int:
    """Write articles as JSON Lines or CSV; returns how many."""
    count = 0
    writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in rows:
        if writer:
            writer.writerow(row | _flat(row))
        else:
            stream.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        count += 1
    return count


def _flat(row: dict[str, Any]) -> dict[str, str]:
    """List columns as one cell each, for CSV."""
    return {
        "authors": "; ".join(row["authors"]),
        "countries": "; ".join(row["countries"]),
        "actors": "; ".join(f"{a['name']} ({a['kind']}, {a['country'] or '?'})" for a in row["actors"]),
        "pairs": "; ".join(sorted({f"{p['a']} – {p['b']}" for p in row["pairs"]})),
    }


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
