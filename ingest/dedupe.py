"""Exact-duplicate keys: a canonical form of each URL and a fingerprint of each text."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Click and campaign identifiers: they name how a reader arrived, never which page they got.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "ref", "ref_src", "cmpid", "ocid", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "spm", "smid", "__twitter_impression",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)


def canonicalize_url(url: str) -> str:
    """Normalise a URL so that tracking and cosmetic variants of one page compare equal."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    path = parts.path or ("/" if parts.netloc else "")
    return urlunsplit((scheme, canonical_netloc(parts, scheme), path, canonical_query(parts.query), ""))


def canonical_netloc(parts: SplitResult, scheme: str) -> str:
    """Lowercase the host and drop the scheme's default port; keep any user info as given."""
    userinfo, _, hostport = parts.netloc.rpartition("@")
    try:
        port = parts.port
    except ValueError:  # a malformed port: leave it for the fetcher to reject
        return parts.netloc.lower()
    host = hostport.rsplit(":", 1)[0] if port is not None else hostport
    netloc = host.lower()
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    return f"{userinfo}@{netloc}" if userinfo else netloc


def canonical_query(query: str) -> str:
    """Drop tracking parameters and sort the rest, keeping each pair's original encoding."""
    pairs = [pair for pair in query.split("&") if pair and not is_tracking(pair.split("=", 1)[0])]
    return "&".join(sorted(pairs))


def is_tracking(key: str) -> bool:
    name = unquote_plus(key).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


PROSE_LINE_WORDS = 6  # shorter lines are mostly layout leftovers ("Published", datelines, credits)


def content_fingerprint(text: str) -> str:
    """SHA-1 of the prose lines, with Unicode compatibility forms, case and whitespace normalised.

    Lines of fewer than six words are left out when there is prose besides them, so one outlet's
    layout leftovers around a syndicated story do not make its copy look different.
    """
    lines = unicodedata.normalize("NFKC", text).casefold().splitlines()
    prose = [line for line in lines if len(line.split()) >= PROSE_LINE_WORDS] or lines
    normal = " ".join(" ".join(prose).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()
