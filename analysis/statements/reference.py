"""Scoring extracted statements against a hand-coded reference (``seeds/<id>.statements.csv``).
"""
from __future__ import annotations

import pandas as pd

REFERENCE_COLUMNS = ["ref_id", "paragraph", "speaker", "speaker_type", "kind", "cue", "group",
                     "start", "end", "text", "source", "note"]


def load_reference(path) -> pd.DataFrame:
    """A hand-coded statement reference (``seeds/<id>.statements.csv``)."""
    from analysis.config import resolve_path

    return pd.read_csv(resolve_path(path), dtype={"source": str, "note": str}, keep_default_na=False)


def _norm(name) -> str:
    return " ".join(str(name).casefold().split())


def score_against_reference(pred: pd.DataFrame, ref: pd.DataFrame, min_overlap: float = 0.5) -> dict:
    """Precision/recall/F1 of statement spans and speaker/kind accuracy over matched pairs.

    A predicted row matches a reference row when both lie in the same paragraph and
    their character overlap is at least ``min_overlap`` of the LONGER of the two
    spans. Pairs are matched one-to-one, largest overlap first. Returns a dict with
    ``precision``, ``recall``, ``f1``, ``speaker_accuracy`` and ``kind_accuracy``
    (over matched pairs), the counts, and ``comparison``: one row per reference row
    and per unmatched prediction (columns ``ref_id``, ``pred_id``, ``paragraph``,
    ``ref_speaker``, ``pred_speaker``, ``speaker_ok``, ``ref_kind``, ``pred_kind``,
    ``kind_ok``, ``overlap``, ``ref_text``, ``pred_text``, ``status`` in
    matched / missed / spurious).
    """
    pred = pred.reset_index(drop=True)
    ref = ref.reset_index(drop=True)
    pairs = []
    for pi, p in pred.iterrows():
        for ri, r in ref.iterrows():
            if int(p["paragraph"]) != int(r["paragraph"]):
                continue
            ov = min(p["end"], r["end"]) - max(p["start"], r["start"])
            longest = max(p["end"] - p["start"], r["end"] - r["start"], 1)
            if ov > 0 and ov / longest >= min_overlap:
                pairs.append((ov / longest, pi, ri))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p, used_r, match = set(), set(), {}
    for ov, pi, ri in pairs:
        if pi in used_p or ri in used_r:
            continue
        used_p.add(pi)
        used_r.add(ri)
        match[ri] = (pi, ov)
    rows = []
    for ri, r in ref.iterrows():
        m = match.get(ri)
        p = pred.loc[m[0]] if m else None
        rows.append({
            "ref_id": r.get("ref_id", ri + 1), "pred_id": int(p["statement_id"]) if m and "statement_id" in p else
            (m[0] + 1 if m else None), "paragraph": int(r["paragraph"]),
            "ref_speaker": r["speaker"], "pred_speaker": p["speaker"] if m else None,
            "speaker_ok": bool(m and _norm(p["speaker"]) == _norm(r["speaker"])),
            "ref_kind": r["kind"], "pred_kind": p["kind"] if m else None,
            "kind_ok": bool(m and p["kind"] == r["kind"]),
            "overlap": round(m[1], 3) if m else 0.0,
            "ref_text": r["text"], "pred_text": p["text"] if m else None,
            "status": "matched" if m else "missed",
        })
    for pi, p in pred.iterrows():
        if pi not in used_p:
            rows.append({
                "ref_id": None, "pred_id": int(p["statement_id"]) if "statement_id" in p else pi + 1,
                "paragraph": int(p["paragraph"]), "ref_speaker": None, "pred_speaker": p["speaker"],
                "speaker_ok": False, "ref_kind": None, "pred_kind": p["kind"], "kind_ok": False,
                "overlap": 0.0, "ref_text": None, "pred_text": p["text"], "status": "spurious",
            })
    comp = pd.DataFrame(rows)
    n_match = len(match)
    precision = n_match / len(pred) if len(pred) else 0.0
    recall = n_match / len(ref) if len(ref) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    matched = comp[comp["status"] == "matched"]
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": float(matched["speaker_ok"].mean()) if n_match else 0.0,
        "kind_accuracy": float(matched["kind_ok"].mean()) if n_match else 0.0,
        "n_pred": len(pred), "n_ref": len(ref), "n_matched": n_match,
        "comparison": comp,
    }
