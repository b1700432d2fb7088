"""Summaries of scored statements: by speaker (with bootstrap intervals), by statement kind,
quoted speakers against the narrator, and the key findings in one plain-language line."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from analysis.config import SEED
from analysis.sentiment.scoring import KINDS, NEUTRAL_BAND, _signed
from analysis.stats import bootstrap_mean_ci
from analysis.stats import mean as stats_mean

# ------------------------------------------------------------------ summaries


def _units(d: pd.DataFrame):
    if "group" in d.columns and d["group"].notna().all():
        return d["group"].tolist()
    return None


SUMMARY_COLUMNS = [
    "speaker", "speaker_type", "statements", "units", "mean_polarity", "ci_low", "ci_high", "ci_note",
    "mean_subjectivity", "mean_vader", "with_sentiment_words",
    "n_direct", "mean_polarity_direct", "n_partial", "mean_polarity_partial",
    "n_indirect", "mean_polarity_indirect",
]


def speaker_summary(df: pd.DataFrame, *, seed: int = SEED, n_boot: int = 2000,
                    level: float = 0.95) -> pd.DataFrame:
    """One row per speaker (columns :data:`SUMMARY_COLUMNS`, see docs/sentiment.md).

    ``df`` is a scored statements frame (:func:`score_statements`). Sorted by
    number of statements (descending), then speaker name.
    """
    # per speaker, over the statements as plain rows: a few rows per speaker, for which pandas'
    # per-group slicing, mode and mean cost most of the time (same numbers: stats.mean adds as
    # Series.mean does)
    cols = [c for c in _SUMMARY_FIELDS if c in df.columns]
    values = [df[c].tolist() for c in cols]    # Python scalars, as to_dict("records") gives them
    return summarize_speakers([dict(zip(cols, row)) for row in zip(*values)], cols,
                              seed=seed, n_boot=n_boot, level=level)


#: The statement fields a speaker's summary reads.
_SUMMARY_FIELDS = ("speaker", "speaker_type", "group", "polarity", "subjectivity", "vader_compound",
                   "n_sentiment_words", "sentiment_words", "kind")


def summarize_speakers(rows: list[dict], cols=_SUMMARY_FIELDS, *, seed: int = SEED, n_boot: int = 2000,
                       level: float = 0.95) -> pd.DataFrame:
    """:func:`speaker_summary` over the scored statement rows as dicts (``cols``: the fields of
    :data:`_SUMMARY_FIELDS` they hold), as the tables are built from the annotated Doc."""
    return summary_frame(speaker_summary_rows(rows, cols, seed=seed, n_boot=n_boot, level=level))


def summary_frame(recs: list[dict]) -> pd.DataFrame:
    """The per-speaker summary rows (:func:`speaker_summary_rows`) as a DataFrame."""
    if not recs:
        return pd.DataFrame(recs, columns=SUMMARY_COLUMNS)
    return pd.DataFrame({c: [rec[c] for rec in recs] for c in SUMMARY_COLUMNS}, columns=SUMMARY_COLUMNS)


def speaker_summary_rows(rows: list[dict], cols=_SUMMARY_FIELDS, *, seed: int = SEED, n_boot: int = 2000,
                         level: float = 0.95) -> list[dict]:
    """The rows of :func:`summarize_speakers`, as dicts of :data:`SUMMARY_COLUMNS`, in its order."""
    cols = list(cols)
    groups: dict = {}
    for r in rows:
        if not pd.isna(r["speaker"]):          # groupby leaves out a missing speaker
            groups.setdefault(r["speaker"], []).append(r)
    recs = []
    for speaker in sorted(groups):
        d = groups[speaker]
        units = [r["group"] for r in d] if "group" in cols and not any(pd.isna(r["group"]) for r in d) else None
        polarity = [r["polarity"] for r in d]
        mean, low, high, note = bootstrap_mean_ci(polarity, units, seed=seed, n_boot=n_boot, level=level)
        if "speaker_type" in cols:       # Series.mode().iloc[0]: the most frequent, ties: the first sorted
            types = Counter(r["speaker_type"] for r in d if not pd.isna(r["speaker_type"]))
            speaker_type = min(types, key=lambda t: (-types[t], t))
        else:
            speaker_type = ""
        if "n_sentiment_words" in cols:
            with_words = sum(1 for r in d if r["n_sentiment_words"] > 0)
        else:
            with_words = sum(1 for r in d if not pd.isna(r["sentiment_words"]) and r["sentiment_words"] != "")
        rec = {
            "speaker": speaker,
            "speaker_type": speaker_type,
            "statements": len(d),
            "units": len(set(units)) if units is not None else len(d),
            "mean_polarity": mean, "ci_low": low, "ci_high": high, "ci_note": note,
            "mean_subjectivity": stats_mean(r["subjectivity"] for r in d),
            "mean_vader": stats_mean(r["vader_compound"] for r in d) if "vader_compound" in cols else np.nan,
            "with_sentiment_words": with_words,
        }
        for kind in ("direct", "partial", "indirect"):
            sub = [r["polarity"] for r in d if r["kind"] == kind] if "kind" in cols else []
            rec[f"n_{kind}"] = len(sub)
            rec[f"mean_polarity_{kind}"] = stats_mean(sub) if sub else np.nan
        recs.append(rec)
    recs.sort(key=lambda rec: -rec["statements"])   # stable: speakers are in sorted order already
    return recs


def kind_breakdown(df: pd.DataFrame) -> pd.DataFrame:
    """Tidy direct-versus-indirect breakdown: speaker, kind, statements, mean_polarity, mean_subjectivity.

    Includes an ``(all speakers)`` block; kinds in :data:`KINDS` order.
    """
    cols = ["speaker", "kind", "statements", "mean_polarity", "mean_subjectivity"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    both = pd.concat([df, df.assign(speaker="(all speakers)")], ignore_index=True)
    out = (both.groupby(["speaker", "kind"], sort=False)
           .agg(statements=("polarity", "size"), mean_polarity=("polarity", "mean"),
                mean_subjectivity=("subjectivity", "mean"))
           .reset_index())
    order = {k: i for i, k in enumerate(KINDS)}
    out["_k"] = out["kind"].map(order).fillna(len(order))
    out["_all"] = out["speaker"] == "(all speakers)"
    out = out.sort_values(["_all", "speaker", "_k"], kind="stable").drop(columns=["_k", "_all"])
    return out[cols].reset_index(drop=True)


def narrator_comparison(statements: pd.DataFrame, narrator: pd.DataFrame, *, seed: int = SEED,
                        n_boot: int = 2000) -> pd.DataFrame:
    """Quoted speakers (pooled) against the narrator's own sentences.

    Columns: voice, statements, mean_polarity, ci_low, ci_high, ci_note,
    mean_subjectivity, mean_vader.
    """
    recs = []
    for voice, d in (("quoted speakers (all)", statements), ("(narrator)", narrator)):
        units = _units(d) if len(d) else None
        mean, low, high, note = bootstrap_mean_ci(d["polarity"] if len(d) else [], units, seed=seed, n_boot=n_boot)
        recs.append({"voice": voice, "statements": len(d), "mean_polarity": mean, "ci_low": low,
                     "ci_high": high, "ci_note": note,
                     "mean_subjectivity": float(d["subjectivity"].mean()) if len(d) else np.nan,
                     "mean_vader": float(d["vader_compound"].mean()) if len(d) else np.nan})
    return pd.DataFrame(recs)


# -------------------------------------------------------------------- findings


def key_findings(summary: pd.DataFrame, agreement: pd.DataFrame | None = None,
                 narrator: pd.DataFrame | None = None, min_n: int = 2) -> str:
    """One plain-language line computed from the tables (no hard-coded results)."""
    if summary is None or summary.empty:
        return "No attributed statements were found, so there is no sentiment by speaker to report."
    bits = [f"{int(summary['statements'].sum())} statements by {len(summary)} speakers"]
    eligible = summary[summary["statements"] >= min_n]
    if len(eligible):
        lo = eligible.loc[eligible["mean_polarity"].idxmin()]
        hi = eligible.loc[eligible["mean_polarity"].idxmax()]
        if lo["speaker"] == hi["speaker"]:
            bits.append(f"only {lo['speaker']} has {min_n}+ statements (mean polarity {_signed(lo['mean_polarity'])})")
        else:
            bits.append(f"among speakers with {min_n}+ statements the highest mean polarity is {hi['speaker']}'s "
                        f"({_signed(hi['mean_polarity'])}, n={int(hi['statements'])}) and the lowest "
                        f"{lo['speaker']}'s ({_signed(lo['mean_polarity'])}, n={int(lo['statements'])})")
            if pd.notna(lo["ci_high"]) and pd.notna(hi["ci_low"]):
                apart = lo["ci_high"] < hi["ci_low"]
                rough = " (few statements, so the intervals are rough)" if min(lo["units"], hi["units"]) < 5 else ""
                bits.append(f"their 95% intervals {'do not overlap' if apart else 'overlap'}{rough}")
    else:
        bits.append(f"no speaker has {min_n}+ statements, so speaker means are single scores")
    neutral = float((summary["mean_polarity"].abs() < NEUTRAL_BAND).mean())
    bits.append(f"{neutral:.0%} of speakers average within ±{NEUTRAL_BAND} (near neutral)")
    if narrator is not None and len(narrator) and "polarity" in narrator.columns:
        bits.append(f"narrator sentences average {_signed(narrator['polarity'].mean())} (n={len(narrator)})")
    if agreement is not None and len(agreement):
        a = agreement.set_index("measure")["value"]
        sa, rho = a.get("sign agreement (3 labels)"), a.get("Spearman rho")
        if sa is not None and not pd.isna(sa):
            txt = f"TextBlob and VADER give the same label for {sa:.0%} of statements"
            if rho is not None and not pd.isna(rho):
                txt += f" (Spearman rho {rho:.2f})"
            bits.append(txt)
    return "; ".join(bits) + "."
