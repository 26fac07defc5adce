"""Shared fixtures: a fresh store with the schema applied, and the path to ../shared/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ingest import store

SHARED_DATA = Path(
    os.environ.get("MEDIAMON_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A database URL for one test: MEDIAMON_DATABASE_URL when CI sets it, else a temporary SQLite file."""
    return os.environ.get("MEDIAMON_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


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
