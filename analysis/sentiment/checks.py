"""Checks on the scores: how far TextBlob and VADER agree, and the known weaknesses
(contracted negation, likely/unlikely, negators TextBlob ignores) shown on demo pairs and found
in an article's statements."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.sentiment.scoring import (
    NEUTRAL_BAND,
    _signed,
    format_sentiment_words,
    sign_label,
    textblob_sentiment,
    vader_compound,
)

# ------------------------------------------------------------------- agreement


def method_agreement(df: pd.DataFrame, band: float = NEUTRAL_BAND) -> pd.DataFrame:
    """How far TextBlob polarity and VADER compound agree, as a small table.

    Columns: measure, value, n, note. Sign agreement uses three labels
    (positive/neutral/negative, neutral when ``|score| < band``). Correlations
    are NaN when fewer than 3 statements or a constant column.
    """
    from scipy import stats

    d = df[["polarity", "vader_compound"]].dropna()
    n = len(d)
    tb = d["polarity"].map(lambda x: sign_label(x, band))
    vd = d["vader_compound"].map(lambda x: sign_label(x, band))
    both = (tb != "neutral") & (vd != "neutral")
    rows = [
        ("statements compared", float(n), n, ""),
        ("sign agreement (3 labels)", float((tb == vd).mean()) if n else np.nan, n,
         f"positive/neutral/negative, neutral if |score| < {band}"),
        ("sign agreement, both non-neutral", float((tb[both] == vd[both]).mean()) if both.any() else np.nan,
         int(both.sum()), "only statements both methods call positive or negative"),
        ("TextBlob neutral share", float((tb == "neutral").mean()) if n else np.nan, n, ""),
        ("VADER neutral share", float((vd == "neutral").mean()) if n else np.nan, n, ""),
    ]
    constant = n < 3 or d["polarity"].nunique() < 2 or d["vader_compound"].nunique() < 2
    for name, fn in (("Pearson r", stats.pearsonr), ("Spearman rho", stats.spearmanr)):
        if constant:
            rows.append((name, np.nan, n, "undefined: fewer than 3 statements or a constant score"))
            continue
        res = fn(d["polarity"], d["vader_compound"])
        rows.append((name, float(res[0]), n, f"p = {float(res[1]):.3g}"))
    return pd.DataFrame(rows, columns=["measure", "value", "n", "note"])


def label_crosstab(df: pd.DataFrame, band: float = NEUTRAL_BAND) -> pd.DataFrame:
    """Counts of TextBlob label (rows) against VADER label (columns)."""
    order = ["negative", "neutral", "positive"]
    tb = pd.Categorical(df["polarity"].map(lambda x: sign_label(x, band)), categories=order)
    vd = pd.Categorical(df["vader_compound"].map(lambda x: sign_label(x, band)), categories=order)
    tab = pd.crosstab(tb, vd, dropna=False).reindex(index=order, columns=order, fill_value=0)
    tab.index.name, tab.columns.name = "TextBlob", "VADER"
    return tab


# -------------------------------------------------------------------- caveats

#: Short demonstration pairs (own sentences, not from any article).
CAVEAT_DEMOS = [
    ("contraction negation", "The plan is good.", "The plan isn't good."),
    ("contraction negation", "The plan is not good.", "The plan isn't good."),
    ("likely vs unlikely", "A deal is likely.", "A deal is unlikely."),
    ("sentiment is not stance", "The sanctions were a terrible blow to the regime.",
     "The regime was happy that the sanctions failed."),
]

_NT = re.compile(r"\b(\w+)n['\u2019]t\b", re.IGNORECASE)
_NT_FULL = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}  # won't, can't, shan't, ain't
_LIKELY = re.compile(r"\b(un)?likely\b", re.IGNORECASE)


def caveat_demos() -> pd.DataFrame:
    """Each demo pair scored live: caveat, text_a, polarity_a, text_b, polarity_b, plus VADER."""
    recs = []
    for caveat, a, b in CAVEAT_DEMOS:
        pa, pb = textblob_sentiment(a), textblob_sentiment(b)
        recs.append({"caveat": caveat, "text_a": a, "polarity_a": pa[0], "words_a": format_sentiment_words(pa[2]),
                     "vader_a": vader_compound(a), "text_b": b, "polarity_b": pb[0],
                     "words_b": format_sentiment_words(pb[2]), "vader_b": vader_compound(b)})
    return pd.DataFrame(recs)


def expand_contractions(text: str) -> str:
    """``isn't`` -> ``is not``, ``won't`` -> ``will not`` (for the n't demonstration only)."""
    def repl(m):
        stem = m.group(1)
        return _NT_FULL.get(stem.lower(), stem) + " not"

    return _NT.sub(repl, text)


_NEG_WORDS = ("no", "not", "never", "n't", "without", "nobody", "nothing", "neither", "nor", "hardly")


def _negation_details(text: str) -> list[str]:
    """How TextBlob handled negators that stand up to 3 words before a lexicon word.

    ``applied``: the word group contains a negator (TextBlob flipped and
    halved it). ``not applied``: a negator precedes the word nearby but is not
    part of its group (e.g. "n't", "without", or a negator two words back).
    """
    out = []
    for words, p, _s in textblob_sentiment(text)[2]:
        parts = words.split()
        if any(w in _NEG_WORDS for w in parts[:-1]):
            out.append(f"applied: '{words}' scores {_signed(p)} (the negator flips the word)")
            continue
        pat = (r"((?<!\w)(?:" + "|".join(re.escape(w) for w in _NEG_WORDS) + r")|n['\u2019]t)"
               r"(?:\W+\w+){0,3}?\W+" + re.escape(parts[-1]) + r"(?!\w)")
        m = re.search(pat, text, re.IGNORECASE)
        if m:
            out.append(f"not applied: '{m.group(0)}' but '{words}' scores {_signed(p)} as if not negated")
    return out


def find_caveat_examples(df: pd.DataFrame) -> pd.DataFrame:
    """Statements of ``df`` (scored) showing each known weakness, scored live.

    Columns: phenomenon, statement_id, speaker, kind, text, polarity,
    sentiment_words, detail. Phenomena: ``n't`` (polarity as written versus
    with the contraction spelled out as "not"), ``likely/unlikely`` (the hedge
    word's own lexicon polarity), ``negation`` (a negator up to 3 words before a
    lexicon word: ``applied`` when TextBlob used it, ``not applied`` when it
    ignored it). Empty frame when none found.
    """
    cols = ["phenomenon", "statement_id", "speaker", "kind", "text", "polarity", "sentiment_words", "detail"]
    recs = []
    for _, row in df.iterrows():
        text = str(row["text"])
        base = {"statement_id": row.get("statement_id"), "speaker": row.get("speaker"), "kind": row.get("kind"),
                "text": text, "polarity": row["polarity"], "sentiment_words": row["sentiment_words"]}
        if _NT.search(text):
            expanded = expand_contractions(text)
            p2 = textblob_sentiment(expanded)
            recs.append({**base, "phenomenon": "n't",
                         "detail": f"with 'not' spelled out: {_signed(p2[0])} [{format_sentiment_words(p2[2])}]"})
        for m in _LIKELY.finditer(text):
            w = m.group(0)
            p = textblob_sentiment(w)
            recs.append({**base, "phenomenon": "likely/unlikely",
                         "detail": f"'{w}' alone scores {_signed(p[0])} (subjectivity {p[1]:.2f})"})
        for detail in _negation_details(text):
            recs.append({**base, "phenomenon": "negation", "detail": detail})
    return pd.DataFrame(recs, columns=cols)
