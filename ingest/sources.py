"""Parse feeds, sitemaps and URL lists into FeedEntry records; content in, records out."""

from __future__ import annotations

import codecs
import html
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

from ingest.records import FeedEntry, FeedParse
from ingest.settings import SourceKind

MAX_DECOMPRESSED_BYTES = 50_000_000  # the sitemap protocol's own limit for one uncompressed file
GZIP_MAGIC = b"\x1f\x8b"
FEED_ROOTS = frozenset({"rss", "rdf", "feed"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
PAGE_ROOTS = frozenset({"html", "head", "body"})
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Feedparser reports these as "bozo" although the document parsed fine.
HARMLESS_BOZO = (feedparser.ThingsNobodyCaresAboutButMe,)

COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
FIRST_TAG_RE = re.compile(r"<([A-Za-z_][\w.:-]*)")
ITEM_START_RE = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s/>]")
ITEM_TAGS = frozenset({"item", "entry"})
SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]*>")
SPACE_RE = re.compile(r"\s+")


class UnreadableContent(ValueError):
    """Content that cannot be decoded at all; ``reason`` is the FeedParse error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_source(kind: SourceKind, content: bytes, base_url: str, max_entries: int) -> FeedParse:
    """Parse fetched content with the parser its root element calls for, falling back to ``kind``."""
    try:
        content = gunzip(content)
    except UnreadableContent as exc:
        return FeedParse(entries=(), error=exc.reason)
    if kind == "urls":
        return parse_url_list(content, base_url, max_entries)
    if kind == "files":
        raise ValueError("'files' sources are read with iter_local_documents, not parsed from content")
    root = sniff_root(content)
    # Users mislabel sources: a "sitemap" that serves RSS, an "rss" URL that is a sitemap.
    if root in SITEMAP_ROOTS or (kind == "sitemap" and root not in FEED_ROOTS):
        return parse_sitemap(content, base_url, max_entries)
    return parse_feed(content, base_url, max_entries)


def sniff_root(content: bytes) -> str | None:
    """The lower-cased local name of the document's first element, or None when there is none."""
    head = decode_head(content[:65536])
    match = FIRST_TAG_RE.search(COMMENT_RE.sub("", head))
    return match.group(1).rpartition(":")[2].lower() if match else None


def decode_head(head: bytes) -> str:
    """Decode the start of a document well enough to find its first tag."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def gunzip(content: bytes) -> bytes:
    """Decompress gzipped content, refusing more than MAX_DECOMPRESSED_BYTES; other content is returned."""
    if not content.startswith(GZIP_MAGIC):
        return content
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, MAX_DECOMPRESSED_BYTES + 1)
    except zlib.error:
        raise UnreadableContent("bad-gzip") from None
    if len(data) > MAX_DECOMPRESSED_BYTES:
        raise UnreadableContent("too-large")
    return data


def parse_feed(content: bytes, base_url: str = "", max_entries: int = 5000) -> FeedParse:
    """Parse RSS 0.9x/1.0/2.0 or Atom into entries with absolute http(s) links, deduplicated."""
    try:
        content = gunzip(content)
    except UnreadableContent as exc:
        return FeedParse(entries=(), error=exc.reason)
    if not content.strip() or sniff_root(content) in PAGE_ROOTS:
        return FeedParse(entries=(), error="not-a-feed")
    parsed = run_feedparser(trim_feed(content, max_entries))
    if parsed is None:
        return FeedParse(entries=(), error="malformed-feed")
    if not parsed.entries:
        return FeedParse(entries=(), error=feed_error(parsed))
    entries = unique_entries((feed_entry(e, base_url) for e in parsed.entries), max_entries)
    return FeedParse(entries=entries, title=detail_text(parsed.feed, "title"))


def run_feedparser(content: bytes) -> Any | None:
    """Feedparser's result for content we already hold, or None when feedparser crashes on it."""
    # A BytesIO, never bytes: feedparser treats a bytes argument as a file name or URL to open first.
    # No Content-Location either, so a relative <guid> is not mistaken for a link (see feed_entry).
    try:
        return feedparser.parse(io.BytesIO(content), sanitize_html=False, resolve_relative_uris=False)
    except ValueError:  # hostile bytes crash it: out-of-range charrefs, undecodable encoding names
        return None


def trim_feed(content: bytes, max_entries: int) -> bytes:
    """The feed without items past ``max_entries``: feedparser costs ~0.3 ms per item we would drop."""
    extra = next(islice(ITEM_START_RE.finditer(content), max_entries, None), None)
    if extra is None:
        return content
    root = parse_xml(content, recover=False)
    if root is None:
        return content[: extra.start()]  # feedparser's loose parser reads the truncated rest
    parents = (root, *children(root, "channel"))
    items = [
        c for p in parents for c in p if isinstance(c.tag, str) and c.tag.rpartition("}")[2] in ITEM_TAGS
    ]
    for item in items[max_entries:]:
        parent = item.getparent()
        if parent is not None:
            parent.remove(item)
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def feed_error(parsed: Any) -> str | None:
    """Why a feed without entries is unusable, or None for a well-formed empty feed."""
    if not parsed.get("version"):
        return "not-a-feed"
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), HARMLESS_BOZO):
        return "malformed-feed"
    return None


def feed_entry(entry: Any, base_url: str) -> FeedEntry | None:
    """Our record for one feedparser entry, or None when it has no usable link."""
    link = entry.get("link") or ""
    # An RSS <guid> counts as a link by default; only trust it when it is already absolute.
    if entry.get("guidislink") and link == entry.get("id") and not is_http_url(link):
        return None
    url = absolute_http_url(link, base_url)
    if url is None:
        return None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedEntry(
        url=url,
        title=detail_text(entry, "title"),
        published=struct_to_datetime(stamp),
        summary=detail_text(entry, "summary"),
    )


def detail_text(item: Any, key: str) -> str | None:
    """A feedparser text construct as plain text, stripping markup when it is declared HTML."""
    value = item.get(key)
    if not value:
        return None
    detail = item.get(f"{key}_detail") or {}
    if detail.get("type") in HTML_CONTENT_TYPES:
        value = html.unescape(TAG_RE.sub(" ", SCRIPT_RE.sub(" ", value)))
    return SPACE_RE.sub(" ", value).strip() or None


def struct_to_datetime(stamp: Any) -> datetime | None:
    """Feedparser's UTC struct_time as an aware datetime."""
    if not stamp:
        return None
    try:
        year, month, day, hour, minute, second = stamp[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def parse_sitemap(content: bytes, base_url: str = "", max_entries: int = 50000) -> FeedParse:
    """Parse an XML, Google News, index, gzipped or plain-text sitemap."""
    try:
        content = gunzip(content)
    except UnreadableContent as exc:
        return FeedParse(entries=(), error=exc.reason)
    if not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return text_sitemap(content, base_url, max_entries)
    root = parse_xml(content)
    name = str(root.tag).rpartition("}")[2] if root is not None else None
    if root is None or name not in SITEMAP_ROOTS:
        return FeedParse(entries=(), error="not-a-sitemap")
    if name == "sitemapindex":
        locs = (child_text(s, "loc") for s in children(root, "sitemap"))
        urls = (absolute_http_url(loc or "", base_url) for loc in locs)
        return FeedParse(entries=(), children=tuple(islice(unique(urls), max_entries)))
    entries = (sitemap_entry(u, base_url) for u in children(root, "url"))
    return FeedParse(entries=unique_entries(entries, max_entries))


def text_sitemap(content: bytes, base_url: str, max_entries: int) -> FeedParse:
    """A plain-text sitemap: one URL per line; no URL at all means it is not a sitemap."""
    parsed = parse_url_list(content, base_url, max_entries)
    return parsed if parsed.entries else FeedParse(entries=(), error="not-a-sitemap")


def parse_xml(content: bytes, recover: bool = True) -> etree._Element | None:
    """Parse XML without entities, DTD loading, network access or oversized nodes; None if unusable."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        recover=recover,  # real sitemaps are often slightly broken; keep what is readable
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    # Sitemaps never need entities; refusing any declaration beats trusting recover mode with a
    # half-expanded billion-laughs or XXE document, which leaves truncated URLs behind.
    dtd = root.getroottree().docinfo.internalDTD
    return None if dtd is not None and any(True for _ in dtd.iterentities()) else root


def sitemap_entry(url: etree._Element, base_url: str) -> FeedEntry | None:
    """One <url> of a urlset; Google News details win over <lastmod>."""
    loc = absolute_http_url(child_text(url, "loc") or "", base_url)
    if loc is None:
        return None
    lastmod = parse_iso_datetime(child_text(url, "lastmod"))
    news = next(children(url, "news"), None)
    if news is None:
        return FeedEntry(url=loc, published=lastmod)
    published = parse_iso_datetime(child_text(news, "publication_date")) or lastmod
    return FeedEntry(url=loc, title=child_text(news, "title"), published=published)


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Child elements with this local name, in any namespace (sitemaps often get it wrong)."""
    for child in element:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == name:
            yield child


def child_text(element: etree._Element, name: str) -> str | None:
    """Stripped text of the first child with this local name, if it is plain text."""
    child = next(children(element, name), None)
    # Nested nodes (unexpanded entity references included) would leave only a fragment of the text.
    if child is None or len(child):
        return None
    return (child.text or "").strip() or None


def parse_iso_datetime(value: str | None) -> datetime | None:
    """An ISO-8601 / W3C datetime as aware UTC; a value without a zone is taken as UTC."""
    if not value:
        return None
    value = value.strip()
    # W3C datetime allows a bare year or year-month, which fromisoformat rejects.
    padded = {4: value + "-01-01", 7: value + "-01"}.get(len(value), value)
    try:
        stamp = datetime.fromisoformat(padded)
    except ValueError:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def parse_url_list(content: bytes, base_url: str = "", max_entries: int = 50000) -> FeedParse:
    """One URL per line; blank lines and ``#`` comments are skipped, only http(s) is kept."""
    text = content.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines()]
    candidates = [line.split()[0] for line in lines if line and not line.startswith("#")]
    entries = unique_entries((url_line_entry(c, base_url) for c in candidates), max_entries)
    return FeedParse(entries=entries, error="not-a-url-list" if candidates and not entries else None)


def url_line_entry(line: str, base_url: str) -> FeedEntry | None:
    """A URL-list line as an entry; only root-relative paths are resolved, other words are not URLs."""
    url = absolute_http_url(line, base_url) if line.startswith("/") else absolute_http_url(line, "")
    return FeedEntry(url=url) if url else None


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def absolute_http_url(link: str, base_url: str) -> str | None:
    """``link`` resolved against ``base_url``, or None unless the result is http(s)."""
    link = link.strip()
    try:
        url = urljoin(base_url, link) if base_url else link
    except ValueError:
        return None
    return url if link and is_http_url(url) else None


def unique(urls: Iterable[str | None]) -> Iterator[str]:
    """The URLs that are not None, first occurrence only, in order."""
    seen: set[str] = set()
    for url in urls:
        if url is not None and url not in seen:
            seen.add(url)
            yield url


def unique_entries(entries: Iterable[FeedEntry | None], limit: int) -> tuple[FeedEntry, ...]:
    """Entries deduplicated by URL (first wins), in order, at most ``limit``."""
    seen: set[str] = set()
    kept: list[FeedEntry] = []
    for entry in entries:
        if len(kept) >= limit:
            break
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            kept.append(entry)
    return tuple(kept)
