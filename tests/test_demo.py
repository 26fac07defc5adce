"""The demo news web: a deterministic world, exact ground truth, and real HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import feedparser
import httpx
import pytest

from ingest.demo import (
    DemoWeb,
    World,
    build_world,
    demo_sources,
    iter_corpus,
    read_truth,
    render_article_html,
    serve,
    truth_record,
    write_truth,
)
from ingest.demo.cast import CAST, COUNTRY, scan_countries

END = date(2025, 3, 31)
PLANTED = ("summit", "sanctions", "election", "quake", "trade")


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=7, articles=1200, end=END)


@pytest.fixture(scope="module")
def web(world: World) -> Iterator[DemoWeb]:
    with serve(world) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def body_text(world: World, article_id: int) -> str:
    return "\n".join(world.body(article_id))


def test_same_seed_and_end_give_identical_worlds() -> None:
    one, two = (build_world(seed=11, articles=300, end=END) for _ in range(2))
    assert [truth_record(one, a) for a in one.iter_articles()] == [
        truth_record(two, a) for a in two.iter_articles()
    ]
    assert all(one.body(i) == two.body(i) for i in range(1, 301))


def test_a_different_seed_gives_a_different_world() -> None:
    one, two = build_world(seed=1, articles=300, end=END), build_world(seed=2, articles=300, end=END)
    assert [a.title for a in one.iter_articles()] != [a.title for a in two.iter_articles()]
    assert one.body(1) != two.body(1)


def test_outlets_span_countries_feed_kinds_and_wires(world: World) -> None:
    assert len(world.outlets) >= 12
    assert len({o.country for o in world.outlets}) >= 6
    assert {o.feed_kind for o in world.outlets} == {"rss", "atom", "sitemap"}
    assert any(o.wire for o in world.outlets)
    assert all(o.language == "en" for o in world.outlets)
    assert Counter(a.outlet for a in world.iter_articles()).keys() == {o.slug for o in world.outlets}


def test_articles_fill_the_window_with_a_weekday_rhythm(world: World) -> None:
    days = Counter(world.published(i).date() for i in range(1, len(world) + 1))
    assert len(world) == 1200
    assert min(days) >= world.start.date() and max(days) < END
    weekday = [n for d, n in days.items() if d.weekday() < 5]
    weekend = [n for d, n in days.items() if d.weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.4 * sum(weekend) / len(weekend)
    assert all(world.published(i) <= world.published(i + 1) for i in range(1, len(world)))


@pytest.mark.parametrize("key", PLANTED + ("kenya-imf",))
def test_planted_storylines_rise_and_fade(key: str) -> None:
    world = build_world(seed=7, articles=4000, end=END)
    daily = Counter(world.published(i).date() for i in range(1, len(world) + 1) if world.script(i).key == key)
    first, last = min(daily), max(daily)
    smooth = {d: sum(daily.get(d + timedelta(days=k), 0) for k in (-1, 0, 1)) for d in daily}
    peak = max(smooth, key=lambda d: smooth[d])
    assert sum(daily.values()) >= 80
    assert first < peak < last
    assert first > world.start.date() and last <= END
    assert daily[first] < daily[peak] and daily[last] < daily[peak]


def test_storyline_articles_follow_their_plan(world: World) -> None:
    for plan in world.plans:
        ids = [i for i in range(1, len(world) + 1) if world.script(i).key == plan.key]
        assert ids, plan.key
        assert all(world.published(i) >= plan.start for i in ids)
    assert {p.key for p in world.plans} >= set(PLANTED)


def test_syndicated_copies_repeat_the_wire_body_with_small_edits(world: World) -> None:
    copies = [a for a in world.iter_articles() if a.copy_of]
    assert len(copies) >= 20
    edited = 0
    for copy in copies:
        original = world.article(copy.copy_of)  # type: ignore[arg-type]
        assert world.outlet(original.outlet).wire and original.copy_of is None
        assert copy.outlet != original.outlet and copy.storyline == original.storyline is not None
        mine, theirs = world.body(copy.id), world.body(original.id)
        assert len(mine) - len(theirs) in (0, 1)  # perhaps an editor's line at the end
        assert sum(a != b for a, b in zip(mine, theirs, strict=False)) <= 3
        edited += mine != theirs
        assert timedelta(0) < copy.published - original.published <= timedelta(hours=6)
        assert (copy.countries, copy.actors, copy.authors) == (
            original.countries,
            original.actors,
            original.authors,
        )
    assert any(c.title != world.article(c.copy_of).title for c in copies)  # type: ignore[arg-type]
    assert edited >= len(copies) // 2  # most copies differ from the wire text, as real ones do
    groups = Counter(c.copy_of for c in copies)
    assert all(len({c.outlet for c in copies if c.copy_of == o}) == n for o, n in groups.items())


def test_truth_countries_are_exactly_the_countries_the_body_names(world: World) -> None:
    for article in world.iter_articles():
        text = body_text(world, article.id)
        assert scan_countries(text) == set(article.countries), article.id
        for iso3 in article.countries:  # independent of the regex: some planted form is literally there
            assert any(form in text for form in COUNTRY[iso3].forms + (COUNTRY[iso3].capital.upper(),))


def test_truth_countries_come_from_the_text_not_the_storyline(world: World) -> None:
    summit = [a for a in world.iter_articles() if a.storyline == "summit"]
    assert all({"RUS", "PRK"} <= set(a.countries) for a in summit)
    assert len({a.countries for a in summit}) > 5  # which observers appear varies with the text


def test_truth_actors_are_exactly_the_actors_the_body_names(world: World) -> None:
    patterns = {key: _actor_pattern(key) for key in CAST}
    for article in world.iter_articles():
        text, named = body_text(world, article.id), {a.name for a in article.actors}
        found = {
            CAST[key].name
            for key, (marks, pattern) in patterns.items()
            if any(m in text for m in marks) and pattern.search(text)
        }
        assert found == named, article.id
        assert all(a.kind in ("person", "organisation") for a in article.actors)


def _actor_pattern(key: str) -> tuple[list[str], re.Pattern[str]]:
    """The names an actor can be recognised by in text: canonical name, label, capitalised short forms."""
    member = CAST[key]
    marks = {member.name, member.label} | {s.removeprefix("the ") for s in member.shorts}
    usable = sorted((m for m in marks if "{" not in m and m[0].isupper()), key=len, reverse=True)
    return usable, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, usable)) + r")(?!\w)")


def test_actor_affiliations_and_titles(world: World) -> None:
    actors = {a.name: a for article in world.iter_articles() for a in article.actors}
    assert actors["Vladimir Putin"].country == "RUS" and actors["Vladimir Putin"].kind == "person"
    assert actors["Kremlin"].kind == "organisation" and actors["United Nations"].country is None
    texts = "\n".join(body_text(world, a.id) for a in world.iter_articles() if a.storyline == "summit")
    assert "Russian President Vladimir Putin" in texts or "President Vladimir Putin" in texts
    assert re.search(r"(Pyongyang|The Kremlin|Moscow) said", texts) or "the Kremlin said" in texts


def test_articles_have_news_length_and_shape(world: World) -> None:
    for i in range(1, len(world) + 1):
        paragraphs = world.body(i)
        assert 5 <= len(paragraphs) <= 13, i  # up to 12, and an editor's line on a copy
        assert 200 <= sum(len(p.split()) for p in paragraphs) <= 700, i
        assert all(p[0].isupper() or p[0] == '"' for p in paragraphs)


def test_titles_name_only_what_the_body_names(world: World) -> None:
    for article in world.iter_articles():
        assert scan_countries(article.title) <= set(article.countries)
        assert article.title and not re.search(r"[a-z]\.$", article.title)
        assert re.fullmatch(
            rf"/{article.section}/\d{{4}}/\d\d/\d\d/[a-z0-9-]+-{article.id}\.html", article.path
        )


def test_article_html_carries_metadata_and_page_furniture(world: World) -> None:
    for template in range(3):
        article = next(a for a in world.iter_articles() if world.outlet(a.outlet).template == template)
        html = render_article_html(world, article)
        assert '<html lang="en">' in html and '"@type": "NewsArticle"' in html
        assert '<link rel="canonical" href="https://' in html and article.published.isoformat() in html
        assert "Cookie" in html or "cookies" in html
        assert "comments" in html and "newsletter" in html and "related-articles" in html
        assert all(p.replace('"', "&quot;").replace("'", "&#x27;") in html for p in world.body(article.id))
        related = re.search(r'<aside class="related-articles">(.*?)</aside>', html, re.S)
        assert related and article.title not in related.group(1)


def test_hundred_thousand_article_world_builds_in_seconds() -> None:
    started = time.perf_counter()
    big = build_world(seed=3, articles=100_000, end=END)
    assert len(big) == 100_000
    assert time.perf_counter() - started < 5
    assert big.article(50_000).id == 50_000


def test_truth_file_round_trips(world: World, tmp_path: Path) -> None:
    path = tmp_path / "truth.jsonl"
    assert write_truth(world, path) == len(world)
    header, records = read_truth(path)
    assert header["kind"] == "world" and header["seed"] == 7 and header["end"] == END.isoformat()
    assert len(header["outlets"]) == len(world.outlets) and {s["key"] for s in header["storylines"]} >= set(
        PLANTED
    )
    assert len(records) == len(world) and records[0] == truth_record(world, world.article(1))
    assert {
        "id",
        "url_path",
        "outlet",
        "outlet_country",
        "published",
        "title",
        "storyline",
        "countries",
        "actors",
        "copy_of",
    } <= records[0].keys()


def test_corpus_yields_every_article_with_its_page(world: World) -> None:
    pairs = list(iter_corpus(world))
    assert [a.id for a, _ in pairs] == list(range(1, len(world) + 1))
    assert all(a.title.replace("'", "&#x27;") in html for a, html in pairs[:50])


def test_server_serves_feed_article_robots_and_not_modified(
    web: DemoWeb, world: World, client: httpx.Client
) -> None:
    slug = "meridian-wire"
    feed = client.get(web.feed_url(slug))
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and parsed.entries
    page = client.get(parsed.entries[0].link)
    assert page.status_code == 200 and "<article" in page.text
    robots = client.get(web.base_url(slug) + "/robots.txt")
    assert "Disallow: /private/" in robots.text and "Sitemap: http://127.0.0.1:" in robots.text
    again = client.get(web.feed_url(slug), headers={"If-None-Match": feed.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(web.feed_url(slug), headers={"If-Modified-Since": feed.headers["last-modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize("slug", ["meridian-wire", "atlas-press", "capitol-ledger", "laurentian"])
def test_feed_lists_every_article_published_up_to_now(
    web: DemoWeb, world: World, client: httpx.Client, slug: str
) -> None:
    parsed = feedparser.parse(client.get(web.feed_url(slug)).content)
    expected = {web.article_url(i) for i in world.ids(slug, web.now)}
    assert {e.link for e in parsed.entries} == expected
    assert all(e.get("published_parsed") and e.title and e.summary for e in parsed.entries)


def test_sitemap_outlet_has_an_index_and_a_gzipped_child(
    web: DemoWeb, world: World, client: httpx.Client
) -> None:
    slug = next(o.slug for o in world.outlets if o.feed_kind == "sitemap")
    index = client.get(web.feed_url(slug))
    assert index.status_code == 200 and "<sitemapindex" in index.text and index.headers["etag"]
    children = re.findall(r"<loc>(.*?)</loc>", index.text)
    assert any(c.endswith(".xml.gz") for c in children)
    urls = set()
    for child in children:
        body = client.get(child).content
        urls |= set(
            re.findall(
                r"<loc>(.*?)</loc>", (gzip.decompress(body) if child.endswith(".gz") else body).decode()
            )
        )
    assert urls == {web.article_url(i) for i in world.ids(slug, web.now)}


def test_set_now_hides_later_articles(world: World, client: httpx.Client) -> None:
    with serve(world) as running:
        slug = "thameside-chronicle"
        newest = world.ids(slug)[-1]
        running.set_now(world.published(newest) - timedelta(seconds=1))
        links = {e.link for e in feedparser.parse(client.get(running.feed_url(slug)).content).entries}
        assert running.article_url(newest) not in links and len(links) == len(world.ids(slug)) - 1
        assert client.get(running.article_url(newest)).status_code == 404
        running.set_now(world.now)
        assert client.get(running.article_url(newest)).status_code == 200


def test_each_outlet_is_its_own_origin_and_unknown_paths_are_404(
    web: DemoWeb, world: World, client: httpx.Client
) -> None:
    assert len({web.base_url(o.slug) for o in world.outlets}) == len(world.outlets)
    article = world.article(world.ids("capitol-ledger")[0])
    assert client.get(web.base_url("capitol-ledger") + article.path).status_code == 200
    assert client.get(web.base_url("lakeshore-tribune") + article.path).status_code == 404
    assert client.get(web.base_url("capitol-ledger") + "/no/such/page").status_code == 404
    head = client.head(web.base_url("capitol-ledger") + article.path)
    assert head.status_code == 200 and int(head.headers["content-length"]) > 1000 and head.content == b""
    assert client.get(web.base_url("capitol-ledger") + "/").status_code == 200


def test_demo_sources_point_at_each_outlet(web: DemoWeb, world: World) -> None:
    sources = demo_sources(web)
    assert [s.name for s in sources] == [o.slug for o in world.outlets]
    assert all(
        s.location.startswith("http://127.0.0.1:") and s.kind == world.outlet(s.name).feed_kind
        for s in sources
    )
    assert {s.country for s in sources} == {o.country for o in world.outlets}
