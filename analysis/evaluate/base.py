"""What every reference set shares: where the sets are, the result of one set
(:class:`EvalResult`) and its error rows, and the pipeline run exactly as ``analyze`` runs it."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.config import REPO_ROOT


SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
POLNEAR_DIR = SHARED_CORPORA / "polnear"
STANCE_DEV_DIR = SHARED_CORPORA / "stance-dev"
ERROR_COLUMNS = ["set", "file", "kind_of_error", "text", "expected", "got", "para", "start", "end", "cue"]
STANCE_LABELS = ("pro", "con", "neutral")
MISSED = "missed"


def _frac(k: int, n: int) -> float:
    return k / n if n else float("nan")



@dataclass
class EvalResult:
    """One reference set's scores.

    ``metrics``: measure -> value (fractions in 0..1, plus plain counts);
    ``counts``: measure -> ``(k, n)`` for every fraction; ``info``: text facts
    (the stance target used); ``errors``: one row per
    miss, false alarm, wrong speaker, wrong stance or people miscount
    (:data:`ERROR_COLUMNS`); ``notes``: lines worth showing with the table.
    """

    name: str
    metrics: "OrderedDict[str, float]" = field(default_factory=OrderedDict)
    counts: dict = field(default_factory=dict)
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))
    notes: list = field(default_factory=list)
    info: dict = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, measure: str, k, n=None) -> None:
        """Record a fraction ``k/n`` (or a plain value when ``n`` is None)."""
        if n is None:
            self.metrics[measure] = k
        else:
            self.metrics[measure] = _frac(k, n)
            self.counts[measure] = (k, n)

    def tidy(self) -> pd.DataFrame:
        """Rows ``set, measure, value, n``."""
        rows = []
        for m, v in self.metrics.items():
            n = self.counts.get(m, (None, None))[1]
            rows.append(dict(set=self.name, measure=m, value=v, n=n))
        df = pd.DataFrame(rows, columns=["set", "measure", "value", "n"])
        df["n"] = df["n"].astype("Int64")
        return df


def _error(set_name, file, kind, text="", expected="", got="", para=None, start=None, end=None, cue="") -> dict:
    return dict(set=set_name, file=file, kind_of_error=kind, text=text, expected=expected, got=got,
                para=para, start=start, end=end, cue=cue)


def _errors_frame(rows: list) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    for col in ("para", "start", "end"):
        df[col] = df[col].astype("Int64")
    return df


def run_pipeline(articles: list, model: str | None = None, target=None) -> list[dict]:
    """Tables for each article: one batched parse, then ``analyze_article`` per article."""
    from analysis.nlp import get_docs
    from analysis.pipeline import analyze_article

    docs = get_docs(articles, model=model)
    return [analyze_article(a, d, target=target) for a, d in zip(articles, docs)]


def read_text(path: Path) -> str:
    """The text exactly as the reference's offsets index it."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()
