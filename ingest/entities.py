"""Who and where: countries and actors in an article body, and the pairs they form, with evidence.

An ``Analysis`` holds the entities of one text, every mention with its sentence, and co-mention
pairs at two strengths: ``sentence`` (both in one sentence; one pair per sentence, whose offsets
are the evidence) and ``article`` (both anywhere in the text; one pair per article).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ingest.actor_names import (
    DEFAULT_ALIASES_PATH,
    DEFAULT_TABLE_PATH,
    ActorTable,
    Aliases,
    load_aliases,
    read_table,
)
from ingest.actors import ActorMention, TextActors, find_actors_in_texts, sentence_starts
from ingest.countries import CountryMention, Gazetteer, display_names, load_gazetteer
from ingest.nlp import NerChoice, load_nlp
from ingest.records import Analysis, Entity, Key, Mention, Pair
from ingest.teams import DEFAULT_TEAMS_PATH


@dataclass(frozen=True)
class Resources:
    """What enrichment loads once per process: the model, the country gazetteer, the actor tables."""

    nlp: Language
    gazetteer: Gazetteer
    table: ActorTable
    aliases: Aliases
    country_names: dict[str, str]

    @classmethod
    def load(
        cls,
        model: str | None = None,
        table_path: Path = DEFAULT_TABLE_PATH,
        aliases_path: Path = DEFAULT_ALIASES_PATH,
        ner: NerChoice = None,
        currencies: bool = True,
        teams_path: Path = DEFAULT_TEAMS_PATH,
    ) -> Resources:
        table = read_table(table_path, teams_path)
        gazetteer = load_gazetteer(currencies=currencies)
        names = display_names(gazetteer.rows)
        return cls(load_nlp(model, table, ner=ner), gazetteer, table, load_aliases(aliases_path), names)


@cache
def default_resources() -> Resources:
    """The default model and tables, loaded on first use (for ``analyze_text`` and the CLI)."""
    return Resources.load()


def analyze_text(text: str) -> Analysis:
    """Countries, actors and pairs of one plain text, with the default model and tables."""
    return next(analyze_texts([text], default_resources()))


def analyze_texts(
    texts: Iterable[str], res: Resources, *, batch_size: int = 64, processes: int = 1
) -> Iterator[Analysis]:
    """Analyses of many texts in order, batched through spaCy (``processes`` > 1 uses more cores)."""
    found = find_actors_in_texts(
        res.nlp, texts, res.gazetteer, res.table, res.aliases, batch_size=batch_size, n_process=processes
    )
    for result in found:
        yield build_analysis(result, res.country_names)


def build_analysis(result: TextActors, country_names: dict[str, str]) -> Analysis:
    doc = result.doc
    bounds = _sentence_bounds(doc)
    starts = [start for start, _ in bounds]
    countries = [_country_entity(m.iso3, country_names) for m in result.countries]
    entities = {e.key: e for e in countries}
    for actor in result.actors.values():
        entities[(actor.kind, actor.name)] = Entity(
            actor.kind, actor.name, actor.country, actor.confidence, actor.basis
        )
    mentions = [_country_mention(m, e, starts) for m, e in zip(result.countries, countries, strict=True)]
    mentions += [_actor_mention(m) for m in result.mentions]
    mentions.sort(key=lambda m: m.start)
    pairs = tuple(_pairs(bounds, mentions))
    return Analysis(result.text, tuple(entities.values()), tuple(mentions), pairs)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character start and end of each sentence (``Span.start_char``/``end_char`` of ``doc.sents``)."""
    starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc)] if starts else []
    return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in zip(starts, ends, strict=True)]


def _country_entity(iso3: str, names: dict[str, str]) -> Entity:
    return Entity("country", names.get(iso3, iso3), iso3)


def _country_mention(m: CountryMention, entity: Entity, starts: Sequence[int]) -> Mention:
    return Mention(entity.key, bisect.bisect_right(starts, m.start) - 1, m.start, m.end, m.surface)


def _actor_mention(m: ActorMention) -> Mention:
    return Mention((m.kind, m.name), m.sentence, m.start, m.end, m.surface)


def _pairs(bounds: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> Iterator[Pair]:
    by_sentence: dict[int, set[Key]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, set()).add(m.key)
    for index, keys in sorted(by_sentence.items()):
        start, end = bounds[index]
        for a, b in itertools.combinations(sorted(keys), 2):
            yield Pair(a, b, "sentence", start, end)
    for a, b in itertools.combinations(sorted({m.key for m in mentions}), 2):
        yield Pair(a, b, "article")


def find_country_spans(texts: list[str], res: Resources | None = None) -> list[list[tuple[int, int, str]]]:
    """Country spans (start, end, ISO3) per text, as enrichment stores them, for the evaluation script."""
    res = res or default_resources()
    found = find_actors_in_texts(res.nlp, texts, res.gazetteer, res.table, res.aliases)
    return [[(m.start, m.end, m.iso3) for m in result.countries] for result in found]


def find_actor_spans(texts: list[str], res: Resources | None = None) -> list[list[tuple[int, int, str]]]:
    """Person and organisation spans per text, for the evaluation script."""
    analyses = analyze_texts(texts, res or default_resources())
    return [[(m.start, m.end, m.key[0]) for m in a.mentions if m.key[0] != "country"] for a in analyses]
