"""Serve the demo world on 127.0.0.1: one threaded HTTP server per outlet, each its own origin."""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from ingest.demo.render import (
    FEED_PATHS,
    SECTION_NAMES,
    SITEMAP_INDEX,
    render_article_html,
    render_feed,
    render_listing_html,
    render_robots,
    render_simple_html,
    render_sitemap,
)
from ingest.demo.world import Outlet, World
from ingest.settings import SourceConfig

log = logging.getLogger(__name__)
_HTML = "text/html; charset=utf-8"
_XML_TYPES = {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8"}
_CACHE_LIMIT = 256


@dataclass(frozen=True)
class Response:
    """What one request gets back; ``last_modified`` makes it answerable with 304."""

    status: int
    content_type: str
    body: bytes
    last_modified: datetime | None = None
    etag: str | None = None


@dataclass
class Clock:
    """The demo web's notion of now: pages and feeds show only articles published at or before it."""

    now: datetime


@dataclass
class Site:
    """One outlet's routes; rendering is pure, only the cache is shared between request threads."""

    world: World
    outlet: Outlet
    base_url: str
    clock: Clock
    _cache: dict[tuple[str, datetime], Response] = field(default_factory=dict)
    _cached_at: datetime | None = None  # the clock of the cached pages

    def respond(self, path: str) -> Response:
        """Route one request path (query string ignored) to a response."""
        path = urlsplit(path).path
        now = self.clock.now
        key = (path, now)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._route(path, now)
            if len(self._cache) >= _CACHE_LIMIT or self._cached_at != now:
                self._cache.clear()  # pages of an earlier clock are never asked for again
                self._cached_at = now
            if cached.status == 200 and not path.endswith(".html"):
                self._cache[key] = cached
        return cached

    def _route(self, path: str, now: datetime) -> Response:
        if path == "/robots.txt":
            return Response(
                200, "text/plain; charset=utf-8", render_robots(self.outlet, self.base_url).encode()
            )
        if path == FEED_PATHS[self.outlet.feed_kind] and path != SITEMAP_INDEX:
            body = render_feed(self.world, self.outlet, now, self.base_url)
            return _cacheable(body, _XML_TYPES[self.outlet.feed_kind], self._newest(now))
        if path == SITEMAP_INDEX or path.startswith("/sitemaps/"):
            return self._sitemap(path, now)
        if path.endswith(".html"):
            return self._article(path, now)
        if path == "/" or path.strip("/") in SECTION_NAMES:
            section = path.strip("/") or None
            html = render_listing_html(self.world, self.outlet, now, self.base_url, section)
            return Response(200, _HTML, html.encode())
        if path.startswith("/private/"):
            return self._page(200, "Members area", "Please log in to continue.")
        return self._page(404, "Page not found", "Sorry, we could not find the page you were looking for.")

    def _sitemap(self, path: str, now: datetime) -> Response:
        name = None if path == SITEMAP_INDEX else path.removeprefix("/sitemaps/")
        try:
            body = render_sitemap(self.world, self.outlet, now, self.base_url, name)
        except KeyError:
            return self._page(404, "Page not found", "No such sitemap.")
        kind = "application/gzip" if path.endswith(".gz") else "application/xml; charset=utf-8"
        return _cacheable(body, kind, self._newest(now))

    def _article(self, path: str, now: datetime) -> Response:
        article = self.world.lookup(path)
        if article is None or article.outlet != self.outlet.slug or article.published > now:
            return self._page(
                404, "Page not found", "Sorry, we could not find the page you were looking for."
            )
        html = render_article_html(self.world, article, self.base_url).encode()
        return Response(200, _HTML, html, article.published, _etag(html))

    def _newest(self, now: datetime) -> datetime:
        ids = self.world.ids(self.outlet.slug, now)
        return self.world.published(ids[-1]) if len(ids) else self.world.start

    def _page(self, status: int, title: str, text: str) -> Response:
        html = render_simple_html(self.outlet, title, text, self.clock.now.year)
        return Response(status, _HTML, html.encode())


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _cacheable(body: bytes, content_type: str, last_modified: datetime) -> Response:
    return Response(200, content_type, body, last_modified, _etag(body))


def is_not_modified(response: Response, headers: Message) -> bool:
    """Whether a conditional request's validators still match (If-None-Match wins over If-Modified-Since)."""
    if response.status != 200 or response.etag is None:
        return False
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or response.etag in tags
    since = headers.get("If-Modified-Since")
    if since is None or response.last_modified is None:
        return False
    try:
        return response.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _handler_class(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "mediamon-demo/0.1"

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes; without this, Nagle + delayed ACK add ~40 ms per request
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:  # noqa: N802 -- the http.server naming convention
            self._serve(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(send_body=False)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: no line per request."""

        def _serve(self, send_body: bool) -> None:
            try:
                response = site.respond(self.path)
            except Exception:
                log.exception("demo web: %s %s failed", site.outlet.slug, self.path)
                response = Response(500, "text/plain; charset=utf-8", b"internal error")
            status = 304 if is_not_modified(response, self.headers) else response.status
            self.send_response(status)
            self.send_header("Content-Type", response.content_type)
            if response.etag:
                self.send_header("ETag", response.etag)
            if response.last_modified:
                self.send_header("Last-Modified", format_datetime(response.last_modified, usegmt=True))
            body = b"" if status == 304 else response.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # keep-alive client connections must not hold up close()
    request_queue_size = 128


class DemoWeb:
    """The running demo web: one server per outlet on a free 127.0.0.1 port. Use as a context manager."""

    def __init__(self, world: World, host: str = "127.0.0.1") -> None:
        self.world = world
        self.host = host
        self.clock = Clock(world.now)
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []

    def start(self) -> DemoWeb:
        for outlet in self.world.outlets:
            server = _Server((self.host, 0), BaseHTTPRequestHandler)
            site = Site(self.world, outlet, f"http://{self.host}:{server.server_address[1]}", self.clock)
            server.RequestHandlerClass = _handler_class(site)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"demo-{outlet.slug}",
                daemon=True,
            )
            thread.start()
            self._servers[outlet.slug] = server
            self._threads.append(thread)
        return self

    def base_url(self, outlet_slug: str) -> str:
        """``http://127.0.0.1:PORT`` of one outlet."""
        return f"http://{self.host}:{self._servers[outlet_slug].server_address[1]}"

    def feed_url(self, outlet_slug: str) -> str:
        """The outlet's RSS or Atom feed, or its sitemap index for sitemap-only outlets."""
        return self.base_url(outlet_slug) + FEED_PATHS[self.world.outlet(outlet_slug).feed_kind]

    def article_url(self, article_id: int) -> str:
        article = self.world.article(article_id)
        return self.base_url(article.outlet) + article.path

    @property
    def now(self) -> datetime:
        return self.clock.now

    def set_now(self, when: datetime) -> None:
        """Move the clock: feeds, sitemaps and pages then show only articles published by ``when``."""
        if when.tzinfo is None:
            raise ValueError("set_now needs a timezone-aware datetime")
        self.clock.now = when

    def close(self) -> None:
        # each shutdown() waits for one poll interval; stop the servers side by side, not one after another
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers.values()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers.values():
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> DemoWeb:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def serve(world: World, host: str = "127.0.0.1") -> DemoWeb:
    """Start serving ``world`` and return the running DemoWeb (close it, or use ``with``)."""
    return DemoWeb(world, host).start()


def demo_sources(web: DemoWeb) -> tuple[SourceConfig, ...]:
    """One source per outlet, pointing at its feed or sitemap index on the running demo web."""
    return tuple(
        SourceConfig(
            name=o.slug,
            kind=o.feed_kind,
            location=web.feed_url(o.slug),
            country=o.country,
            language=o.language,
        )
        for o in web.world.outlets
    )
