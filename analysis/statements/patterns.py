"""The dependency patterns of ``analysis/data/statement_patterns.json`` (content that is not a
clause, speech nouns, role nouns) and the matcher that finds them in a Doc.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from analysis.config import DATA_DIR
from analysis.lexicons import load_lexicon

PATTERNS_PATH = DATA_DIR / "statement_patterns.json"


@dataclass
class PatternHit:
    """What the dependency patterns found for one cue token."""

    content: set = field(default_factory=set)   # token indices whose subtrees are the content
    speaker: object | None = None               # Token, when the pattern names the speaker


#: A cue node's ``"LEMMA": {"IN": LEXICON_LEMMAS}`` in the JSON stands for every lemma of
#: ``reporting_verbs.csv`` (one copy of the lexicon); ``NOMINAL_CUES`` for every noun of the
#: JSON's ``nominal_cues``.
LEXICON_LEMMAS = "reporting_verbs.csv"
NOMINAL_CUES = "nominal_cues"


@functools.lru_cache(maxsize=1)
def nominal_cues() -> dict:
    """Speech nouns ("claim", "warning") -> the lexicon verb lemma they name ("claim", "warn")."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return dict(data.get("nominal_cues", {}))


@functools.lru_cache(maxsize=1)
def _pattern_specs() -> tuple:
    """``(name, DependencyMatcher pattern)`` pairs from ``analysis/data/statement_patterns.json``."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    expand = {LEXICON_LEMMAS: sorted(load_lexicon().lemmas), NOMINAL_CUES: sorted(nominal_cues())}
    for p in data["patterns"]:
        for node in p["pattern"]:
            lemma = node.get("RIGHT_ATTRS", {}).get("LEMMA")
            if isinstance(lemma, dict) and isinstance(lemma.get("IN"), str):
                lemma["IN"] = expand[lemma["IN"]]
    return tuple((p["name"], p["pattern"]) for p in data["patterns"])


@functools.lru_cache(maxsize=1)
def role_nouns() -> frozenset:
    """Singular role nouns that name one person ("the foreign minister", "the president")."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return frozenset(data["role_nouns"])


@functools.lru_cache(maxsize=256)
def _dep_matcher(vocab, names: tuple[str, ...]):
    """A ``DependencyMatcher`` of the named patterns, added in the data file's order."""
    from spacy.matcher import DependencyMatcher

    m = DependencyMatcher(vocab)
    for name, pattern in _pattern_specs():
        if name in names:
            m.add(name, [pattern])
    return m


@functools.lru_cache(maxsize=1)
def _patterns_by_cue_lemma() -> dict[str, frozenset]:
    """Cue lemma -> names of the patterns whose cue node can have that lemma."""
    out: dict[str, set] = {}
    for name, pattern in _pattern_specs():
        for lemma in pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"]:
            out.setdefault(lemma, set()).add(name)
    return {lemma: frozenset(names) for lemma, names in out.items()}


@functools.lru_cache(maxsize=1)
def _patterns_by_lemma_id() -> dict[int, frozenset]:
    """:func:`_patterns_by_cue_lemma` keyed by the lemmas' string ids (only sentences holding
    one of them are matched)."""
    from spacy.strings import get_string_id

    return {get_string_id(lemma): names for lemma, names in _patterns_by_cue_lemma().items()}


def find_pattern_hits(doc) -> dict[int, PatternHit]:
    """Cue token index -> content roots (and speaker) found by the dependency patterns.

    The DependencyMatcher runs only over sentences that hold an anchor lemma in a verb or
    noun slot, and with only the patterns whose cue lemma occurs in the sentence: its cost
    grows with the tokens and the pattern nodes it is given, not with the matches. Matches
    come in the data file's pattern order, as from one matcher of every pattern.
    """
    specs = dict(_pattern_specs())
    order = [name for name, _ in _pattern_specs()]
    by_lemma = _patterns_by_lemma_id()
    # the sentence test reads the lemma and tag columns as arrays, by string id, instead of
    # making a Token for every token of the article
    lemmas, tags = doc.to_array("LEMMA").tolist(), doc.to_array("TAG").tolist()
    strings = doc.vocab.strings
    slot = {t for t in set(tags) if strings[t].startswith(("VB", "NN"))}    # a verb or noun slot
    hits: dict[int, PatternHit] = {}
    for sent in doc.sents:
        s, e = sent.start, sent.end
        if not any(lem in by_lemma and tag in slot for lem, tag in zip(lemmas[s:e], tags[s:e])):
            continue
        names = set().union(*(by_lemma.get(lem, ()) for lem in lemmas[s:e]))
        matcher = _dep_matcher(doc.vocab, tuple(n for n in order if n in names))
        for match_id, token_ids in matcher(sent.as_doc()):
            pattern = specs[doc.vocab.strings[match_id]]
            named = {node["RIGHT_ID"]: sent[i] for node, i in zip(pattern, token_ids)}
            hit = hits.setdefault(named["cue"].i, PatternHit())
            hit.content |= {t.i for k, t in named.items() if k.startswith("content")}
            if "speaker" in named:
                hit.speaker = named["speaker"]
    return hits
