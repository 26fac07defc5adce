"""What a click opens: the filters of the articles behind a selected bar, point, cell or node.

Pure functions from the page's filters and the values the chart put in ``customdata``; the numbers the
charts show are counted under exactly these filters, so the Articles page lists the same articles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from dashboard.labels import country_label
from dashboard.queries import Filters, Kind, Level, Together, Unit, bucket_end
from dashboard.search import parse_search


def for_period(f: Filters, start: str, unit: Unit) -> Filters:
    """The articles of one period (its day, week or month), kept inside the page's date range."""
    first = date.fromisoformat(start)
    last = bucket_end(first, unit)
    low = max(first, f.start) if f.start else first
    high = min(last, f.end) if f.end else last
    return replace(f, start=low, end=high)


def for_entity(f: Filters, kind: Kind, key: str) -> Filters:
    """Articles naming one country (ISO3) or one actor (entity id)."""
    if kind == "country":
        return replace(f, countries=(key,), actors=(), together="any")
    return replace(f, countries=(), actors=(int(key),), together="any")


def and_entity(f: Filters, kind: Kind, key: str) -> Filters | None:
    """The articles matching ``f`` that also name this country or actor; None when filters cannot say so.

    Entities chosen with "any of them" (or "in one sentence") cannot take one more that must be present.
    """
    if len(f.countries) + len(f.actors) > 1 and f.together != "all":
        return None
    countries = f.countries + ((key,) if kind == "country" and key not in f.countries else ())
    actors = f.actors + ((int(key),) if kind == "actor" and int(key) not in f.actors else ())
    together: Together = "all" if len(countries) + len(actors) > 1 else "any"
    return replace(f, countries=countries, actors=actors, together=together)


def for_pair(f: Filters, a: str, b: str, level: Level) -> Filters:
    """Articles naming both countries: in one sentence, or anywhere in the article."""
    return replace(f, countries=(a, b), actors=(), together="sentence" if level == "sentence" else "all")


def for_actor_with_country(f: Filters, actor: int, country: str) -> Filters:
    """Articles naming both the actor and the country."""
    return replace(f, countries=(country,), actors=(actor,), together="all")


def describe(
    f: Filters,
    actor_names: dict[int, str],
    topic_names: Mapping[int, str] | None = None,
    story_names: Mapping[int, str] | None = None,
) -> str:
    """The filters in words, for the page a drill-down lands on (topics and stories by label when given)."""
    parts = []
    if f.start or f.end:
        parts.append(f"{f.start or '…'} to {f.end or '…'}")
    named = [country_label(c) for c in f.countries] + [actor_names.get(a, f"actor {a}") for a in f.actors]
    if named:
        joined = (" or " if f.together == "any" else " and ").join(named)
        parts.append("naming " + joined + (" in one sentence" if f.together == "sentence" else ""))
    for label, values in (
        ("outlets", f.outlets),
        ("outlet countries", f.outlet_countries),
        ("language", f.languages),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if f.topics:
        topics = topic_names or {}
        parts.append(f"topics: {', '.join(topics.get(t, str(t)) for t in f.topics)}")
    if f.stories:
        stories = story_names or {}
        parts.append(f"stories: {'; '.join(stories.get(s, f'story {s}') for s in f.stories)}")
    if f.search:
        parts.append(f"search: {parse_search(f.search).describe()}")
    return "; ".join(parts) if parts else "all articles"
