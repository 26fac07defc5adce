"""Read local HTML files, folders and JSON Lines for ``mediamon import``; bad input becomes LocalError."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.records import LocalDocument, meta_charset
from ingest.sources import parse_iso_datetime

MAX_LOCAL_BYTES = 20_000_000
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".jsonl", ".json"})
IMPORT_SUFFIXES = HTML_SUFFIXES | JSON_SUFFIXES


@dataclass(frozen=True)
class LocalError:
    """A local file or JSON line that could not be imported, with a short fixed reason."""

    path: Path
    line: int | None  # 1-based line (or array item) number; None when the whole file failed
    reason: str


def iter_local_documents(paths: Iterable[Path]) -> Iterator[LocalDocument | LocalError]:
    """Documents from HTML files, JSON Lines files and folders of them; bad input becomes LocalError."""
    for path in paths:
        if path.is_dir():
            for file in walk_folder(path):
                yield from read_local_file(file)
        elif path.is_file():
            yield from read_local_file(path)
        else:
            yield LocalError(path, None, "not-found")


def walk_folder(folder: Path) -> list[Path]:
    """Importable files under ``folder``, recursively, sorted by path, skipping hidden entries."""
    found: list[Path] = []
    # os.walk does not follow directory symlinks, so a link loop cannot make the import endless.
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths = (Path(top, name) for name in files if not name.startswith("."))
        found += [path for path in paths if path.suffix.lower() in IMPORT_SUFFIXES]
    return sorted(found)


def read_local_file(path: Path) -> Iterator[LocalDocument | LocalError]:
    """The documents in one HTML or JSON (Lines) file."""
    if path.suffix.lower() not in IMPORT_SUFFIXES:
        yield LocalError(path, None, "unsupported-type")
        return
    data = read_capped(path)
    if isinstance(data, LocalError):
        yield data
    elif path.suffix.lower() in HTML_SUFFIXES:
        yield LocalDocument(url=path.resolve().as_uri(), html=decode_html(data))
    else:
        yield from json_documents(path, data.decode("utf-8", errors="replace").lstrip("\ufeff"))


def read_capped(path: Path) -> bytes | LocalError:
    """A file's bytes, or a LocalError when it is unreadable or over MAX_LOCAL_BYTES."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOCAL_BYTES + 1)
    except OSError:
        return LocalError(path, None, "unreadable")
    return LocalError(path, None, "too-large") if len(data) > MAX_LOCAL_BYTES else data


def decode_html(data: bytes) -> str:
    """HTML bytes as text, using a BOM or ``<meta charset>`` when present, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return data.decode(meta_charset(data[:4096]) or "utf-8", errors="replace")


def json_documents(path: Path, text: str) -> Iterator[LocalDocument | LocalError]:
    """Records from a JSON Lines file, or from a .json file holding one object or an array."""
    if path.suffix.lower() == ".json":
        whole = json_array(text)
        if whole is not None:
            for number, value in enumerate(whole, start=1):
                yield json_document(path, number, value)
            return
    # Split on "\n" only: str.splitlines would also split at U+2028, which JSON strings may contain raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            yield LocalError(path, number, "invalid-json")
            continue
        yield json_document(path, number, value)


def json_array(text: str) -> list[Any] | None:
    """A whole-file JSON array (or single object, as a one-item list), or None for JSON Lines."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, list) else [value]


def json_document(path: Path, line: int, value: Any) -> LocalDocument | LocalError:
    """One JSON record: ``{url, html}`` or ``{url, title, text, published, source}``."""
    if not isinstance(value, dict):
        return LocalError(path, line, "not-an-object")
    url = value.get("url")
    if not isinstance(url, str) or not url.strip():
        return LocalError(path, line, "missing-url")
    if not url.strip().lower().startswith(("http://", "https://")):
        return LocalError(path, line, "bad-url")  # it becomes a link in the dashboard: web links only
    fields = {key: value.get(key) for key in ("html", "title", "text", "source")}
    if any(v is not None and not isinstance(v, str) for v in fields.values()):
        return LocalError(path, line, "bad-field")
    if not (fields["html"] or "").strip() and not (fields["text"] or "").strip():
        return LocalError(path, line, "no-content")
    published = value.get("published") if value.get("published") != "" else None
    stamp = parse_iso_datetime(published) if isinstance(published, str) else None
    if published is not None and stamp is None:
        return LocalError(path, line, "bad-published")
    return LocalDocument(url=url.strip(), published=stamp, **fields)
