"""analyze writes article folders in a thread of the main process (analysis.batch.FolderWriter)."""
from __future__ import annotations

import pytest

from analysis.batch import FolderWriter


def files(k: int) -> dict[str, bytes]:
    return {"run.json": b'{"k": %d}\n' % k, "statements.csv": b"statement_id\n"}


def test_every_folder_handed_over_is_written_whole(tmp_path):
    w = FolderWriter(tmp_path, limit=4)          # a small queue: put() waits for the thread
    for k in range(20):
        w.put(f"a{k:02d}", files(k))
    w.close()
    assert not w.alive and w.written == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a{k:02d}" for k in range(20)]
    assert (tmp_path / "a07" / "run.json").read_bytes() == b'{"k": 7}\n'


def test_a_failed_write_is_raised_in_the_caller_and_the_rest_dropped(tmp_path):
    (tmp_path / "blocked").write_text("a file where the output folder should be")
    w = FolderWriter(tmp_path / "blocked")
    w.put("a", files(1))
    w.put("b", files(2))
    with pytest.raises(OSError):
        w.close()
    assert w.written == 0


def test_abort_finishes_the_folder_in_progress_and_drops_the_rest(tmp_path, monkeypatch):
    import threading

    import analysis.batch as batch

    started, release = threading.Event(), threading.Event()
    real = batch.write_article_files

    def slow_first(out, article_id, data, defer_signals=True):
        if not started.is_set():
            started.set()
            release.wait(10)                     # the first folder is in progress when abort() comes
        return real(out, article_id, data, defer_signals=defer_signals)

    monkeypatch.setattr(batch, "write_article_files", slow_first)
    w = FolderWriter(tmp_path, limit=1000)
    for k in range(300):
        w.put(f"a{k:03d}", files(k))
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    w.abort()
    assert not w.alive and w.written == 1
    assert [p.name for p in tmp_path.iterdir()] == ["a000"]      # whole, and nothing else
