"""Near-duplicates (syndicated and wire copies): MinHash over word 5-gram shingles with LSH banding.

Two texts are near-duplicates when the Jaccard similarity of their sets of word 5-grams reaches the
threshold. Every edited word removes up to five shingles, so a 150-word wire item with a new headline, a
byline and three changed words is already down to about 0.73; the default is therefore 0.7, still far
above rewrites of the same news by another outlet (below 0.05 in our tests).
Each text gets ``num_perm`` seeded min-hashes; the signature is cut into bands of ``rows`` values and two
texts become candidates when any band is identical, then the candidate is confirmed on the full signature.
With 24 bands of 5 rows a pair at Jaccard 0.7 is a candidate with probability 0.99, at 0.5 with 0.54 and at
0.3 with 0.06, so confirmation work stays small. Hashes are seeded constants, never Python's ``hash()``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from ingest.textfeatures import mix64, tokenize

_SHINGLE_BASE = np.uint64(0x100000001B3)
_BAND_WEIGHTS = mix64(np.arange(1, 65, dtype=np.uint64)) | np.uint64(1)  # odd weights of the rows in a band


@dataclass(frozen=True)
class NearDupOptions:
    """MinHash and banding parameters; ``num_perm`` must equal ``bands * rows``."""

    threshold: float = 0.7
    shingle: int = 5
    bands: int = 24
    rows: int = 5
    seed: int = 0
    max_chars: int = 20_000  # a copy shows in its first pages; very long texts are cut for speed

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


def permutations(options: NearDupOptions) -> tuple[np.ndarray, np.ndarray]:
    """Seeded multipliers (odd) and offsets of the hash functions ``a * x + b mod 2**64``."""
    rng = np.random.default_rng([options.seed, 0x6D696E68])
    a = rng.integers(0, 2**63, size=options.num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=options.num_perm, dtype=np.uint64)
    return a, b


def shingles(text: str, size: int) -> np.ndarray:
    """Hashes of the word ``size``-grams of a text (one hash of all its words when it is shorter)."""
    words = tokenize([text]).hashes
    count = max(words.size - size + 1, 1 if words.size else 0)
    acc = words[:count]
    # A polynomial over the word hashes, mixed once, is cheaper than mixing after every word.
    for j in range(1, min(size, words.size)):
        acc = acc * _SHINGLE_BASE + words[j : j + count]
    return mix64(acc)


def minhash(
    text: str, options: NearDupOptions, perms: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray | None:
    """The MinHash signature (uint32, ``num_perm`` values) of a text, or None when it has no words."""
    grams = shingles(text[: options.max_chars], options.shingle)
    if grams.size == 0:
        return None
    a, b = perms or permutations(options)
    # x is already a mixed 64-bit hash, so an odd multiply-add is a good enough permutation of it.
    values = np.min(grams[:, None] * a[None, :] + b[None, :], axis=0)
    return (values >> np.uint64(32)).astype(np.uint32)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the shingle-set Jaccard similarity."""
    return float(np.mean(a == b))


@dataclass
class NearDupIndex:
    """An in-memory LSH index; ``add`` returns the id of the original an article copies, or None."""

    options: NearDupOptions = field(default_factory=NearDupOptions)
    _ids: list[int] = field(default_factory=list, init=False, repr=False)
    _roots: list[int] = field(default_factory=list, init=False, repr=False)  # the original each text copies
    _signatures: list[np.ndarray] = field(default_factory=list, init=False, repr=False)
    _times: list[float] = field(default_factory=list, init=False, repr=False)  # POSIX seconds, for windows
    _tables: list[dict[int, list[int]]] = field(default_factory=list, init=False, repr=False)
    _perms: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._perms = permutations(self.options)
        self._tables = [{} for _ in range(self.options.bands)]

    def __len__(self) -> int:
        return len(self._ids)

    def signature(self, text: str) -> np.ndarray | None:
        """The text's MinHash signature under this index's seeded hash functions."""
        return minhash(text, self.options, self._perms)

    def add(self, id: int, text: str) -> int | None:
        """Index a text; return the id of the earliest indexed near-duplicate's original, or None."""
        sig = self.signature(text)
        return None if sig is None else self.add_signature(id, sig)

    def add_signature(self, id: int, sig: np.ndarray) -> int | None:
        """Index a stored signature (rebuilding the index needs no text); same result as ``add``."""
        match = self.find(sig)
        self.insert(id, sig, id if match is None else match)
        return match

    def insert(self, id: int, sig: np.ndarray, root: int, when: float = 0.0) -> None:
        """Index a signature whose original is already known."""
        slot = len(self._ids)
        for table, key in zip(self._tables, self.band_keys(sig), strict=True):
            table.setdefault(key, []).append(slot)
        self._ids.append(id)
        self._roots.append(root)
        self._signatures.append(sig)
        self._times.append(when)

    def find(self, sig: np.ndarray, not_before: float = -math.inf) -> int | None:
        """The original of the earliest indexed text from ``not_before`` on that reaches the threshold."""
        candidates = sorted(
            {
                s
                for table, key in zip(self._tables, self.band_keys(sig), strict=True)
                for s in table.get(key, ())
            }
        )
        for slot in candidates:
            if self._times[slot] < not_before:
                continue
            if estimate_jaccard(sig, self._signatures[slot]) >= self.options.threshold:
                return self._roots[slot]
        return None

    def band_keys(self, sig: np.ndarray) -> list[int]:
        """One 64-bit key per band of ``rows`` signature values."""
        bands = sig.astype(np.uint64).reshape(self.options.bands, self.options.rows)
        return mix64(bands @ _BAND_WEIGHTS[: self.options.rows]).tolist()


@dataclass
class RollingNearDupIndex:
    """Near-duplicates among articles at most ``window`` apart, in bounded memory.

    Two generations of ``NearDupIndex``: texts go into the newer one; when it spans ``window`` the older
    one is dropped, so both together always hold the last ``window``; older texts in them are skipped,
    so the answer does not depend on where a pass started.
    """

    window: timedelta
    options: NearDupOptions = field(default_factory=NearDupOptions)
    _older: NearDupIndex | None = field(default=None, init=False, repr=False)
    _newer: NearDupIndex | None = field(default=None, init=False, repr=False)
    _started: datetime | None = field(default=None, init=False, repr=False)
    _perms: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._perms = permutations(self.options)

    def signature(self, text: str) -> np.ndarray | None:
        return minhash(text, self.options, self._perms)

    def add_signature(self, id: int, sig: np.ndarray, when: datetime, root: int | None = None) -> int | None:
        """Index an article published at ``when`` (in time order); the original it copies, or None.

        ``root`` is the original already known for it (a stored decision), which later copies inherit.
        """
        if self._newer is None or self._started is None or when - self._started >= self.window:
            self._older, self._newer, self._started = self._newer, NearDupIndex(self.options), when
        not_before = (when - self.window).timestamp()
        match = self._older.find(sig, not_before) if self._older is not None else None
        if match is None:
            match = self._newer.find(sig, not_before)
        self._newer.insert(id, sig, root or match or id, when.timestamp())
        return match
