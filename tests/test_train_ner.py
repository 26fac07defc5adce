"""Tests for evals.train_ner: which sentences train the NER, and what each one teaches."""

from __future__ import annotations

import pytest

from evals.entities import in_split
from evals.labels.corpora import CountrySpan, LabelledSentence, Span

train_ner = pytest.importorskip("evals.train_ner")
nlp_module = pytest.importorskip("ingest.nlp")

TEXT = "Pfizer said on Monday that Acme Corp. will hire John Smith in France and Apple will not."


def sentence(doc: str, start: int = 0) -> LabelledSentence:
    return LabelledSentence(
        corpus="bbc",
        doc=doc,
        start=start,
        end=start + len(TEXT),
        text=TEXT,
        countries=(CountrySpan(TEXT.index("France"), TEXT.index("France") + 6, "FRA"),),
        persons=(Span(TEXT.index("John"), TEXT.index("John") + 10),),
        organisations=(Span(0, 6),),
    )


def test_training_uses_dev_sentences_of_documents_without_a_test_sentence() -> None:
    candidates = [sentence(f"doc{i // 3}", start=i) for i in range(60)]
    chosen = train_ner.training_sentences(candidates)
    test_docs = {s.doc for s in candidates if in_split(s, "test")}
    assert chosen and all(in_split(s, "dev") and s.doc not in test_docs for s in chosen)
    assert len({s.doc for s in candidates} - test_docs) == len({s.doc for s in chosen})


def test_an_example_takes_actors_from_the_labels_and_other_entities_from_the_model() -> None:
    try:
        base = train_ner._base(nlp_module.FALLBACK_MODELS[-1])
    except OSError:
        pytest.skip("the spaCy model is not installed")
    reference = train_ner.example(base, sentence("doc")).reference
    actors = {(e.text, e.label_) for e in reference.ents if e.label_ in train_ner.ACTOR_LABELS}
    assert actors == {("Pfizer", "ORG"), ("John Smith", "PERSON")}  # Acme Corp. and Apple are unlabelled
    predicted = {(e.start_char, e.end_char, e.label_) for e in base(TEXT).ents}
    others = {(e.start_char, e.end_char, e.label_) for e in reference.ents} - {
        (e.start_char, e.end_char, e.label_) for e in reference.ents if e.label_ in train_ner.ACTOR_LABELS
    }
    assert others and others <= predicted  # the model's own dates and places, as it found them
