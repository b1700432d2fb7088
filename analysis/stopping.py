"""Runs that stop when asked, and workers that never outlive their run.

* **The main process** of ``analyze`` (:func:`stop_on_signals`) turns SIGINT (Ctrl-C) and
  SIGTERM (``kill``, ``timeout``, a scheduler) into :class:`Interrupted`, a
  ``KeyboardInterrupt`` that knows its signal: the engine stops its workers at once, the
  finished articles are kept, and the CLI exits ``128 + signal`` (130, 143).
* **A write is never cut in half.** A signal that arrives inside :func:`atomic_section`
  (every atomic write of :mod:`analysis.io` and every article folder) is acted on as the
  section ends, so a folder is never left half-replaced and no temporary file is left behind.
* **Worker processes** (:func:`worker_setup`) ignore SIGINT (Ctrl-C reaches the whole
  process group; the main process decides) and exit on SIGTERM, which is how the main
  process stops them, again never in the middle of a write.
* **Workers exit by themselves when the main process dies**, however it dies (SIGKILL
  included). The main process holds the write end of a pipe that nothing is ever written
  to (:class:`ParentAlive`); each worker blocks on the read end in a daemon thread. When
  the main process dies the kernel closes its descriptors, the read returns end-of-file and
  the worker exits. This is what ``distributed`` does for its own worker processes
  (``AsyncProcess._immediate_exit_when_closed``). Unlike ``prctl(PR_SET_PDEATHSIG)`` it
  needs no ``ctypes``, is not Linux-only, and does not fire when merely the *thread* that
  forked the worker ends; unlike polling ``os.getppid()`` it reacts at once.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager

#: Exit status of a worker whose parent died (as a shell reports SIGHUP: 128 + 1).
EXIT_PARENT_GONE = 129
#: Longest a signal (or the parent's death) waits for a write in progress to end.
MAX_DEFER = 2.0

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_depth = 0                 # atomic sections open in this process
_pending: int | None = None  # a signal that arrived inside one
_action = None             # what a signal does outside a section (None: nothing installed)
_lock = threading.Lock()   # guards _depth across threads (never taken by the handler)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM in the main process. ``done``: articles finished when it stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.done = 0

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextmanager
def atomic_section():
    """Defer SIGINT/SIGTERM (as handled here) until the block ends: for writes that must finish."""
    global _depth, _pending
    with _lock:
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            fire = _pending if _depth == 0 else None
            if fire is not None:
                _pending = None
        if fire is not None and _action is not None:
            _action(fire)


def _handler(signum, frame) -> None:
    global _pending
    if _depth > 0:
        if _pending is None:
            _pending = signum
        return
    if _action is not None:
        _action(signum)


def _raise(signum: int) -> None:
    raise Interrupted(signum)


def _ignore(signum: int) -> None:
    pass


def _exit(signum: int) -> None:
    os._exit(128 + signum)


@contextmanager
def stop_on_signals():
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` in the main thread
    (deferred across atomic sections); the previous handlers come back afterwards.
    Off the main thread (where Python cannot set handlers) it does nothing."""
    global _action
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.getsignal(s) for s in _SIGNALS}
    old_action, _action = _action, _raise
    for s in _SIGNALS:
        signal.signal(s, _handler)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        _action = old_action


@contextmanager
def signals_blocked():
    """Block SIGINT and SIGTERM in this thread for the block (they wait, pending): processes
    forked meanwhile start with them blocked until :func:`worker_setup` has set their handlers."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def ignore_further_signals() -> None:
    """After the first interrupt: let the clean-up (bounded in time) finish undisturbed."""
    global _action
    _action = _ignore


class ParentAlive:
    """A pipe whose write end only the parent holds: its children see end-of-file when it dies.

    Create it in the parent before starting the workers, pass :attr:`fds` to
    :func:`worker_setup`, and :meth:`close` it once the workers are gone."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()     # both close-on-exec; a fork inherits them

    @property
    def fds(self) -> tuple[int, int]:
        return self.read_fd, self.write_fd

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.read_fd = self.write_fd = -1


def _wait_for_writes() -> None:
    deadline = time.monotonic() + MAX_DEFER
    while _depth and time.monotonic() < deadline:
        time.sleep(0.01)


def _watch_parent(read_fd: int) -> None:
    while True:
        try:
            data = os.read(read_fd, 1)
        except OSError:
            data = b""
        if not data:
            break
    _wait_for_writes()
    os._exit(EXIT_PARENT_GONE)


def worker_setup(parent_alive: tuple[int, int] | None = None) -> None:
    """In a worker process: ignore SIGINT, exit on SIGTERM (after any write in progress),
    and, given :attr:`ParentAlive.fds`, exit as soon as the parent process is gone."""
    global _action
    if parent_alive is not None:
        read_fd, write_fd = parent_alive
        try:
            os.close(write_fd)          # this copy would keep the pipe open: only the parent's counts
        except OSError:
            pass
        threading.Thread(target=_watch_parent, args=(read_fd,), name="exit-with-parent", daemon=True).start()
    if threading.current_thread() is threading.main_thread():
        _action = _exit
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _handler)
    # forked with them blocked (signals_blocked): a SIGTERM that came meanwhile is handled now
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
