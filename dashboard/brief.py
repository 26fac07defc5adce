"""The weekly brief as one record: every section gathered once, for the dashboard page and the HTML report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard import spikes, weekly
from dashboard.spikes import DEFAULT_RULE, SpikeRule
from dashboard.weekly import Week
from ingest.store import articles


@dataclass(frozen=True)
class Brief:
    """One ISO week against the week before; ``topics``/``stories`` are None before clustering has run."""

    week: Week
    outlets: tuple[str, ...]
    data_until: datetime | None  # the newest article in the store, to say when a week is not over
    coverage: pd.DataFrame
    daily: pd.DataFrame
    actors: pd.DataFrame
    countries: pd.DataFrame
    topics: pd.DataFrame | None
    pairs: pd.DataFrame
    stories: pd.DataFrame | None
    spikes: pd.DataFrame
    rule: SpikeRule

    @property
    def partial(self) -> bool:
        """Whether the store's newest article is older than the week's last day (so the week is not over)."""
        return self.data_until is None or self.data_until < self.week.end - timedelta(days=1)

    def scope_text(self) -> str:
        """'all outlets' or the outlets it was limited to."""
        return "all outlets" if not self.outlets else "outlets " + ", ".join(self.outlets)


def build_brief(
    engine: Engine, week: Week, outlets: tuple[str, ...] = (), rule: SpikeRule = DEFAULT_RULE
) -> Brief:
    """Every section of the brief for ``week``, limited to ``outlets`` when any are given."""
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(articles.c.published))).scalar()
    return Brief(
        week=week,
        outlets=outlets,
        data_until=newest,
        coverage=weekly.coverage(engine, week, outlets),
        daily=spikes.daily_totals(engine, week, outlets, rule),
        actors=weekly.actor_movers(engine, week, outlets),
        countries=weekly.country_movers(engine, week, outlets),
        topics=weekly.topic_movers(engine, week, outlets),
        pairs=weekly.pair_movers(engine, week, outlets),
        stories=weekly.stories_of_week(engine, week, outlets),
        spikes=spikes.find_spikes(engine, week, outlets, rule),
        rule=rule,
    )


def latest_week(engine: Engine) -> Week | None:
    """The newest ISO week with data: the brief's default."""
    weeks = weekly.weeks_with_data(engine)
    return weeks[0] if weeks else None
