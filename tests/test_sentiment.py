"""Sentiment scoring, summaries, highlighting and charts on small hand-made frames."""
from __future__ import annotations

import html
import re
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.articles import Article
from analysis.sentiment import (
    bootstrap_mean_ci,
    caveat_demos,
    expand_contractions,
    find_caveat_examples,
    key_findings,
    kind_breakdown,
    label_crosstab,
    method_agreement,
    narrator_comparison,
    normalise_quotes,
    score_statements,
    sentiment_word_table,
    speaker_summary,
    textblob_sentiment,
    vader_compound,
)

# The cue clause carries strongly emotional words; the quoted content is flat.
TEXT = (
    "“The meeting is on Tuesday,” a delighted and wonderful spokesman happily said.\n"
    "The terrible, awful minister angrily insisted the budget was discussed in March.\n"
    "“It isn’t a good plan,” said Ana Lee. “It is a great plan,” she added.\n"
    "The report appeared on Monday."
)


def _row(text, content, **kw):
    start = text.index(content)
    return {"start": start, "end": start + len(content), "text": content, **kw}


@pytest.fixture(scope="module")
def article():
    return Article.from_text(TEXT, id="t")


@pytest.fixture(scope="module")
def statements(article):
    rows = [
        _row(TEXT, "The meeting is on Tuesday,", statement_id=1, speaker="spokesman", speaker_mention="spokesman",
             speaker_start=TEXT.index("spokesman"), speaker_end=TEXT.index("spokesman") + 9, speaker_type="GROUP",
             cue="said", cue_lemma="say", kind="direct", paragraph=1, narrator=False, group=1),
        _row(TEXT, "the budget was discussed in March", statement_id=2, speaker="minister", speaker_mention="minister",
             speaker_start=TEXT.index("minister"), speaker_end=TEXT.index("minister") + 8, speaker_type="GROUP",
             cue="insisted", cue_lemma="insist", kind="indirect", paragraph=2, narrator=False, group=2),
        _row(TEXT, "It isn’t a good plan,", statement_id=3, speaker="Ana Lee", speaker_mention="Ana Lee",
             speaker_start=TEXT.index("Ana Lee"), speaker_end=TEXT.index("Ana Lee") + 7, speaker_type="PERSON",
             cue="said", cue_lemma="say", kind="direct", paragraph=3, narrator=False, group=3),
        _row(TEXT, "It is a great plan,", statement_id=4, speaker="Ana Lee", speaker_mention="she",
             speaker_start=TEXT.index("she"), speaker_end=TEXT.index("she") + 3, speaker_type="PERSON",
             cue="added", cue_lemma="add", kind="direct", paragraph=3, narrator=False, group=4),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scored(statements, article):
    return score_statements(statements, article)


def test_offsets_of_fixture_are_exact(statements, article):
    for r in statements.itertuples():
        assert article.text[r.start:r.end] == r.text


def test_scores_use_content_only(scored):
    # The cue clauses ("delighted and wonderful ... happily said", "terrible, awful ... angrily insisted")
    # are strongly scored by TextBlob, so leaking them would make these non-zero.
    from textblob import TextBlob

    assert TextBlob("a delighted and wonderful spokesman happily said").sentiment.polarity > 0.3
    assert TextBlob("The terrible, awful minister angrily insisted").sentiment.polarity < -0.3
    flat = scored.set_index("statement_id").loc[[1, 2]]
    assert (flat["polarity"] == 0).all()
    assert (flat["subjectivity"] == 0).all()
    assert (flat["sentiment_words"] == "").all()
    assert (flat["vader_compound"] == 0).all()


def test_article_offsets_override_text_column(statements, article):
    # With article= the content is re-read from the offsets, not from a (wrong) text column.
    from textblob import TextBlob

    bad = statements.assign(text="wonderful wonderful")
    by_offsets = score_statements(bad, article).set_index("statement_id")
    assert list(by_offsets.loc[[1, 2], "polarity"]) == [0.0, 0.0]  # flat content
    # the pipeline scores exactly the content slice, written out here by hand
    assert by_offsets.loc[3, "polarity"] == TextBlob("It isn’t a good plan,").sentiment.polarity
    assert by_offsets.loc[4, "polarity"] == TextBlob("It is a great plan,").sentiment.polarity
    assert by_offsets.loc[4, "polarity"] > 0
    # without article= the (wrong) text column is what gets scored
    assert (score_statements(bad)["polarity"] > 0).all()


def test_clear_wording_has_the_expected_sign():
    df = pd.DataFrame({"text": ["This is an excellent, wonderful and happy result.",
                                "This is a terrible, awful and sad failure.",
                                "The committee meets at noon in room 12."],
                       "statement_id": [1, 2, 3], "speaker": ["a", "b", "c"], "kind": "direct"})
    out = score_statements(df).set_index("statement_id")
    assert out.loc[1, "polarity"] > 0 and out.loc[1, "vader_compound"] > 0
    assert out.loc[2, "polarity"] < 0 and out.loc[2, "vader_compound"] < 0
    assert out.loc[3, "polarity"] == 0 and out.loc[3, "vader_compound"] == 0
    assert out.loc[3, "sentiment_words"] == "" and out.loc[3, "n_sentiment_words"] == 0
    assert out.loc[1, "n_sentiment_words"] >= 3  # excellent, wonderful, happy


def test_assessments_present(scored):
    row = scored.set_index("statement_id").loc[4]
    assert row["polarity"] > 0.5
    assert row["n_sentiment_words"] >= 1
    assert re.fullmatch(r"([^;]+\([+-]?\d\.\d\d\)(; )?)+", row["sentiment_words"])
    assert "great(+0.80)" in row["sentiment_words"]
    words = sentiment_word_table(scored)
    assert set(words["statement_id"]) == {3, 4}
    assert list(words.columns) == ["statement_id", "speaker", "kind", "order", "words", "polarity", "subjectivity"]


def test_textblob_ignores_contracted_negation_but_not_not():
    # the known weakness, documented in the notebook: "n't" is not treated as negation
    # Pattern lexicon: "good" is +0.70; "not" flips and halves it (-0.35)
    assert textblob_sentiment("It is good.")[0] == pytest.approx(0.7)
    assert textblob_sentiment("It isn't good.")[0] == pytest.approx(0.7)
    assert textblob_sentiment("It is not good.")[0] == pytest.approx(-0.35)
    assert expand_contractions("It isn’t good and won't be, can't") == "It is not good and will not be, can not"


def test_vader_normalises_curly_apostrophe():
    assert normalise_quotes("isn’t “so”") == "isn't \"so\""
    curly, straight = vader_compound("It isn’t good."), vader_compound("It isn't good.")
    assert curly == straight < 0
    assert vader_compound("It is good.") > 0
    assert vader_compound("") == 0.0


def test_no_nltk_data_needed(monkeypatch, tmp_path):
    import nltk

    def boom(*a, **k):
        raise AssertionError("NLTK data was requested")

    monkeypatch.setattr(nltk, "download", boom)
    monkeypatch.setattr(nltk.data, "find", boom)
    monkeypatch.setattr(nltk.data, "load", boom)
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    df = pd.DataFrame({"text": ["This is not a good idea. Really bad!", "Fine."], "statement_id": [1, 2],
                       "speaker": ["a", "b"], "kind": ["direct", "direct"]})
    out = score_statements(df)
    assert out["polarity"].iloc[0] < 0
    assert not list(tmp_path.iterdir())


def test_empty_frame():
    out = score_statements(pd.DataFrame(columns=["statement_id", "speaker", "kind", "text"]))
    assert len(out) == 0 and {"polarity", "vader_compound"} <= set(out.columns)
    assert speaker_summary(out).empty
    assert "No attributed statements" in key_findings(speaker_summary(out))


def test_bootstrap_mean_and_interval():
    vals = [0.1, -0.4, 0.5, 0.0, 0.3, -0.2]
    mean, low, high, note = bootstrap_mean_ci(vals, seed=7)
    assert mean == pytest.approx(0.05)  # 0.3 / 6, by hand
    assert low < mean < high
    assert -0.4 <= low and high <= 0.5  # a resampled mean stays within the extremes
    # no variation: every resample has the same mean, so the interval collapses onto it
    mean, low, high, note = bootstrap_mean_ci([0.25, 0.25, 0.25], seed=7)
    assert (mean, low, high) == pytest.approx((0.25, 0.25, 0.25))


def test_bootstrap_single_and_grouped():
    mean, low, high, note = bootstrap_mean_ci([0.4])
    assert mean == 0.4 and np.isnan(low) and np.isnan(high) and "n=1" in note
    # two pieces of one utterance are a single resampling unit
    mean, low, high, note = bootstrap_mean_ci([0.2, 0.6], groups=[5, 5])
    assert mean == pytest.approx(0.4) and np.isnan(low) and "n=1" in note
    m, lo, hi, _ = bootstrap_mean_ci([0.2, 0.6, -0.5], groups=[1, 1, 2], n_boot=500)
    assert lo == pytest.approx(-0.5) and hi == pytest.approx(0.4)  # only 2 units: extremes are the unit means


def test_bootstrap_interval_does_not_depend_on_the_block_size(monkeypatch):
    # the resamples are drawn a block at a time to bound memory on corpus-wide means;
    # one block or many must give the same interval
    import analysis.stats as stats

    vals = np.random.default_rng(3).normal(size=301)
    groups = np.arange(301) // 2
    whole = [bootstrap_mean_ci(vals, seed=11), bootstrap_mean_ci(vals, groups, seed=11)]
    monkeypatch.setattr(stats, "_BLOCK", 301 * 7)           # 7 resamples a block, the last one short
    assert [bootstrap_mean_ci(vals, seed=11), bootstrap_mean_ci(vals, groups, seed=11)] == whole
    monkeypatch.setattr(stats, "_BLOCK", 1)                 # one resample a block
    assert bootstrap_mean_ci(vals, seed=11) == whole[0]


# Hand-built scored statements with known scores (no TextBlob involved).
KNOWN = pd.DataFrame({
    "statement_id": [1, 2, 3, 4, 5, 6],
    "speaker": ["A", "A", "A", "B", "C", "C"],
    "speaker_type": ["PERSON", "PERSON", "PERSON", "GROUP", "PERSON", "PERSON"],
    "kind": ["direct", "direct", "indirect", "partial", "direct", "direct"],
    "group": [1, 2, 3, 4, 5, 5],  # C's two statements are pieces of one quote
    "polarity": [0.1, 0.8, -0.3, -0.5, 0.3, 0.1],  # A: mean 0.2, median 0.1
    "subjectivity": [0.5, 0.5, 0.2, 0.9, 0.0, 0.4],
    "vader_compound": [0.1, 0.3, 0.2, -0.6, 0.0, 0.2],
    "n_sentiment_words": [1, 2, 0, 1, 0, 1],
    "sentiment_words": ["x", "x; y", "", "z", "", "w"],
})


def test_speaker_summary_of_known_scores():
    s = speaker_summary(KNOWN).set_index("speaker")
    assert list(s.index) == ["A", "C", "B"]  # most statements first
    a = s.loc["A"]
    assert (a["statements"], a["units"], a["n_direct"], a["n_partial"], a["n_indirect"]) == (3, 3, 2, 0, 1)
    assert a["mean_polarity"] == pytest.approx(0.2)  # (0.1 + 0.8 - 0.3) / 3
    assert a["mean_polarity_direct"] == pytest.approx(0.45)  # (0.1 + 0.8) / 2
    assert a["mean_polarity_indirect"] == pytest.approx(-0.3)
    assert np.isnan(a["mean_polarity_partial"])
    assert a["mean_subjectivity"] == pytest.approx(0.4)  # (0.5 + 0.5 + 0.2) / 3
    assert a["mean_vader"] == pytest.approx(0.2)  # (0.1 + 0.3 + 0.2) / 3
    assert a["with_sentiment_words"] == 2
    assert -0.3 - 1e-9 <= a["ci_low"] < 0.2 < a["ci_high"] <= 0.8 + 1e-9
    c = s.loc["C"]  # two pieces of one utterance: a single resampling unit, no interval
    assert (c["statements"], c["units"]) == (2, 1)
    assert c["mean_polarity"] == pytest.approx(0.2) and np.isnan(c["ci_low"]) and "n=1" in c["ci_note"]
    b = s.loc["B"]
    assert b["mean_polarity"] == pytest.approx(-0.5) and b["speaker_type"] == "GROUP"
    assert np.isnan(b["ci_low"]) and np.isnan(b["ci_high"]) and "n=1" in b["ci_note"]


def test_speaker_summary_of_fixture(scored):
    s = speaker_summary(scored).set_index("speaker")
    assert list(s.index) == ["Ana Lee", "minister", "spokesman"]  # most statements first, then by name
    lee = s.loc["Ana Lee"]
    assert lee["statements"] == 2 and lee["n_direct"] == 2 and lee["n_indirect"] == 0
    assert lee["ci_low"] <= lee["mean_polarity"] <= lee["ci_high"]
    mini = s.loc["minister"]
    assert mini["statements"] == 1 and np.isnan(mini["ci_low"]) and "n=1" in mini["ci_note"]
    assert mini["n_indirect"] == 1 and mini["mean_polarity_indirect"] == 0
    assert np.isnan(mini["mean_polarity_direct"])


def test_kind_breakdown():
    kb = kind_breakdown(KNOWN)
    allk = kb[kb.speaker == "(all speakers)"].set_index("kind")
    assert list(allk.index) == ["direct", "partial", "indirect"]
    assert list(allk["statements"]) == [4, 1, 1]
    assert list(allk["mean_polarity"]) == pytest.approx([0.325, -0.5, -0.3])  # direct: (0.1+0.8+0.3+0.1)/4
    a = kb[kb.speaker == "A"].set_index("kind")
    assert list(a.index) == ["direct", "indirect"]
    assert list(a["mean_polarity"]) == pytest.approx([0.45, -0.3])
    assert list(kb["speaker"].unique()) == ["A", "B", "C", "(all speakers)"]


def test_method_agreement():
    df = pd.DataFrame({"polarity": [0.5, -0.3, 0.0, 0.2], "vader_compound": [0.6, -0.4, 0.3, -0.1]})
    # labels by hand (neutral when |score| < 0.05): TextBlob pos, neg, neu, pos; VADER pos, neg, pos, neg
    ag = method_agreement(df).set_index("measure")["value"]
    assert ag["statements compared"] == 4
    assert ag["sign agreement (3 labels)"] == pytest.approx(2 / 4)
    assert ag["sign agreement, both non-neutral"] == pytest.approx(2 / 3)  # rows 1, 2, 4
    assert ag["TextBlob neutral share"] == pytest.approx(1 / 4)
    assert ag["VADER neutral share"] == 0
    # ranks 4,1,2,3 against 4,1,3,2: sum d^2 = 2, rho = 1 - 6*2/(4*15)
    assert ag["Spearman rho"] == pytest.approx(0.8)
    # centred: x = .4,-.4,-.1,.1; y = .5,-.5,.2,-.2
    assert ag["Pearson r"] == pytest.approx(0.36 / np.sqrt(0.34 * 0.58))
    tab = label_crosstab(df)
    assert tab.to_numpy().sum() == 4
    assert tab.loc["positive", "positive"] == 1 and tab.loc["negative", "negative"] == 1
    assert tab.loc["neutral", "positive"] == 1 and tab.loc["positive", "negative"] == 1
    tiny = method_agreement(df.head(2)).set_index("measure")
    assert np.isnan(tiny.loc["Pearson r", "value"])


def test_narrator_comparison_and_findings(scored):
    nar = score_statements(pd.DataFrame({"text": ["The report appeared on Monday."], "speaker": ["(narrator)"],
                                         "kind": ["narrator"], "statement_id": [5]}))
    comp = narrator_comparison(scored, nar)
    assert list(comp["statements"]) == [4, 1]
    line = key_findings(speaker_summary(scored), method_agreement(scored), nar)
    assert "4 statements by 3 speakers" in line and "Ana Lee" in line


def test_caveat_demos_computed_live():
    demos = caveat_demos()
    neg = demos[demos.text_a == "The plan is not good."].iloc[0]
    assert neg["polarity_a"] < 0 < neg["polarity_b"]
    likely = demos[demos.caveat == "likely vs unlikely"].iloc[0]
    assert likely["polarity_a"] == 0 and likely["polarity_b"] < 0


def test_find_caveat_examples(scored):
    ex = find_caveat_examples(scored)
    nt = ex[ex.phenomenon == "n't"]
    assert list(nt["statement_id"]) == [3]
    assert "with 'not' spelled out: -" in nt["detail"].iloc[0]
    none = find_caveat_examples(scored[scored.statement_id == 1])
    assert none.empty and "phenomenon" in none.columns


def test_modules_import_textblob_lazily():
    import subprocess

    code = ("import sys, analysis.sentiment, analysis.sentiment_charts, analysis.highlight; "
            "print(any(m.split('.')[0] in ('textblob', 'nltk', 'vaderSentiment') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------- highlight


def test_highlight_escapes_and_keeps_offsets():
    from analysis.highlight import highlight_html

    text = 'He said <b>"fish & chips"</b> were fine.\nNext <i>paragraph</i>.'
    art = Article.from_text(text, id="h")
    s = text.index("<b>")
    e = text.index("</b>") + 4
    out = highlight_html(art, [(s, e, "direct", 'tip "x" <y>'), (0, 2, "speaker"), (3, 7, "cue")])
    assert "<b>" not in out and "<i>" not in out
    assert "&lt;b&gt;&quot;fish &amp; chips&quot;&lt;/b&gt;" in out
    assert 'title="tip &quot;x&quot; &lt;y&gt;"' in out
    for m in re.finditer(r'<mark data-cat="(\w+)" data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)</mark>', out):
        assert html.unescape(m.group(4)) == text[int(m.group(2)):int(m.group(3))]
    # the visible text of each paragraph is the paragraph exactly
    paras = re.findall(r'<p data-paragraph="\d+">(.*?)</p>', out)
    visible = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paras]
    assert visible == [f"[{p.index}] {p.text}" for p in art.paragraphs]
    assert "speaker mention" in out and "direct quote" in out  # legend


def test_highlight_nested_spans_are_well_formed():
    from analysis.highlight import highlight_html

    text = "Alpha beta gamma delta."
    art = Article.from_text(text, id="n")
    out = highlight_html(art, [(0, 16, "indirect"), (6, 10, "speaker"), (11, 22, "cue")], legend=False)
    assert out.count("<mark") == out.count("</mark>")
    stack = []
    for tag in re.findall(r"</?mark", out):
        if tag == "<mark":
            stack.append(1)
        else:
            assert stack, "closing an unopened mark"
            stack.pop()
    assert not stack
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == "[1] " + text


def test_statement_spans(statements, article):
    from analysis.highlight import statement_spans

    spans = statement_spans(statements, article)
    cues = spans[spans.category == "cue"]
    assert {article.text[r.start:r.end] for r in cues.itertuples()} == {"said", "insisted", "added"}
    # the cue "said" of statement 3 is found next to Ana Lee, not elsewhere
    lee = TEXT.index("said, Ana") if "said, Ana" in TEXT else TEXT.index("said Ana")
    assert lee in set(cues.start)
    for r in spans.itertuples():
        assert 0 <= r.start < r.end <= len(article.text)
    assert set(spans.category) == {"direct", "indirect", "speaker", "cue"}


# ------------------------------------------------------------------- charts


def test_charts_export_png_svg_csv(scored, article, tmp_path):
    import matplotlib.pyplot as plt

    from analysis.charts import export
    from analysis.sentiment_charts import plot_polarity_subjectivity, plot_sentiment_timeline, plot_speaker_polarity

    nar = score_statements(pd.DataFrame({"text": ["The report appeared on Monday."], "speaker": ["(narrator)"],
                                         "kind": ["narrator"], "statement_id": [5], "paragraph": [4],
                                         "start": [TEXT.index("The report")]}))
    charts = [plot_speaker_polarity(speaker_summary(scored), name="a"),
              plot_polarity_subjectivity(scored, name="b"),
              plot_sentiment_timeline(scored, nar, article, name="c")]
    for ch, name in zip(charts, "abc"):
        export(ch, tmp_path)
        for ext in ("png", "svg", "csv"):
            p = tmp_path / f"{name}.{ext}"
            assert p.exists() and p.stat().st_size > 0
        plt.close(ch.fig)
    # the CSV files, checked against what is known about the fixture: 3 speakers,
    # 4 statements, 4 statements + 1 narrator sentence
    a = pd.read_csv(tmp_path / "a.csv")
    assert list(a.columns) == ["speaker", "statements", "mean_polarity", "ci_low", "ci_high", "ci_note"]
    assert sorted(a["speaker"]) == ["Ana Lee", "minister", "spokesman"]
    assert dict(zip(a["speaker"], a["statements"])) == {"Ana Lee": 2, "minister": 1, "spokesman": 1}
    b = pd.read_csv(tmp_path / "b.csv")
    assert list(b.columns) == ["statement_id", "speaker", "kind", "polarity", "subjectivity"]
    assert list(b["statement_id"]) == [1, 2, 3, 4]
    assert list(b["polarity"][:2]) == [0, 0]  # flat content
    tl = pd.read_csv(tmp_path / "c.csv")
    assert list(tl["statement_id"]) == [1, 2, 3, 4, 5]  # article order
    assert list(tl["paragraph"]) == [1, 2, 3, 3, 4]
    assert list(tl["speaker"]) == ["spokesman", "minister", "Ana Lee", "Ana Lee", "(narrator)"]
    assert tl["position"].is_monotonic_increasing
    assert tl["position"].iloc[-1] == 4.0  # the narrator sentence opens paragraph 4
    # the timeline's x axis ends with the article's last paragraph (4): no tick beyond it
    ax = charts[2].fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4"]
    assert ax.get_xlim() == (1.0, 5.0)  # paragraph 4 spans positions [4, 5)
    empty = plot_speaker_polarity(speaker_summary(scored.iloc[0:0]), name="d")
    export(empty, tmp_path)
    assert (tmp_path / "d.csv").exists() and empty.data.empty
    plt.close("all")


def test_negation_details_distinguish_applied_and_missed():
    from analysis.sentiment import _negation_details

    applied = _negation_details("It is not good.")
    missed = _negation_details("It isn’t good.")
    assert len(applied) == 1 and applied[0].startswith("applied: 'not good' scores -0.35")
    assert len(missed) == 1 and missed[0].startswith("not applied:") and "+0.70" in missed[0]
    assert _negation_details("It is good.") == []


def test_key_findings_names_highest_and_lowest():
    df = pd.DataFrame({"speaker": ["A"] * 5 + ["B"] * 5, "speaker_type": "PERSON", "kind": "direct",
                       "text": ["Good."] * 5 + ["Bad."] * 5})
    sc = score_statements(df)
    line = key_findings(speaker_summary(sc), method_agreement(sc))
    assert "highest mean polarity is A's (+0.70, n=5)" in line
    assert "lowest B's (-0.70, n=5)" in line
    assert "no variation" in speaker_summary(sc)["ci_note"].iloc[0]
