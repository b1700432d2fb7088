"""Sentiment on the real extractor's output: the seed article and a small BBC sample."""
from __future__ import annotations

import html
import re

import pytest

from analysis import sentiment as sent
from analysis import statements as statements_mod
from analysis.highlight import highlight_html, statement_spans  # noqa: E402


@pytest.fixture(scope="module")
def extracted(seed_article, seed_doc):
    return statements_mod.extract_statements(seed_article, seed_doc)


@pytest.fixture(scope="module")
def scored(extracted, seed_article):
    return sent.score_statements(extracted.statements, seed_article)


# Quoted content in the seed, written out by hand from the article: the words between the
# quotation marks, without the marks and without the comma that hands over to the cue.
# (speaker, paragraph, content, content with straight apostrophes for VADER)
HAND_QUOTES = [
    ("Emily Ferris", 4, "There is certainly no love lost between Putin and Lukashenko", None),
    ("Keir Giles", 9, "At present, there is no obvious need for Russia to take military action", None),
    ("Yauheni Preiherman", 25,
     "This very political crisis, regardless of who is going to end it, has already undermined "
     "the Belarusian sovereignty to an extent never seen before", None),
    ("Yauheni Preiherman", 25, "And that’s Russia’s ideal scenario, no matter what happens then.",
     "And that's Russia's ideal scenario, no matter what happens then."),
]


@pytest.mark.parametrize("speaker,paragraph,content,straight", HAND_QUOTES,
                         ids=[f"{q[0]}-P{q[1]}" for q in HAND_QUOTES])
def test_scores_are_of_the_hand_written_content(scored, seed_article, speaker, paragraph, content,
                                                straight):
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    start = seed_article.text.index(content)
    hit = scored[scored["start"] == start]
    assert len(hit) == 1, f"no statement starts at the quote: {content!r}"
    r = hit.iloc[0]
    assert (r["speaker"], r["paragraph"]) == (speaker, paragraph)
    assert r["end"] == start + len(content) and r["text"] == content
    # the pipeline scores exactly this content: TextBlob and VADER called directly on the
    # hand-written string agree with it
    assert r["polarity"] == TextBlob(content).sentiment.polarity
    assert r["subjectivity"] == TextBlob(content).sentiment.subjectivity
    assert r["vader_compound"] == SentimentIntensityAnalyzer().polarity_scores(straight or content)["compound"]


def test_seed_scores_have_the_expected_sign(scored, seed_article):
    def polarity_of(content):
        return scored.loc[scored["start"] == seed_article.text.index(content), "polarity"].item()

    # "ideal scenario": clearly positive wording; "certainly no love lost": negated affection
    assert polarity_of("And that’s Russia’s ideal scenario") > 0
    assert polarity_of("There is certainly no love lost") < 0
    # a factual statement with no opinion words
    assert polarity_of("At present, there is no obvious need") == 0
    assert scored["polarity"].between(-1, 1).all() and scored["subjectivity"].between(0, 1).all()
    assert scored[["polarity", "subjectivity", "vader_compound"]].notna().all().all()


def test_summary_counts_add_up(scored):
    s = sent.speaker_summary(scored)
    assert s["statements"].sum() == len(scored)
    assert (s["n_direct"] + s["n_partial"] + s["n_indirect"]).sum() == scored["kind"].isin(
        ["direct", "partial", "indirect"]).sum()
    ok = s["ci_low"].notna()
    assert (s.loc[ok, "ci_low"] <= s.loc[ok, "mean_polarity"] + 1e-12).all()
    assert (s.loc[ok, "ci_high"] >= s.loc[ok, "mean_polarity"] - 1e-12).all()
    assert (s.loc[~ok, "units"] == 1).all()
    # the people quoted by name in the article (read by hand: P4, P7, P9, P25)
    assert {"Emily Ferris", "Linas Linkevicius", "Keir Giles", "Yauheni Preiherman"} <= set(s["speaker"])


def test_highlight_offsets_on_seed(scored, seed_article):
    spans = statement_spans(scored, seed_article)
    cues = spans[spans.category == "cue"]
    assert len(cues) > 0
    cue_words = {str(c).casefold() for c in scored["cue"].dropna()}
    for r in cues.itertuples():
        assert seed_article.text[r.start:r.end].casefold() in cue_words
    # cues read by hand: P4 "... Emily Ferris, ... told NBC News", P9 "said Keir Giles"
    text = seed_article.text
    for cue, context in (("told", "told NBC News"), ("said", "said Keir Giles")):
        start = text.index(context)
        assert (start, start + len(cue)) in set(zip(cues.start, cues.end)), context
    out = highlight_html(seed_article, spans)
    marks = re.findall(r'<mark data-cat="\w+" data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)</mark>', out)
    assert marks
    for a, b, inner in marks:
        assert html.unescape(inner) == seed_article.text[int(a):int(b)]


def test_bbc_sample_scores(bbc_sample):
    from analysis import get_doc

    n = 0
    for art in bbc_sample[:10]:
        res = statements_mod.extract_statements(art, get_doc(art))
        sc = sent.score_statements(res.statements, art)
        n += len(sc)
        assert sc[["polarity", "subjectivity", "vader_compound"]].notna().all().all()
        summ = sent.speaker_summary(sc)
        assert summ["statements"].sum() == len(sc)
        assert isinstance(sent.key_findings(summ, sent.method_agreement(sc)), str)
    assert n > 0
