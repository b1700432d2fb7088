"""The figures: one table of every set beside the project's goals, the files ``make eval``
writes, and the development snapshot (``docs/dev_figures.json``) the notebooks show."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from analysis.config import REPO_ROOT
from analysis.evaluate.base import EvalResult


#: The project's goals (attribution: issue 7; stance: issue 16), shown beside each measure; the same
#: for every stance-dev set.
GOALS = {
    "recall": "≥ 0.85", "precision": "≥ 0.92", "speaker accuracy on found": "≥ 0.93",
    "speaker recall": "≥ 0.85", "stance on clear statements": "≥ 0.85", "3-class accuracy": "≥ 0.80",
    "people counted exactly": "≥ 0.95",
}


def _goal(res: EvalResult, measure: str) -> str:
    return GOALS.get(measure, "")


def _value(res: EvalResult, measure: str) -> str:
    v = res.metrics[measure]
    if measure in res.counts:
        k, n = res.counts[measure]
        return f"{k}/{n} ({v:.3f})" if n else f"{k}/{n}"
    if isinstance(v, float):
        return "nan" if v != v else f"{v:.3f}"
    return str(v)


def results_table(results: list[EvalResult]) -> pd.DataFrame:
    """Display rows ``set, measure, value, goal`` (values formatted as text)."""
    rows = []
    for res in results:
        for key, value in res.info.items():
            rows.append(dict(set=res.name, measure=key, value=str(value), goal=""))
        for m in res.metrics:
            rows.append(dict(set=res.name, measure=m, value=_value(res, m), goal=_goal(res, m)))
        for note in res.notes:
            rows.append(dict(set=res.name, measure="note", value=note, goal=""))
    return pd.DataFrame(rows, columns=["set", "measure", "value", "goal"])


def format_table(df: pd.DataFrame) -> str:
    """Plain-text, left-aligned columns."""
    cols = list(df.columns)
    cells = [cols] + [[str(v) for v in row] for row in df.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cols))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def metrics_frame(results: list[EvalResult]) -> pd.DataFrame:
    frames = [r.tidy() for r in results]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["set", "measure", "value", "n"])


def write_results(results: list[EvalResult], out) -> list[Path]:
    """``metrics.csv`` and one ``errors_<set>.csv`` per set (atomic writes)."""
    from analysis.io import write_csv

    out = Path(out)
    written = [write_csv(metrics_frame(results), out / "metrics.csv")]
    written.append(write_csv(results_table(results), out / TABLE_CSV))
    for r in results:
        safe = re.sub(r"[^\w.-]+", "_", r.name)
        written.append(write_csv(r.errors, out / f"errors_{safe}.csv"))
    return written


ATTRIBUTION_MEASURES = ("recall", "precision", "speaker accuracy on found", "statements found", "speaker recall")
STANCE_MEASURES = ("stance on clear statements", "3-class accuracy", "macro-F1", "Cohen's kappa")
#: The table ``write_results`` writes beside metrics.csv: the rows ``make eval`` prints.
TABLE_CSV = "table.csv"
#: The development figures as last measured by ``make eval``, kept in the repository: the
#: notebooks read them from here and never re-run the evaluation.
DEV_SNAPSHOT = REPO_ROOT / "docs" / "dev_figures.json"
#: The reference sets the snapshot keeps (a ``--split test`` or ``--limit`` run is not the dev figures).
_DEV_SETS = re.compile(r"^(polnear/dev|stance-dev/.+)$")


def _git_commit() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "analysis"],
                               cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" (with uncommitted changes to analysis/)" if dirty else "")


def write_dev_snapshot(eval_dir=REPO_ROOT / "output" / "eval", dest=DEV_SNAPSHOT) -> Path | None:
    """Copy the dev-set rows of ``eval_dir/table.csv`` (written by ``make eval``) to ``dest`` with
    the commit they were measured on and the date. Returns None, and writes nothing, when that
    run scored no full dev set (``--split test``, ``--limit``, or no corpora)."""
    import datetime

    from analysis.io import atomic_write_text

    src, metrics = Path(eval_dir) / TABLE_CSV, Path(eval_dir) / "metrics.csv"
    if not src.is_file():
        return None
    table = pd.read_csv(src, dtype=str, keep_default_na=False)
    table = table[table["set"].str.match(_DEV_SETS)]
    if not len(table):
        return None
    texts = {}
    if metrics.is_file():
        m = pd.read_csv(metrics)
        texts = {r.set: int(r.value) for r in m[m["measure"] == "texts"].itertuples() if r.value == r.value}
    snapshot = {
        "about": "Development-set figures written by `make eval`; the notebooks show these and never re-run it.",
        "commit": _git_commit(),
        "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "texts": texts,
        "rows": table.to_dict(orient="records"),
    }
    dest = Path(dest)
    atomic_write_text(dest, json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {dest} (dev figures of commit {snapshot['commit'][:12]})")
    return dest


def read_dev_snapshot(path=DEV_SNAPSHOT) -> dict:
    """The snapshot written by :func:`write_dev_snapshot` (``{}`` when absent or unreadable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def dev_figures(measures=ATTRIBUTION_MEASURES, polnear: bool = True, path=DEV_SNAPSHOT) -> pd.DataFrame:
    """The development-set figures a notebook shows beside its in-sample seed figures:
    ``set, measure, value, goal`` rows for ``measures``, from PolNeAR dev (if ``polnear``) and
    every stance-dev target, as ``make eval`` last measured them (:data:`DEV_SNAPSHOT`; the
    commit is in :func:`dev_figures_note`). Empty when no snapshot has been written."""
    rows = read_dev_snapshot(path).get("rows", [])
    table = pd.DataFrame(rows, columns=["set", "measure", "value", "goal"])
    if not polnear:
        table = table[~table["set"].str.startswith("polnear/")]
    return table[table["measure"].isin(list(measures) + ["target"])].reset_index(drop=True)


def dev_figures_note(path=DEV_SNAPSHOT) -> str:
    """Where the dev figures come from: "Measured by `make eval` on commit abc123 (2026-12-07)."."""
    snap = read_dev_snapshot(path)
    if not snap:
        return "No development figures have been measured yet (`make eval` writes them)."
    commit = str(snap.get("commit", "unknown"))
    return (f"Measured by `make eval` on commit `{commit[:12]}`{commit[40:]} ({snap.get('measured', '?')}), "
            f"read from `docs/{Path(path).name}`.")
