"""Agreement with a hand-coded reference for one article (``seeds/*.stance.csv``), Cohen's
kappa, and stance beside TextBlob polarity. Corpus-level scoring is ``analysis.evaluate``."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stance.frames import EVALUATION_LABELS, LIKELIHOOD_LABELS, STANCE_LABELS


def cohen_kappa(a, b, labels=None) -> float:
    """Cohen's kappa from the confusion matrix: (p_o - p_e) / (1 - p_e)."""
    a, b = list(a), list(b)
    labels = list(labels) if labels is not None else sorted(set(a) | set(b))
    pos = {lab: i for i, lab in enumerate(labels)}
    cm = np.zeros((len(labels), len(labels)))
    np.add.at(cm, ([pos[x] for x in a], [pos[y] for y in b]), 1)
    n = cm.sum()
    if n == 0:
        return float("nan")
    po = np.trace(cm) / n
    pe = float((cm.sum(axis=1) * cm.sum(axis=0)).sum()) / n**2
    return 1.0 if pe == 1 else float((po - pe) / (1 - pe))


def load_reference(path) -> pd.DataFrame:
    ref = pd.read_csv(path, dtype={"quote": str, "speaker": str, "rationale": str})
    ref["relevant"] = ref["relevant"].astype(str).str.lower().isin(["true", "1", "yes"])
    return ref


@dataclass
class StanceEvaluation:
    matched: pd.DataFrame
    unmatched: pd.DataFrame
    scores: pd.DataFrame       # axis, n, accuracy, kappa
    confusion: pd.DataFrame    # stance: reference (rows) x coded (columns)
    disagreements: pd.DataFrame

    def score(self, axis: str, what: str = "accuracy") -> float:
        return float(self.scores.set_index("axis").loc[axis, what])


def _norm(s: str) -> str:
    return " ".join(str(s).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def evaluate_stance(coded_df: pd.DataFrame, reference_df: pd.DataFrame) -> StanceEvaluation:
    """Match reference rows to coded rows (same paragraph, snippet containment) and score.

    ``stance`` is compared on all matched rows (not relevant counts as neutral on both
    sides); ``likelihood`` and ``evaluation`` only on rows relevant in both codings.
    """
    coded = coded_df.reset_index(drop=True)
    ctext = coded["text"].map(_norm)
    rows, missing = [], []
    for _, ref in reference_df.iterrows():
        q = _norm(ref["quote"])
        same = coded["paragraph"] == int(ref["paragraph"])
        hit = coded[same & ctext.map(lambda t, q=q: q in t or (len(t) >= 12 and t in q))]
        if not len(hit):
            missing.append(ref)
            continue
        c = hit.iloc[0]
        rows.append(dict(paragraph=int(ref["paragraph"]), quote=ref["quote"], ref_speaker=ref["speaker"],
                         coded_speaker=c["speaker"], statement_id=c.get("statement_id"),
                         ref_relevant=bool(ref["relevant"]), relevant=bool(c["relevant"]),
                         ref_likelihood=ref["likelihood"], likelihood=c["likelihood"],
                         ref_evaluation=ref["evaluation"], evaluation=c["evaluation"],
                         ref_stance=ref["stance"], stance=c["stance"], stance_cues=c["stance_cues"],
                         rationale=ref["rationale"]))
    m = pd.DataFrame(rows)
    scores = []
    if len(m):
        both = m[m["ref_relevant"] & m["relevant"]]
        for axis, sub, labels in (("relevant", m, [True, False]), ("stance", m, STANCE_LABELS),
                                  ("likelihood", both, LIKELIHOOD_LABELS),
                                  ("evaluation", both, EVALUATION_LABELS)):
            a, b = sub[f"ref_{axis}"].tolist(), sub[axis].tolist()
            acc = float(np.mean([x == y for x, y in zip(a, b)])) if a else float("nan")
            scores.append(dict(axis=axis, n=len(a), accuracy=acc, kappa=cohen_kappa(a, b, labels)))
        conf = pd.crosstab(pd.Categorical(m["ref_stance"], categories=STANCE_LABELS),
                           pd.Categorical(m["stance"], categories=STANCE_LABELS),
                           rownames=["reference"], colnames=["coded"], dropna=False)
        dis = m[(m["ref_stance"] != m["stance"]) | (m["ref_relevant"] != m["relevant"])]
    else:
        conf = pd.DataFrame()
        dis = m
    return StanceEvaluation(m, pd.DataFrame(missing), pd.DataFrame(scores), conf, dis.reset_index(drop=True))



def polarity_comparison(frame: pd.DataFrame, threshold: float = 0.05) -> pd.DataFrame:
    """Relevant rows with TextBlob polarity beside the stance, flagging disagreements.

    Scores unscored rows with ``analysis.sentiment.score_statements`` (content only).
    ``agree`` is True when the signs match (pro/positive, con/negative, neutral/neutral).
    """
    f = frame[frame["relevant"].astype(bool)].copy()
    if "polarity" not in f or "sentiment_words" not in f:
        from analysis.sentiment import score_statements

        f = score_statements(f)
    f["polarity_label"] = np.where(f["polarity"] > threshold, "positive",
                                   np.where(f["polarity"] < -threshold, "negative", "neutral"))
    expect = {"pro": "positive", "con": "negative", "neutral": "neutral"}
    f["agree"] = f["stance"].map(expect) == f["polarity_label"]

    def why(r):
        if r.agree:
            return ""
        lex = f"polarity from: {r.sentiment_words}" if r.sentiment_words else "no polar words for TextBlob"
        return f"{lex}; stance from: {r.stance_cues}"
    f["why"] = [why(r) for r in f.itertuples()]
    cols = ["statement_id", "paragraph", "speaker", "stance", "polarity", "polarity_label", "agree", "why", "text"]
    return f[[c for c in cols if c in f]].reset_index(drop=True)
