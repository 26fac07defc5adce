"""The shared filters as URL query parameters, both ways; pure, so every hostile value can be tested.

A link is input from anyone: each value is checked against what the store offers, and whatever does not
fit (an unknown outlet, a date that is not one, an id that is not a number) is dropped with a note the
page shows. Nothing here raises on bad input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dashboard.queries.filters import TOGETHER, Filters, Together

PRESETS: dict[str, str] = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "week": "This week",
    "all": "All dates",
    "custom": "Custom range",
}
DEFAULT_PRESET = "90d"
_DAYS = {"7d": 7, "30d": 30, "90d": 90}
MAX_VALUES = 50  # per parameter: a link carrying thousands of ids is not a filter anyone chose
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Choices:
    """What the store offers to filter on; URL values outside these are dropped."""

    outlets: frozenset[str] = frozenset()
    outlet_countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # ISO3 codes any country entity has
    actors: frozenset[int] = frozenset()
    topics: frozenset[int] = frozenset()
    stories: frozenset[int] = frozenset()  # only those a link names, looked up in the store (there are many)
    oldest: date | None = None  # the oldest article's day: a custom range open at its start begins there
    newest: date | None = None  # the newest article's day: presets count back from it


@dataclass(frozen=True)
class Selection:
    """The sidebar's state: a preset or a custom range, and the chosen values."""

    preset: str = DEFAULT_PRESET
    start: date | None = None  # custom range only
    end: date | None = None
    outlets: tuple[str, ...] = ()
    outlet_countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actors: tuple[int, ...] = ()
    topics: tuple[int, ...] = ()
    together: Together = "any"
    search: str = ""
    stories: tuple[int, ...] = ()


@dataclass
class _Reading:
    params: Mapping[str, Sequence[str]]
    notes: list[str] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        raw = [v.strip() for v in self.params.get(name, ()) if v.strip()]
        if len(raw) > MAX_VALUES:
            self.notes.append(f"only the first {MAX_VALUES} values of '{name}' are used")
        return list(dict.fromkeys(raw[:MAX_VALUES]))

    def one(self, name: str) -> str | None:
        found = self.values(name)
        return found[-1] if found else None


def dates_for(preset: str, newest: date | None) -> tuple[date | None, date | None]:
    """The range a preset stands for, counted back from the newest article's day."""
    if newest is None or preset in ("all", "custom"):
        return None, None
    if preset == "week":
        return newest - timedelta(days=newest.weekday()), newest
    return newest - timedelta(days=_DAYS.get(preset, 90) - 1), newest


def selected_dates(sel: Selection, choices: Choices) -> tuple[date | None, date | None]:
    """The selection's range; a custom range open at one end runs to the oldest or newest article."""
    if sel.preset != "custom":
        return dates_for(sel.preset, choices.newest)
    if sel.start and sel.end:
        return sel.start, sel.end
    start, end = sel.start or choices.oldest or sel.end, sel.end or choices.newest or sel.start
    return (start, end) if start and end and start <= end else (sel.start, sel.end)


def to_filters(sel: Selection, choices: Choices) -> Filters:
    start, end = selected_dates(sel, choices)
    return Filters(
        start=start,
        end=end,
        outlets=sel.outlets,
        outlet_countries=sel.outlet_countries,
        languages=sel.languages,
        countries=sel.countries,
        actors=sel.actors,
        topics=sel.topics,
        together=sel.together,
        search=sel.search,
        stories=sel.stories,
    )


def from_filters(f: Filters) -> Selection:
    """The selection that reproduces these filters exactly (a custom range when they have dates)."""
    preset = "custom" if f.start or f.end else "all"
    return Selection(
        preset,
        f.start,
        f.end,
        f.outlets,
        f.outlet_countries,
        f.languages,
        f.countries,
        f.actors,
        f.topics,
        f.together,
        f.search,
        f.stories,
    )


def to_params(sel: Selection) -> dict[str, list[str]]:
    """Query parameters for a selection; defaults are left out, so a plain link means the defaults."""
    params: dict[str, list[str]] = {}
    if sel.preset != DEFAULT_PRESET:
        params["dates"] = [sel.preset]
    if sel.preset == "custom":
        params |= {k: [d.isoformat()] for k, d in (("from", sel.start), ("to", sel.end)) if d}
    for name, values in _LISTS.items():
        chosen = getattr(sel, values)
        if chosen:
            params[name] = [str(v) for v in chosen]
    if sel.together != "any":
        params["match"] = [sel.together]
    if sel.search:
        params["q"] = [sel.search]
    return params


_LISTS = {
    "outlet": "outlets",
    "outlet_country": "outlet_countries",
    "lang": "languages",
    "country": "countries",
    "actor": "actors",
    "topic": "topics",
    "story": "stories",
}
PARAM_NAMES = ("dates", "from", "to", *_LISTS, "match", "q")  # the filters' own; pages may add others


def parse_params(params: Mapping[str, Sequence[str]], choices: Choices) -> tuple[Selection, list[str]]:
    """The selection a link asks for, and a note for each value that was dropped."""
    reading = _Reading(params)
    sel = _read_dates(reading, Selection())
    sel = replace(
        sel,
        outlets=_known(reading, "outlet", choices.outlets, "outlet"),
        outlet_countries=_known(reading, "outlet_country", choices.outlet_countries, "outlet country"),
        languages=_known(reading, "lang", choices.languages, "language"),
        countries=_known(reading, "country", choices.countries, "country", upper=True),
        actors=_ids(reading, "actor", choices.actors, "actor"),
        topics=_ids(reading, "topic", choices.topics, "topic"),
        stories=_ids(reading, "story", choices.stories, "story"),
        together=_together(reading),
        search=(reading.one("q") or "")[:500],
    )
    return sel, reading.notes


def _read_dates(reading: _Reading, sel: Selection) -> Selection:
    preset = reading.one("dates")
    if preset is not None and preset not in PRESETS:
        reading.notes.append(f"unknown date preset '{_shown(preset)}'")
        preset = None
    start, end = _date(reading, "from"), _date(reading, "to")
    if start and end and start > end:
        reading.notes.append(f"'from' ({start}) is after 'to' ({end}); the range was ignored")
        start = end = None
    if preset in (None, "custom") and (start or end):
        return replace(sel, preset="custom", start=start, end=end)
    if preset == "custom":  # a custom range with no valid dates: all dates
        return replace(sel, preset="all")
    return replace(sel, preset=preset or DEFAULT_PRESET)


def _date(reading: _Reading, name: str) -> date | None:
    raw = reading.one(name)
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        reading.notes.append(f"'{name}' is not a date (YYYY-MM-DD): '{_shown(raw)}'")
        return None
    if not EARLIEST <= day <= LATEST:
        reading.notes.append(f"'{name}' is out of range: {day}")
        return None
    return day


def _known(
    reading: _Reading, name: str, known: frozenset[str], what: str, upper: bool = False
) -> tuple[str, ...]:
    kept = []
    for value in reading.values(name):
        value = value.upper() if upper else value
        if value in known:
            kept.append(value)
        else:
            reading.notes.append(f"unknown {what} '{_shown(value)}'")
    return tuple(kept)


def _ids(reading: _Reading, name: str, known: frozenset[int], what: str) -> tuple[int, ...]:
    kept = []
    for value in reading.values(name):
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            reading.notes.append(f"{what} id '{_shown(value)}' is not a number")
        elif int(value) not in known:
            reading.notes.append(f"no {what} with id {int(value)}")
        else:
            kept.append(int(value))
    return tuple(dict.fromkeys(kept))


def _together(reading: _Reading) -> Together:
    value = reading.one("match")
    for option in TOGETHER:
        if value == option:
            return option
    if value is not None:
        reading.notes.append(f"unknown match '{_shown(value)}' (any, all or sentence)")
    return "any"


def _shown(value: str) -> str:
    """A hostile value cut short for a note (notes are rendered as text, never as HTML)."""
    return value if len(value) <= 40 else value[:37] + "…"
