"""Where ``analyze`` runs: in this process, on a pool of local worker processes, or on Dask.

Every engine runs the same function, :func:`analyze_batch`, on batches of articles:
it parses the batch (``nlp.pipe`` through the DocBin cache), analyses each article and
renders its folder's files (CSV tables, ``article.txt``, ``run.json``) to bytes. The
caller writes those bytes with :func:`write_article_files`, in input order, so the
output is byte-identical whichever engine and however many workers ran it.
Both live in :mod:`analysis.batch` (with the rest of a batch's work) and are re-exported here.

* ``LocalEngine(jobs=1)`` calls it in this process (TextBlob's slow import runs in a
  thread while spaCy loads and parses).
* ``LocalEngine(jobs=N)`` runs it on N worker processes
  (:class:`concurrent.futures.ProcessPoolExecutor`); each loads the model once, in its
  initializer, and keeps it for the whole run.
* ``DaskEngine`` submits it to a ``distributed`` cluster: a ``LocalCluster`` of N worker
  processes, or the scheduler at ``--scheduler ADDRESS``. The model is loaded once per
  worker process (a module-level cache guarded by a lock) on its first batch.

Engines are bounded: at most ``2 x workers`` batches are in flight, so memory holds a
few batches of text and never the whole corpus.

Engines stop when asked (:mod:`analysis.stopping`): leaving their ``with`` block on an
exception (:class:`~analysis.stopping.Interrupted` from SIGINT/SIGTERM, or any error)
calls :meth:`Engine.abort`, which stops the workers at once instead of waiting for the
batches in flight; :meth:`Engine.finished` first hands back the batches already done, so
their articles are written. Local workers also exit by themselves when the main process
dies, SIGKILL included (:class:`~analysis.stopping.ParentAlive`); Dask's worker processes
do so by ``distributed``'s own pipe.
"""
from __future__ import annotations

import functools
import time
from collections import deque

from analysis import stopping
from analysis.articles import ArticleError
from analysis.batch import (  # noqa: F401  (re-exported: the CLI, summary and tests import them from here)
    BatchResult,
    Outcome,
    _init_local_worker,
    _quietly,
    _safe_warm_worker,
    analyze_batch,
    code_version,
    is_current,
    render_files,
    run_info,
    run_metadata,
    warm_worker,
    write_article_files,
)

#: Articles parsed together (one ``nlp.pipe`` call) in one process.
BATCH_SIZE = 64
#: Smallest batch handed to a parallel worker (smaller batches balance the workers better).
MIN_PARALLEL_BATCH = 4


# ------------------------------------------------------------------- engines
class _Done:
    """A finished future's stand-in, for the in-process engine."""

    def __init__(self, fn, *args):
        self._value = self._exc = None
        try:
            self._value = fn(*args)
        except Exception as exc:  # re-raised by result(); an interrupt propagates at once
            self._exc = exc

    def done(self) -> bool:
        return True

    def result(self, timeout=None):
        if self._exc is not None:
            raise self._exc
        return self._value


class Engine:
    """Submit batches, get results back in submission order, at most ``limit`` in flight."""

    workers = 1

    def __init__(self) -> None:
        self._pending: deque = deque()

    @property
    def limit(self) -> int:
        return 2 * self.workers

    def batch_size(self, total: int | None) -> int:
        """Articles per batch: whole ``BATCH_SIZE`` batches in one process; across workers,
        small enough that every worker gets several batches."""
        if self.workers == 1:
            return BATCH_SIZE
        if not total:
            return 16
        return max(MIN_PARALLEL_BATCH, min(BATCH_SIZE, -(-total // (4 * self.workers))))

    def submit(self, tag, batch: list, target, model, label):
        """Queue a batch; yields ``(tag, BatchResult)`` of the oldest batches while too many are in flight."""
        self._pending.append((tag, self._submit(batch, target, model, label)))
        while len(self._pending) > self.limit:
            yield self._pop()

    def drain(self):
        """Yield ``(tag, BatchResult)`` of every batch still in flight, in submission order."""
        while self._pending:
            yield self._pop()

    def _pop(self):
        tag, fut = self._pending.popleft()
        try:
            return tag, fut.result()
        except ArticleError:
            raise
        except Exception as exc:  # a worker died (killed, out of memory), the cluster went away
            # articles' own failures never get here: analyze_batch isolates each one
            raise ArticleError(f"a worker failed ({type(exc).__name__}: {exc})".splitlines()[0]) from None

    def finished(self, budget: float = 1.0):
        """Yield ``(tag, BatchResult)`` of the batches in flight that are already done, without
        waiting for the others (when the run is interrupted): their articles can still be written.
        Stops after ``budget`` seconds."""
        deadline = time.monotonic() + budget
        while self._pending and time.monotonic() < deadline:
            tag, fut = self._pending.popleft()
            try:
                if fut.done():
                    yield tag, fut.result(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:  # a failed or cancelled batch is simply not kept
                continue

    def _submit(self, batch, target, model, label):
        raise NotImplementedError

    def close(self) -> None:
        """Wait for the workers to finish and let them go (the normal end of a run)."""
        self._pending.clear()

    def abort(self) -> None:
        """Stop at once: batches in flight are dropped and the workers stopped, within seconds."""
        self._pending.clear()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            self.abort()


class LocalEngine(Engine):
    """``jobs == 1``: in this process. ``jobs > 1``: a pool of worker processes (forked)."""

    def __init__(self, jobs: int, model: str | None) -> None:
        super().__init__()
        self.workers = jobs
        self.model = model
        self._pool = None
        self._launched = False
        self._warming = None
        self._parent_alive = None
        self._children_before: set = set()

    def _start(self) -> None:
        """Start the helpers on the first batch (a resumed run with nothing to do starts none)."""
        if self.workers == 1:
            import threading

            from analysis.sentiment import warm_sentiment

            # TextBlob's import (~1 s) starts in a thread while spaCy loads and parses (parsing
            # releases the GIL for much of its time); scoring then runs here, with no IPC
            self._warming = threading.Thread(target=_quietly, args=(warm_sentiment,), name="warm-sentiment",
                                             daemon=True)
            self._warming.start()
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._children_before = set(multiprocessing.active_children())
            self._parent_alive = stopping.ParentAlive()
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_init_local_worker,
                                             initargs=(self.model, self._parent_alive.fds))

    def _submit(self, batch, target, model, label):
        if self._pool is None and self._warming is None:
            self._start()
        if self._pool is None:
            return _Done(analyze_batch, batch, target, model, label)
        if not self._launched:
            # the first submit forks the workers: they start with SIGINT/SIGTERM blocked, so a
            # Ctrl-C before their initializer ignores it cannot raise in them (it is then dropped)
            self._launched = True
            with stopping.signals_blocked():
                return self._pool.submit(analyze_batch, batch, target, model, label)
        return self._pool.submit(analyze_batch, batch, target, model, label)

    def close(self) -> None:
        super().close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._release()

    def abort(self) -> None:
        super().abort()
        pool, self._pool = self._pool, None
        if pool is not None:
            import multiprocessing

            # the pool's worker processes: our children that were not there before it started
            workers = [p for p in multiprocessing.active_children() if p not in self._children_before]
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_processes(workers)
        self._release()

    def _release(self) -> None:
        if self._parent_alive is not None:
            self._parent_alive.close()      # any worker still there exits now
            self._parent_alive = None
        if self._warming is not None:
            self._warming.join(timeout=5)   # a daemon thread: an interrupted run need not wait for it
            self._warming = None


def _stop_processes(procs, grace: float = 2.0) -> None:
    """SIGTERM each process (workers exit at once, or after a write in progress), then SIGKILL
    whatever is still alive after ``grace`` seconds; reap them all."""
    for p in procs:
        try:
            p.terminate()
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + grace
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(1.0)


@functools.lru_cache(maxsize=1)
def _model_plugin_class():
    """The Dask worker plugin class, built on first use: ``distributed`` (about 0.5 s and 60 MB
    to import) is imported only by runs that use Dask, never for a single article."""
    from distributed import WorkerPlugin

    class ModelPlugin(WorkerPlugin):
        """A Dask worker plugin: the worker loads the spaCy model (and TextBlob) as it starts."""

        def __init__(self, model: str | None) -> None:
            self.model = model

        def setup(self, worker) -> None:
            # Ctrl-C reaches the workers too: the client decides; they exit with their parent
            # (distributed's own pipe) or when the cluster stops them
            stopping.worker_setup()
            _safe_warm_worker(self.model)

    ModelPlugin.__module__, ModelPlugin.__qualname__ = __name__, "ModelPlugin"   # pickled by name
    return ModelPlugin


def __getattr__(name: str):
    # ``analysis.engines.ModelPlugin``: made once, on first use (here and in each Dask worker,
    # where unpickling the plugin looks it up by this name)
    if name == "ModelPlugin":
        return _model_plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DaskEngine(Engine):
    """Batches as tasks on a ``distributed`` cluster: ``scheduler`` (an address such as
    ``tcp://host:8786``), or a ``LocalCluster`` of ``jobs`` single-threaded worker processes."""

    def __init__(self, jobs: int, model: str | None, scheduler: str | None = None) -> None:
        super().__init__()
        import logging

        from distributed import Client, LocalCluster

        import multiprocessing

        self.model = model
        self._cluster = None
        self._children_before = set(multiprocessing.active_children())
        if scheduler:
            self._client = Client(scheduler, timeout="10s")
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        # every worker, present or joining later, loads the model once, before its first batch
        self._client.register_plugin(_model_plugin_class()(model), name="news-analysis-model")
        info = self._client.scheduler_info()
        nthreads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        self.workers = max(1, nthreads or jobs)

    def _submit(self, batch, target, model, label):
        return self._client.submit(analyze_batch, batch, target, model, label, pure=False)

    def close(self) -> None:
        for fut in self._pending:
            fut[1].cancel()
        super().close()
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def abort(self) -> None:
        pending = [fut for _, fut in self._pending]
        super().abort()
        if self._cluster is not None:
            import logging
            import multiprocessing

            # a LocalCluster's worker processes are our children: stop them first, so closing
            # the cluster does not wait for the tasks they are running. Their nannies (in this
            # process) are told first not to restart them, and not to log their end as an error.
            logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)
            for nanny in list(self._cluster.workers.values()):
                _quietly(nanny.close_gracefully)
            workers = [p for p in multiprocessing.active_children() if p not in self._children_before]
            _stop_processes(workers)
        else:
            _quietly(self._client.cancel, pending)
        _quietly(self._client.close, 2)
        if self._cluster is not None:
            _quietly(self._cluster.close, 2)


def make_engine(name: str, jobs: int, model: str | None, scheduler: str | None = None) -> Engine:
    if name == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ArticleError("--engine dask needs the 'dask' and 'distributed' packages "
                               "(pip install -r requirements.txt)") from None
        try:
            return DaskEngine(jobs, model, scheduler)
        except (OSError, ValueError, TimeoutError) as exc:   # unreachable, or not an address at all
            raise ArticleError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}".splitlines()[0]) from None
    return LocalEngine(jobs, model)

