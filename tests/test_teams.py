"""Tests for ingest.teams and data/teams.tsv: the team a place or nickname stands for on a sports page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from ingest.actor_names import read_table
from ingest.countries import load_gazetteer
from ingest.entities import analyze_text
from ingest.nlp import add_actor_ruler
from ingest.teams import Teams, read_teams, team_spans


@pytest.fixture(scope="module")
def teams() -> Teams:
    return read_teams()


@pytest.fixture(scope="module")
def ruler() -> Language:
    """A blank pipeline with the actor ruler: it finds the full names that tell a page's sport."""
    nlp = spacy.blank("en")
    add_actor_ruler(nlp, read_table())
    return nlp


def found(
    text: str, ruler: Language, teams: Teams, ents: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """The team spans of ``text`` (surface, team), with the ruler's entities and hand-set ``ents``."""
    doc = ruler(text)
    spans = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
    doc.ents = [*doc.ents, *(span for span in spans if span is not None)]
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    return [(span.text, span.id_) for span in team_spans(doc, list(doc.ents), teams)]


def test_a_short_name_is_a_team_on_a_page_that_names_its_sport(ruler: Language, teams: Teams) -> None:
    text = (
        "Reid rejected a move to Southampton after Forest accepted an offer while Tottenham Hotspur waited."
    )
    assert found(text, ruler, teams) == [("Southampton", "Southampton FC"), ("Forest", "Nottingham Forest")]


def test_without_a_team_league_or_competition_named_in_full_a_place_stays_a_place(
    ruler: Language, teams: Teams
) -> None:
    assert found("Southampton council voted to close the Forest road and the Spurs bar.", ruler, teams) == []


def test_the_sport_of_the_page_picks_the_team(ruler: Language, teams: Teams) -> None:
    nfl = "The Chargers could meet Tennessee or Baltimore before the Super Bowl."
    mlb = "The Red Sox lost to Baltimore twice."
    assert found(nfl, ruler, teams) == [("Tennessee", "Tennessee Titans"), ("Baltimore", "Baltimore Ravens")]
    assert found(mlb, ruler, teams) == [("Baltimore", "Baltimore Orioles")]


def test_a_team_the_page_names_in_full_wins_over_others_of_the_same_place(
    ruler: Language, teams: Teams
) -> None:
    text = "The New York Jets beat Miami, and New York now lead the division in the NFL."
    assert ("New York", "New York Jets") in found(text, ruler, teams)


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("In the NFL, the game in Detroit was cold.", []),  # "in", "at", "near": the city
        ("The NFL season ended with a victory at Detroit.", []),
        ("After the NFL draft he came back to Philadelphia.", []),  # a journey's "to"
        # inside a longer entity, or next to another capitalised word
        ("The Premier League fined Chelsea Clinton's friend.", [("Chelsea Clinton", "PERSON")]),
        ("The NBA fined the Boston Marathon organisers.", []),
    ],
)
def test_a_short_name_used_as_a_place_or_inside_a_name_is_left_alone(
    ruler: Language, teams: Teams, text: str, ents: list[tuple[str, str]]
) -> None:
    assert found(text, ruler, teams, ents) == []


def test_an_entity_that_is_exactly_the_short_name_is_replaced(ruler: Language, teams: Teams) -> None:
    text = "Spurs beat Hartlepool in the FA Cup."
    assert found(text, ruler, teams, [("Hartlepool", "PERSON")]) == [
        ("Spurs", "Tottenham Hotspur"),
        ("Hartlepool", "Hartlepool United"),
    ]


def test_teams_and_leagues_are_curated_organisations_of_the_actor_table_competitions_are_not() -> None:
    table = read_table()
    assert table.entries["Tottenham Hotspur"].kind == "organisation"
    assert table.entries["Tottenham Hotspur"].country == "GBR"
    assert table.lookup("Barca") is table.entries["FC Barcelona"]
    assert table.entries["National Football League"].source == "curated"
    assert "Super Bowl" not in table.entries
    assert "Tottenham Hotspur" not in read_table(teams_path=None).entries


def test_every_name_means_one_row_and_no_short_name_is_a_country_word(teams: Teams) -> None:
    full = [name for row in teams.rows for name in (row.name, *row.names)]
    assert len(full) == len(set(full))
    assert not set(full) & set(teams.short)
    gazetteer = load_gazetteer()
    # A team named by its country counts as the country; a team name must not hide a country word.
    countries = [m.surface for name in teams.short for m in gazetteer.find(f"They met {name} today.")]
    assert not set(countries) & set(teams.short)
    assert len(teams.rows) > 300


def test_a_bad_row_is_an_error_that_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "teams.tsv"
    path.write_text("# comment\nLeeds United\tclub\tfootball\tGBR\t\tLeeds\n", encoding="utf-8")
    with pytest.raises(ValueError, match="teams.tsv:2"):
        read_teams(path)


def test_enrichment_names_the_teams_of_a_sports_report() -> None:
    text = (
        "Reid rejected a move to Southampton after Forest accepted a cash-plus-players offer, while Spurs "
        "had made previous bids for the 22-year-old. He will now play in the Premiership.\n"
        "The Philadelphia 76ers hired Maurice Cheeks as coach before the Super Bowl."
    )
    organisations = {e.name for e in analyze_text(text).entities if e.kind == "organisation"}
    assert {"Southampton FC", "Nottingham Forest", "Tottenham Hotspur", "Philadelphia 76ers"} <= organisations
    assert "Super Bowl" not in organisations  # a competition is an event


def test_a_name_that_starts_with_a_digit_is_no_lowercase_common_word() -> None:
    analysis = analyze_text("Maurice Cheeks was introduced as the 21st head coach of the 76ers.")
    assert ("organisation", "Philadelphia 76ers") in {m.key for m in analysis.mentions}


def test_a_page_about_no_sport_keeps_its_places_and_people() -> None:
    analysis = analyze_text("Chelsea Clinton spoke in Southampton, and Forest rangers cleared the paths.")
    names = {e.name for e in analysis.entities}
    assert not names & {"Chelsea FC", "Southampton FC", "Nottingham Forest"}
