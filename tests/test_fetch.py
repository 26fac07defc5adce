"""Tests for ingest.fetch, offline against servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import shutil
import socket
import ssl
import struct
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.fetch import (
    Fetcher,
    address_allowed,
    fetch_one,
    make_client,
    parse_content_type,
    parse_retry_after,
)
from ingest.records import FetchResult, Outcome, OutcomeKind, Validators
from ingest.settings import FetchSettings

HARD, SOFT, TEMPORARY = OutcomeKind.HARD, OutcomeKind.SOFT, OutcomeKind.TEMPORARY
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


# ---------------------------------------------------------------- helpers


def fast(**overrides: Any) -> FetchSettings:
    """Settings for tests: short timeouts, no politeness delay, robots off, loopback allowed."""
    base: dict[str, Any] = {
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "per_host_delay": 0.0,
        "obey_robots": False,
        "allow_loopback": True,
    }
    return FetchSettings(**(base | overrides))


@dataclass
class FakeClock:
    """A monotonic clock that only moves when the fetcher sleeps; records every sleep."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class FakeResolver:
    """Maps test host names to fixed addresses; unknown names do not exist."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(self, host: str, port: int) -> list[str]:
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


LOCAL = FakeResolver({"site.test": ["127.0.0.1"], "other.test": ["127.0.0.1"], "rebind.test": ["127.0.0.1"]})


def run_fetch(
    url: str,
    settings: FetchSettings,
    *,
    validators: Validators | None = None,
    resolver: FakeResolver = LOCAL,
    clock: FakeClock | None = None,
    client: httpx.AsyncClient | None = None,
) -> FetchResult:
    clock = clock or FakeClock()

    async def go() -> FetchResult:
        async with client or make_client(settings) as http:
            return await Fetcher(http, settings, resolver, clock.sleep, clock).fetch(url, validators)

    return asyncio.run(go())


def run_many(urls: list[str], settings: FetchSettings, clock: FakeClock | None = None) -> list[FetchResult]:
    """Fetch ``urls`` one after another through one fetcher (shared robots cache and politeness)."""
    clock = clock or FakeClock()

    async def go() -> list[FetchResult]:
        async with make_client(settings) as http:
            fetcher = Fetcher(http, settings, LOCAL, clock.sleep, clock)
            return [await fetcher.fetch(url) for url in urls]

    return asyncio.run(go())


def paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    # Our own instance: the plugin's default listens on "localhost", which may resolve to ::1 first.
    instance = HTTPServer(host="127.0.0.1", port=0)
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
def web(server: HTTPServer) -> HTTPServer:
    server.clear()
    return server


@asynccontextmanager
async def raw_server(handler: Handler, tls: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """A bare asyncio TCP server on 127.0.0.1 for behaviour a well-mannered HTTP server cannot show."""
    instance = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
    async with instance:
        yield instance.sockets[0].getsockname()[1]


def http_response(body: bytes, status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


def fetch_raw(handler: Handler, settings: FetchSettings, clock: FakeClock | None = None) -> FetchResult:
    async def go() -> FetchResult:
        async with raw_server(handler) as port, make_client(settings) as http:
            sleep_clock = clock or FakeClock()
            fetcher = Fetcher(http, settings, LOCAL, sleep_clock.sleep, sleep_clock)
            return await fetcher.fetch(f"http://127.0.0.1:{port}/")

    return asyncio.run(go())


# ---------------------------------------------------------------- plain fetches


def test_ok_fetch_returns_body_type_charset_and_sends_our_user_agent(web: HTTPServer) -> None:
    body = "Çа va".encode("iso-8859-5", errors="replace")
    web.expect_request("/page").respond_with_data(body, content_type="text/html; charset=ISO-8859-5")
    result = run_fetch(web.url_for("/page"), fast())
    assert result.outcome == Outcome(OutcomeKind.OK, "ok", 200)
    assert (result.body, result.content_type, result.encoding) == (body, "text/html", "iso-8859-5")
    assert result.final_url == result.url == web.url_for("/page")
    assert web.log[0][0].headers["User-Agent"] == FetchSettings().user_agent


def test_cookies_are_neither_kept_nor_sent(web: HTTPServer) -> None:
    web.expect_request("/").respond_with_data("hi", headers={"Set-Cookie": "session=abc; Path=/"})
    run_many([web.url_for("/"), web.url_for("/")], fast())
    assert [request.headers.get("Cookie") for request, _ in web.log] == [None, None]


def test_fetch_one_runs_a_single_fetch_synchronously(web: HTTPServer) -> None:
    web.expect_request("/one").respond_with_data("hello")
    result = fetch_one(web.url_for("/one"), fast())
    assert result.outcome.ok and result.body == b"hello"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('application/rss+xml;charset="windows-1251"', ("application/rss+xml", "windows-1251")),
        ("Text/XML", ("text/xml", None)),
        ("", ("", None)),
    ],
)
def test_parse_content_type_splits_media_type_and_charset(
    header: str, expected: tuple[str, str | None]
) -> None:
    assert parse_content_type(header) == expected


@pytest.mark.parametrize(
    ("status", "kind"),
    [(404, HARD), (410, HARD), (403, HARD), (401, HARD), (451, HARD), (408, TEMPORARY), (503, TEMPORARY)],
)
def test_http_error_status_becomes_outcome_with_http_code_reason(
    web: HTTPServer, status: int, kind: OutcomeKind
) -> None:
    web.expect_request("/x").respond_with_data("nope", status=status)
    result = run_fetch(web.url_for("/x"), fast(retries=0))
    assert result.outcome == Outcome(kind, f"http-{status}", status)
    assert result.body == b""


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "file:///etc/passwd", "http:///no-host", "not a url", "javascript:alert(1)"],
)
def test_unsupported_or_hostless_url_is_hard_bad_url(url: str) -> None:
    assert run_fetch(url, fast()).outcome == Outcome(HARD, "bad-url")


def test_unknown_host_name_is_hard_dns_error() -> None:
    assert run_fetch("http://missing.test/", fast()).outcome == Outcome(HARD, "dns-error")


# ---------------------------------------------------------------- conditional GET


def test_validators_are_sent_and_304_becomes_not_modified(web: HTTPServer) -> None:
    sent = Validators(etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")
    web.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    result = run_fetch(web.url_for("/feed"), fast(retries=0), validators=sent)
    assert result.outcome == Outcome(OutcomeKind.NOT_MODIFIED, "not-modified", 304)
    assert result.validators == sent


def test_response_validators_are_returned(web: HTTPServer) -> None:
    headers = {"ETag": 'W/"abc"', "Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT"}
    web.expect_request("/feed").respond_with_data("<rss/>", headers=headers)
    result = run_fetch(web.url_for("/feed"), fast())
    assert result.validators == Validators('W/"abc"', "Thu, 01 Jan 2026 00:00:00 GMT")
    assert "If-None-Match" not in web.log[0][0].headers


# ---------------------------------------------------------------- retries


def test_429_with_retry_after_sleeps_that_long_then_succeeds(web: HTTPServer) -> None:
    web.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "7"})
    web.expect_request("/busy").respond_with_data("done")
    clock = FakeClock()
    result = run_fetch(web.url_for("/busy"), fast(), clock=clock)
    assert result.outcome.ok and result.body == b"done"
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_beyond_max_wait_returns_at_once(web: HTTPServer, status: int) -> None:
    web.expect_request("/busy").respond_with_data("", status=status, headers={"Retry-After": "3600"})
    clock = FakeClock()
    result = run_fetch(web.url_for("/busy"), fast(max_retry_wait=30.0), clock=clock)
    assert result.outcome == Outcome(TEMPORARY, "retry-after-too-long", status)
    assert clock.sleeps == [] and len(web.log) == 1


def test_500_is_retried_with_exponential_backoff_then_temporary(web: HTTPServer) -> None:
    web.expect_request("/down").respond_with_data("oops", status=500)
    clock = FakeClock()
    result = run_fetch(web.url_for("/down"), fast(retries=2), clock=clock)
    assert result.outcome == Outcome(TEMPORARY, "http-500", 500)
    assert len(web.log) == 3 and clock.sleeps == [1.0, 2.0]


def test_404_is_not_retried(web: HTTPServer) -> None:
    web.expect_request("/gone").respond_with_data("", status=404)
    run_fetch(web.url_for("/gone"), fast(retries=2))
    assert len(web.log) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7.0),
        (" 12 ", 12.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after_reads_seconds_and_http_dates(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)) == expected


# ---------------------------------------------------------------- redirects


def redirect_chain(web: HTTPServer, hops: int) -> None:
    for i in range(hops):
        web.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    web.expect_request(f"/r{hops}").respond_with_data("landed")


def test_redirects_are_followed_and_final_url_is_the_last(web: HTTPServer) -> None:
    redirect_chain(web, 5)
    result = run_fetch(web.url_for("/r0"), fast())
    assert result.outcome.ok and result.body == b"landed"
    assert result.final_url == web.url_for("/r5")


def test_more_than_five_redirects_is_too_many_redirects(web: HTTPServer) -> None:
    redirect_chain(web, 6)
    result = run_fetch(web.url_for("/r0"), fast())
    assert result.outcome == Outcome(HARD, "too-many-redirects")
    assert "/r6" not in paths(web)


def test_redirect_loop_is_detected(web: HTTPServer) -> None:
    web.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    web.expect_request("/b").respond_with_data("", status=308, headers={"Location": "/a"})
    result = run_fetch(web.url_for("/a"), fast())
    assert result.outcome == Outcome(HARD, "redirect-loop", 308)
    assert paths(web) == ["/a", "/b"]


def test_redirect_without_location_is_bad_redirect(web: HTTPServer) -> None:
    web.expect_request("/a").respond_with_data("", status=302)
    assert run_fetch(web.url_for("/a"), fast()).outcome == Outcome(HARD, "bad-redirect", 302)


@pytest.mark.parametrize(
    ("location", "reason"),
    [("http://169.254.169.254/latest/meta-data/", "private-address"), ("ftp://example.com/", "bad-url")],
)
def test_every_redirect_hop_is_checked(web: HTTPServer, location: str, reason: str) -> None:
    web.expect_request("/a").respond_with_data("", status=302, headers={"Location": location})
    result = run_fetch(web.url_for("/a"), fast())
    assert result.outcome == Outcome(HARD, reason)
    assert result.final_url == location


# ---------------------------------------------------------------- size and decoding


def test_declared_content_length_over_the_cap_is_too_large(web: HTTPServer) -> None:
    web.expect_request("/big").respond_with_data(b"x" * 2000)
    assert run_fetch(web.url_for("/big"), fast(max_bytes=1000)).outcome == Outcome(SOFT, "too-large")


def test_chunked_body_over_the_cap_is_too_large(web: HTTPServer) -> None:
    def endless(_: Request) -> Response:
        return Response(b"x" * 1000 for _ in range(50))  # no Content-Length: sent chunked

    web.expect_request("/stream").respond_with_handler(endless)
    result = run_fetch(web.url_for("/stream"), fast(max_bytes=10_000))
    assert result.outcome == Outcome(SOFT, "too-large")
    assert "Content-Length" not in web.log[0][1].headers


def test_body_of_exactly_the_cap_is_accepted(web: HTTPServer) -> None:
    web.expect_request("/fits").respond_with_data(b"x" * 1000)
    assert run_fetch(web.url_for("/fits"), fast(max_bytes=1000)).body == b"x" * 1000


def test_gzip_bomb_is_too_large_by_decoded_size(web: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(bomb) < 10_000
    web.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    assert run_fetch(web.url_for("/bomb"), fast(max_bytes=100_000)).outcome == Outcome(SOFT, "too-large")


def test_gzip_body_is_decoded(web: HTTPServer) -> None:
    web.expect_request("/z").respond_with_data(
        gzip.compress(b"news " * 100), headers={"Content-Encoding": "gzip"}
    )
    result = run_fetch(web.url_for("/z"), fast())
    assert result.outcome.ok and result.body == b"news " * 100
    assert web.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (b"\x1f\x8b\x08\x00 definitely not gzip", "gzip"),
        (gzip.compress(b"news " * 100)[:-20], "gzip"),
        (b"whatever", "br"),
    ],
    ids=["corrupt", "truncated", "unrequested-coding"],
)
def test_undecodable_body_is_soft_decode_error(web: HTTPServer, body: bytes, encoding: str) -> None:
    web.expect_request("/z").respond_with_data(body, headers={"Content-Encoding": encoding})
    assert run_fetch(web.url_for("/z"), fast()).outcome == Outcome(SOFT, "decode-error")


# ---------------------------------------------------------------- robots.txt


ROBOTS = "User-agent: *\nDisallow: /\n\nUser-agent: mediamon\nDisallow: /private\n"


def test_robots_txt_disallow_is_obeyed_and_cached(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(ROBOTS)
    web.expect_request("/news").respond_with_data("story")
    results = run_many(
        [web.url_for("/private/a"), web.url_for("/news"), web.url_for("/news")], fast(obey_robots=True)
    )
    assert [r.outcome.reason for r in results] == ["robots-disallow", "ok", "ok"]
    assert paths(web) == ["/robots.txt", "/news", "/news"]


def test_robots_txt_is_fetched_again_after_its_ttl(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(ROBOTS)
    web.expect_request("/news").respond_with_data("story")
    clock = FakeClock()

    async def go() -> None:
        settings = fast(obey_robots=True, robots_ttl=100.0)
        async with make_client(settings) as http:
            fetcher = Fetcher(http, settings, LOCAL, clock.sleep, clock)
            await fetcher.fetch(web.url_for("/news"))
            clock.now += 101.0
            await fetcher.fetch(web.url_for("/news"))

    asyncio.run(go())
    assert paths(web) == ["/robots.txt", "/news", "/robots.txt", "/news"]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "ok"),
        (410, "ok"),
        (403, "ok"),
        (500, "robots-unavailable"),
        (503, "robots-unavailable"),
        (429, "robots-unavailable"),
    ],
)
def test_robots_txt_4xx_allows_all_and_5xx_disallows_all(web: HTTPServer, status: int, reason: str) -> None:
    web.expect_request("/robots.txt").respond_with_data("", status=status)
    web.expect_request("/news").respond_with_data("story")
    result = run_fetch(web.url_for("/news"), fast(obey_robots=True))
    assert result.outcome.reason == reason


def test_unreachable_robots_txt_disallows_all_as_a_temporary_failure() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    result = fetch_raw(hang_up, fast(obey_robots=True, retries=0))
    assert result.outcome == Outcome(TEMPORARY, "robots-unavailable")


def test_robots_txt_is_checked_per_redirect_hop(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(ROBOTS)
    web.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/private/b"})
    result = run_fetch(web.url_for("/a"), fast(obey_robots=True))
    assert result.outcome == Outcome(HARD, "robots-disallow")
    assert result.final_url == web.url_for("/private/b")


@pytest.mark.parametrize(
    "settings", [fast(obey_robots=False), fast(obey_robots=True)], ids=["setting", "argument"]
)
def test_robots_txt_can_be_skipped(web: HTTPServer, settings: FetchSettings) -> None:
    web.expect_request("/private/a").respond_with_data("story")

    async def go() -> FetchResult:
        async with make_client(settings) as http:
            return await Fetcher(http, settings, LOCAL).fetch(web.url_for("/private/a"), check_robots=False)

    assert asyncio.run(go()).outcome.ok
    assert paths(web) == ["/private/a"]


# ---------------------------------------------------------------- private-address guard


@pytest.mark.parametrize(
    ("host", "settings"),
    [
        ("127.0.0.1", fast(allow_loopback=False)),
        ("rebind.test", fast(allow_loopback=False)),
        ("[::ffff:127.0.0.1]", fast(allow_loopback=False)),
        ("meta.test", fast(allow_loopback=True)),
        ("169.254.169.254", fast(allow_loopback=True)),
        ("mixed.test", fast(allow_loopback=False)),
        ("0.0.0.0", fast(allow_loopback=True, allow_private=True)),
    ],
)
def test_private_addresses_are_refused_after_resolution(
    web: HTTPServer, host: str, settings: FetchSettings
) -> None:
    resolver = FakeResolver(
        {
            "rebind.test": ["127.0.0.1"],
            "meta.test": ["169.254.169.254"],
            "mixed.test": ["93.184.216.34", "127.0.0.1"],
        }
    )
    web.expect_request("/").respond_with_data("secret")
    result = run_fetch(f"http://{host}:{web.port}/", settings, resolver=resolver)
    assert result.outcome == Outcome(HARD, "private-address")
    assert web.log == []


def test_connection_is_pinned_to_the_checked_address_with_the_original_host(web: HTTPServer) -> None:
    web.expect_request("/").respond_with_data("local")
    # "rebind.test" exists only in the fake resolver: success proves httpx never looked the name up again.
    result = run_fetch(f"http://rebind.test:{web.port}/", fast(allow_loopback=True))
    assert result.outcome.ok and result.final_url == f"http://rebind.test:{web.port}/"
    assert web.log[0][0].headers["Host"] == f"rebind.test:{web.port}"


@pytest.mark.parametrize(
    ("address", "loopback", "private", "allowed"),
    [
        ("93.184.216.34", False, False, True),
        ("2606:4700:4700::1111", False, False, True),
        ("127.0.0.1", False, False, False),
        ("127.8.9.10", True, False, True),
        ("::1", True, False, True),
        ("10.1.2.3", True, False, False),
        ("10.1.2.3", False, True, True),
        ("172.20.0.1", False, True, True),
        ("192.168.1.1", False, True, True),
        ("fd00::1", False, True, True),
        ("169.254.169.254", True, False, False),
        ("169.254.169.254", False, True, True),
        ("fe80::1", False, False, False),
        ("::ffff:10.0.0.1", False, False, False),
        ("2002:7f00:1::", False, False, False),
        ("64:ff9b::a9fe:a9fe", False, False, False),
        ("224.0.0.1", False, False, False),
        ("240.0.0.1", False, False, False),
        ("0.0.0.0", True, True, False),
        ("::", True, True, False),
    ],
)
def test_address_allowed_policy(address: str, loopback: bool, private: bool, allowed: bool) -> None:
    settings = FetchSettings(allow_loopback=loopback, allow_private=private)
    assert address_allowed(address, settings) is allowed


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate (and key) for ``site.test``, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"), "-days", "2",
         "-subj", "/CN=site.test", "-addext", "subjectAltName=DNS:site.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder


@pytest.mark.parametrize(("host", "reason"), [("site.test", "ok"), ("other.test", "tls-error")])
def test_https_pinned_to_an_address_still_verifies_the_real_hostname(
    certificate: Path, host: str, reason: str
) -> None:
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    seen_sni: list[str | None] = []
    tls.sni_callback = lambda _sock, name, _ctx: seen_sni.append(name)  # type: ignore[assignment]

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(http_response(b"secure"))
        await writer.drain()
        writer.close()

    async def go() -> FetchResult:
        settings = fast()
        trust = ssl.create_default_context(cafile=str(certificate / "cert.pem"))
        async with raw_server(answer, tls) as port, httpx.AsyncClient(verify=trust) as http:
            clock = FakeClock()
            return await Fetcher(http, settings, LOCAL, clock.sleep, clock).fetch(f"https://{host}:{port}/")

    result = asyncio.run(go())
    assert result.outcome.reason == reason
    assert seen_sni == [host]


# ---------------------------------------------------------------- politeness


def test_requests_to_one_host_start_per_host_delay_apart(web: HTTPServer) -> None:
    clock = FakeClock()
    starts: list[tuple[str, float]] = []

    def record(request: Request) -> Response:
        starts.append((request.host.split(":")[0], clock.now))
        return Response("ok")

    web.expect_request("/").respond_with_handler(record)
    urls = [f"http://site.test:{web.port}/"] * 3 + [f"http://other.test:{web.port}/"]
    run_many(urls, fast(per_host_delay=1.5), clock)
    assert starts == [("site.test", 0.0), ("site.test", 1.5), ("site.test", 3.0), ("other.test", 3.0)]


@pytest.mark.parametrize(
    ("per_host", "overall", "hosts", "expected"),
    [(2, 16, ["site.test"], 2), (1, 16, ["site.test"], 1), (2, 1, ["site.test", "other.test"], 1)],
)
def test_concurrency_is_limited_per_host_and_overall(
    per_host: int, overall: int, hosts: list[str], expected: int
) -> None:
    active = peak = 0
    full = asyncio.Event()

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal active, peak
        await reader.readuntil(b"\r\n\r\n")
        active += 1
        peak = max(peak, active)
        if active >= expected:
            full.set()
        # Hold the first requests until the allowed number overlap, so a slow machine cannot hide one.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(full.wait(), 1.0)
        await asyncio.sleep(0.05)
        active -= 1
        writer.write(http_response(b"ok"))
        await writer.drain()
        writer.close()

    async def go() -> list[FetchResult]:
        settings = fast(per_host_concurrency=per_host, concurrency=overall)
        async with raw_server(slow) as port, make_client(settings) as http:
            fetcher = Fetcher(http, settings, LOCAL)
            urls = [f"http://{host}:{port}/{i}" for host in hosts for i in range(4)]
            return await asyncio.gather(*(fetcher.fetch(url) for url in urls))

    assert all(result.outcome.ok for result in asyncio.run(go()))
    assert peak == expected


# ---------------------------------------------------------------- network failures


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    await asyncio.sleep(30)


async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(600):
        writer.write(b"x")
        await writer.drain()
        await asyncio.sleep(0.05)


async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def test_server_that_never_answers_times_out() -> None:
    started = time.monotonic()
    result = fetch_raw(silent, fast(connect_timeout=0.5, read_timeout=0.2, retries=0))
    assert result.outcome == Outcome(TEMPORARY, "timeout")
    assert time.monotonic() - started < 2


def test_server_that_trickles_bytes_hits_the_overall_deadline() -> None:
    started = time.monotonic()
    # Each byte arrives well within read_timeout; only the overall deadline (0.1 + 2 * 0.5 s) stops it.
    result = fetch_raw(trickle, fast(connect_timeout=0.1, read_timeout=0.5, retries=0))
    assert result.outcome == Outcome(TEMPORARY, "timeout")
    assert 1.0 <= time.monotonic() - started < 3


def test_connection_reset_is_temporary() -> None:
    clock = FakeClock()
    result = fetch_raw(reset, fast(retries=1), clock)
    assert result.outcome == Outcome(TEMPORARY, "connection-reset")
    assert clock.sleeps == [1.0]


def test_transient_network_error_is_retried_until_success() -> None:
    calls = 0

    async def flaky(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            await reset(reader, writer)
            return
        await reader.readuntil(b"\r\n\r\n")
        writer.write(http_response(b"second time lucky"))
        await writer.drain()
        writer.close()

    result = fetch_raw(flaky, fast(retries=2))
    assert result.outcome.ok and result.body == b"second time lucky"


def test_unreachable_address_falls_over_to_the_next_without_waiting(web: HTTPServer) -> None:
    web.expect_request("/").respond_with_data("second address")
    clock = FakeClock()
    resolver = FakeResolver({"dual.test": ["127.0.0.2", "127.0.0.1"]})  # nothing listens on 127.0.0.2
    result = run_fetch(f"http://dual.test:{web.port}/", fast(), resolver=resolver, clock=clock)
    assert result.body == b"second address" and clock.sleeps == []


def test_refused_connection_is_temporary_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_fetch(f"http://127.0.0.1:{port}/", fast(retries=0))
    assert result.outcome == Outcome(TEMPORARY, "connect-error")
