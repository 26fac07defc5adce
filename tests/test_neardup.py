import random

import numpy as np
import pytest

from ingest.neardup import NearDupIndex, NearDupOptions, estimate_jaccard, minhash

WIRE = (
    "The port authority said on Tuesday that container traffic through the northern terminal had fallen "
    "by a fifth since January, as shipping lines rerouted vessels around the strait after a series of "
    "attacks on merchant ships. Officials expect the decline to continue into the summer, and dock "
    "workers' unions have warned that hundreds of temporary jobs are at risk. The authority has asked "
    "the transport ministry for emergency funding to keep the terminal's night shifts running, and said "
    "it would publish revised forecasts for the year at the end of the month. Freight rates on the "
    "route have nearly doubled, according to figures from two large brokers, while insurers have "
    "raised premiums for vessels that still use the strait. Exporters of fruit and machinery say the "
    "delays have added up to twelve days to deliveries and that some buyers have cancelled orders. "
    "At the terminal itself, several berths stood empty on Tuesday morning and cranes were idle for "
    "most of the day shift. A spokesman for the largest stevedoring firm said the company had cut "
    "overtime and frozen hiring, but had not yet laid anyone off. Local businesses that supply the "
    "port, from canteens to repair yards, report a sharp fall in orders. The regional chamber of "
    "commerce has called a meeting with the port authority next week to discuss support for small "
    "firms, and opposition councillors want the city to defer business rates for the worst affected. "
    "Navy patrols in the strait were stepped up last month, but shipping lines say they will not "
    "return until insurers cut the surcharge and the attacks have stopped for several weeks."
)
SAME_TOPIC = (
    "Shipping companies are steering clear of the strait after repeated attacks, and the northern "
    "terminal is feeling it: volumes are down roughly twenty percent this year. Dockers fear for "
    "temporary posts, and the port has turned to the ministry for money to keep night operations "
    "going. Brokers report freight rates close to double their level in January, and insurers now "
    "charge more for ships that keep using the route. Fruit and machinery exporters complain of "
    "deliveries running up to twelve days late and of cancelled orders from buyers abroad."
)


def edited(text: str, edits: int, seed: int) -> str:
    """A syndicated copy: new headline, a few words changed, a byline and a newsletter plug added."""
    rng = random.Random(seed)
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(["reportedly", "sharply", "local", "key"])
    return (
        "Port traffic slumps as ships avoid strait\nBy Staff Reporter\n"
        + " ".join(words)
        + "\nSign up for our daily briefing."
    )


def test_copy_with_small_edits_is_found() -> None:
    index = NearDupIndex()
    assert index.add(1, WIRE) is None
    assert index.add(2, edited(WIRE, 3, seed=1)) == 1


def test_different_article_on_the_same_topic_is_not_a_duplicate() -> None:
    index = NearDupIndex()
    index.add(1, WIRE)
    assert index.add(2, SAME_TOPIC) is None


@pytest.mark.parametrize("seed", range(5))
def test_copies_point_to_the_earliest_original(seed: int) -> None:
    index = NearDupIndex()
    index.add(10, "An unrelated article about a football match in the rain, won late by the home side.")
    index.add(11, WIRE)
    first = edited(WIRE, 2, seed)
    assert index.add(12, first) == 11
    assert index.add(13, edited(first, 2, seed + 100)) == 11
    assert len(index) == 4


def test_estimated_jaccard_tracks_the_edit_size() -> None:
    options = NearDupOptions()
    original = minhash(WIRE, options)
    assert original is not None
    close, far = minhash(edited(WIRE, 2, 0), options), minhash(edited(WIRE, 40, 0), options)
    assert close is not None and far is not None
    assert estimate_jaccard(original, close) > 0.75 > 0.5 > estimate_jaccard(original, far)


def test_signatures_are_deterministic_for_a_seed() -> None:
    a, b = minhash(WIRE, NearDupOptions(seed=3)), minhash(WIRE, NearDupOptions(seed=3))
    other = minhash(WIRE, NearDupOptions(seed=4))
    assert a is not None and b is not None and other is not None
    assert a.dtype == np.uint32 and a.size == NearDupOptions().num_perm
    assert np.array_equal(a, b) and not np.array_equal(a, other)


def test_index_rebuilds_from_stored_signatures() -> None:
    live, rebuilt = NearDupIndex(), NearDupIndex()
    texts = [WIRE, SAME_TOPIC, edited(WIRE, 3, 7)]
    stored = []
    for i, text in enumerate(texts):
        live.add(i, text)
        stored.append(live.signature(text))
    results = [
        rebuilt.add_signature(i, np.frombuffer(s.tobytes(), dtype=np.uint32))
        for i, s in enumerate(stored)
        if s is not None
    ]
    assert results == [None, None, 0]


@pytest.mark.parametrize("text", ["", "  ...  ", "Short one"])
def test_empty_and_short_texts(text: str) -> None:
    index = NearDupIndex()
    first = index.add(1, text)
    second = index.add(2, text)
    assert first is None
    assert second == (None if not any(c.isalnum() for c in text) else 1)
