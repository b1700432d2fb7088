"""Stance coding (``analysis/stance/``): one short hand-written sentence per rule class, the
other targets from configuration alone, Cohen's kappa by hand, and invariants of the coded seed.

Every sentence here was invented for these tests. Expected labels follow the project's coding
convention (``analysis/data/stance_codebook.md``, the same as the stance-dev README): a hedged
expectation is *pro* with likelihood *unclear*; readiness under an explicit condition is *pro*;
a "whether" question and a withdrawal are *neutral*. The seed's hand coding is in-sample demo
material, so no test asserts a score against it.
"""
from __future__ import annotations

import importlib.resources
import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.articles import Article
from analysis.config import REPO_ROOT
from analysis.stance import (
    BY_SPEAKER_COLUMNS, CUE_COLUMNS, STANCE_COLUMNS, available_targets, classify_span,
    code_stance, codebook_markdown, cohen_kappa, load_target, polarity_comparison,
    sentence_frame, speaker_roles, statements_html, summarize_by_speaker,
)
from analysis.stance.rules import CONTEXT_WINDOW
from analysis.stance.target import TARGET_SPANS_KEY, annotate_target

REFERENCE = REPO_ROOT / "seeds" / "nbc_2020-08_belarus_putin.stance.csv"
LEXICON = REPO_ROOT / "analysis" / "data" / "stance_lexicon.json"


@pytest.fixture(scope="module")
def nlp():
    from analysis.nlp import load_pipeline

    return load_pipeline()


def code(nlp, text, target=None, context=""):
    """Code the last sentence of ``context + text`` (``context`` gives the earlier sentences)."""
    doc = nlp(context + text)
    span = doc.char_span(len(context), len(doc.text), alignment_mode="expand")
    return classify_span(span, target)


def families(coding) -> set[str]:
    return {c.family for c in coding.cues}


def vader(word: str) -> float:
    """A word's valence read straight from VADER's lexicon file (not through the coder)."""
    text = importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8", errors="replace")
    for line in text.splitlines():
        parts = line.split("\t")
        if parts[0] == word:
            return float(parts[1])
    raise KeyError(word)


# ---------------------------------------------------------------- negation of a reason to act
@pytest.mark.parametrize("sentence, family", [
    ("There is no reason for Moscow to send troops.", "need"),
    ("The Kremlin does not need to intervene.", "need"),
    ("Moscow has no plans to deploy soldiers.", "commitment"),
    ("There is no point in a Russian intervention.", "need"),
])
def test_negated_need_plans_or_point_is_con(nlp, sentence, family):
    c = code(nlp, sentence)
    assert c.relevant and c.likelihood == "unlikely" and c.stance == "con", c.stance_cues
    assert {"negation", family} <= families(c)


def test_unnegated_need_is_pro(nlp):
    c = code(nlp, "There is an urgent need for Russia to intervene.")
    assert c.relevant and c.likelihood == "likely" and c.stance == "pro"
    assert families(c) == {"need"}


# ---------------------------------------------------------------- object control
@pytest.mark.parametrize("sentence, stance", [
    ("The minister urged Russia not to intervene.", "con"),
    ("The minister urged Russia to intervene.", "pro"),
    ("Lithuania called on Moscow to send troops.", "pro"),
    ("Lithuania called on Moscow not to send troops.", "con"),
])
def test_object_control_makes_the_object_the_agent(nlp, sentence, stance):
    c = code(nlp, sentence)
    assert c.relevance_rule == "R1-actor-agent", c.stance_cues
    assert re.search(r"←(Russia|Moscow) \[R1", c.stance_cues)
    assert c.stance == stance, c.stance_cues


# ---------------------------------------------------------------- opposition
@pytest.mark.parametrize("sentence", [
    "The envoy warned against a Russian intervention.",
    "The new sanctions are meant to prevent a Russian invasion.",
])
def test_opposition_is_con(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.evaluation == "against" and c.stance == "con", c.stance_cues
    assert "opposition" in families(c)


# ---------------------------------------------------------------- evaluation (VADER valence)
def test_evaluation_by_valence_of_the_governing_predicate(nlp):
    c = code(nlp, "A Russian invasion would be a disaster.")
    assert vader("disaster") == -3.1  # VADER's own entry; above min_valence 1.2
    assert c.relevant and c.evaluation == "against" and c.stance == "con"
    assert "disaster→valence -3.1(against)" in c.stance_cues
    # "legitimate" is one of the lexicon's documented additions (+1.5)
    assert json.loads(LEXICON.read_text())["evaluation"]["additions"]["legitimate"] == 1.5
    d = code(nlp, "Russian military assistance would be legitimate.")
    assert d.relevant and d.evaluation == "favor" and d.stance == "pro", d.stance_cues
    assert "legitimate→valence +1.5(favor)" in d.stance_cues


def test_evaluation_below_min_valence_is_ignored(nlp):
    # VADER has "okay" at 0.9, below min_valence 1.2
    c = code(nlp, "A Russian intervention would be okay.")
    assert c.relevant and c.evaluation == "none" and "valence" not in families(c)
    # the lexicon's own additions lift "legal" (VADER 0.5) to 1.2, so it counts
    d = code(nlp, "A Russian intervention would be legal.")
    assert d.evaluation == "favor" and d.stance == "pro"


@pytest.mark.parametrize("sentence", [
    "A Russian intervention would not be welcome.",
    "Russian military assistance would not be legitimate.",
    "Sending Russian troops would not be wise.",
])
def test_negated_positive_evaluation_is_against(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.evaluation == "against" and c.stance == "con", c.stance_cues


@pytest.mark.parametrize("sentence", [
    "Russia might intervene, but it would be a disaster.",
    "Moscow may send troops, and that would be dangerous.",
    "Russia might intervene, but it would not be wise.",
])
def test_evaluation_in_a_coordinated_comment_wins(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.evaluation == "against" and c.stance == "con", c.stance_cues


@pytest.mark.parametrize("sentence", [
    "Russia might intervene, but it is hard to say.",            # anticipatory 'it'
    "Russia might intervene, but the economy would be a disaster.",  # another subject
])
def test_coordinated_clause_about_something_else_is_not_a_comment(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.evaluation == "none" and c.stance == "pro", c.stance_cues


# ---------------------------------------------------------------- hedges, questions, endings, conditions
@pytest.mark.parametrize("sentence", ["Russia might intervene.", "Putin may send troops."])
def test_hedged_expectation_is_pro_with_unclear_likelihood(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.likelihood == "unclear" and c.stance == "pro", c.stance_cues
    assert families(c) == {"hedge"}


def test_hedged_pro_form_stands_for_the_action(nlp):
    c = code(nlp, "Russia might do so.", context="Lukashenko has asked for Russian troops. ")
    assert c.relevance_rule == "R3-elided-action" and c.likelihood == "unclear" and c.stance == "pro"
    assert not code(nlp, "Russia might do so.", context="It rained in Minsk. ").relevant


def test_whether_question_is_neutral(nlp):
    c = code(nlp, "Analysts asked whether Russia would intervene.")
    assert c.relevant and c.likelihood == "unclear" and c.stance == "neutral"
    assert "question" in families(c)


def test_withdrawal_is_neutral(nlp):
    c = code(nlp, "The talks covered the withdrawal of Russian troops.")
    assert c.relevant and c.stance == "neutral"
    assert "terminative" in families(c)


@pytest.mark.parametrize("sentence", [
    "Russian troops will not be used unless the situation deteriorates.",
    "Moscow will send troops only as a last resort.",
])
def test_conditional_readiness_is_pro(nlp, sentence):
    c = code(nlp, sentence)
    assert c.relevant and c.likelihood == "likely" and c.stance == "pro", c.stance_cues
    assert "conditional" in families(c)


# ---------------------------------------------------------------- relevance
@pytest.mark.parametrize("sentence", [
    "NATO will send troops to the border.",
    "The president condemned outside interference.",
    "Western involvement would make things worse.",
])
def test_external_agents_are_not_the_target(nlp, sentence):
    c = code(nlp, sentence)
    assert not c.relevant and c.stance == "neutral"
    assert c.stance_cues == "not relevant: action not by the target actor"


@pytest.mark.parametrize("sentence", [
    "Russia will provide economic aid.",
    "Moscow offered financial assistance.",
])
def test_economic_aid_is_not_the_action(nlp, sentence):
    doc = nlp(sentence)
    annotate_target(doc, load_target())
    assert [sp.label_ for sp in doc.spans[TARGET_SPANS_KEY]] == ["ACTOR"]  # the aid is no ACTION
    assert not code(nlp, sentence).relevant
    # the same verb with military help is the action
    assert code(nlp, "Moscow offered military assistance.").stance == "pro"


def test_r2_actor_in_context(nlp):
    ctx = "Putin spoke to Lukashenko on Sunday. "
    c = code(nlp, "Military assistance is unlikely.", context=ctx)
    assert c.relevant and c.relevance_rule == "R2-actor-in-context" and c.stance == "con"
    # the actor named more than CONTEXT_WINDOW sentences earlier no longer counts
    far = ctx + "The weather was fine. " * CONTEXT_WINDOW
    assert not code(nlp, "Military assistance is unlikely.", context=far).relevant
    assert not code(nlp, "Military assistance is unlikely.", context="It rained in Minsk. ").relevant


def test_r3_elided_action(nlp):
    ctx = "Russia could send troops to Minsk. "
    c = code(nlp, "There is no such need.", context=ctx)
    assert c.relevant and c.relevance_rule == "R3-elided-action"
    assert c.likelihood == "unlikely" and c.stance == "con"
    assert {"negation", "need"} <= families(c)
    d = code(nlp, "That would be a disaster.", context=ctx)
    assert d.relevance_rule == "R3-elided-action" and d.stance == "con"
    # no target action just before: the same sentence is about something else
    assert not code(nlp, "There is no such need.", context="It rained in Minsk. ").relevant
    # an existential subject looks back one sentence only
    assert not code(nlp, "There is no such need.", context=ctx + "The weather was fine. ").relevant


@pytest.mark.parametrize("sentence", [
    "The Kremlin has not commented on the protests.",
    "Putin did not say anything about it.",
])
def test_r3_needs_a_cue_not_a_negated_speech_verb(nlp, sentence):
    c = code(nlp, sentence, context="Russia could send troops to Minsk. ")
    assert not c.relevant or c.stance == "neutral", c.stance_cues


def test_existential_negated_noun_is_not_an_evaluation(nlp):
    c = code(nlp, "There is no threat to Moscow's interests.", context="Russia could send troops to Minsk. ")
    assert c.evaluation == "none" and c.stance != "pro", c.stance_cues


# ---------------------------------------------------------------- targets are configuration
def test_first_person_refers_to_the_speaker(nlp):
    text = '"We will send troops," said Vladimir Putin.\n"We will send troops," said Jens Larsen.\n'
    doc = nlp(text)
    starts = [m.start() for m in re.finditer("We will send troops", text)]
    frame = pd.DataFrame(dict(
        statement_id=[1, 2], speaker=["Vladimir Putin", "Jens Larsen"], start=starts,
        end=[s + len("We will send troops") for s in starts], text=["We will send troops"] * 2,
        paragraph=[1, 2], kind=["direct", "direct"], narrator=[False, False]))
    res = code_stance(frame, None, doc)
    assert res.statements["relevant"].tolist() == [True, False]
    assert res.statements.loc[0, "stance_cues"].startswith("troops←We [R1 actor-agent]")


def test_western_sanctions_from_configuration(nlp):
    assert {"belarus", "kazakhstan", "crimea_2014", "ukraine_2022", "western_sanctions"} <= set(available_targets())
    t = load_target("western_sanctions")
    assert t.name == "western_sanctions" and '"sanctions"' in t.actions
    c = code(nlp, "The EU will impose tough sanctions on Minsk.", target=t)
    assert c.relevant and c.likelihood == "likely" and c.stance == "pro"
    d = code(nlp, "Brussels is reluctant to impose sanctions.", target="western_sanctions")
    assert d.relevant and d.stance == "con"
    # the default target does not see sanctions as its action
    assert not code(nlp, "The EU will impose tough sanctions on Minsk.").relevant
    assert load_target(t.path).actions == t.actions  # loadable by path too
    with pytest.raises(ValueError):
        load_target("no_such_target")


def test_kazakhstan_from_configuration(nlp):
    t = "kazakhstan"
    c = code(nlp, "The CSTO will send peacekeepers to Kazakhstan.", target=t)
    assert c.relevance_rule == "R1-actor-agent" and c.stance == "pro", c.stance_cues
    d = code(nlp, "Moscow has no plans to deploy troops in Kazakhstan.", target=t)
    assert d.relevant and d.stance == "con"
    assert code(nlp, "The alliance is ready to help.", target=t).stance == "pro"
    assert not code(nlp, "Russia will provide humanitarian aid.", target=t).relevant


def test_a_new_target_is_a_json_file(nlp, tmp_path):
    path = tmp_path / "turkish_mediation.json"
    path.write_text(json.dumps({
        "name": "turkish_mediation", "label": "Turkish mediation", "question": "Will Turkey mediate?",
        "actors": ["Turkey", "Ankara", "Turkish"], "actions": ["mediate", "mediation"]}), encoding="utf-8")
    c = code(nlp, "Ankara has offered to mediate.", target=str(path))
    assert c.relevance_rule == "R1-actor-agent" and c.stance == "pro"
    assert code(nlp, "Turkey is reluctant to mediate.", target=str(path)).stance == "con"
    assert not code(nlp, "Russia will intervene.", target=str(path)).relevant
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "bad", "actors": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="lacks"):
        load_target(bad)


def test_acronyms_are_case_sensitive(nlp):
    t = load_target("western_sanctions")

    def actors(text):
        doc = annotate_target(nlp(text), t)
        return [sp.text for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == "ACTOR"]

    assert actors("The US will impose sanctions.") == ["US"]
    assert actors("They told us that sanctions would follow.") == []
    assert code(nlp, "The US will impose sanctions.", target=t).stance == "pro"
    assert not code(nlp, "Let us impose sanctions.", target=t).relevant


@pytest.mark.parametrize("sentence", [
    "The US National Guard will deploy troops to Oregon.",
    "The National Guard will deploy troops.",
])
def test_us_national_guard_is_not_the_russian_actor(nlp, sentence):
    assert not code(nlp, sentence).relevant
    # Russia's own National Guard is
    assert code(nlp, "Russia's National Guard will deploy troops.").relevance_rule == "R1-actor-agent"


@pytest.mark.parametrize("sentence", [
    "In the US, the National Guard was deployed in Minneapolis.",
    "American troops were deployed in Poland.",
])
def test_passive_deployment_of_another_actors_force_is_not_relevant(nlp, sentence):
    c = code(nlp, sentence, context="Russia has promised to help Lukashenko. ")
    assert not c.relevant, c.stance_cues


def test_codebook_names_the_target_rules_and_every_cue_family():
    md = codebook_markdown("kazakhstan")
    assert "{{TARGET}}" not in md and "CSTO" in md and "Kazakhstan" in md
    for needle in ("R1", "R2", "R3", "not_actions", "min_valence", "VADER"):
        assert needle in md, needle
    for fam in json.loads(LEXICON.read_text())["families"]:
        assert f"`{fam}`" in md, fam


# ---------------------------------------------------------------- kappa
def test_cohen_kappa_hand_computed():
    # confusion [[20, 5], [10, 15]]: po = 35/50 = 0.7; pe = (25*30 + 25*20)/50**2 = 0.5
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == pytest.approx(1.0)
    # systematic disagreement is worse than chance
    assert cohen_kappa(["a", "b", "a", "b"], ["b", "a", "b", "a"]) < 0


# ---------------------------------------------------------------- a short hand-written article
ARTICLE = ("Moscow has promised to send troops if needed.\n"
           "\"That would be a disaster,\" said Anna Berg, an analyst at a Warsaw think tank.\n"
           "Moscow will not send troops.\n")


@pytest.fixture(scope="module")
def small(nlp):
    art = Article.from_text(ARTICLE, id="t")
    doc = nlp(ARTICLE)
    return art, code_stance(sentence_frame(art, doc), None, doc)


def test_any_article_without_extractor(small):
    _, res = small
    assert res.statements["relevant"].tolist() == [True, True, True]
    assert res.statements["stance"].tolist() == ["pro", "con", "con"]
    assert res.narrator.empty or "stance" in res.narrator


def _marks(html):
    return re.findall(r'<mark data-cat="(stance-\w+)"[^>]*>([^<]*)</mark>', html)


def test_html_marks_every_cue(nlp):
    art = Article.from_text(ARTICLE, id="t")
    doc = nlp(ARTICLE)
    res = code_stance(None, sentence_frame(art, doc), doc)  # every sentence as the narrator's
    marks = _marks(statements_html(res.narrator, res.cues))
    assert len(marks) == len(res.cues) == 5
    # "will" (prediction) and "not" (negation) in the last sentence
    assert ("stance-likely", "will") in marks and ("stance-unlikely", "not") in marks
    assert ("stance-against", "disaster") in marks
    for c in res.cues.itertuples():
        assert art.text[c.start:c.end] == c.text


def test_html_marks_cues_of_the_fallback_statements(small):
    _, res = small
    assert len(_marks(statements_html(res.all, res.cues))) == len(res.cues)


def test_polarity_comparison_hand_built():
    # scores given, so nothing is recomputed: pro/positive agree, con/positive disagree
    frame = pd.DataFrame(dict(
        statement_id=[1, 2, 3, 4], paragraph=[1, 1, 2, 2], speaker=["A", "B", "C", "D"],
        relevant=[True, True, True, False], stance=["pro", "con", "neutral", "neutral"],
        polarity=[0.3, 0.3, 0.01, 0.9], sentiment_words=["good", "great", "", "best"],
        stance_cues=["x", "no need→negation(unlikely)", "whether→question(unclear)", ""],
        text=["a", "b", "c", "d"]))
    comp = polarity_comparison(frame)
    assert comp["statement_id"].tolist() == [1, 2, 3]  # only relevant rows
    assert comp["polarity_label"].tolist() == ["positive", "positive", "neutral"]
    assert comp["agree"].tolist() == [True, False, True]
    assert comp.loc[1, "why"] == "polarity from: great; stance from: no need→negation(unlikely)"
    assert (comp.loc[comp["agree"], "why"] == "").all()


# ---------------------------------------------------------------- the seed (invariants only)
@pytest.fixture(scope="module")
def seed(seed_article, seed_doc):
    from analysis.statements import extract_statements

    res = extract_statements(seed_article, seed_doc)
    return code_stance(res.statements, res.narrator, seed_doc)


def test_columns_and_offsets(seed, seed_article):
    for f in (seed.statements, seed.narrator):
        assert set(STANCE_COLUMNS) <= set(f.columns)
        assert set(f["likelihood"]) <= {"likely", "unlikely", "unclear"}
        assert set(f["evaluation"]) <= {"favor", "against", "none"}
        assert set(f["stance"]) <= {"pro", "con", "neutral"}
        for r in f.itertuples():
            assert seed_article.text[r.start:r.end] == r.text
            assert r.coded_start <= r.start and r.end <= r.coded_end
        nr = f[~f["relevant"].astype(bool)]
        assert (nr["stance"] == "neutral").all() and (nr["relevance_rule"] == "").all()
        assert nr["stance_cues"].str.startswith("not relevant").all()
        rel = f[f["relevant"].astype(bool)]
        assert rel["relevance_rule"].str.match(r"R[1-8]-").all()
    assert seed.narrator["narrator"].all()
    assert list(seed.by_speaker.columns) == BY_SPEAKER_COLUMNS
    assert list(seed.cues.columns) == CUE_COLUMNS
    for r in seed.cues.itertuples():
        assert seed_article.text[r.start:r.end] == r.text


def test_by_speaker_net_and_bootstrap(seed):
    bs = seed.by_speaker
    assert (bs["pro"] + bs["con"] + bs["neutral"] == bs["relevant"]).all()
    assert (bs["likely"] + bs["unlikely"] + bs["unclear"] == bs["relevant"]).all()
    assert (bs["favor"] + bs["against"] + bs["none"] == bs["relevant"]).all()
    assert (bs["relevant"] <= bs["statements"]).all()
    rel = bs[bs["relevant"] > 0]
    assert len(rel)
    np.testing.assert_allclose(rel["net"], (rel["pro"] - rel["con"]) / rel["relevant"])
    assert ((rel["net_low"] <= rel["net"] + 1e-9) & (rel["net"] <= rel["net_high"] + 1e-9)).all()
    assert ((rel["net_low"] >= -1) & (rel["net_high"] <= 1)).all()
    one = rel[rel["relevant"] == 1]
    assert (one["net_low"] == one["net"]).all() and (one["net_high"] == one["net"]).all()
    assert bs.loc[bs["relevant"] == 0, "net"].isna().all()
    roles = dict(zip(bs["speaker"], bs["speaker_role"]))
    assert roles["(narrator)"] == "narrator"
    assert set(roles.values()) <= {"expert", "official", "narrator", "other"}
    # deterministic: the same input gives the same intervals (seeded bootstrap)
    pd.testing.assert_frame_equal(summarize_by_speaker(seed.all, roles), bs)


def test_by_speaker_hand_built():
    frame = pd.DataFrame(dict(
        speaker=["A", "A", "A", "A", "B"], relevant=[True, True, True, False, False],
        stance=["pro", "con", "pro", "neutral", "neutral"], likelihood=["likely", "unlikely", "likely", "unclear", "unclear"],
        evaluation=["none", "none", "favor", "none", "none"],
        coded_start=[0, 10, 10, 30, 40], coded_end=[9, 20, 20, 39, 49]))
    bs = summarize_by_speaker(frame, {"A": "expert"}).set_index("speaker")
    # rows 2 and 3 share one coded span (one partial quote): counted once, so 1 pro + 1 con
    assert bs.loc["A", ["statements", "relevant", "pro", "con"]].tolist() == [4, 2, 1, 1]
    assert bs.loc["A", "net"] == 0.0 and bs.loc["A", "speaker_role"] == "expert"
    assert bs.loc["B", "relevant"] == 0 and np.isnan(bs.loc["B", "net"]) and bs.loc["B", "speaker_role"] == "other"


def test_roles_from_titles(nlp):
    text = ("\"Moscow will send troops,\" said Anna Berg, an analyst at a Warsaw think tank.\n"
            "\"Moscow will not send troops,\" said Foreign Minister Jan Kowal.\n")
    doc = nlp(text)
    frame = pd.DataFrame(dict(speaker=["Anna Berg", "Jan Kowal"], narrator=[False, False]))
    assert speaker_roles(doc, frame) == {"Anna Berg": "expert", "Jan Kowal": "official"}


def test_seed_html_has_marks(seed):
    html = statements_html(seed.all, seed.cues, only_relevant=True)
    assert "<mark" in html
    assert html.count("<tr>") == 1 + int(seed.all["relevant"].sum())
    comp = polarity_comparison(seed.all)
    assert len(comp) == int(seed.all["relevant"].sum())
    assert (comp.loc[~comp["agree"], "why"].str.len() > 0).all()


def test_reference_quotes_are_exact(seed_article):
    ref = pd.read_csv(REFERENCE)
    assert list(ref.columns) == ["paragraph", "quote", "speaker", "relevant", "likelihood", "evaluation",
                                 "stance", "rationale"]
    for r in ref.itertuples():
        assert r.quote in seed_article.paragraphs[r.paragraph - 1].text, r.quote
        assert r.rationale.strip()


# ---------------------------------------------------------------- where the action happens
@pytest.mark.parametrize("sentence", [
    "Russian troops are stationed in Moldova.",
    "Moscow denied that it plans to send soldiers into Moldova.",
    "Putin admitted that Russian forces took part in the occupation of Abkhazia.",
])
def test_action_located_elsewhere_is_not_relevant(nlp, sentence):
    c = code(nlp, sentence)
    assert not c.relevant and "elsewhere" in c.stance_cues, c.stance_cues


def test_a_target_place_keeps_the_action(nlp):
    assert code(nlp, "Russian troops will be stationed in Belarus.").stance == "pro"
    c = code(nlp, "The CSTO will send troops to Kazakhstan and to the border with Georgia.", target="kazakhstan")
    assert c.relevant and c.stance == "pro", c.stance_cues
    # a target without places is never read for places: sanctions "on" a capital are the target's
    assert code(nlp, "The EU will impose sanctions on Minsk.", target="western_sanctions").relevant


# ---------------------------------------------------------------- economic objects of support
@pytest.mark.parametrize("target", ["belarus", "kazakhstan"])
@pytest.mark.parametrize("sentence", [
    "Russia offered to support the banking system.",
    "Moscow will prop up the economy.",
])
def test_support_with_an_economic_object_is_not_the_action(nlp, sentence, target):
    assert not code(nlp, sentence, target=target).relevant


# ---------------------------------------------------------------- a topic of talks takes no side
def test_a_topic_of_talks_is_neutral(nlp):
    c = code(nlp, "Putin and Tokayev discussed the deployment of CSTO troops.", target="kazakhstan")
    assert c.relevant and c.stance == "neutral" and "topic" in families(c), c.stance_cues
    # a negated reason above the talk takes a side
    d = code(nlp, "There is no point in talking about sending Russian troops.")
    assert d.stance == "con" and "topic" in families(d), d.stance_cues


# ---------------------------------------------------------------- subjects that are not R3's
@pytest.mark.parametrize("sentence", [
    "It is terrible to queue for bread in winter.",            # anticipatory it
    "The opposition lost the vote, and this must be reflected in the talks.",  # clause antecedent
    "He promised that there were no conditions.",              # existential with a plain pivot
])
def test_r3_ignores_subjects_that_do_not_stand_for_the_action(nlp, sentence):
    c = code(nlp, sentence, context="Russia could send troops to Minsk. ")
    assert not c.relevant, c.stance_cues


def test_r3_tries_every_subject_and_resolves_it_to_the_actor(nlp):
    ctx = "Russia could soon send troops to Minsk. Many analogies exist. "
    c = code(nlp, "If Moscow is considering this, I believe it should be stopped.", context=ctx)
    assert c.relevance_rule == "R3-elided-action" and c.stance == "con", c.stance_cues
    assert "opposition" in families(c)


def test_phrase_words_match_as_written_or_as_lemma(tmp_path):
    """"send troops" is found as "sent troops" (lemma + form) and "sending troops"."""
    from analysis.nlp import get_doc
    from analysis.stance.target import load_target

    cfg = {"name": "t", "question": "Will Norway send troops?", "actors": ["Norway"], "actions": ["send troops"]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    target = load_target(str(path))
    for text, want in (("Norway sent troops north.", "sent troops"), ("Norway is sending troops.", "sending troops"),
                       ("Norway sent aid.", None)):
        doc = get_doc(Article.from_text(text, id="x"), cache=False)
        annotate_target(doc, target)
        found = [sp.text for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == "ACTION"]
        assert found == ([want] if want else []), text


@pytest.mark.parametrize("target_name", ["belarus", "kazakhstan", "western_sanctions"])
def test_start_token_ruler_finds_exactly_what_the_span_ruler_finds(seed_doc, target_name):
    """The speed-up runs, at each token, only the patterns that can start there; the spans must be
    the very ones a whole-Doc ``span_ruler`` pass finds (here on the seed, which has matches of both)."""
    from analysis.stance import lexicon
    from analysis.stance.target import _ruler, load_target, ruler_matches

    for ruler in (_ruler(load_target(target_name)), lexicon._ruler()):
        whole = [(sp.start, sp.end, sp.label_, sp.id_) for sp in ruler.match(seed_doc)]
        assert whole, "the seed should match something"
        assert [(sp.start, sp.end, sp.label_, sp.id_) for sp in ruler_matches(ruler, seed_doc)] == whole


def test_start_token_plan_leaves_patterns_it_cannot_plan_to_the_ruler():
    """Lower-case keys (which spaCy accepts) and unbounded operators are matched by the
    ruler itself, so the spans stay those of ``ruler.match``."""
    import spacy

    from analysis.stance.target import ruler_matches

    nlp = spacy.blank("en")
    for patterns, text in (([{"LOWER": "the", "op": "?"}, {"LOWER": "troops"}], "troops arrived"),
                           ([{"lower": "send"}, {"LOWER": "more", "OP": "+"}], "send more more"),
                           ([{"LOWER": "send"}, {"LOWER": "troops"}], "They send troops and send troops")):
        ruler = nlp.add_pipe("span_ruler", name=f"r{len(nlp.pipe_names)}", config={"overwrite": True})
        ruler.add_patterns([{"label": "X", "pattern": patterns}])
        doc = nlp.make_doc(text)
        want = [(sp.start, sp.end) for sp in ruler.match(doc)]
        assert want
        assert [(sp.start, sp.end) for sp in ruler_matches(ruler, doc)] == want


# --------------------------------------------------------------------------- target files as users write them
def _write_target(tmp_path, **over):
    cfg = {
        "name": "user_target", "question": "Will Freedonia send troops into Sylvania?",
        "actors": ["Freedonia", [{"LEMMA": "freedonian", "POS": "ADJ"}],
                   [{"ENT_TYPE": "PERSON", "LOWER": "firefly"}], [{"LOWER": "defence"}, {"LEMMA": "ministry"}]],
        "actions": ["send troops", [{"LEMMA": "deploy", "POS": "VERB"}],
                    [{"LEMMA": "force", "POS": {"IN": ["NOUN", "PROPN"]}}], "invasion"],
        "not_actions": [[{"LOWER": "air"}, {"LEMMA": "force"}], [{"POS": "ADJ", "LOWER": "economic"},
                                                                    {"LEMMA": "aid"}]],
        "places": ["Sylvania"],
    }
    cfg.update(over)
    path = tmp_path / "user_target.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    return path


def test_a_user_target_with_pos_ent_type_and_lemma_patterns_analyses_an_article(tmp_path):
    """POS/ENT_TYPE/LEMMA patterns in actors, actions and not_actions, as the docs allow: the
    article is analysed (no E155 when a speaker's name is matched against the actors), and the
    patterns match in the parsed text."""
    path = _write_target(tmp_path)
    art = tmp_path / "a.txt"
    art.write_text("Freedonian forces will deploy to Sylvania next week, the defence ministry said on Monday.\n"
                   "\"We will send troops if asked,\" Rufus Firefly, the Freedonian leader, told reporters.\n"
                   "The air force was not involved, an official said.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "analysis", "analyze", str(art), "--out", str(tmp_path / "o"),
                          "--target", str(path), "--jobs", "1"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert res.returncode == 0, res.stderr
    st = pd.read_csv(tmp_path / "o" / "a" / "statements.csv")
    assert st["relevant"].any(), st[["text", "stance_cues"]]
    assert (st.loc[st["relevant"], "stance"] == "pro").any(), st[["text", "stance", "stance_cues"]]


def test_actor_names_are_matched_without_the_model_attributes():
    from analysis.stance.target import is_actor_name

    t = load_target(str(_write_target_path()))
    assert is_actor_name(t, "Defence Ministry")          # LOWER + LEMMA pattern, read on a bare name
    assert is_actor_name(t, "Freedonia")
    assert not is_actor_name(t, "Sylvania")
    # an ENT_TYPE-only token would match any word: such a pattern is not used for bare names
    assert not is_actor_name(load_target(str(_write_target_path(actors=[[{"ENT_TYPE": "GPE"}]]))), "Sylvania")


def _write_target_path(**over):
    import tempfile
    from pathlib import Path

    return _write_target(Path(tempfile.mkdtemp()), **over)


@pytest.mark.parametrize("over, reason", [
    ({"actors": [[{"POS": "VERBB"}]]}, "actors[0]"),
    ({"actions": ["troops", [{"LEMMA": "x", "OP": "+?"}]]}, "actions[1]"),
    ({"not_actions": [[]]}, "not_actions[0]"),
    ({"actions": [[{"LOWER": "a", "OP": "?"}]]}, "every token is optional"),
    ({"places": "Sylvania"}, "must be a list"),
    ({"actions": []}, "'actions' is empty"),
    ({"status": "finished"}, "status 'finished'"),
])
def test_a_bad_target_file_is_refused_at_load_with_one_line(tmp_path, over, reason):
    from analysis.stance.target import TargetFileError

    path = _write_target(tmp_path, **over)
    with pytest.raises(TargetFileError) as err:
        load_target(str(path))
    msg = str(err.value)
    assert reason in msg and str(path) in msg and "\n" not in msg
    res = subprocess.run([sys.executable, "-m", "analysis", "analyze", str(REPO_ROOT / "seeds"), "--out",
                          str(tmp_path / "o"), "--target", str(path)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and reason in res.stderr


# --------------------------------------------------------------------------- status, side, composition (issue 16)
def code_as(nlp, text, side, target=None, context=""):
    """Code the last sentence of ``context + text`` said by a speaker on ``side`` (actor/other)."""
    doc = nlp(context + text)
    span = doc.char_span(len(context), len(doc.text), alignment_mode="expand")
    return classify_span(span, target, side=side)


def test_an_action_under_way_that_is_only_reported_takes_no_side(nlp):
    c = code(nlp, "Russian troops crossed the border into Belarus on Tuesday.")
    assert c.relevant and c.event_status == "actual" and c.stance == "neutral", c.stance_cues
    f = code(nlp, "Russian troops will cross the border into Belarus.")
    assert f.event_status == "prospective" and f.stance == "pro", f.stance_cues
    # the actor's own side reporting its act under way announces it
    a = code_as(nlp, "Our troops crossed the border on Tuesday.", "actor")
    assert a.stance == "pro" and "status" in families(a), a.stance_cues


def test_a_target_status_overrides_the_reading(nlp, tmp_path):
    cfg = json.loads((REPO_ROOT / "analysis" / "data" / "stance_targets" / "belarus.json").read_text())
    cfg["status"] = "prospective"
    path = tmp_path / "belarus_prospective.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    c = code(nlp, "Russian troops crossed the border into Belarus on Tuesday.", target=str(path))
    assert c.event_status == "prospective" and c.stance == "pro", c.stance_cues


def test_harm_is_read_by_who_suffers_it(nlp):
    c = code_as(nlp, "Russian troops shelled a school and killed civilians.", "other")
    assert c.stance == "con" and ("effect" in families(c) or "valence" in families(c)), c.stance_cues
    d = code_as(nlp, "Our forces have destroyed forty enemy positions.", "actor")
    assert d.stance == "pro", d.stance_cues
    assert any(cue.family == "effect" and "combatants" in cue.rule for cue in d.cues), d.stance_cues


def test_rejecting_an_accusation_defends_the_act(nlp):
    c = code(nlp, "The Kremlin brushed aside Western criticism of the deployment.")
    assert c.stance == "pro" and "composition" in families(c), c.stance_cues
    d = code(nlp, "Moscow rejected reports that Russian troops had fired on residents.")
    assert d.stance == "pro" and "composition" in families(d), d.stance_cues


def test_the_actor_side_denying_an_act_of_force_defends_it_others_doubt_it(nlp):
    actor = code_as(nlp, "Russia has no plans to invade anyone.", "actor")
    assert actor.stance == "pro" and "composition" in families(actor), actor.stance_cues
    other = code_as(nlp, "Russia has no plans to invade anyone.", "other")
    assert other.stance == "con", other.stance_cues
    # a non-hostile act the actor says it will not need stays a doubt of it ("no need to help")
    assert code_as(nlp, "Russia sees no need to send police to Belarus now.", "actor").stance == "con"


@pytest.mark.parametrize("text, stance, rule", [
    ("Moscow has made a grave mistake.", "con", "R4-actor-evaluation"),
    ("Russia's conduct is unacceptable.", "con", "R3-elided-action"),   # the actor as subject, just after the act
    ("The president condemned Russia's actions.", "con", "R4-actor-evaluation"),
    ("We trust our Russian partners completely.", "pro", "R4-actor-evaluation"),
    ("The allies are ready to impose new sanctions on Russia.", "con", "R4-actor-evaluation"),
])
def test_an_evaluation_aimed_at_the_actor_needs_no_action_word(nlp, text, stance, rule):
    ctx = "Russia may send troops to Belarus. "
    c = code(nlp, text, context=ctx)
    assert c.relevance_rule == rule and c.stance == stance, c.stance_cues


def test_an_evaluation_of_the_actor_in_an_article_not_about_the_target_is_not_coded(nlp):
    assert not code(nlp, "Moscow has made a grave mistake on pensions.").relevant


def test_the_actor_side_pointing_to_another_party_s_force_justifies(nlp):
    ctx = "Russia may send troops to Belarus. "
    c = code_as(nlp, "NATO troops are massing on the border with Belarus.", "actor", context=ctx)
    assert c.relevance_rule == "R6-other-side-force" and c.stance == "pro", c.stance_cues
    # a warning against another party's involvement is not an assertion of it
    w = code_as(nlp, "Moscow warned against any outside involvement in Belarus.", "actor", context=ctx)
    assert w.stance == "neutral", w.stance_cues


@pytest.mark.parametrize("text, speaker, affiliation", [
    ("Russian Defence Ministry spokesman Igor Konashenkov said the troops had left.", "Igor Konashenkov",
     "Russian Defence Ministry"),
    ("Sergei Lavrov, Russia's foreign minister, said talks would go on.", "Sergei Lavrov", "Russia"),
    ("The Kremlin said the talks would go on.", "The Kremlin", "Kremlin"),
    ("Jane Doe, a nurse from Leeds, said she was tired.", "Jane Doe", ""),
])
def test_speaker_affiliation_is_read_from_titles_appositives_and_organisations(nlp, text, speaker, affiliation):
    from analysis.affiliation import speaker_affiliation

    doc = nlp(text)
    mention = doc.char_span(text.index(speaker), text.index(speaker) + len(speaker), alignment_mode="expand")
    aff = speaker_affiliation(doc, mention, speaker)
    assert (aff.text if aff is not None else "") == affiliation


def test_statements_carry_affiliation_side_and_status(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Russian troops crossed into Belarus on Tuesday, the Russian Defence Ministry said.\n"
                   "\"We will press on until every goal is met,\" said Igor Ivanov, a spokesman for the Kremlin.\n"
                   "\"This is a grave mistake by Moscow,\" said Jane Doe, a nurse from Leeds.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "analysis", "analyze", str(art), "--out", str(tmp_path / "o"),
                          "--jobs", "1"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert res.returncode == 0, res.stderr
    st = pd.read_csv(tmp_path / "o" / "a" / "statements.csv", keep_default_na=False)
    assert {"speaker_affiliation", "speaker_side", "event_status"} <= set(st.columns)
    by = {r.speaker: r for r in st.itertuples()}
    ivanov = next(r for s, r in by.items() if "Ivanov" in s)
    assert ivanov.speaker_affiliation == "Kremlin" and ivanov.speaker_side == "actor"
    doe = next(r for s, r in by.items() if "Doe" in s)
    assert doe.speaker_side == "other" and doe.stance == "con", (doe.stance, doe.stance_cues)


@pytest.mark.parametrize("text, side", [
    ("Russia's decision to send troops to Belarus is not an act of aggression.", "actor"),   # a hostile label denied
    ("Putin denied sending any troops to Belarus.", "actor"),                            # the act denied outright
    ("Russia is not invading anything in Belarus.", "other"),                           # no act of force now
])
def test_denials_of_an_act_of_force_defend_it(nlp, text, side):
    c = code_as(nlp, text, side)
    assert c.relevant and c.stance == "pro" and "composition" in families(c), c.stance_cues


def test_an_aspectual_verb_outranks_a_condition_in_the_status(nlp):
    from analysis.stance.rules import DocIndex, read_chain
    from analysis.stance.status import event_status

    doc = nlp("Nobody listened to us until the Russian intervention began.")
    index = DocIndex(doc, load_target("belarus"))
    action = next(sp for sp in index.actions if sp.root.lower_ == "intervention")
    assert event_status(action, read_chain(action.root, index).cues) == "actual"


def test_an_appeal_to_sovereignty_by_a_speaker_not_on_the_actor_side_opposes(nlp):
    ctx = "Russia may send troops to Belarus. "
    c = code_as(nlp, "The territorial integrity of Belarus cannot be called into question.", "other", context=ctx)
    assert c.relevance_rule == "R7-sovereignty" and c.stance == "con", c.stance_cues
    # integrity alone is not territorial integrity; the actor's own side invoking it is not coded so
    assert not code_as(nlp, "The integrity of the election cannot be called into question.", "other",
                       context=ctx).relevant
    assert not code_as(nlp, "The sovereignty of Belarus must be respected by the West.", "actor", context=ctx).relevant


def test_the_target_command_checks_a_file_and_shows_what_it_matches(tmp_path):
    path = _write_target(tmp_path)
    art = tmp_path / "a.txt"
    art.write_text("Freedonian forces will deploy to Sylvania, the defence ministry said.\n"
                   "The air force was not involved.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "analysis", "target", str(path), str(art)],
                         capture_output=True, text=True, cwd=REPO_ROOT)
    assert res.returncode == 0, res.stderr
    assert "the file is valid" in res.stdout
    lines = {ln.split()[0]: ln for ln in res.stdout.splitlines()[2:] if ln.startswith("  ")}
    assert "deploy" in lines["action"] and "forces" in lines["action"]
    assert "force" in lines["not_action"] and "sylvania" in lines["place"]   # "air force": removed
    bad = _write_target(tmp_path, actions=[[{"POS": "NOUNS"}]])
    res = subprocess.run([sys.executable, "-m", "analysis", "target", str(bad)], capture_output=True, text=True,
                         cwd=REPO_ROOT)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "actions[0]" in res.stderr


def test_r3_leaves_an_actor_clause_that_names_another_event(nlp):
    ctx = "Russia could soon send troops to Minsk. "
    for text in ("Russia expected to meet the American envoy next week.", "Putin promised nothing to that effect.",
                 "The Kremlin will decide on its next steps."):
        c = code(nlp, text, context=ctx)
        assert not c.relevant, (text, c.stance_cues)
    # an elided action still counts: "Russia will be ready", "it will be used only as a last resort"
    assert code(nlp, "Russia will be ready.", context=ctx).relevant
    assert code(nlp, "Putin said it will be used only as a last resort.", context=ctx).stance == "pro"


def test_a_demand_that_the_act_end_opposes_it(nlp):
    ctx = "Russian troops entered Belarus last week. "
    c = code_as(nlp, "The ministers called for the withdrawal of Russian troops.", "other", context=ctx)
    assert c.stance == "con" and c.likelihood == "unlikely", c.stance_cues
    # a bare withdrawal timetable takes no side
    assert code_as(nlp, "The withdrawal of Russian troops will be completed on Friday.", "other",
                   context=ctx).stance == "neutral"


def test_the_act_as_the_agent_of_a_blocking_verb_is_not_opposed(nlp):
    c = code_as(nlp, "Two bases are still being blocked by Russian troops.", "other")
    # no opposition: a bare report of an act under way (the passive verb's status)
    assert c.stance == "neutral" and c.event_status == "actual" and "opposition" not in families(c), c.stance_cues


def test_an_evaluation_of_words_said_about_the_actor_is_not_an_evaluation_of_the_actor(nlp):
    ctx = "Russia may send troops to Belarus. "
    # the harsh words are the statement's, not the speaker's verdict on Putin: rejecting them defends him
    c = code_as(nlp, "The minister called the harsh statement on Putin a provocation.", "other", context=ctx)
    assert c.relevance_rule == "R4-actor-evaluation" and c.stance == "pro", c.stance_cues
    d = code_as(nlp, "The Kremlin dismissed the remarks on Putin as lies.", "actor", context=ctx)
    assert d.stance == "pro" and "composition" in families(d), d.stance_cues


def test_r3_the_actor_side_doubting_an_act_of_force_defends_it(nlp):
    ctx = "Western officials say Russia may send troops into Belarus. "
    c = code_as(nlp, "There is no reason to fear an escalation.", "actor", context=ctx)
    assert c.stance == "pro" and "composition" in families(c), c.stance_cues
    # a non-hostile act the actor's side says is not needed stays a doubt of it
    assert code_as(nlp, "There is no need for that now.", "actor", context=ctx).stance == "con"


def test_who_judges_an_act_does_not_do_it_and_a_negated_judgement_flips(nlp):
    ctx = "Russia sent troops into Belarus on Monday. "
    c = code_as(nlp, "The chancellor condemned the intervention.", "other", context=ctx)
    assert c.relevant and c.stance == "con", c.stance_cues
    d = code_as(nlp, "The allies will never recognise the intervention.", "other", context=ctx)
    assert d.relevant and d.stance == "con", d.stance_cues
    e = code_as(nlp, "The allies welcomed the intervention.", "other", context=ctx)
    assert e.relevant and e.stance == "pro", e.stance_cues


@pytest.mark.parametrize("text, stance", [
    ("We consider Russia's intervention illegal.", "con"),                  # the act as the subject of a small clause
    ("The illegal Russian intervention in Belarus must end.", "con"),        # an evaluative adjective on the act
])
def test_evaluative_adjectives_on_the_act(nlp, text, stance):
    c = code_as(nlp, text, "other")
    assert c.relevant and c.stance == stance, c.stance_cues


def test_an_act_s_own_against_phrase_names_its_target_not_opposition(nlp):
    ctx = "Russia may send troops into Belarus. "
    c = code_as(nlp, "Minsk was preparing to launch an offensive against the protesters.", "actor", context=ctx)
    assert "opposition" not in families(c), c.stance_cues
    # another party's force, asserted by the actor's side, is its reason to act (R6)
    d = code_as(nlp, "Kiev was preparing to send troops against the republics.", "actor", context=ctx)
    assert d.relevance_rule == "R6-other-side-force" and d.stance == "pro", d.stance_cues


@pytest.mark.parametrize("text, stance", [
    ("Minsk is an inseparable part of Russia.", "pro"),
    ("Brest is a Russian town.", "pro"),
    ("Minsk is not part of Russia.", "con"),
])
def test_a_target_place_claimed_as_the_actor_s(nlp, text, stance):
    ctx = "Russia may send troops into Belarus. "
    c = code_as(nlp, text, "other", context=ctx)
    assert c.relevance_rule == "R8-territorial-claim" and c.stance == stance, c.stance_cues


def test_accusing_the_actor_and_calls_to_refrain_oppose(nlp):
    ctx = "Russia may send troops into Belarus. "
    c = code_as(nlp, "Washington accused Russia of stirring unrest.", "other", context=ctx)
    assert c.stance == "con", c.stance_cues
    d = code_as(nlp, "The assembly urged Moscow to refrain from any use of force in Belarus.", "other", context=ctx)
    assert d.relevant and d.stance == "con", d.stance_cues


@pytest.mark.parametrize("text", [
    "He will be in Moscow on Friday.",             # a pronoun being somewhere is no territorial claim
    "She stayed in Russia for a year.",
])
def test_being_in_the_actor_s_country_is_not_a_claim(nlp, text):
    ctx = "Russia may send troops into Belarus. "
    assert code_as(nlp, text, "other", context=ctx).relevance_rule != "R8-territorial-claim"


def test_another_state_s_sovereignty_is_no_appeal_against_the_act(nlp):
    ctx = "Russia may send troops into Belarus. "
    c = code_as(nlp, "China said it respects Russia's sovereignty.", "other", context=ctx)
    assert c.relevance_rule != "R7-sovereignty", c.stance_cues
    d = code_as(nlp, "The sovereignty of states must be respected.", "other", context=ctx)
    assert d.relevance_rule == "R7-sovereignty" and d.stance == "con", d.stance_cues


def test_a_nationality_alone_is_not_an_affiliation(nlp):
    from analysis.affiliation import speaker_affiliation

    text = "Ivan Petrov, a Russian opposition politician, said the vote was rigged."
    doc = nlp(text)
    assert speaker_affiliation(doc, doc.char_span(0, 11), "Ivan Petrov") is None
    text = "Russian officials said the talks would go on."
    doc = nlp(text)
    aff = speaker_affiliation(doc, doc.char_span(0, 17), "Russian officials")
    assert aff is not None and aff.text == "Russian"


def test_harm_to_a_quantity_of_combatants_is_a_report(nlp):
    d = code_as(nlp, "Our forces have killed dozens of enemy soldiers.", "actor")
    assert d.stance == "pro" and any(c.family == "effect" and "combatants" in c.rule for c in d.cues), d.stance_cues


def test_an_empty_span_is_not_relevant(nlp):
    doc = nlp("Russia will send troops.")
    assert classify_span(doc[0:0]).relevance_note == "not relevant: empty span"


def test_target_files_custom_attributes_names_and_acronyms(tmp_path):
    from analysis.stance.target import TargetFileError, is_actor_name

    with pytest.raises(TargetFileError, match="custom attributes"):
        load_target(str(_write_target(tmp_path, actors=[[{"_": {"x": 1}}]])))
    t = load_target(str(_write_target(tmp_path, actors=[[{"LOWER": "defence"}, {"LEMMA": "ministry"},
                                                         {"POS": "PROPN", "OP": "?"}], "NATO "])))
    assert is_actor_name(t, "Defence Ministry")      # the optional model-only token is left out for names
    assert is_actor_name(t, "NATO") and not is_actor_name(t, "nato")   # an acronym, spaces trimmed


def test_an_edited_target_file_is_read_again(tmp_path):
    import os

    path = _write_target(tmp_path)
    assert load_target(str(path)).name == "user_target"
    _write_target(tmp_path, name="edited_target")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))   # a later modification time
    assert load_target(str(path)).name == "edited_target"
