"""Actors (people and organisations) in article text: find, normalise, resolve, and place in a country.

Decisions, in the order `find_actors` applies them:
- Candidates are the PERSON and ORG entities of the spaCy doc (model plus the actor-table EntityRuler of
  `ingest.nlp`); a span never crosses a line break, and a span that is a country mention of the gazetteer
  is not an actor: countries are the countries module's business. Spans followed by "-<lowercase>"
  ("Mao-style") are adjectives, and all-lowercase spans are ruler matches of common words: both dropped.
  Wire-agency datelines and credits ("LONDON (Reuters) -", "AFP/Getty", "Photo: AP") and roads are dropped;
  a person "name" with a digit is a product ("Thunderbolt 3").
- Context cues of `ingest.actor_cues` first retype, add or drop entities ("surfwear firm Quiksilver",
  "the Young Goon gang", "the Winter Meetings", "supertanker Sirius Star").
- The model's commonest type errors are corrected: an ORG after an honorific ("Mr Blair"), a lone
  capitalised word before a speech verb ("Volker said") or owning what only people have ("Orozco's face")
  is a person; a lone all-caps PERSON is an acronym.
- A name the model found is found again where the article repeats it and the model missed it or called it
  something else ("Sondland said" after "Gordon Sondland"; `actor_cues.echoes` says what counts as a repeat).
- Titles and honorifics are stripped from persons, from the name and from the mention's offsets ("President",
  "Mr.", "Prime Minister", "Sir", "Gen."); regnal titles stay when one name follows ("Pope Francis", "King
  Charles III": the bare name is ambiguous). Possessives ("Shoigu’s"), a leading "the" and trailing lowercase
  words ("Labour party", "Salerno and") are dropped.
- Within one article a person's partial name resolves to the full name it is part of ("Putin" → "Vladimir
  Putin", "Kim" → "Kim Jong Un"), the nearest earlier full name winning when several fit.
- Across articles names become canonical through data/aliases.toml (user merges win), then the actor table
  (curated rows, then Phoenix rows; a key shared by two actors of one tier is ambiguous and unused).
- Country-relative institutions ("Security Council", "Foreign Ministry") take their country into the name
  ("Security Council (RUS)"); without a country they fall back to the table ("UN Security Council") or drop.
- Mentions in heading-like lines ("Weapons, Trains, and Warnings") count only for actors known elsewhere.
- Country: from context (a demonym or possessive country before the name with only titles between, an
  appositive after a comma, "of <country>"), else from the table with a confidence that falls with the age
  of its entry; context wins when they disagree.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.actor_cues import (
    CORPORATE_SUFFIXES,
    DETERMINERS,
    HONORIFICS,
    INNER_NAME_WORDS,
    POSSESSIVE,
    WIRE_AGENCIES,
    echoes,
    is_credit,
    is_street,
    outside_other_names,
    retype,
    revise_entities,
)
from ingest.actor_names import (
    TITLE_WORDS,
    ActorKind,
    ActorTable,
    Aliases,
    TableEntry,
    initials_dropped,
    name_key,
    strip_titles,
    words,
)
from ingest.countries import CountryMention
from ingest.teams import team_spans

Basis = Literal["context", "table", "none"]
LABEL_KINDS: dict[str, ActorKind] = {"PERSON": "person", "ORG": "organisation"}
ROLE_WORDS = TITLE_WORDS | words(
    """head official officials counterpart negotiator diplomat lawmaker opposition top senior then
    longtime long-time veteran strongman dictator ruler monarch confidant aide adviser advisor
    chief-of-staff state of"""
)
APPOSITIVE_WORDS = words(
    """the a an who which is was has had been formerly currently now served serves serving as of and
    also then once"""
)
PRE_CONFIDENCE = 0.9  # "Russian President Vladimir Putin": the standard news way to say whose official
OF_CONFIDENCE = 0.85  # "Vladimir Putin of Russia"
APPOSITIVE_CONFIDENCE = 0.8  # "Shoigu, Russia's former defence minister," — a clause can drift
INSIDE_CONFIDENCE = 0.7  # "Bank of England": the name carries a country, not always the owner's
DISAGREE_FACTOR = 0.8  # context beats an older table entry, with less certainty
_NICKNAME = re.compile(r"\s[\"“][^\"”]+[\"”]\s")  # Luis "Jerry" Ortiz
# Businesses and institutions that the model calls facilities; stadiums, airports and buildings stay places.
INSTITUTION_HEADS = words(
    """club hotel church cathedral mosque synagogue temple hospital clinic school college university academy
    institute center centre bank restaurant cafe bar pub museum library"""
)
# Parties the model takes for nationalities or groups ("the Tories", "Republican senators"), as name keys.
PARTY_NAMES = frozenset(
    [
        "conservative",
        "conservatives",
        "tory",
        "tories",
        "labour",
        "democrat",
        "democrats",
        "republican",
        "republicans",
        "liberal democrat",
        "liberal democrats",
        "lib dem",
        "lib dems",
    ]
)
# Names that are organisations whatever the model says: parties, and the wire agencies news quotes ("a bank
# spokesman told Reuters").
ALWAYS_ORGANISATIONS = PARTY_NAMES | WIRE_AGENCIES
DATE_WORDS = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december"""
)  # a date the model ran on into an organisation
MAX_HEADING_WORDS = 25  # headlines run to ~20 words; prose lines with no full stop are rarer than that
MAX_WALK = 12  # words between a name and its country: "Russia's Security Council Secretary Sergei Shoigu"


class CountryFinder(Protocol):
    """What find_actors_in_texts needs from the countries gazetteer."""

    def find(self, text: str) -> list[CountryMention]: ...


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor in a text: canonical name, kind, character offsets, surface, sentence index."""

    name: str
    kind: ActorKind
    start: int
    end: int
    surface: str
    sentence: int


@dataclass(frozen=True)
class Actor:
    """An actor of one text with its country (ISO3), the confidence 0–1 in it, and where it came from."""

    name: str
    kind: ActorKind
    country: str | None
    confidence: float
    basis: Basis


@dataclass(frozen=True)
class TextActors:
    """The result for one text: the doc and its text, its country mentions, actor mentions and actors."""

    doc: Doc
    text: str  # doc.text, kept: spaCy rebuilds that string from the tokens on every access
    countries: list[CountryMention]
    mentions: list[ActorMention]
    actors: dict[str, Actor]


@dataclass
class _Raw:
    """A candidate mention while the article is being resolved."""

    span: Span
    name: str
    kind: ActorKind
    sentence: int
    heading: bool
    evidence: list[tuple[str, float]]  # (iso3, confidence) from the words around this mention
    canonical: str = ""


def find_actors(
    doc: Doc,
    countries: Sequence[CountryMention],
    table: ActorTable,
    aliases: Aliases,
    *,
    text: str | None = None,
) -> tuple[list[ActorMention], dict[str, Actor]]:
    """The actor mentions of a processed text and its actors by canonical name, with their countries."""
    places = _country_tokens(doc, countries)
    starts = sentence_starts(doc)
    headings = _heading_lines(doc.text if text is None else text)
    raws = []
    for span in _candidate_spans(doc, table):
        if is_credit(span) or is_street(span):
            continue
        typed = span if _always_organisation(span.text) else retype(span, table)
        raw = _read_span(typed, places, aliases, starts, headings)
        if raw is not None:
            raws.append(raw)
    covered = {t.i for r in raws for t in r.span} | set(places)
    # A team's short name is no echo source: `team_spans` has read each of its uses in context.
    sources = [r.span for r in raws if not r.heading and r.span.text not in table.teams.short]
    for span in echoes(doc, sources, covered):
        raw = _read_span(span, places, aliases, starts, headings)
        if raw is not None:
            raws.append(raw)
    raws.sort(key=lambda r: r.span.start)
    _resolve(raws, table, aliases)
    known = {r.canonical for r in raws if not r.heading}
    kept = [
        r
        for r in raws
        if r.canonical and (not r.heading or r.canonical in known or table.lookup(r.canonical))
    ]
    actors = _actors(kept, table)
    return _mentions(kept, actors), actors


def find_actors_in_texts(
    nlp: Language,
    texts: Iterable[str],
    gazetteer: CountryFinder,
    table: ActorTable,
    aliases: Aliases,
    *,
    batch_size: int = 128,
    n_process: int = 1,
) -> Iterator[TextActors]:
    """find_actors over many texts, with spaCy batching and optional worker processes."""
    fed: deque[str] = deque()  # the texts in flight: spaCy returns docs in order

    def feed() -> Iterator[str]:
        for text in texts:
            fed.append(text)
            yield text

    for doc in nlp.pipe(feed(), batch_size=batch_size, n_process=n_process):
        text = fed.popleft()
        countries = outside_other_names(doc, gazetteer.find(text), table)
        mentions, actors = find_actors(doc, countries, table, aliases, text=text)
        yield TextActors(doc, text, countries, mentions, actors)


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of each sentence, as ``doc.sents`` has them, without building a span per sentence."""
    if not len(doc):
        return []
    marks = doc.to_array(SENT_START)
    return [0, *(numpy.flatnonzero(marks[1:] == 1) + 1).tolist()]


def _country_tokens(doc: Doc, countries: Sequence[CountryMention]) -> dict[int, tuple[CountryMention, Span]]:
    """Token index → the country mention covering it and its token span."""
    places = {}
    for mention in countries:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            places.update({i: (mention, span) for i in range(span.start, span.end)})
    return places


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of heading-like lines: short, no closing full stop, mostly capitalised words."""
    ranges, offset = [], 0
    for line in text.split("\n"):
        long_words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
        short = len(line.split()) <= MAX_HEADING_WORDS and not re.search(r"[.!?:][\"”’']?\s*$", line)
        if long_words and short and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


def _candidate_spans(doc: Doc, table: ActorTable) -> Iterator[Span]:
    """PERSON/ORG entities (after `revise_entities`, with the teams a place or nickname stands for), split at
    line breaks, trimmed of determiners, quotes and possessives."""
    ents = revise_entities(doc)
    teams = team_spans(doc, ents, table.teams)
    if teams:
        bounds = {(t.start, t.end) for t in teams}
        ents = sorted([e for e in ents if (e.start, e.end) not in bounds] + teams, key=lambda e: e.start)
    for ent in ents:
        label = _actor_label(ent)
        if label is None:
            continue
        start = ent.start
        for i in [*(t.i for t in ent if "\n" in t.text or t.text in "()" or _breaks_name(t)), ent.end]:
            span = _trim(doc, start, i, label, ent.id_)
            start = i + 1
            if span is not None and not _is_compound_modifier(doc, span):
                yield span


def _breaks_name(token: Token) -> bool:
    """A lower-case word inside an entity that no name has there: the model ran on ("Garrett hit Rudolph")."""
    return token.is_lower and token.is_alpha and token.lower_ not in INNER_NAME_WORDS


def _actor_label(ent: Span) -> str | None:
    """PERSON or ORG; an institution the model calls a facility, or a party it calls a group or a person
    ("Labour", "the Lib Dem's policies"), is an ORG."""
    party = _always_organisation(ent.text)
    if ent.label_ in LABEL_KINDS:
        return "ORG" if party else ent.label_
    if ent.label_ == "FAC" and ent[-1].lower_ in INSTITUTION_HEADS:
        return "ORG"
    if ent.label_ == "NORP" and party:
        return "ORG"
    return None


def _always_organisation(name: str) -> bool:
    """A party or wire agency ("Labour", "the Tories", "the Lib Dem's", "Reuters")."""
    return name_key(name).removeprefix("the ").removesuffix("'s") in ALWAYS_ORGANISATIONS


def _trim(doc: Doc, start: int, end: int, label: str, ent_id: str) -> Span | None:
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in DETERMINERS):
        start += 1
    # Names end in a capitalised word: a trailing "and", "party" or "- - eight years" is model overreach,
    # and so is a date after a preposition ("the Commons on Monday").
    while end > start and (_trailing_junk(doc[end - 1]) or (end - 1 > start and _ticker(doc[end - 1]))):
        end -= 1
    if end - start > 2 and doc[end - 1].lower_ in DATE_WORDS and doc[end - 2].lower_ in {"on", "in"}:
        end -= 2
    return Span(doc, start, end, label=label, span_id=ent_id) if end > start else None


def _trailing_junk(token: Token) -> bool:
    """Punctuation, a possessive or a lowercase word; "76ers" and "49ers" are names."""
    lower = token.is_lower and not token.text[:1].isdigit()
    return token.is_punct or token.is_space or token.text in POSSESSIVE or lower


def _ticker(token: Token) -> bool:
    """A stock code after a name: "London Metal Exchange CMAL3"."""
    return token.is_upper and token.is_ascii and any(c.isdigit() for c in token.text)


def _is_compound_modifier(doc: Doc, span: Span) -> bool:
    """True for "Mao" in "Mao-style": a name glued to a hyphen and a lowercase word is an adjective."""
    if span.end + 1 >= len(doc) or doc[span.end].text != "-" or doc[span.end - 1].whitespace_:
        return False
    return doc[span.end + 1].is_lower


def _read_span(
    span: Span,
    places: Mapping[int, tuple[CountryMention, Span]],
    aliases: Aliases,
    starts: Sequence[int],
    headings: Sequence[tuple[int, int]],
) -> _Raw | None:
    """A candidate mention from a span, or None for a country, a suppressed surface or a lowercase match."""
    kind = LABEL_KINDS[span.label_]
    evidence: list[tuple[str, float]] = []
    # "10 Downing Street", "US President": nothing left once countries, numbers and titles are gone
    if all(t.i in places or t.text in POSSESSIVE or t.like_num or _title(t) for t in span):
        return None
    if kind == "person" and any(t.is_digit for t in span):  # "Thunderbolt 3": products, not people
        return None
    whole = span
    if span[0].i in places:
        span = _split_leading_country(span, places, aliases, evidence)
    if kind == "person":
        span = _without_titles(span)
    name = strip_titles(_NICKNAME.sub(" ", span.text)) if kind == "person" else _without_suffix(span)
    if kind == "organisation":
        evidence += [(places[t.i][0].iso3, INSIDE_CONFIDENCE) for t in span if t.i in places][:1]
    suppressed = {name_key(name), name_key(span.text)} & aliases.not_actors
    if suppressed or (name.islower() and name[:1].isalpha()) or _only_titles(name):  # "76ers" is a name
        return None
    evidence += _context(span, places)
    heading = any(a <= span.start_char < b for a, b in headings)
    sentence = max(0, bisect.bisect_right(starts, span.start) - 1)
    if (
        kind == "organisation"
        and span.start > whole.start
        and span.doc[span.start - 1].text not in POSSESSIVE
    ):
        span = whole  # "the Indian Navy": the demonym stays in the mention, as written; "Russia's" does not
    return _Raw(span, " ".join(name.split()), kind, sentence, heading, evidence)


def _without_suffix(span: Span) -> str:
    """An organisation's name without the corporate suffix its span ends with ("Intel Corp." → "Intel")."""
    if len(span) > 1 and span[-1].text in CORPORATE_SUFFIXES:
        return span[:-1].text.rstrip(" ,")
    return span.text


def _title(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLE_WORDS


def _without_titles(span: Span) -> Span:
    """The span from the first word `strip_titles` keeps: "Ms Capella" → "Capella"."""
    words = list(re.finditer(r"\S+", span.text))
    dropped = len(words) - len(strip_titles(span.text).split())
    if dropped <= 0 or dropped >= len(words):
        return span
    start = span.start_char + words[dropped].start()
    rest = span.doc.char_span(start, span.end_char, alignment_mode="expand")
    if rest is None:
        return span
    return Span(span.doc, rest.start, rest.end, label=span.label_, span_id=span.id_)


def _only_titles(name: str) -> bool:
    """True for "Sgt" or a role the model calls an organisation: "Secretary of State", "Prime Minister"."""
    return all(w.lower().rstrip(".") in TITLE_WORDS | {"of", "the", "and"} for w in name.split())


def _split_leading_country(
    span: Span,
    places: Mapping[int, tuple[CountryMention, Span]],
    aliases: Aliases,
    evidence: list[tuple[str, float]],
) -> Span:
    """Cut "Russia's"/"Russian" off the front of an entity when it names the owner, recording the country."""
    mention, place = places[span[0].i]
    rest = span.doc[place.end : span.end]
    if rest and rest[0].text in POSSESSIVE:
        rest = span.doc[rest.start + 1 : span.end]
    owner = place.end < span.end and span.doc[place.end].text in POSSESSIVE
    if rest and (span.label_ == "PERSON" or owner or name_key(rest.text) in aliases.country_relative):
        evidence.append((mention.iso3, PRE_CONFIDENCE))
        return Span(span.doc, rest.start, rest.end, label=span.label_, span_id=span.id_)
    return span


def _context(span: Span, places: Mapping[int, tuple[CountryMention, Span]]) -> list[tuple[str, float]]:
    """Country evidence around a mention: before it, in an appositive after it, or "of <country>"."""
    doc, sent = span.doc, span.sent
    found = []
    if (before := _walk(doc, span.start - 1, sent.start - 1, -1, places, ROLE_WORDS)) is not None:
        found.append((before, PRE_CONFIDENCE))
    if span.end < sent.end - 1 and doc[span.end].lower_ == "of" and span.end + 1 in places:
        found.append((places[span.end + 1][0].iso3, OF_CONFIDENCE))
    elif span.end < sent.end - 1 and doc[span.end].text == ",":
        after = _walk(doc, span.end + 1, sent.end, 1, places, ROLE_WORDS | APPOSITIVE_WORDS)
        if after is not None:
            found.append((after, APPOSITIVE_CONFIDENCE))
    return found


def _walk(
    doc: Doc,
    i: int,
    stop: int,
    step: int,
    places: Mapping[int, tuple[CountryMention, Span]],
    bridge: frozenset[str],
) -> str | None:
    """Walk over role words and capitalised words to a country that owns the name; its ISO3 or None."""
    words = 0
    while i != stop and words < MAX_WALK:
        token = doc[i]
        if i in places:
            mention, place = places[i]
            return mention.iso3 if _owns(doc, mention, place, step) else None
        if not (token.text in POSSESSIVE or token.text in {"-", "the"} or _bridges(token, bridge)):
            return None
        words += token.is_alpha and token.lower_ != "the"
        i += step
    return None


def _bridges(token: Token, bridge: frozenset[str]) -> bool:
    if token.ent_type_ == "PERSON" or token.is_punct:
        return False
    return token.lower_.rstrip(".") in bridge or (token.is_title and not token.is_sent_start)


def _owns(doc: Doc, mention: CountryMention, place: Span, step: int) -> bool:
    """A demonym, a possessive, "U.S. President", or (after a name) "of <country>" says whose the actor is."""
    following = doc[place.end].lower_ if place.end < len(doc) else ""
    attributive = step < 0 and following in ROLE_WORDS
    of_country = step > 0 and place.start > 0 and doc[place.start - 1].lower_ == "of"
    return mention.kind == "demonym" or following in POSSESSIVE or attributive or of_country


def _resolve(raws: list[_Raw], table: ActorTable, aliases: Aliases) -> None:
    """Set each mention's canonical name: user merges, in-article full names, table; institutions last."""
    relative = aliases.country_relative
    longs = [
        r for r in raws if not r.heading and len(r.name.split()) > 1 and name_key(r.name) not in relative
    ]
    deferred = []
    for raw in raws:
        name = aliases.merges.get(name_key(raw.name), raw.name)
        if raw.kind == "organisation" and name_key(name) in relative:
            deferred.append((raw, name))
            continue
        if raw.span.id_ in table.entries:
            name = raw.span.id_  # the ruler matched a table name or alias
        elif (
            name == raw.name
            and (full := _long_name(raw, longs)) is not None
            and not (full.kind == "person" and _always_organisation(name))  # "Labour" is no "Veteran Labour"
        ):
            name, raw.kind = aliases.merges.get(name_key(full.name), full.name), full.kind
        entry = table.lookup(name)
        raw.canonical, raw.kind = (entry.name, entry.kind) if entry else (name, raw.kind)
    for raw, name in deferred:
        raw.canonical = _relative_name(raw, name, raws, table)


def _long_name(raw: _Raw, longs: Sequence[_Raw]) -> _Raw | None:
    """The full name a partial name is part of ("Kim" → "Kim Jong Un"): same kind first, nearest earlier."""
    words = _words(raw)
    fits = [r for r in longs if len(name_key(r.name).split()) > len(words) and _subsequence(words, r.name)]
    # The model often calls a lone surname an ORG ("Thompson said"): a person's name still claims it.
    fits = [r for r in fits if r.kind == raw.kind] or fits
    # Only the longest forms: "Blazers" is "Portland Trail Blazers", not the "Trail Blazers" in between.
    fits = [
        f
        for f in fits
        if not any(len(g.name) > len(f.name) and _subsequence(_words(f), g.name) for g in fits)
    ]
    earlier = [r for r in fits if r.span.start < raw.span.start]
    return earlier[-1] if earlier else (fits[0] if fits else None)


def _words(raw: _Raw) -> list[str]:
    return initials_dropped(name_key(raw.name)).split()


def _subsequence(words: list[str], name: str) -> bool:
    remaining = iter(name_key(name).split())
    return all(any(w == x for x in remaining) for w in words)


def _relative_name(raw: _Raw, name: str, raws: Sequence[_Raw], table: ActorTable) -> str:
    """Name plus country ("Security Council (RUS)"); else the article's one such use, a curated row, or ""."""
    if raw.evidence:
        return f"{name} ({_best_country(raw)})"
    key = name_key(name)
    qualified = {f"{name} ({_best_country(r)})" for r in raws if r.evidence and name_key(r.name) == key}
    if len(qualified) == 1:
        return qualified.pop()
    entry = table.lookup(name)
    return entry.name if entry and entry.source == "curated" else ""


def _best_country(raw: _Raw) -> str:
    return max(raw.evidence, key=lambda e: e[1])[0]


def _mentions(raws: Sequence[_Raw], actors: Mapping[str, Actor]) -> list[ActorMention]:
    return [
        ActorMention(
            r.canonical, actors[r.canonical].kind, r.span.start_char, r.span.end_char, r.span.text, r.sentence
        )
        for r in raws
    ]


def _actors(raws: Sequence[_Raw], table: ActorTable) -> dict[str, Actor]:
    """One Actor per canonical name, its country from the article's context or else the table."""
    actors = {}
    for name in dict.fromkeys(r.canonical for r in raws):
        own = [r for r in raws if r.canonical == name]
        entry = table.lookup(name)
        kind = entry.kind if entry else _kind(own)
        actors[name] = Actor(name, kind, *affiliate([e for r in own for e in r.evidence], entry))
    return actors


def _kind(raws: Sequence[_Raw]) -> ActorKind:
    """A person if an honorific ever precedes the name ("Ms Fiorina" after "Carly Fiorina" the model calls
    an ORG), else the commonest kind of its mentions."""
    doc = raws[0].span.doc
    if any(r.span.start > 0 and doc[r.span.start - 1].lower_.rstrip(".") in HONORIFICS for r in raws):
        return "person"
    return Counter(r.kind for r in raws).most_common(1)[0][0]


def affiliate(
    evidence: Sequence[tuple[str, float]], entry: TableEntry | None
) -> tuple[str | None, float, Basis]:
    """Country, confidence and basis from context evidence (noisy-or per country) and a table row."""
    scores: dict[str, float] = {}
    for iso3, confidence in evidence:
        scores[iso3] = 1 - (1 - scores.get(iso3, 0.0)) * (1 - confidence)
    if scores:
        best = max(scores, key=lambda k: scores[k])
        confidence = scores[best] * scores[best] / sum(scores.values())
        if entry and entry.country == best:
            confidence = 1 - (1 - confidence) * (1 - entry.confidence)
        elif entry and entry.country:
            confidence *= DISAGREE_FACTOR
        return best, round(min(confidence, 0.99), 3), "context"
    if entry:  # an IGO row says "no country" with the row's confidence
        return entry.country, entry.confidence, "table"
    return None, 0.0, "none"
