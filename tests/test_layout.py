"""Paragraph layouts: one paragraph per line, or blank-line paragraphs with soft wraps.

The wrapped seed is built here from the seed itself (72 columns, blank lines between
paragraphs), as newsletters, mail and wire feeds lay text out.
"""
from __future__ import annotations

import textwrap

import pytest

from analysis.articles import Article, layout, split_paragraphs, unwrap
from analysis.nlp import get_doc
from analysis.pipeline import analyze_article


def test_blank_lines_separate_paragraphs_and_single_breaks_are_soft():
    text = "Headline here\n\nFirst paragraph is\nwrapped over\nthree lines.\n\nSecond one.\n"
    paras = split_paragraphs(text)
    assert layout(text) == "blocks"
    assert [p.text for p in paras] == ["Headline here", "First paragraph is\nwrapped over\nthree lines.",
                                       "Second one."]
    assert all(text[p.start:p.end] == p.text for p in paras)


def test_text_without_blank_lines_is_one_paragraph_per_line():
    text = "One line.\nAnother line.\n"
    assert layout(text) == "lines"
    assert [p.text for p in split_paragraphs(text)] == ["One line.", "Another line."]


def test_a_long_line_ends_its_paragraph_even_in_blank_line_layout():
    long_line = "This paragraph was pasted from a web page as one long line and " * 3
    text = f"Title\n\n{long_line.strip()}\nThe next paragraph follows a single break.\n\nLast."
    assert [p.text[:8] for p in split_paragraphs(text)] == ["Title", "This par", "The next", "Last."]


def test_unwrap_keeps_length_and_every_offset():
    text = "A para\nwrapped.\r\nStill it.\n\nNext para."
    paras = split_paragraphs(text)
    flat = unwrap(text, paras)
    assert len(flat) == len(text)
    assert flat == "A para wrapped.  Still it.\n\nNext para."
    assert all(flat[i] == text[i] for i in range(len(text)) if text[i] not in "\r\n")


def test_a_soft_wrap_does_not_break_a_sentence_or_a_quote():
    text = ("The minister spoke on Monday.\n\n“We will not send\ntroops,” said the minister,\n"
            "who declined to say more.\n")
    art = Article.from_text(text, id="wrap")
    doc = get_doc(art, cache=False)
    assert len(list(doc.sents)) == 2
    st = analyze_article(art, doc)["statements"]
    assert list(st["text"]) == ["We will not send troops"]
    assert list(st["kind"]) == ["direct"]
    row = st.iloc[0]
    assert text[row["start"]:row["end"]] == "We will not send\ntroops"


@pytest.fixture(scope="module")
def seed_pair(seed_article):
    wrapped = "\n\n".join(textwrap.fill(p.text, 72) for p in seed_article.paragraphs) + "\n"
    w = Article.from_text(wrapped, id="seed-wrapped")
    return (analyze_article(seed_article, get_doc(seed_article)),
            analyze_article(w, get_doc(w, cache=False)), wrapped, w)


def test_wrapped_seed_has_the_same_paragraphs(seed_article, seed_pair):
    *_, w = seed_pair
    assert w.layout == "blocks"
    assert len(w.paragraphs) == len(seed_article.paragraphs)
    assert [" ".join(p.text.split()).replace("- ", "-") for p in w.paragraphs] == [
        p.text for p in seed_article.paragraphs]


def test_wrapped_seed_gives_the_same_statements(seed_pair):
    plain, wrapped, text, _ = seed_pair
    a, b = plain["statements"], wrapped["statements"]
    assert len(a) == len(b) > 20
    cols = ["speaker", "kind", "paragraph", "cue_lemma", "stance"]
    assert a[cols].values.tolist() == b[cols].values.tolist()
    # text aside: words equal once the wrapper's hyphen breaks ("anti-\ngovernment") are joined
    for x, y in zip(a["text"], b["text"]):
        assert x.split() == y.replace("- ", "-").split()
    for r in b.itertuples():                      # offsets index the wrapped text as read, exactly
        assert text[r.start:r.end].replace("\n", " ") == r.text
    assert "\n" not in "".join(b["text"])          # soft wraps shown as spaces


def test_wrapped_seed_gives_the_same_entities(seed_pair):
    plain, wrapped, *_ = seed_pair
    cols = ["entity", "label", "mentions"]
    assert plain["entities"][cols].values.tolist() == wrapped["entities"][cols].values.tolist()
