"""Topic lineage in words: when topics were refitted, when a topic was born, and what became of it."""

from __future__ import annotations

import pandas as pd

from dashboard.queries import TopicDetail

STATUS_WORDS = {"live": "", "vanished": " (vanished)", "merged": " (merged)"}


def topic_names(topics: pd.DataFrame) -> dict[int, str]:
    """Each topic's label (id, label, status rows), saying when a refit has dropped it."""
    rows = topics[["id", "label", "status"]].itertuples(index=False)
    return {int(i): f"{label}{STATUS_WORDS.get(status, '')}" for i, label, status in rows}


def fit_name(fits: pd.DataFrame, fit: int) -> str:
    """'fit 3 of 2026-11-20', from the fits' frame (id, fitted_at, k, n_docs)."""
    found = fits.loc[fits["id"] == fit, "fitted_at"]
    return f"fit {fit} of {found.iloc[0]:%Y-%m-%d}" if not found.empty else f"fit {fit}"


def refit_note(fits: pd.DataFrame) -> str:
    """When topics were last refitted (fits newest first), and what that means for newer articles."""
    latest = fits.iloc[0]
    return (
        f"Topics last refitted {latest['fitted_at']:%Y-%m-%d %H:%M} UTC (fit {latest['id']}: "
        f"{latest['k']} topics from {latest['n_docs']:,} articles; {len(fits)} fits so far). Articles added "
        "since are given the nearest topic of that fit; a refit keeps a topic's id when it finds it again."
    )


def lineage_note(detail: TopicDetail, topics: pd.DataFrame, fits: pd.DataFrame) -> str:
    """Born in which fit; live since, or merged into which topic, or vanished, and at which fit."""
    born = f"Born in {fit_name(fits, detail.first_fit)}"
    later = fits.loc[fits["id"] > detail.last_fit, "id"]
    ended = fit_name(fits, int(later.min())) if not later.empty else "a later fit"
    if detail.status == "merged" and detail.merged_into is not None:
        into = topics.loc[topics["id"] == detail.merged_into, "label"]
        name = f"“{into.iloc[0]}” (#{detail.merged_into})" if not into.empty else f"#{detail.merged_into}"
        return f"{born}; merged into {name} at {ended}."
    if detail.status == "vanished":
        return f"{born}; vanished at {ended} (no topic of that fit matched it)."
    if detail.last_fit == detail.first_fit:
        return f"{born}, the latest fit."
    return f"{born}; found again by every refit since, the latest being {fit_name(fits, detail.last_fit)}."
