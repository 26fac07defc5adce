"""What differs between SQLite and PostgreSQL, handled once so the rest of the store is one code.

- PostgreSQL refuses NUL characters in text; SQLite keeps them. Every string bound to a statement
  loses its NULs (``strip_nul``, hooked on each engine by ``connect``), so both store the same.
- PostgreSQL enforces ``String(n)``; SQLite ignores it. ``fit`` truncates a label to its column,
  and the URL columns refuse what is too long (``url_fits``) before anything is written.
- SQLite has no DATE type: ``day_of`` is ``date(x)`` there and ``CAST(x AS DATE)`` elsewhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Column, Date, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement

# The canonical URL column is String(2000) and URLs sit in btree indexes, whose PostgreSQL entries
# must stay under 2,704 bytes: a limit in bytes of encoded URL keeps both, whatever the characters.
MAX_URL_BYTES = 2000


def strip_nul(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> tuple[str, Any]:
    """``before_cursor_execute`` hook: the statement with NUL-free string parameters."""
    if executemany:
        return statement, [_clean(p) for p in parameters]
    return statement, _clean(parameters)


def _clean(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _no_nul(v) for k, v in parameters.items()}
    if isinstance(parameters, list | tuple):
        return type(parameters)(_no_nul(v) for v in parameters)
    return parameters


def _no_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def fit(value: str, column: Column[Any]) -> str:
    """A label cut to its column's length (PostgreSQL refuses longer ones)."""
    length = getattr(column.type, "length", None)
    return value[:length] if length else value


def url_fits(*urls: str) -> bool:
    """Whether these URLs can be stored and indexed on every backend."""
    return all(len(u.replace("\x00", "").encode("utf-8")) <= MAX_URL_BYTES for u in urls)


class day_of(FunctionElement[date]):  # noqa: N801 - used like a SQL function
    """The UTC calendar day of a stored timestamp, as a DATE on every backend."""

    type = Date()
    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_default(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


def serialize(conn: Connection, name: str) -> None:
    """Hold a lock named ``name`` until the transaction ends, so concurrent writers take turns.

    PostgreSQL lets writers run side by side, so workers creating the same rows need this; SQLite
    has one writer at a time already.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
