"""Loader for the hand-labelled country / person / organisation evaluation set.

``entities.jsonl`` (next to this file) stores only *references* into the shared corpora —
corpus, document id, the sentence's character span in the document text and its SHA-1 — plus
labels as character offsets relative to the sentence.  No corpus text lives in this repository:
:func:`load_sentences` reads the documents from the shared data directory, slices each sentence,
checks the SHA-1 and returns :class:`LabelledSentence` objects.

Offsets are Python ``str`` indices (Unicode code points), ``end`` exclusive.

Document text, exactly as the selection script reads it:

* ``bbc``: ``bbc-news/bbc/<section>/<nnn>.txt``, the whole file decoded as UTF-8 (latin-1 if that
  fails); the document id is ``<section>/<nnn>`` (e.g. ``politics/001``).
* ``ecbplus``: the ``text`` field of ``ecbplus/ecbplus_docs.jsonl``; the id is ``doc_name``.
* ``aeb``: the ``articleBody`` of ``scrapinghub-aeb/ground-truth.json``; the id is the item id.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

Corpus = Literal["bbc", "ecbplus", "aeb"]
CORPORA: tuple[Corpus, ...] = ("bbc", "ecbplus", "aeb")

LABELS_DIR = Path(__file__).resolve().parent
ENTITIES_PATH = LABELS_DIR / "entities.jsonl"
# Labelling rounds: round 1 is entities.jsonl, later rounds entities-round<N>.jsonl.
ROUND_PATHS = {1: ENTITIES_PATH, **{n: LABELS_DIR / f"entities-round{n}.jsonl" for n in range(2, 20)}}
LABEL_PATHS = tuple(ROUND_PATHS.values())


def default_data_dir() -> Path:
    """``$MEDIAMON_SHARED_DATA`` or ``../shared/data`` next to the repository root."""
    env = os.environ.get("MEDIAMON_SHARED_DATA")
    if env:
        return Path(env)
    return LABELS_DIR.parents[1].parent / "shared" / "data"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    corpus: Corpus
    doc_id: str
    group: str  # bbc section, ECB+ topic, or "aeb"
    text: str


def decode_bbc(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def iter_bbc(data_dir: Path) -> Iterator[Document]:
    root = data_dir / "bbc-news" / "bbc"
    for path in sorted(root.glob("*/*.txt")):
        section = path.parent.name
        yield Document("bbc", f"{section}/{path.stem}", section, decode_bbc(path.read_bytes()))


def iter_ecbplus(data_dir: Path) -> Iterator[Document]:
    path = data_dir / "ecbplus" / "ecbplus_docs.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            yield Document("ecbplus", str(rec["doc_name"]), str(rec["topic"]), str(rec["text"]))


def iter_aeb(data_dir: Path) -> Iterator[Document]:
    path = data_dir / "scrapinghub-aeb" / "ground-truth.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    for item_id in sorted(items):
        yield Document("aeb", item_id, "aeb", str(items[item_id]["articleBody"]))


def iter_documents(data_dir: Path, corpus: Corpus) -> Iterator[Document]:
    if corpus == "bbc":
        return iter_bbc(data_dir)
    if corpus == "ecbplus":
        return iter_ecbplus(data_dir)
    return iter_aeb(data_dir)


class DocumentStore:
    """Lazily reads whole corpora and serves document texts by id."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._cache: dict[Corpus, dict[str, str]] = {}

    def text(self, corpus: Corpus, doc_id: str) -> str | None:
        if corpus == "bbc":  # one small file per document: no need to read the whole corpus
            section, _, stem = doc_id.partition("/")
            path = self.data_dir / "bbc-news" / "bbc" / section / f"{stem}.txt"
            return decode_bbc(path.read_bytes()) if path.is_file() else None
        if corpus not in self._cache:
            try:
                self._cache[corpus] = {d.doc_id: d.text for d in iter_documents(self.data_dir, corpus)}
            except FileNotFoundError:
                self._cache[corpus] = {}
        return self._cache[corpus].get(doc_id)


# --------------------------------------------------------------------------- labelled sentences


@dataclass(frozen=True)
class CountrySpan:
    start: int
    end: int
    iso3: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class LabelledSentence:
    corpus: Corpus
    doc: str
    start: int  # sentence span within the document text
    end: int
    text: str
    countries: tuple[CountrySpan, ...]
    persons: tuple[Span, ...]
    organisations: tuple[Span, ...]
    tags: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.doc}:{self.start}-{self.end}"

    def surface(self, span: Span | CountrySpan) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class LabelRecord:
    """One line of ``entities.jsonl``, without the text."""

    corpus: Corpus
    doc: str
    start: int
    end: int
    sha1: str
    countries: tuple[CountrySpan, ...]
    persons: tuple[Span, ...]
    organisations: tuple[Span, ...]
    tags: tuple[str, ...]


def parse_record(line: str) -> LabelRecord:
    rec = json.loads(line)
    corpus = rec["corpus"]
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}")
    return LabelRecord(
        corpus=cast(Corpus, corpus),
        doc=str(rec["doc"]),
        start=int(rec["start"]),
        end=int(rec["end"]),
        sha1=str(rec["sha1"]),
        countries=tuple(CountrySpan(int(s), int(e), str(c)) for s, e, c in rec.get("countries", [])),
        persons=tuple(Span(int(s), int(e)) for s, e in rec.get("persons", [])),
        organisations=tuple(Span(int(s), int(e)) for s, e in rec.get("organisations", [])),
        tags=tuple(str(t) for t in rec.get("tags", [])),
    )


def read_records(path: Path = ENTITIES_PATH) -> list[LabelRecord]:
    with path.open(encoding="utf-8") as fh:
        return [parse_record(line) for line in fh if line.strip()]


def load_sentences(
    data_dir: Path | None = None, paths: tuple[Path, ...] = LABEL_PATHS
) -> list[LabelledSentence]:
    """Labelled sentences of every round whose text is still found, unchanged, in the shared corpora.

    Sentences whose document is missing or whose text no longer matches the stored SHA-1 are
    skipped; the number skipped is reported with a single :class:`RuntimeWarning`.
    """
    store = DocumentStore(data_dir if data_dir is not None else default_data_dir())
    out: list[LabelledSentence] = []
    missing = drifted = 0
    records = [r for path in paths if path.is_file() for r in read_records(path)]
    for rec in records:
        doc_text = store.text(rec.corpus, rec.doc)
        if doc_text is None:
            missing += 1
            continue
        text = doc_text[rec.start : rec.end]
        if rec.end > len(doc_text) or sha1(text) != rec.sha1:
            drifted += 1
            continue
        out.append(
            LabelledSentence(
                corpus=rec.corpus,
                doc=rec.doc,
                start=rec.start,
                end=rec.end,
                text=text,
                countries=rec.countries,
                persons=rec.persons,
                organisations=rec.organisations,
                tags=rec.tags,
            )
        )
    if missing or drifted:
        warnings.warn(
            f"evals.labels: skipped {missing + drifted} labelled sentences "
            f"({missing} documents missing, {drifted} texts drifted)",
            RuntimeWarning,
            stacklevel=2,
        )
    return out
