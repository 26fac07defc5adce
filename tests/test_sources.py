"""Tests for ingest.sources: feeds, sitemaps and URL lists, all offline."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import sources
from ingest.records import FeedParse
from ingest.settings import SourceKind
from ingest.sources import (
    parse_feed,
    parse_sitemap,
    parse_source,
    parse_url_list,
)

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
BASE = "https://base.example/feeds/main.xml"
DATE = "Wed, 08 Jan 2025 10:00:00 GMT"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def urls(parsed: FeedParse) -> list[str]:
    return [entry.url for entry in parsed.entries]


def rss_items(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link><pubDate>{DATE}</pubDate></item>"
        for i, link in enumerate(links)
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bulk</title>'
    return f"{head}{items}</channel></rss>".encode()


def story_links(count: int) -> list[str]:
    return [f"https://bulk.example/story/{i}" for i in range(count)]


# ------------------------------------------------------------------ feeds


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "rss20.xml",
            [
                "https://gazette.example/2025/01/ferry-timetable",
                "https://base.example/2025/01/sea-wall",
                "https://gazette.example/2025/01/lighthouse",
            ],
        ),
        ("rss10.rdf", ["https://valley.example/bridge", "https://valley.example/market"]),
        ("rss091.xml", ["http://cafe.example/opening.html", "http://cafe.example/second.html"]),
        (
            "atom10.xml",
            ["https://base.example/blog/avalanche-warning", "https://syndication.example/feeds/ski-lift"],
        ),
    ],
)
def test_parse_feed_reads_every_format_into_absolute_unique_links(name: str, expected: list[str]) -> None:
    parsed = parse_feed(fixture(name), BASE)
    assert parsed.error is None
    assert urls(parsed) == expected


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("rss20.xml", "Harbour Gazette"),
        ("rss10.rdf", "Valley Courier"),
        ("rss091.xml", "Café Weekly"),
        ("atom10.xml", "Mountain Post"),
    ],
)
def test_parse_feed_returns_the_feed_title_as_plain_text(name: str, title: str) -> None:
    assert parse_feed(fixture(name), BASE).title == title


def test_parse_feed_keeps_the_first_of_duplicate_entries() -> None:
    first = parse_feed(fixture("rss20.xml"), BASE).entries[0]
    assert first.title == "Ferry timetable changes for winter"


def test_parse_feed_converts_dates_to_aware_utc() -> None:
    rss = parse_feed(fixture("rss20.xml"), BASE).entries
    rdf = parse_feed(fixture("rss10.rdf"), BASE).entries
    atom = parse_feed(fixture("atom10.xml"), BASE).entries
    assert rss[0].published == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert rss[2].published is None
    assert rdf[0].published == datetime(2025, 2, 3, 8, 15, tzinfo=UTC)
    assert atom[0].published == datetime(2025, 3, 1, 10, 0, tzinfo=UTC)  # <updated> when no <published>
    assert atom[1].published == datetime(2025, 2, 28, 8, 0, tzinfo=UTC)  # <published> wins


def test_parse_feed_turns_html_summaries_into_plain_text_without_scripts() -> None:
    assert parse_feed(fixture("rss20.xml"), BASE).entries[0].summary == "The winter timetable starts Monday."
    assert parse_feed(fixture("atom10.xml"), BASE).entries[0].summary == "Stay off the north slopes."


def test_parse_feed_skips_a_bare_guid_instead_of_resolving_it_as_a_link() -> None:
    assert not any("gazette-1005" in url for url in urls(parse_feed(fixture("rss20.xml"), BASE)))


def test_parse_feed_without_base_url_drops_relative_links() -> None:
    assert "https://base.example/2025/01/sea-wall" not in urls(parse_feed(fixture("rss20.xml")))
    assert len(parse_feed(fixture("rss20.xml")).entries) == 2


@pytest.mark.parametrize(
    "content",
    [
        fixture("html-page.html"),
        b"\n  <!-- served by mistake -->\n<!DOCTYPE html><html><body><p>hello</p></body></html>",
        b"\x00\x01\x02 binary garbage \xff\xfe",
        b'{"not": "a feed"}',
        b"<unrelated><xml/></unrelated>",
        b"",
        b"   \n\t",
    ],
)
def test_parse_feed_reports_not_a_feed_for_other_documents(content: bytes) -> None:
    assert parse_feed(content, BASE) == FeedParse(entries=(), error="not-a-feed")


def test_parse_feed_keeps_entries_read_before_a_malformation() -> None:
    parsed = parse_feed(fixture("malformed-rss.xml"), BASE)
    assert parsed.error is None
    assert urls(parsed)[:2] == ["https://broken.example/first", "https://broken.example/second"]


def test_parse_feed_reports_malformed_feed_when_nothing_is_readable() -> None:
    content = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken'
    assert parse_feed(content, BASE) == FeedParse(entries=(), error="malformed-feed")


def test_parse_feed_accepts_a_well_formed_empty_feed() -> None:
    content = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(content, BASE) == FeedParse(entries=(), error=None)


def test_parse_feed_handles_ten_thousand_items() -> None:
    parsed = parse_feed(rss_items(story_links(10_000)), BASE, max_entries=20_000)
    assert len(parsed.entries) == 10_000
    assert parsed.entries[-1].url == "https://bulk.example/story/9999"


@pytest.mark.parametrize("well_formed", [True, False], ids=["well-formed", "truncated"])
def test_parse_feed_caps_a_large_feed_at_max_entries_in_order(well_formed: bool) -> None:
    content = rss_items(story_links(10_000))
    if not well_formed:
        content = content.replace(b"</channel></rss>", b"<item><title>unclosed")
    parsed = parse_feed(content, BASE, max_entries=100)
    assert urls(parsed) == story_links(100)
    assert parsed.title == "Bulk"


def test_parse_feed_reports_malformed_feed_when_feedparser_would_crash() -> None:
    content = b'<rss version="2.0"><channel><item><title>&#99999999;</title><link>https://x.example/</link>'
    assert parse_feed(content) == FeedParse(entries=(), error="malformed-feed")


def test_parse_feed_collapses_duplicate_urls_keeping_order() -> None:
    links = [f"https://dup.example/{i % 3}" for i in range(30)]
    parsed = parse_feed(rss_items(links))
    assert urls(parsed) == ["https://dup.example/0", "https://dup.example/1", "https://dup.example/2"]
    assert [e.title for e in parsed.entries] == ["Story 0", "Story 1", "Story 2"]


def test_parse_feed_reads_gzipped_content() -> None:
    assert urls(parse_feed(gzip.compress(fixture("rss10.rdf")))) == urls(parse_feed(fixture("rss10.rdf")))


def test_parse_feed_never_treats_content_as_a_file_name(tmp_path: Path) -> None:
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(fixture("rss10.rdf"))
    assert parse_feed(str(feed_file).encode()).entries == ()


def test_parse_feed_does_not_read_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    content = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t &xxe;</title>'
        "<item><title>&xxe;</title><link>https://x.example/a</link><description>&xxe;</description></item>"
        "</channel></rss>"
    ).encode()
    assert "TOP-SECRET-VALUE" not in repr(parse_feed(content))


# ------------------------------------------------------------------ sitemaps


def test_parse_sitemap_reads_google_news_titles_and_publication_dates() -> None:
    parsed = parse_sitemap(fixture("news-sitemap.xml"))
    assert parsed.error is None
    assert [(e.url, e.title, e.published) for e in parsed.entries] == [
        (
            "https://river.example/news/flood-defences",
            "Flood defences tested",
            datetime(2025, 4, 1, 16, 30, tzinfo=UTC),
        ),
        ("https://river.example/news/regatta", "Regatta date announced", datetime(2025, 4, 1, tzinfo=UTC)),
    ]


def test_parse_sitemap_uses_lastmod_and_skips_unusable_locations() -> None:
    parsed = parse_sitemap(fixture("sitemap.xml"), "https://plain.example/sitemap.xml")
    assert [(e.url, e.published) for e in parsed.entries] == [
        ("https://plain.example/a", datetime(2025, 5, 1, tzinfo=UTC)),
        ("https://plain.example/b", datetime(2025, 5, 2, 7, 0, tzinfo=UTC)),
        ("https://plain.example/relative/c", datetime(2025, 5, 1, tzinfo=UTC)),
    ]


def test_parse_sitemap_returns_index_children_deduplicated() -> None:
    parsed = parse_sitemap(fixture("sitemap-index.xml"), "https://plain.example/sitemap.xml")
    assert parsed == FeedParse(
        entries=(),
        children=(
            "https://plain.example/sitemap-news.xml",
            "https://plain.example/sitemap-2025.xml.gz",
            "https://plain.example/sitemap-pages.xml",
        ),
    )


@pytest.mark.parametrize("name", ["news-sitemap.xml", "sitemap-index.xml", "sitemap.txt"])
def test_parse_sitemap_reads_gzipped_content_like_plain(name: str) -> None:
    assert parse_sitemap(gzip.compress(fixture(name)), BASE) == parse_sitemap(fixture(name), BASE)


def test_parse_sitemap_reads_plain_text_sitemaps() -> None:
    assert urls(parse_sitemap(fixture("sitemap.txt"))) == [
        "https://text.example/one",
        "https://text.example/two",
    ]


def test_parse_sitemap_caps_entries_at_max_entries() -> None:
    locs = "".join(f"<url><loc>https://many.example/{i}</loc></url>" for i in range(100))
    assert len(parse_sitemap(f"<urlset>{locs}</urlset>".encode(), max_entries=10).entries) == 10


@pytest.mark.parametrize(
    "content",
    [
        fixture("html-page.html"),
        fixture("rss20.xml"),
        b"<unrelated/>",
        b"just some words\nand more words\n",
        b"",
    ],
)
def test_parse_sitemap_reports_not_a_sitemap_for_other_documents(content: bytes) -> None:
    assert parse_sitemap(content) == FeedParse(entries=(), error="not-a-sitemap")


def test_parse_sitemap_does_not_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    content = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "<urlset><url><loc>https://xxe.example/&xxe;</loc></url></urlset>"
    ).encode()
    parsed = parse_sitemap(content)
    assert "TOP-SECRET-VALUE" not in repr(parsed)
    assert parsed == FeedParse(entries=(), error="not-a-sitemap")


def test_parse_sitemap_refuses_billion_laughs() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    content = f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "ha">{entities}]>'
    content += "<urlset><url><loc>https://lol.example/&l9;</loc></url></urlset>"
    assert parse_sitemap(content.encode()) == FeedParse(entries=(), error="not-a-sitemap")


def test_parse_sitemap_reports_too_large_for_a_gzip_bomb() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (sources.MAX_DECOMPRESSED_BYTES + 1), compresslevel=9)
    assert len(bomb) < 200_000
    assert parse_sitemap(bomb) == FeedParse(entries=(), error="too-large")


def test_parse_sitemap_reports_bad_gzip_for_corrupt_compressed_content() -> None:
    assert parse_sitemap(b"\x1f\x8b\x08\x00garbage-not-deflate") == FeedParse(entries=(), error="bad-gzip")


# ------------------------------------------------------------------ URL lists


def test_parse_url_list_skips_comments_blanks_and_non_http_lines() -> None:
    assert urls(parse_url_list(fixture("urls.txt"), "https://list.example/")) == [
        "https://list.example/a",
        "https://list.example/b",
        "http://list.example/c",
        "https://list.example/relative/d",
    ]


def test_parse_url_list_without_base_url_drops_relative_paths() -> None:
    assert "https://list.example/relative/d" not in urls(parse_url_list(fixture("urls.txt")))


@pytest.mark.parametrize(
    ("content", "error"), [(b"", None), (b"# only a comment\n\n", None), (b"<html>", "not-a-url-list")]
)
def test_parse_url_list_flags_content_with_lines_but_no_urls(content: bytes, error: str | None) -> None:
    assert parse_url_list(content) == FeedParse(entries=(), error=error)


# ------------------------------------------------------------------ dispatch


@pytest.mark.parametrize(
    ("kind", "name", "first_url"),
    [
        ("rss", "rss20.xml", "https://gazette.example/2025/01/ferry-timetable"),
        ("atom", "atom10.xml", "https://base.example/blog/avalanche-warning"),
        ("atom", "rss10.rdf", "https://valley.example/bridge"),
        ("sitemap", "news-sitemap.xml", "https://river.example/news/flood-defences"),
        ("sitemap", "sitemap.txt", "https://text.example/one"),
        ("urls", "urls.txt", "https://list.example/a"),
        ("rss", "news-sitemap.xml", "https://river.example/news/flood-defences"),  # mislabelled
        ("sitemap", "rss20.xml", "https://gazette.example/2025/01/ferry-timetable"),  # mislabelled
        ("sitemap", "atom10.xml", "https://base.example/blog/avalanche-warning"),  # mislabelled
    ],
)
def test_parse_source_picks_the_parser_from_kind_and_root_element(
    kind: SourceKind, name: str, first_url: str
) -> None:
    parsed = parse_source(kind, fixture(name), BASE, 100)
    assert parsed.error is None
    assert parsed.entries[0].url == first_url


def test_parse_source_follows_a_mislabelled_sitemap_index() -> None:
    assert len(parse_source("rss", fixture("sitemap-index.xml"), BASE, 100).children) == 3


def test_parse_source_sniffs_gzipped_content() -> None:
    assert urls(parse_source("sitemap", gzip.compress(fixture("rss10.rdf")), BASE, 100))[0] == (
        "https://valley.example/bridge"
    )


@pytest.mark.parametrize(("kind", "error"), [("rss", "not-a-feed"), ("sitemap", "not-a-sitemap")])
def test_parse_source_reports_an_html_page_for_either_kind(kind: SourceKind, error: str) -> None:
    assert parse_source(kind, fixture("html-page.html"), BASE, 100).error == error


def test_parse_source_refuses_files_kind() -> None:
    with pytest.raises(ValueError, match="iter_local_documents"):
        parse_source("files", b"", BASE, 100)
