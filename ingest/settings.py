"""One frozen Settings object, built once from defaults → mediamon.toml → environment."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

SourceKind = Literal["rss", "atom", "sitemap", "urls", "files"]
ExtractorName = Literal["trafilatura", "newspaper"]

DEFAULT_DATABASE_URL = "sqlite:///data/mediamon.db"
USER_AGENT = "mediamon/0.1 (+https://github.com/mediamon/mediamon; news monitoring bot)"


class SettingsError(ValueError):
    """The configuration is invalid; the message names the key."""


def at_least(section: object, **minimums: float) -> None:
    """Range checks for numeric settings; a zero concurrency would hang a run, not fail it."""
    for name, low in minimums.items():
        if getattr(section, name) < low:
            raise SettingsError(f"{name}: must be at least {low}, got {getattr(section, name)}")


@dataclass(frozen=True)
class SourceConfig:
    """One configured feed, sitemap, URL list or local folder."""

    name: str
    kind: SourceKind
    location: str
    country: str | None = None  # ISO 3166-1 alpha-3 of the outlet
    language: str | None = None
    poll_minutes: int = 60


@dataclass(frozen=True)
class FetchSettings:
    """Politeness and limits for every request we make."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    concurrency: int = 16
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    retries: int = 2
    max_retry_wait: float = 30.0
    obey_robots: bool = True
    robots_ttl: float = 86_400.0
    allow_loopback: bool = False
    allow_private: bool = False
    max_feed_entries: int = 5_000

    def __post_init__(self) -> None:
        at_least(
            self,
            connect_timeout=0.1,
            read_timeout=0.1,
            max_bytes=1,
            max_redirects=0,
            concurrency=1,
            per_host_concurrency=1,
            per_host_delay=0,
            retries=0,
            max_retry_wait=0,
            robots_ttl=0,
            max_feed_entries=1,
        )


@dataclass(frozen=True)
class ExtractSettings:
    """Which extractor runs and what counts as an article."""

    extractor: ExtractorName = "trafilatura"
    min_words: int = 60
    languages: tuple[str, ...] = ()  # empty: accept every language
    workers: int = 2
    timeout: float = 60.0  # seconds one page may take; a hostile page must not hang the run

    def __post_init__(self) -> None:
        at_least(self, min_words=0, workers=1, timeout=1)


@dataclass(frozen=True)
class EnrichSettings:
    """Finding who and where: the spaCy model, batching, and the user-editable tables."""

    enabled: bool = True  # run after every ingest
    model: str | None = None  # default: en_core_web_sm, else its hash-pinned re-upload
    ner: str | None = None  # NER weights: default data/ner (fine-tuned); "model": the model's own; a path
    batch_size: int = 64
    processes: int = 2
    actors_table: str | None = None  # default: data/actors.tsv
    teams_table: str | None = None  # default: data/teams.tsv (sports teams, leagues and competitions)
    aliases: str | None = None  # default: data/aliases.toml
    # A country word naming a currency ("US$5m", "the Japanese yen") counts for the country; false drops
    # it, so dollar figures do not pair every story with the US. Re-run `mediamon enrich --all` after.
    currencies: bool = True

    def __post_init__(self) -> None:
        at_least(self, batch_size=1, processes=1)


@dataclass(frozen=True)
class ClusterSettings:
    """Topics, stories and near-duplicates: after every ingest run, with topic refits on a cadence."""

    enabled: bool = True  # run after every ingest
    topics: int = 0  # number of topics; 0: chosen from the data at each refit
    # A refit keeps the previous number of topics unless another k's score (a share of the best k's)
    # is higher by more than this. 0.02 is about twice the change of one k's stability score seen between
    # fits of nearly the same articles, measured before silhouette and coherence joined the score.
    topic_k_tolerance: float = 0.02
    refit_days: float = 7.0  # refit topics when the last fit is this old
    topic_window_days: int = 0  # refit on articles of the last N days; 0: on all of them
    min_topic_articles: int = 50  # fewer articles than this: no topics yet
    story_window_days: float = 5.0  # a story with nothing new for this long is closed
    story_max_days: float = 7.0  # nor does a story take new articles once its first is this old
    story_threshold: float = 0.22  # tuned on ECB+ topics 1-25 (with enrichment entities)
    duplicate_threshold: float = 0.7  # estimated Jaccard of word 5-gram shingles
    duplicate_window_days: float = 14.0  # copies are looked for this far back

    def __post_init__(self) -> None:
        at_least(
            self,
            topics=0,
            topic_k_tolerance=0,
            refit_days=0,
            topic_window_days=0,
            min_topic_articles=2,
            story_window_days=0.01,
            story_max_days=0.01,
            story_threshold=0,
            duplicate_threshold=0.05,
            duplicate_window_days=0.01,
        )


@dataclass(frozen=True)
class ScheduleSettings:
    """Unattended operation: when failing sources are disabled, how polls spread, the run lock."""

    disable_score: float = 8.0  # failures add 1 (hard), 0.5 (soft), 0.25 (temporary); a success resets
    jitter: float = 0.1  # each wait is stretched by up to this fraction, so polls do not align
    lock_file: str = "data/mediamon.lock"
    max_sleep_seconds: float = 300.0  # wake at least this often to pick up changed state
    retry_failed_hours: float = 24.0  # an article URL that failed for good rests this long; 0: every poll
    lease_minutes: float = 10.0  # `ingest --worker`: a dead worker's sources wait this long
    worker_sources: int = 4  # `ingest --worker`: sources one worker polls at once

    def __post_init__(self) -> None:
        at_least(
            self,
            disable_score=0.25,
            jitter=0,
            max_sleep_seconds=1,
            lease_minutes=0.01,
            worker_sources=1,
            retry_failed_hours=0,
        )


@dataclass(frozen=True)
class Settings:
    """Everything a run needs; passed down explicitly, never mutated."""

    database_url: str = DEFAULT_DATABASE_URL
    fetch: FetchSettings = field(default_factory=FetchSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings = field(default_factory=EnrichSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    sources: tuple[SourceConfig, ...] = ()

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise SettingsError(f"no source named {name!r} in the configuration")


def load_settings(path: Path | str | None = None, env: typing.Mapping[str, str] | None = None) -> Settings:
    """Read the config file (``--config`` or ``MEDIAMON_CONFIG``) and apply environment overrides."""
    env = os.environ if env is None else env
    path = path or env.get("MEDIAMON_CONFIG")
    raw: dict[str, Any] = {}
    if path:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: {exc}") from None
    if url := env.get("MEDIAMON_DATABASE_URL"):
        raw["database_url"] = url
    settings = build(Settings, raw, "")
    check_sources(settings.sources)
    return settings


# The sizes of the store's columns for these (PostgreSQL enforces them).
SOURCE_FIELD_LIMITS = {"name": 200, "country": 3, "language": 16}


def check_sources(sources: tuple[SourceConfig, ...]) -> None:
    names = [s.name for s in sources]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise SettingsError(f"sources: duplicate name(s) {', '.join(duplicated)}")
    for s in sources:
        if s.poll_minutes < 1:
            raise SettingsError(f"sources.{s.name}.poll_minutes: must be at least 1")
        for key, limit in SOURCE_FIELD_LIMITS.items():
            value = getattr(s, key)
            if value is not None and len(value) > limit:
                raise SettingsError(f"sources.{s.name[:40]}.{key}: at most {limit} characters")


def build(cls: type, raw: Any, where: str) -> Any:
    """Build dataclass ``cls`` from a TOML table, rejecting unknown keys and wrong types."""
    if not isinstance(raw, dict):
        raise SettingsError(f"{where or 'config'}: expected a table")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(f"unknown key {join(where, unknown[0])!r} (known: {', '.join(sorted(known))})")
    values = {name: convert(hints[name], value, join(where, name)) for name, value in raw.items()}
    try:
        return cls(**values)
    except TypeError as exc:
        raise SettingsError(f"{where or 'config'}: {exc}") from None
    except SettingsError as exc:
        raise SettingsError(join(where, str(exc))) from None


def convert(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if dataclasses.is_dataclass(hint):
        return build(hint, value, where)  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return convert(next(a for a in args if a is not type(None)), value, where)
    if origin is Literal:
        if value not in args:
            raise SettingsError(f"{where}: {value!r} is not one of {', '.join(map(str, args))}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise SettingsError(f"{where}: expected a list")
        return tuple(convert(args[0], v, f"{where}[{i}]") for i, v in enumerate(value))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise SettingsError(f"{where}: expected {hint.__name__}, got {type(value).__name__} {value!r}")
    return value


def join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
