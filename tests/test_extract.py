"""Tests for ingest.extract and ingest.dedupe, offline, on fixtures written for this project."""

from __future__ import annotations

import pickle
import socket
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from evals.extraction import BODY_DATASET, load_body_pages, macro_f1, precision_recall, score_bodies
from ingest.dedupe import canonicalize_url, content_fingerprint
from ingest.extract import (
    Extractor,
    ExtractorUnavailable,
    TrafilaturaExtractor,
    extract_article,
    language_tag,
    make_extractor,
    read_page,
    reconcile_date,
)
from ingest.records import OutcomeKind, count_words
from ingest.settings import ExtractorName

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ARTICLE_URL = "https://www.coastal-ledger.example/world/harbour-deal?utm_source=rss"
LISTING_URL = "https://www.coastal-ledger.example/world"
EXTRACTORS: list[ExtractorName] = ["trafilatura", "newspaper"]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(params=EXTRACTORS)
def extractor(request: pytest.FixtureRequest) -> Extractor:
    if request.param == "newspaper":
        pytest.importorskip("newspaper")
    return make_extractor(request.param)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
def test_article_text_keeps_the_body_and_drops_the_boilerplate(extractor: Extractor) -> None:
    result = extract_article(fixture("article.html"), ARTICLE_URL, extractor)
    assert result.outcome.ok and result.article is not None
    text = result.article.text
    assert "signed an agreement on Friday to reopen the northern harbour" in text
    assert "resume joint training for young crews this summer" in text
    for boilerplate in (
        "cookie",  # consent banner
        "Business",  # navigation
        "Senator Zorbath",  # related-articles box
        "newsletter",  # newsletter plug
        "Ulfric Brannock",  # reader comment
        "All rights reserved",  # footer
    ):
        assert boilerplate not in text


def test_article_metadata_is_extracted(extractor: Extractor) -> None:
    article = extract_article(fixture("article.html"), ARTICLE_URL, extractor).article
    assert article is not None
    assert article.url == ARTICLE_URL
    assert article.title == "Valmora and Ostrel agree to reopen the northern harbour"
    assert article.authors == ("Mara Quentin",)
    assert article.published == datetime(2025, 3, 14, tzinfo=UTC)
    # canonical link wins over og:url; tracking parameters and fragment dropped
    assert article.canonical_url == "https://www.coastal-ledger.example/world/2025/03/14/harbour-deal?id=42"
    assert article.language == "en"
    assert article.description and article.description.startswith("Ministers from both countries")


def test_trafilatura_reports_the_site_name() -> None:
    article = extract_article(fixture("article.html"), ARTICLE_URL).article
    assert article is not None and article.site_name == "The Coastal Ledger"


def test_short_page_is_too_short(extractor: Extractor) -> None:
    result = extract_article(fixture("short.html"), ARTICLE_URL, extractor)
    assert (result.outcome.kind, result.outcome.reason) == (OutcomeKind.SOFT, "too-short")
    assert result.article is None


def test_short_page_passes_a_lower_minimum() -> None:
    assert extract_article(fixture("short.html"), ARTICLE_URL, min_words=10).outcome.ok


def test_listing_page_is_not_an_article(extractor: Extractor) -> None:
    result = extract_article(fixture("listing.html"), LISTING_URL, extractor, min_words=1)
    assert (result.outcome.kind, result.outcome.reason) == (OutcomeKind.SOFT, "not-article")


def test_website_typed_page_at_a_story_address_is_kept() -> None:
    html = fixture("article.html").replace('content="article"', 'content="website"')
    assert extract_article(html, ARTICLE_URL).outcome.ok


@pytest.mark.parametrize("html", ["", "   \n ", "\ufffd" * 200, "<html>" + "\ufffd\x00" * 100 + "</html>"])
def test_empty_or_undecodable_page_is_empty(html: str) -> None:
    assert extract_article(html, ARTICLE_URL).outcome.reason == "empty"


def test_page_without_body_text_is_no_text() -> None:
    html = "<html><head><title>Loading</title></head><body><script>render()</script></body></html>"
    result = extract_article(html, ARTICLE_URL)
    assert (result.outcome.kind, result.outcome.reason) == (OutcomeKind.SOFT, "no-text")


@pytest.mark.parametrize(
    ("languages", "reason"),
    [((), "ok"), (("en",), "ok"), (("EN-gb", "fr"), "ok"), (("de",), "wrong-language")],
)
def test_language_filter(languages: tuple[str, ...], reason: str) -> None:
    assert extract_article(fixture("article.html"), ARTICLE_URL, languages=languages).outcome.reason == reason


def test_unknown_language_passes_the_filter() -> None:
    html = fixture("article.html").replace(' lang="en-GB"', "")
    result = extract_article(html, ARTICLE_URL, languages=("de",))
    assert result.outcome.ok and result.article is not None and result.article.language is None


def test_feed_date_replaces_a_page_date_far_from_it() -> None:
    feed = datetime(2025, 1, 2, 7, 0, tzinfo=UTC)
    article = extract_article(fixture("article.html"), ARTICLE_URL, feed_published=feed).article
    assert article is not None and article.published == feed


NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("page", "feed", "expected"),
    [
        (utc(2025, 3, 14), None, utc(2025, 3, 14)),
        (None, utc(2025, 3, 14, 8), utc(2025, 3, 14, 8)),
        (None, None, None),
        (
            utc(2025, 3, 14),
            utc(2025, 3, 15, 8),
            utc(2025, 3, 15, 8),
        ),  # same day give or take a zone: feed time
        (utc(2025, 3, 14, 9), utc(2025, 3, 15, 8), utc(2025, 3, 14, 9)),  # page has a time of its own: page
        (utc(2025, 3, 13), utc(2025, 3, 15, 23), utc(2025, 3, 13)),  # two days apart still counts as close
        (utc(2025, 3, 10), utc(2025, 3, 15, 8), utc(2025, 3, 15, 8)),  # too far: the feed wins
        (utc(2025, 3, 19), utc(2024, 3, 19), utc(2024, 3, 19)),  # a year off, e.g. a copyright year
        (utc(2025, 3, 23), utc(2025, 3, 19, 6), utc(2025, 3, 19, 6)),  # future page date
        (utc(2025, 3, 23), None, None),  # future page date and nothing better
        (utc(2025, 3, 21), None, utc(2025, 3, 21)),  # already the 21st east of UTC+12
        (datetime(2025, 3, 14), None, utc(2025, 3, 14)),  # naive: taken as UTC
        (
            datetime(2025, 3, 14, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            None,
            utc(2025, 3, 15, 4, 30),
        ),
    ],
)
def test_reconcile_date(page: datetime | None, feed: datetime | None, expected: datetime | None) -> None:
    result = reconcile_date(page, feed, now=NOW)
    assert result == expected
    assert result is None or result.tzinfo is UTC


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/News/Story", "https://www.example.com/News/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&fbclid=abc&gclid=x&ref=home", "https://example.com/a?id=7"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&cmpid=3&ocid=4&_ga=5&p=1", "https://example.com/a?p=1"),
        ("https://example.com/a?b=2&a=1&UTM_Campaign=x", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?q=caf%C3%A9+bar&page=2", "https://example.com/a?page=2&q=caf%C3%A9+bar"),
        ("https://example.com/a?flag&x=1", "https://example.com/a?flag&x=1"),
        ("https://user:Pw@Example.com:8443/a", "https://user:Pw@example.com:8443/a"),
        ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_url_is_idempotent() -> None:
    once = canonicalize_url("HTTPS://Example.com:443/a?z=1&utm_id=2&a=3#top")
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<link rel="canonical" href="https://www.site.example/story-1">',
            "https://www.site.example/story-1",
        ),
        ('<link rel="canonical" href="https://other.example/story-1">', "https://site.example/news/story-9"),
        (
            '<meta property="og:url" content="/news/story-2?utm_source=x">',
            "https://site.example/news/story-2",
        ),
        ('<link rel="canonical" href="/">', "https://site.example/news/story-9"),  # CMS slip: home page
        ('<link rel="canonical" href="javascript:void(0)">', "https://site.example/news/story-9"),
        ("", "https://site.example/news/story-9"),
    ],
)
def test_canonical_url_from_the_page(head: str, expected: str) -> None:
    html = f"<html><head>{head}</head><body><p>Text.</p></body></html>"
    page = read_page(html, "https://Site.example/news/story-9#top")
    assert page is not None and page.canonical_url == expected


def test_content_fingerprint_ignores_whitespace_and_case() -> None:
    a = content_fingerprint("The harbour   reopens.\nFerries return.")
    assert a == content_fingerprint("  the HARBOUR reopens. ferries\treturn. ")
    assert a != content_fingerprint("The harbour stays closed. Ferries return.")
    assert len(a) == 40


def test_content_fingerprint_ignores_short_layout_lines_around_prose() -> None:
    body = "The harbour reopened to ferries on Monday after two years.\nFishing crews returned at dawn today."
    assert content_fingerprint(body) == content_fingerprint("Published\n" + body + "\nShare this")
    assert content_fingerprint(body) != content_fingerprint(body.replace("Monday", "Tuesday"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en-GB", "en"), ("EN_us", "en"), ("fr", "fr"), ("", None), (None, None), ("x", None), ("12", None)],
)
def test_language_tag(value: str | None, expected: str | None) -> None:
    assert language_tag(value) == expected


def test_count_words_counts_scripts_without_spaces() -> None:
    assert count_words("three plain words") == 3
    assert count_words("日本語の記事です") == 4
    assert count_words("Sony 索尼 news") == 3


def test_make_extractor_returns_trafilatura_by_name() -> None:
    assert isinstance(make_extractor("trafilatura"), TrafilaturaExtractor)


def test_extractors_survive_pickling_for_worker_processes(extractor: Extractor) -> None:
    copy = pickle.loads(pickle.dumps(extractor))
    assert copy.extract(fixture("short.html"), ARTICLE_URL).outcome.ok


def test_make_extractor_says_when_newspaper_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "newspaper", None)
    with pytest.raises(ExtractorUnavailable, match="newspaper4k"):
        make_extractor("newspaper")


def test_shingle_metric_on_small_texts() -> None:
    assert precision_recall("one two three four five", "one two three four five") == (1.0, 1.0)
    assert precision_recall("one two three four five", "") == (0.0, 0.0)
    assert precision_recall("one two three four five", "one two three four") == (1.0, 0.5)
    assert macro_f1([(1.0, 0.5), (0.5, 1.0)]) == (0.75, 0.75, 0.75)


def test_body_extraction_smoke_on_shared_benchmark(shared_data: Path) -> None:
    if not (shared_data / BODY_DATASET).is_dir():
        pytest.skip(f"{BODY_DATASET} not found in {shared_data}")
    scores = score_bodies(TrafilaturaExtractor(), load_body_pages(shared_data, limit=20))
    f1 = next(s.value for s in scores if s.metric == "body F1")
    assert f1 > 0.9
