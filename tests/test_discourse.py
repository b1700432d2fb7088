"""The Doc's one sentence map, name index and pronoun resolver, shared by statements and stance.

Each case is an invented text; the expected referent is written by hand.
"""
from __future__ import annotations

import pytest

from analysis.articles import Article
from analysis.discourse import discourse
from analysis.nlp import get_doc


def _doc(text):
    art = Article.from_text(text, id="t")
    return art, get_doc(art, cache=False)


def _tok(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_sentence_map_numbers_sentences_with_text():
    _, doc = _doc("Anna Berg arrived on Monday. She left on Tuesday.\nThe talks ended.")
    sents = discourse(doc).sentences
    assert len(sents) == 3
    assert sents.of[_tok(doc, "She").i] == 1
    assert sents.of[_tok(doc, "talks").i] == 2
    assert sents.same(_tok(doc, "She").i, _tok(doc, "Tuesday").i)
    assert not sents.same(_tok(doc, "Anna").i, _tok(doc, "She").i)


def test_she_skips_a_man_named_later():
    # "Mr Olsen" is male by honorific, so "she" goes back to the woman named before him
    _, doc = _doc("Maria Lindqvist met Mr Peter Olsen in Oslo on Friday. "
                  "Mr Olsen spoke first. Later she said the meeting had gone well.")
    ref = discourse(doc).pronouns.referent(_tok(doc, "she"))
    assert ref is not None and ref.name == "Maria Lindqvist" and ref.type == "PERSON"


def test_pronoun_with_no_person_in_window_is_unresolved():
    _, doc = _doc("The weather was cold. Prices rose. Trains were late. Shops closed. "
                  "Roads were icy. Schools shut. He was not there.")
    assert discourse(doc).pronouns.referent(_tok(doc, "He")) is None


def test_they_refers_to_the_latest_plural_noun_phrase():
    _, doc = _doc("Norway sent the soldiers north in March. They arrived within a week.")
    ref = discourse(doc).pronouns.referent(_tok(doc, "They"))
    assert ref is not None and doc[ref.token].text == "soldiers"


def test_it_refers_to_an_organisation_not_a_person():
    _, doc = _doc("The European Commission met John Smith in Brussels. It announced new rules.")
    ref = discourse(doc).pronouns.referent(_tok(doc, "It"))
    assert ref is not None and ref.type in ("ORG", "GPE") and "Commission" in ref.name


def test_statements_and_stance_share_one_resolver():
    from analysis.stance.rules import DocIndex
    from analysis.stance.target import load_target
    from analysis.statements import extract_statements

    art, doc = _doc("Maria Lindqvist said she would travel to Kyiv next week.")
    extract_statements(art, doc)
    shared = doc._.discourse
    index = DocIndex(doc, load_target(None))
    assert index.pronouns is shared.pronouns
    assert shared.pronouns.referent(_tok(doc, "she")).name == "Maria Lindqvist"


@pytest.mark.parametrize("word", ["Kyiv", "travel"])
def test_non_pronouns_have_no_referent(word):
    _, doc = _doc("Maria Lindqvist said she would travel to Kyiv next week.")
    assert discourse(doc).pronouns.referent(_tok(doc, word)) is None
