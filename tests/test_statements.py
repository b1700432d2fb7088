"""Statement extraction: the seed against its hand-coded reference, and one short
text per construction."""
from __future__ import annotations


import pandas as pd
import pytest

from analysis.articles import Article, load_article
from analysis.attribution import find_quotes, load_lexicon, misspelled_cue, osa_distance
from analysis.config import SEEDS_DIR
from analysis.nlp import get_doc
from analysis.statements import (
    COLUMNS,
    extract_statements,
    load_reference,
    score_against_reference,
)

SEED = SEEDS_DIR / "nbc_2020-08_belarus_putin.txt"
REFERENCE = SEEDS_DIR / "nbc_2020-08_belarus_putin.statements.csv"


@pytest.fixture(scope="module")
def seed():
    art = load_article(SEED)
    doc = get_doc(art)
    return art, doc, extract_statements(art, doc)


@pytest.fixture(scope="module")
def ref():
    return load_reference(REFERENCE)


def run(text: str):
    art = Article.from_text(text, id="t")
    res = extract_statements(art, get_doc(art, cache=False))
    for df in (res.statements, res.narrator):
        for row in df.itertuples():
            assert art.text[row.start:row.end] == row.text
    return res.statements


def one(df: pd.DataFrame, contains: str) -> pd.Series:
    hit = df[df["text"].str.contains(contains, regex=False)]
    assert len(hit) == 1, (contains, df[["speaker", "kind", "text"]])
    return hit.iloc[0]


# --------------------------------------------------------------------------- seed

def test_reference_offsets_are_exact(ref):
    art = load_article(SEED)
    assert len(ref) >= 20
    for row in ref.itertuples():
        assert art.text[row.start:row.end] == row.text
        assert art.paragraph_at(row.start) == row.paragraph


def test_seed_columns_and_offsets(seed):
    art, _doc, res = seed
    for df, narrator in ((res.statements, False), (res.narrator, True)):
        assert list(df.columns) == COLUMNS
        assert (df["narrator"] == narrator).all()
        assert list(df["statement_id"]) == list(range(1, len(df) + 1))
        assert df["start"].is_monotonic_increasing
        for row in df.itertuples():
            assert art.text[row.start:row.end] == row.text
            assert row.paragraph == art.paragraph_at(row.start)
            if row.speaker_start >= 0:
                assert art.text[row.speaker_start:row.speaker_end] == row.speaker_mention
    assert (res.narrator["speaker"] == "(narrator)").all()
    assert (res.narrator["kind"] == "narrator").all()


def test_narrator_does_not_overlap_statements(seed):
    _art, _doc, res = seed
    for n in res.narrator.itertuples():
        for s in res.statements.itertuples():
            assert n.end <= s.start or s.end <= n.start


def test_seed_scores(seed, ref):
    # 27 reference statements; >= 0.9 recall allows at most two boundary disagreements
    # (the reference reads "raising fears ..." in paragraph 10 as the writer's).
    # Precision >= 0.85: the reference leaves out accusation and rejection content
    # ("accused X of Y", "rejecting what he saw as ...") that the project's statement
    # definition counts, so those rows are not errors of the extractor.
    sc = score_against_reference(seed[2].statements, ref)
    assert sc["precision"] >= 0.85
    assert sc["recall"] >= 0.9
    assert sc["speaker_accuracy"] == 1.0
    assert sc["kind_accuracy"] >= 0.95
    assert set(sc["comparison"]["status"]) <= {"matched", "missed", "spurious"}


def test_every_reference_statement_has_right_speaker_and_kind(seed, ref):
    st = seed[2].statements
    for r in ref.itertuples():
        same = st[(st["paragraph"] == r.paragraph) & (st["start"] < r.end) & (st["end"] > r.start)]
        assert ((same["speaker"] == r.speaker) & (same["kind"] == r.kind)).any(), r


@pytest.mark.parametrize("para,cue,mention,speaker,kind", [
    (13, "asid", "Giles", "Keir Giles", "indirect"),
    (15, "added", "he", "Keir Giles", "direct"),
    (21, "said", "she", "Emily Ferris", "indirect"),
    (23, "added", "she", "Emily Ferris", "direct"),
    (6, "promised", "he", "Vladimir Putin", "partial"),
    (8, "say", "experts", "experts", "indirect"),
    (24, "said", "Yauheni Preiherman", "Yauheni Preiherman", "indirect"),
])
def test_seed_hard_cases(seed, para, cue, mention, speaker, kind):
    st = seed[2].statements
    rows = st[(st["paragraph"] == para) & (st["cue"] == cue) & (st["speaker_mention"] == mention)]
    assert len(rows) >= 1
    assert set(rows["speaker"]) == {speaker}
    assert set(rows["kind"]) == {kind}


def test_seed_according_to_source(seed):
    row = seed[2].statements.query("paragraph == 6").iloc[0]
    assert row["source"] == "Kremlin"
    assert "Kremlin" in row["source_mention"]


def test_seed_malformed_closer_content(seed):
    row = seed[2].statements.query("paragraph == 23").iloc[0]
    assert row["text"].startswith("Even if Moscow")
    assert row["text"].endswith("not ideal.")


# --------------------------------------------------------------------------- lexicon & helpers

def test_lexicon_is_documented():
    lex = load_lexicon()
    assert len(lex.lemmas) >= 60
    assert {"neutral", "assertive", "belief"} <= set(lex.classes.values())
    assert lex.forms["said"] == "say" and lex.forms["told"] == "tell"
    assert not lex.table["lemma"].duplicated().any()


def test_edit_distance_counts_transpositions():
    assert osa_distance("asid", "said") == 1
    assert osa_distance("said", "said") == 0
    assert osa_distance("sad", "said") == 1
    assert osa_distance("claimd", "claimed") == 1


def test_misspelled_cue_needs_unknown_word():
    lex = load_lexicon()
    assert misspelled_cue("asid", lex) == "said"
    assert misspelled_cue("siad", lex) == "said"
    assert misspelled_cue("aided", lex) is None   # a real word, not a typo of "added"
    assert misspelled_cue("sad", lex) is None     # too short to guess


def test_apostrophes_are_not_quote_marks():
    text = "Russia’s leader said that’s fine. The players’ union met. Don't worry."
    art = Article.from_text(text)
    assert find_quotes(text, art.paragraphs) == []


def test_british_single_quote_found():
    text = "‘We are ready for the match,’ said coach Gareth Southgate. England’s players aren’t worried."
    art = Article.from_text(text)
    (q,) = find_quotes(text, art.paragraphs)
    assert text[q.cstart:q.cend] == "We are ready for the match"
    assert q.direct


# --------------------------------------------------------------------------- constructions

def test_split_quote_one_group():
    st = run("“We will not give up,” Ferris said, “and we will win.”")
    assert list(st["text"]) == ["We will not give up", "and we will win."]
    assert set(st["speaker"]) == {"Ferris"} and st["group"].nunique() == 1
    assert set(st["kind"]) == {"direct"}


def test_added_second_sentence_same_speaker():
    st = run("Maria Lopez runs the clinic.\n“It is hard work,” Lopez said. “But it matters to us.”")
    assert set(st["speaker"]) == {"Maria Lopez"}
    assert st["group"].nunique() == 1 and len(st) == 2


@pytest.mark.parametrize("pron,expected", [("she", "Anna Kowalski"), ("he", "Tom Baker")])
def test_pronoun_two_candidates_of_different_gender(pron, expected):
    st = run("Anna Kowalski, a lawyer, said she would appeal the ruling. Tom Baker, the judge, said he "
             f"disagreed with her.\n“This is far from over,” {pron} said.")
    row = one(st, "far from over")
    assert row["speaker"] == expected and row["speaker_mention"] == pron


def test_pronoun_gender_from_honorific():
    st = run("Ms Patel met Mr Jones on Friday.\n“We made real progress,” she said.")
    assert one(st, "progress")["speaker"] == "Patel"
    st = run("Ms Patel met Mr Jones on Friday.\n“We made real progress,” he said.")
    assert one(st, "progress")["speaker"] == "Jones"


def test_cross_paragraph_quote_attributed_later():
    st = run("“The first part of the plan is simple and cheap.\n“Then we build schools,” said John Reed.")
    assert len(st) == 2 and set(st["speaker"]) == {"John Reed"} and st["group"].nunique() == 1
    assert list(st["paragraph"]) == [1, 2]


def test_cross_paragraph_quote_attributed_first():
    st = run("“The plan is simple,” said John Reed, the mayor. “We build houses.\n“Then we build schools.”")
    assert set(st["speaker"]) == {"John Reed"}
    assert one(st, "Then we build schools")["kind"] == "direct"


@pytest.mark.parametrize("text", [
    'He said “this is "odd and “never closed.\nAnother “paragraph here.',
    "““”” ’’ ‘‘ \"\"\" '",
    "She said “unclosed quote at the very end",
    "” closing first, then “ opening.",
    "‘single only",
])
def test_odd_quote_marks_do_not_crash(text):
    st = run(text)
    assert isinstance(st, pd.DataFrame)


def test_malformed_closer_with_cue_in_pseudo_quote():
    st = run("Tom Reed spoke on Monday.\n“We will build it, and we will pay for it. , ‘he added.")
    row = one(st, "We will build it")
    assert row["speaker"] == "Tom Reed" and row["kind"] == "direct"
    assert row["text"].endswith("pay for it.")


def test_straight_quotes_and_appositive_name():
    st = run('"It was a mistake," the minister, Jane Doe, told reporters. "We apologise."')
    assert set(st["speaker"]) == {"Jane Doe"} and len(st) == 2


def test_straight_single_quotes():
    st = run("'We are ready for the match,' said Gareth Southgate. England's players aren't worried.")
    assert one(st, "ready")["speaker"] == "Gareth Southgate"


def test_colon_introduced_quote():
    assert one(run("John Reed said: “We will build it.”"), "build")["speaker"] == "John Reed"


def test_organisation_speaker():
    st = run("The Kremlin said the talks had been productive. Apple announced that it would open a new store.")
    assert one(st, "productive")["speaker"] == "Kremlin"
    assert one(st, "new store")["speaker"] == "Apple"
    assert set(st["kind"]) == {"indirect"}


def test_group_source():
    st = run("Experts say the recession will be short. Officials warned that prices could rise.")
    assert one(st, "recession")[["speaker", "speaker_type"]].tolist() == ["experts", "GROUP"]
    assert one(st, "prices")["speaker"] == "officials"


def test_misspelled_cue_in_text():
    st = run("Peter Smith siad the plan would fail. Mary Jones claimd that it would work.")
    r1, r2 = one(st, "plan would fail"), one(st, "it would work")
    assert (r1["speaker"], r1["cue"], r1["cue_lemma"]) == ("Peter Smith", "siad", "say")
    assert (r2["speaker"], r2["cue_lemma"], r2["text"]) == ("Mary Jones", "claim", "it would work")
    assert run("Peter Smith aided the campaign last year.").empty


def test_according_to():
    st = run("According to police, the suspect fled on foot. "
             "According to a report by the World Bank, growth slowed.")
    assert one(st, "suspect")["speaker"] == "police"
    assert one(st, "growth")["speaker"] == "World Bank"
    assert set(st["cue_lemma"]) == {"according to"}


def test_according_to_with_speaker_keeps_source():
    st = run("John Reed met the minister.\nAccording to the ministry’s official transcripts, "
             "he has promised more funding for schools.")
    row = one(st, "funding")
    assert row["speaker"] == "John Reed" and row["source"] != ""


def test_relative_clause_speaker():
    row = one(run("The vote was won by Jane Doe, who said she was delighted with the result."), "delighted")
    assert row["speaker"] == "Jane Doe" and row["kind"] == "indirect"


def test_inverted_and_postposed_cues():
    st = run("The deal is dead, said Tom Brown, a senior analyst at Acme Bank.")
    row = one(st, "deal is dead")
    assert row["speaker"] == "Tom Brown" and row["text"] == "The deal is dead"
    st = run("Tom Brown runs a bank.\nThe economy will recover next year, Brown said, including the farm sector.")
    assert set(st["speaker"]) == {"Tom Brown"} and st["group"].nunique() == 1
    assert {"The economy will recover next year", "including the farm sector"} == set(st["text"])
    # a continuation that is a cue of its own ("citing", a lexicon cue since recall round 5) is
    # its own statement, nested, by the same speaker
    st = run("Tom Brown runs a bank.\nThe economy will recover next year, Brown said, citing strong exports.")
    assert set(st["speaker"]) == {"Tom Brown"}
    assert {"The economy will recover next year", "strong exports"} == set(st["text"])


def test_belief_and_perception_cues():
    st = run("Smith acknowledged that the plan had flaws. Jones maintained that it was sound. "
             "Lee expressed concern about the costs.")
    assert one(st, "flaws")["cue_lemma"] == "acknowledge"
    assert one(st, "sound")["cue_lemma"] == "maintain"
    assert one(st, "concern about the costs")["cue_lemma"] == "express"


def test_partial_quote_in_reported_speech():
    row = one(run("Mayor Tom Reed said on Monday that the budget was a “disaster” for the city."), "budget")
    assert row["kind"] == "partial" and row["speaker"] == "Tom Reed"
    assert row["speaker_mention"] == "Mayor Tom Reed" and row["quoted"] == "disaster"


def test_scare_quote_without_cue_stays_narrator():
    art = Article.from_text("The so-called “reform” was passed on Monday by parliament.")
    res = extract_statements(art, get_doc(art, cache=False))
    assert res.statements.empty and len(res.narrator) == 1


def test_narrator_rows():
    art = Article.from_text("The river flooded the town overnight. “It is a disaster,” said Jane Doe.")
    res = extract_statements(art, get_doc(art, cache=False))
    assert list(res.narrator["text"]) == ["The river flooded the town overnight"]
    assert res.narrator["narrator"].all() and not res.statements["narrator"].any()


# --------------------------------------------------------------------------- scorer

def _pred_like(ref: pd.DataFrame) -> pd.DataFrame:
    p = ref.copy()
    p["statement_id"] = range(1, len(p) + 1)
    return p


def test_scorer_perfect_and_degraded(ref):
    sc = score_against_reference(_pred_like(ref), ref)
    assert sc["precision"] == sc["recall"] == sc["speaker_accuracy"] == 1.0
    worse = _pred_like(ref)
    worse.loc[0, "speaker"] = "Somebody Else"
    worse = worse.drop(index=[1, 2])
    sc = score_against_reference(worse, ref)
    assert sc["recall"] == pytest.approx((len(ref) - 2) / len(ref))
    assert sc["precision"] == 1.0 and sc["speaker_accuracy"] < 1.0
    assert (sc["comparison"]["status"] == "missed").sum() == 2


def test_scorer_requires_overlap(ref):
    shifted = _pred_like(ref)
    shifted["start"] = shifted["end"] + 1
    shifted["end"] = shifted["start"] + 5
    sc = score_against_reference(shifted, ref)
    assert sc["n_matched"] == 0 and sc["f1"] == 0.0


# --------------------------------------------------------------------------- non-clausal content
# (statement_patterns.json: content that is an infinitive, a prepositional phrase or an object)

@pytest.mark.parametrize("text,content,speaker", [
    ("Mayor Ann Price urged the council to approve the new budget.", "to approve the new budget", "Ann Price"),
    ("Senator Tom Hale called on the governor to resign immediately.", "resign immediately", "Tom Hale"),
    ("The minister asked the unions not to strike before the talks.", "not to strike", "minister"),
    ("Governor Lisa Moreno vowed to cut property taxes next year.", "to cut property taxes", "Lisa Moreno"),
    ("Coach Dan Webb warned the players against overconfidence in the final.", "against overconfidence", "Dan Webb"),
    ("The union called for an independent inquiry into the crash.", "for an independent inquiry", "union"),
    ("Maria Lopez accused the company of hiding the safety reports.", "of hiding the safety reports", "Maria Lopez"),
    ("The ministry rejected claims that the dam was unsafe.", "claims that the dam was unsafe", "ministry"),
    ("Judge Paul Grant called the ruling \"a grave mistake\" on Monday.", "a grave mistake", "Paul Grant"),
])
def test_non_clausal_content(text, content, speaker):
    row = one(run(text), content)
    assert speaker.lower() in row["speaker"].lower()


def test_passive_agent_speaks():
    row = one(run("The new toll plan has been criticised by local business owners."), "toll plan")
    assert row["speaker"] == "local business owners"


def test_dateline_is_not_the_speaker():
    row = one(run("LONDON - Prime Minister Jane Hollis vowed to protect the health service from cuts."),
              "protect the health service")
    assert row["speaker"] == "Jane Hollis"


# --------------------------------------------------------------------------- quotes without a cue beside them

def test_transcript_speaker_labels():
    st = run("Debate transcript\n\n"
             "\"HOST: Will the bridge be finished this year, Senator Ruiz?\n\n"
             "\"RUIZ: It will be finished by the autumn, and it will come in under budget.")
    assert one(st, "bridge be finished")["speaker"] in ("Host", "HOST")
    assert one(st, "finished by the autumn")["speaker"] == "Senator Ruiz" or \
        "ruiz" in one(st, "finished by the autumn")["speaker"].lower()


def test_dash_name_after_quote():
    st = run("Readers respond\n\n"
             "“The new library is the best thing this town has built in decades.” ― Mary Ellen Stone\n\n"
             "“They should have kept the old park instead of building it.” ― Tom Fisher")
    assert one(st, "new library")["speaker"] == "Mary Ellen Stone"
    assert one(st, "old park")["speaker"] == "Tom Fisher"


def test_according_to_pronoun_before_quote():
    st = run("Harbour chief Paul Dent spoke on Monday. According to him, \"the port will reopen "
             "to container ships within two weeks.\"")
    assert one(st, "port will reopen")["speaker"] == "Paul Dent"


def test_cue_with_colon_ends_previous_paragraph():
    st = run("Mayor Rita Okafor spoke at the opening.\n\nOkafor continued:\n\n"
             "\"We built this station for the people who commute every single day.\"")
    assert one(st, "built this station")["speaker"] == "Rita Okafor"


def test_unattributed_quote_paragraph_takes_nearby_speaker():
    st = run("Coach Ben Harlow said the team had trained hard all winter.\n\n"
             "\"We are ready for anybody in this league, and the players know it.\"")
    assert one(st, "ready for anybody")["speaker"] == "Ben Harlow"


# --------------------------------------------------------------------------- role nouns as speakers

def test_role_noun_resolves_to_person_given_that_role():
    st = run("Foreign Minister Karen Vogt met her counterparts in Oslo on Monday. "
             "The foreign minister said that the talks would continue next month.")
    assert one(st, "talks would continue")["speaker"] == "Karen Vogt"


def test_role_noun_prefers_matching_modifier():
    st = run("Mexican President Ana Ruiz and French President Paul Martin met in Rome. "
             "The French president said the trade deal was close.")
    assert one(st, "trade deal was close")["speaker"] == "Paul Martin"


@pytest.mark.parametrize("text", [
    "Former foreign minister of Sweden Carl Bildt said the sanctions would not work.",
    "Minister of Foreign Affairs of Sweden Carl Bildt said the sanctions would not work.",
])
def test_name_at_end_of_role_phrase(text):
    assert one(run(text), "sanctions would not work")["speaker"] == "Carl Bildt"


def test_role_noun_without_antecedent_stays_role():
    st = run("The governor said the roads would be cleared by noon.")
    assert one(st, "roads would be cleared")["speaker"] == "governor"


# --------------------------------------------------------------------------- object content, speaker labels, running quotes

@pytest.mark.parametrize("text, content, speaker", [
    ("Mayor Dana Ortiz announced her candidacy for governor on Tuesday.", "her candidacy for governor", "Dana Ortiz"),
    ("Senator Paul Wexler mentioned the budget deficit twice in his speech.", "the budget deficit", "Paul Wexler"),
    ("Governor Lena Marsh described the storm as the worst in a century.", "the storm as the worst", "Lena Marsh"),
])
def test_object_content_cues(text, content, speaker):
    assert one(run(text), content)["speaker"] == speaker


def test_headline_speaker_label():
    st = run("Ben Harlow: The New Stadium Will Never Be Built\n\n"
             "The coach spoke to reporters after the game on Sunday night.")
    row = one(st, "New Stadium Will Never Be Built")
    assert row["speaker"] == "Ben Harlow" and row["cue"] == ":"


def test_place_label_is_not_a_speaker():
    st = run("Norway: Storms Close Roads Across the North\n\n"
             "Heavy snow fell on Sunday night across the region.")
    assert not st["text"].str.contains("Storms Close Roads").any()


def test_unquoted_transcript_line_spans_its_sentences():
    st = run("Karen Vogt met reporters in Oslo on Monday.\n\n"
             "VOGT: We will not sign this treaty. The terms are unacceptable to us.")
    row = one(st, "We will not sign")
    assert row["speaker"] == "Karen Vogt" and row["text"].endswith("unacceptable to us")


def test_reported_content_runs_on_through_its_quote():
    st = run("Ben Harlow said that the players “had trained hard all winter. They are ready for anybody. "
             "Nobody should doubt them.”")
    row = one(st, "trained hard")
    assert row["speaker"] == "Ben Harlow" and "Nobody should doubt them" in row["text"]


def test_headline_say_with_verbless_content():
    st = run("Council says harbour in the city under repair, no need to close the port\n\nThe work began in May.")
    row = one(st, "no need to close the port")
    assert row["speaker"] == "Council" and "harbour in the city" in row["text"]


def test_preposed_cue_content_runs_to_the_sentence_end():
    st = run("Governor Tom Reed says the budget is balanced, and the state will not need new taxes next year.")
    row = one(st, "the budget is balanced")
    assert row["speaker"] == "Tom Reed" and "new taxes next year" in row["text"]


@pytest.mark.parametrize("text, content, speaker", [
    ("Senator Ana Ruiz has called for the city council to delay the vote on the new stadium.",
     "the city council to delay the vote", "Ana Ruiz"),
    ("Mayor Tom Reed called the new stadium plan “a waste of public money.”", "a waste of public money", "Tom Reed"),
])
def test_call_for_clause_and_quoted_name(text, content, speaker):
    assert one(run(text), content)["speaker"] == speaker


def test_gerund_cue_after_preposition_takes_clause_subject():
    st = run("Minister Karen Vogt responded by saying that any outside interference would be unacceptable.")
    assert one(st, "outside interference")["speaker"] == "Karen Vogt"


def test_participle_cue_hung_inside_content_takes_reporting_subject():
    st = run("Coach Ben Harlow refused to say how many players had signed new contracts, "
             "only saying that the talks were going well.")
    assert one(st, "the talks were going well")["speaker"] == "Ben Harlow"


@pytest.mark.parametrize("text, content", [
    ("Coach Ben Harlow said the league had claimed that the match would be moved to Sunday.",
     "the league had claimed that the match would be moved"),
    ("Mayor Tom Reed said the residents asked for the meeting because they wanted answers.",
     "the residents asked for the meeting because they wanted answers"),
])
def test_report_of_a_report_keeps_the_whole_content(text, content):
    st = run(text)
    rows = st[st["text"].str.contains(content, regex=False)]
    assert len(rows) == 1 and rows.iloc[0]["cue"] == "said", st[["speaker", "cue", "text"]]


@pytest.mark.parametrize("text, content, speaker", [
    ("Asked whether the bridge would reopen in May, Mayor Tom Reed said the work was on schedule.",
     "whether the bridge would reopen in May", "(unknown)"),
    ("Coach Ben Harlow was asked by radio host Ana Ruiz whether the team would win the cup.",
     "whether the team would win the cup", "Ruiz"),
    ("Then Ana Ruiz asked the players if they were ready for the final.",
     "if they were ready for the final", "Ana Ruiz"),
    ("When asked about the new stadium plan, Mayor Tom Reed smiled.", "about the new stadium plan", "(unknown)"),
])
def test_question_content_and_passive_asker(text, content, speaker):
    got = one(run(text), content)["speaker"]
    assert got == speaker or (speaker == "Ruiz" and got.endswith("Ana Ruiz"))


def test_unnamed_asker_reporting_a_report():
    st = run("Asked whether the coach had said the team would move, Ana Ruiz laughed.")
    assert one(st, "whether the coach had said")["speaker"] == "(unknown)"


@pytest.mark.parametrize("text, content", [
    ("Senator Ana Ruiz says there is a “long road ahead” but she feels sure the bill will pass in the spring.",
     "she feels sure the bill will pass in the spring"),
])
def test_content_runs_past_an_inner_quote_hung_on_the_cue(text, content):
    row = one(run(text), "long road ahead")
    assert content in row["text"] and row["speaker"] == "Ana Ruiz"


@pytest.mark.parametrize("text, content, speaker", [
    ("Ana Ruiz: Council Would Raise Taxes, ‘I Fear The Same Is True’ for the Mayor\n\nSenator Ana Ruiz spoke on Monday.",
     "Council Would Raise Taxes, ‘I Fear The Same Is True’ for the Mayor", "Ana Ruiz"),
    ("Tom Reed: ‘No Idea’ Why the Budget Was Cut in May\n\nMayor Tom Reed spoke on Monday.",
     "‘No Idea’ Why the Budget Was Cut in May", "Tom Reed"),
])
def test_label_with_a_quote_inside_its_paragraph_speaks_the_paragraph(text, content, speaker):
    row = one(run(text), content)
    assert row["speaker"] == speaker and row["kind"] == "partial"


@pytest.mark.parametrize("text, content, speaker", [
    ("John Smith campaign: The new stadium plan threatens local jobs.\n\nThe mayor spoke on Monday.",
     "The new stadium plan threatens local jobs", "John Smith campaign"),
    ("John Smith to Farmers: The subsidy will return next year.\n\nThe minister spoke on Monday.",
     "The subsidy will return next year", "John Smith"),
    ("EXCLUSIVE – John Smith: Do Not Trust the New Budget Figures.\n\nThe minister spoke on Monday.",
     "Do Not Trust the New Budget Figures", "John Smith"),
])
def test_headline_label_forms(text, content, speaker):
    assert one(run(text), content)["speaker"] == speaker


@pytest.mark.parametrize("text, content, speaker", [
    ("Asked if he liked the plan, the mayor said no.", "no", "mayor"),
    ("Asked about the tax, 75 percent of voters said yes, but 55 percent of others disagreed.",
     "yes", "75 percent"),
    ("Neither side would say so.", "so", "side"),
    ("Senator Ana Ruiz said no to the new stadium.", "no to the new stadium", "Ana Ruiz"),
])
def test_short_answer_is_content(text, content, speaker):
    st = run(text)
    row = st[st["text"] == content]
    assert len(row) == 1 and row.iloc[0]["speaker"] == speaker, st[["speaker", "text"]]


def test_quote_after_a_comma_inside_a_report_is_partial():
    st = run("To that, Ana Ruiz joked that she enjoys a good, “quiet week in the mountains now and then” "
             "since she grew up there.")
    row = one(st, "quiet week")
    assert row["kind"] == "partial" and "she grew up there" in row["text"] and row["speaker"] == "Ana Ruiz"


def test_doubled_apostrophes_are_one_double_mark():
    text = ("''When the board says, 'We cannot pay,' I do not believe it,'' said Ana Ruiz, the union's "
            "chair. She called the plan ''a cheap trick.''")
    art = Article.from_text(text)
    quotes = find_quotes(text, art.paragraphs)
    assert [text[q.cstart:q.cend] for q in quotes] == [
        "When the board says, 'We cannot pay,' I do not believe it", "a cheap trick."]
    assert [(q.open_width, q.close_width) for q in quotes] == [(2, 2), (2, 2)]
    assert quotes[0].direct and text[quotes[0].after:].startswith(" said")
    row = one(run(text), "We cannot pay")
    assert row["speaker"] == "Ana Ruiz" and row["kind"] == "direct"
    assert row["text"] == "When the board says, 'We cannot pay,' I do not believe it"


@pytest.mark.parametrize("text", [
    "Senator Ana Ruiz spoke on the radio show “Morning Talk.” “I am not worried about the vote,” she said.",
    "Senator Ana Ruiz spoke on the radio show ''Morning Talk.'' ''I am not worried about the vote,'' she said.",
])
def test_quote_after_a_quote_that_ended_its_sentence_is_direct(text):
    row = one(run(text), "not worried")
    assert row["kind"] == "direct" and row["speaker"] == "Ana Ruiz"
    assert row["text"] == "I am not worried about the vote"


@pytest.mark.parametrize("text, content", [
    ("Backed by most of the council, Mayor Ana Ruiz said earlier on Tuesday during a press conference that "
     "she may wait until the spring to decide on the bridge.", "she may wait until the spring"),
    ('Tom Reed, who is running against the mayor, said in a statement that "the city has failed its bus '
     'riders for a decade."', "the city has failed its bus riders"),
])
def test_that_clause_hung_on_the_setting_noun_is_content(text, content):
    row = one(run(text), content)
    assert row["kind"] == "indirect" and row["cue"] == "said"
    assert row["speaker"] in ("Ana Ruiz", "Mayor Ana Ruiz", "Tom Reed")


@pytest.mark.parametrize("text, content, speaker", [
    ("Senator Ana Ruiz was quick to point out that the bridge had opened on time and under budget.",
     "the bridge had opened on time", "Ana Ruiz"),
    ("The council forced Tom Reed to admit that the city had lost the tender.", "the city had lost the tender",
     "Tom Reed"),
])
def test_infinitive_cue_with_a_clause_takes_the_governing_subject_or_object(text, content, speaker):
    row = one(run(text), content)
    assert row["speaker"] == speaker and row["kind"] == "indirect"


def test_expletive_it_before_an_infinitive_cue_is_no_speaker():
    assert run("It is safe to say that the city will balance its budget by May.").empty


@pytest.mark.parametrize("text, content", [
    ("Governor Ana Ruiz emphasized her record on school funding at the rally.", "her record on school funding"),
    ("Tom Reed predicted a narrow win for the incumbent in the spring vote.", "a narrow win for the incumbent"),
])
def test_object_content_of_assertive_cues(text, content):
    assert one(run(text), content)["kind"] == "indirect"


@pytest.mark.parametrize("text, content", [
    ("Mayor Tom Reed commented on the closure of the old library at length.", "the closure of the old library"),
    ("Ana Ruiz boasted about her record on school funding.", "her record on school funding"),
    ("Ana Ruiz argued against a new tax on small shops.", "a new tax on small shops"),
])
def test_topic_phrase_content(text, content):
    assert one(run(text), content)["kind"] == "indirect"


def test_a_date_after_comment_on_is_not_content():
    assert run("Mayor Tom Reed commented on Monday.").empty


def test_quote_ending_a_clause_begun_before_it_is_part_of_the_report():
    st = run("Ana Ruiz said that while she fears the worst, “we have never been better prepared for a storm "
             "like this.”")
    row = one(st, "never been better prepared")
    assert row["speaker"] == "Ana Ruiz" and row["cue"] == "said"
    assert row["text"].startswith("while she fears the worst")


@pytest.mark.parametrize("text, content", [
    ("She said legalizing it could put hundreds of people to work in rural Ohio.",
     "legalizing it could put hundreds of people to work in rural Ohio"),
    ("He said taxing it would bring in more money for the schools.",
     "taxing it would bring in more money for the schools"),
])
def test_gerund_subject_clause_after_the_cue_is_content(text, content):
    assert one(run(text), content)["text"] == content


@pytest.mark.parametrize("text", [
    "Patti Sayd got a huge roar from the crowd when she sang.",
    "The judge Ann Tolds is director of the program at the college.",
])
def test_a_capitalised_name_is_not_a_misspelled_cue(text):
    assert run(text).empty


@pytest.mark.parametrize("text, content, lemma", [
    ("At the rally, supporters chanted, “Four more years!”", "Four more years!", "chant"),
    ("Tom Reed mocked the council's plan for a second bridge.", "the council's plan for a second bridge", "mock"),
    ("Ana Ruiz decried the closure of the rural clinics.", "the closure of the rural clinics", "decry"),
])
def test_speech_verbs_added_to_the_lexicon(text, content, lemma):
    assert one(run(text), content)["cue_lemma"] == lemma


@pytest.mark.parametrize("text, content, speaker", [
    ("The mayor dismissed Tom Reed's claim that the bridge was unsafe.", "the bridge was unsafe", "Tom Reed"),
    ("Claims by the union that the plant was unsafe were rejected.", "the plant was unsafe", "union"),
])
def test_nominal_cue_with_its_speaker_and_content(text, content, speaker):
    st = run(text)
    row = st[st["text"] == content]
    assert len(row) == 1 and row.iloc[0]["speaker"] == speaker, st[["speaker", "cue", "text"]]


def test_nominal_cue_without_a_speaker_is_not_a_statement():
    assert run("The claim that the bridge was unsafe was rejected.").empty


def test_nominal_cue_inside_a_report_leaves_the_report_whole():
    row = one(run("Ana Ruiz argues there is little point in answering Tom Reed's threats to close the mine."),
              "little point")
    assert row["speaker"] == "Ana Ruiz" and row["text"].endswith("threats to close the mine")


@pytest.mark.parametrize("text, content", [
    ("Tom Reed was asked a straightforward question about the new bridge.",
     "a straightforward question about the new bridge"),
    ("Asked what a firm commitment looks like, Ana Ruiz said the city would pay for the bridge.",
     "what a firm commitment looks like"),
])
def test_passive_question_content(text, content):
    row = one(run(text), content)
    assert row["cue_lemma"] == "ask" and row["speaker"] == "(unknown)"


@pytest.mark.parametrize("text, content, speaker", [
    ("As the Daily Ledger reported on Monday, the council will close the old library in May.",
     "the council will close the old library in May", "Daily Ledger"),
    ("Of course, as Ana Ruiz noted, the bridge has been closed for a year.",
     "the bridge has been closed for a year", "Ana Ruiz"),
    ("The new tax would hurt small shops, as Tom Reed argued in a column.",
     "The new tax would hurt small shops", "Tom Reed"),
])
def test_as_clause_cue_reports_the_clause_it_modifies(text, content, speaker):
    row = one(run(text), content)
    assert row["text"] == content and row["speaker"] == speaker


@pytest.mark.parametrize("text", [
    "As Tom Reed joked with his friends, his brother grew impatient.",
    "As Ana Ruiz said goodbye, the doors closed behind her.",
])
def test_as_clause_with_a_partner_or_an_object_is_not_a_source(text):
    st = run(text)
    assert not st["text"].str.contains("grew impatient|doors closed").any(), st[["speaker", "text"]]


@pytest.mark.parametrize("text, content", [
    ("Ms. Ruiz said she considered how the plan would play with voters, but she wanted to be realistic. "
     "''I hate the term,'' she said.",
     "she considered how the plan would play with voters, but she wanted to be realistic"),
    ("In any case, Mr. Reed said, the golf industry was vastly over-supplied with courses. "
     "''It was just waiting for a recession,'' he said.",
     "the golf industry was vastly over-supplied with courses"),
])
def test_report_stops_before_the_next_quote_its_sentence_ran_into(text, content):
    row = one(run(text), content)
    assert row["text"] == content and row["kind"] == "indirect"


def test_comma_cue_hung_inside_what_it_reports_takes_the_sentence_around_it():
    st = run("If she becomes mayor, Ana Ruiz suggested in a tweet, renters won’t be punished for complaining "
             "about their landlords.")
    row = one(st, "renters won’t be punished")
    assert row["speaker"] == "Ana Ruiz" and row["cue"] == "suggested"
    assert one(st, "If she becomes mayor")["group"] == row["group"]


def test_comma_cue_after_a_subordinate_clause_alone_reports_nothing():
    assert run("When Tom Reed came to the city in May, Ana Ruiz said.").empty


@pytest.mark.parametrize("text, content, speaker", [
    ("About 4 in 10 say they want the next mayor to cut taxes.", "they want the next mayor to cut taxes",
     "About 4 in 10"),
    ("At Boca West, where it costs new members a fortune to sign up, Tom Reed, the club's president and general "
     "manager, suggested that the troubles of his competitors could be blamed on poor management.",
     "the troubles of his competitors could be blamed on poor management", "Tom Reed"),
])
def test_subjectless_cue_takes_the_noun_phrase_before_it(text, content, speaker):
    row = one(run(text), content)
    assert row["text"] == content and row["speaker"] == speaker


def test_headline_label_without_a_known_name_is_a_source():
    row = one(run("Poll: Tom Reed Leads Ana Ruiz in a Three-Way Race.\n\nThe poll was taken last week."),
              "Tom Reed Leads")
    assert row["cue"] == ":" and row["speaker"].lower() == "poll"


@pytest.mark.parametrize("text", [
    "The Latest: Tom Reed wins the primary in Ohio.\n\nThe votes were counted.",
    "Fix Is In: Moderators Ignore the Scandal.\n\nThe debate ran late.",
])
def test_headline_rubric_or_clause_before_a_colon_is_no_source(text):
    assert run(text).empty


def test_no_mention_of_names_what_the_speaker_left_unsaid():
    row = one(run("But Tom Reed notably made no mention of the new bridge across the river."), "the new bridge")
    assert row["speaker"] == "Tom Reed" and row["cue_lemma"] == "mention"
    assert run("There was no mention of the new bridge in the report.").empty


def test_inverted_comma_cue_hung_on_what_it_reports_takes_the_sentence_before_it():
    row = one(run("In nearby Decatur, the big steel plant is hanging on, but it is under intense pressure from Asian "
                  "imports, said the company's chief executive, John Ferriola."), "the big steel plant")
    assert row["speaker"] == "John Ferriola"
    assert row["text"].endswith("under intense pressure from Asian imports")


def test_clause_before_a_colon_is_not_what_the_cue_after_it_reports():
    st = run("Even people who endorsed the plan sounded equivocal: Former Rep. Jane Harman called it “the least bad "
             "option under the circumstances.”")
    assert not st["text"].str.contains("sounded equivocal").any(), st[["speaker", "text"]]
    assert one(st, "the least bad option")["speaker"] == "Jane Harman"


@pytest.mark.parametrize("text, content", [
    ("Mr. Reed reported raising and spending about $9 million during the month.",
     "raising and spending about $9 million during the month"),
    ("Ana Ruiz recalled sitting in on focus groups when she worked for the campaign.", "sitting in on focus groups"),
])
def test_gerund_clause_after_the_cue_is_content(text, content):
    assert one(run(text), content)["kind"] == "indirect"


def test_passive_as_clause_speaks_for_its_agent():
    row = one(run("As reported by the Daily Ledger, there are 150 delegates at stake in the contests on Tuesday."),
              "150 delegates")
    assert row["speaker"] == "Daily Ledger" and row["text"].startswith("there are 150")


@pytest.mark.parametrize("text, content, speaker", [
    ("Ana Ruiz issued a statement describing their meeting as a very positive step toward unity.",
     "their meeting as a very positive step toward unity", "Ana Ruiz"),
    ("Obama arrived in Orlando four days after a gunman claiming allegiance to various militant groups carried out "
     "the attack.", "allegiance to various militant groups", "gunman"),
])
def test_participle_cue_on_a_noun_with_an_object_content(text, content, speaker):
    row = one(run(text), content)
    assert row["speaker"] == speaker and row["text"] == content


def test_infinitive_cue_with_a_topic_takes_the_governing_subject():
    row = one(run("The school declined to comment on reports that the coach had been fired."), "reports that")
    assert row["speaker"] == "school" and row["cue_lemma"] == "comment"


def test_infinitive_cue_inside_a_report_leaves_the_report_whole():
    row = one(run("Ana Ruiz said she doesn't want to offer specific predictions about the vote."), "doesn't want")
    assert row["speaker"] == "Ana Ruiz" and row["text"].endswith("specific predictions about the vote")


@pytest.mark.parametrize("text, content", [
    ("Tom Reed has taken to urging voters to slow down in their everyday lives.",
     "voters to slow down in their everyday lives"),
    ("Ana Ruiz pivoted to arguing that the epidemic was one more reason to secure the border.",
     "the epidemic was one more reason to secure the border"),
])
def test_gerund_cue_after_to_takes_the_governing_subject(text, content):
    row = one(run(text), content)
    assert row["speaker"] in ("Tom Reed", "Ana Ruiz") and row["text"] == content


def test_cue_coordinated_with_a_passive_verb_takes_its_subject():
    row = one(run("By the end of the day, Tom Reed was forced into a rare moment of damage control and said that "
                  "his words had been misconstrued."), "his words had been misconstrued")
    assert row["speaker"] == "Tom Reed"


def test_naming_with_the_named_one_parsed_as_xcomp():
    row = one(run("Democratic candidates went further, with former Maryland Gov. Tom Reed calling Trump a fascist."),
              "Trump a fascist")
    assert row["speaker"] == "Tom Reed" and row["cue_lemma"] == "call"


def test_charge_with_a_clause_is_a_cue_but_the_legal_charge_is_not():
    row = one(run("Critics charged that the new council had ignored the flooded neighbourhoods for years."),
              "the new council had ignored")
    assert row["speaker"] == "critics" and row["cue_lemma"] == "charge"
    df = run("Prosecutors charged the driver with reckless endangerment on Friday.")
    assert not (df["cue_lemma"] == "charge").any()


def test_cite_takes_its_object_as_content():
    row = one(run("The mayor cited rising rents and empty shops as the main reasons for the new tax."),
              "rising rents and empty shops")
    assert row["speaker"] == "mayor" and row["cue_lemma"] == "cite"
