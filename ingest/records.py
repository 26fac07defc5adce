"""Typed records that cross module boundaries; third-party shapes stop at the edge."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
CHARS_PER_WORD = 2  # a rough mean word length in those scripts, enough for a minimum-length rule


META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def meta_charset(head: bytes) -> str | None:
    """The codec named by a ``<meta>`` charset, following the HTML standard's label quirks."""
    match = META_CHARSET_RE.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read latin-1/ascii labels as windows-1252, and a utf-16 label on ASCII-readable bytes as utf-8.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8" if name.startswith("utf-16") else name


def count_words(text: str) -> int:
    """Whitespace-separated words, plus one word per two characters of scripts written without spaces."""
    unspaced = len(UNSPACED.findall(text))
    return len(UNSPACED.sub(" ", text).split()) + unspaced // CHARS_PER_WORD


class OutcomeKind(StrEnum):
    """How one attempt ended; decides retries, source health and what the run counts."""

    OK = "ok"
    NOT_MODIFIED = "not-modified"
    SOFT = "soft-error"  # the content is unusable (too short, not an article, wrong type)
    HARD = "hard-error"  # the resource is gone or forbidden (404, 410, robots, private address)
    TEMPORARY = "temporary-error"  # may work later (timeouts, 5xx, 429)
    SKIPPED = "skipped"  # deliberately not done (already stored, duplicate)


@dataclass(frozen=True)
class Outcome:
    """An outcome kind plus a short fixed reason such as ``http-404`` or ``too-short``."""

    kind: OutcomeKind
    reason: str
    status: int | None = None

    @property
    def ok(self) -> bool:
        return self.kind is OutcomeKind.OK


OK = Outcome(OutcomeKind.OK, "ok")


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators kept per source for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """What one fetch produced: the outcome, and the body when there is one."""

    url: str
    outcome: Outcome
    final_url: str = ""
    body: bytes = b""
    content_type: str = ""
    encoding: str | None = None
    validators: Validators = field(default_factory=Validators)
    elapsed: float = 0.0

    def text(self) -> str:
        """The body decoded by the declared charset (header, then ``<meta>``), else UTF-8 with replacement."""
        for enc in (self.encoding, meta_charset(self.body[:2048]), "utf-8"):
            if enc:
                try:
                    return self.body.decode(enc)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class FeedEntry:
    """One link found in a feed, sitemap or URL list."""

    url: str
    title: str | None = None
    published: datetime | None = None
    summary: str | None = None


@dataclass(frozen=True)
class FeedParse:
    """A parsed feed or sitemap: its entries, and child sitemaps to follow."""

    entries: tuple[FeedEntry, ...]
    children: tuple[str, ...] = ()
    title: str | None = None
    error: str | None = None  # set when the document is not a usable feed


@dataclass(frozen=True)
class Article:
    """Clean text and metadata of one news article."""

    url: str
    canonical_url: str
    title: str
    text: str
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    description: str | None = None
    site_name: str | None = None

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Extraction:
    """The result of extracting one page: an article, or the outcome saying why not."""

    outcome: Outcome
    article: Article | None = None


@dataclass(frozen=True)
class LocalDocument:
    """A page or pre-extracted article read from disk by ``mediamon import``."""

    url: str
    html: str | None = None
    title: str | None = None
    text: str | None = None
    published: datetime | None = None
    source: str | None = None


EntityKind = Literal["country", "person", "organisation"]
Level = Literal["sentence", "article"]
Key = tuple[str, str]  # (kind, canonical name): one id per real-world entity in the store


@dataclass(frozen=True)
class Entity:
    """A country (``country`` is its own ISO3) or an actor (``country`` is its affiliation)."""

    kind: EntityKind
    name: str
    country: str | None
    confidence: float = 1.0
    basis: str = "name"

    @property
    def key(self) -> Key:
        return (self.kind, self.name)


@dataclass(frozen=True)
class Mention:
    """One mention in the body: which entity, the sentence index and the character offsets."""

    key: Key
    sentence: int
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Pair:
    """Two entities mentioned together (``a`` < ``b``); sentence pairs carry the sentence's offsets."""

    a: Key
    b: Key
    level: Level
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything enrichment found in one text."""

    text: str
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    pairs: tuple[Pair, ...]

    def countries(self) -> set[str]:
        return {e.country for e in self.entities if e.kind == "country" and e.country}

    def actors(self) -> list[Entity]:
        return [e for e in self.entities if e.kind != "country"]

    def evidence(self, pair: Pair) -> str | None:
        return None if pair.start is None else self.text[pair.start : pair.end]
