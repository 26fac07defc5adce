"""Who and where, end to end: the seed article served as a real page, ingested, enriched, stored."""

from __future__ import annotations

import html
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, select

from ingest import store
from ingest.enrich import enrich, load_resources
from ingest.entities import analyze_text
from ingest.pipeline import run_ingest
from ingest.records import Analysis, Article
from ingest.settings import EnrichSettings, ExtractSettings, FetchSettings, Settings, SourceConfig

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "example-article.txt"
TAIL_START = "Subscribe to Follow Global Trends"  # the newsletter plug; "Related Articles" follows


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def page(lines: list[str]) -> str:
    """The seed article as a publisher would serve it: body in <article>, the tail in the usual boxes."""
    cut = next(i for i, line in enumerate(lines) if line.startswith(TAIL_START))
    body, tail = lines[:cut], lines[cut:]
    related = tail[tail.index("Related Articles") + 1 :]
    plug = tail[: tail.index("Related Articles")]
    paragraphs = "\n".join(_block(line) for line in body)
    items = "".join(f'<li><a href="/related/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(related))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Shoigu meets Kim in Pyongyang | Follow Global Trends</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-06-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<main><article><h1>Shoigu meets Kim in Pyongyang with special instructions from Putin</h1>
{paragraphs}
</article>
<div class="newsletter-signup">{"".join(f"<p>{html.escape(p)}</p>" for p in plug)}</div>
<aside class="related-articles"><h3>Related Articles</h3><ul>{items}</ul></aside></main>
<footer><p>© Follow Global Trends</p></footer></body></html>"""


def _block(line: str) -> str:
    if line.startswith("- "):
        return f"<ul><li>{html.escape(line[2:])}</li></ul>"
    tag = "h2" if len(line.split()) <= 6 and not line.endswith(".") else "p"
    return f"<{tag}>{html.escape(line)}</{tag}>"


@pytest.fixture(scope="module")
def analysis(seed_lines: list[str]) -> Analysis:
    body = seed_lines[: next(i for i, line in enumerate(seed_lines) if line.startswith(TAIL_START))]
    return analyze_text("\n".join(body))


def test_seed_body_countries_are_exactly_the_eight(analysis: Analysis) -> None:
    assert analysis.countries() == {"RUS", "PRK", "UKR", "CHN", "JPN", "KOR", "USA", "GBR"}


def test_seed_body_actors_and_their_countries(analysis: Analysis) -> None:
    actors = {e.name: e.country for e in analysis.actors()}
    assert actors["Sergei Shoigu"] == "RUS"
    assert actors["Kim Jong Un"] == "PRK"
    assert actors["Vladimir Putin"] == "RUS"
    assert not {name for name in actors if "Trump" in name or "Zelensk" in name}


def test_every_sentence_pair_carries_its_evidence_sentence(analysis: Analysis) -> None:
    sentence_pairs = [p for p in analysis.pairs if p.level == "sentence"]
    assert sentence_pairs
    for pair in sentence_pairs:
        evidence = analysis.evidence(pair) or ""
        surfaces = {m.key: m.surface for m in analysis.mentions if pair.start <= m.start < (pair.end or 0)}
        assert pair.a in surfaces and pair.b in surfaces
        assert surfaces[pair.a] in evidence and surfaces[pair.b] in evidence


def test_seed_page_ingested_through_a_feed_counts_body_only(
    seed_lines: list[str], httpserver: HTTPServer, engine: Engine, db_url: str
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/world/shoigu-kim.html").respond_with_data(
        page(seed_lines), content_type="text/html"
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>FGT</title>
<item><title>Shoigu meets Kim</title><link>{httpserver.url_for("/world/shoigu-kim.html")}</link></item>
</channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    fetch = FetchSettings(allow_loopback=True, per_host_delay=0.0)
    source = SourceConfig("fgt", "rss", httpserver.url_for("/feed.xml"), country="NGA")
    settings = Settings(
        database_url=db_url, fetch=fetch, extract=ExtractSettings(workers=1), sources=(source,)
    )
    assert run_ingest(engine, settings).added == 1
    assert enrich(engine, EnrichSettings(processes=1)).articles == 1

    [row] = list(store.iter_articles(engine))
    assert set(row["countries"]) == {"RUS", "PRK", "UKR", "CHN", "JPN", "KOR", "USA", "GBR"}
    names = {a["name"] for a in row["actors"]}
    assert {"Sergei Shoigu", "Kim Jong Un", "Vladimir Putin"} <= names
    assert not {n for n in names if "Trump" in n or "Zelensk" in n}
    # the strongest country pairing: the two countries named together in the most sentences
    country_pairs = Counter(
        tuple(sorted((p["a"], p["b"])))
        for p in row["pairs"]
        if p["a"] in COUNTRY_NAMES and p["b"] in COUNTRY_NAMES
    )
    assert country_pairs.most_common(1)[0][0] == ("North Korea", "Russia")


COUNTRY_NAMES = {
    "Russia",
    "North Korea",
    "Ukraine",
    "China",
    "Japan",
    "South Korea",
    "United States",
    "United Kingdom",
}


def test_re_enrichment_replaces_rather_than_adds(engine: Engine) -> None:
    text = (
        "Russian President Vladimir Putin met Kim Jong Un in Pyongyang. Moscow and Pyongyang signed a treaty."
    )
    stored = Article(url="https://x.example/1", canonical_url="https://x.example/1", title="t", text=text)
    article = store.NewArticle(stored, "0" * 40, None, None, None, datetime.now(UTC))
    store.save_article(engine, article)
    first = enrich(engine, EnrichSettings(processes=1))
    counts = store.count_rows(engine)
    with engine.connect() as conn:
        before = conn.execute(select(store.mentions.c.id)).all(), conn.execute(select(store.pairs.c.id)).all()
    again = enrich(engine, EnrichSettings(processes=1), everything=True)
    with engine.connect() as conn:
        after = conn.execute(select(store.mentions.c.id)).all(), conn.execute(select(store.pairs.c.id)).all()
    assert first.articles == again.articles == 1
    assert [len(x) for x in before] == [len(x) for x in after] and len(before[0]) > 0
    assert store.count_rows(engine) == counts
    assert enrich(engine, EnrichSettings(processes=1)).articles == 0  # nothing pending any more


def save_text(engine: Engine, text: str, n: int) -> None:
    """Store ``text`` as the body of article n, for enrichment to find."""
    url = f"https://x.example/{n}"
    stored = Article(url=url, canonical_url=url, title="t", text=text)
    store.save_article(engine, store.NewArticle(stored, str(n) * 40, None, None, None, datetime.now(UTC)))


def mentioned(engine: Engine, *kinds: str) -> set[str]:
    """The names of the stored entities of these kinds that have a mention."""
    e, m = store.entities, store.mentions
    with engine.connect() as conn:
        found = select(e.c.name).join(m, m.c.entity_id == e.c.id).where(e.c.kind.in_(kinds))
        return set(conn.execute(found).scalars())


def test_enrichment_keeps_its_model_loaded_until_a_table_file_changes(engine: Engine, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text("not_actors = []\n", encoding="utf-8")
    options = EnrichSettings(processes=1, aliases=str(aliases))
    assert load_resources(options) is load_resources(options), "a scheduler's next run reuses the model"
    save_text(engine, "Russia's Security Council Secretary Sergei Shoigu arrived in Pyongyang on Tuesday.", 2)

    def actors() -> set[str]:
        return mentioned(engine, "person", "organisation")

    enrich(engine, options)
    assert "Sergei Shoigu" in actors()
    aliases.write_text('not_actors = ["Sergei Shoigu"]\n', encoding="utf-8")
    enrich(engine, options, everything=True)
    assert "Sergei Shoigu" not in actors(), "the edited alias file was read at the next enrichment"


def test_enrichment_reads_the_configured_team_table_again_once_it_changes(
    engine: Engine, tmp_path: Path
) -> None:
    teams = tmp_path / "teams.tsv"
    teams.write_text("Mumbai Indians\tteam\tcricket\tIND\tMI\t\n", encoding="utf-8")
    options = EnrichSettings(processes=1, teams_table=str(teams))
    save_text(engine, "The Mumbai Indians beat Chennai by six wickets.", 3)

    def organisations() -> set[str]:
        return mentioned(engine, "organisation")

    enrich(engine, options)
    assert "Mumbai Indians" in organisations()
    assert "Chennai Super Kings" not in organisations()
    with teams.open("a", encoding="utf-8") as out:
        out.write("Chennai Super Kings\tteam\tcricket\tIND\tCSK\tChennai\n")
    enrich(engine, options, everything=True)
    assert "Chennai Super Kings" in organisations(), "the edited team table was read at the next enrichment"


@pytest.mark.parametrize(
    ("text", "countries", "person"),
    [
        ("Israel Folau was sacked on Monday.", set(), "Israel Folau"),
        pytest.param(
            "Kenya Moore left the show.",
            set(),
            "Kenya Moore",
            marks=pytest.mark.xfail(
                strict=True, reason="the NER retrained on rounds 1-16 misses Kenya Moore"
            ),
        ),
        ("He named Leisure Garments and Lesotho Hats.", {"LSO"}, None),  # a company's plural noun
        ("In a speech, Russia Putin said no.", {"RUS"}, "Vladimir Putin"),  # a known leader: the owner
    ],
)
def test_a_country_name_that_is_a_persons_given_name_is_not_a_country(
    text: str, countries: set[str], person: str | None
) -> None:
    result = analyze_text(text)
    assert {e.country for e in result.entities if e.kind == "country"} == countries
    assert person is None or person in {e.name for e in result.entities if e.kind == "person"}


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        pytest.param(
            "It outsold My Big Fat Greek Wedding, which sold four million units in 2003.",
            set(),
            marks=pytest.mark.xfail(
                strict=True, reason="the NER retrained on rounds 1-16 does not read the title as a work"
            ),
        ),
        ("The Chinese J-20 stealth fighter flew over the strait.", {"CHN"}),
    ],
)
def test_a_country_word_inside_a_works_title_is_not_a_country(text: str, countries: set[str]) -> None:
    assert {e.country for e in analyze_text(text).entities if e.kind == "country"} == countries
