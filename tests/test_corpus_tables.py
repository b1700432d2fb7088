"""Corpus tables (analysis.corpus_tables): canonical speakers across articles, pooled sentiment and stance."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.corpus_tables import (TABLES, canonical_names, clean_speaker, parse_date, read_corpus_tables,
                                    write_corpus_tables)

STMT_COLS = ["statement_id", "speaker", "speaker_type", "kind", "start", "end", "text", "paragraph", "group",
             "polarity", "subjectivity", "vader_compound", "relevant", "stance", "coded_start", "coded_end"]


def _article(out, aid, outlet, date, rows, roles=None, entities=None):
    d = out / aid
    d.mkdir(parents=True)
    (d / "run.json").write_text(json.dumps({"article_id": aid, "title": f"Title {aid}", "paragraphs": 3,
                                            "metadata": {"outlet": outlet, "date": date}}), encoding="utf-8")
    recs = []
    for i, (speaker, kind, pol, stance) in enumerate(rows, 1):
        recs.append({"statement_id": i, "speaker": speaker, "speaker_type": kind, "kind": "direct",
                     "start": 10 * i, "end": 10 * i + 5, "text": "x", "paragraph": 1, "group": i,
                     "polarity": pol, "subjectivity": 0.5, "vader_compound": 0.0,
                     "relevant": stance is not None, "stance": stance or "neutral",
                     "coded_start": 10 * i, "coded_end": 10 * i + 5})
    pd.DataFrame(recs, columns=STMT_COLS).to_csv(d / "statements.csv", index=False)
    pd.DataFrame(columns=STMT_COLS).to_csv(d / "narrator.csv", index=False)
    pd.DataFrame(roles or [], columns=["speaker", "speaker_role"]).to_csv(d / "stance_by_speaker.csv", index=False)
    pd.DataFrame(entities or [], columns=["entity", "label", "mentions", "country_group"]).to_csv(
        d / "entities.csv", index=False)


@pytest.fixture
def run_dir(tmp_path):
    out = tmp_path / "out"
    _article(out, "a1", "Outlet A", "2020-08-15 (approx.)",
             [("Vladimir Putin", "PERSON", 0.5, "pro"), ("Vladimir Putin", "PERSON", 0.1, "pro"),
              ("Alexander Lukashenko", "PERSON", -0.2, "con"), ("Alexander Lukashenko", "PERSON", 0.0, None),
              ("two sources", "GROUP", 0.0, None)],
             roles=[{"speaker": "Vladimir Putin", "speaker_role": "official"}],
             entities=[{"entity": "Vladimir Putin", "label": "PERSON", "mentions": 4},
                       {"entity": "Russia", "label": "GPE", "mentions": 3, "country_group": "Russia"}])
    _article(out, "a2", "Outlet B", "2020-08-16",
             [("President Vladimir Putin", "PERSON", 0.3, "con"), ("Putin", "PERSON", 0.0, None),
              ("Alyaksandr Lukashenka", "PERSON", 0.0, "pro"), ("Lukashenko", "PERSON", -0.4, None)],
             entities=[{"entity": "Putin", "label": "PERSON", "mentions": 2},
                       {"entity": "Russia", "label": "GPE", "mentions": 5, "country_group": "Russia"}])
    _article(out, "a3", "Outlet B", "2020-08",
             [("Russian President Vladimir Putin", "PERSON", 0.2, "pro"), ("Maria Zakharova", "PERSON", 0.0, None)])
    return out


def test_speakers_are_merged_across_articles(run_dir):
    folder = write_corpus_tables(run_dir)
    assert folder == run_dir / "corpus"
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(TABLES)
    t = read_corpus_tables(folder)
    sp = t["speakers"].set_index("speaker")
    # four spellings of Putin -> one speaker, in three articles and both outlets
    assert sp.loc["Vladimir Putin", "statements"] == 5
    assert sp.loc["Vladimir Putin", "articles"] == 3
    assert sp.loc["Vladimir Putin", "outlet_list"] == "Outlet A|Outlet B"
    assert sp.loc["Vladimir Putin", "speaker_role"] == "official"
    # Lukashenko / Lukashenka / surname alone -> one
    assert sp.loc["Alexander Lukashenko", "statements"] == 4  # the spelling with most statements names it
    assert sorted(sp.index) == ["Alexander Lukashenko", "Maria Zakharova", "Vladimir Putin", "two sources"]
    names = t["speaker_names"]
    assert set(names.loc[names["speaker"] == "Vladimir Putin", "name_in_article"]) == {
        "Vladimir Putin", "President Vladimir Putin", "Putin", "Russian President Vladimir Putin"}


def test_sentiment_and_stance_pooled(run_dir):
    t = read_corpus_tables(write_corpus_tables(run_dir))
    s = t["sentiment_by_speaker"].set_index("speaker")
    assert s.loc["Vladimir Putin", "statements"] == 5
    assert s.loc["Vladimir Putin", "mean_polarity"] == pytest.approx((0.5 + 0.1 + 0.3 + 0.0 + 0.2) / 5)
    assert s.loc["Vladimir Putin", "ci_low"] <= s.loc["Vladimir Putin", "mean_polarity"] <= s.loc[
        "Vladimir Putin", "ci_high"]
    assert bool(s.loc["Vladimir Putin", "few_statements"]) is False
    assert bool(s.loc["Alexander Lukashenko", "few_statements"]) is True
    st = t["stance_by_speaker"].set_index("speaker")
    # Putin: relevant pro, pro, con, pro -> net 0.5
    assert (st.loc["Vladimir Putin", ["relevant", "pro", "con"]].tolist()) == [4, 3, 1]
    assert st.loc["Vladimir Putin", "net"] == pytest.approx(0.5)
    by_outlet = t["stance_by_outlet"]
    b = by_outlet[(by_outlet["outlet"] == "Outlet B") & (by_outlet["voice"] == "sources")].iloc[0]
    assert (b["articles"], b["relevant"], b["pro"], b["con"]) == (2, 3, 2, 1)
    so = t["sentiment_by_outlet"].set_index("outlet")
    assert so.loc["Outlet A", "statements"] == 5 and so.loc["Outlet B", "statements"] == 6


def test_dates_entities_and_articles(run_dir):
    t = read_corpus_tables(write_corpus_tables(run_dir))
    bd = t["by_date"]
    # "2020-08" (a month) has no day: left out of the per-day table, kept in articles.csv
    assert list(bd["date"]) == ["2020-08-15", "2020-08-16"]
    assert list(bd["statements"]) == [5, 4]
    arts = t["articles"].set_index("article_id")
    assert bool(arts.loc["a1", "date_approximate"]) and pd.isna(arts.loc["a3", "date"])
    ents = t["entities"].set_index("entity")
    assert ents.loc["Russia", "mentions"] == 8 and ents.loc["Russia", "articles"] == 2
    assert ents.loc["Vladimir Putin", "mentions"] == 6  # "Putin" alone joined the full name
    so = t["speaker_outlets"]
    assert so[(so["outlet"] == "Outlet B") & (so["speaker"] == "Vladimir Putin")]["statements"].item() == 3


def test_article_ids_restrict_and_are_checked(run_dir):
    t = read_corpus_tables(write_corpus_tables(run_dir, ["a1"]))
    assert list(t["articles"]["article_id"]) == ["a1"]
    with pytest.raises(FileNotFoundError):
        write_corpus_tables(run_dir, ["nope"])


def test_name_helpers():
    assert clean_speaker("Belarus Svetlana Tikhanovskaya", "PERSON") == "Svetlana Tikhanovskaya"
    assert clean_speaker("President Vladimir Putin's", "PERSON") == "Vladimir Putin"
    assert parse_date("2020-08-15 (approx.)") == ("2020-08-15", True)
    assert parse_date("2016-09-12") == ("2016-09-12", False)
    assert parse_date("2020-08") == (None, False)
    names = pd.DataFrame({"name": ["Hillary Clinton", "Bill Clinton", "Clinton", "Sergei Lavrov", "Sergey Lavrov"],
                          "type": ["PERSON"] * 5, "weight": [5, 3, 2, 1, 2]})
    canon = canonical_names(names)
    assert canon[("Bill Clinton", "PERSON")] == "Bill Clinton"
    assert canon[("Clinton", "PERSON")] == "Clinton"  # two Clintons: the surname alone is ambiguous
    assert canon[("Sergei Lavrov", "PERSON")] == canon[("Sergey Lavrov", "PERSON")] == "Sergey Lavrov"


def test_speaker_merging_never_chains_two_people():
    from analysis.corpus_tables import canonical_names

    names = pd.DataFrame({"name": ["John Smith", "J. Smith", "Jane Smith", "Anna Berg", "A. Berg"],
                          "type": ["PERSON"] * 5, "weight": [3, 1, 2, 2, 1]})
    got = canonical_names(names)
    assert got[("Jane Smith", "PERSON")] == "Jane Smith" and got[("John Smith", "PERSON")] == "John Smith"
    assert got[("J. Smith", "PERSON")] == "J. Smith"       # John or Jane: left apart
    assert got[("A. Berg", "PERSON")] == "Anna Berg"       # only one A. Berg: joined


def test_load_run_tags_rows_by_article_across_line_breaks_and_mixed_headers(tmp_path):
    """Tables are parsed together: rows must keep their own article even when a quoted field
    holds a line break, and a file written with other columns (a resumed older run) still loads."""
    from analysis.corpus_tables import load_run

    out = tmp_path / "out"
    _article(out, "a1", "Outlet A", "2020-08-15", [("Jane Roe", "PERSON", 0.1, "pro"), ("Jim Doe", "PERSON", 0.0, None)])
    _article(out, "a2", "Outlet B", "2020-08-16", [("Ann Poe", "PERSON", -0.3, "con")])
    _article(out, "a3", "Outlet B", "2020-08-17", [("Al Coe", "PERSON", 0.2, None), ("Bo Loe", "PERSON", 0.0, None)])
    path = out / "a1" / "statements.csv"
    frame = pd.read_csv(path)
    frame.loc[0, "text"] = "first line\nsecond line, \"quoted\""
    frame.to_csv(path, index=False)
    run = load_run(out)
    s = run["statements"]
    assert list(s["article_id"]) == ["a1", "a1", "a2", "a3", "a3"]
    assert list(s["speaker"]) == ["Jane Roe", "Jim Doe", "Ann Poe", "Al Coe", "Bo Loe"]
    assert s.loc[0, "text"] == "first line\nsecond line, \"quoted\""
    assert list(run["articles"]["statements"]) == [2, 1, 2]
    assert list(run["articles"]["narrator_sentences"]) == [0, 0, 0]

    extra = pd.read_csv(out / "a2" / "statements.csv").assign(new_column="y")
    extra.to_csv(out / "a2" / "statements.csv", index=False)
    s = load_run(out)["statements"]
    assert list(s["article_id"]) == ["a1", "a1", "a2", "a3", "a3"]
    assert list(s["new_column"].fillna("-")) == ["-", "-", "y", "-", "-"]


def test_load_run_reads_what_read_csv_reads_file_by_file(tmp_path):
    """Blank lines, a line break kept inside a quoted field (CRLF included) and a file without a
    final newline give the rows and counts that reading each file with pandas gives."""
    from analysis.corpus_tables import load_run

    out = tmp_path / "out"
    _article(out, "a1", "Outlet A", "2020-08-15", [("Jane Roe", "PERSON", 0.1, "pro"), ("Jim Doe", "PERSON", 0.0, None)])
    _article(out, "a2", "Outlet B", "2020-08-16", [("Ann Poe", "PERSON", -0.3, "con")])
    p1, p2 = out / "a1" / "statements.csv", out / "a2" / "statements.csv"
    with open(p1, "a", encoding="utf-8", newline="") as fh:
        fh.write("\n\n")                                  # trailing blank lines: not rows
    frame = pd.read_csv(p2)
    frame.loc[0, "text"] = "one\r\ntwo"
    p2.write_bytes(frame.to_csv(index=False, lineterminator="\n").rstrip("\n").encode("utf-8"))  # no final newline
    run = load_run(out)
    assert list(run["articles"]["statements"]) == [2, 1]
    assert list(run["statements"]["article_id"]) == ["a1", "a1", "a2"]
    assert run["statements"].loc[2, "text"] == "one\r\ntwo"
