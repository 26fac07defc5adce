"""A hostile web on 127.0.0.1: one feed per fault case, each case on its own host name, for tests and soaks.

``FaultWeb`` serves ``http://<case>.test:PORT/<case>/feed.xml`` for every entry of ``CASES`` from a
child process, so its threads never compete with the client under test for the GIL; ``FaultResolver``
maps those names (and a few hostile ones) to addresses without any real DNS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from types import TracebackType
from typing import cast
from urllib.parse import urlsplit

from ingest.settings import SourceConfig

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
METADATA = "169.254.169.254"
HOLD_SECONDS = 9.0  # the longest any handler stalls or streams; a client under test must give up first
START_SECONDS = 30.0
CHUNK = 64 * 1024
MB = 1024 * 1024
HUGE_BYTES = 50 * MB
BOMB = 1024 * MB  # about 1 MB on the wire; the client must stop inflating long before
FILE_BOMB = 64 * MB  # past the 50 MB a gzipped feed or sitemap file may inflate to
BIG_FEED_ITEMS = 10_000
BIG_FEED_PAGES = 5  # the items are tracking-parameter variants of this many pages
HTML, TEXT, RSS = "text/html; charset=utf-8", "text/plain; charset=utf-8", "application/rss+xml"
OWN = "http://{host}:{port}/{case}/"  # a feed link template: this case's own host
TRACKING = ("utm_source=feed&utm_medium=rss", "fbclid=IwAR0xyz", "utm_campaign=spring&gclid=abc", "ref=home")
NON_ASCII = "Café Müller in Zürich, señora Peña and the naïve façade."
SENTENCES = (
    "The harbour board of Valmora met on Tuesday to review the {topic} plan for the northern quay.",
    "Officials said the {topic} review had been delayed twice by disputes over dredging contracts.",
    "Fishing cooperatives along the coast asked for a written guarantee that their berths would stay open.",
    "A spokesperson for the port authority declined to give a date for the final decision on the works.",
    "Local traders expect the {topic} decision to shape ferry timetables for the rest of the year.",
    "Engineers told the board that the old breakwater would need repairs before any new cranes arrive.",
)

Headers = tuple[tuple[str, str], ...]
Route = Callable[["FaultHandler", str], None]  # (handler, path after /<case>/)


# --- content ---------------------------------------------------------------------------------------


def article_html(topic: str, extra: str = "", charset: str = "utf-8") -> str:
    """A plain news article of about 100 words on ``topic``; ``extra`` is appended to the body."""
    paragraphs = "".join(f"<p>{s.format(topic=topic)}</p>" for s in SENTENCES)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{topic.title()} plan'
        f'</title><meta property="og:type" content="article"></head><body><article><h1>{topic.title()} '
        f"plan under review</h1>{paragraphs}<p>{extra}</p></article></body></html>"
    )


def listing_html(topic: str) -> str:
    """A section front: a page typed as a website, all headlines, which is not an article."""
    items = "".join(f'<li><a href="/{topic}/story-{n}">Harbour story number {n}</a></li>' for n in range(20))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{topic} news</title>'
        f'<meta property="og:type" content="website"></head><body><h1>Latest {topic} news</h1>'
        f"<ul>{items}</ul></body></html>"
    )


def rss(links: Iterable[str]) -> bytes:
    """An RSS 2.0 feed with one item per link."""
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link></item>" for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    )


def gzip_stream(inflated: int) -> Iterator[bytes]:
    """Gzip of ``inflated`` zero bytes, compressed chunk by chunk so it is never held whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    for _ in range(inflated // MB):
        if out := packer.compress(block):
            yield out
    yield packer.flush()


def spaces(total: int) -> Iterator[bytes]:
    block = b" " * CHUNK
    for _ in range(total // CHUNK):
        yield block


EMPTY_FEED = rss([])
ALLOW_ALL = b"User-agent: *\nAllow: /\n"
MALFORMED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken &bogus; <item><lin\x00k>'
CP1252 = article_html("cp1252", NON_ASCII, charset="windows-1252").encode("cp1252")
MISLABELLED = article_html("wrong charset", NON_ASCII).encode("cp1252")
BAD_UTF8 = article_html("mixed bytes", "BROKEN").encode().replace(b"BROKEN", b"caf\xe9 \xff\xfe \xc3(")
CLOSE: Headers = (("Connection", "close"),)  # close-delimited: the size shows only at the end
GZ: Headers = (*CLOSE, ("Content-Encoding", "gzip"))
SOON: Headers = (("Retry-After", "1"),)
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
CHAIN = {"feed.xml": "1"} | {str(n): str(n + 1) for n in range(1, 8)}  # 8 hops: feed.xml → 1 → … → 8
PRIVATE = ("10.0.0.1", "192.168.1.1", "[::ffff:10.0.0.1]", "167772161", "0.0.0.0:{port}")
PRIVATE_LINKS = tuple(f"http://{address}/{{case}}/page.html" for address in PRIVATE)
DUPES = (OWN + "story.html", *(f"{OWN}story.html?{query}" for query in TRACKING))
HUGE_LINKS = (OWN + "declared.html", OWN + "undeclared.html")


# --- routes ----------------------------------------------------------------------------------------


def stall(h: FaultHandler, path: str) -> None:
    h.stall()


def trickle(h: FaultHandler, path: str) -> None:
    h.trickle()


def reset(h: FaultHandler, path: str) -> None:
    h.reset()


def status(code: int, headers: Headers = ()) -> Route:
    return lambda h, path: h.reply(code, f"error {code}".encode(), TEXT, headers)


def body(content: bytes, content_type: str = RSS) -> Route:
    return lambda h, path: h.reply(200, content, content_type)


def page(html: str) -> Route:
    return body(html.encode(), HTML)


def stream(chunks: Callable[[], Iterable[bytes]], headers: Headers = CLOSE) -> Route:
    return lambda h, path: h.stream(chunks(), headers)


def feed(*links: str, pages: dict[str, Route] | None = None) -> Route:
    """A good feed whose item links are templates over ``host``, ``port`` and ``case``; serves ``pages``."""

    def route(h: FaultHandler, path: str) -> None:
        if path == "feed.xml":
            h.reply(200, rss(link.format(host=h.host, port=h.port, case=h.case) for link in links), RSS)
        elif pages and path in pages:
            pages[path](h, path)
        else:
            h.reply(404, b"not found", TEXT)

    return route


def alternate(first: Route, then: Route) -> Route:
    """``first`` on odd requests to a URL and ``then`` on even ones, so one retry always succeeds."""
    return lambda h, path: (first if h.count_hit() % 2 else then)(h, path)


def redirects(table: dict[str, str], final: Route = stall) -> Route:
    """302 from each path in ``table`` to its value; any other path gets ``final``."""
    return lambda h, path: (
        h.reply(302, b"", TEXT, (("Location", table[path]),)) if path in table else final(h, path)
    )


def own_page(route: Route, host: str = "{host}") -> Route:
    """A feed of one link, to ``page.html`` of this case on ``host``, served by ``route``."""
    return feed(f"http://{host}:{{port}}/{{case}}/page.html", pages={"page.html": route})


def big_feed(h: FaultHandler, path: str) -> None:
    if path != "feed.xml":
        return h.reply(200, article_html(f"bulk {path.split('.')[0]}").encode(), HTML)
    pages = (
        f"story-{n % BIG_FEED_PAGES}.html?{TRACKING[n % 4]}&utm_content={n}" for n in range(BIG_FEED_ITEMS)
    )
    h.reply(200, rss(h.link(p) for p in pages), RSS)


HUGE_PAGES = {
    "declared.html": stream(lambda: spaces(HUGE_BYTES), (("Content-Length", str(HUGE_BYTES)),)),
    "undeclared.html": stream(lambda: spaces(HUGE_BYTES)),
}
LISTING = {"world": page(listing_html("world"))}
STORY = {"story.html": page(article_html("tracking"))}
REBOUND = page(article_html("rebinding"))


@dataclass(frozen=True)
class Case:
    """One fault: what its host serves under ``/<case>/``, and its robots.txt."""

    about: str
    serve: Route
    robots: Route = body(ALLOW_ALL, TEXT)


CASES: dict[str, Case] = {
    "feed-404": Case("feed answers 404", status(404)),
    "feed-410": Case("feed answers 410 Gone", status(410)),
    "retry-after-short": Case(
        "429 Retry-After: 1, then the feed", alternate(status(429, SOON), body(EMPTY_FEED))
    ),
    "retry-after-long": Case("429 Retry-After: one hour", status(429, (("Retry-After", "3600"),))),
    "storm-500": Case("always 500", status(500)),
    "storm-503": Case("always 503", status(503)),
    "reset": Case("connection reset once the request is read", reset),
    "silent": Case("reads the request, never answers", stall),
    "trickle": Case("one byte every 0.1 s (slowloris)", trickle),
    "redirect-loop": Case(
        "feed → other → feed", redirects({"feed.xml": "other.xml", "other.xml": "feed.xml"})
    ),
    "redirect-chain": Case("8 redirects to a good feed", redirects(CHAIN, body(EMPTY_FEED))),
    "redirect-private": Case(
        "redirect to the metadata address", redirects({"feed.xml": f"http://{METADATA}/"})
    ),
    "huge-feed": Case("a 50 MB feed, close-delimited", stream(lambda: spaces(HUGE_BYTES))),
    "huge-body": Case("50 MB articles, declared and close-delimited", feed(*HUGE_LINKS, pages=HUGE_PAGES)),
    "gzip-bomb": Case(
        "an article gzip-encoded, 1 GB inflated", own_page(stream(lambda: gzip_stream(BOMB), GZ))
    ),
    "gzip-file-bomb": Case("a feed that is a .gz file of 64 MB", stream(lambda: gzip_stream(FILE_BOMB))),
    "charset-wrong": Case("windows-1252 bytes declared UTF-8", own_page(body(MISLABELLED, HTML))),
    "charset-missing": Case("windows-1252, charset only in <meta>", own_page(body(CP1252, "text/html"))),
    "invalid-utf8": Case("UTF-8 with invalid bytes", own_page(body(BAD_UTF8, HTML))),
    "malformed-feed": Case("truncated XML with a bad entity and a NUL", body(MALFORMED)),
    "html-feed": Case("an HTML page where the feed was", page(listing_html("moved"))),
    "big-feed": Case(f"{BIG_FEED_ITEMS} items: tracking variants of {BIG_FEED_PAGES} pages", big_feed),
    "empty-page": Case("an article answering 200 with no body", own_page(body(b"", HTML))),
    "listing-page": Case("a section front linked as an article", feed(OWN + "world", pages=LISTING)),
    "tracking-dupes": Case("one article linked 5 times, with tracking parameters", feed(*DUPES, pages=STORY)),
    "robots-disallow": Case("robots.txt disallows all", body(EMPTY_FEED), body(DISALLOW_ALL, TEXT)),
    "robots-timeout": Case("robots.txt never answers", body(EMPTY_FEED), stall),
    "robots-500": Case("robots.txt answers 500", body(EMPTY_FEED), status(500)),
    "private-ip": Case("links to private and unspecified addresses, some numeric", feed(*PRIVATE_LINKS)),
    "link-local": Case("a link to the metadata address", feed(f"http://{METADATA}/latest/meta-data/")),
    "localhost-name": Case(
        "a link to localhost by name", own_page(page(article_html("loopback")), "localhost")
    ),
    "rebind-metadata": Case("a name resolving to the metadata address", own_page(stall, "meta.test")),
    "rebind-mixed": Case("a name with a loopback and a private address", own_page(stall, "mixed.test")),
    "rebind-flip": Case("a name flipping between loopback and metadata", own_page(REBOUND, "rebind.test")),
    "dns-timeout": Case("a name whose lookup never ends", own_page(stall, "slow-dns.test")),
    "dns-nxdomain": Case("a name that does not exist", own_page(stall, "missing.test")),
}


# --- the server -------------------------------------------------------------------------------------


class FaultServer(ThreadingHTTPServer):
    """Shared state of the request threads: the stop signal and per-URL hit counts."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, FaultHandler)
        self.stopping = threading.Event()
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        log.debug("fault web: a request from %s ended in an error", client_address, exc_info=True)


class FaultHandler(BaseHTTPRequestHandler):
    """Routes ``/<case>/...`` to the case, and ``/robots.txt`` to the case named by the Host header."""

    protocol_version = "HTTP/1.1"
    server_version = "mediamon-faults/0.1"
    timeout = HOLD_SECONDS  # bounds every socket read and write, so a stuck client frees the thread

    @property
    def faults(self) -> FaultServer:
        return cast(FaultServer, self.server)

    @property
    def port(self) -> int:
        return self.faults.server_address[1]

    @property
    def host(self) -> str:
        return urlsplit(f"//{self.headers.get('Host', '')}").hostname or LOOPBACK

    @property
    def case(self) -> str:
        return urlsplit(self.path).path.lstrip("/").partition("/")[0]

    def do_GET(self) -> None:  # noqa: N802 -- the http.server naming convention
        rest = urlsplit(self.path).path.lstrip("/").partition("/")[2]
        try:
            if self.path == "/robots.txt":
                own = CASES.get(self.host.removesuffix(".test"))
                (own.robots if own else body(ALLOW_ALL, TEXT))(self, rest)
            elif case := CASES.get(self.case):
                case.serve(self, rest)
            else:
                self.reply(404, b"no such case", TEXT)
        except (OSError, ValueError):  # the client hung up mid-answer, which is half of what we test
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: no line per request."""

    def link(self, path: str) -> str:
        return f"http://{self.host}:{self.port}/{self.case}/{path}"

    def count_hit(self) -> int:
        with self.faults.lock:
            self.faults.hits[f"{self.host}{self.path}"] += 1
            return self.faults.hits[f"{self.host}{self.path}"]

    def reply(self, code: int, content: bytes, content_type: str, headers: Headers = ()) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(content)

    def stall(self) -> None:
        self.close_connection = True
        self.faults.stopping.wait(HOLD_SECONDS)

    def trickle(self) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        deadline = time.monotonic() + HOLD_SECONDS
        while time.monotonic() < deadline and not self.faults.stopping.wait(0.1):
            self.wfile.write(b"x")

    def reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def stream(self, chunks: Iterable[bytes], headers: Headers) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        deadline = time.monotonic() + HOLD_SECONDS
        for chunk in chunks:
            if time.monotonic() > deadline or self.faults.stopping.is_set():
                break
            self.wfile.write(chunk)


class FaultResolver:
    """Case names → 127.0.0.1, hostile names to where they point, numeric hosts as getaddrinfo reads them."""

    FIXED = {"localhost": [LOOPBACK], "meta.test": [METADATA], "mixed.test": [LOOPBACK, "10.0.0.1"]}

    def __init__(self) -> None:
        self.lookups: Counter[str] = Counter()

    async def resolve(self, host: str, port: int) -> list[str]:
        host = host.lower()
        self.lookups[host] += 1
        if host.removesuffix(".test") in CASES:
            return [LOOPBACK]
        if host == "rebind.test":  # TTL 0: every second answer points somewhere else
            return [LOOPBACK if self.lookups[host] % 2 else METADATA]
        if host == "slow-dns.test":
            await asyncio.sleep(HOLD_SECONDS)
        if host in self.FIXED:
            return self.FIXED[host]
        try:
            return [socket.inet_ntoa(socket.inet_aton(host))]  # "167772161" is 10.0.0.1 to getaddrinfo
        except OSError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None


def serve_faults(parent: Connection) -> None:
    """The child process: serve on a free port, tell the parent which, stop when it says so or goes."""
    server = FaultServer((LOOPBACK, 0))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    parent.send(server.server_address[1])
    with contextlib.suppress(EOFError, OSError):
        parent.recv()
    server.stopping.set()
    server.shutdown()
    server.server_close()


class FaultWeb:
    """The running fault server, in a child process on a free 127.0.0.1 port. Use as a context manager."""

    def __init__(self) -> None:
        self.resolver = FaultResolver()
        self.port = 0
        context = multiprocessing.get_context("spawn")  # fork is unsafe beside a caller's threads
        self._conn, child = context.Pipe()
        self._process = context.Process(target=serve_faults, args=(child,), name="fault-web", daemon=True)

    def feed_url(self, case: str) -> str:
        return f"http://{case}.test:{self.port}/{case}/feed.xml"

    def sources(self, cases: Iterable[str] = CASES) -> tuple[SourceConfig, ...]:
        """One RSS source per case, named after it; fetch them with ``resolver``."""
        return tuple(SourceConfig(name=c, kind="rss", location=self.feed_url(c)) for c in cases)

    def start(self) -> FaultWeb:
        self._process.start()
        with contextlib.suppress(EOFError):  # the child died before it could say which port
            self.port = self._conn.recv() if self._conn.poll(START_SECONDS) else 0
        if not self.port:
            self.close()
            raise RuntimeError("the fault web did not start")
        return self

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._process.join(HOLD_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()

    def __enter__(self) -> FaultWeb:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
