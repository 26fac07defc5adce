"""Source leases for `ingest --worker`, on the configured backend: who gets which due source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update

from ingest import store
from ingest.records import Outcome, OutcomeKind
from ingest.settings import SourceConfig

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
CONFIGS = [SourceConfig(name, "rss", f"https://{name}.example/feed") for name in ("a", "b")]
OK = Outcome(OutcomeKind.OK, "ok")


def worker(engine: Engine, name: str) -> store.DueSources:
    return store.DueSources(engine, CONFIGS, store.Lease(name, 600))


def poll(engine: Engine, due: store.DueSources, source: int) -> None:
    store.save_poll(engine, source, OK, None, NOW, 8.0)
    due.release(source)


def lease_of(engine: Engine, source: int) -> tuple[str | None, datetime | None]:
    with engine.connect() as conn:
        s = store.sources
        row = conn.execute(select(s.c.leased_by, s.c.leased_until).where(s.c.id == source)).one()
    return row.leased_by, row.leased_until


def plant(engine: Engine, source: int, holder: str, until: datetime) -> None:
    with engine.begin() as conn:
        stmt = update(store.sources).where(store.sources.c.id == source)
        conn.execute(stmt.values(leased_by=holder, leased_until=until))


def test_two_workers_never_get_the_same_source(engine: Engine) -> None:
    store.sync_sources(engine, CONFIGS)
    one, two = worker(engine, "one"), worker(engine, "two")
    first, second = one.take(NOW), two.take(NOW)
    assert first is not None and second is not None and first.id != second.id
    assert one.take(NOW) is None and two.take(NOW) is None
    assert lease_of(engine, first.id) == ("one", NOW + timedelta(seconds=600))


def test_a_source_polled_since_the_scan_is_not_polled_again(engine: Engine) -> None:
    store.sync_sources(engine, CONFIGS)
    one, two = worker(engine, "one"), worker(engine, "two")
    mine = one.take(NOW)  # one has scanned both sources and still holds the other in its list
    theirs = two.take(NOW)
    assert mine is not None and theirs is not None
    poll(engine, two, theirs.id)
    assert lease_of(engine, theirs.id) == (None, None)
    assert one.take(NOW) is None  # free again, but polled after one's scan: not due this cycle


def test_a_dead_workers_lease_lapses_and_a_live_one_holds(engine: Engine) -> None:
    dead, alive = store.sync_sources(engine, CONFIGS)
    plant(engine, dead.id, "dead", NOW - timedelta(seconds=1))
    plant(engine, alive.id, "alive", NOW + timedelta(minutes=5))
    one = worker(engine, "one")
    taken = one.take(NOW)
    assert taken is not None and taken.id == dead.id
    assert one.take(NOW) is None
    assert one.take(NOW + timedelta(minutes=5)) is not None  # once it lapses, it is taken


def test_only_the_holder_releases_a_lease(engine: Engine) -> None:
    source = store.sync_sources(engine, CONFIGS)[0]
    plant(engine, source.id, "other", NOW + timedelta(minutes=5))
    worker(engine, "one").release(source.id)
    assert lease_of(engine, source.id)[0] == "other"


def test_disabled_and_unconfigured_sources_are_not_leased(engine: Engine) -> None:
    a, b = store.sync_sources(engine, CONFIGS)
    store.save_poll(engine, a.id, Outcome(OutcomeKind.HARD, "http-410", 410), None, NOW, 1.0)
    store.sync_sources(engine, CONFIGS[:1])  # b is no longer configured
    assert worker(engine, "one").take(NOW + timedelta(days=2)) is None


def test_only_quiet_runs_are_closed_when_workers_share_the_store(engine: Engine) -> None:
    long_ago = NOW - timedelta(hours=1)
    quiet, busy, young = (store.start_run(engine, t) for t in (long_ago, long_ago, NOW))
    for run, at in ((quiet, NOW - timedelta(minutes=30)), (busy, NOW - timedelta(minutes=1))):
        store.save_fetches(engine, run, None, [store.FetchLog("u", "feed", OK)], at)
    assert store.close_abandoned_runs(engine, NOW, timedelta(minutes=10)) == 1
    statuses = {r["id"]: r["status"] for r in store.status(engine)["runs"]}
    assert statuses == {quiet: "interrupted", busy: "running", young: "running"}
