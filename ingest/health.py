"""Source health: how much a failure counts, how long a failing source rests, when it is disabled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta

from ingest.records import Outcome, OutcomeKind

# A gone or forbidden feed is strong evidence; a timeout is weak, the web is often slow for a while.
FAILURE_WEIGHT = {OutcomeKind.HARD: 1.0, OutcomeKind.SOFT: 0.5, OutcomeKind.TEMPORARY: 0.25}
MAX_BACKOFF = timedelta(days=1)


def failure_weight(outcome: Outcome) -> float:
    """What one failed poll adds to a source's failure score (0 for a success or not-modified)."""
    return FAILURE_WEIGHT.get(outcome.kind, 0.0)


def next_poll(last_polled: datetime, poll_minutes: int, failures: int) -> datetime:
    """Poll interval doubled for each consecutive failure, capped at a day."""
    rest = timedelta(minutes=poll_minutes) * (2 ** min(failures, 16))
    return last_polled + min(rest, max(MAX_BACKOFF, timedelta(minutes=poll_minutes)))


# Run counts are keyed "target:reason"; these reasons are normal outcomes, everything else is a failure.
SETTLED = frozenset({"ok", "not-modified", "known", "recently-failed", "duplicate-url", "duplicate-content"})


def failure_counts(counts: Mapping[str, int]) -> Counter[str]:
    """The failures among a run's ``target:reason`` counts."""
    return Counter({k: n for k, n in counts.items() if n and k.split(":", 1)[-1] not in SETTLED})
