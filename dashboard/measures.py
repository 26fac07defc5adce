"""How strongly two entities go together, from article counts; pure, so each formula is tested by hand.

- ``articles``: articles naming both (in one sentence, or anywhere in the article, by the chosen level).
- ``jaccard``: articles naming both ÷ articles naming either; 0–1, fair between big and small countries.
- ``pmi``: log2 of how much more often the two appear together than if they were independent,
  (both × all) ÷ (one × other); 0 means chance, and pairs seen in only a few articles swing widely.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

Measure = Literal["articles", "jaccard", "pmi"]
MEASURES: dict[str, str] = {
    "articles": "articles naming both (raw count)",
    "jaccard": "Jaccard: articles naming both ÷ articles naming either",
    "pmi": "PMI: log2(together ÷ expected if independent)",
}


def pair_strength(
    pairs: pd.DataFrame, counts: Mapping[str, int], total: int, measure: Measure
) -> pd.DataFrame:
    """``pairs`` (a, b, articles) with a ``strength`` column; ``counts`` are articles naming each entity."""
    result = pairs.copy()
    result["strength"] = [
        _strength(int(n), counts.get(a, 0), counts.get(b, 0), total, measure)
        for a, b, n in zip(pairs["a"], pairs["b"], pairs["articles"], strict=True)
    ]
    return result.sort_values(["strength", "articles"], ascending=False, ignore_index=True)


def _strength(both: int, one: int, other: int, total: int, measure: Measure) -> float:
    if measure == "jaccard":
        either = one + other - both
        return both / either if either > 0 else 0.0
    if measure == "pmi":
        return math.log2(both * total / (one * other)) if both and one and other and total else math.nan
    return float(both)


def symmetric(pairs: pd.DataFrame, keys: Sequence[str], column: str) -> pd.DataFrame:
    """A keys × keys matrix of ``column`` from pairs (a, b, …); pairs never seen and the diagonal are NaN."""
    matrix = pd.DataFrame(np.nan, index=list(keys), columns=list(keys))
    for a, b, value in zip(pairs["a"], pairs["b"], pairs[column], strict=True):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = matrix.loc[b, a] = value
    return matrix
