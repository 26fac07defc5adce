"""The demo world: outlets, planted storylines and a light article schedule; text is written lazily."""

from __future__ import annotations

import math
import random
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from ingest.demo.cast import CAST, COUNTRY, FIRST_NAMES, LAST_NAMES, ActorKind, Country
from ingest.demo.prose import (
    Arc,
    Body,
    Script,
    Writer,
    article_values,
    compile_script,
    compose_body,
    plan_numbers,
    write_headline,
)
from ingest.demo.storylines import GENERIC, STORYLINES
from ingest.demo.topics import TOPICS

FeedKind = Literal["rss", "atom", "sitemap"]


@dataclass(frozen=True)
class Outlet:
    """One news site of the demo web; each is served as its own origin."""

    slug: str
    name: str
    country: str  # ISO3
    language: str
    feed_kind: FeedKind
    template: int  # which HTML layout the site uses
    wire: bool = False  # a news agency whose stories others republish
    weight: float = 1.0  # relative output
    tagline: str = ""


OUTLETS: tuple[Outlet, ...] = (
    Outlet("meridian-wire", "Meridian Wire", "GBR", "en", "rss", 2, True, 1.6, "Independent news agency"),
    Outlet(
        "atlas-press", "Atlas Press Agency", "FRA", "en", "atom", 2, True, 1.3, "The world, as it happens"
    ),
    Outlet("thameside-chronicle", "The Thameside Chronicle", "GBR", "en", "rss", 0, False, 1.2, "Since 1887"),
    Outlet("capitol-ledger", "The Capitol Ledger", "USA", "en", "rss", 1, False, 1.3, "News that matters"),
    Outlet("lakeshore-tribune", "Lakeshore Tribune", "USA", "en", "atom", 0, False, 1.0, "Your daily paper"),
    Outlet("rheinblick", "Rheinblick International", "DEU", "en", "rss", 1, False, 0.9, "Europe in English"),
    Outlet("seine-observer", "The Seine Observer", "FRA", "en", "atom", 0, False, 0.8, "News and views"),
    Outlet("deccan-dispatch", "The Deccan Dispatch", "IND", "en", "rss", 1, False, 1.1, "Truth first"),
    Outlet("kanto-herald", "The Kanto Herald", "JPN", "en", "rss", 0, False, 0.9, "English edition"),
    Outlet(
        "han-river-post", "Han River Post", "KOR", "en", "sitemap", 1, False, 0.9, "Independent journalism"
    ),
    Outlet(
        "southern-cross-review", "Southern Cross Review", "AUS", "en", "rss", 0, False, 0.9, "Fearless news"
    ),
    Outlet("highveld-mail", "Highveld Mail", "ZAF", "en", "atom", 1, False, 0.8, "Read all about it"),
    Outlet("lagoon-courier", "The Lagoon Courier", "NGA", "en", "rss", 0, False, 0.8, "Voice of the people"),
    Outlet("cerrado-tribune", "Cerrado Tribune", "BRA", "en", "rss", 1, False, 0.7, "In English, every day"),
    Outlet("dnipro-daily", "Dnipro Daily", "UKR", "en", "rss", 0, False, 0.8, "Independent news"),
    Outlet("laurentian", "The Laurentian", "CAN", "en", "atom", 1, False, 0.9, "Coast to coast"),
    Outlet(
        "savannah-standard", "Savannah Standard", "KEN", "en", "rss", 0, False, 0.8, "Setting the standard"
    ),
)

STORY_SCRIPTS: tuple[Script, ...] = tuple(compile_script(raw, GENERIC) for raw in STORYLINES)
SCRIPTS: tuple[Script, ...] = STORY_SCRIPTS + tuple(compile_script(raw) for raw in TOPICS)
SECTIONS: tuple[str, ...] = (
    "world",
    "politics",
    "business",
    "technology",
    "sport",
    "culture",
    "health",
    "climate",
)
_WEEKDAY_WEIGHT = (1.0, 1.05, 1.05, 1.0, 0.95, 0.55, 0.45)
_HOUR_CUM = tuple(accumulate((1, 1, 1, 1, 2, 3, 6, 8, 9, 9, 9, 9, 8, 8, 8, 8, 7, 7, 6, 5, 4, 3, 2, 1)))
_COPY_RATE = 0.65  # share of wire storyline stories that other outlets republish
_CACHE_LIMIT = 20_000
_Draft = tuple[Body, Arc, dict[str, str], Country | None]  # a body and what its headline needs


@dataclass(frozen=True)
class ActorRef:
    """An actor an article names, as the ground truth reports it."""

    name: str
    kind: ActorKind
    country: str | None


@dataclass(frozen=True)
class DemoArticle:
    """One generated article and its ground truth (countries and actors its body text names)."""

    id: int
    outlet: str
    path: str
    title: str
    published: datetime
    authors: tuple[str, ...]
    storyline: str | None
    countries: tuple[str, ...]
    actors: tuple[ActorRef, ...]
    copy_of: int | None
    kind: Literal["article"] = "article"
    section: str = ""
    topic: str = ""  # storyline key or background topic key


@dataclass(frozen=True)
class StoryPlan:
    """When a storyline happens: coverage rises for ``rise`` days after ``start``, then fades."""

    key: str
    label: str
    start: datetime
    rise: float
    numbers: Mapping[str, str]

    @property
    def peak(self) -> datetime:
        return self.start + timedelta(days=self.rise)

    def intensity(self, when: datetime) -> float:
        """Relative coverage at ``when``: a gamma-shaped curve that peaks at 1.0 on ``peak``."""
        t = (when - self.start).total_seconds() / 86400 / self.rise
        return t * math.exp(1 - t) if t > 0 else 0.0


@dataclass(frozen=True, eq=False)
class World:
    """Outlets, storyline plans and a compact article schedule; article text is generated on demand."""

    seed: int
    end: date
    weeks: int
    outlets: tuple[Outlet, ...]
    plans: tuple[StoryPlan, ...]
    _outlet: array[int] = field(repr=False)
    _ts: array[int] = field(repr=False)
    _subject: array[int] = field(repr=False)
    _seed: array[int] = field(repr=False)
    _copy: array[int] = field(repr=False)
    _by_outlet: Mapping[str, array[int]] = field(repr=False)
    _cache: dict[int, DemoArticle] = field(default_factory=dict, repr=False)
    _bodies: dict[int, _Draft] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self._ts)

    @property
    def now(self) -> datetime:
        """The end of the window: every article is published before it."""
        return datetime.combine(self.end, time(), UTC)

    @property
    def start(self) -> datetime:
        return self.now - timedelta(weeks=self.weeks)

    def outlet(self, slug: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.slug == slug:
                return outlet
        raise KeyError(slug)

    def published(self, article_id: int) -> datetime:
        return datetime.fromtimestamp(self._ts[article_id - 1], UTC)

    def ids(self, outlet: str, until: datetime | None = None) -> Sequence[int]:
        """Article ids of one outlet in publication order, those published at or before ``until``."""
        ids = self._by_outlet[outlet]
        if until is None:
            return ids
        limit = until.timestamp()
        return ids[: bisect_right(ids, limit, key=lambda i: self._ts[i - 1])]

    def article(self, article_id: int) -> DemoArticle:
        """The article with this id (1-based), generating its text if needed."""
        found = self._cache.get(article_id)
        if found is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[article_id] = self._make_article(article_id)
        return found

    def body(self, article_id: int) -> tuple[str, ...]:
        """The paragraphs of the article body; a syndicated copy is its original with house-style edits."""
        base = self._copy[article_id - 1] or article_id
        paragraphs = self._body(base)[0].paragraphs
        if base == article_id:
            return paragraphs
        return edit_copy(paragraphs, random.Random(self._seed[article_id - 1] ^ 0xC0B1))

    def iter_articles(self) -> Iterator[DemoArticle]:
        return (self.article(i) for i in range(1, len(self) + 1))

    def lookup(self, path: str) -> DemoArticle | None:
        """The article served at ``path``, if any."""
        m = re.search(r"-(\d+)\.html$", path)
        if m is None or not 1 <= int(m.group(1)) <= len(self):
            return None
        article = self.article(int(m.group(1)))
        return article if article.path == path else None

    def script(self, article_id: int) -> Script:
        return SCRIPTS[self._subject[article_id - 1]]

    def _plan(self, key: str) -> StoryPlan | None:
        return next((p for p in self.plans if p.key == key), None)

    def _body(self, base: int) -> _Draft:
        cached = self._bodies.get(base)
        if cached is not None:
            return cached
        if len(self._bodies) > _CACHE_LIMIT:
            self._bodies.clear()
        script, published = self.script(base), self.published(base)
        rng = random.Random(self._seed[base - 1])
        plan = self._plan(script.key)
        values = article_values(
            script,
            plan.numbers if plan else {},
            published,
            plan.start if plan else None,
            plan.rise if plan else 0.0,
            rng,
        )
        arc = _pick_arc(script, plan, published, rng)
        focus = self._focus(script, base, rng)
        dateline = _dateline(script, focus, rng)
        body = compose_body(script, arc, Writer(rng, values, focus, script.domain), dateline)
        result = self._bodies[base] = (body, arc, values, focus)
        return result

    def _focus(self, script: Script, base: int, rng: random.Random) -> Country | None:
        if script.storyline:
            return None
        outlet = self.outlets[self._outlet[base - 1]]
        if not outlet.wire and rng.random() < 0.75:
            return COUNTRY[outlet.country]
        return COUNTRY[rng.choice(self.outlets).country]

    def _make_article(self, article_id: int) -> DemoArticle:
        i = article_id - 1
        base = self._copy[i] or article_id
        body, arc, values, focus = self._body(base)
        script = self.script(base)
        # half of the syndicated copies keep the wire's headline, the others write their own
        retitled = base != article_id and random.Random(self._seed[i]).random() < 0.5
        title_rng = random.Random(self._seed[i if retitled else base - 1] ^ 0x5EED)
        writer = Writer(title_rng, values, focus, headline=True)
        title = write_headline(script, arc, body, writer, matching=not retitled)
        published = self.published(article_id)
        return DemoArticle(
            id=article_id,
            outlet=self.outlets[self._outlet[i]].slug,
            path=f"/{script.section}/{published:%Y/%m/%d}/{slugify(title)}-{article_id}.html",
            title=title,
            published=published,
            authors=self._authors(base),
            storyline=script.key if script.storyline else None,
            countries=tuple(sorted(body.countries)),
            actors=tuple(_actor_ref(k) for k in body.actors),
            copy_of=base if base != article_id else None,
            section=script.section,
            topic=script.key,
        )

    def _authors(self, base: int) -> tuple[str, ...]:
        outlet = self.outlets[self._outlet[base - 1]]
        staff = outlet_staff(self.seed, outlet.slug)
        rng = random.Random(self._seed[base - 1] ^ 0xA07)
        return tuple(rng.sample(staff, 2 if rng.random() < 0.15 else 1))


@lru_cache(maxsize=256)
def outlet_staff(seed: int, slug: str) -> tuple[str, ...]:
    """Eight invented reporters who write for one outlet."""
    rng = random.Random(f"{seed}/staff/{slug}")
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    return tuple(rng.sample(names, 8))


def slugify(title: str, words: int = 9) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    parts = re.sub(r"[^a-z0-9]+", " ", ascii_title.lower()).split()
    return "-".join(parts[:words]) or "story"


def _actor_ref(key: str) -> ActorRef:
    member = CAST[key]
    return ActorRef(member.name, member.kind, member.country)


# House-style changes an outlet makes to a wire story; none touches a name, so the truth stays right.
_COPY_EDITS = (
    (" said ", " says "),
    (" would ", " will "),
    (" after ", " following "),
    (" about ", " around "),
    (" officials ", " authorities "),
    (" told ", " informed "),
    (" on Monday", " Monday"),
    (" on Tuesday", " Tuesday"),
)
_EDITOR_LINES = (
    "This story has been edited for length.",
    "Additional reporting by our newsroom staff.",
    "This article first appeared on a news wire and is republished with permission.",
)


def edit_copy(paragraphs: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """A syndicated copy as outlets run it: one to three word changes, and sometimes an editor's line.

    The changes make the copy's text differ from the original's, so only near-duplicate detection (not
    the exact content fingerprint) can find it, as with real wire copies.
    """
    out = list(paragraphs)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(out))
        usable = [(old, new) for old, new in _COPY_EDITS if old in out[i]]
        if usable:
            old, new = rng.choice(usable)
            out[i] = out[i].replace(old, new, 1)
    if rng.random() < 0.5:
        out.append(rng.choice(_EDITOR_LINES))
    return tuple(out)


def _pick_arc(script: Script, plan: StoryPlan | None, published: datetime, rng: random.Random) -> Arc:
    if plan is None:
        return rng.choice(script.arcs)
    t = (published - plan.start).total_seconds() / 86400 / plan.rise
    return next(arc for arc in script.arcs if t < arc.until or arc is script.arcs[-1])


def _dateline(script: Script, focus: Country | None, rng: random.Random) -> str | None:
    if script.storyline:
        return rng.choice(script.datelines) if rng.random() < 0.75 else None
    return focus.capital if focus is not None and rng.random() < 0.35 else None


def build_world(seed: int = 7, articles: int = 1500, end: date | None = None, weeks: int = 10) -> World:
    """Plan storylines and schedule ``articles`` articles over ``weeks`` weeks ending before ``end``."""
    if articles < 1 or weeks < 1:
        raise ValueError("a demo world needs at least one article and one week")
    end = end or datetime.now(UTC).date()
    days = weeks * 7
    start = datetime.combine(end, time(), UTC) - timedelta(days=days)
    plans = tuple(_make_plan(script, seed, days, start) for script in STORY_SCRIPTS)
    rows = _Schedule(random.Random(f"mediamon-demo/{seed}"), plans, start, days).fill(articles)
    return _assemble(seed, end, weeks, plans, rows)


def _make_plan(script: Script, seed: int, days: int, start: datetime) -> StoryPlan:
    rng = random.Random(f"{seed}/plan/{script.key}")
    rise = min(script.rise, max(0.75, (days - 2) / 5))
    offset = rng.uniform(1.0, max(1.0, days - 4 * rise))
    return StoryPlan(
        script.key, script.label, start + timedelta(days=offset), rise, plan_numbers(script, rng)
    )


@dataclass
class _Rows:
    """The schedule as it is drawn, column by column (arrays keep a million rows small)."""

    outlet: array[int] = field(default_factory=lambda: array("b"))
    ts: array[int] = field(default_factory=lambda: array("q"))
    subject: array[int] = field(default_factory=lambda: array("b"))
    seed: array[int] = field(default_factory=lambda: array("q"))
    copy: array[int] = field(default_factory=lambda: array("q"))  # row index of the original, or -1

    def add(self, outlet: int, ts: int, subject: int, seed: int, copy: int = -1) -> int:
        self.outlet.append(outlet)
        self.ts.append(ts)
        self.subject.append(subject)
        self.seed.append(seed)
        self.copy.append(copy)
        return len(self.ts) - 1


class _Schedule:
    """Decides, day by day, how many articles appear, about what, where and when."""

    def __init__(self, rng: random.Random, plans: tuple[StoryPlan, ...], start: datetime, days: int) -> None:
        self.rng, self.plans, self.start, self.days = rng, plans, start, days
        self.day_weight = [
            _WEEKDAY_WEIGHT[(start + timedelta(days=d)).weekday()] * rng.uniform(0.9, 1.1)
            for d in range(days)
        ]
        self.outlet_cum = [list(accumulate(_affinity(s, o) for o in OUTLETS)) for s in SCRIPTS]
        self.copiers = [i for i, o in enumerate(OUTLETS) if not o.wire]
        self.rows = _Rows()
        self.start_ts = int(start.timestamp())
        self.end_ts = self.start_ts + days * 86400
        self.norms = [self._norm(p) for p in plans]

    def fill(self, total: int) -> _Rows:
        quotas = _apportion(total, self.day_weight)
        for day, quota in enumerate(quotas):
            cum = list(accumulate(self._subject_weights(day)))
            remaining = quota
            while remaining > 0:
                remaining -= self._publish(day, cum, remaining)
        return self.rows

    def _subject_weights(self, day: int) -> list[float]:
        story = [
            s.share * p.intensity(self._midday(day)) * norm
            for s, p, norm in zip(STORY_SCRIPTS, self.plans, self.norms, strict=True)
        ]
        scale = min(1.0, 0.85 / sum(story)) if sum(story) else 1.0
        story = [w * scale for w in story]
        topics = SCRIPTS[len(STORY_SCRIPTS) :]
        rest, topic_total = 1.0 - sum(story), sum(s.share for s in topics)
        return story + [rest * s.share / topic_total for s in topics]

    def _midday(self, day: int) -> datetime:
        return self.start + timedelta(days=day + 0.5)

    def _norm(self, plan: StoryPlan) -> float:
        """Scales a storyline's intensity so that it gets about its share of all articles."""
        weighted = sum(plan.intensity(self._midday(d)) * w for d, w in enumerate(self.day_weight))
        return sum(self.day_weight) / max(weighted, 1e-9)

    def _publish(self, day: int, cum: list[float], remaining: int) -> int:
        """Schedule one article, plus syndicated copies of a wire storyline story; returns rows used."""
        draw = self.rng.random
        subject = min(bisect_right(cum, draw() * cum[-1]), len(SCRIPTS) - 1)
        outlets = self.outlet_cum[subject]
        outlet = bisect_right(outlets, draw() * outlets[-1])
        hour = bisect_right(_HOUR_CUM, draw() * _HOUR_CUM[-1])
        ts = self.start_ts + day * 86400 + hour * 3600 + int(draw() * 3600)
        row = self.rows.add(outlet, ts, subject, self.rng.getrandbits(62))
        if OUTLETS[outlet].wire and SCRIPTS[subject].storyline and remaining > 2 and draw() < _COPY_RATE:
            return 1 + self._syndicate(row, ts, subject, remaining - 1)
        return 1

    def _syndicate(self, row: int, ts: int, subject: int, room: int) -> int:
        """Two to five other outlets republish the wire story within six hours (never after the window)."""
        copies = 0
        for copier in self.rng.sample(self.copiers, min(self.rng.randint(2, 5), room)):
            copy_ts = ts + self.rng.randint(900, 6 * 3600)
            if copy_ts < self.end_ts:
                self.rows.add(copier, copy_ts, subject, self.rng.getrandbits(62), row)
                copies += 1
        return copies


def _affinity(script: Script, outlet: Outlet) -> float:
    if not script.storyline:
        return outlet.weight * (0.3 if outlet.wire else 1.0)
    interested = outlet.country in script.interest
    return outlet.weight * (2.5 if outlet.wire else 1.0) * (2.0 if interested else 1.0)


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainders)."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _assemble(seed: int, end: date, weeks: int, plans: tuple[StoryPlan, ...], rows: _Rows) -> World:
    order = sorted(range(len(rows.ts)), key=rows.ts.__getitem__)
    new_id = array("q", bytes(8 * len(order)))
    for position, old in enumerate(order):
        new_id[old] = position + 1
    by_outlet: dict[str, list[int]] = {o.slug: [] for o in OUTLETS}
    for position, old in enumerate(order):
        by_outlet[OUTLETS[rows.outlet[old]].slug].append(position + 1)
    return World(
        seed=seed,
        end=end,
        weeks=weeks,
        outlets=OUTLETS,
        plans=plans,
        _outlet=array("b", (rows.outlet[i] for i in order)),
        _ts=array("q", (rows.ts[i] for i in order)),
        _subject=array("b", (rows.subject[i] for i in order)),
        _seed=array("q", (rows.seed[i] for i in order)),
        _copy=array("q", (new_id[rows.copy[i]] if rows.copy[i] >= 0 else 0 for i in order)),
        _by_outlet={slug: array("q", ids) for slug, ids in by_outlet.items()},
    )
