"""Shared fixtures: a fresh store with the schema applied, and the path to ../shared/data.

Every store test runs on the backend CI chooses: a temporary SQLite file by default, or, when
``MEDIAMON_TEST_DATABASE_URL`` names a PostgreSQL database, a schema of its own in that database
(reached through ``search_path`` in the URL, so subprocesses given the URL land in it too).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ingest import store

SHARED_DATA = Path(
    os.environ.get("MEDIAMON_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
TEST_SERVER = os.environ.get("MEDIAMON_TEST_DATABASE_URL", "")


class Stores:
    """Hands out empty stores: a SQLite file each, or a PostgreSQL schema each on the test server."""

    def __init__(self, server: str, tmp: pytest.TempPathFactory) -> None:
        self.server = server
        self.tmp = tmp
        self.admin: Engine | None = None
        self.live: set[str] = set()
        if server:
            if make_url(server).get_backend_name() != "postgresql":
                raise pytest.UsageError("MEDIAMON_TEST_DATABASE_URL must name a PostgreSQL database")
            self.admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)

    @property
    def backend(self) -> str:
        return "postgresql" if self.admin is not None else "sqlite"

    def new(self, hint: str) -> str:
        """The URL of a new, empty store."""
        name = re.sub(r"[^a-z0-9]+", "_", hint.lower())[:40].strip("_") or "store"
        if self.admin is None:
            return f"sqlite:///{self.tmp.mktemp(name) / 'store.db'}"
        schema = f"t_{name}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.live.add(schema)
        # application_name marks the schema's connections, so dropping it can end them first.
        query = {"options": f"-csearch_path={schema}", "application_name": schema}
        return make_url(self.server).update_query_dict(query).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Remove a store handed out by ``new`` (SQLite files go with pytest's temporary folders)."""
        if self.admin is None:
            return
        self._drop(str(make_url(url).query["application_name"]))

    def _drop(self, schema: str) -> None:
        assert self.admin is not None
        self.live.discard(schema)
        with self.admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :s"),
                {"s": schema},
            )
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    def close(self) -> None:
        """Drop what a failed fixture left behind."""
        if self.admin is not None:
            for schema in sorted(self.live):
                self._drop(schema)
            self.admin.dispose()


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stores]:
    made = Stores(TEST_SERVER, tmp_path_factory)
    yield made
    made.close()


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch) -> None:
    # CI also exports MEDIAMON_DATABASE_URL for the PostgreSQL run; a test that forgot to ask for a
    # store must not write into that shared database, so stores come only from the fixtures here.
    monkeypatch.delenv("MEDIAMON_DATABASE_URL", raising=False)


@pytest.fixture
def new_store(stores: Stores, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Makes more empty stores for one test (URLs on the configured backend), removed after it."""
    made: list[str] = []

    def make() -> str:
        made.append(stores.new(request.node.name))
        return made[-1]

    yield make
    for url in made:
        stores.drop(url)


@pytest.fixture
def db_url(new_store: Callable[[], str]) -> str:
    """A database URL for one test, empty, on the configured backend."""
    return new_store()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = store.connect(db_url)
    store.ensure_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared evaluation data not found at {SHARED_DATA}")
    return SHARED_DATA
