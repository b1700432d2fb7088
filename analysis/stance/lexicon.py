"""The general cue lexicons (``analysis/data/stance_lexicon.json``) as a ``span_ruler``, and
the evaluation lexicon (VADER's word valences, with a few documented additions).

Nothing here is specific to a target: target words live in the target's JSON
(:mod:`analysis.stance.target`).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from analysis.config import DATA_DIR
from analysis.stance.target import entry_patterns, run_ruler

LEXICON_PATH = DATA_DIR / "stance_lexicon.json"
CUE_SPANS_KEY = "stance_cues"


@functools.lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> dict:
    return json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))


def family(name: str) -> dict:
    return load_lexicon()["families"][name]


@functools.lru_cache(maxsize=1)
def _ruler():
    from analysis.rulers import span_ruler

    lex = load_lexicon()
    pats = []
    for fam, spec in lex["families"].items():
        for entry in spec["terms"]:
            pats += [{"label": fam, "pattern": p} for p in entry_patterns(entry)]
    for entry in lex["concessive"]["markers"]:
        pats += [{"label": "concessive", "pattern": p} for p in entry_patterns(entry)]
    return span_ruler("stance_cues", CUE_SPANS_KEY, pats)


def annotate_cues(doc):
    """Write every general cue into ``doc.spans[CUE_SPANS_KEY]`` (label = family), longest
    match first where cues overlap ("no doubt" over "doubt")."""
    from spacy.util import filter_spans

    run_ruler(_ruler(), doc)
    doc.spans[CUE_SPANS_KEY] = sorted(filter_spans(list(doc.spans[CUE_SPANS_KEY])),
                                      key=lambda sp: sp.start)
    return doc


@functools.lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """Word -> valence (-4..4): VADER's lexicon file, then the additions in the lexicon JSON."""
    import importlib.resources

    out: dict[str, float] = {}
    text = importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8", errors="replace")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            try:
                out[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    out.update({k.lower(): float(v) for k, v in load_lexicon()["evaluation"]["additions"].items()})
    return out


def valence(tok) -> float:
    """The valence of a token (its lower-case form, else its lemma); 0 when below the lexicon's
    ``min_valence`` or not a content word."""
    if tok.pos_ not in ("ADJ", "VERB", "NOUN", "ADV"):
        return 0.0
    v = valences()
    val = v.get(tok.lower_, v.get(tok.lemma_.lower(), 0.0))
    return val if abs(val) >= load_lexicon()["evaluation"]["min_valence"] else 0.0
