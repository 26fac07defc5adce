"""The command line: thin commands, clear errors, summaries a script can read."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from ingest import store
from ingest.cli import main
from ingest.records import Article, Outcome, OutcomeKind
from ingest.schedule import run_lock
from ingest.settings import SourceConfig

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "article.html"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def stored(engine: Engine) -> None:
    text = " ".join(["Ferries returned to the northern harbour after two years of closure."] * 10)
    for n in range(3):
        article = Article(
            url=f"https://x.example/{n}",
            canonical_url=f"https://x.example/{n}",
            title=f"T{n}",
            text=text + str(n),
            authors=("A",),
        )
        store.save_article(
            engine, store.NewArticle(article, f"{n:040d}", None, None, None, datetime.now(UTC))
        )


def test_a_bad_config_is_a_clear_error_and_non_zero_exit(tmp_path: Path) -> None:
    cfg = tmp_path / "m.toml"
    cfg.write_text("[fetch]\nmax_byte = 1\n")
    code, out = run("--config", str(cfg), "status")
    assert code == 2 and "unknown key 'fetch.max_byte'" in out


def test_ingest_without_sources_says_what_to_do(db_url: str) -> None:
    code, out = run("ingest", env={"MEDIAMON_DATABASE_URL": db_url})
    assert code != 0 and "no sources configured" in out


def test_extract_a_file_as_json() -> None:
    code, out = run("extract", str(FIXTURE), "--json")
    data = json.loads(out)
    assert code == 0 and data["outcome"]["kind"] == "ok"
    assert data["article"]["title"].startswith("Valmora and Ostrel")


def test_extract_a_missing_file_is_an_outcome_and_exit_1(tmp_path: Path) -> None:
    code, out = run("extract", str(tmp_path / "nope.html"), "--json")
    assert code == 1 and json.loads(out)["outcome"]["reason"] == "no-such-file"


def test_status_and_export_read_the_store(engine: Engine, db_url: str, tmp_path: Path) -> None:
    stored(engine)
    env = {"MEDIAMON_DATABASE_URL": db_url}
    code, out = run("status", "--json", env=env)
    assert code == 0 and json.loads(out)["articles"] == 3
    # stored, not analysed yet: each step says what it still has to do
    assert json.loads(out)["waiting"] == {"enrichment": 3, "clustering": 3, "daily counts": 3}
    store.refresh_rollups(engine, datetime.now(UTC))
    assert "waiting for: enrichment 3, clustering 3\n" in run("status", env=env)[1]
    out_file = tmp_path / "a.csv"
    code, _ = run("export", "--format", "csv", "--out", str(out_file), env=env)
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    assert code == 0 and [r["title"] for r in rows] == ["T0", "T1", "T2"]
    code, out = run("export", env=env)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [line["url"] for line in lines] == [f"https://x.example/{n}" for n in range(3)]


def test_enabling_an_unknown_source_fails(db_url: str) -> None:
    code, out = run("sources", "enable", "nope", env={"MEDIAMON_DATABASE_URL": db_url})
    assert code != 0 and "no source named 'nope'" in out


def test_a_second_ingest_while_one_runs_exits_75(tmp_path: Path, db_url: str) -> None:
    cfg = tmp_path / "m.toml"
    lock = tmp_path / "run.lock"
    cfg.write_text(
        f'[schedule]\nlock_file = "{lock}"\n[[sources]]\nname = "a"\nkind = "rss"\n'
        'location = "http://127.0.0.1:9/feed"\n'
    )
    with run_lock(lock):
        code, out = run("--config", str(cfg), "ingest", env={"MEDIAMON_DATABASE_URL": db_url})
    assert code == 75 and "another mediamon run holds" in out


def test_log_json_writes_one_object_per_run(tmp_path: Path, db_url: str) -> None:
    cfg = tmp_path / "m.toml"
    cfg.write_text(
        f'[schedule]\nlock_file = "{tmp_path / "l"}"\n[fetch]\nallow_loopback = true\nretries = 0\n'
        '[[sources]]\nname = "a"\nkind = "rss"\nlocation = "http://127.0.0.1:9/feed"\n'
    )
    result = CliRunner().invoke(
        main, ["--log-json", "--config", str(cfg), "ingest"], env={"MEDIAMON_DATABASE_URL": db_url}
    )
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith('{"time"')]
    run_line = next(r for r in records if "run" in r and r.get("status") == "ok")
    failure = next(r for r in records if r.get("reason") == "robots-unavailable")
    assert run_line["added"] == 0 and failure["target"] == "feed" and failure["count"] == 1


def test_extract_prints_entities_in_text_and_json() -> None:
    code, out = run("extract", str(FIXTURE))
    assert code == 0 and "countries:" in out and "Valmora and Ostrel" in out
    data = json.loads(run("extract", str(FIXTURE), "--json")[1])
    assert {"countries", "actors", "pairs"} <= set(data)


def test_the_dashboard_is_not_served_beyond_loopback_without_a_password(db_url: str) -> None:
    code, out = run(
        "dashboard",
        "--address",
        "0.0.0.0",
        env={"MEDIAMON_DATABASE_URL": db_url, "MEDIAMON_DASHBOARD_PASSWORD": ""},
    )
    assert code == 2 and "without a password" in out


def test_status_first_line_says_whether_it_is_healthy(engine: Engine, db_url: str) -> None:
    env = {"MEDIAMON_DATABASE_URL": db_url}
    assert run("status", env=env)[1].startswith("NEEDS A LOOK: no ingest run yet")
    now = datetime.now(UTC)
    run_id = store.start_run(engine, now)
    store.finish_run(engine, run_id, now, "ok", {}, 0)
    assert run("status", env=env)[1].startswith("HEALTHY")
    [state] = store.sync_sources(engine, [SourceConfig("gone", "rss", "https://x.example/f")])
    store.save_poll(engine, state.id, Outcome(OutcomeKind.HARD, "http-410", 410), None, now, 1.0)
    assert "1 source(s) disabled: gone" in run("status", env=env)[1].splitlines()[0]


def test_worker_with_all_is_a_usage_error(tmp_path: Path, db_url: str) -> None:
    cfg = tmp_path / "m.toml"
    cfg.write_text('[[sources]]\nname = "a"\nkind = "rss"\nlocation = "http://127.0.0.1:9/feed"\n')
    code, out = run(
        "--config", str(cfg), "ingest", "--worker", "--all", env={"MEDIAMON_DATABASE_URL": db_url}
    )
    assert code == 2 and "--all and --worker do not go together" in out
