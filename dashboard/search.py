"""The search box's little language: words, "quoted phrases", OR between terms, NOT or -term to exclude.

Terms side by side must all match; ``OR`` joins the terms either side of it into one group, of which any
may match (``putin kim OR xi`` is putin AND (kim OR xi)). A term matches when it appears anywhere in an
article's title or text, ignoring case. The parser is pure: it never fails, whatever it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A quoted phrase (closing quote optional), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})
MAX_TERMS = 20  # one clause per term reaches the database; a pasted essay should not


@dataclass(frozen=True)
class Term:
    """One word or phrase to look for; ``negated`` terms must not appear."""

    text: str
    negated: bool = False
    phrase: bool = False

    def describe(self) -> str:
        shown = f'"{self.text}"' if self.phrase else self.text
        return f"NOT {shown}" if self.negated else shown


@dataclass(frozen=True)
class SearchQuery:
    """All clauses must hold; a clause holds when any of its terms does."""

    clauses: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def describe(self) -> str:
        """The query as read back to the user: ``putin AND (kim OR xi) AND NOT "air strike"``."""
        return " AND ".join(_describe_clause(c) for c in self.clauses)


def _describe_clause(clause: tuple[Term, ...]) -> str:
    text = " OR ".join(t.describe() for t in clause)
    return f"({text})" if len(clause) > 1 else text


@dataclass(frozen=True)
class _Token:
    text: str
    negated: bool
    phrase: bool


def _tokens(raw: str) -> list[_Token]:
    found: list[_Token] = []
    for match in _TOKEN.finditer(raw.translate(_QUOTES)):
        minus, phrase, word = match.groups()
        if word is None:
            text = " ".join(phrase.split())
            if text:
                found.append(_Token(text, bool(minus), True))
        elif word.startswith("-"):
            if word.lstrip("-"):
                found.append(_Token(word.lstrip("-"), True, False))
        else:
            found.append(_Token(word, False, False))
    return found


def _terms(tokens: list[_Token]) -> list[Term | str]:
    """Terms with NOT applied, and the bare string "OR" where the user wrote it."""
    out: list[Term | str] = []
    negate = False
    for token in tokens:
        if not token.phrase and token.text in ("OR", "NOT") and not token.negated:
            if token.text == "NOT":
                negate = True
            else:
                out.append("OR")
            continue
        out.append(Term(token.text, token.negated != negate, token.phrase))
        negate = False
    return out


def parse_search(raw: str) -> SearchQuery:
    """Parse the search box; OR without a term on both sides is ignored, as is a trailing NOT."""
    clauses: list[list[Term]] = []
    joining = False
    for item in _terms(_tokens(raw))[: MAX_TERMS * 2]:
        if item == "OR":
            joining = bool(clauses)
        elif isinstance(item, Term):
            if joining:
                clauses[-1].append(item)
            else:
                clauses.append([item])
            joining = False
    kept = [tuple(dict.fromkeys(c)) for c in clauses][:MAX_TERMS]
    return SearchQuery(tuple(kept))
