"""The only module that touches the network: polite, bounded, guarded HTTP fetches that never raise."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import re
import socket
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Protocol
from urllib.robotparser import RobotFileParser

import httpx

from ingest.records import FetchResult, Outcome, OutcomeKind, Validators
from ingest.settings import FetchSettings

HARD, SOFT, TEMPORARY = OutcomeKind.HARD, OutcomeKind.SOFT, OutcomeKind.TEMPORARY

ROBOTS_AGENT = "mediamon"
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB, ignore the rest
# An unreachable robots.txt disallows the whole host; asking again after a day would stall a source for a day.
ROBOTS_FAILURE_TTL = 600.0
BACKOFF_BASE = 1.0
# Worth an immediate retry; a TLS failure is temporary too, but it will not heal within seconds.
RETRY_REASONS = frozenset({"timeout", "connect-error", "connection-reset"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Only codings we inflate ourselves, so the size cap holds however well the body compresses.
ACCEPT_ENCODING = "gzip, deflate"
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)

NETWORK_FAILURES: tuple[tuple[type[httpx.HTTPError], OutcomeKind, str], ...] = (
    (httpx.TimeoutException, TEMPORARY, "timeout"),
    (httpx.ConnectError, TEMPORARY, "connect-error"),  # before NetworkError, its base class
    (httpx.ProxyError, TEMPORARY, "connect-error"),
    (httpx.NetworkError, TEMPORARY, "connection-reset"),
    (httpx.RemoteProtocolError, TEMPORARY, "connection-reset"),
)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Resolver(Protocol):
    """Turns a host name into the IP addresses a connection may use."""

    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    """Resolves through the operating system's ``getaddrinfo`` without blocking the loop."""

    async def resolve(self, host: str, port: int) -> list[str]:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Failure(Exception):
    """Ends one fetch early with an outcome; never leaves this module."""

    def __init__(self, kind: OutcomeKind, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.outcome = Outcome(kind, reason, status)


@dataclass(frozen=True)
class _Plan:
    """What one fetch asks for, passed down through redirects and retries."""

    validators: Validators | None
    check_robots: bool
    limit: int
    truncate: bool = False  # cut the body at ``limit`` instead of failing (robots.txt)


@dataclass(frozen=True)
class _Target:
    """One URL whose addresses passed the guard; requests go to these addresses, never to a fresh lookup."""

    url: httpx.URL
    addresses: tuple[str, ...]

    @property
    def host(self) -> str:
        return self.url.raw_host.decode("ascii")

    def pinned_url(self, attempt: int) -> httpx.URL:
        return self.url.copy_with(host=self.addresses[attempt % len(self.addresses)])


@dataclass(frozen=True)
class _Reply:
    """Status, headers and (for 2xx) the decoded body of one response."""

    status: int
    headers: httpx.Headers
    body: bytes = b""


@dataclass(frozen=True)
class _Robots:
    """Cached robots.txt rules for one origin: parsed rules, or allow/disallow everything."""

    rules: RobotFileParser | bool
    expires: float

    def allows(self, url: str) -> bool:
        if isinstance(self.rules, bool):
            return self.rules
        return self.rules.can_fetch(ROBOTS_AGENT, url)


class Fetcher:
    """Fetches URLs politely and safely through an injected ``httpx.AsyncClient``; never raises for I/O."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: FetchSettings,
        resolver: Resolver | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        self._client = client
        self._settings = settings
        self._resolver = resolver or SystemResolver()
        self._sleep = sleep
        self._clock = clock
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def fetch(
        self, url: str, validators: Validators | None = None, *, check_robots: bool = True
    ) -> FetchResult:
        """Fetch one URL, following redirects; every network or HTTP problem comes back as an outcome."""
        started = self._clock()
        plan = _Plan(validators, check_robots and self._settings.obey_robots, self._settings.max_bytes)
        result = await self._follow(url, plan)
        return replace(result, elapsed=self._clock() - started)

    async def _follow(self, url: str, plan: _Plan) -> FetchResult:
        """Follow redirects by hand so that every hop is guarded and checked against robots.txt."""
        current, seen = url, {url}
        for _ in range(self._settings.max_redirects + 1):
            try:
                reply = await self._hop(current, plan)
                location = _redirect_location(current, reply)
            except _Failure as failure:
                return FetchResult(url, failure.outcome, final_url=current)
            if location is None:
                return _result(url, current, reply, plan.validators)
            if location in seen:
                return FetchResult(url, Outcome(HARD, "redirect-loop", reply.status), final_url=location)
            seen.add(location)
            current = location
        return FetchResult(url, Outcome(HARD, "too-many-redirects"), final_url=current)

    async def _hop(self, url: str, plan: _Plan) -> _Reply:
        """One URL: check it, resolve and guard its address, obey robots.txt, request with retries."""
        target = await self._target(url)
        if plan.check_robots:
            robots = await self._robots_for(target.url)
            if not robots.allows(str(target.url)):
                # An unreachable robots.txt blocks the host for now; that is not a verdict on the URL.
                if robots.rules is False:
                    raise _Failure(TEMPORARY, "robots-unavailable")
                raise _Failure(HARD, "robots-disallow")
        return await self._attempts(target, plan)

    async def _target(self, url: str) -> _Target:
        parsed = _parse_url(url)
        host = parsed.raw_host.decode("ascii")
        addresses = [host] if _is_ip(host) else await self._resolve(host, _port(parsed))
        if not all(address_allowed(address, self._settings) for address in addresses):
            raise _Failure(HARD, "private-address")
        return _Target(parsed, tuple(addresses))

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            async with asyncio.timeout(self._settings.connect_timeout):
                addresses = await self._resolver.resolve(host, port)
        except socket.gaierror as exc:
            raise _Failure(HARD if exc.errno == socket.EAI_NONAME else TEMPORARY, "dns-error") from None
        except (OSError, TimeoutError):
            raise _Failure(TEMPORARY, "dns-error") from None
        except ValueError:  # UnicodeError from the IDNA codec on a name it cannot encode
            raise _Failure(HARD, "bad-url") from None
        if not addresses:
            raise _Failure(TEMPORARY, "dns-error")
        return addresses

    async def _attempts(self, target: _Target, plan: _Plan) -> _Reply:
        """Send, retrying 408/429/5xx and transient network errors with backoff or ``Retry-After``."""
        retries = self._settings.retries
        for attempt in range(retries + 1):
            try:
                reply = await self._send(target, plan, attempt)
            except _Failure as failure:
                if failure.outcome.reason not in RETRY_REASONS or attempt == retries:
                    raise
                if not _next_address_untried(failure, target, attempt):
                    await self._sleep(self._backoff(attempt))
                continue
            wait = self._retry_wait(reply, attempt)
            if wait is None or attempt == retries:
                return reply
            await self._sleep(wait)
        raise AssertionError("the last attempt returns or raises")

    def _retry_wait(self, reply: _Reply, attempt: int) -> float | None:
        if not _retryable(reply.status):
            return None
        wait = parse_retry_after(reply.headers.get("retry-after"), datetime.now(UTC))
        if wait is not None and wait > self._settings.max_retry_wait:
            raise _Failure(TEMPORARY, "retry-after-too-long", reply.status)
        return self._backoff(attempt) if wait is None else wait

    def _backoff(self, attempt: int) -> float:
        return min(BACKOFF_BASE * 2**attempt, self._settings.max_retry_wait)

    async def _send(self, target: _Target, plan: _Plan, attempt: int) -> _Reply:
        """One request to a checked address, within the host and global limits."""
        request = self._build_request(target, plan.validators, attempt)
        per_host = asyncio.Semaphore(self._settings.per_host_concurrency)
        async with self._host_slots.setdefault(target.host, per_host):
            await self._wait_turn(target.host)
            async with self._slots:
                return await self._exchange(request, plan)

    def _build_request(self, target: _Target, validators: Validators | None, attempt: int) -> httpx.Request:
        headers = {
            "Host": target.url.netloc.decode("ascii"),
            "User-Agent": self._settings.user_agent,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        # The URL carries the checked IP; TLS must still verify the certificate against the real name.
        extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
        return self._client.build_request(
            "GET", target.pinned_url(attempt), headers=headers, extensions=extensions
        )

    async def _exchange(self, request: httpx.Request, plan: _Plan) -> _Reply:
        # httpx's timeouts are per read; the deadline stops a server that trickles bytes forever.
        deadline = self._settings.connect_timeout + 2 * self._settings.read_timeout
        try:
            async with asyncio.timeout(deadline):
                response = await self._client.send(request, stream=True, follow_redirects=False)
                try:
                    ok = 200 <= response.status_code < 300
                    body = await _read_body(response, plan) if ok else b""
                    return _Reply(response.status_code, response.headers, body)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise _Failure(TEMPORARY, "timeout") from None
        except httpx.HTTPError as exc:
            raise _network_failure(exc) from exc

    async def _wait_turn(self, host: str) -> None:
        """Space request starts to one host at least ``per_host_delay`` apart."""
        now = self._clock()
        start = max(now, self._next_start.get(host, now))
        self._next_start[host] = start + self._settings.per_host_delay
        if start > now:
            await self._sleep(start - now)

    async def _robots_for(self, url: httpx.URL) -> _Robots:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        async with self._robots_locks.setdefault(origin, asyncio.Lock()):
            robots = self._robots.get(origin)
            if robots is None or robots.expires <= self._clock():
                robots = self._robots[origin] = await self._load_robots(origin)
        return robots

    async def _load_robots(self, origin: str) -> _Robots:
        plan = _Plan(None, check_robots=False, limit=ROBOTS_MAX_BYTES, truncate=True)
        rules = robots_rules(await self._follow(f"{origin}/robots.txt", plan))
        ttl = self._settings.robots_ttl
        if rules is False:
            ttl = min(ttl, ROBOTS_FAILURE_TTL)
        return _Robots(rules, self._clock() + ttl)


def make_client(settings: FetchSettings) -> httpx.AsyncClient:
    """The real client: our User-Agent, timeouts and pool limits, no automatic redirects."""
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        limits=httpx.Limits(max_connections=settings.concurrency),
        follow_redirects=False,
        # Requests go to IP addresses, so a cookie jar would mix the cookies of every site sharing one.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        # The address guard must judge the address we connect to; an ambient proxy would change it.
        trust_env=False,
    )


def fetch_one(url: str, settings: FetchSettings) -> FetchResult:
    """Fetch a single URL synchronously (the CLI's debug command)."""

    async def run() -> FetchResult:
        async with make_client(settings) as client:
            return await Fetcher(client, settings).fetch(url)

    return asyncio.run(run())


def download_pinned(url: str, sha256: str, max_bytes: int, timeout: float = 60.0) -> bytes:
    """A file we name and pin by hash (an install-time asset), never a link from fetched content.

    The hash decides what is accepted, so the address policy for hostile links does not apply (a
    package registry may be a mirror on a private network); the size is capped while reading.
    Raises ValueError for a wrong hash or size, ``httpx.HTTPError`` for the transfer.
    """
    body = bytearray()
    with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise ValueError(f"{url} is larger than {max_bytes:,} bytes")
    got = hashlib.sha256(body).hexdigest()
    if got != sha256:
        raise ValueError(f"{url} has sha256 {got}, expected {sha256}")
    return bytes(body)


def address_allowed(address: str, settings: FetchSettings) -> bool:
    """Whether we may connect to ``address``: public only, unless the settings allow loopback or private."""
    ip = _embedded_ipv4(ipaddress.ip_address(address))
    if ip.is_loopback:
        return settings.allow_loopback
    if ip.is_link_local or any(ip in network for network in PRIVATE_NETWORKS):
        return settings.allow_private
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside a mapped, 6to4 or NAT64 IPv6 address, which is where packets really go."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def robots_rules(result: FetchResult) -> RobotFileParser | bool:
    """Rules from a robots.txt fetch (RFC 9309 §2.3.1): 2xx parsed, 4xx allow all, else disallow all."""
    if result.outcome.ok:
        parser = RobotFileParser()
        parser.parse(result.text().splitlines())
        return parser
    if result.outcome.reason in ("too-many-redirects", "redirect-loop"):
        return True  # §2.3.1.2: past five redirects the file may be treated as unavailable
    status = result.outcome.status or 0
    # 429 is a 4xx but means "overloaded", so it counts as unreachable, as major crawlers treat it.
    return 400 <= status < 500 and status != 429


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds or HTTP-date); None if absent or invalid."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def parse_content_type(value: str) -> tuple[str, str | None]:
    """The media type and charset of a ``Content-Type`` header."""
    media, _, params = value.partition(";")
    match = CHARSET.search(params)
    return media.strip().lower(), match.group(1).lower() if match else None


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise _Failure(HARD, "bad-url") from None
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise _Failure(HARD, "bad-url")
    try:
        parsed.host.encode("idna")  # empty or over-long labels would make getaddrinfo raise
    except UnicodeError:
        raise _Failure(HARD, "bad-url") from None
    return parsed


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _next_address_untried(failure: _Failure, target: _Target, attempt: int) -> bool:
    # A dual-stack host whose IPv6 route is broken should not cost a backoff before its IPv4 address.
    return failure.outcome.reason == "connect-error" and attempt + 1 < len(target.addresses)


def _retryable(status: int) -> bool:
    return status in (408, 429) or status >= 500


def _redirect_location(current: str, reply: _Reply) -> str | None:
    if reply.status not in REDIRECT_STATUSES:
        return None
    location = reply.headers.get("location", "").strip()
    if not location:
        raise _Failure(HARD, "bad-redirect", reply.status)
    try:
        return str(httpx.URL(current).join(location))
    except httpx.InvalidURL:
        raise _Failure(HARD, "bad-redirect", reply.status) from None


def _status_outcome(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome(OutcomeKind.OK, "ok", status)
    if status == 304:
        return Outcome(OutcomeKind.NOT_MODIFIED, "not-modified", 304)
    return Outcome(TEMPORARY if _retryable(status) else HARD, f"http-{status}", status)


def _result(url: str, final_url: str, reply: _Reply, sent: Validators | None) -> FetchResult:
    media, charset = parse_content_type(reply.headers.get("content-type", ""))
    validators = Validators(reply.headers.get("etag"), reply.headers.get("last-modified"))
    if reply.status == 304 and sent:  # a 304 need not repeat the validators; keep the ones that matched
        validators = Validators(validators.etag or sent.etag, validators.last_modified or sent.last_modified)
    return FetchResult(
        url,
        _status_outcome(reply.status),
        final_url=final_url,
        body=reply.body,
        content_type=media,
        encoding=charset,
        validators=validators,
    )


async def _read_body(response: httpx.Response, plan: _Plan) -> bytes:
    """The decoded body, aborted (or cut, for robots.txt) as soon as it passes ``plan.limit`` bytes."""
    declared = response.headers.get("content-length", "")
    if not plan.truncate and declared.isdigit() and int(declared) > plan.limit:
        raise _Failure(SOFT, "too-large")
    inflater = _Inflater(response.headers.get("content-encoding", ""))
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += inflater.feed(chunk, plan.limit + 1 - len(body))
        if len(body) > plan.limit:
            if plan.truncate:
                return bytes(body[: plan.limit])
            raise _Failure(SOFT, "too-large")
    inflater.finish()
    return bytes(body)


class _Inflater:
    """Decodes a gzip or deflate body chunk by chunk, never producing more than asked, so bombs stay small."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise _Failure(SOFT, "decode-error")
        identity = encoding in ("", "identity")
        self._zlib = None if identity else zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._zlib is None:
            return chunk
        try:
            return self._zlib.decompress(chunk, room)
        except zlib.error:
            raise _Failure(SOFT, "decode-error") from None

    def finish(self) -> None:
        if self._zlib is not None and not self._zlib.eof:
            raise _Failure(SOFT, "decode-error")  # truncated stream


def _network_failure(exc: httpx.HTTPError) -> _Failure:
    if isinstance(exc, httpx.ConnectError) and isinstance(_root_cause(exc), ssl.SSLError):
        return _Failure(TEMPORARY, "tls-error")
    for error_type, kind, reason in NETWORK_FAILURES:
        if isinstance(exc, error_type):
            return _Failure(kind, reason)
    raise exc  # anything else (LocalProtocolError, InvalidURL …) is our bug and must surface


def _root_cause(exc: BaseException) -> BaseException:
    # httpx wraps httpcore, whose pool re-raises "from None": the ssl error survives only as the context.
    while (inner := exc.__cause__ or exc.__context__) is not None:
        exc = inner
    return exc
