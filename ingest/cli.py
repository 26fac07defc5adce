"""The ``mediamon`` command: parse arguments, build Settings, call one library function."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ingest import console, logs, store
from ingest.pipeline import Listener, RunSummary, import_paths, run_ingest
from ingest.schedule import RunLocked, StopFlag, run_forever, run_lock
from ingest.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from ingest.cluster import ClusterSummary
    from ingest.enrich import EnrichSummary

DEMO_DIR = Path("data/demo")
EXIT_LOCKED = 75  # EX_TEMPFAIL: a scheduler may simply try again later
log = logging.getLogger("mediamon.cli")
DASHBOARD_APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


class ConfigError(click.ClickException):
    """A configuration error: exit code 2, like other usage errors."""

    exit_code = 2


@click.group()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="MEDIAMON_CONFIG",
    help="Path to mediamon.toml (default: $MEDIAMON_CONFIG, else built-in defaults).",
)
@click.option("--log-json", is_flag=True, help="Log one JSON object per line (for log collectors).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, log_json: bool) -> None:
    """Self-hosted media monitoring: ingest news, explore who, where and what."""
    # Interactive commands print their own summary; logs are for --log-json and the scheduler.
    logs.configure(log_json, logging.INFO if log_json else logging.ERROR)
    try:
        ctx.obj = load_settings(config_path)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None


def _engine(settings: Settings) -> Any:
    engine = store.connect(settings.database_url)
    store.ensure_schema(engine)
    return engine


@main.command()
@click.option("--all", "force", is_flag=True, help="Poll every source now, due or not.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option(
    "--worker",
    is_flag=True,
    help="Share the due sources with other workers on the same PostgreSQL store "
    "(no enrichment or clustering after it: run `mediamon enrich` for that).",
)
@click.pass_obj
def ingest(settings: Settings, force: bool, as_json: bool, worker: bool) -> None:
    """One run over all due sources."""
    if not settings.sources:
        raise click.ClickException("no sources configured: add [[sources]] to mediamon.toml (--config)")
    if worker and force:
        raise click.UsageError("--all and --worker do not go together: workers share the due sources")
    engine = _engine(settings)
    # Workers on a server share sources through leases; SQLite has one writer, so one run at a time.
    alone = not worker or engine.dialect.name == "sqlite"
    try:
        with run_lock(Path(settings.schedule.lock_file)) if alone else nullcontext():
            summary = _with_progress(
                lambda listen: run_ingest(engine, settings, force=force, listener=listen, worker=worker),
                as_json,
            )
            after = AfterRun() if worker else _after_run(engine, settings, summary)
    except RunLocked as exc:
        hint = " (a SQLite store takes one worker at a time; use PostgreSQL for several)" if worker else ""
        click.echo(f"mediamon: {exc}; not starting a second run{hint}", err=True)
        sys.exit(EXIT_LOCKED)
    _log_run(summary, after)
    _print_summary(summary, as_json, after)


@main.command()
@click.pass_obj
def schedule(settings: Settings) -> None:
    """Run forever: poll each source when due, enrich and cluster after each run; stops on SIGTERM."""
    if not settings.sources:
        raise click.ClickException("no sources configured: add [[sources]] to mediamon.toml (--config)")
    engine = _engine(settings)
    logging.getLogger("mediamon").setLevel(logging.INFO)
    stop = StopFlag()
    stop.install()

    def one_run() -> None:
        summary = run_ingest(engine, settings)
        _log_run(summary, _after_run(engine, settings, summary))

    runs = run_forever(engine, settings, one_run, stop)
    log.info("scheduler stopped after %d runs", runs)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--source", default="import", show_default=True, help="Source name to file these under.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_obj
def import_(settings: Settings, paths: tuple[Path, ...], source: str, as_json: bool) -> None:
    """Import local HTML files, folders and JSON Lines ({url, html} or {url, title, text, …})."""
    engine = _engine(settings)
    summary = _with_progress(lambda listen: import_paths(engine, settings, paths, source, listen), as_json)
    _print_summary(summary, as_json, _after_run(engine, settings, summary))


@main.command("enrich")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published since this day.")
@click.option("--all", "everything", is_flag=True, help="Re-analyse articles already enriched.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def enrich_(settings: Settings, since: datetime | None, everything: bool, as_json: bool) -> None:
    """Find countries, actors and pairs in stored articles again, without re-fetching."""
    from ingest.enrich import enrich  # spaCy loads only for the commands that need it

    since_utc = since.replace(tzinfo=UTC) if since else None
    engine = _engine(settings)
    done = enrich(engine, settings.enrich, since=since_utc, everything=everything or bool(since))
    _recount(engine)
    click.echo(json.dumps(asdict(done)) if as_json else done.line())


@main.command("cluster")
@click.option("--refit", is_flag=True, help="Refit topics now (ids persist by matching the previous fit).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def cluster_(settings: Settings, refit: bool, as_json: bool) -> None:
    """Find copies, stories and topics of stored articles not clustered yet."""
    from ingest.cluster import cluster

    try:  # a scheduled run clusters too; two passes at once would give one article two stories
        with run_lock(Path(settings.schedule.lock_file)):
            engine = _engine(settings)
            done = cluster(engine, settings.cluster, refit=refit)
            _recount(engine)
    except RunLocked as exc:
        click.echo(f"mediamon: {exc}; try again when it has finished", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(json.dumps(asdict(done)) if as_json else done.line())


@main.command()
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.pass_obj
def extract(settings: Settings, target: str, as_json: bool) -> None:
    """Run one page (a file or a URL) through extraction, for debugging."""
    result = console.extract_target(target, settings)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(console.format_extraction(result))
    if result["outcome"]["kind"] != "ok":
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status(settings: Settings, as_json: bool) -> None:
    """Counts of articles and sources, recent runs, failures by reason, per-source health."""
    data = store.status(_engine(settings))
    click.echo(json.dumps(data, indent=2, default=str) if as_json else console.format_status(data))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.pass_obj
def export(settings: Settings, fmt: str, out: Path | None) -> None:
    """Every article with its metadata."""
    with _output(out) as stream:
        count = console.write_export(store.iter_articles(_engine(settings)), fmt, stream)
    click.echo(f"exported {count} articles", err=True)


@main.command()
@click.option("--week", help="ISO week such as 2026-W47 (default: the newest week with data).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), help="PDF to print via Chromium.")
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable).")
@click.option(
    "--chromium",
    type=click.Path(dir_okay=False, path_type=Path),
    default="/usr/bin/chromium",
    envvar="MEDIAMON_CHROMIUM",
    show_default=True,
)
@click.pass_obj
def report(
    settings: Settings,
    week: str | None,
    out: Path | None,
    pdf: Path | None,
    outlets: tuple[str, ...],
    chromium: Path,
) -> None:
    """The weekly brief as one self-contained HTML file (plotly inline), and as a PDF with --pdf."""
    from dashboard.report import ChromiumMissing, ReportOptions, write_report
    from dashboard.weekly import Week

    if out is None and pdf is None:
        raise click.UsageError("give --out FILE.html, --pdf FILE.pdf, or both")
    try:
        chosen = Week.parse(week) if week else None
        options = ReportOptions(chosen, outlets, out, pdf, chromium)
        click.echo(write_report(_engine(settings), options).line())
    except (ValueError, ChromiumMissing) as exc:
        raise ConfigError(str(exc)) from None
    except (LookupError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from None


@main.group()
def sources() -> None:
    """Manage configured sources."""


@sources.command("enable")
@click.argument("name")
@click.pass_obj
def sources_enable(settings: Settings, name: str) -> None:
    """Clear a source's failure record and re-enable it."""
    if not store.enable_source(_engine(settings), name):
        raise click.ClickException(f"no source named {name!r} in the store")
    click.echo(f"source {name} enabled")


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True, help="Bind address (keep it local).")
@click.pass_obj
def dashboard(settings: Settings, port: int, address: str) -> None:
    """Start the Streamlit dashboard."""
    if not _loopback(address) and not os.environ.get("MEDIAMON_DASHBOARD_PASSWORD"):
        raise ConfigError(
            f"refusing to serve the dashboard on {address} without a password: "
            "set MEDIAMON_DASHBOARD_PASSWORD (and put TLS in front of it), or keep --address 127.0.0.1"
        )
    sys.exit(launch_dashboard(settings, port, address))


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def launch_dashboard(settings: Settings, port: int = 8501, address: str = "127.0.0.1") -> int:
    env = os.environ | {"MEDIAMON_DATABASE_URL": settings.database_url}
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(DASHBOARD_APP),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--server.enableStaticServing",  # the world map's outline (dashboard.basemap)
        "true",
    ]
    click.echo(f"dashboard on http://{address}:{port}  (Ctrl-C to stop)", err=True)
    try:
        return subprocess.call(args, env=env)
    except KeyboardInterrupt:
        return 0


@main.command()
@click.option("--articles", default=1500, show_default=True, help="How many articles the demo web holds.")
@click.option("--seed", default=7, show_default=True)
@click.option("--database", default="sqlite:///data/demo.db", show_default=True)
@click.option("--no-dashboard", is_flag=True, help="Stop after the ingest.")
@click.option("--port", default=8501, show_default=True)
@click.pass_obj
def demo(settings: Settings, articles: int, seed: int, database: str, no_dashboard: bool, port: int) -> None:
    """Generate a demo news web, serve it on 127.0.0.1, ingest it over HTTP, open the dashboard."""
    from ingest.demo import build_world, serve, write_truth

    world = build_world(seed=seed, articles=articles)
    truth = write_truth(world, DEMO_DIR / "truth.jsonl")
    click.echo(
        f"demo web: {truth} articles from {len(world.outlets)} outlets; ground truth in "
        f"{DEMO_DIR / 'truth.jsonl'}",
        err=True,
    )
    with serve(world) as web:
        demo_cfg = replace(demo_settings(web, settings), database_url=database)
        engine = _engine(demo_cfg)
        summary = _with_progress(lambda listen: run_ingest(engine, demo_cfg, listener=listen), as_json=False)
        _print_summary(summary, False, _after_run(engine, demo_cfg, summary), exit_on_failure=False)
        if not no_dashboard:
            launch_dashboard(demo_cfg, port)


def demo_settings(web: Any, base: Settings) -> Settings:
    """Settings for ingesting the demo web: its outlets as sources, loopback allowed, no delay."""
    from ingest.demo import demo_sources

    # Every demo outlet lives on 127.0.0.1, and politeness is per host name, so relax it here.
    fetch = replace(
        base.fetch,
        allow_loopback=True,
        per_host_delay=0.0,
        per_host_concurrency=8,
        max_feed_entries=max(base.fetch.max_feed_entries, len(web.world)),
    )
    return replace(base, sources=demo_sources(web), fetch=fetch)


def _with_progress(job: Any, as_json: bool) -> RunSummary:
    try:
        if as_json or not sys.stderr.isatty():
            return job(None)
        with console.live_progress() as listener:
            listen: Listener = listener
            return job(listen)
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; the run is recorded as interrupted") from None
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None


@dataclass(frozen=True)
class AfterRun:
    """What ran after an ingest run: enrichment of what it added, then clustering."""

    enriched: EnrichSummary | None = None
    clustered: ClusterSummary | None = None
    recounted_days: int = 0

    def lines(self) -> list[str]:
        return [done.line() for done in (self.enriched, self.clustered) if done is not None]


def _after_run(engine: Any, settings: Settings, summary: RunSummary) -> AfterRun:
    """After a run that went well: enrich what it added, then cluster (refitting topics when due); after
    any run, bring the dashboard's daily counts up to date with what was stored."""
    enriched = clustered = None
    if summary.status == "ok" and settings.enrich.enabled and summary.added:
        from ingest.enrich import enrich

        enriched = enrich(engine, settings.enrich)
    if summary.status == "ok" and settings.cluster.enabled:
        from ingest.cluster import cluster

        clustered = cluster(engine, settings.cluster)
    return AfterRun(enriched, clustered, _recount(engine))


def _recount(engine: Any) -> int:
    """Days whose daily counts were brought up to date (the dashboard's charts read those)."""
    return store.refresh_rollups(engine, datetime.now(UTC))


def _log_run(summary: RunSummary, after: AfterRun) -> None:
    """One structured line per run, and one per failure class."""
    fields = {
        "run": summary.run_id,
        "status": summary.status,
        "added": summary.added,
        "sources": summary.sources,
        "seconds": round(summary.seconds, 1),
        "enriched": after.enriched.articles if after.enriched else 0,
        "clustered": after.clustered.articles if after.clustered else 0,
        "recounted_days": after.recounted_days,
    }
    log.info(summary.line(), extra={"fields": fields})
    for key, count in sorted(summary.failures().items()):
        target, reason = key.split(":", 1)
        log.warning(
            "%s %s ×%d",
            target,
            reason,
            count,
            extra={"fields": {"run": summary.run_id, "target": target, "reason": reason, "count": count}},
        )


def _print_summary(
    summary: RunSummary, as_json: bool, after: AfterRun = AfterRun(), exit_on_failure: bool = True
) -> None:
    if as_json:
        data = asdict(summary) | {"counts": dict(summary.counts)}
        data["enriched"] = asdict(after.enriched) if after.enriched else None
        data["clustered"] = asdict(after.clustered) if after.clustered else None
        data["recounted_days"] = after.recounted_days
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(summary.line())
        for line in after.lines():
            click.echo(line)
    if summary.status != "ok" and exit_on_failure:
        sys.exit(1)


@contextmanager
def _output(path: Path | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            yield fh


if __name__ == "__main__":
    main()
