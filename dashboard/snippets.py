"""The sentence around a mention, cut from a window of article text; pure, so its edges are tested."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (and any closing quote or bracket) before white space, or at a line break.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


def sentence_around(window: str, offset: int, cut_before: bool = False, cut_after: bool = False) -> str:
    """The sentence of ``window`` holding ``offset``; "…" marks a side where the window cut the text short."""
    offset = max(0, min(offset, len(window)))
    start = 0
    for match in _END.finditer(window, 0, offset):
        start = match.end()
    found = _END.search(window, offset)
    end = found.end() if found else len(window)
    head = "…" if start == 0 and cut_before else ""
    tail = "…" if found is None and cut_after else ""
    return f"{head}{window[start:end].strip()}{tail}"
