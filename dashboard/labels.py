"""Readable labels: country names with their ISO3 code, read from the project's country table."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.countries import DEFAULT_PATH, display_names, read_rows


@cache
def country_names() -> dict[str, str]:
    """ISO3 → short readable name ("RUS" → "Russia")."""
    return display_names(read_rows(DEFAULT_PATH))


def country_label(iso3: str) -> str:
    """'Russia (RUS)': the name a reader knows, with the code that makes it exact."""
    return f"{country_names().get(iso3, iso3)} ({iso3})"


POINTS_PATH = Path(__file__).resolve().parents[1] / "data" / "country_points.tsv"


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 → (lat, lon) of the country's capital or main city, for the world map."""
    found: dict[str, tuple[float, float]] = {}
    for line in POINTS_PATH.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith(("#", "iso3\t")) or len(fields) < 3:
            continue
        found[fields[0]] = (float(fields[1]), float(fields[2]))
    return found
