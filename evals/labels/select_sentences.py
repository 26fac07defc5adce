"""Deterministic selection of the sentences for the country / person / organisation labels.

Run from the repository root::

    python -m evals.labels.select_sentences [--data-dir ../shared/data] [--out FILE] [--show-text]

Prints (or writes to ``--out``) one JSON line per selected sentence: corpus, doc, start, end, sha1,
group and the reason it was picked.  ``--show-text`` adds the sentence text for reading on a
terminal; never write that output into the repository.

Method
------
1. Documents are read exactly as :mod:`evals.labels.corpora` reads them.
2. Sentences: each line of a document is split with ``(?<=[.!?])\\s+(?=[A-Z"“])``; pieces are
   stripped of surrounding whitespace (offsets adjusted).
3. Eligible: 40–350 characters, 6–60 words, English (≥ 95 % of letters ASCII and ≥ 2 common
   English function words), no URL, at most 25 % digit tokens.
4. Each sentence is flagged ``caps`` when a word after the first starts with a capital letter.
5. Quotas per stratum (bbc section, ecbplus, aeb), drawn from a seeded shuffle: 80 % ``caps``,
   20 % ``nocaps`` (negatives); one sentence per document (two for aeb, which has few documents).
6. Tricky cases: for each pattern in ``TRICKY`` (Georgia, Jordan, Chad, Turkey, Washington, the
   West, NATO, EU, Korea, Kremlin, White House, Downing Street, capitals, Jersey/Holland,
   Westminster, Congo/Guinea, demonyms, US/UK variants, language names, country words inside
   names) up to ``k`` more sentences from any corpus, again from a seeded shuffle, at most one per
   document per pattern and never a sentence already taken.  Patterns are processed in order, so
   appending a pattern never changes earlier picks.

7. ``--round N`` (2 to 5) draws a further, purely random set (``LATER_QUOTAS``, seeds of its own) from
   documents no earlier round used, for ``entities-round<N>.jsonl``; each was labelled before any
   detector ran on it.
8. From round 6 the draw is country-dense (``COUNTRY_QUOTAS``): random sentences, again from unused
   documents, among those containing a surface of the country table as frozen in
   ``country-surfaces.txt`` (any case, any use: "turkey" the bird and "Georgia" the state count).
   Random sentences rarely name a country (round 5's test half had 12 such sentences), so country
   precision was measured on few. Every country the detector can report comes from such a surface, so
   precision measured on these sentences is unbiased; recall is measured only for countries written with
   a table surface (the random rounds measure the rest).

9. From round 17 (``RANDOM_AGAIN``) the draw is random again (``LATER_QUOTAS``): the country-dense
   sentences of unused documents ran out with round 16.

``--check`` verifies that the labels file of the round references exactly the sentences selected
here.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from evals.labels.corpora import (
    CORPORA,
    ROUND_PATHS,
    Corpus,
    Document,
    default_data_dir,
    iter_documents,
    read_records,
    sha1,
)

SEED = 20240611

SENTENCE_SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-Z"“])')
WORD = re.compile(r"\S+")
CAP_WORD = re.compile(r"[A-Z][A-Za-z]")
FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "is", "was", "for", "that", "with", "has", "have", "had", "said"]
    + ["are", "were", "it", "this", "be", "by", "from", "on", "at"]
)

MIN_CHARS, MAX_CHARS = 40, 350
MIN_WORDS, MAX_WORDS = 6, 60
CAPS_SHARE = 0.8

# stratum -> number of randomly drawn sentences (before the tricky ones)
QUOTAS: dict[tuple[Corpus, str], int] = {
    ("bbc", "politics"): 26,
    ("bbc", "business"): 26,
    ("bbc", "tech"): 16,
    ("bbc", "entertainment"): 15,
    ("bbc", "sport"): 15,
    ("ecbplus", "*"): 92,
    ("aeb", "*"): 80,
}
PER_DOC = {"bbc": 1, "ecbplus": 1, "aeb": 2}

# Later rounds, drawn before any detector ran on them: random sentences only, from documents no earlier
# round touched, with seeds of their own ("r2:", "r3:" tags).
LATER_QUOTAS: dict[tuple[Corpus, str], int] = {
    ("bbc", "politics"): 24,
    ("bbc", "business"): 24,
    ("bbc", "tech"): 24,
    ("bbc", "entertainment"): 24,
    ("bbc", "sport"): 24,
    ("ecbplus", "*"): 90,
    ("aeb", "*"): 90,
}

# Rounds from COUNTRY_ROUNDS on: sentences with a country word ("r6:" tags). The words are the country
# table's surfaces as they stood when round 6 was drawn, frozen in a file: a table edit must not change
# which sentences earlier rounds hold (round 9 was first drawn with a newer table, which reshuffled rounds
# 6-8 under it and let it reuse their documents; it was drawn again with the frozen words).
COUNTRY_ROUNDS = 6
COUNTRY_WORDS = Path(__file__).with_name("country-surfaces.txt")
# From round 17 on the draw is random again: rounds 6-16 used up BBC's and ECB+'s country-dense sentences,
# and what is left (ECB+ above all) is rich in persons and organisations.
RANDOM_AGAIN = 17
COUNTRY_QUOTAS: dict[tuple[Corpus, str], int] = {
    ("bbc", "politics"): 30,
    ("bbc", "business"): 30,
    ("bbc", "tech"): 30,
    ("bbc", "entertainment"): 30,
    ("bbc", "sport"): 30,
    ("ecbplus", "*"): 90,
}

# name -> (pattern, how many sentences to add)
TRICKY: dict[str, tuple[str, int]] = {
    "georgia": (r"\bGeorgian?\b", 3),
    "jordan": (r"\bJordan", 3),
    "chad": (r"\bChad\b", 2),
    "turkey": (r"\b[Tt]urk(?:ey|ish)\b", 3),
    "washington": (r"\bWashington\b", 3),
    "west": (r"\bthe West\b|\bWestern\b", 3),
    "nato": (r"\bNATO\b|\bNato\b", 2),
    "eu": (r"\bEU\b|\bEuropean Union\b", 3),
    "korea": (r"\bKorea", 3),
    "kremlin": (r"\bKremlin\b", 2),
    "white-house": (r"\bWhite House\b", 2),
    "downing-street": (r"\bDowning Street\b|\bWhitehall\b", 2),
    "capital-metonym": (r"\b(?:Beijing|Moscow|Tehran|Pyongyang|Brussels)\b", 3),
    "jersey-holland": (r"\bJersey\b|\bHolland\b", 2),
    "congo-guinea": (r"\bCongo\b|\b[Gg]uinea\b|\bDominica", 2),
    "korea-bare": (r"(?<!North )(?<!South )\bKorea\b", 2),
    "holland": (r"\bHolland\b", 2),
    "westminster": (r"\bWestminster\b", 2),
    "congo": (r"\bCongo", 1),
    "demonym": (
        r"\b(?:Iraqi|Russian|French|German|Iranian|Israeli|Palestinian|Indian|Brazilian|Mexican)\b",
        4,
    ),
    "us-variants": (r"\bthe US\b|\bU\.S\.|\bAmerica\b", 2),
    "uk-variants": (r"\bBritish\b|\bEnglish\b|\bWelsh\b|\bScots?\b", 3),
    "language": (r"\bin (?:English|French|Spanish|German|Chinese|Arabic|Russian)\b", 2),
    "country-in-name": (r"\bBritish Airways\b|\bBank of [A-Z]|\bAmerican (?:Airlines|Express|Idol)\b", 2),
    "language-name": (
        r"\b(?:speak|speaks|spoken|language|subtitles|translated into) "
        r"(?:English|French|Spanish|German|Arabic|Mandarin|Russian)\b"
        r"|\b(?:English|French|Spanish|Arabic)-language\b",
        2,
    ),
}


@dataclass(frozen=True)
class Candidate:
    corpus: Corpus
    doc: str
    start: int
    end: int
    sha1: str
    group: str
    caps: bool
    reason: str


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: per line, then the sentence regex; whitespace trimmed."""
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        bounds: list[tuple[int, int]] = []
        prev = 0
        for m in SENTENCE_SPLIT.finditer(line):
            bounds.append((prev, m.start()))
            prev = m.end()
        bounds.append((prev, len(line)))
        for s, e in bounds:
            chunk = line[s:e]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            s2 = line_start + s + lead
            yield s2, s2 + len(stripped)


def is_english(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < 0.95:
        return False
    words = {w.lower().strip('.,;:"“”()') for w in sentence.split()}
    return len(words & FUNCTION_WORDS) >= 2


def eligible(sentence: str) -> bool:
    words = WORD.findall(sentence)
    if not (MIN_CHARS <= len(sentence) <= MAX_CHARS and MIN_WORDS <= len(words) <= MAX_WORDS):
        return False
    if "http" in sentence or "www." in sentence:
        return False
    if sum(any(c.isdigit() for c in w) for w in words) > 0.25 * len(words):
        return False
    return is_english(sentence)


def has_caps_beyond_first(sentence: str) -> bool:
    words = WORD.findall(sentence)
    return any(CAP_WORD.match(w.lstrip("\"“‘('")) for w in words[1:])


def candidates(docs: Iterable[Document]) -> Iterator[Candidate]:
    for doc in docs:
        for s, e in split_sentences(doc.text):
            sent = doc.text[s:e]
            if eligible(sent):
                yield Candidate(
                    doc.corpus, doc.doc_id, s, e, sha1(sent), doc.group, has_caps_beyond_first(sent), ""
                )


def _shuffled(items: list[Candidate], tag: str) -> list[Candidate]:
    out = list(items)
    random.Random(f"{SEED}:{tag}").shuffle(out)
    return out


def _random_picks(
    pool: dict[Corpus, list[Candidate]], quotas: dict[tuple[Corpus, str], int], prefix: str = ""
) -> list[Candidate]:
    """Per stratum, a seeded shuffle's first quota sentences (80 % caps), PER_DOC per document."""
    chosen: list[Candidate] = []
    per_doc: Counter[tuple[str, str]] = Counter()
    for (corpus, group), quota in quotas.items():
        stratum = [c for c in pool[corpus] if group == "*" or c.group == group]
        n_caps = round(quota * CAPS_SHARE)
        for want_caps, n in ((True, n_caps), (False, quota - n_caps)):
            got = 0
            tag = f"{prefix}{corpus}:{group}:{want_caps}"
            for c in _shuffled([c for c in stratum if c.caps == want_caps], tag):
                if got >= n:
                    break
                if per_doc[(c.corpus, c.doc)] >= PER_DOC[c.corpus]:
                    continue
                per_doc[(c.corpus, c.doc)] += 1
                reason = "random:caps" if want_caps else "random:nocaps"
                chosen.append(_with_reason(c, f"{prefix}{reason}"))
                got += 1
    return chosen


def select(pool: dict[Corpus, list[Candidate]], texts: dict[tuple[str, str], str]) -> list[Candidate]:
    chosen = _random_picks(pool, QUOTAS)
    taken = {(c.corpus, c.doc, c.start) for c in chosen}

    everything = [c for corpus in CORPORA for c in pool[corpus]]
    for name, (pattern, k) in TRICKY.items():
        rx = re.compile(pattern)
        hits = [c for c in everything if rx.search(texts[(c.corpus, c.doc)][c.start : c.end])]
        got = 0
        docs_used: set[tuple[str, str]] = set()
        for c in _shuffled(hits, f"tricky:{name}"):
            if got >= k:
                break
            if (c.corpus, c.doc, c.start) in taken or (c.corpus, c.doc) in docs_used:
                continue
            taken.add((c.corpus, c.doc, c.start))
            docs_used.add((c.corpus, c.doc))
            chosen.append(_with_reason(c, f"tricky:{name}"))
            got += 1
    return chosen


def select_later(
    pool: dict[Corpus, list[Candidate]],
    texts: dict[tuple[str, str], str],
    earlier: list[Candidate],
    n: int,
) -> list[Candidate]:
    """Round ``n``'s random picks from the documents the ``earlier`` rounds did not use."""
    used = {(c.corpus, c.doc) for c in earlier}
    fresh = {k: [c for c in v if (c.corpus, c.doc) not in used] for k, v in pool.items()}
    if n < COUNTRY_ROUNDS or n >= RANDOM_AGAIN:
        return _random_picks(fresh, LATER_QUOTAS, prefix=f"r{n}:")
    rx = country_surfaces()
    dense = {
        k: [c for c in v if rx.search(texts[c.corpus, c.doc][c.start : c.end])] for k, v in fresh.items()
    }
    return _random_picks(dense, COUNTRY_QUOTAS, prefix=f"r{n}:")


def country_surfaces() -> re.Pattern[str]:
    """Any frozen country word as a whole word, in any case but abbreviations ("US", not "us")."""
    lines = COUNTRY_WORDS.read_text(encoding="utf-8").splitlines()
    surfaces = sorted({line for line in lines if line and not line.startswith("#")}, key=len, reverse=True)
    caps = "|".join(re.escape(s) for s in surfaces if s.isupper())
    other = "|".join(re.escape(s) for s in surfaces if not s.isupper())
    return re.compile(rf"(?<!\w)(?:{caps}|(?i:{other}))(?!\w)")


def read_pool(data_dir: Path) -> tuple[dict[Corpus, list[Candidate]], dict[tuple[str, str], str]]:
    """Every eligible sentence per corpus, and the document texts by (corpus, doc id)."""
    pool: dict[Corpus, list[Candidate]] = {}
    texts: dict[tuple[str, str], str] = {}
    for corpus in CORPORA:
        docs = list(iter_documents(data_dir, corpus))
        texts.update({(d.corpus, d.doc_id): d.text for d in docs})
        pool[corpus] = list(candidates(docs))
    return pool, texts


def select_rounds(
    pool: dict[Corpus, list[Candidate]], texts: dict[tuple[str, str], str], last: int
) -> dict[int, list[Candidate]]:
    """The selection of every round up to ``last``, each drawn from documents the earlier ones left."""
    rounds = {1: select(pool, texts)}
    earlier = list(rounds[1])
    for n in range(2, last + 1):
        rounds[n] = select_later(pool, texts, earlier, n)
        earlier += rounds[n]
    return rounds


def _with_reason(c: Candidate, reason: str) -> Candidate:
    return Candidate(c.corpus, c.doc, c.start, c.end, c.sha1, c.group, c.caps, reason)


def check(chosen: list[Candidate], path: Path) -> int:
    selected = [(c.corpus, c.doc, c.start, c.end, c.sha1) for c in chosen]
    labelled = [(r.corpus, r.doc, r.start, r.end, r.sha1) for r in read_records(path)]
    if selected == labelled:
        print(f"ok: {path.name} matches the {len(selected)} selected sentences")
        return 0
    missing, extra = set(selected) - set(labelled), set(labelled) - set(selected)
    print(f"mismatch: {len(missing)} selected but unlabelled, {len(extra)} labelled but not selected")
    return 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--out", type=Path, help="write JSON lines here instead of stdout")
    ap.add_argument("--show-text", action="store_true", help="include the sentence text (terminal only)")
    ap.add_argument("--check", action="store_true", help="compare the selection with the labels file")
    ap.add_argument("--round", type=int, choices=sorted(ROUND_PATHS), default=1, help="which labelling round")
    args = ap.parse_args(argv)

    pool, texts = read_pool(args.data_dir)
    chosen = select_rounds(pool, texts, args.round)[args.round]
    if args.check:
        return check(chosen, ROUND_PATHS[args.round])
    lines = []
    for c in chosen:
        rec: dict[str, object] = asdict(c)
        if args.show_text:
            rec["text"] = texts[(c.corpus, c.doc)][c.start : c.end]
        lines.append(json.dumps(rec, ensure_ascii=False))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        sys.stdout.write("\n".join(lines) + "\n")
    counts = Counter(c.corpus for c in chosen)
    print(
        f"selected {len(chosen)} sentences: "
        + ", ".join(f"{k}={counts[k]}" for k in CORPORA)
        + f"; caps={sum(c.caps for c in chosen)}; pool sizes: "
        + ", ".join(f"{k}={len(pool[k])}" for k in CORPORA),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
