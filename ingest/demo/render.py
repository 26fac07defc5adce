"""HTML pages, feeds, sitemaps and robots.txt of the demo news web, rendered on demand."""

from __future__ import annotations

import gzip
import json
import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape

from ingest.demo.world import SECTIONS, DemoArticle, Outlet, World

SECTION_NAMES = {
    "world": "World",
    "politics": "Politics",
    "business": "Business",
    "technology": "Technology",
    "sport": "Sport",
    "culture": "Culture",
    "health": "Health",
    "climate": "Climate",
}
FEED_PATHS = {"rss": "/rss.xml", "atom": "/atom.xml", "sitemap": "/sitemap_index.xml"}
SITEMAP_INDEX = "/sitemap_index.xml"

# Reader comments deliberately name people and bodies the article may not mention (as real ones do).
_COMMENTS = (
    "Good piece. Would be interested to hear what Zelensky makes of all this.",
    "Nobody in Washington will care until it reaches their own voters.",
    "Meanwhile nobody is asking Modi about any of this.",
    "Can we get a follow-up on the IMF angle? It feels underreported.",
    "I read the same story on three other sites this morning, word for word.",
    "Excellent reporting as always.",
    "Does anyone have a link to the original statement?",
    "Would love to see Trump and Xi asked about this directly.",
    "Interesting that the Kremlin has not said more.",
    "Paywall again? Come on.",
    "Fair and balanced coverage, thank you.",
    "Remember when the WHO said the same thing five years ago?",
)
_COMMENTERS = (
    "quietobserver",
    "M. Duarte",
    "civic_minded",
    "oldschoolnews",
    "K_Rahman",
    "tea_and_toast",
    "skeptic42",
    "lydia.p",
    "harbourview",
    "J. Okello",
)


def default_base_url(slug: str) -> str:
    """Where an outlet lives when its pages are rendered without a server (corpus loading, tests)."""
    return f"https://{slug}.example"


@dataclass(frozen=True)
class _Page:
    """Everything an article layout needs, resolved once."""

    outlet: Outlet
    article: DemoArticle
    url: str
    base: str
    paragraphs: tuple[str, ...]
    description: str
    related: tuple[tuple[str, str], ...]  # (url, title)
    comments: tuple[tuple[str, str], ...]  # (author, text)
    credit: str | None  # the wire that supplied a syndicated copy


def render_article_html(world: World, article: DemoArticle, base_url: str | None = None) -> str:
    """One article page in its outlet's layout."""
    outlet = world.outlet(article.outlet)
    base = base_url or default_base_url(outlet.slug)
    credit = world.outlet(world.article(article.copy_of).outlet).name if article.copy_of else None
    page = _Page(
        outlet,
        article,
        base + article.path,
        base,
        world.body(article.id),
        summary(world, article),
        _related(world, article, base),
        _comments(world, article),
        credit,
    )
    return _LAYOUTS[outlet.template](page)


def summary(world: World, article: DemoArticle, words: int = 40) -> str:
    """The feed description: the lede without its dateline, cut to ``words`` words."""
    lede = world.body(article.id)[0]
    head, sep, rest = lede.partition(" — ")
    text = rest if sep and head.isupper() else lede
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _related(world: World, article: DemoArticle, base: str) -> tuple[tuple[str, str], ...]:
    """Up to four recent headlines of the same outlet about other subjects (so naming other people)."""
    ids = world.ids(article.outlet)
    position = bisect_left(ids, article.id)
    found: list[tuple[str, str]] = []
    for i in range(position - 1, max(-1, position - 60), -1):
        other = world.article(ids[i])
        if other.topic != article.topic and all(t != other.title for _, t in found):
            found.append((base + other.path, other.title))
        if len(found) == 4:
            break
    return tuple(found)


def _comments(world: World, article: DemoArticle) -> tuple[tuple[str, str], ...]:
    rng = random.Random(f"{world.seed}/comments/{article.id}")
    return tuple(zip(rng.sample(_COMMENTERS, 3), rng.sample(_COMMENTS, rng.randint(1, 3)), strict=False))


def _json_ld(page: _Page, graph: bool) -> str:
    a = page.article
    data: dict[str, object] = {
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.published.isoformat(),
        "dateModified": a.published.isoformat(),
        "author": [{"@type": "Person", "name": n} for n in a.authors],
        "publisher": {"@type": "Organization", "name": page.outlet.name, "url": page.base + "/"},
        "mainEntityOfPage": page.url,
        "articleSection": SECTION_NAMES[a.section],
        "inLanguage": "en",
        "description": page.description,
    }
    doc: dict[str, object] = {"@context": "https://schema.org"}
    if graph:
        doc["@graph"] = [data, {"@type": "WebSite", "name": page.outlet.name, "url": page.base + "/"}]
    else:
        doc.update(data)
    text = json.dumps(doc, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _nav(outlet: Outlet, css: str) -> str:
    links = "".join(f'<li><a href="/{s}/">{SECTION_NAMES[s]}</a></li>' for s in SECTIONS)
    return (
        f'<header class="{css}"><a class="logo" href="/">{escape(outlet.name)}</a>'
        f'<p class="tagline">{escape(outlet.tagline)}</p><nav aria-label="Sections"><ul>{links}</ul></nav>'
        '<a class="account" href="/private/account">My account</a></header>'
    )


def _cookie_banner(outlet: Outlet) -> str:
    return (
        '<div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite"><p>We and our '
        f"partners use cookies to run {escape(outlet.name)}, measure audiences and show you relevant "
        'advertising. You can change your choices at any time.</p><button type="button">Accept all</button>'
        '<button type="button">Manage preferences</button></div>'
    )


def _paragraphs(page: _Page, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return "\n".join(f"<p{cls}>{escape(p)}</p>" for p in page.paragraphs)


def _related_box(page: _Page, heading: str) -> str:
    items = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>' for u, t in page.related)
    return f'<aside class="related-articles"><h2>{heading}</h2><ul>{items}</ul></aside>'


def _newsletter(outlet: Outlet) -> str:
    return (
        '<section class="newsletter-signup"><h2>The Morning Briefing</h2><p>Start your day with the '
        f"stories that matter, chosen by the editors of {escape(outlet.name)}. Free, every weekday.</p>"
        '<form action="/private/newsletter" method="post"><input type="email" name="email" '
        'placeholder="Your email address"><button type="submit">Sign up</button></form></section>'
    )


def _comments_box(page: _Page) -> str:
    items = "".join(
        f'<li class="comment"><p class="comment-author">{escape(n)}</p><p class="comment-body">'
        f"{escape(t)}</p></li>"
        for n, t in page.comments
    )
    return (
        f'<section id="comments" class="comments"><h2>Comments ({len(page.comments)})</h2><ol>{items}</ol>'
        '<p><a href="/private/login">Log in</a> to join the conversation.</p></section>'
    )


def _footer(outlet: Outlet, year: int) -> str:
    return (
        f'<footer class="site-footer"><p>© {year} {escape(outlet.name)}. All rights reserved.</p><ul>'
        '<li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li>'
        '<li><a href="/privacy/">Privacy policy</a></li><li><a href="/terms/">Terms of use</a></li>'
        "</ul></footer>"
    )


def _byline(page: _Page, sep: str = " and ") -> str:
    names = sep.join(
        f'<a rel="author" href="/authors/{_slug(n)}/">{escape(n)}</a>' for n in page.article.authors
    )
    return f"By {names}" + (f", {escape(page.credit)}" if page.credit else "")


def _slug(name: str) -> str:
    return "-".join(name.lower().replace(".", "").split())


def _head(page: _Page, meta: str, ld: str) -> str:
    title = escape(page.article.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} | {escape(page.outlet.name)}</title>\n"
        f'<meta name="description" content="{escape(page.description)}">\n{meta}\n{ld}\n'
        '<link rel="stylesheet" href="/static/site.css">\n</head>\n'
    )


def _broadsheet(page: _Page) -> str:
    a, when = page.article, page.article.published
    meta = (
        f'<link rel="canonical" href="{escape(page.url)}">\n<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{escape(a.title)}">\n<meta property="og:url" '
        f'content="{escape(page.url)}">\n'
        f'<meta property="og:site_name" content="{escape(page.outlet.name)}">\n'
        f'<meta property="article:published_time" content="{when.isoformat()}">\n'
        f'<meta property="article:section" content="{SECTION_NAMES[a.section]}">'
    )
    stamp = f"{when:%A} {when.day} {when:%B %Y %H.%M} GMT"
    return (
        _head(page, meta, _json_ld(page, graph=False))
        + '<body class="article-page">\n'
        + _cookie_banner(page.outlet)
        + _nav(page.outlet, "site-header")
        + '\n<main>\n<article class="story">'
        f'<p class="kicker"><a href="/{a.section}/">{SECTION_NAMES[a.section]}</a></p>\n'
        f'<h1 class="headline">{escape(a.title)}</h1>\n<div class="meta"><span class="byline">'
        f'{_byline(page)}</span> <time class="published" datetime="{when.isoformat()}">{stamp}</time></div>\n'
        f'<div class="article-body" itemprop="articleBody">\n{_paragraphs(page)}\n</div>\n'
        + _credit(page)
        + "</article>\n"
        + _related_box(page, "Related articles")
        + _newsletter(page.outlet)
        + _comments_box(page)
        + "\n</main>\n"
        + _footer(page.outlet, when.year)
        + "\n</body>\n</html>\n"
    )


def _modern(page: _Page) -> str:
    a, when = page.article, page.article.published
    meta = (
        f'<link rel="canonical" href="{escape(page.url)}">\n<meta property="og:title" '
        f'content="{escape(a.title)}">\n<meta property="og:type" content="article">\n'
        f'<meta name="twitter:card" content="summary_large_image">\n'
        f'<meta name="author" content="{escape(", ".join(a.authors))}">'
    )
    stamp = f"{when:%B} {when.day}, {when:%Y} at {when:%H:%M} UTC"
    return (
        _head(page, meta, _json_ld(page, graph=True))
        + '<body>\n<div id="app">'
        + _nav(page.outlet, "topbar")
        + _cookie_banner(page.outlet)
        + '\n<main class="layout">\n<article class="story">\n'
        f'<header class="story__header"><span class="story__section">{SECTION_NAMES[a.section]}</span>\n'
        f'<h1 class="story__title">{escape(a.title)}</h1>\n<p class="story__byline">{_byline(page)}</p>\n'
        f'<p class="story__date">Published <time datetime="{when.isoformat()}">{stamp}</time></p></header>\n'
        f'<section class="story__content">\n{_paragraphs(page, "paragraph")}\n</section>\n'
        + _credit(page)
        + "</article>\n"
        + _newsletter(page.outlet)
        + _related_box(page, "Read more")
        + _comments_box(page)
        + "\n</main>\n"
        + _footer(page.outlet, when.year)
        + "</div>\n</body>\n</html>\n"
    )


def _wire(page: _Page) -> str:
    a, when = page.article, page.article.published
    meta = (
        f'<link rel="canonical" href="{escape(page.url)}">\n<meta name="author" '
        f'content="{escape(", ".join(a.authors))}">\n<meta name="date" content="{when.isoformat()}">\n'
        f'<meta property="og:title" content="{escape(a.title)}">'
    )
    stamp = f"{when:%d %b %Y %H:%M} UTC"
    return (
        _head(page, meta, _json_ld(page, graph=False))
        + '<body class="wire">\n'
        + _cookie_banner(page.outlet)
        + _nav(page.outlet, "masthead")
        + '\n<div class="container">\n<article>\n'
        f'<h1>{escape(a.title)}</h1>\n<div class="byline">{_byline(page, ", ")} | <span class="timestamp">'
        f'{stamp}</span></div>\n<div id="story-body">\n{_paragraphs(page)}\n</div>\n</article>\n'
        + _related_box(page, "More from the wire")
        + _newsletter(page.outlet)
        + _comments_box(page)
        + "\n</div>\n"
        + _footer(page.outlet, when.year)
        + "\n</body>\n</html>\n"
    )


def _credit(page: _Page) -> str:
    if not page.credit:
        return ""
    return f'<footer class="syndication"><p>This story was supplied by {escape(page.credit)}.</p></footer>\n'


_LAYOUTS: tuple[Callable[[_Page], str], ...] = (_broadsheet, _modern, _wire)


def render_listing_html(
    world: World, outlet: Outlet, now: datetime, base_url: str, section: str | None = None
) -> str:
    """A home or section front page: the latest 30 headlines, not an article."""
    ids = world.ids(outlet.slug, now)
    picked = [world.article(i) for i in reversed(ids[-400:])]
    items = [a for a in picked if section is None or a.section == section][:30]
    heading = SECTION_NAMES[section] if section else "Latest news"
    rows = "".join(
        f'<li><a href="{escape(base_url + a.path)}">{escape(a.title)}</a> '
        f'<time datetime="{a.published.isoformat()}">{a.published:%d %b %H:%M}</time></li>'
        for a in items
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{heading} | {escape(outlet.name)}</title>\n<meta property="og:type" content="website">\n'
        f'<link rel="canonical" href="{escape(base_url)}/{section + "/" if section else ""}">\n'
        "</head>\n<body>\n"
        + _cookie_banner(outlet)
        + _nav(outlet, "site-header")
        + f'\n<main class="front"><h1>{heading}</h1>'
        f'<ul class="headlines">{rows}</ul></main>\n' + _footer(outlet, now.year) + "\n</body>\n</html>\n"
    )


def render_simple_html(outlet: Outlet, title: str, text: str, year: int) -> str:
    """A small non-article page (404, members area)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} | {escape(outlet.name)}</title>\n</head>\n<body>\n"
        + _nav(outlet, "site-header")
        + f"\n<main><h1>{escape(title)}</h1><p>{escape(text)}</p></main>\n"
        + _footer(outlet, year)
        + "\n</body>\n</html>\n"
    )


def render_feed(world: World, outlet: Outlet, now: datetime, base_url: str | None = None) -> bytes:
    """The outlet's RSS 2.0 or Atom feed listing every article published at or before ``now``."""
    base = base_url or default_base_url(outlet.slug)
    articles = [world.article(i) for i in reversed(world.ids(outlet.slug, now))]
    render = _atom if outlet.feed_kind == "atom" else _rss
    return render(world, outlet, articles, now, base).encode("utf-8")


def _rss(world: World, outlet: Outlet, articles: Sequence[DemoArticle], now: datetime, base: str) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(base + a.path)}</link>"
        f'<guid isPermaLink="true">{escape(base + a.path)}</guid>'
        f"<pubDate>{format_datetime(a.published, True)}</pubDate>"
        f"<dc:creator>{escape(', '.join(a.authors))}</dc:creator><category>{SECTION_NAMES[a.section]}"
        f"</category><description>{escape(summary(world, a))}</description></item>\n"
        for a in articles
    )
    built = format_datetime(articles[0].published if articles else now, True)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(outlet.name)}</title><link>{escape(base)}/</link>"
        f"<description>{escape(outlet.tagline)}</description><language>en</language>"
        f'<lastBuildDate>{built}</lastBuildDate><atom:link href="{escape(base)}/rss.xml" rel="self" '
        f'type="application/rss+xml"/>\n{items}</channel>\n</rss>\n'
    )


def _atom(world: World, outlet: Outlet, articles: Sequence[DemoArticle], now: datetime, base: str) -> str:
    entries = "".join(
        f'<entry><title>{escape(a.title)}</title><link rel="alternate" href="{escape(base + a.path)}"/>'
        f"<id>{escape(base + a.path)}</id><published>{a.published.isoformat()}</published>"
        f"<updated>{a.published.isoformat()}</updated>"
        + "".join(f"<author><name>{escape(n)}</name></author>" for n in a.authors)
        + f'<category term="{a.section}"/><summary>{escape(summary(world, a))}</summary></entry>\n'
        for a in articles
    )
    updated = (articles[0].published if articles else now).isoformat()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{escape(outlet.name)}</title><subtitle>{escape(outlet.tagline)}</subtitle>"
        f"<id>{escape(base)}/</id><updated>{updated}</updated>"
        f'<link rel="self" href="{escape(base)}/atom.xml"/><link rel="alternate" href="{escape(base)}/"/>\n'
        f"{entries}</feed>\n"
    )


def sitemap_names(world: World, outlet: Outlet) -> dict[str, tuple[int, ...]]:
    """Child sitemap name → article ids, one per ISO week; the oldest week is served gzipped."""
    weeks: dict[str, list[int]] = {}
    for i in world.ids(outlet.slug):
        year, week, _ = world.published(i).isocalendar()
        weeks.setdefault(f"news-{year}-w{week:02}.xml", []).append(i)
    names = sorted(weeks)
    return {(n + ".gz" if n == names[0] else n): tuple(weeks[n]) for n in names}


def render_sitemap(
    world: World, outlet: Outlet, now: datetime, base_url: str | None = None, name: str | None = None
) -> bytes:
    """The sitemap index (``name`` None) or one weekly Google News sitemap; KeyError for unknown names."""
    base = base_url or default_base_url(outlet.slug)
    children = sitemap_names(world, outlet)
    if name is None:
        return _sitemap_index(world, children, now, base).encode("utf-8")
    limit = now.timestamp()
    articles = [world.article(i) for i in children[name] if world.published(i).timestamp() <= limit]
    xml = _news_sitemap(outlet, articles, base).encode("utf-8")
    return gzip.compress(xml, mtime=0) if name.endswith(".gz") else xml


def _sitemap_index(world: World, children: dict[str, tuple[int, ...]], now: datetime, base: str) -> str:
    entries = []
    for name, ids in children.items():
        visible = [i for i in ids if world.published(i) <= now]
        if visible:
            entries.append(
                f"<sitemap><loc>{escape(base)}/sitemaps/{name}</loc>"
                f"<lastmod>{world.published(visible[-1]).isoformat()}</lastmod></sitemap>\n"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(entries)
        + "</sitemapindex>\n"
    )


def _news_sitemap(outlet: Outlet, articles: Sequence[DemoArticle], base: str) -> str:
    urls = "".join(
        f"<url><loc>{escape(base + a.path)}</loc><lastmod>{a.published.isoformat()}</lastmod><news:news>"
        f"<news:publication><news:name>{escape(outlet.name)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "</urlset>\n"
    )


def render_robots(outlet: Outlet, base_url: str | None = None) -> str:
    """robots.txt: everything allowed except the members area, plus the sitemap index."""
    base = base_url or default_base_url(outlet.slug)
    return f"# {outlet.name}\nUser-agent: *\nDisallow: /private/\n\nSitemap: {base}{SITEMAP_INDEX}\n"
