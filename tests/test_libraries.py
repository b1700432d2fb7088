"""Behaviour that now rests on libraries: rapidfuzz (misspelled reporting verbs) and
pycountry (the country and state grouping views). Short hand-written inputs only."""
from __future__ import annotations

import pytest

from analysis.attribution import load_lexicon, misspelled_cue


# --------------------------------------------------------------------------- misspelled cues
@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def lemma_of(word, lex):
    form = misspelled_cue(word, lex)
    return None if form is None else lex.forms[form]


@pytest.mark.parametrize("typo, lemma", [
    ("asid", "say"),          # transposition
    ("siad", "say"),          # transposition
    ("sayd", "say"),          # "said" and "says" are equally near, but one lemma
    ("annouced", "announce"),  # deletion
    ("annoucned", "announce"),  # 2 edits, allowed for a long form ("announced", 9 letters)
    ("claimd", "claim"),
    ("Siad", "say"),          # case does not matter
    ("sadi", "say"),          # not an English word, one transposition from "said"
])
def test_typo_read_as_its_reporting_verb(typo, lemma, lex):
    assert lemma_of(typo, lex) == lemma


@pytest.mark.parametrize("word", [
    "aided", "added",   # real words: "aided" is one edit from "added" but is not a typo
    "sad", "side",      # real words ("sad" is also under 4 letters)
    "said", "Said",     # a lexicon form is a cue, not a misspelling
    "xyzzy",            # nowhere near a form
    "asid2", "as-id",   # not alphabetic
])
def test_not_read_as_a_typo(word, lex):
    assert misspelled_cue(word, lex) is None


def test_short_forms_allow_one_edit_only(lex):
    # "claimd" -> "claimed" is 1 edit; "clamd" is 2 edits from "claimed" (7 letters) and
    # 2 from "claim": too far for forms under 8 letters
    assert misspelled_cue("clamd", lex) is None


def test_ambiguous_typo_returns_none(lex):
    # "agrued" is one transposition from "argued" and one substitution from "agreed":
    # two lemmas are equally near, so nothing is guessed
    from rapidfuzz.distance import OSA

    assert OSA.distance("agrued", "argued") == OSA.distance("agrued", "agreed") == 1
    assert {"argue", "agree"} <= lex.lemmas
    assert misspelled_cue("agrued", lex) is None


def test_spelling_variants_are_one_lemma(lex):
    # "emphasise" and "emphasize" are both lexicon lemmas; a typo near both is not ambiguous
    assert lemma_of("emphasied", lex) in {"emphasise", "emphasize"}
