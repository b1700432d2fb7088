"""The evaluator's scoring rules, on small hand-made inputs with hand-computed answers.

No model is loaded here: the scoring functions take plain DataFrames. The
dev-set figures themselves are not asserted (see docs/evaluation.md).
"""
from __future__ import annotations

import json

import subprocess
import sys

import pandas as pd
import pytest

from analysis import evaluate as ev
from analysis.config import REPO_ROOT
from tests.conftest import require_shared


# --------------------------------------------------------------------------- spans
def test_cover_needs_half_the_gold_characters():
    gold = set(range(0, 10))
    assert ev.covers(0, 5, gold)            # 5 of 10
    assert not ev.covers(0, 4, gold)        # 4 of 10
    assert ev.covers(5, 30, gold)           # a longer prediction still covers 5 of 10
    assert not ev.covers(0, 5, set())


def test_inside_needs_half_the_prediction():
    gold = set(range(5, 20))
    assert ev.inside(0, 10, gold)           # 5 of 10 inside
    assert ev.inside(0, 12, gold)           # 7 of 12
    assert not ev.inside(0, 12, set(range(7, 20)))  # 5 of 12
    assert not ev.inside(3, 3, gold)        # empty span


def test_best_cover_picks_the_largest_overlap():
    pred = pd.DataFrame({"start": [0, 8], "end": [9, 30], "speaker": ["A", "B"], "text": ["", ""]})
    hit = ev.best_cover(set(range(6, 16)), pred)      # A overlaps 3, B overlaps 8
    assert hit.speaker == "B"
    assert ev.best_cover(set(range(30, 40)), pred) is None


def test_discontinuous_span_chars():
    assert ev.span_chars([(0, 3), (5, 7)]) == {0, 1, 2, 5, 6}


# --------------------------------------------------------------------------- speakers
def test_speakers_share_a_word_after_titles_are_stripped():
    assert ev.speakers_match("Hillary Clinton", "Mrs. Clinton")
    assert ev.speakers_match("Claire McCaskill", "Sen. Claire McCaskill (D-Mo.)")
    assert ev.speakers_match("clinton", "CLINTON")                    # case-insensitive
    assert not ev.speakers_match("Sen.", "Sen. Claire McCaskill")      # only a title in common
    assert not ev.speakers_match("President", "President Obama")
    assert not ev.speakers_match("Al Smith", "Al Jones")               # shorter than 3 letters
    assert not ev.speakers_match("The Post", "the campaign")           # "the" never counts
    assert not ev.speakers_match("(unknown)", "Trump")


def test_stance_dev_speaker_words_ignore_news_and_agency():
    ignore = ev.STANCE_DEV_IGNORED
    assert not ev.speakers_match("TASS news agency", ["Interfax news agency"], ignore=ignore, strip_titles=False)
    assert ev.speakers_match("Interfax", ["Interfax news agency"], ignore=ignore, strip_titles=False)


def test_a_source_is_a_name_when_it_holds_a_capitalised_non_pronoun():
    assert ev.is_name("Clinton’s campaign")
    assert ev.is_name("The New York Post")
    assert not ev.is_name("he")
    assert not ev.is_name("They")
    assert not ev.is_name("The campaign")
    assert not ev.is_name("sources")
    assert not ev.is_name("")


def test_alias_spellings_are_equivalent():
    groups = ev.alias_groups({"Alexander Lukashenko": ["Lukashenko", "Lukashenka"]})
    assert ev.spellings("lukashenka", groups) == {"Alexander Lukashenko", "Lukashenko", "Lukashenka", "lukashenka"}
    assert ev.spellings("Putin", groups) == {"Putin"}


# --------------------------------------------------------------------------- PolNeAR
ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 20;25 30\tthe plan is good\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 40 50\tvoters want\n"
    "T6\tCue 51 55\twant\n"
    "T7\tAttribution 51 55\twant\n"
    "E2\tAttribution:T7 Content:T5 Cue:T6\n"
    "A1\tSomething T1\n"
)


def test_parse_brat_reads_discontinuous_spans_and_missing_sources():
    atts = ev.parse_brat(ANN)
    assert len(atts) == 2
    a, b = atts
    assert a.content == [(11, 20), (25, 30)] and a.cue == "said" and a.source == "Smith"
    assert (a.start, a.end) == (11, 30)
    assert b.source == "" and b.cue == "want" and b.content == [(40, 50)]


def test_speech_filter():
    def att(cue, content="plain words"):
        return ev.BratAttribution(content=[(0, 1)], content_text=content, cue=cue)

    assert ev.keep_attribution(att("Said"))
    assert ev.keep_attribution(att("has repeatedly said"))
    assert ev.keep_attribution(att("according to"))
    assert ev.keep_attribution(att("pointed out"))
    assert ev.keep_attribution(att(":"))
    assert ev.keep_attribution(att("tweeted"))
    assert not ev.keep_attribution(att("believes"))
    assert not ev.keep_attribution(att("sayings"))                     # whole words only
    assert not ev.keep_attribution(att("thinks", "Clinton’s plan"))    # apostrophe, not a quote
    assert ev.keep_attribution(att("thinks", "the “deplorables”"))
    assert ev.keep_attribution(att("thinks", 'the "deplorables"'))
    assert ev.keep_attribution(att("thinks", "the ‘deplorables’"))


def test_keep_reasons_split_the_kept_gold():
    def att(cue, content="plain words"):
        return ev.BratAttribution(content=[(0, 1)], content_text=content, cue=cue)

    assert ev.keep_reason(att("thinks", "the “deplorables”")) == "quoted content"
    assert ev.keep_reason(att("said", 'a "quote"')) == "quoted content"   # quotation is tested first
    assert ev.keep_reason(att(":")) == "colon cue"
    assert ev.keep_reason(att("has repeatedly insisted")) == "cue named in the README"
    assert ev.keep_reason(att("According to")) == "cue named in the README"
    assert ev.keep_reason(att("tweeted")) == "other speech cue"
    assert ev.keep_reason(att("saying")) == "cue named in the README"
    assert ev.keep_reason(att("believes")) is None


def test_polnear_article_scoring_by_hand():
    #           0         1         2         3         4         5         6
    #           0123456789012345678901234567890123456789012345678901234567890123
    gold = [
        ev.BratAttribution([(0, 10)], "aaaaaaaaaa", cue="said", source="Sen. Smith"),   # kept, found, right
        ev.BratAttribution([(20, 30)], "bbbbbbbbbb", cue="told", source="Mr. Jones"),   # kept, found, wrong
        ev.BratAttribution([(40, 50)], "cccccccccc", cue="said", source="he"),          # kept, found, no name
        ev.BratAttribution([(60, 70)], "dddddddddd", cue="said", source="Brown"),       # kept, missed
        ev.BratAttribution([(80, 90)], "eeeeeeeeee", cue="believes", source="Green"),   # not kept
    ]
    pred = pd.DataFrame({
        "start": [2, 20, 40, 80, 100],
        "end": [8, 25, 50, 88, 110],
        "speaker": ["John Smith", "Senator", "Bob", "Green", "Nobody"],
        "text": ["p1", "p2", "p3", "p4", "p5"],
    })
    c = ev.score_polnear_article("polnear/dev", "f", gold, pred)
    assert c["kept"] == 4
    assert c["found"] == 3            # 6/10, 5/10 and 10/10 covered; 60-70 not at all
    assert c["named"] == 2            # "he" is not a name
    assert c["speaker_ok"] == 1       # Smith yes, Jones/Senator no
    assert c["predicted"] == 5
    assert c["precise"] == 4          # p4 lies inside the unkept attribution: still precise
    kinds = sorted(e["kind_of_error"] for e in c["errors"])
    assert kinds == ["false_alarm", "missed", "wrong_speaker"]
    assert (c["kept:cue named in the README"], c["found:cue named in the README"]) == (4, 3)
    assert c["kept:quoted content"] == c["kept:other speech cue"] == 0
    missed = next(e for e in c["errors"] if e["kind_of_error"] == "missed")
    assert (missed["expected"], missed["cue"]) == ("Brown", "said")


def test_polnear_recall_counts_a_split_quote_covered_by_its_pieces():
    # one discontinuous gold content, 0-10 and 20-30; two predicted pieces cover 6 and 4 of its 20
    gold = [ev.BratAttribution([(0, 10), (20, 30)], "a" * 20, cue="said", source="Jane Doe")]
    pred = pd.DataFrame({"start": [2, 20], "end": [8, 24], "speaker": ["Jane Doe", "Someone"],
                         "text": ["p1", "p2"]})
    c = ev.score_polnear_article("polnear/dev", "f", gold, pred)
    assert (c["found"], c["found_single"]) == (1, 0)   # together 10/20; neither alone
    assert c["speaker_ok"] == 1                        # the larger piece's speaker is scored
    short = pred.iloc[:1].assign(end=7)                # 5/20: not found
    assert ev.score_polnear_article("polnear/dev", "f", gold, short)["found"] == 0


# --------------------------------------------------------------------------- stance-dev
def test_anchor_offsets_index_the_whole_text():
    text = "first line\nsecond cc line\nthird"
    assert ev.anchor_offsets(text, 2, "cc") == (18, 20)
    assert text[18:20] == "cc"
    assert ev.anchor_offsets(text, 1, "cc") is None
    assert ev.anchor_offsets(text, 9, "cc") is None


def test_macro_f1_and_kappa_count_missed_as_wrong():
    gold = ["pro", "con", "neutral", "neutral"]
    pred = ["pro", "missed", "neutral", "pro"]
    # pro: P 1/2, R 1/1 -> 2/3; con: 0; neutral: P 1/1, R 1/2 -> 2/3
    assert ev.macro_f1(gold, pred) == pytest.approx((2 / 3 + 0 + 2 / 3) / 3)
    assert ev.macro_f1(["pro"], ["pro"]) == 1.0         # con and neutral absent from both: left out
    assert ev.macro_f1(["pro", "pro"], ["pro", "con"]) == pytest.approx((2 / 3 + 0) / 2)
    # p_o = 2/4; p_e = (1*2 + 1*0 + 2*1 + 0*1) / 16 = 1/4; kappa = (1/2 - 1/4) / (3/4)
    assert ev._kappa(gold, pred) == pytest.approx(1 / 3)


def test_stance_text_scoring_by_hand():
    text = "Intro line.\nPutin said Russia is ready to help.\nPeskov said nothing would happen."
    entry = {
        "file": "x/01.txt",
        "statements": [
            {"para": 2, "speaker": "Vladimir Putin", "alt": ["Kremlin"], "anchor": "Russia is ready to help",
             "stance": "pro", "clear": True},
            {"para": 3, "speaker": "Dmitry Peskov", "alt": [], "anchor": "nothing would happen",
             "stance": "neutral", "clear": False},
            {"para": 3, "speaker": "Dmitry Peskov", "alt": [], "anchor": "not in the text",
             "stance": "con", "clear": True},
        ],
        "persons": {"Vladimir Putin": 1, "Dmitry Peskov": 1},
    }
    a = text.index("Russia")
    b = text.index("nothing")
    statements = pd.DataFrame({"start": [a, b], "end": [a + 12, b + 20], "speaker": ["Kremlin", "Peskov TV"],
                               "stance": ["con", "neutral"]})
    entities = pd.DataFrame({"entity": ["Putin", "Dmitry Peskov", "Russia"], "label": ["PERSON", "PERSON", "GPE"],
                             "mentions": [1, 2, 1]})
    r = ev.score_stance_text("stance-dev/x", entry, text, {"statements": statements, "entities": entities},
                             ev.alias_groups({}))
    rows = r["rows"]
    # first: 12 of 23 anchor characters covered -> found; second: all 20 -> found; third: missed
    assert [x["found"] for x in rows] == [True, True, False]
    assert [x["speaker_ok"] for x in rows] == [True, True, False]
    assert [x["pred"] for x in rows] == ["con", "neutral", "missed"]
    assert [p["ok"] for p in r["people"]] == [True, False]       # Peskov: 2 mentions, not 1
    kinds = sorted(e["kind_of_error"] for e in r["errors"])
    assert kinds == ["missed", "people_count", "wrong_stance"]


def test_people_counted_exactly_once_by_surname_or_alias():
    groups = ev.alias_groups({"Alexander Lukashenko": ["Lukashenko", "Lukashenka", "Alyaksandr Lukashenka"],
                              "Vladimir Putin": ["Putin"]})
    entities = pd.DataFrame({
        "entity": ["Alexander Lukashenko", "Putin", "Vladimir Putin", "Putinism Studies", "Minsk"],
        "label": ["PERSON", "PERSON", "PERSON", "PERSON", "GPE"],
        "mentions": [3, 2, 1, 1, 4],
    })
    got = ev.count_people({"Alyaksandr Lukashenka": 3, "Vladimir Putin": 3, "Dmitry Peskov": 1, "Minsk": 4},
                          entities, groups)
    assert [p["ok"] for p in got] == [True, False, False, False]
    assert got[1]["rows"] == ["Putin", "Vladimir Putin"]          # two rows: not exact ("Putinism" is no match)
    assert got[2]["rows"] == [] and got[3]["rows"] == []          # Minsk is not a PERSON row


def test_a_key_without_a_target_file_is_an_error_not_a_fallback(tmp_path):
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "mine.json").write_text(json.dumps(
        {"name": "mine", "question": "Will X act?", "actors": ["X"], "actions": ["act"]}), encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(
        {"targets": {"a": "?", "b": "?"}, "target_files": {"a": "targets/mine.json"}, "texts": []}), encoding="utf-8")
    assert ev.resolve_target(tmp_path, "a").name == "mine"                 # the set's own file
    with pytest.raises(ValueError, match="no target file for target key 'b'"):
        ev.resolve_target(tmp_path, "b")
    assert ev.resolve_target(tmp_path, "b", target_map={"b": "kazakhstan"}).name == "kazakhstan"


def test_table_and_tidy_metrics():
    res = ev.EvalResult("s")
    res.add("recall", 2, 4)
    res.add("kappa", 0.25)
    res.info["target"] = "t"
    tidy = res.tidy()
    assert tidy[["set", "measure", "value"]].values.tolist() == [["s", "recall", 0.5], ["s", "kappa", 0.25]]
    assert tidy["n"].iloc[0] == 4 and pd.isna(tidy["n"].iloc[1])
    table = ev.results_table([res])
    assert table["value"].tolist() == ["t", "2/4 (0.500)", "0.250"]
    text = ev.format_table(table)
    assert text.splitlines()[0].split() == ["set", "measure", "value", "goal"]


# --------------------------------------------------------------------------- reference files and CLI
def test_every_stance_dev_anchor_is_found_in_its_line():
    root = ev.STANCE_DEV_DIR
    require_shared(root / "gold.json")
    gold = ev.load_gold(root)
    for entry in gold["texts"]:
        text = ev.read_text(root / "texts" / entry["file"])
        for st in entry["statements"]:
            assert ev.anchor_offsets(text, int(st["para"]), st["anchor"]) is not None, (entry["file"], st["anchor"])


def test_cli_without_corpora_is_one_line_and_exit_2(tmp_path):
    res = subprocess.run([sys.executable, "-m", "analysis", "evaluate", "--polnear", tmp_path / "none",
                          "--stance-dev", tmp_path / "none2", "--out", tmp_path / "out"],
                         capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and res.stderr.startswith("error:")
    assert not (tmp_path / "out").exists()
