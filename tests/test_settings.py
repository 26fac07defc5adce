from pathlib import Path

import pytest

from ingest.settings import Settings, SettingsError, load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "mediamon.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mediamon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_config_file() -> None:
    assert load_settings(None, env={}) == Settings()


def test_example_config_loads_with_real_outlets() -> None:
    settings = load_settings(EXAMPLE, env={})
    assert len(settings.sources) >= 12
    assert {s.kind for s in settings.sources} >= {"rss", "sitemap"}
    assert all(s.country and len(s.country) == 3 for s in settings.sources)


def test_sources_and_sections_are_typed(tmp_path: Path) -> None:
    cfg = write(
        tmp_path,
        """
database_url = "sqlite:///x.db"
[fetch]
per_host_delay = 2
[extract]
languages = ["en", "de"]
[[sources]]
name = "a"
kind = "atom"
location = "https://example.org/feed"
poll_minutes = 15
""",
    )
    settings = load_settings(cfg, env={})
    assert settings.fetch.per_host_delay == 2.0
    assert settings.extract.languages == ("en", "de")
    assert settings.source("a").poll_minutes == 15


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("databse_url = 'x'", "unknown key 'databse_url'"),
        ("[fetch]\ntimeout = 3", "unknown key 'fetch.timeout'"),
        ("[fetch]\nmax_bytes = 'big'", "fetch.max_bytes: expected int"),
        ("[fetch]\nobey_robots = 1", "fetch.obey_robots: expected bool"),
        ("[extract]\nextractor = 'goose'", "extract.extractor: 'goose' is not one of"),
        ("[[sources]]\nname='a'\nkind='rss'", "missing 1 required positional argument: 'location'"),
        ("[[sources]]\nname='a'\nkind='gopher'\nlocation='x'", "sources[0].kind"),
        (
            "[[sources]]\nname='a'\nkind='rss'\nlocation='x'\n[[sources]]\nname='a'\nkind='rss'\nlocation='y'",
            "duplicate name(s) a",
        ),
        (
            "[[sources]]\nname='a'\nkind='rss'\nlocation='x'\npoll_minutes=0",
            "poll_minutes: must be at least 1",
        ),
        ("[fetch", "mediamon.toml"),
        ("[fetch]\nconcurrency = 0", "fetch.concurrency: must be at least 1"),
        ("[fetch]\nretries = -1", "fetch.retries: must be at least 0"),
        ("[enrich]\nprocesses = 0", "enrich.processes: must be at least 1"),
        ("[[sources]]\nname='a'\nkind='rss'\nlocation='x'\ncountry='GBRX'", "sources.a.country: at most 3"),
        (f"[[sources]]\nname='{'n' * 201}'\nkind='rss'\nlocation='x'", "name: at most 200 characters"),
    ],
)
def test_invalid_config_is_a_clear_error_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(write(tmp_path, text), env={})
    assert message in str(err.value)


def test_environment_overrides_file_and_names_config(tmp_path: Path) -> None:
    cfg = write(tmp_path, "database_url = 'sqlite:///file.db'")
    env = {"MEDIAMON_CONFIG": str(cfg), "MEDIAMON_DATABASE_URL": "sqlite:///env.db"}
    assert load_settings(None, env=env).database_url == "sqlite:///env.db"


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", env={})
