"""Text features shared by topics, stories and near-duplicates: vectorised tokens with stable 64-bit hashes.

Tokenising in numpy instead of a Python regex per word is what lets topics fit 100k articles in a minute:
texts are joined into one byte array, word boundaries and token hashes are computed with array operations,
and every later step works on uint64 hashes (strings are only decoded for the few terms shown to people).
Hashes are seeded constants, never Python's salted ``hash()``, so results repeat across processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words that carry no topic or event in news copy: reporting verbs, bylines, page furniture, weekdays.
_BOILERPLATE = """
    said says say saying told tells tell according reported reports reporting report added asked
    mr mrs ms dr just like also would could including new year years week weeks month months
    day days time times people percent cent per
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    reuters ap afp associated press agency news copyright rights reserved getty images image photo
    photograph caption pictured file video watch read click share email subscribe newsletter sign
    advertisement related articles article story stories follow twitter facebook instagram updated
    published comments comment don doesn didn isn wasn aren weren won ll ve
"""
NEWS_BOILERPLATE = frozenset(_BOILERPLATE.split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | NEWS_BOILERPLATE

_WORD_BYTES = np.zeros(256, dtype=bool)
_WORD_BYTES[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = True
_WORD_BYTES[0x80:] = True  # UTF-8 lead and continuation bytes: accented and non-Latin letters
_DIGIT_BYTES = np.zeros(256, dtype=bool)
_DIGIT_BYTES[np.frombuffer(b"0123456789", dtype=np.uint8)] = True
_MAX_TOKEN_BYTES = 24  # longer tokens (URLs, run-ons) are hashed on their first 24 bytes
# _LOW_BYTES[j][n]: mask of the bytes of word j (bytes 8j..8j+7) that belong to a token of n bytes.
_LOW_BYTES = np.array(
    [[(1 << (8 * min(max(n - 8 * j, 0), 8))) - 1 for n in range(_MAX_TOKEN_BYTES + 1)] for j in range(3)],
    dtype=np.uint64,
)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)
_PAIR = np.uint64(0x9E3779B97F4A7C15)
_WORD_MULTIPLIERS = (
    np.uint64(0xD6E8FEB86659FD93),
    np.uint64(0xA0761D6478BD642F),
    np.uint64(0xE7037ED1A0B428DB),
)
_SPACES = re.compile(r"[\W_]+")


def mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a fast bijective scramble of uint64 values."""
    x = x ^ (x >> _S30)
    x *= _MIX1
    x ^= x >> _S27
    x *= _MIX2
    return x ^ (x >> _S31)


def combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """An order-sensitive hash of two hash arrays (for bigrams and shingles)."""
    return mix64(a * _PAIR + b)


@dataclass(frozen=True)
class Tokens:
    """The word tokens of a batch of texts: hash, document index and byte span of each token."""

    hashes: np.ndarray  # uint64
    doc: np.ndarray  # int64, index into the batch
    starts: np.ndarray  # byte offsets into ``data``
    ends: np.ndarray
    data: bytes  # the lower-cased UTF-8 texts joined by NUL bytes
    n_docs: int

    def select(self, keep: np.ndarray) -> Tokens:
        """The tokens where ``keep`` is true, in order."""
        return Tokens(
            self.hashes[keep], self.doc[keep], self.starts[keep], self.ends[keep], self.data, self.n_docs
        )

    def join(self, other: Tokens) -> Tokens:
        """These tokens followed by ``other``'s (both from the same batch of texts)."""
        return Tokens(
            np.concatenate([self.hashes, other.hashes]),
            np.concatenate([self.doc, other.doc]),
            np.concatenate([self.starts, other.starts]),
            np.concatenate([self.ends, other.ends]),
            self.data,
            self.n_docs,
        )

    def surface(self, start: int, end: int) -> str:
        """Readable text of a byte span, with punctuation runs collapsed to single spaces."""
        return _SPACES.sub(" ", self.data[start:end].decode("utf-8", errors="replace")).strip()


def tokenize(texts: Sequence[str]) -> Tokens:
    """Lower-cased alphanumeric tokens of every text (apostrophes and punctuation split words)."""
    data = "\x00".join(t.replace("\x00", " ") for t in texts).lower().encode("utf-8")
    raw = np.frombuffer(data, dtype=np.uint8)
    word = _WORD_BYTES[raw]
    _blank_unicode_punctuation(raw, word)
    padded = np.zeros(word.size + 2, dtype=bool)
    padded[1:-1] = word
    starts = np.flatnonzero(padded[1:] & ~padded[:-1])
    ends = np.flatnonzero(padded[:-1] & ~padded[1:])
    hashes = _hash_spans(data, starts, ends)
    doc = np.searchsorted(np.flatnonzero(raw == 0), starts)
    return Tokens(hashes, doc, starts, ends, data, len(texts))


def _blank_unicode_punctuation(raw: np.ndarray, word: np.ndarray) -> None:
    """Mark curly quotes, dashes (U+2000–U+206F) and Latin-1 signs (U+00A0–U+00BF) as separators."""
    if raw.size < 3:
        return
    general = np.flatnonzero((raw[:-2] == 0xE2) & ((raw[1:-1] == 0x80) | (raw[1:-1] == 0x81)))
    for k in range(3):
        word[general + k] = False
    latin = np.flatnonzero((raw[:-1] == 0xC2) & (raw[1:] >= 0xA0))
    word[latin] = False
    word[latin + 1] = False


def _hash_spans(data: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hash each byte span: up to three little-endian 64-bit words, combined linearly, then mixed once."""
    padded = data + bytes(_MAX_TOKEN_BYTES + 8)
    # An unaligned view with a one-byte stride reads the 8 bytes starting at any offset in one gather.
    words = np.ndarray((len(data) + _MAX_TOKEN_BYTES,), dtype="<u8", buffer=padded, strides=(1,))
    lengths = np.minimum(ends - starts, _MAX_TOKEN_BYTES)
    h = lengths.astype(np.uint64)
    for j, multiplier in enumerate(_WORD_MULTIPLIERS):
        h += (words[starts + 8 * j] & _LOW_BYTES[j][lengths]) * multiplier
    return mix64(h)


@dataclass(frozen=True)
class HashTable:
    """An open-addressing table from uint64 hashes to row numbers; lookups are vectorised."""

    keys: np.ndarray  # uint64, 0 marks an empty slot
    values: np.ndarray  # int64
    max_probe: int

    @classmethod
    def build(cls, hashes: np.ndarray) -> HashTable:
        """A table mapping ``hashes[i]`` to ``i``, at most a quarter full so probes stay short."""
        size = 1 << max(4, int(hashes.size * 4 - 1).bit_length())
        keys = np.zeros(size, dtype=np.uint64)
        values = np.full(size, -1, dtype=np.int64)
        longest = 0
        for i, h in enumerate(hashes.tolist()):
            slot, probe = h & (size - 1), 0
            while keys[slot] and keys[slot] != h:
                slot, probe = (slot + 1) & (size - 1), probe + 1
            keys[slot], values[slot] = h, i
            longest = max(longest, probe)
        return cls(keys, values, longest)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """The row of each hash, or -1 when it is not in the table."""
        # Binary search in a sorted array spent half of vectorising on cache misses; here a probe is a gather.
        out = np.full(hashes.size, -1, dtype=np.int64)
        mask = np.uint64(self.keys.size - 1)
        pending = np.arange(hashes.size)
        slot = (hashes & mask).astype(np.int64)
        for _ in range(self.max_probe + 1):
            found = self.keys[slot]
            hit = found == hashes[pending]
            out[pending[hit]] = self.values[slot[hit]]
            more = ~hit & (found != 0)
            pending, slot = pending[more], (slot[more] + 1) & int(mask)
            if pending.size == 0:
                break
        return out


def hash_words(words: Iterable[str]) -> np.ndarray:
    """Sorted unique hashes of single words, hashed exactly as ``tokenize`` hashes them."""
    tokens = tokenize([" ".join(words)])
    return np.unique(tokens.hashes)


_STOP_TABLE = HashTable.build(hash_words(STOP_WORDS))


def content_tokens(tokens: Tokens, min_bytes: int = 2) -> Tokens:
    """Drop stop words, numbers (tokens starting with a digit) and tokens shorter than ``min_bytes``."""
    if tokens.hashes.size == 0:
        return tokens
    raw = np.frombuffer(tokens.data, dtype=np.uint8)
    keep = (tokens.ends - tokens.starts >= min_bytes) & ~_DIGIT_BYTES[raw[tokens.starts]]
    keep &= _STOP_TABLE.lookup(tokens.hashes) < 0
    return tokens.select(keep)


def ngrams(tokens: Tokens, n: int) -> Tokens:
    """Hashes of runs of ``n`` consecutive tokens within one document; spans cover the whole run."""
    if n == 1:
        return tokens
    count = max(tokens.hashes.size - n + 1, 0)
    h = tokens.hashes[:count]
    for j in range(1, n):
        h = combine(h, tokens.hashes[j : j + count])
    same = tokens.doc[:count] == tokens.doc[n - 1 : n - 1 + count]
    return Tokens(
        h[same],
        tokens.doc[:count][same],
        tokens.starts[:count][same],
        tokens.ends[n - 1 : n - 1 + count][same],
        tokens.data,
        tokens.n_docs,
    )
