"""Stance coding: cue families on short sentences, a second target, kappa, and validation
against the hand-coded reference for the seed article."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from analysis.articles import Article
from analysis.config import REPO_ROOT
from analysis.stance import (
    BY_SPEAKER_COLUMNS, CUE_COLUMNS, STANCE_COLUMNS, available_targets, classify_span,
    code_stance, codebook_markdown, cohen_kappa, evaluate_stance, load_reference, load_target,
    polarity_comparison, sentence_frame, statements_html, summarize_by_speaker,
)

REFERENCE = REPO_ROOT / "seeds" / "nbc_2020-08_belarus_putin.stance.csv"


@pytest.fixture(scope="module")
def nlp():
    from analysis.nlp import load_pipeline

    return load_pipeline()


def code(nlp, text, target=None, context=""):
    """Code the last sentence of ``context + text`` (context gives earlier sentences)."""
    doc = nlp(context + text)
    span = doc.char_span(len(context), len(doc.text), alignment_mode="expand")
    return classify_span(span, target)


# ---------------------------------------------------------------- cue families
def test_negated_need(nlp):
    c = code(nlp, "There is no reason for Moscow to send troops.")
    assert c.relevant and c.likelihood == "unlikely" and c.stance == "con"
    assert "negated-need" in c.stance_cues
    d = code(nlp, "The Kremlin does not need to intervene.")
    assert d.likelihood == "unlikely" and "negated-need" in d.stance_cues
    # the same need without negation points the other way
    e = code(nlp, "There is an urgent need for Russia to intervene.")
    assert e.likelihood == "likely" and e.stance == "pro"


def test_hedged_possibility(nlp):
    c = code(nlp, "Russia might intervene.")
    assert c.relevant and c.likelihood == "unclear" and c.stance == "neutral"
    assert "might→hedge(unclear)" in c.stance_cues
    # negating a hedge keeps it uncertain ("may not" is still a maybe)
    assert code(nlp, "Putin may not send troops.").likelihood == "unclear"


def test_certainty_and_prediction(nlp):
    c = code(nlp, "Russia will certainly intervene.")
    assert c.likelihood == "likely" and c.stance == "pro"
    d = code(nlp, "Moscow will not send troops.")
    assert d.likelihood == "unlikely" and "negated-prediction" in d.stance_cues
    # a negated certainty scopes over its clause: the prediction inside is no longer counted
    e = code(nlp, "It is not certain that Putin will intervene.")
    assert "negated-certainty(unclear)" in e.stance_cues and e.likelihood == "unclear"


def test_doubt_and_reinforced_doubt(nlp):
    c = code(nlp, "The Kremlin is reluctant to intervene.")
    assert c.likelihood == "unlikely" and c.stance == "con"
    d = code(nlp, "The Kremlin is not reluctant to intervene.")
    assert d.likelihood == "likely"


def test_condemnation_and_endorsement(nlp):
    c = code(nlp, "A Russian intervention would be illegal and reckless.")
    assert c.relevant and c.evaluation == "against" and c.stance == "con"
    d = code(nlp, "Russian military assistance would be entirely legitimate.")
    assert d.evaluation == "favor" and d.stance == "pro"
    e = code(nlp, "Russian intervention would not be acceptable.")
    assert e.evaluation == "against" and "negated-endorsement" in e.stance_cues


def test_alternatives_lower_likelihood(nlp):
    c = code(nlp, "Russia could act as a mediator instead of sending troops.")
    assert c.relevant and c.likelihood == "unlikely" and c.stance == "con"
    assert "alternative" in c.stance_cues
    d = code(nlp, "Russian help does not have to be just military.")
    assert "not-just-military" in d.stance_cues and d.likelihood == "unlikely"


def test_concessive_clause_is_discounted(nlp):
    c = code(nlp, "Despite fears that Russia could intervene, Putin is in no hurry to help.")
    assert c.likelihood == "unlikely"
    assert "[concessive, discounted]" in c.stance_cues


def test_relevance_needs_the_target_actor_as_agent(nlp):
    assert not code(nlp, "NATO will send troops to the border.").relevant
    assert not code(nlp, "The weather in Minsk was cold.").relevant
    r = code(nlp, "Putin promised help.")
    assert r.relevant and r.relevance_rule == "R1-actor-agent"


def test_elided_actor_from_context(nlp):
    ctx = "Putin spoke to Lukashenko on Sunday. "
    c = code(nlp, "Military assistance is unlikely.", context=ctx)
    assert c.relevant and c.relevance_rule.startswith("R2") and c.stance == "con"
    # R3: an anaphoric subject with a likelihood cue right after the action was discussed
    ctx = "Some fear that Russia could send troops. "
    d = code(nlp, "That scenario is far from reality.", context=ctx)
    assert d.relevant and d.relevance_rule == "R3-elided-action" and d.likelihood == "unlikely"
    # the same sentence with no target action nearby is not about the target
    assert not code(nlp, "That scenario is far from reality.", context="It rained in Minsk. ").relevant


def test_explicit_other_complement_is_not_relevant(nlp):
    ctx = "Russia could send troops. "
    assert not code(nlp, "Russia refuses to sign the trade deal.", context=ctx).relevant


# ---------------------------------------------------------------- targets
def test_second_target_is_configuration_not_code(nlp):
    assert {"russian_intervention", "western_sanctions"} <= set(available_targets())
    t = load_target("western_sanctions")
    assert t.name == "western_sanctions" and "sanctions" in t.actions
    c = code(nlp, "The EU will impose tough sanctions on Minsk.", target=t)
    assert c.relevant and c.likelihood == "likely" and c.stance == "pro"
    d = code(nlp, "Brussels is reluctant to impose sanctions.", target="western_sanctions")
    assert d.relevant and d.stance == "con"
    # the default target does not see sanctions as its action
    assert not code(nlp, "The EU will impose tough sanctions on Minsk.").relevant
    # a target is also loadable by path
    assert load_target(t.path).actions == t.actions
    with pytest.raises(ValueError):
        load_target("no_such_target")


def test_codebook_mentions_target_and_rules():
    md = codebook_markdown()
    for needle in ("Russian intervention", "R1", "R2", "R3", "likely", "favor", "pro", "con", "alternative"):
        assert needle in md


# ---------------------------------------------------------------- kappa
def test_cohen_kappa_hand_computed():
    # confusion [[20, 5], [10, 15]]: po = 35/50 = 0.7; pe = (25*30 + 25*20)/50**2 = 0.5
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == pytest.approx(1.0)
    # systematic disagreement is worse than chance
    assert cohen_kappa(["a", "b", "a", "b"], ["b", "a", "b", "a"]) < 0


# ---------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed(seed_article, seed_doc):
    from analysis.statements import extract_statements

    res = extract_statements(seed_article, seed_doc)
    code_stance(res.statements, res.narrator, seed_doc)  # warm the matcher cache
    t0 = time.perf_counter()
    out = code_stance(res.statements, res.narrator, seed_doc)
    return out, time.perf_counter() - t0


def test_columns_offsets_and_speed(seed, seed_article):
    result, seconds = seed
    for f in (result.statements, result.narrator):
        assert set(STANCE_COLUMNS) <= set(f.columns)
        assert set(f["likelihood"]) <= {"likely", "unlikely", "unclear"}
        assert set(f["evaluation"]) <= {"favor", "against", "none"}
        assert set(f["stance"]) <= {"pro", "con", "neutral"}
        for r in f.itertuples():
            assert seed_article.text[r.start:r.end] == r.text
    assert result.narrator["narrator"].all()
    assert list(result.by_speaker.columns) == BY_SPEAKER_COLUMNS
    assert list(result.cues.columns) == CUE_COLUMNS
    for r in result.cues.itertuples():
        assert seed_article.text[r.start:r.end].replace("\n", " ") in r.text or r.rule.startswith("not-just")
    assert seconds < 0.2, f"coding took {seconds:.3f}s"


def _row(result, snippet):
    f = result.all
    hit = f[f["text"].str.contains(snippet, regex=False)]
    assert len(hit), snippet
    return hit.iloc[0]


@pytest.mark.parametrize("snippet, stance, axis, value", [
    ("“assistance”", "pro", "likelihood", "likely"),                        # Putin's promise
    ("lawless state", "con", "evaluation", "against"),                      # Linkevicius
    ("far from reality", "con", "likelihood", "unlikely"),                  # experts say
    ("no obvious need", "con", "likelihood", "unlikely"),                   # Giles
    ("Russia will be ready, without a doubt", "pro", "likelihood", "likely"),  # Giles
    ("unpopular move", "con", "evaluation", "against"),                     # Ferris
    ("reluctant", "con", "likelihood", "unlikely"),                         # Ferris
])
def test_clearly_positioned_statements(seed, snippet, stance, axis, value):
    r = _row(seed[0], snippet)
    assert r["relevant"] and r["stance"] == stance and r[axis] == value, r["stance_cues"]


def test_by_speaker_net_and_bootstrap(seed):
    bs = seed[0].by_speaker
    rel = bs[bs["relevant"] > 0]
    assert ((rel["net"] >= -1) & (rel["net"] <= 1)).all()
    assert ((rel["net_low"] <= rel["net"] + 1e-9) & (rel["net"] <= rel["net_high"] + 1e-9)).all()
    np.testing.assert_allclose(rel["net"], (rel["pro"] - rel["con"]) / rel["relevant"])
    roles = dict(zip(bs["speaker"], bs["speaker_role"]))
    assert roles["(narrator)"] == "narrator"
    assert roles["Keir Giles"] == "expert" and roles["Emily Ferris"] == "expert"
    assert roles["Linas Linkevicius"] == "official"
    # deterministic: the same input gives the same intervals (seeded bootstrap)
    again = summarize_by_speaker(seed[0].all, roles)
    pd.testing.assert_frame_equal(again, bs)


def test_against_reference(seed):
    """Reference coded by reading (seeds/*.stance.csv). Thresholds: stance accuracy >= 0.8 and
    kappa >= 0.6 ("substantial" agreement, Landis & Koch 1977) — a level two human coders
    typically reach on stance; relevance accuracy >= 0.75 because the rules cannot see
    topic continuity that needs world knowledge (Armenia as a precedent)."""
    ref = load_reference(REFERENCE)
    ev = evaluate_stance(seed[0].all, ref)
    assert len(ev.unmatched) == 0, ev.unmatched
    assert ev.score("stance") >= 0.8 and ev.score("stance", "kappa") >= 0.6, ev.disagreements
    assert ev.score("relevant") >= 0.75
    assert int(ev.confusion.to_numpy().sum()) == len(ref)


def test_reference_quotes_are_exact(seed_article):
    ref = pd.read_csv(REFERENCE)
    assert list(ref.columns) == ["paragraph", "quote", "speaker", "relevant", "likelihood", "evaluation",
                                 "stance", "rationale"]
    for r in ref.itertuples():
        assert r.quote in seed_article.paragraphs[r.paragraph - 1].text, r.quote
        assert r.rationale.strip()


def test_html_and_polarity(seed):
    result = seed[0]
    html = statements_html(result.all, result.cues, only_relevant=True)
    assert "<mark" in html and "lawless state" in html
    comp = polarity_comparison(result.all)
    assert len(comp) == int(result.all["relevant"].sum())
    assert {"polarity", "agree", "why"} <= set(comp.columns)
    assert (comp.loc[~comp["agree"], "why"].str.len() > 0).all()


def test_any_article_without_extractor(nlp):
    text = ("Moscow has promised to send troops if needed.\n"
            "\"That would be a disaster,\" said Anna Berg, an analyst at a Warsaw think tank.\n")
    art = Article.from_text(text, id="t")
    doc = nlp(text)
    res = code_stance(sentence_frame(art, doc), None, doc)
    assert res.statements["relevant"].tolist() == [True, True]
    assert res.statements["stance"].tolist()[0] == "pro"
    assert res.narrator.empty or "stance" in res.narrator
