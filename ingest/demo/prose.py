"""Template engine and article composer: news prose whose mentions are recorded as it is written.

Template syntax: ``{putin}`` an actor (full form on first mention, then short or descriptive),
``{putin.f}`` forced full form, ``{putin.l}`` bare label; ``{$day}`` a value; ``{@security}`` a fresh
invented expert of that domain (``{@}``: the script's domain); ``{%adj}`` the focus country
(``name``, ``adj``, ``cap``, ``cb`` central bank, ``co`` company); ``[a|b|c]`` a random choice.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from ingest.demo.cast import CAPITAL_COUNTRY, CAST, EXPERTS_BY_DOMAIN, Country, scan_countries


@dataclass(frozen=True, slots=True)
class Lit:
    text: str
    countries: frozenset[str]


@dataclass(frozen=True, slots=True)
class Ref:
    key: str
    form: str  # "" automatic, "f" full, "l" label


@dataclass(frozen=True, slots=True)
class Var:
    name: str


@dataclass(frozen=True, slots=True)
class Expert:
    domain: str


@dataclass(frozen=True, slots=True)
class Focus:
    attr: str


@dataclass(frozen=True, slots=True)
class Choice:
    options: tuple[tuple[Part, ...], ...]


Part = Lit | Ref | Var | Expert | Focus | Choice
T = TypeVar("T")
Template = tuple[Part, ...]
_TOKEN = re.compile(r"\{([^{}]*)\}|[\[\]|]")
_FOCUS_ATTRS = frozenset({"name", "adj", "cap", "cb", "co"})


@cache
def compile_template(src: str) -> Template:
    """Parse one template string; unknown actors and unbalanced brackets raise ValueError."""
    parts, pos = _parse_seq(src, 0, 0)
    return tuple(parts)


def _parse_seq(src: str, pos: int, depth: int) -> tuple[list[Part], int]:
    parts: list[Part] = []
    while pos < len(src):
        m = _TOKEN.search(src, pos)
        end = m.start() if m else len(src)
        if end > pos:
            parts.append(Lit(src[pos:end], scan_countries(src[pos:end])))
        if m is None:
            pos = len(src)
            break
        if m.group(0) == "[":
            choice, pos = _parse_choice(src, m.end(), depth + 1)
            parts.append(choice)
        elif m.group(0) in "|]":
            if depth == 0:
                raise ValueError(f"stray {m.group(0)!r} in template: {src}")
            return parts, m.start()
        else:
            parts.append(_slot(m.group(1), src))
            pos = m.end()
    if depth:
        raise ValueError(f"unclosed '[' in template: {src}")
    return parts, pos


def _parse_choice(src: str, pos: int, depth: int) -> tuple[Choice, int]:
    options: list[tuple[Part, ...]] = []
    while True:
        seq, pos = _parse_seq(src, pos, depth)
        options.append(tuple(seq))
        if src[pos] == "]":
            return Choice(tuple(options)), pos + 1
        pos += 1


def _slot(body: str, src: str) -> Part:
    if body.startswith("$"):
        return Var(body[1:])
    if body.startswith("@"):
        if body[1:] and body[1:] not in EXPERTS_BY_DOMAIN:
            raise ValueError(f"unknown expert domain {body!r} in: {src}")
        return Expert(body[1:])
    if body.startswith("%"):
        if body[1:] not in _FOCUS_ATTRS:
            raise ValueError(f"unknown focus attribute {body!r} in: {src}")
        return Focus(body[1:])
    key, _, form = body.partition(".")
    if key not in CAST or form not in ("", "f", "l"):
        raise ValueError(f"unknown actor slot {body!r} in: {src}")
    return Ref(key, form)


class Writer:
    """Renders templates for one article while recording every country and actor it prints."""

    def __init__(
        self,
        rng: random.Random,
        values: Mapping[str, str],
        focus: Country | None = None,
        domain: str = "",
        headline: bool = False,
    ) -> None:
        self.rng = rng
        self._random = rng.random
        self.values = values
        self.focus = focus
        self.domain = domain
        self.headline = headline
        self.countries: set[str] = set()
        self.actors: dict[str, None] = {}  # insertion-ordered set: first mention first
        self.introduced: set[str] = set()
        self._buf: list[str] = []
        self._start = True

    def sentence(self, template: Template) -> str:
        """Render one template as a sentence (or headline) starting with a capital letter."""
        self._buf = []
        self._start = True
        self._write(template)
        return "".join(self._buf)

    def snapshot(self) -> tuple[set[str], dict[str, None], set[str]]:
        return set(self.countries), dict(self.actors), set(self.introduced)

    def restore(self, state: tuple[set[str], dict[str, None], set[str]]) -> None:
        self.countries, self.actors, self.introduced = state

    def pick(self, options: Sequence[T]) -> T:
        """A random element (random.choice, minus its overhead: this runs millions of times)."""
        return options[int(self._random() * len(options))]

    def _write(self, parts: Sequence[Part]) -> None:
        for part in parts:
            if type(part) is Lit:
                self._emit(part.text)
                if part.countries:
                    self.countries.update(part.countries)
            elif type(part) is Choice:
                self._write(self.pick(part.options))
            elif type(part) is Ref:
                self._ref(part.key, part.form)
            elif type(part) is Var:
                self._emit(self.values[part.name])
            elif type(part) is Expert:
                self._expert(part.domain or self.domain)
            elif type(part) is Focus:
                self._focus(part.attr)

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self._start and text[0].islower():
            text = text[0].upper() + text[1:]
        self._buf.append(text)
        self._start = text.endswith((". ", "? ", "! ", "— "))

    def _ref(self, key: str, form: str) -> None:
        member = CAST[key]
        if form == "l":
            text = member.label
        elif self.headline:
            text = member.shorts[0].removeprefix("the ")
        elif form == "f" or key not in self.introduced:
            text = self.pick(member.intros)
        elif member.descs and self._random() < 0.25:
            text = self.pick(member.descs)
        else:
            text = self.pick(member.shorts)
        self.introduced.add(key)
        self.actors.setdefault(key)
        self._write(compile_template(text))

    def _expert(self, domain: str) -> None:
        pool = EXPERTS_BY_DOMAIN[domain]
        fresh = [k for k in pool if k not in self.actors]
        self._ref(self.pick(fresh or pool), "")

    def _focus(self, attr: str) -> None:
        country = self.focus
        if country is None:
            raise ValueError(f"template uses {{%{attr}}} but the article has no focus country")
        if attr in ("cb", "co"):
            self._ref(country.cbank if attr == "cb" else country.company, "")
            return
        self._emit({"name": country.name, "adj": country.adj, "cap": country.capital}[attr])
        self.countries.add(country.iso3)


@dataclass(frozen=True)
class Arc:
    """One phase of a storyline (chosen by date) or one angle of a background topic (chosen at random)."""

    heads: tuple[Template, ...]
    ledes: tuple[Template, ...]
    details: tuple[Template, ...]
    until: float = math.inf  # phase end, in multiples of the storyline's rise time


@dataclass(frozen=True)
class Script:
    """Everything needed to write articles about one storyline or background topic."""

    key: str
    label: str
    section: str
    storyline: bool
    share: float
    rise: float
    domain: str
    datelines: tuple[str, ...]
    interest: tuple[str, ...]
    topics: tuple[str, ...]
    numbers: Mapping[str, tuple[int, int, int]]
    growth: tuple[int, int, float, Mapping[str, float]] | None
    arcs: tuple[Arc, ...]
    pools: Mapping[str, tuple[Template, ...]]


@dataclass(frozen=True)
class Body:
    """The paragraphs of one article and what they mention."""

    paragraphs: tuple[str, ...]
    countries: frozenset[str]
    actors: tuple[str, ...]  # cast keys, in order of first mention
    lede: int = 0  # which of the arc's ledes opens it; the head with the same index matches it


def _templates(raw: Sequence[str]) -> tuple[Template, ...]:
    return tuple(compile_template(s) for s in raw)


def compile_script(raw: Mapping[str, Any], generic: Sequence[str] = ()) -> Script:
    """Turn one raw data dict (see storylines.py / topics.py) into a compiled Script."""
    storyline = "phases" in raw
    arcs = tuple(
        Arc(
            _templates(a["heads"]), _templates(a["ledes"]), _templates(a["details"]), a.get("until", math.inf)
        )
        for a in raw["phases" if storyline else "angles"]
    )
    pools = {k: _templates(raw.get(k, ())) for k in ("quote", "reaction", "context", "outlook")}
    pools["generic"] = _templates((*generic, *raw.get("generic", ())))
    for city in raw.get("datelines", ()):
        CAPITAL_COUNTRY[city]  # noqa: B018 -- fail at import on a dateline that is not a known capital
    return Script(
        key=raw["key"],
        label=raw["label"],
        section=raw["section"],
        storyline=storyline,
        share=raw["share"],
        rise=raw.get("rise", 0.0),
        domain=raw["domain"],
        datelines=tuple(raw.get("datelines", ())),
        interest=tuple(raw.get("interest", ())),
        topics=tuple(raw["topics"]),
        numbers=raw.get("numbers", {}),
        growth=raw.get("growth"),
        arcs=arcs,
        pools=pools,
    )


_ORDER = (
    "detail",
    "quote",
    "context",
    "detail",
    "reaction",
    "quote",
    "context",
    "detail",
    "reaction",
    "generic",
    "quote",
    "context",
)
_FALLBACK = {
    "detail": ("context", "reaction", "generic"),
    "context": ("reaction", "detail", "generic"),
    "reaction": ("context", "generic"),
    "quote": ("generic",),
    "generic": (),
    "outlook": (),
}
MIN_WORDS = 200
MAX_WORDS = 700
MAX_PARAGRAPHS = 12
_PARAGRAPH_TARGETS = (5, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12)


def compose_body(script: Script, arc: Arc, writer: Writer, dateline: str | None) -> Body:
    """Write lede, body paragraphs and a closing outlook, between 5 and 12 paragraphs, ≤ 700 words."""
    rng = writer.rng
    pools = {k: list(v) for k, v in script.pools.items()}
    pools["detail"] = list(arc.details)
    lede_index = rng.randrange(len(arc.ledes))
    lede = arc.ledes[lede_index]
    if dateline:
        lede = (Lit(f"{dateline.upper()} — ", frozenset({CAPITAL_COUNTRY[dateline]})), *lede)
    paragraphs = [writer.sentence(lede)]
    words, min_words = len(paragraphs[0].split()), rng.randint(210, 330)
    target = rng.choice(_PARAGRAPH_TARGETS)
    density = max(1, min(3, round(18 / target + rng.uniform(-0.5, 0.5))))  # fewer paragraphs, longer ones
    for kind in (*_ORDER, *_ORDER, "outlook"):
        if len(paragraphs) >= MAX_PARAGRAPHS - (kind != "outlook"):
            continue
        if kind != "outlook" and len(paragraphs) >= target - 1 and words >= min_words:
            continue
        state = writer.snapshot()
        room = MAX_PARAGRAPHS - len(paragraphs)
        para = _paragraph(writer, pools, kind, density + (min_words - words > 25 * room))
        size = len(para.split())
        if not para or words + size > MAX_WORDS:
            writer.restore(state)
            continue
        paragraphs.append(para)
        words += size
    _top_up(writer, pools, paragraphs, words)
    return Body(tuple(paragraphs), frozenset(writer.countries), tuple(writer.actors), lede_index)


def _top_up(writer: Writer, pools: dict[str, list[Template]], paragraphs: list[str], words: int) -> None:
    """Lengthen the paragraph before the closing one until the article reaches MIN_WORDS."""
    while words < MIN_WORDS and (template := _draw(writer, pools, "detail")) is not None:
        sentence = writer.sentence(template)
        paragraphs[-2] += " " + sentence
        words += len(sentence.split())


def _paragraph(writer: Writer, pools: dict[str, list[Template]], kind: str, density: int) -> str:
    """One paragraph of ``kind``: a quote (maybe with context), or one to three sentences."""
    roll = writer.rng.random()
    if kind == "quote":
        kinds: tuple[str, ...] = ("quote", "context") if roll < 0.35 else ("quote",)
    elif kind == "outlook":
        kinds = ("outlook",)
    else:
        kinds = (kind,) * min(3, density + (roll < 0.4))
    sentences = [writer.sentence(t) for t in (_draw(writer, pools, k) for k in kinds) if t is not None]
    return " ".join(sentences)


def _draw(writer: Writer, pools: dict[str, list[Template]], kind: str) -> Template | None:
    """Take a random unused template of ``kind``, or of its fallbacks when that pool is used up."""
    for name in (kind, *_FALLBACK[kind]):
        pool = pools.get(name)
        if pool:
            return pool.pop(int(writer.rng.random() * len(pool)))
    return None


def write_headline(script: Script, arc: Arc, body: Body, writer: Writer, matching: bool = True) -> str:
    """The head matching the lede (else any, in random order) that names only what the body names."""
    heads = writer.rng.sample(arc.heads, len(arc.heads))
    if matching and body.lede < len(arc.heads):
        heads.insert(0, arc.heads[body.lede])
    for head in heads:
        writer.countries.clear()
        writer.actors.clear()
        text = writer.sentence(head)
        if writer.countries <= body.countries and writer.actors.keys() <= set(body.actors):
            return text
    topic = writer.rng.choice(script.topics).removeprefix("the ")
    return f"{topic[0].upper()}{topic[1:]}: what we know so far"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SPANS = ("a day", "two days", "three days", "four days", "five days", "six days", "a week")


def format_day(when: datetime) -> str:
    return f"{_MONTHS[when.month - 1]} {when.day}"


def _span(days: float) -> str:
    """'three days', 'a week', '3 weeks': how long ago the event was, as a reporter would put it."""
    whole = max(1, round(days))
    if whole <= len(_SPANS):
        return _SPANS[whole - 1]
    return f"{round(days / 7)} weeks" if days >= 13 else "more than a week"


def article_values(
    script: Script,
    numbers: Mapping[str, str],
    published: datetime,
    start: datetime | None,
    rise: float,
    rng: random.Random,
) -> dict[str, str]:
    """The ``{$…}`` values for one article: dates relative to publication and the plan's figures."""
    said = published - timedelta(days=1) if rng.random() < 0.3 else published
    last_month = (published.month - 2) % 12
    a, b = rng.randint(1, 4), rng.randint(0, 2)
    values = {
        "day": _WEEKDAYS[said.weekday()],
        "date": format_day(published),
        "month": _MONTHS[published.month - 1],
        "lastmonth": _MONTHS[last_month],
        "year": str(published.year),
        "num": str(rng.randint(3, 14)),
        "pct": str(rng.randint(4, 46)),
        "dec": f"{rng.uniform(0.6, 8.9):.1f}",
        "cpi": f"{rng.uniform(1.2, 7.5):.1f}",
        "gdp": f"{rng.uniform(0.1, 1.4):.1f}",
        "jobless": f"{rng.uniform(3.0, 9.5):.1f}",
        "big": f"{rng.randint(12, 950) * 100:,}",
        "goals": f"{max(a, b + 1)}-{b}",
        "draw": rng.choice(("0-0", "1-1", "2-2")),
        "temp": str(rng.randint(38, 48)),
        "share": str(rng.randrange(50, 95, 5)),
        "topic": rng.choice(script.topics),
    }
    values.update(numbers)
    if start is not None and script.storyline:
        since = max(0.0, (published - start).total_seconds() / 86400)
        values.update(
            start=format_day(start), event=format_day(start + timedelta(days=rise)), since=_span(since)
        )
        values.update(growth_values(script, numbers, since))
    return values


def growth_values(script: Script, numbers: Mapping[str, str], days: float) -> dict[str, str]:
    """A count that grows with time since the event (a death toll), and figures derived from it."""
    if script.growth is None:
        return {}
    _lo, _hi, tau, derived = script.growth
    count = round(int(numbers["base"].replace(",", "")) * (1 - math.exp(-(days + 0.3) / tau)))
    out = {"count": f"{count:,}"}
    out.update({name: f"{round(count * factor / 10) * 10:,}" for name, factor in derived.items()})
    return out


def plan_numbers(script: Script, rng: random.Random) -> dict[str, str]:
    """The storyline's fixed figures for one world (tariff rate, loan size…), formatted for print."""
    out = {}
    for name, (lo, hi, scale) in script.numbers.items():
        value = rng.randint(lo, hi)
        out[name] = f"{value / scale:.1f}" if scale > 1 else f"{value:,}"
    if script.growth:
        out["base"] = f"{rng.randint(script.growth[0], script.growth[1]):,}"
    return out
