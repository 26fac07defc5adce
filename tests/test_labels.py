"""The hand-labelled entity sentences: well-formed files and, with ../shared/data, their selection."""

from __future__ import annotations

import pytest

from evals.labels import select_sentences
from evals.labels.corpora import ROUND_PATHS, default_data_dir, load_sentences, read_records
from ingest.countries import load_gazetteer


@pytest.mark.parametrize("round_", sorted(ROUND_PATHS))
def test_label_files_are_well_formed(round_: int) -> None:
    codes = {row.iso3 for row in load_gazetteer().rows}
    records = read_records(ROUND_PATHS[round_])
    assert records
    keys = [(r.corpus, r.doc, r.start) for r in records]
    assert len(keys) == len(set(keys)), "a sentence is labelled twice"
    for r in records:
        length = r.end - r.start
        for span in [*r.countries, *r.persons, *r.organisations]:
            assert 0 <= span.start < span.end <= length, (r.doc, span)
        assert {c.iso3 for c in r.countries} <= codes, (r.doc, r.countries)
        orgs = [(o.start, o.end) for o in r.organisations]
        assert not any(p.start < d and c < p.end for p in r.persons for c, d in orgs), r.doc


def test_rounds_use_documents_no_earlier_round_used() -> None:
    seen: set[tuple[str, str]] = {(r.corpus, r.doc) for r in read_records(ROUND_PATHS[1])}
    for round_ in sorted(ROUND_PATHS)[1:]:
        docs = {(r.corpus, r.doc) for r in read_records(ROUND_PATHS[round_])}
        assert not docs & seen, f"round {round_} reuses documents"
        seen |= docs


@pytest.fixture(scope="module")
def selections() -> dict[int, list[select_sentences.Candidate]]:
    """Every round's selection, drawn as `python -m evals.labels.select_sentences --round N` draws it."""
    data = default_data_dir()
    if not (data / "bbc-news").is_dir():
        pytest.skip(f"shared data not found at {data}")
    return select_sentences.select_rounds(*select_sentences.read_pool(data), max(ROUND_PATHS))


@pytest.mark.parametrize("round_", sorted(ROUND_PATHS))
def test_each_round_is_exactly_its_selection_and_its_text_is_found(
    round_: int, selections: dict[int, list[select_sentences.Candidate]]
) -> None:
    records = read_records(ROUND_PATHS[round_])
    assert [(c.corpus, c.doc, c.start, c.end, c.sha1) for c in selections[round_]] == [
        (r.corpus, r.doc, r.start, r.end, r.sha1) for r in records
    ]
    assert len(load_sentences(default_data_dir(), (ROUND_PATHS[round_],))) == len(records)
