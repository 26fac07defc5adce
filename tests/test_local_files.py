"""Tests for ingest.local_files: HTML files, folders and JSON Lines for ``mediamon import``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import local_files
from ingest.local_files import LocalError, iter_local_documents
from ingest.records import LocalDocument

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def test_iter_local_documents_reads_a_folder_recursively_in_sorted_order() -> None:
    local = FIXTURES / "local"
    jsonl = local / "nested" / "articles.jsonl"
    results = list(iter_local_documents([local]))
    assert [r.url if isinstance(r, LocalDocument) else (r.line, r.reason) for r in results] == [
        "https://import.example/html-shape",
        "https://import.example/text-shape",
        "https://import.example/naive-date",
        (5, "invalid-json"),
        (6, "missing-url"),
        (7, "no-content"),
        (8, "not-an-object"),
        (9, "bad-published"),
        (local / "nested" / "latin1.htm").resolve().as_uri(),
        (local / "saved.html").resolve().as_uri(),
    ]
    assert {r.path for r in results if isinstance(r, LocalError)} == {jsonl}


def test_iter_local_documents_reads_both_json_lines_shapes() -> None:
    docs = list(iter_local_documents([FIXTURES / "local" / "nested" / "articles.jsonl"]))
    assert docs[0] == LocalDocument(
        url="https://import.example/html-shape", html="<html><body><p>Raw page</p></body></html>"
    )
    assert docs[1] == LocalDocument(
        url="https://import.example/text-shape",
        title="Pre-extracted",
        text="Body text here.",
        published=datetime(2025, 6, 1, 7, 0, tzinfo=UTC),
        source="archive",
    )
    assert isinstance(docs[2], LocalDocument)
    assert docs[2].published == datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # no zone given: taken as UTC


def test_iter_local_documents_reads_a_single_html_file_as_its_file_uri() -> None:
    path = FIXTURES / "local" / "saved.html"
    [doc] = iter_local_documents([path])
    assert isinstance(doc, LocalDocument)
    assert doc.url == path.resolve().as_uri()
    assert doc.html is not None and "Saved article body." in doc.html


def test_iter_local_documents_decodes_html_with_its_meta_charset() -> None:
    [doc] = iter_local_documents([FIXTURES / "local" / "nested" / "latin1.htm"])
    assert isinstance(doc, LocalDocument) and doc.html is not None
    assert "Café au lait." in doc.html


def test_iter_local_documents_replaces_undecodable_bytes(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_bytes(b"<p>ok \xff\xfe bytes</p>")
    [doc] = iter_local_documents([page])
    assert isinstance(doc, LocalDocument) and doc.html == "<p>ok \ufffd\ufffd bytes</p>"


@pytest.mark.parametrize(
    ("name", "reason"), [("missing.html", "not-found"), ("notes.txt", "unsupported-type")]
)
def test_iter_local_documents_reports_unusable_paths(name: str, reason: str) -> None:
    path = FIXTURES / "local" / name
    assert list(iter_local_documents([path])) == [LocalError(path, None, reason)]


def test_iter_local_documents_reports_too_large_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_files, "MAX_LOCAL_BYTES", 64)
    page = tmp_path / "big.html"
    page.write_text("<p>" + "x" * 100 + "</p>")
    assert list(iter_local_documents([page])) == [LocalError(page, None, "too-large")]


def test_iter_local_documents_reads_json_arrays_and_single_objects(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text(
        json.dumps([{"url": "https://a.example/1", "text": "One."}, {"text": "no url"}], indent=2)
    )
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"url": "https://a.example/2", "html": "<p>Two</p>"}, indent=2))
    assert list(iter_local_documents([array, single])) == [
        LocalDocument(url="https://a.example/1", text="One."),
        LocalError(array, 2, "missing-url"),
        LocalDocument(url="https://a.example/2", html="<p>Two</p>"),
    ]


def test_iter_local_documents_keeps_line_separators_inside_json_strings(tmp_path: Path) -> None:
    lines = tmp_path / "sep.jsonl"
    record = {"url": "https://a.example/sep", "text": "before\u2028after"}
    lines.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(iter_local_documents([lines])) == [
        LocalDocument(url="https://a.example/sep", text="before\u2028after")
    ]


def test_iter_local_documents_rejects_fields_of_the_wrong_type(tmp_path: Path) -> None:
    lines = tmp_path / "types.jsonl"
    lines.write_text('{"url": "https://a.example/x", "text": "Body.", "title": 42}\n')
    assert list(iter_local_documents([lines])) == [LocalError(lines, 1, "bad-field")]


def test_iter_local_documents_treats_an_empty_published_as_missing(tmp_path: Path) -> None:
    lines = tmp_path / "dates.jsonl"
    lines.write_text('{"url": "https://a.example/x", "text": "Body.", "published": ""}\n')
    assert list(iter_local_documents([lines])) == [LocalDocument(url="https://a.example/x", text="Body.")]


def test_json_records_must_link_to_the_web(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"url": "javascript:alert(1)", "text": "some words here"}) + "\n")
    assert list(iter_local_documents([path])) == [LocalError(path, 1, "bad-url")]
