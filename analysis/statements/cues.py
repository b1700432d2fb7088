"""Reporting cues: the lexicon (``analysis/data/reporting_verbs.csv``) matched on the Doc, and the
rule that decides whether a token is a cue (verb, speech noun, speaker-label colon or typo).
"""
from __future__ import annotations

import functools

from analysis.attribution import misspelled_cue
from analysis.doc_cache import doc_tokens
from analysis.lexicons import load_lexicon
from analysis.statements.base import RELATIVE, CueInfo
from analysis.statements.headlines import colon_label
from analysis.statements.nominal import nominal_cue
from analysis.statements.patterns import nominal_cues

#: Parts of speech the parser is sure of that are never a misspelled verb ("during", "their").
CLOSED_CLASS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART", "NUM", "PUNCT"}


def find_cues(ex, run) -> None:
    """Every reporting-verb token outside direct quotes, as ``run.cues`` (token index -> CueInfo)."""
    direct = run.direct
    cues = {}
    for tok in doc_tokens(ex.doc):
        if ex.in_quote(tok, direct):
            continue
        info = cue_of(ex, tok)
        if info:
            cues[tok.i] = info
    run.cues = cues


def cue_of(ex, tok) -> CueInfo | None:
    """(lemma, class, fuzzy) when ``tok`` is a reporting verb (cached per token)."""
    if tok.i not in ex.cue_cache:
        found = lookup_cue(ex, tok)
        ex.cue_cache[tok.i] = CueInfo(*found) if found else None
    return ex.cue_cache[tok.i]


def lookup_cue(ex, tok):
    """(lemma, class, fuzzy) of a reporting cue: a speaker label's colon, a lexicon verb, a
    speech noun (``nominal``) or a misspelled verb; None otherwise."""
    lex = ex.lex
    if tok.text == ":":
        return (":", "neutral", False) if colon_label(ex, tok) is not None else None
    if tok.i in ex.lexical_cues:
        lemma = tok.lemma_.lower()
        if lemma not in lex.lemmas:
            lemma = lex.forms.get(tok.lower_)
        if lemma in lex.lemmas:
            if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
                return None
            return lemma, lex.classes[lemma], False
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in nominal_cues():
        return nominal_cue(ex, tok)
    return misspelled_verb_cue(ex, tok)


def misspelled_verb_cue(ex, tok):
    """A misspelled cue in the verb slot right after a subject name or pronoun ("Giles asid
    ..."): (lemma, class, True), or None."""
    lex = ex.lex
    if tok.i == 0 or not tok.is_alpha or tok.is_sent_start or tok.pos_ in CLOSED_CLASS:
        return None
    if tok.text[:1].isupper():
        return None   # a name ("Robby Mook said"), not a typo of a cue ("mock")
    prev = tok.doc[tok.i - 1]
    subjectish = prev.pos_ in ("PROPN", "PRON") or (prev.text[:1].isupper() and prev.pos_ == "NOUN")
    if not subjectish or prev.lower_ in RELATIVE:
        return None
    form = misspelled_cue(tok.text, lex)      # cached per word: tested before the sentence is read
    if form is None:
        return None
    sent = tok.sent
    rest = [t for t in sent if t.i > tok.i]
    if not rest or rest[0].is_punct or not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return None
    lemma = lex.forms[form]
    return lemma, lex.classes[lemma], True


@functools.lru_cache(maxsize=4)
def cue_matcher(vocab):
    """spaCy Matcher for lexicon cues (lemma or surface form in a verb slot) and "according to"."""
    from spacy.matcher import Matcher

    lex = load_lexicon()
    m = Matcher(vocab)
    verb = {"REGEX": "^VB"}
    m.add("CUE", [
        [{"LEMMA": {"IN": sorted(lex.lemmas)}, "TAG": verb}],
        [{"LOWER": {"IN": sorted(lex.forms)}, "TAG": verb}],
        [{"LEMMA": {"IN": sorted(lex.lemmas)}, "POS": {"IN": ["VERB", "AUX"]}}],
        [{"LOWER": {"IN": sorted(lex.forms)}, "POS": {"IN": ["VERB", "AUX"]}}],
    ])
    m.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])
    return m
