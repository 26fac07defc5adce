import pickle
import random

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import normalized_mutual_info_score, silhouette_score

from ingest.topics import (
    KScore,
    TopicDoc,
    TopicModel,
    TopicOptions,
    TopicSignature,
    assign,
    cosine_distances,
    fit_topics,
    make_label,
    match_topics,
    npmi_coherence,
    relative_scores,
    signatures,
    silhouette,
    stable_ids,
)

THEMES = {
    "football": "striker goalkeeper penalty league midfielder referee stadium match goal coach season "
    "transfer fans tournament defender kickoff dribble header cup final",
    "markets": "shares investors stocks bonds inflation interest rates central bank earnings dividend "
    "trading index currency recession profits quarterly revenue merger",
    "climate": "emissions carbon warming glaciers drought rainfall temperatures renewable solar wind "
    "turbines floods wildfire heatwave pollution ocean coral biodiversity",
    "elections": "voters ballot candidate parliament campaign polling constituency turnout opposition "
    "coalition manifesto senate referendum debate minister party",
}
Corpus = tuple[list[TopicDoc], list[str]]
GENERAL_TEXT = "week officials statement country city region group local national plan public report months "
GENERAL = (GENERAL_TEXT + "leaders million support team change future issue").split()


def make_docs(
    themes: list[str], per_theme: int, seed: int, start: int = 0
) -> tuple[list[TopicDoc], list[str]]:
    """Synthetic articles: a headline and body drawn mostly from one theme's words."""
    rng = random.Random(seed)
    docs, labels = [], []
    for i in range(per_theme * len(themes)):
        theme = themes[i % len(themes)]
        words = THEMES[theme].split()
        title = " ".join(rng.choice(words) for _ in range(6))
        body = " ".join(rng.choice(words) if rng.random() < 0.7 else rng.choice(GENERAL) for _ in range(80))
        docs.append(TopicDoc(start + i, title.capitalize(), body))
        labels.append(theme)
    return docs, labels


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_docs(["football", "markets", "climate"], 40, seed=1)


@pytest.fixture(scope="module")
def model(corpus: Corpus) -> TopicModel:
    return fit_topics(corpus[0], seed=0)


def test_chooses_k_equal_to_the_planted_themes(model: TopicModel) -> None:
    assert len(model.topics) == 3
    assert [k for k, _ in model.k_scores][:2] == [2, 3]
    assert dict(model.k_scores)[3] == 1.0 == max(score for _, score in model.k_scores)
    assert [d.k for d in model.k_details] == [k for k, _ in model.k_scores]


def test_the_planted_k_is_stable_separated_and_coherent(model: TopicModel) -> None:
    details = {d.k: d for d in model.k_details}
    others = [d for k, d in details.items() if k != 3]
    assert details[3].silhouette > max(d.silhouette for d in others)
    assert details[3].stability > max(d.stability for d in others)
    assert details[3].coherence > 0.9  # coherence alone slightly prefers the broader k = 2 here


def test_given_k_has_no_selection_scores(corpus: Corpus) -> None:
    fitted = fit_topics(corpus[0], k=3, seed=0)
    assert fitted.k_scores == () and fitted.k_details == ()


@pytest.mark.parametrize(
    ("parts", "score"),
    [((0.9, 0.5, 0.8), 0.36), ((0.9, -0.1, 0.8), 0.0), ((0.9, 0.5, -0.2), 0.0), ((0.0, 0.5, 0.8), 0.0)],
)
def test_score_multiplies_the_parts_and_a_negative_part_counts_as_zero(
    parts: tuple[float, float, float], score: float
) -> None:
    assert KScore(4, *parts).score == pytest.approx(score)


def test_relative_scores_give_the_best_k_one() -> None:
    scores = [KScore(2, 1.0, 0.1, 0.5), KScore(3, 1.0, 0.4, 0.5), KScore(4, 1.0, 0.2, 0.5)]
    assert relative_scores(scores) == ((2, 0.25), (3, 1.0), (4, 0.5))
    assert relative_scores([KScore(2, 1.0, -0.1, 0.5)]) == ((2, 0.0),)


def test_npmi_is_one_for_terms_always_together_and_minus_one_for_terms_never_together() -> None:
    # Terms 0 and 1 occur in the same half of the documents, term 2 in the other half, term 3 everywhere.
    occurs = sp.csc_matrix(np.array([[1, 1, 0, 1]] * 4 + [[0, 0, 1, 1]] * 4, dtype=np.float32))
    assert npmi_coherence(occurs, np.array([[0, 1]])) == pytest.approx(1.0)
    assert npmi_coherence(occurs, np.array([[0, 2]])) == pytest.approx(-1.0)
    assert npmi_coherence(occurs, np.array([[0, 1], [0, 2]])) == pytest.approx(0.0)
    assert npmi_coherence(occurs, np.array([[0, 3]])) == pytest.approx(0.0)  # term 3 tells nothing


def test_silhouette_is_scikit_learns() -> None:
    rng = np.random.default_rng(3)
    points = rng.random((60, 4))
    distances = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=-1)).astype(np.float32)
    labels = rng.integers(-1, 4, size=60)
    has = labels >= 0
    expected = silhouette_score(distances[np.ix_(has, has)], labels[has], metric="precomputed")
    assert silhouette(distances, labels) == pytest.approx(expected, abs=1e-6)


def test_silhouette_rewards_topics_that_separate_documents() -> None:
    x = sp.csr_matrix(np.array([[1, 0], [2, 0.1], [0, 1], [0.1, 3]], dtype=np.float32))
    distances = cosine_distances(x)
    assert distances.shape == (4, 4) and np.allclose(np.diag(distances), 0)
    assert silhouette(distances, np.array([0, 0, 1, 1])) > 0.9
    assert silhouette(distances, np.array([0, 1, 0, 1])) < 0
    assert silhouette(distances, np.array([0, 0, 0, 0])) == 0.0  # one topic: no separation to measure
    assert silhouette(distances, np.array([0, 0, -1, -1])) == 0.0  # documents without a topic are left out


def test_finds_the_planted_themes(corpus: Corpus, model: TopicModel) -> None:
    assert normalized_mutual_info_score(corpus[1], model.assignments) > 0.95


def test_topics_have_labels_terms_and_central_documents(corpus: Corpus, model: TopicModel) -> None:
    docs, labels = corpus
    for topic in model.topics:
        assert len(topic.label.split(", ")) == 3
        assert topic.terms[0][1] >= topic.terms[-1][1] > 0
        theme = {labels[d.id] for d in docs if d.id in topic.representatives}
        assert len(theme) == 1 and topic.terms[0][0] in THEMES[theme.pop()].split()
    assert sum(t.size for t in model.topics) == len(docs)


def test_assigns_new_articles_to_their_theme(model: TopicModel) -> None:
    new, labels = make_docs(["football", "markets", "climate"], 5, seed=9)
    predicted = assign(model, new)
    assert normalized_mutual_info_score(labels, predicted) > 0.95
    assert assign(model, [d.content for d in new]) == predicted


def test_articles_without_known_words_get_no_topic(model: TopicModel) -> None:
    assert assign(model, ["", "zzz qqq"]) == [-1, -1]
    assert assign(model, []) == []


def test_model_pickles_and_assigns_the_same(corpus: Corpus, model: TopicModel) -> None:
    restored = pickle.loads(pickle.dumps(model))
    texts = [d.content for d in corpus[0][:10]]
    assert assign(restored, texts) == assign(model, texts)


def test_fit_is_deterministic_for_a_seed(corpus: Corpus) -> None:
    a, b = fit_topics(corpus[0], k=3, seed=5), fit_topics(corpus[0], k=3, seed=5)
    assert np.array_equal(a.assignments, b.assignments)
    assert [t.terms for t in a.topics] == [t.terms for t in b.topics]


def test_fits_on_a_sample_and_assigns_everything(corpus: Corpus) -> None:
    docs, labels = corpus
    small = TopicOptions(fit_docs=60, select_docs=60)
    model = fit_topics(docs, k=3, options=small)
    assert len(model.assignments) == len(docs)
    assert normalized_mutual_info_score(labels, model.assignments) > 0.9


def test_refit_with_one_more_batch_keeps_ids_and_reports_the_new_topic(
    corpus: Corpus, model: TopicModel
) -> None:
    docs, _ = corpus
    batch, _ = make_docs(["elections", "football"], 20, seed=2, start=len(docs))
    refit = fit_topics(docs + batch, k=4, seed=0)
    lineage = match_topics(signatures(model), signatures(refit), threshold=0.5)
    assert len(lineage.matches) == 3 and len(lineage.born) == 1 and lineage.vanished == ()
    old_ids = [10, 11, 12]
    new_ids = stable_ids(old_ids, lineage, len(refit.topics), next_id=13)
    assert sorted(new_ids) == [10, 11, 12, 13]
    before = [old_ids[t] for t in model.assignments]
    after = [new_ids[t] for t in refit.assignments[: len(docs)]]
    assert np.mean([a == b for a, b in zip(before, after, strict=True)]) >= 0.9
    born_terms = {t for t, _ in refit.topics[lineage.born[0]].terms[:5]}
    assert born_terms <= set(THEMES["elections"].split())


def test_refit_without_a_theme_reports_it_vanished(corpus: Corpus, model: TopicModel) -> None:
    docs, labels = corpus
    kept = [d for d, label in zip(docs, labels, strict=True) if label != "climate"]
    refit = fit_topics(kept, k=2, seed=0)
    lineage = match_topics(signatures(model), signatures(refit), threshold=0.5)
    vanished_terms = {t for t, _ in model.topics[lineage.vanished[0]].terms[:5]}
    assert len(lineage.vanished) == 1 and vanished_terms <= set(THEMES["climate"].split())


def sig(**weights: float) -> TopicSignature:
    return TopicSignature(tuple((term.replace("_", " "), w) for term, w in weights.items()))


def test_merges_and_splits_are_detected() -> None:
    a, b = sig(goal=1.0, striker=0.8), sig(shares=1.0, bonds=0.8)
    merged = sig(goal=1.0, striker=0.8, shares=1.0, bonds=0.8)
    forward = match_topics([a, b], [merged], threshold=0.5)
    assert forward.merges == ((0, (0, 1)),) and len(forward.matches) == 1 and len(forward.vanished) == 1
    backward = match_topics([merged], [a, b], threshold=0.5)
    assert backward.splits == ((0, (0, 1)),) and len(backward.born) == 1


def test_signatures_compare_across_vocabularies_and_phrasings() -> None:
    old = [sig(bank_of_england=1.0, rates=0.5, inflation=0.5)]
    new = [sig(wildfire=1.0), sig(bank_england=1.0, rates=0.5, inflation=0.5, newterm=0.1)]
    lineage = match_topics(old, new, threshold=0.9)
    assert lineage.matches[0][:2] == (0, 1) and lineage.born == (0,)


def test_no_old_topics_means_all_are_born() -> None:
    lineage = match_topics([], [sig(a=1.0), sig(b=1.0)], threshold=0.5)
    assert lineage.born == (0, 1) and stable_ids([], lineage, 2, next_id=7) == (7, 8)


@pytest.mark.parametrize(
    ("terms", "label"),
    [
        (["prime minister", "minister", "prime", "labour", "blair"], "prime minister, labour, blair"),
        (["blair", "tony blair", "election", "tax"], "blair, election, tax"),
        (["one"], "one"),
        ([], "(empty topic)"),
    ],
)
def test_label_skips_terms_repeating_a_picked_word(terms: list[str], label: str) -> None:
    assert make_label(terms) == label
