"""The work of one batch, the same whichever engine (:mod:`analysis.engines`) runs it.

:func:`analyze_batch` parses a batch of articles (``nlp.pipe`` through the DocBin cache),
analyses each article and renders its folder's files (CSV tables, ``article.txt``,
``run.json``) to bytes; :func:`write_article_files` writes them, each folder atomically, and
:func:`is_current` tells a resumed run which folders are already up to date. Also here: a
worker's warm-up (:func:`warm_worker`: the spaCy model and TextBlob, once per process).
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import resource
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis import stopping
from analysis.articles import Article


# ------------------------------------------------------------------- what one article's folder holds
@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Short sha1 of the analysis package's code and data: ``run.json`` records it, and a
    resumed run redoes an article whose tables an older version of the code wrote."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha1()
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and p.suffix in (".py", ".json", ".txt", ".csv", ".tsv"))
    for p in files:
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def run_metadata(art: Article) -> dict:
    """The article's metadata as ``run.json`` keeps it (plain values only)."""
    return {k: v for k, v in art.metadata.items() if isinstance(v, (str, int, float, bool))}


def run_info(art: Article, tables: dict, target, label: str) -> dict:
    """What ``run.json`` records about one article's run (documented in docs/tables.md)."""
    code, confidence = art.language
    return {
        "article_id": art.id,
        "title": art.title,
        "metadata": run_metadata(art),
        "encoding": art.encoding,
        "mojibake": art.mojibake,
        "language": code,
        "language_confidence": confidence,
        "language_warning": art.language_warning,
        "layout": art.layout,
        "sha1": art.sha1,
        "model": label,
        "stance_target": target.name,
        "code_version": code_version(),
        "paragraphs": len(art.paragraphs),
        "characters": len(art.text),
        "text_file": "article.txt",
        "tables": {k: len(v) for k, v in tables.items()},
    }


def render_files(art: Article, tables: dict, info: dict) -> dict[str, bytes]:
    """The bytes of every file in one article's folder, by file name (``tables``: DataFrames or
    :class:`analysis.tables.Rows`)."""
    from analysis.tables import table_bytes

    files = {f"{name}.csv": table_bytes(t) for name, t in tables.items()}
    # the text as analysed, so the tables' offsets travel with the text they index
    files["article.txt"] = art.text.encode("utf-8")
    files["run.json"] = (json.dumps(info, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return files


def write_article_files(out: Path, article_id: str, files: dict[str, bytes], defer_signals: bool = True) -> Path:
    """Write one article's files into ``out/<id>/``, atomically as a folder. ``defer_signals``:
    hold SIGINT/SIGTERM until the folder is in (off for :class:`FolderWriter`'s thread, which
    signals never interrupt: the main thread waits for it instead)."""
    import contextlib

    from analysis.io import dir_mode, file_mode

    out.mkdir(parents=True, exist_ok=True)
    # a signal arriving meanwhile waits (milliseconds): the old folder is never gone before the new one is in
    with stopping.atomic_section() if defer_signals else contextlib.nullcontext():
        tmp = Path(tempfile.mkdtemp(dir=out, prefix=f".{article_id}.", suffix=".tmp"))
        try:
            os.chmod(tmp, dir_mode())           # mkdtemp makes 0700; publish like mkdir would
            mode = file_mode()
            for name, data in files.items():
                (tmp / name).write_bytes(data)
                os.chmod(tmp / name, mode)
            final = out / article_id
            old = None
            if final.exists():
                old = out / f".{article_id}.old"
                shutil.rmtree(old, ignore_errors=True)
                os.replace(final, old)
            os.replace(tmp, final)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            return final
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


class FolderWriter:
    """Writes articles' folders, in the order given, in a thread of the main process, so that
    creating files (system time: 0.3 ms a file on some file systems, ten files an article)
    overlaps with the analysis of the next batch. Python delivers signals to the main thread
    only, so a folder is never interrupted half-written; :meth:`close` waits for every folder
    handed over (a few hundred at most, well under a second) and re-raises a write's error;
    :meth:`abort` lets the folder in progress finish and drops the rest (a rerun redoes them)."""

    def __init__(self, out: Path, limit: int = 256) -> None:
        import queue

        self.out = out
        self.written = 0
        self.seconds = 0.0
        self._error: BaseException | None = None
        self._abort = False
        # its own "done" flag: Thread.join() interrupted by a signal's exception can return
        # early on a later call while the thread still runs (seen on CPython 3.11)
        self._done = threading.Event()
        # bounded: a full queue makes the caller wait (the thread gets the GIL only when the
        # caller lets go of it), so memory stays flat and folders appear as batches finish
        self._queue: queue.Queue = queue.Queue(maxsize=limit)
        self._thread = threading.Thread(target=self._run, name="folder-writer", daemon=True)
        self._thread.start()

    def put(self, article_id: str, files: dict[str, bytes]) -> None:
        self._check()
        self._queue.put((article_id, files))

    def _run(self) -> None:
        try:
            self._write_all()
        finally:
            self._done.set()

    def _write_all(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None or self._abort:   # after a failed write or an abort: dropped
                continue
            # this thread's CPU time (user and system): its wall time would include waiting for
            # the GIL while the main thread analyses, which is the point of the thread
            t0 = time.thread_time()
            try:
                write_article_files(self.out, *item, defer_signals=False)
                self.written += 1
            except BaseException as exc:     # reported in the main thread, by put() or close()
                self._error = exc
            self.seconds += time.thread_time() - t0

    def close(self) -> None:
        """Write what was handed over, stop the thread; a write's error is raised here."""
        if self.alive:
            self._queue.put(None)
            self._done.wait()
        self._check()

    @property
    def alive(self) -> bool:
        """The thread is still running (closing or aborting it ends it)."""
        return not self._done.is_set()

    def abort(self) -> None:
        """Finish the folder being written, drop the others, stop the thread (no error raised)."""
        self._abort = True
        if self.alive:
            self._queue.put(None)
            self._done.wait()

    def _check(self) -> None:
        if self._error is not None:      # kept: the thread drops every later folder
            raise self._error


def is_current(out: Path, art: Article, label: str, target) -> bool:
    """Does ``out/<id>/`` hold this article's tables, written for the same text (sha1),
    model, stance target and code version? A resumed run skips such an article."""
    folder = out / art.id
    try:
        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict):
        return False
    want = {"sha1": art.sha1, "model": label, "stance_target": target.name, "code_version": code_version(),
            "title": art.title, "metadata": json.loads(json.dumps(run_metadata(art)))}
    if any(info.get(k) != v for k, v in want.items()):
        return False
    tables = info.get("tables")
    return isinstance(tables, dict) and all((folder / f"{name}.csv").is_file() for name in tables) and (
        folder / "article.txt").is_file()


# ------------------------------------------------------------------- the work of one batch
@dataclass
class Outcome:
    """One article's result: its files, or the one-line reason it failed."""

    article_id: str
    files: dict | None = None
    error: str | None = None
    warning: str | None = None


@dataclass
class BatchResult:
    outcomes: list
    timings: dict = field(default_factory=dict)    # seconds by stage (parse ... stance; not writing)
    tokens: int = 0
    pid: int = 0
    max_rss_kb: int = 0


_MODEL_LOCK = threading.Lock()
_FROZEN = False


def _freeze_long_lived() -> None:
    """After the first batch of a process: move every object still alive (modules, the spaCy
    model, lexicons, rulers, caches - what the rest of the run keeps) out of the cyclic
    collector's sight (``gc.freeze``), so that its collections scan only the objects made since.
    Measured on 400 BBC articles in one process: 21 full collections took 2.3 s, each
    traversing the whole heap. Once per process: objects frozen later could never be collected."""
    global _FROZEN
    if not _FROZEN:
        _FROZEN = True
        gc.freeze()


def warm_worker(model: str | None) -> None:
    """Load the spaCy model (once per process) and import TextBlob: a worker's initializer."""
    from analysis.nlp import load_model
    from analysis.sentiment import warm_sentiment

    with _MODEL_LOCK:
        load_model(model)
    warm_sentiment()


def _quietly(fn, *args) -> None:
    """``fn(*args)``, ignoring its failure: for warm-ups whose work is redone, and its error
    reported, where the result is needed."""
    try:
        fn(*args)
    except Exception:
        pass


def _safe_warm_worker(model: str | None) -> None:
    # a failing initializer breaks the whole pool with no message; let the first batch report it
    _quietly(warm_worker, model)


def _init_local_worker(model: str | None, parent_alive: tuple[int, int]) -> None:
    """A local worker's initializer: stop when told or orphaned (:func:`stopping.worker_setup`), then warm up."""
    stopping.worker_setup(parent_alive)
    _safe_warm_worker(model)


def analyze_batch(articles: list, target, model: str | None, label: str) -> BatchResult:
    """Parse and analyse a batch; every article's folder rendered to bytes.

    A model that cannot be loaded raises :class:`ArticleError` (the whole run stops);
    one article's failure is that article's :class:`Outcome` error.
    """
    from analysis.doc_cache import release
    from analysis.nlp import get_docs, load_model
    from analysis.pipeline import analyze_article

    timings: dict = {}
    t0 = time.perf_counter()
    with _MODEL_LOCK:                  # Dask may run several tasks in threads of one worker
        load_model(model)
    try:
        docs = get_docs(articles, model=model)
    except Exception:            # one bad text must not lose its batch: parse one by one
        docs = []
        for art in articles:
            try:
                docs.append(get_docs([art], model=model)[0])
            except Exception as exc:
                docs.append(exc)
    timings["parse"] = time.perf_counter() - t0
    outcomes, tokens = [], 0
    for i, art in enumerate(articles):
        doc, docs[i] = docs[i], None     # each Doc is let go as soon as its article is done
        if isinstance(doc, Exception):   # its parse failed (see above)
            outcomes.append(Outcome(art.id, error=f"{art.id}: cannot be parsed ({type(doc).__name__}: {doc})"
                                    .splitlines()[0]))
            continue
        tokens += len(doc)
        try:
            tables = analyze_article(art, doc, target=target, timings=timings, frames=False)
            t1 = time.perf_counter()
            files = render_files(art, tables, run_info(art, tables, target, label))
            timings["writing"] = timings.get("writing", 0.0) + time.perf_counter() - t1
        except Exception as exc:  # one article's failure must not lose the rest of a batch
            msg = f"{art.id}: analysis failed ({type(exc).__name__}: {exc})".splitlines()[0]
            outcomes.append(Outcome(art.id, error=msg))
            continue
        finally:
            release(doc)                 # its annotations' cycles broken: freed by reference counting
        outcomes.append(Outcome(art.id, files=files, warning=art.language_warning))
    doc = None
    # A Doc and its annotations (doc._.discourse, ...) form reference cycles that only the
    # cyclic collector frees; collecting once a batch keeps a long run's memory flat
    # (measured: +100-150 MB of garbage per 16 articles otherwise, 0.9 GB peak on 400).
    # A first batch of one article leaves a few MB, which the automatic collector frees: its
    # full collection (0.17 s over the model's objects, before the freeze) is skipped.
    t1 = time.perf_counter()
    if len(articles) > 1 or _FROZEN:
        gc.collect()
        _freeze_long_lived()
    timings["gc"] = time.perf_counter() - t1
    return BatchResult(outcomes, timings, tokens, os.getpid(),
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
