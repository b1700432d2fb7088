"""The command line, as a user runs it: tables written, bad input refused cleanly."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.config import REPO_ROOT
from tests.conftest import SEED_ID, SEED_PATH

#: one xdist worker runs this module (make test): its module fixtures are built once
pytestmark = pytest.mark.xdist_group("test_cli")


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO_ROOT, timeout=600)


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = run_cli("analyze", SEED_PATH, "--out", out)
    assert res.returncode == 0, res.stderr
    return out / SEED_ID


def test_analyze_writes_entity_tables(seed_out, seed_article):
    import csv

    # columns as documented in docs/entities.md (tables listed in docs/tables.md)
    with open(seed_out / "entities.csv", encoding="utf-8", newline="") as f:
        ents = list(csv.DictReader(f))
    assert list(ents[0]) == ["entity", "label", "mentions", "ner_mentions", "recovered_mentions", "aliases",
                             "first_paragraph", "last_paragraph", "paragraphs", "sentences", "first_start",
                             "label_votes", "label_evidence", "country_group", "state_group"]
    with open(seed_out / "mentions.csv", encoding="utf-8", newline="") as f:
        ments = list(csv.DictReader(f))
    assert list(ments[0]) == ["entity", "label", "text", "start", "end", "paragraph", "sentence", "source",
                              "ner_label"]
    # hand counts of the seed (README; counted in tests/test_entities.py): 24 entities, 82 mentions
    assert len(ents) == 24 and len(ments) == 82
    counts = {r["entity"]: int(r["mentions"]) for r in ents}
    assert counts["Alexander Lukashenko"] == 10 and counts["Vladimir Putin"] == 8
    assert counts["Keir Giles"] == 5 and counts["Emily Ferris"] == 4
    assert counts["Russia"] == 16 and counts["Moscow"] == 5
    per_entity = {}
    text = seed_article.text
    for row in ments:
        assert text[int(row["start"]):int(row["end"])] == row["text"]
        per_entity[row["entity"]] = per_entity.get(row["entity"], 0) + 1
    assert per_entity["Alexander Lukashenko"] == 10 and per_entity["Russia"] == 16
    # possessives stripped: "Putin’s relationship" (P18) is written as the mention "Putin"
    start = text.index("Putin’s relationship")
    assert [r["text"] for r in ments if int(r["start"]) == start] == ["Putin"]


def test_run_info_names_the_model(seed_out):
    import json

    info = json.loads((seed_out / "run.json").read_text())
    assert info["article_id"] == SEED_ID and "spaCy" in info["model"]


def test_analyze_from_another_directory(tmp_path):
    res = run_cli("analyze", "seeds", "--out", tmp_path / "o", cwd=tmp_path)
    # relative paths resolve from the repo root when not found in the working directory
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "o" / SEED_ID / "entities.csv").exists()


def _bad(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    return p


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty or blank"),
        ("blank.txt", b"   \n \n", "empty or blank"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 20, "binary"),
        ("undecodable.txt", bytes(range(128, 256)) * 8, "cannot decode"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, name, content, message):
    bad = _bad(tmp_path, name, content)
    out = tmp_path / "out"
    res = run_cli("analyze", bad, "--out", out)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.stderr
    assert not out.exists()


def test_missing_path(tmp_path):
    res = run_cli("analyze", tmp_path / "nope.txt", "--out", tmp_path / "out")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope.txt'}: no such file or directory"]
    assert not (tmp_path / "out").exists()


def test_usage_error_is_one_line(tmp_path):
    res = run_cli("analyze", SEED_PATH)  # --out missing
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "--out" in res.stderr


def test_batch_keeps_good_articles_and_records_bad(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text('Angela Merkel met Emmanuel Macron in Paris. "We agree," Merkel said.', encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    res = run_cli("analyze", folder, "--out", out)
    assert res.returncode == 2
    assert "empty.txt" in res.stderr and "Traceback" not in res.stderr
    assert (out / "good" / "entities.csv").exists()
    assert not (out / "empty").exists()
    errors = pd.read_csv(out / "errors.csv")
    assert len(errors) == 1 and "empty" in errors.loc[0, "input"]
    assert not list(out.glob(".*tmp")), "no half-written temp folders left behind"


def test_corpus_csv_input(tmp_path):
    corpus = tmp_path / "mini.csv"
    pd.DataFrame({"id": [1, 2, 3], "category": ["a", "b", "c"],
                  "text": ["Tony Blair spoke in London.", "", "Gordon Brown said growth was strong."]}).to_csv(corpus, index=False)
    out = tmp_path / "out"
    res = run_cli("analyze", corpus, "--out", out)
    assert res.returncode == 2  # the blank row is recorded
    assert (out / "mini-1" / "entities.csv").exists() and (out / "mini-3" / "entities.csv").exists()
    assert pd.read_csv(out / "errors.csv").loc[0, "input"] == "mini.csv:3"   # its line (the header is 1)


def test_analyze_writes_statement_sentiment_and_stance_tables(seed_out, seed_article):
    st = pd.read_csv(seed_out / "statements.csv")
    need = {"speaker", "speaker_mention", "cue", "kind", "start", "end", "text", "paragraph", "polarity",
            "subjectivity", "relevant", "likelihood", "evaluation", "stance", "stance_cues"}
    assert need <= set(st.columns)
    assert set(st["kind"]) <= {"direct", "partial", "indirect"}
    for row in st.itertuples():
        assert seed_article.text[row.start:row.end] == row.text
    narr = pd.read_csv(seed_out / "narrator.csv")
    assert narr["narrator"].all() and (narr["kind"] == "narrator").all()
    assert {"stance", "stance_cues"} <= set(narr.columns)
    speakers = pd.read_csv(seed_out / "speakers.csv")
    counts = st.groupby("speaker").size()
    for row in speakers.itertuples():
        assert counts[row.speaker] == row.statements
    by = pd.read_csv(seed_out / "stance_by_speaker.csv")
    assert {"speaker", "pro", "con", "neutral", "net", "net_low", "net_high"} <= set(by.columns)
    rel = by[by["relevant"] > 0]
    assert ((rel["net"] >= -1) & (rel["net"] <= 1)).all()
    assert (rel["net_low"] <= rel["net"] + 1e-9).all() and (rel["net"] <= rel["net_high"] + 1e-9).all()


def test_stance_target_option(tmp_path):
    art = tmp_path / "sanctions.txt"
    art.write_text("The European Union will impose new sanctions on Minsk, officials said on Monday.\n"
                   "\"Sanctions would be a serious mistake,\" said Ivan Petrov, a spokesman for the government.",
                   encoding="utf-8")
    res = run_cli("analyze", art, "--out", tmp_path / "o", "--target", "western_sanctions")
    assert res.returncode == 0, res.stderr
    st = pd.read_csv(tmp_path / "o" / "sanctions" / "statements.csv")
    assert st["relevant"].any()
    import json

    assert json.loads((tmp_path / "o" / "sanctions" / "run.json").read_text())["stance_target"] == "western_sanctions"
    bad = run_cli("analyze", art, "--out", tmp_path / "o2", "--target", "no_such_target")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "unknown stance target" in bad.stderr
    assert not (tmp_path / "o2").exists()


def test_corpus_tables_follow_a_multi_article_run(tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        '{"id": "a", "outlet": "Daily", "date": "2021-03-01", "text": "Anna Berg said the talks had failed badly."}\n'
        '{"id": "b", "outlet": "Weekly", "date": "2021-03-02", "text": "Berg said the new plan was a good one."}\n',
        encoding="utf-8")
    res = run_cli("analyze", corpus, "--out", tmp_path / "out", "--jobs", "1")
    assert res.returncode == 0, res.stderr
    speakers = pd.read_csv(tmp_path / "out" / "corpus" / "speakers.csv")
    row = speakers[speakers["speaker"] == "Anna Berg"].iloc[0]   # "Berg" joins "Anna Berg" across articles
    assert (row["articles"], row["statements"]) == (2, 2)
    one = tmp_path / "one.txt"
    one.write_text("Anna Berg said the talks had failed badly.\n", encoding="utf-8")
    assert run_cli("analyze", one, "--out", tmp_path / "single").returncode == 0
    assert not (tmp_path / "single" / "corpus").exists()
