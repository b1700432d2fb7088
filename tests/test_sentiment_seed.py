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


def test_scores_match_content_slices(scored, seed_article):
    assert len(scored) > 0
    for r in scored.itertuples():
        content = seed_article.text[r.start:r.end]
        assert content == r.text
        assert r.polarity == sent.textblob_sentiment(content)[0]
        assert r.vader_compound == sent.vader_compound(content)
    assert scored[["polarity", "subjectivity", "vader_compound"]].notna().all().all()
    assert scored["polarity"].between(-1, 1).all() and scored["subjectivity"].between(0, 1).all()


def test_summary_counts_add_up(scored):
    s = sent.speaker_summary(scored)
    assert s["statements"].sum() == len(scored)
    assert (s["n_direct"] + s["n_partial"] + s["n_indirect"]).sum() == scored["kind"].isin(
        ["direct", "partial", "indirect"]).sum()
    ok = s["ci_low"].notna()
    assert (s.loc[ok, "ci_low"] <= s.loc[ok, "mean_polarity"] + 1e-12).all()
    assert (s.loc[ok, "ci_high"] >= s.loc[ok, "mean_polarity"] - 1e-12).all()
    assert (s.loc[~ok, "units"] == 1).all()


def test_highlight_offsets_on_seed(scored, seed_article):
    spans = statement_spans(scored, seed_article)
    cues = spans[spans.category == "cue"]
    assert len(cues) > 0
    cue_words = {str(c).casefold() for c in scored["cue"].dropna()}
    for r in cues.itertuples():
        assert seed_article.text[r.start:r.end].casefold() in cue_words
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
