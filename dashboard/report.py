"""The weekly brief as one self-contained HTML file (plotly inline, nothing fetched), and its PDF print.

``render_html`` is pure: a ``Brief`` in, a string out. Every text that comes from the store (titles,
story labels, names, terms) is HTML-escaped here, and the figures' JSON is escaped by plotly, so a
hostile headline stays text. ``print_pdf`` hands the file to headless Chromium.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import brief_charts
from dashboard.brief import Brief, build_brief, latest_week
from dashboard.weekly import Week

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--virtual-time-budget=10000",  # let plotly draw before the page is printed
)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       max-width: 960px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #0072B2; } .down { color: #D55E00; }
.empty { color: #555; font-style: italic; }
section, figure { break-inside: avoid; margin: 0; }
@page { size: A4; margin: 14mm; }
"""

Column = tuple[str, str, Callable[[Any], str]]  # header, frame column, formatter


class ChromiumMissing(RuntimeError):
    """No Chromium at the path given: the PDF cannot be printed."""


@dataclass(frozen=True)
class ReportOptions:
    """Which week to report on, for which outlets, and where to write it."""

    week: Week | None = None  # None: the newest week with data
    outlets: tuple[str, ...] = ()
    html: Path | None = None
    pdf: Path | None = None
    chromium: Path = CHROMIUM


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _count(value: Any) -> str:
    return f"{int(value):,}"


def _delta(value: Any) -> str:
    return f"{int(value):+,}"


def _number(value: Any) -> str:
    return "" if pd.isna(value) else f"{float(value):.1f}"


def _day(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


NUMERIC = {_count, _delta, _number}


def table(frame: pd.DataFrame, columns: Sequence[Column]) -> str:
    """An HTML table of ``frame``: every cell escaped here, numbers right-aligned, changes coloured."""
    head = "".join(f'<th class="{_cls(fmt)}">{html.escape(name)}</th>' for name, _, fmt in columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for _, key, fmt in columns:
            shown = fmt(row[key])
            kind = ("up" if row[key] > 0 else "down" if row[key] < 0 else "") if fmt is _delta else ""
            cells.append(f'<td class="{_cls(fmt)} {kind}">{html.escape(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cls(fmt: Callable[[Any], str]) -> str:
    return "num" if fmt in NUMERIC else ""


MOVER_TABLE: list[Column] = [
    ("", "label", _text),
    ("this week", "this", _count),
    ("last week", "last", _count),
    ("change", "delta", _delta),
]


class _Figures:
    """Figures to HTML: plotly.js inline with the first one, so the file needs nothing from outside."""

    def __init__(self) -> None:
        self.first = True

    def html(self, fig: go.Figure) -> str:
        if not fig.data:
            return ""
        out = fig.to_html(full_html=False, include_plotlyjs=self.first, config=PLOTLY_CONFIG)
        self.first = False
        return f"<figure>{out}</figure>"


def _empty(text: str) -> str:
    return f'<p class="empty">{html.escape(text)}</p>'


def _header(brief: Brief, generated: datetime) -> str:
    week, prev = brief.week, brief.week.previous()
    partial = (
        f" Data until {brief.data_until:%d %b %Y %H:%M} UTC: the week is not over."
        if brief.partial and brief.data_until
        else ""
    )
    meta = (
        f"ISO week {week} ({week.span()}) against {prev}, {brief.scope_text()}. "
        f"Generated {generated:%Y-%m-%d %H:%M} UTC by mediamon.{partial}"
    )
    return f'<h1>Weekly brief {html.escape(str(week))}</h1><p class="meta">{html.escape(meta)}</p>'


def _coverage(brief: Brief, figures: _Figures) -> str:
    columns: list[Column] = [
        ("", "measure", _text),
        ("this week", "this", _count),
        ("last week", "last", _count),
        ("change", "delta", _delta),
    ]
    note = "Independent articles count a syndicated copy once; outlets are those with an independent article."
    chart = figures.html(brief_charts.daily_volume(brief.daily))
    body = f"{table(brief.coverage, columns)}<p>{html.escape(note)}</p>"
    return f"<section><h2>Coverage</h2>{body}</section>{chart}"


def _movers(brief: Brief, name: str, frame: pd.DataFrame | None, figures: _Figures) -> str:
    head = f"<section><h2>{html.escape(name)}</h2>"
    if frame is None:
        return head + _empty("No topics yet: clustering has not fitted any.") + "</section>"
    if frame.empty:
        return head + _empty("None named in either week.") + "</section>"
    if not (frame["delta"] != 0).any():
        return head + _empty("No change between the two weeks.") + "</section>"
    title = f"{name}: biggest rises and falls, {brief.week} vs {brief.week.previous()}"
    chart = figures.html(brief_charts.movers(frame, title))
    up, down = brief_charts.rising(frame), brief_charts.falling(frame)
    body = f"<h3>Rising</h3>{table(up, MOVER_TABLE)}" if not up.empty else ""
    body += f"<h3>Falling</h3>{table(down, MOVER_TABLE)}" if not down.empty else ""
    return f"{head}{body}</section>{chart}"


def _pairs(brief: Brief, figures: _Figures) -> str:
    fig = brief_charts.pair_heatmap(brief.pairs, title=f"Articles naming both countries, {brief.week}")
    fig.update_layout(clickmode="none")
    return _movers(brief, "Country pairs", brief.pairs, figures) + figures.html(fig)


def _stories(brief: Brief) -> str:
    if brief.stories is None:
        body = _empty("No stories yet: clustering has not grouped any articles.")
    elif brief.stories.empty:
        body = _empty("No article of this week belongs to a story.")
    else:
        columns: list[Column] = [
            ("story", "label", _text),
            ("articles", "this", _count),
            ("last week", "last", _count),
            ("outlets", "outlets", _count),
            ("first seen", "first_seen", _day),
            ("new", "new", lambda v: "new" if v else ""),
        ]
        body = table(brief.stories, columns)
    return f"<section><h2>Stories of the week</h2>{body}</section>"


def _spikes(brief: Brief) -> str:
    rule = brief.rule
    text = (
        f"A spike is a day with at least {rule.min_articles} articles on a subject and more than the mean "
        f"+ {rule.sds:g} sd of its {rule.baseline_days} days before; strongest first."
    )
    columns: list[Column] = [
        ("day", "day", _day),
        ("what", "kind", _text),
        ("subject", "label", _text),
        ("articles", "articles", _count),
        ("usual", "mean", _number),
        ("spike line", "threshold", _number),
        ("terms", "terms", _text),
        ("outlets", "outlets", _text),
        ("stories", "stories", _text),
    ]
    body = table(brief.spikes, columns) if not brief.spikes.empty else _empty("No spike this week.")
    return f"<section><h2>Spikes</h2><p>{html.escape(text)}</p>{body}</section>"


def render_html(brief: Brief, generated: datetime) -> str:
    """The whole brief as one HTML document that opens offline and prints on A4."""
    figures = _Figures()
    parts = [
        _header(brief, generated),
        _coverage(brief, figures),
        _movers(brief, "Actors", brief.actors, figures),
        _movers(brief, "Countries", brief.countries, figures),
        _movers(brief, "Topics", brief.topics, figures),
        _pairs(brief, figures),
        _stories(brief),
        _spikes(brief),
    ]
    title = html.escape(f"mediamon weekly brief {brief.week}")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )


def print_pdf(html_path: Path, pdf_path: Path, chromium: Path = CHROMIUM, timeout: float = 180) -> None:
    """Print an HTML file to PDF with headless Chromium (a throwaway profile, no network use)."""
    if not chromium.is_file():
        raise ChromiumMissing(f"Chromium not found at {chromium}: install it (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="mediamon-chromium-") as profile:
        args = [
            str(chromium),
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_path.resolve()}",
        ]
        try:
            done = subprocess.run(
                [*args, html_path.resolve().as_uri()], capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not print {html_path} within {timeout:.0f} s") from None
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {html_path}: {done.stderr.strip()[-500:]}")


@dataclass(frozen=True)
class ReportSummary:
    """What ``write_report`` wrote."""

    week: Week
    html: Path | None
    pdf: Path | None
    seconds: float

    def line(self) -> str:
        files = " and ".join(str(p) for p in (self.html, self.pdf) if p is not None)
        return f"weekly brief {self.week}: wrote {files} in {self.seconds:.1f} s"


def write_report(engine: Engine, options: ReportOptions) -> ReportSummary:
    """Gather the brief, write it as HTML and, when asked, print it to PDF."""
    started = time.perf_counter()
    if options.pdf is not None and not options.chromium.is_file():
        raise ChromiumMissing(
            f"Chromium not found at {options.chromium}: install it (apt-get install chromium)"
        )
    week = options.week or latest_week(engine)
    if week is None:
        raise LookupError("no articles in the store yet: nothing to report")
    page = render_html(build_brief(engine, week, options.outlets), datetime.now(UTC))
    with tempfile.TemporaryDirectory(prefix="mediamon-report-") as scratch:
        html_path = options.html or Path(scratch) / f"brief-{week}.html"
        html_path.write_text(page, encoding="utf-8")
        if options.pdf is not None:
            print_pdf(html_path, options.pdf, options.chromium)
    return ReportSummary(week, options.html, options.pdf, time.perf_counter() - started)
