"""``analyze`` stops when asked (issue 17): SIGINT to the process group (Ctrl-C), SIGTERM
to the main process, and SIGKILL to the main process, with local workers and with Dask.

Each case runs ``analyze`` in its own session (its own process group, as a shell job is),
waits until the first article folder is written (generous: the model loads first), sends
the signal and then checks, from the moment of the signal:

* SIGINT/SIGTERM: the run exits within 5 s with 130/143 and says how far it got;
* every process it started is gone within 10 s (SIGKILL included: workers notice their
  parent is gone);
* every article folder is complete (``run.json`` and every table it lists), and no
  temporary file or folder is left in the output or the parse cache.

The corpus is generated from the seed article, so nothing from ../shared is needed.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from analysis.config import REPO_ROOT
from tests.conftest import SEED_PATH

N_ARTICLES = 64
STARTUP_TIMEOUT = 240      # seconds for the model to load and the first folder to appear (a busy 2-core machine)
STOP_WITHIN = 5.0          # the run ends this soon after SIGINT/SIGTERM
GONE_WITHIN = 10.0         # every process it started is gone this soon after the signal
MESSAGE = re.compile(r"^interrupted: (\d+) of (\d+) articles done; run again to resume$", re.M)


def make_corpus(path: Path, n: int) -> Path:
    """``n`` distinct articles of 3-6 seed paragraphs each, as JSON Lines."""
    paras = [p for p in SEED_PATH.read_text(encoding="utf-8").splitlines() if p.strip()]
    rows = []
    for i in range(n):
        lo = (i * 3) % (len(paras) - 6)
        chunk = paras[lo:lo + 3 + i % 4] + [f"Reporter number {i} contributed to this report."]
        rows.append(json.dumps({"id": f"s{i:03d}", "title": f"Part {i}", "text": "\n".join(chunk) + "\n"}))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("stop") / "parts.jsonl", N_ARTICLES)


def start(corpus: Path, out: Path, cache: Path, *engine_args) -> subprocess.Popen:
    env = dict(os.environ, NEWS_CACHE_DIR=str(cache), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "analysis", "analyze", str(corpus), "--out", str(out), *engine_args],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)        # its own process group, like a shell job


def finished_folders(out: Path) -> list[Path]:
    if not out.is_dir():
        return []
    return [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != "corpus"
            and (p / "run.json").is_file()]


def wait_until_running(proc: subprocess.Popen, out: Path, workers: int) -> list[psutil.Process]:
    """Wait for the first finished article and for the workers; returns every process the run started."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    me = psutil.Process(proc.pid)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be interrupted (status {proc.returncode}): "
                        f"{proc.stderr.read()[-2000:]}")
        if finished_folders(out):
            kids = me.children(recursive=True)
            if len(kids) >= workers:
                return kids
        time.sleep(0.05)
    proc.kill()
    pytest.fail("no article was finished in time")


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def assert_gone_in_time(procs, t_signal: float) -> None:
    while any(alive(p) for p in procs) and time.monotonic() - t_signal < GONE_WITHIN:
        time.sleep(0.05)
    left = [(p.pid, p.name()) for p in procs if alive(p)]
    for p in procs:                     # never leave them behind, even when the test fails
        if alive(p):
            p.kill()
    assert not left, f"processes still alive {GONE_WITHIN:.0f} s after the signal: {left}"


def assert_complete(out: Path, cache: Path, *, hidden_ok: bool = False) -> int:
    """Every article folder whole; no temporary leftovers (unless the main process was SIGKILLed
    mid-write, which nothing can clean up after). Returns the number of finished folders."""
    folders = finished_folders(out)
    for folder in folders:
        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        want = {f"{name}.csv" for name in info["tables"]} | {"article.txt", "run.json"}
        assert want <= {p.name for p in folder.iterdir()}, folder
        for name in info["tables"]:
            lines = (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()
            assert len(lines) == info["tables"][name] + 1 or info["tables"][name] == 0, (folder, name)
    every = [p for p in out.iterdir() if p.name != "corpus"]
    assert all(p.is_dir() for p in every), every
    assert len(every) - len(folders) == sum(p.name.startswith(".") for p in every)   # no incomplete visible folder
    if not hidden_ok:
        assert not [p.name for p in every if p.name.startswith(".")]
        assert not list(cache.rglob("*.tmp"))
    return len(folders)


def interrupt(corpus, tmp_path, how: str, *engine_args, workers: int):
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = start(corpus, out, cache, *engine_args)
    try:
        kids = wait_until_running(proc, out, workers)
        t_signal = time.monotonic()
        if how == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)     # what Ctrl-C in a terminal does
        else:
            os.kill(proc.pid, getattr(signal, how))
        try:
            stdout, stderr = proc.communicate(timeout=STOP_WITHIN if how != "SIGKILL" else GONE_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{how}: the run was still going {STOP_WITHIN:.0f} s after the signal")
        stopped = time.monotonic() - t_signal
        print(f"{how} {' '.join(engine_args)}: ended {stopped:.2f} s after the signal")
        assert_gone_in_time(kids, t_signal)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, stdout, stderr, stopped, out, cache


def check_stopped(rc, stderr, stopped, out, cache, status, n=N_ARTICLES):
    assert rc == status, stderr[-2000:]
    assert stopped <= STOP_WITHIN, stopped
    assert "Traceback" not in stderr, stderr[-3000:]
    found = MESSAGE.findall(stderr)
    assert len(found) == 1, stderr[-2000:]
    done, total = map(int, found[0])
    assert total == n and 1 <= done < n
    assert assert_complete(out, cache) == done
    assert not (out / "corpus").exists()          # pooled tables only at the end of a whole run
    return done


def test_ctrl_c_stops_local_workers_and_a_rerun_resumes(corpus, tmp_path):
    rc, _, stderr, stopped, out, cache = interrupt(corpus, tmp_path, "SIGINT", "--jobs", "2", workers=2)
    done = check_stopped(rc, stderr, stopped, out, cache, 130)

    before = {p.name: (p / "run.json").stat().st_mtime_ns for p in finished_folders(out)}
    res = subprocess.run([sys.executable, "-m", "analysis", "analyze", str(corpus), "--out", str(out), "--jobs", "2"],
                         cwd=REPO_ROOT, env=dict(os.environ, NEWS_CACHE_DIR=str(cache)), capture_output=True,
                         text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"analysed {N_ARTICLES - done} article(s)" in res.stdout, res.stdout
    assert f"skipped {done} already analysed" in res.stdout, res.stdout
    # the folders finished before the interrupt were kept as they were, and now every article is there
    assert {n: (out / n / "run.json").stat().st_mtime_ns for n in before} == before
    assert assert_complete(out, cache) == N_ARTICLES
    assert (out / "corpus" / "articles.csv").is_file()


def test_sigterm_stops_local_workers(corpus, tmp_path):
    rc, _, stderr, stopped, out, cache = interrupt(corpus, tmp_path, "SIGTERM", "--jobs", "2", workers=2)
    check_stopped(rc, stderr, stopped, out, cache, 143)


def test_sigterm_stops_a_single_process_run(tmp_path):
    # one process parses 64 articles at a time and its first folders appear after the first
    # batch: four batches, so that on a loaded machine the run is still going when signalled
    corpus = make_corpus(tmp_path / "parts.jsonl", 250)
    rc, _, stderr, stopped, out, cache = interrupt(corpus, tmp_path, "SIGTERM", "--jobs", "1", workers=0)
    check_stopped(rc, stderr, stopped, out, cache, 143, n=250)


@pytest.mark.parametrize("how, status", [("SIGINT", 130), ("SIGTERM", 143)])
def test_signal_stops_a_dask_run(corpus, tmp_path, how, status):
    rc, _, stderr, stopped, out, cache = interrupt(corpus, tmp_path, how, "--engine", "dask", "--jobs", "2", workers=2)
    check_stopped(rc, stderr, stopped, out, cache, status)


@pytest.mark.parametrize("engine_args", [("--jobs", "2"), ("--engine", "dask", "--jobs", "2")], ids=["local", "dask"])
def test_sigkill_leaves_no_worker_behind(corpus, tmp_path, engine_args):
    rc, _, _, _, out, cache = interrupt(corpus, tmp_path, "SIGKILL", *engine_args, workers=2)
    assert rc == -signal.SIGKILL
    assert assert_complete(out, cache, hidden_ok=True) >= 1


def test_an_interrupted_analyze_inside_report_stops_the_report(tmp_path, monkeypatch, capsys):
    """``report --corpus`` runs ``analyze`` in-process: interrupting it stops the report too
    (no notebook rendered from a partial corpus), with the signal's exit status."""
    import analysis.cli as cli
    from analysis.stopping import Interrupted

    def interrupted(args):
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(cli, "_cmd_analyze", interrupted)
    corpus = make_corpus(tmp_path / "parts.jsonl", 3)
    rc = cli.main(["report", "--corpus", "parts", str(corpus), "--out", str(tmp_path / "reports"),
                   "--figures", str(tmp_path / "figures"), "--tables", str(tmp_path / "tables")])
    err = capsys.readouterr().err
    assert rc == 143
    assert err.splitlines() == ["interrupted: 0 of 3 articles done; run again to resume"], err
    assert not (tmp_path / "reports").exists() and not (tmp_path / "figures").exists()
