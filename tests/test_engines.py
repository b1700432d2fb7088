"""Engines of ``analyze`` (issue 9): worker processes, resumable runs and Dask.

Every comparison is of output bytes (``diff -r`` of two output folders), never of time.
The corpus is built from the seed article, so these tests need nothing from ../shared.
"""
from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.config import REPO_ROOT
from tests.conftest import SEED_PATH

#: one xdist worker runs this module (make test): its module fixtures are built once
pytestmark = pytest.mark.xdist_group("test_engines")


def run_cli(*args, cache: Path | None = None):
    env = dict(os.environ)
    if cache is not None:
        env["NEWS_CACHE_DIR"] = str(cache)  # a cold parse cache: the parse itself is compared too
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO_ROOT, env=env, timeout=900)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden leftovers included) by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    differ = [name for name in ta if ta[name] != tb[name]]
    assert not differ, f"files differ: {differ[:5]}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A JSON Lines corpus of 14 articles cut from the seed (3-5 paragraphs each), one broken
    line and one blank text, so errors.csv is compared as well."""
    paras = [p for p in SEED_PATH.read_text(encoding="utf-8").splitlines() if p.strip()]
    lines = []
    for i in range(14):
        lo = (i * 2) % (len(paras) - 5)
        chunk = paras[lo:lo + 3 + i % 3]
        lines.append(json.dumps({"id": f"a{i:02d}", "title": f"Part {i}", "outlet": "NBC News",
                                 "text": "\n".join(chunk) + "\n"}))
        if i == 5:
            lines.append('{"id": "broken", "text": ')
        if i == 9:
            lines.append(json.dumps({"id": "blank", "text": "   "}))
    path = tmp_path_factory.mktemp("corpus") / "parts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    res = run_cli("analyze", corpus, "--out", out, "--jobs", "1", cache=out.parent / "cache")
    assert res.returncode == 2, res.stderr           # the two bad lines
    assert "Traceback" not in res.stderr
    assert "analysed 14 article(s)" in res.stdout
    return out


def test_serial_run_writes_tables_and_errors(serial):
    folders = sorted(p.name for p in serial.iterdir() if p.is_dir())
    assert folders == ["corpus"] + [f"parts-a{i:02d}" for i in range(14)]   # corpus/: pooled tables
    errors = (serial / "errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[0] == "input,error" and len(errors) == 3
    assert errors[1].startswith("parts.jsonl:") and "not valid JSON" in errors[1]
    assert "blank" in errors[2] or "empty" in errors[2]
    info = json.loads((serial / "parts-a00" / "run.json").read_text(encoding="utf-8"))
    assert info["code_version"] and info["sha1"] and info["stance_target"] == "belarus"


def test_two_workers_write_identical_bytes(corpus, serial, tmp_path):
    out = tmp_path / "out"
    res = run_cli("analyze", corpus, "--out", out, "--jobs", "2", "--progress", "--stats", tmp_path / "stats.json",
                  cache=tmp_path / "cache")
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert_same_tree(serial, out)
    stats = json.loads((tmp_path / "stats.json").read_text())
    # two worker processes really ran, each reporting its own peak memory
    assert stats["workers"] == 2 and stats["articles"] == 14 and stats["tokens"] > 0
    assert len([k for k in stats["peak_rss_mb"] if k.startswith("worker")]) == 2
    assert set(stats["stages"]) == {"parse", "entities", "statements", "sentiment", "stance", "writing", "gc", "corpus"}
    # one progress bar for the whole run, ending at every input (bad lines included)
    assert res.stderr.count("16/16") >= 1 and "analysing" in res.stderr


def test_dask_local_cluster_writes_identical_bytes(corpus, serial, tmp_path):
    pytest.importorskip("distributed", reason="dask is in requirements.txt; make venv installs it")
    out = tmp_path / "out"
    res = run_cli("analyze", corpus, "--out", out, "--engine", "dask", "--jobs", "2", "--stats",
                  tmp_path / "stats.json", cache=tmp_path / "cache")
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert_same_tree(serial, out)
    stats = json.loads((tmp_path / "stats.json").read_text())
    # a LocalCluster of 2 worker processes, neither of them this one
    assert stats["workers"] == 2 and len([k for k in stats["peak_rss_mb"] if k.startswith("worker")]) == 2


def test_resume_skips_current_articles_and_force_redoes_them(corpus, serial, tmp_path):
    out = tmp_path / "out"
    import shutil

    shutil.copytree(serial, out)
    # article tables are left alone; the pooled corpus/ tables are rebuilt every run (same bytes)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.csv") if p.parent not in (out, out / "corpus")}
    res = run_cli("analyze", corpus, "--out", out, "--jobs", "1")
    assert "analysed 0 article(s)" in res.stdout and "skipped 14 already analysed" in res.stdout
    assert {p: p.stat().st_mtime_ns for p in before} == before      # nothing rewritten
    assert_same_tree(serial, out)

    # one article's text changed, one folder stale in model, one folder incomplete: exactly those three redone
    lines = corpus.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[0])
    row["text"] = row["text"].replace("Putin", "Vladimir Putin", 1)
    edited = tmp_path / "parts.jsonl"
    edited.write_text("\n".join([json.dumps(row)] + lines[1:]) + "\n", encoding="utf-8")
    info_path = out / "parts-a03" / "run.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["model"] = "some_other_model 1.0"
    info_path.write_text(json.dumps(info), encoding="utf-8")
    (out / "parts-a07" / "mentions.csv").unlink()
    res = run_cli("analyze", edited, "--out", out, "--jobs", "1")
    assert "analysed 3 article(s)" in res.stdout and "skipped 11 already analysed" in res.stdout, res.stdout
    assert (out / "parts-a07" / "mentions.csv").exists()
    assert (out / "parts-a00" / "article.txt").read_text(encoding="utf-8").count("Vladimir Putin") >= 1
    assert filecmp.cmp(serial / "parts-a03" / "run.json", out / "parts-a03" / "run.json", shallow=False)

    # another stance target makes every article stale; --force redoes them all
    res = run_cli("analyze", edited, "--out", out, "--jobs", "1", "--target", "western_sanctions")
    assert "analysed 14 article(s)" in res.stdout and "already analysed" not in res.stdout, res.stdout
    res = run_cli("analyze", edited, "--out", out, "--jobs", "1", "--target", "western_sanctions", "--force")
    assert "analysed 14 article(s)" in res.stdout and "already analysed" not in res.stdout


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs 0: expected a number of processes"),
    (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler needs --engine dask"),
    (["--engine", "spark"], "invalid choice"),
])
def test_bad_engine_options_one_line(tmp_path, args, message):
    res = run_cli("analyze", SEED_PATH, "--out", tmp_path / "o", *args)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and message in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_unreachable_scheduler_one_line(tmp_path):
    pytest.importorskip("distributed")
    res = run_cli("analyze", SEED_PATH, "--out", tmp_path / "o", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("error: cannot reach the Dask scheduler"), res.stderr
    assert not (tmp_path / "o").exists()


def test_one_failing_article_is_isolated(seed_article, monkeypatch):
    """A batch keeps its good articles when one article's analysis raises."""
    from dataclasses import replace

    import analysis.pipeline
    from analysis.engines import analyze_batch
    from analysis.nlp import model_label
    from analysis.stance import load_target

    real = analysis.pipeline.analyze_article

    def flaky(article, doc, **kw):
        if article.id == "bad":
            raise RuntimeError("boom\nsecond line")
        return real(article, doc, **kw)

    monkeypatch.setattr(analysis.pipeline, "analyze_article", flaky)
    arts = [replace(seed_article, id="bad"), seed_article]
    res = analyze_batch(arts, load_target(None), None, model_label())
    assert res.outcomes[0].error == "bad: analysis failed (RuntimeError: boom"
    assert res.outcomes[1].error is None and "statements.csv" in res.outcomes[1].files
    assert set(res.timings) == {"parse", "entities", "statements", "sentiment", "stance", "writing", "gc"}


def test_dead_worker_is_one_clear_error(seed_article, monkeypatch):
    """A worker process that dies (killed, out of memory) stops the run with an ArticleError
    (one line from the CLI), never a hang or a traceback."""
    import analysis.pipeline
    from analysis.articles import ArticleError
    from analysis.engines import LocalEngine
    from analysis.nlp import model_label
    from analysis.stance import load_target

    def die(article, doc, **kw):
        os._exit(3)

    monkeypatch.setattr(analysis.pipeline, "analyze_article", die)  # forked workers inherit it
    with LocalEngine(2, None) as engine:
        results = list(engine.submit("tag", [seed_article], load_target(None), None, model_label()))
        assert results == []                     # one batch in flight: nothing to collect yet
        with pytest.raises(ArticleError, match="a worker failed"):
            list(engine.drain())


def test_model_that_cannot_load_is_one_line_from_workers(corpus, tmp_path):
    res = run_cli("analyze", corpus, "--out", tmp_path / "o", "--jobs", "2", "--model", "no_such_model")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("error: cannot load spaCy model 'no_such_model'")
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- review findings
def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_changed_metadata_is_not_skipped_and_corpus_tables_follow(tmp_path):
    text = "Anna Berg said the talks had failed because nobody came to them."
    rows = [{"id": "a", "outlet": "Outlet A", "text": text}, {"id": "b", "outlet": "Outlet A", "text": text + " Really."}]
    out = tmp_path / "out"
    assert run_cli("analyze", _jsonl(tmp_path / "c.jsonl", rows), "--out", out, "--jobs", "1").returncode == 0
    rows[0]["outlet"] = "Outlet B"
    res = run_cli("analyze", _jsonl(tmp_path / "c.jsonl", rows), "--out", out, "--jobs", "1")
    assert "analysed 1 article(s)" in res.stdout and "skipped 1" in res.stdout, res.stdout
    assert json.loads((out / "c-a" / "run.json").read_text())["metadata"]["outlet"] == "Outlet B"
    assert "Outlet B" in (out / "corpus" / "articles.csv").read_text(encoding="utf-8")


def test_ids_that_cannot_name_a_folder_are_rows_in_errors_csv(tmp_path):
    ok = "Officials said the talks had failed because nobody came to them."
    rows = [{"id": "x/y", "text": ok}, {"id": "corpus", "text": ok}, {"id": "good", "text": ok}]
    path = _jsonl(tmp_path / "ids.jsonl", rows)
    (tmp_path / "corpus.txt").write_text(ok + "\n", encoding="utf-8")
    res = run_cli("analyze", path, tmp_path / "corpus.txt", "--out", tmp_path / "out", "--jobs", "1")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert (tmp_path / "out" / "ids-good" / "statements.csv").exists()
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "ids.jsonl:1" in errors and "cannot name a folder" in errors
    assert errors.count("reserved for the pooled corpus tables") == 1      # corpus.txt
    # a corpus row's id is prefixed ("ids-corpus"), so it is fine; the file corpus.txt is refused
    pooled = (tmp_path / "out" / "corpus" / "articles.csv").read_text(encoding="utf-8")
    assert "ids-good" in pooled and "ids-corpus" in pooled


def test_a_text_too_long_to_parse_is_one_error_row(tmp_path):
    rows = [{"id": "huge", "text": "word " * 200_001},
            {"id": "fine", "text": "Officials said the talks had failed because nobody came."}]
    res = run_cli("analyze", _jsonl(tmp_path / "h.jsonl", rows), "--out", tmp_path / "out", "--jobs", "1")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "h.jsonl:1: 1,000,005 characters, more than the 1,000,000" in res.stderr
    assert (tmp_path / "out" / "h-fine" / "statements.csv").exists()


def test_malformed_scheduler_address_is_one_line(corpus, tmp_path):
    res = run_cli("analyze", corpus, "--out", tmp_path / "o", "--engine", "dask", "--scheduler", "notanaddress")
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: cannot reach the Dask scheduler")
