"""Statements on the Doc: the ``statements`` component, ``doc.spans`` and the ``Span._``
extensions, and the tables as views of them. Invented texts, expectations written by hand."""
from __future__ import annotations

import pytest

from analysis.articles import Article
from analysis.nlp import get_doc
from analysis.statements import annotate_statements, statement_tables

TEXT = ("“We will not leave the square,” said Anna Berg, the party's leader.\n"
        "Officials said the talks had failed because nobody came.\n"
        "The weather in the capital was cold all week.")


@pytest.fixture(scope="module")
def doc():
    art = Article.from_text(TEXT, id="t")
    return annotate_statements(get_doc(art, cache=False), art)


def test_spans_carry_speaker_cue_and_kind(doc):
    spans = list(doc.spans["statements"])
    assert [sp.text for sp in spans] == ["We will not leave the square",
                                        "the talks had failed because nobody came"]
    quote, reported = spans
    assert (quote._.speaker, quote._.kind, quote.label_) == ("Anna Berg", "direct", "direct")
    assert quote._.cue.text == "said" and quote._.speaker_span.text == "Anna Berg"
    assert (reported._.speaker, reported._.kind, reported._.speaker_type) == ("officials", "indirect", "GROUP")
    assert reported._.cue.text == "said" and reported._.cue_lemma == "say"


def test_narrator_spans_hold_the_unattributed_sentence(doc):
    narr = [sp.text for sp in doc.spans["narrator"]]
    assert narr == ["The weather in the capital was cold all week"]   # edge punctuation trimmed
    assert doc.spans["narrator"][0]._.speaker == "(narrator)"


def test_spans_that_are_not_statements_have_no_speaker(doc):
    assert doc[0:3]._.speaker is None and doc[0:3]._.statement is None


def test_tables_are_rows_of_the_spans(doc):
    res = statement_tables(doc)
    assert list(res.statements["speaker"]) == ["Anna Berg", "officials"]
    for row, sp in zip(res.statements.itertuples(), doc.spans["statements"]):
        assert TEXT[row.start:row.end] == row.text
        assert sp.start_char <= row.start and row.end <= sp.end_char
    assert list(res.narrator["paragraph"]) == [3]


def test_a_doc_without_statements_is_refused():
    art = Article.from_text("Nothing was said here at all.", id="u")
    with pytest.raises(ValueError, match="no statements"):
        statement_tables(get_doc(art, cache=False))


def test_an_article_that_is_not_the_docs_text_is_refused(doc):
    with pytest.raises(ValueError, match="not the Doc's text"):
        annotate_statements(doc, Article.from_text("Another text entirely.", id="v"))


def test_component_in_a_spacy_pipeline():
    import spacy

    from analysis.nlp import model_name

    nlp = spacy.load(model_name())
    nlp.add_pipe("statements")
    d = nlp("Officials said the talks had failed because nobody came.")
    assert [(sp._.speaker, sp.text) for sp in d.spans["statements"]] == [
        ("officials", "the talks had failed because nobody came")]


def test_stance_is_written_onto_the_statement_spans():
    from analysis.stance import code_stance

    text = ("“Russia will send troops to Minsk to restore order,” said Dmitry Peskov.\n"
            "Anna Berg said Russia must never send troops into Belarus.\n"
            "The weather in the capital was cold all week.")
    art = Article.from_text(text, id="s")
    d = annotate_statements(get_doc(art, cache=False), art)
    res = statement_tables(d)
    code_stance(res.statements, res.narrator, d)      # default target: Russian intervention
    assert [(sp._.speaker, sp._.stance, sp._.relevant) for sp in d.spans["statements"]] == [
        ("Dmitry Peskov", "pro", True), ("Anna Berg", "con", True)]
    assert [sp._.stance for sp in d.spans["narrator"]] == ["neutral"]
    assert any(c.label_.startswith("negation") or "never" in c.text for c in d.spans["statements"][1]._.stance_cues)
    assert d[0:3]._.stance is None                    # not a statement Span


def test_annotated_doc_serialises_with_its_statements(doc):
    import warnings

    from spacy.tokens import Doc, DocBin

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # W109: the working caches in user_hooks are not saved
        again = Doc(doc.vocab).from_bytes(doc.to_bytes())
        (binned,) = DocBin(store_user_data=True, docs=[doc]).get_docs(doc.vocab)
    for d in (again, binned):
        assert [(sp._.speaker, sp._.kind, sp._.cue.text) for sp in d.spans["statements"]] == [
            ("Anna Berg", "direct", "said"), ("officials", "indirect", "said")]
        assert statement_tables(d).statements["text"].tolist() == statement_tables(doc).statements["text"].tolist()
