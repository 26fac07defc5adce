"""Scale numbers: demo stores of 10k to 1M articles on SQLite and PostgreSQL; each dashboard page's queries.

python -m benchmarks.scale --sizes 10000 100000 1000000 --backends sqlite postgresql [--database-url URL]

Per backend and size, in a process of its own (so peak memory is that store's): generate the demo world
(a week holds about 10,000 articles), store its articles with ``save_articles_bulk`` and their entities,
mentions and pairs from the world's ground truth with ``save_truth_bulk``, cluster (stories, then a topic
refit) up to ``--cluster-max`` articles, then time every page's queries under the default filters (last 90
days): once, then ``--reps`` times warm, p50/p95. Also: store size on disk, build time, peak memory, and
where asked the existing benchmarks (enrichment at 1k; ingest over HTTP with 1, 2 and 4
``mediamon ingest --worker`` processes on PostgreSQL). The table goes into ``--doc`` too.

Stores live under /tmp (SQLite) or in a schema of their own in the PostgreSQL database (dropped after);
without ``--database-url`` a throwaway PostgreSQL is started with ``.ci/postgres`` and stopped at the end.
``--keep DIR`` keeps them (SQLite files in DIR; with ``--database-url``, the PostgreSQL schemas) and
prints their URLs; ``--remeasure postgresql/1000000=URL`` times the pages again on such a kept store and
replaces that store's page times in ``--doc`` (say, on a quiet machine, or after a change to a query).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.machine import describe, peak_rss_mib
from benchmarks.truth_clusters import store_truth_clusters
from dashboard import measures, queries, weekly
from dashboard.brief import build_brief
from dashboard.queries import Filters
from ingest import store
from ingest.cluster import cluster_stories, cluster_topics
from ingest.countries import display_names, load_gazetteer
from ingest.dedupe import content_fingerprint
from ingest.demo import World, build_world
from ingest.demo.cast import CAST, COUNTRY_FORMS, CastMember
from ingest.demo.load import store_outlets
from ingest.demo.render import default_base_url
from ingest.demo.world import DemoArticle
from ingest.records import Article, Entity
from ingest.settings import ClusterSettings
from ingest.store.bulk import TruthArticle, TruthEntity, deferred_indexes, save_articles_bulk, save_truth_bulk
from ingest.store.schema import mentions, pairs

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 20_000  # demo articles generated, stored and given their truth at a time
PAGES = (
    "sidebar",
    "weekly brief",
    "coverage",
    "mentions",
    "country pairings",
    "pairings, three outlets",
    "actors",
    "topics",
    "stories",
    "articles",
    "health",
)


# --- the demo's ground truth as entities with their printed forms -------------------------------------------

_TEMPLATE = re.compile(r"\{(\w+)\.\w\}")


@cache
def _country_names() -> dict[str, str]:
    """The names enrichment gives countries (the gazetteer's display names)."""
    return display_names(load_gazetteer().rows)


@cache
def _country_forms() -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for form, iso3 in COUNTRY_FORMS.items():
        forms.setdefault(iso3, []).append(form)
    return {iso3: tuple(f) for iso3, f in forms.items()}


@cache
def _cast_by_name() -> dict[str, CastMember]:
    return {m.name: m for m in CAST.values()}


@cache
def actor_forms(name: str) -> tuple[str, ...]:
    """The name, short forms and label the generator prints for an actor; "the UN" also as "UN"."""
    member = _cast_by_name()[name]
    forms = [_TEMPLATE.sub(lambda m: CAST[m.group(1)].label, f) for f in (name, *member.shorts, member.label)]
    forms += [f.removeprefix("the ") for f in forms if f.startswith("the ")]
    return tuple(dict.fromkeys(f for f in forms if f))


def truth_entities(demo: DemoArticle) -> tuple[TruthEntity, ...]:
    """The countries and actors a demo article names, as enrichment would store them, with their forms."""
    names, forms = _country_names(), _country_forms()
    countries = [TruthEntity(Entity("country", names.get(c, c), c), forms[c]) for c in demo.countries]
    actors = [
        TruthEntity(
            Entity(a.kind, a.name, a.country, 0.99 if a.country else 0.0, "table" if a.country else "none"),
            actor_forms(a.name),
        )
        for a in demo.actors
    ]
    return (*countries, *actors)


# --- building a store ---------------------------------------------------------------------------------------


def weeks_for(articles: int) -> int:
    """About 10,000 articles a week (17 outlets), at least the ten weeks the demo needs for its storylines."""
    return max(10, articles // 10_000)


def _demo_rows(
    world: World, first: int, last: int, source_ids: dict[str, int], now: datetime
) -> Iterator[tuple[store.NewArticle, TruthArticle]]:
    for article_id in range(first, last + 1):
        demo = world.article(article_id)
        url = default_base_url(demo.outlet) + demo.path
        body = "\n".join(world.body(article_id))
        article = Article(url, url, demo.title, body, demo.authors, demo.published, "en")
        new = store.NewArticle(article, content_fingerprint(body), source_ids[demo.outlet], None, None, now)
        yield new, TruthArticle(url, body, world.outlet(demo.outlet).country, truth_entities(demo))


def build_store(engine: Engine, articles: int, cluster: bool) -> dict[str, Any]:
    """Fill an empty store from the demo world; returns the seconds of each step and the row counts."""
    steps: dict[str, float] = {}
    started = time.perf_counter()
    world = build_world(seed=7, articles=articles, end=datetime.now(UTC).date(), weeks=weeks_for(articles))
    source_ids = store_outlets(engine, world)
    now = datetime.now(UTC)
    truth = {"mentions": 0, "pairs": 0, "unfound": 0}
    with deferred_indexes(engine, mentions, pairs):
        for first in range(1, len(world) + 1, CHUNK):
            t0 = time.perf_counter()
            rows = list(_demo_rows(world, first, min(first + CHUNK - 1, len(world)), source_ids, now))
            t1 = time.perf_counter()
            save_articles_bulk(engine, (new for new, _ in rows))
            t2 = time.perf_counter()
            done = save_truth_bulk(engine, (t for _, t in rows), now)
            t3 = time.perf_counter()
            for name, seconds in (
                ("generate text", t1 - t0),
                ("store articles", t2 - t1),
                ("store truth", t3 - t2),
            ):
                steps[name] = steps.get(name, 0.0) + seconds
            truth = {k: truth[k] + getattr(done, k) for k in truth}
        loaded = time.perf_counter()
    steps["build indexes"] = time.perf_counter() - loaded
    if cluster:
        options = ClusterSettings()
        steps["cluster stories"] = _timed(lambda: cluster_stories(engine, options, now))
        steps["topic refit"] = _timed(lambda: cluster_topics(engine, options, True, now))
    else:  # too large to cluster here: topics and stories from the generator, for the pages to read
        steps["truth clusters"] = _timed(lambda: store_truth_clusters(engine, world, now))
    steps["daily counts"] = _timed(lambda: store.refresh_rollups(engine, now))
    steps["analyze"] = _timed(lambda: analyze(engine))
    steps["build"] = time.perf_counter() - started
    return {"steps": steps, "truth": truth, "rows": row_counts(engine)}


def _timed(job: Callable[[], object]) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def analyze(engine: Engine) -> None:
    """PostgreSQL's autovacuum would gather statistics after a bulk load; SQLite gathers none by itself."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def row_counts(engine: Engine) -> dict[str, int]:
    tables = [store.articles, store.entities, store.mentions, store.pairs, store.stories, store.topics]
    tables += [store.daily_articles, store.daily_mentions, store.daily_topic_mentions, store.daily_pairs]
    tables += [store.daily_outlet_pairs]
    tables += [store.story_mentions]
    with engine.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}


def store_bytes(engine: Engine) -> int:
    """The SQLite file (with its WAL), or every table of the store's schema with indexes and TOAST."""
    if engine.dialect.name == "sqlite":
        path = Path(str(engine.url.database))
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    sql = (
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


# --- the pages' queries -------------------------------------------------------------------------------------


@dataclass
class Page:
    """Runs one page's queries as the page calls them (each distinct call once, as Streamlit caches)."""

    engine: Engine
    filters: Filters
    calls: list[str] = field(default_factory=list)

    def q(self, name: str, *args: Any) -> Any:
        self.calls.append(name)
        return getattr(queries, name)(self.engine, *args)


def default_filters(engine: Engine) -> Filters:
    """The sidebar's default: the last 90 days counted back from the newest article."""
    _, newest = queries.date_bounds(engine)
    return Filters() if newest is None else Filters(start=newest - timedelta(days=89), end=newest)


def sidebar(p: Page) -> None:
    """What every page's sidebar reads (cached for a minute per store)."""
    for name in ("actor_choices", "topic_choices", "date_bounds", "outlet_names", "outlet_countries"):
        p.q(name)
    p.q("languages")
    p.q("mentioned_countries")


def brief_page(p: Page) -> None:
    week = weekly.weeks_with_data(p.engine)[0]
    build_brief(p.engine, week, p.filters.outlets)


def coverage_page(p: Page) -> None:
    p.q("articles_per_day", p.filters)
    p.q("missing_days", p.filters.start, p.filters.end)


def mentions_page(p: Page) -> None:
    base = p.filters.without_entities()
    p.q("entity_count", "country")
    keys = list(p.q("top_entities", base, "country", 6)["key"])
    p.q("entity_series", base, "country", keys, "week")
    p.q("missing_days", base.start, base.end)
    p.q("entity_totals", base, "country", keys)
    top = p.q("top_entities", base, "country", 10)
    previous = base.previous()
    if previous is not None:
        p.q("entity_totals", previous, "country", list(top["key"]))


def pairings_page(p: Page) -> None:
    base = p.filters.without_entities()
    p.q("entity_count", "country")
    codes = [str(k) for k in p.q("top_entities", base, "country", 15)["key"]]
    found = p.q("country_pairs", base, "sentence", codes)
    counts = p.q("entity_totals", base, "country", codes)
    total = p.q("count_articles", base)
    scored = measures.pair_strength(
        found, dict(zip(counts["key"], counts["articles"], strict=True)), total, "articles"
    )
    if scored.empty:
        return
    a, b = str(scored["a"].iloc[0]), str(scored["b"].iloc[0])
    p.q("pair_series", base, a, b, "sentence", "day")
    p.q("missing_days", base.start, base.end)
    p.q("pair_evidence", base, a, b, 200)


def outlet_pairings_page(p: Page) -> None:
    """The pairings page with three outlets chosen (counts per outlet: daily_outlet_pairs)."""
    three = tuple(queries.outlet_names(p.engine)[:3])
    pairings_page(Page(p.engine, replace(p.filters, outlets=three), p.calls))


def actors_page(p: Page) -> None:
    base = p.filters.without_entities()
    p.q("entity_count", "actor")
    nodes = p.q("top_entities", base, "actor", 30)
    if nodes.empty:
        return
    ids = [int(k) for k in nodes["key"]]
    p.q("actor_edges", base, ids, "article")
    p.q("actor_names", p.filters.actors)
    actor = ids[0]
    p.q("actor_profile", actor)
    p.q("entity_series", base, "actor", [actor], "day")
    p.q("missing_days", base.start, base.end)
    p.q("actor_countries", base, actor)
    p.q("actor_topics", base, actor)
    p.q("actor_mentions", base, actor, 100)


def topics_page(p: Page) -> None:
    """The timeline, then the largest topic of the period as the page shows one."""
    if not p.q("has_topics"):
        return
    p.q("topic_catalogue")
    p.q("topic_fit_history")
    series = p.q("topic_series", p.filters, "week")
    if series.dropna(subset=["topic"]).empty:
        return
    topic = int(series.groupby("topic")["articles"].sum().idxmax())
    detail = p.q("topic_detail", topic)
    scoped = replace(p.filters, topics=(topic,))
    p.q("count_articles", scoped)
    p.q("top_entities", scoped, "country", 10)
    p.q("top_entities", scoped, "actor", 10)
    p.q("story_table", scoped, 20, "articles")
    p.q("representative_articles", detail.representatives)


def stories_page(p: Page) -> None:
    """The list (200 stories by articles, with their countries and actors), then its first story."""
    if not p.q("has_stories"):
        return
    table = p.q("story_table", p.filters, 200, "articles")
    ids = tuple(int(i) for i in table["id"])
    p.q("story_entities", ids, "country")
    p.q("story_entities", ids, "actor")
    p.q("story_count", p.filters)
    if ids:
        p.q("articles_per_day", replace(p.filters, stories=ids[:1]))


def articles_page(p: Page) -> None:
    p.q("actor_names", p.filters.actors)
    p.q("count_articles", p.filters)
    p.q("article_table", p.filters, 500, "newest")


def health_page(p: Page) -> None:
    p.q("recent_runs", 50)
    p.q("source_health")


PAGE_RUNS: dict[str, Callable[[Page], None]] = dict(
    zip(
        PAGES,
        (
            sidebar,
            brief_page,
            coverage_page,
            mentions_page,
            pairings_page,
            outlet_pairings_page,
            actors_page,
            topics_page,
            stories_page,
            articles_page,
            health_page,
        ),
        strict=True,
    )
)


@contextmanager
def statement_times(engine: Engine) -> Iterator[list[tuple[str, float]]]:
    """Each SQL statement run meanwhile, as (the dashboard function that ran it, seconds)."""
    found: list[tuple[str, float]] = []

    def before(conn: Any, *_: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn: Any, *_: Any) -> None:
        found.append((_caller(), time.perf_counter() - conn.info["started"].pop()))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def _caller() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if (
            module.startswith("dashboard.")
            and not frame.f_code.co_name.startswith("_")
            and frame.f_code.co_name != "frame"
        ):
            return f"{module.rsplit('.', 1)[-1]}.{frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


def measure_pages(engine: Engine, reps: int, budget: float = 60.0) -> dict[str, Any]:
    """Per page: the first run, p50 and p95 of ``reps`` warm runs, and its slowest statements."""
    filters = default_filters(engine)
    result: dict[str, Any] = {}
    for name, run in PAGE_RUNS.items():
        first = _timed(partial(run, Page(engine, filters)))
        with statement_times(engine) as statements:
            run(Page(engine, filters))
        per_query: dict[str, float] = {}
        for caller, seconds in statements:
            per_query[caller] = per_query.get(caller, 0.0) + seconds
        # A page far over its target needs no twenty runs to show it: a minute of runs, at least five.
        times = min(reps, max(5, int(budget / max(first, 1e-3))))
        warm = sorted(_timed(partial(run, Page(engine, filters))) for _ in range(times))
        result[name] = {
            "reps": times,
            "first": first,
            "p50": statistics.median(warm),
            "p95": _percentile(warm, 0.95),
            "queries": dict(sorted(per_query.items(), key=lambda kv: -kv[1])[:5]),
        }
    return result


def _percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    at = q * (len(ordered) - 1)
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def run_one(url: str, articles: int, cluster: bool, reps: int) -> dict[str, Any]:
    engine = store.connect(url)
    built = build_store(engine, articles, cluster)
    built["bytes"] = store_bytes(engine)
    built["pages"] = measure_pages(engine, reps)
    built["peak_rss_mib"] = peak_rss_mib()
    built["cpu_seconds"] = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    engine.dispose()
    return built


# --- the existing benchmarks at a size ----------------------------------------------------------------------


def http_workers(url: str, articles: int, counts: list[int]) -> list[dict[str, Any]]:
    """Ingest a demo web over HTTP with n ``mediamon ingest --worker`` processes, each n on a fresh schema."""
    from ingest.demo import demo_sources, serve

    world = build_world(seed=7, articles=articles, end=datetime.now(UTC).date())
    results = []
    with serve(world) as web, tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "mediamon.toml"
        lines = [
            f'[schedule]\nlock_file = "{Path(tmp) / "lock"}"',
            "[fetch]\nallow_loopback = true\nper_host_delay = 0.0\nper_host_concurrency = 4",
            "[extract]\nworkers = 1",
            "[enrich]\nenabled = false",
            "[cluster]\nenabled = false",
        ]
        lines += [
            f'[[sources]]\nname = "{s.name}"\nkind = "{s.kind}"\nlocation = "{s.location}"'
            for s in demo_sources(web)
        ]
        cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for n in counts:
            with pg_schema(url, f"http{n}") as schema_url:
                store.ensure_schema(store.connect(schema_url))
                env = os.environ | {"MEDIAMON_DATABASE_URL": schema_url, "MEDIAMON_CONFIG": str(cfg)}
                command = [sys.executable, "-m", "ingest.cli", "ingest", "--worker"]
                server_cpu = resource.getrusage(resource.RUSAGE_SELF)
                started = time.perf_counter()
                procs = [
                    subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    for _ in range(n)
                ]
                errors = [
                    p.communicate()[1].decode(errors="replace")[-500:] for p in procs if p.wait() or True
                ]
                seconds = time.perf_counter() - started
                after = resource.getrusage(resource.RUSAGE_SELF)
                engine = store.connect(schema_url)
                stored = row_counts(engine)["articles"]
                engine.dispose()
            failed = [e for p, e in zip(procs, errors, strict=True) if p.returncode]
            results.append(
                {
                    "workers": n,
                    "articles": stored,
                    "seconds": seconds,
                    "server_cpu": (after.ru_utime + after.ru_stime)
                    - (server_cpu.ru_utime + server_cpu.ru_stime),
                    "failed": failed,
                }
            )
    return results


def run_enrich_benchmark(articles: int) -> str:
    command = [
        sys.executable,
        "-m",
        "benchmarks.enrich",
        "--articles",
        str(articles),
        "--processes",
        "1",
        "2",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout + (done.stderr[-1000:] if done.returncode else "")


# --- stores to build in, and the child processes that build them --------------------------------------------


@contextmanager
def postgres_server(url: str | None, workdir: Path) -> Iterator[str]:
    """The given PostgreSQL database, or a throwaway one started with .ci/postgres and stopped after."""
    if url:
        yield url
        return
    # Not inside ``workdir``: the server runs as the postgres user, who cannot enter a private temp folder.
    folder = Path(tempfile.gettempdir()) / f"mediamon-scale-pg-{os.getpid()}"
    started = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode:
        raise SystemExit(f".ci/postgres start failed: {started.stderr[-2000:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            [str(ROOT / ".ci" / "postgres"), "stop", str(folder)], capture_output=True, check=False
        )


@contextmanager
def pg_schema(url: str, hint: str, keep: bool = False) -> Iterator[str]:
    """A schema of its own in the database (reached through search_path), dropped after unless kept."""
    schema = f"scale_{hint}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    query = {"options": f"-csearch_path={schema}", "application_name": schema}
    store_url = make_url(url).update_query_dict(query)
    try:
        yield store_url.render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"kept: {store_url.render_as_string(hide_password=True)}", file=sys.stderr, flush=True)
        else:
            with admin.connect() as conn:
                clients = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :s"
                conn.execute(text(clients), {"s": schema})
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def child(args: list[str]) -> dict[str, Any]:
    """Run ``python -m benchmarks.scale --child ...`` and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return {"error": done.stderr[-3000:]}
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def run_size(
    backend: str, articles: int, server: str | None, workdir: Path, opts: argparse.Namespace
) -> dict[str, Any]:
    cluster = "1" if articles <= opts.cluster_max else "0"
    extra = [str(articles), cluster, str(opts.reps)]
    if backend == "sqlite":
        folder = opts.keep or workdir
        url = f"sqlite:///{folder / f'scale-{articles}.db'}"
        if (folder / f"scale-{articles}.db").exists():  # a store is built from empty
            return {"error": f"{url} exists already: remove it, or time it with --remeasure"}
        try:
            return child([url, *extra])
        finally:
            if opts.keep:
                print(f"kept: {url}", file=sys.stderr, flush=True)
            else:
                for leftover in folder.glob(f"scale-{articles}.db*"):
                    leftover.unlink()
    assert server is not None
    with pg_schema(server, str(articles), keep=bool(opts.keep and opts.database_url)) as url:
        return child([url, *extra])


# --- the report ---------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def tables(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: the stores, then each page's p50 / p95, then the slowest queries of the largest stores."""
    keys = sorted(
        (k for k in results if "error" not in results[k]),
        key=lambda k: (k.split("/")[0], int(k.split("/")[1])),
    )
    out = [
        "| backend | articles | mentions | pairs | build (s) | of which clustering (s) | store size (MiB) "
        "| peak memory (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k in keys:
        r = results[k]
        steps, rows = r["steps"], r["rows"]
        clustering = steps.get("cluster stories", 0) + steps.get("topic refit", 0)
        out.append(
            f"| {k.split('/')[0]} | {rows['articles']:,} | {rows['mentions']:,} | {rows['pairs']:,} | "
            f"{steps['build']:,.0f} | {f'{clustering:,.0f}' if clustering else _unclustered(steps)} | "
            f"{r['bytes'] / 2**20:,.0f} | {r['peak_rss_mib']:,.0f} |"
        )
    out += [
        "",
        "Each page's queries, warm, milliseconds p50 / p95 (first run after the build in brackets):",
        "",
    ]
    out.append("| page | " + " | ".join(f"{k.split('/')[0]} {int(k.split('/')[1]):,}" for k in keys) + " |")
    out.append("|---|" + "---:|" * len(keys))
    for page in PAGES:
        cells = []
        for k in keys:
            m = results[k]["pages"].get(page)
            if m is None:  # measured before this page was
                cells.append("–")
                continue
            runs = f" [{m['reps']} runs]" if m.get("reps", 20) < 20 else ""
            cells.append(f"{_ms(m['p50'])} / {_ms(m['p95'])} ({_ms(m['first'])}){runs}")
        out.append(f"| {page} | " + " | ".join(cells) + " |")
    for k in keys:
        if k.split("/")[1] != str(
            max(int(j.split("/")[1]) for j in keys if j.startswith(k.split("/")[0] + "/"))
        ):
            continue
        slow = []
        for page in PAGES:
            timed = results[k]["pages"].get(page, {"queries": {}})["queries"]
            found = sorted(timed.items(), key=lambda qs: -qs[1])
            if listed := ", ".join(f"{q} {_ms(s)}" for q, s in found if s >= 0.05):
                slow.append(f"- {page}: {listed}")
        if slow:
            out += [
                "",
                f"Queries over 50 ms, {k.split('/')[0]} {int(k.split('/')[1]):,} (one warm run, ms):",
                "",
            ]
            out += slow
    failed = [k for k in results if "error" in results[k]]
    for k in failed:
        out += ["", f"{k} failed: ```{results[k]['error'][-500:]}```"]
    return "\n".join(out)


def _unclustered(steps: dict[str, float]) -> str:
    return "from the generator" if "truth clusters" in steps else "not clustered"


BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"


def write_doc(path: Path, body: str) -> None:
    """Replace the generated block of ``path`` (or add it at the end), keeping the text around it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    block = f"{BEGIN}\n{body}\n{END}"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def previous_results(path: Path) -> dict[str, Any]:
    """The raw results an earlier run left in the doc, so separate runs (10k and 100k, then 1M) add up."""
    if not path.exists():
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("<!-- scale-data "):
            found: dict[str, Any] = json.loads(line.removeprefix("<!-- scale-data ").removesuffix(" -->"))
            return found
    return {}


def report(data: dict[str, Any]) -> str:
    lines = [tables(data["stores"])]
    for run in data.get("runs", []):
        measured = ", ".join(run.get("measured", [])) or "nothing kept"
        lines += [
            "",
            f"`{run['command']}` ({run.get('day', '')}, commit {run.get('commit', 'not recorded')};"
            f" kept from it: {measured})  ",
            f"machine: {run['machine']}; load average {run['load_after']:.1f} at the end",
        ]
    if data.get("http"):
        lines += [
            "",
            "Ingest over HTTP on PostgreSQL (`mediamon ingest --worker`, one extraction process each):",
            "",
        ]
        lines += [
            "| workers | articles | seconds | articles/s | speed-up | demo web CPU (s) | failed workers |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        base = None
        for h in data["http"]:
            rate = h["articles"] / h["seconds"]
            base = base or rate
            lines.append(
                f"| {h['workers']} | {h['articles']:,} | {h['seconds']:.1f} | {rate:.1f} | "
                f"{rate / base:.2f}× | {h['server_cpu']:.1f} | {len(h['failed'])} |"
            )
    if data.get("enrich"):
        lines += [
            "",
            f"Enrichment (`python -m benchmarks.enrich --articles {data.get('enrich_articles', 1000)} "
            "--processes 1 2`):",
            "",
            "```",
            data["enrich"].rstrip(),
            "```",
        ]
    lines += ["", f"<!-- scale-data {json.dumps(data, sort_keys=True)} -->"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        url, articles, cluster, reps = argv[1], int(argv[2]), argv[3] == "1", int(argv[4])
        print(json.dumps(run_one(url, articles, cluster, reps)))
        return
    if argv and argv[0] == "--child-http":
        print(json.dumps(http_workers(argv[1], int(argv[2]), [int(n) for n in argv[3:]])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to build in (a schema per store); default: a throwaway server",
    )
    parser.add_argument("--reps", type=int, default=20, help="warm runs of each page")
    parser.add_argument(
        "--cluster-max", type=int, default=100_000, help="cluster stores up to this many articles"
    )
    parser.add_argument(
        "--http-articles", type=int, default=0, help="ingest over HTTP with 1, 2, 4 workers (0: skip)"
    )
    parser.add_argument("--http-workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--enrich-articles", type=int, default=0, help="run benchmarks.enrich at this size (0: skip)"
    )
    parser.add_argument(
        "--doc", type=Path, default=ROOT / "docs" / "benchmarks.md", help="write the table here"
    )
    parser.add_argument("--fresh", action="store_true", help="drop results an earlier run left in --doc")
    parser.add_argument("--keep", type=Path, help="keep the stores (SQLite files here; PostgreSQL schemas)")
    parser.add_argument(
        "--remeasure",
        nargs="+",
        default=[],
        metavar="BACKEND/SIZE=URL",
        help="only time the pages again on kept stores, replacing their page times in --doc",
    )
    parser.add_argument("--render", action="store_true", help="only rewrite --doc from the results in it")
    opts = parser.parse_args(argv)
    if opts.render:
        write_doc(opts.doc, report(previous_results(opts.doc)))
        return
    shown = [
        "URL" if before == "--database-url" else re.sub(r"=.*", "=URL", a) if "/" in a and "=" in a else a
        for before, a in zip(["", *argv], argv, strict=False)
    ]
    run = {"command": "python -m benchmarks.scale " + shlex.join(shown), "machine": describe()}
    run["commit"] = _commit()
    data: dict[str, Any] = {} if opts.fresh else previous_results(opts.doc)
    data = {"stores": {}, "runs": [], **data}
    data["runs"].append(run)
    if opts.remeasure:
        remeasure(opts.remeasure, opts.reps, data, run)
        save(opts.doc, data, run)
        print(report(data))
        return
    measure_all(opts, data, run, lambda: save(opts.doc, data, run))


def remeasure(specs: list[str], reps: int, data: dict[str, Any], run: dict[str, Any]) -> None:
    """Each page's queries again on kept stores; the rest of their results stays as built."""
    for spec in specs:
        key, _, url = spec.partition("=")
        if key not in data["stores"] or not url:
            raise SystemExit(f"--remeasure {spec}: want BACKEND/SIZE=URL of a store in --doc")
        engine = store.connect(url)
        store.ensure_schema(engine)  # a store kept under an older schema
        data["stores"][key].update(pages=measure_pages(engine, reps), rows=row_counts(engine))
        engine.dispose()
        run.setdefault("measured", []).append(f"{key} page times")


def _commit() -> str:
    """The code measured: the checkout's commit, marked when files differ from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT
    )
    return (head.stdout.strip() or "unknown") + (" (with local changes)" if dirty.stdout.strip() else "")


def save(doc: Path, data: dict[str, Any], run: dict[str, Any]) -> None:
    """Write what is known so far, so a failure late in a long run loses nothing before it."""
    run.update(load_after=os.getloadavg()[0], day=str(date.today()))
    write_doc(doc, report(data))


def measure_all(
    opts: argparse.Namespace, data: dict[str, Any], run: dict[str, Any], saved: Callable[[], None]
) -> None:
    with tempfile.TemporaryDirectory(prefix="mediamon-scale-") as tmp:
        workdir = Path(tmp)
        needs_pg = "postgresql" in opts.backends or opts.http_articles
        with postgres_server(opts.database_url, workdir) if needs_pg else _nothing() as server:
            for backend in opts.backends:
                for size in opts.sizes:
                    print(f"{backend} {size:,} …", file=sys.stderr, flush=True)
                    data["stores"][f"{backend}/{size}"] = run_size(backend, size, server, workdir, opts)
                    run.setdefault("measured", []).append(f"{backend} {size:,}")
                    saved()
            if opts.http_articles and server:
                print(f"ingest over HTTP, {opts.http_articles:,} articles …", file=sys.stderr, flush=True)
                data["http"] = child_http(server, opts.http_articles, opts.http_workers)
                run.setdefault("measured", []).append("ingest over HTTP")
                saved()
    if opts.enrich_articles:
        print("enrichment …", file=sys.stderr, flush=True)
        data["enrich"] = run_enrich_benchmark(opts.enrich_articles)
        data["enrich_articles"] = opts.enrich_articles
        run.setdefault("measured", []).append("enrichment")
    saved()
    print(report(data))


def child_http(server: str, articles: int, workers: list[int]) -> list[dict[str, Any]]:
    args = ["--child-http", server, str(articles), *map(str, workers)]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return [
            {"workers": 0, "articles": 0, "seconds": 1.0, "server_cpu": 0.0, "failed": [done.stderr[-2000:]]}
        ]
    found: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()
