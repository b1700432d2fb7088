"""Sentiment of attributed statements: TextBlob (PatternAnalyzer) plus VADER.

Scores are computed on each statement's CONTENT only (``text`` /
``article.text[start:end]``), never on the attribution clause ("..., he said").

* TextBlob's default analyser (the Pattern lexicon) gives ``polarity`` in
  [-1, 1] and ``subjectivity`` in [0, 1]: the average over the lexicon words
  found in the text (each optionally modified by a preceding intensifier or
  negation). ``sentiment_words`` lists those words with their polarity.
* VADER (``vaderSentiment``, bundled lexicon) gives ``vader_compound`` in
  [-1, 1] as a second opinion. Curly apostrophes are normalised to ``'`` first
  so VADER sees contractions such as ``isn't``.

Only plain strings are passed to TextBlob; nothing here touches TextBlob's
``sentences``/``words`` (which need NLTK corpora), so no NLTK data is ever
needed or downloaded. ``textblob`` imports nltk, which would import
scipy.stats (0.55 s, 60 MB) but for :func:`_textblob_analyzer`; it and VADER
are imported lazily inside the functions that need them.

Column meanings are documented in ``docs/sentiment.md``.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

import numpy as np
import pandas as pd

from analysis.config import SEED
from analysis.stats import bootstrap_mean_ci  # noqa: F401  (re-exported: notebooks and tests use sent.bootstrap_mean_ci)
from analysis.stats import mean as stats_mean

#: Scores with absolute value below this count as neutral (VADER's own convention).
NEUTRAL_BAND = 0.05
#: Statement kinds in display order (contract of ``analysis.statements``).
KINDS = ("direct", "partial", "indirect", "narrator")
#: Columns ``score_statements`` adds.
SCORE_COLUMNS = ["polarity", "subjectivity", "sentiment_words", "n_sentiment_words", "vader_compound"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


# --------------------------------------------------------------------------- scoring


@functools.lru_cache(maxsize=1)
def _textblob():
    """TextBlob's English sentiment module (``textblob.en``), imported once.

    TextBlob imports NLTK, which imports scipy.stats when SciPy is installed (0.55 s and 60 MB
    here) for association measures and parsers that have pure-Python fallbacks and that
    TextBlob's pattern analyser never calls. SciPy is hidden during that one import, unless it
    is already imported (the scores are the same; :func:`method_agreement` imports SciPy
    itself, and any later ``import scipy`` works as usual)."""
    import sys

    hide = "scipy" not in sys.modules
    if hide:
        sys.modules["scipy"] = None         # "import scipy" raises ImportError meanwhile
    try:
        import textblob.en
        import textblob.en.sentiments
    finally:
        if hide and sys.modules.get("scipy", 0) is None:
            del sys.modules["scipy"]
    return textblob.en


@functools.lru_cache(maxsize=1)
def _textblob_analyzer():
    return _textblob().sentiments.PatternAnalyzer()


@functools.lru_cache(maxsize=1)
def _vader_analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def normalise_quotes(text: str) -> str:
    """Curly apostrophes/quotes to straight ones (VADER's lexicon uses ``'``)."""
    return text.translate(_APOSTROPHES)


def textblob_sentiment(text: str) -> tuple[float, float, list[tuple[str, float, float]]]:
    """``(polarity, subjectivity, assessments)`` for a plain string.

    ``assessments`` is a list of ``(words, polarity, subjectivity)`` in text
    order, ``words`` being the lexicon word with any preceding modifier or
    negation it absorbed (e.g. ``"not very good"``). Same numbers as
    ``TextBlob(text).sentiment_assessments`` (which uses this analyser).
    """
    if not isinstance(text, str) or not text.strip():
        return 0.0, 0.0, []
    # what PatternAnalyzer.analyze(text, keep_assessments=True) returns, scored once (it runs
    # the same pure scorer twice, once for the numbers and once for the assessments)
    res = _textblob().sentiment(text)
    polarity, subjectivity = res
    assessed = [(" ".join(words), float(p) + 0.0, float(s) + 0.0) for words, p, s, _label in res.assessments]
    return float(polarity) + 0.0, float(subjectivity) + 0.0, assessed


def format_sentiment_words(assessments) -> str:
    """``"certainly no love(-0.25); military(-0.10)"``: words and their polarity, in text order."""
    return "; ".join(f"{w}({_signed(p)})" for w, p, _s in assessments)


def _signed(x: float) -> str:
    x = round(float(x), 2) + 0.0  # no "-0.00"
    return f"{x:+.2f}" if x else "0.00"


def vader_compound(text: str) -> float:
    """VADER compound score of ``text`` after quote normalisation (0.0 for empty text)."""
    if not isinstance(text, str) or not text.strip():
        return 0.0
    return float(_vader_analyzer().polarity_scores(normalise_quotes(text))["compound"])


def _content_texts(df: pd.DataFrame, article=None) -> list[str]:
    if article is not None and {"start", "end"} <= set(df.columns):
        return [article.analysis_text[int(s):int(e)] for s, e in zip(df["start"], df["end"])]
    if "text" not in df.columns:
        raise KeyError("statements need a 'text' column (or start/end plus article=)")
    return ["" if pd.isna(t) else str(t) for t in df["text"]]


def warm_sentiment() -> None:
    """Import and build both analysers now (TextBlob's import, with NLTK and SciPy, takes ~1 s)."""
    _textblob_analyzer()
    _vader_analyzer()


def score_statements(df: pd.DataFrame, article=None) -> pd.DataFrame:
    """Copy of ``df`` with :data:`SCORE_COLUMNS` added, scored on content only.

    With ``article`` the content is re-read as ``article.text[start:end]``
    (the contract guarantees it equals ``text``); otherwise ``text`` is used.
    """
    out = df.copy()
    texts = _content_texts(df, article)
    rows = [textblob_sentiment(t) for t in texts]
    # numeric columns as arrays (a Series each cost more than the scoring of a short article);
    # the words stay an object Series: an object array would be inferred as the string dtype
    out["polarity"] = np.array([r[0] for r in rows], dtype="float64")
    out["subjectivity"] = np.array([r[1] for r in rows], dtype="float64")
    out["sentiment_words"] = pd.Series([format_sentiment_words(r[2]) for r in rows], index=out.index, dtype="object")
    out["n_sentiment_words"] = np.array([len(r[2]) for r in rows], dtype="int64")
    out["vader_compound"] = np.array([vader_compound(t) for t in texts], dtype="float64")
    return out


#: Where the ``statement_sentiment`` component keeps each statement Span's scores (by Span id).
_SCORES = "sentiment_scores"


def score_text(text: str) -> tuple[float, float, str, int, float]:
    """``(polarity, subjectivity, sentiment_words, n_sentiment_words, vader_compound)`` of one
    statement's content: the values of :data:`SCORE_COLUMNS`."""
    polarity, subjectivity, words = textblob_sentiment(text)
    return polarity, subjectivity, format_sentiment_words(words), len(words), vader_compound(text)


def annotate_sentiment(doc, article=None):
    """Score every statement and narrator Span's content (the ``statement_sentiment`` component):
    ``Span._.polarity``, ``._.subjectivity``, ``._.sentiment_words``, ``._.n_sentiment_words``
    and ``._.vader_compound``. The content is the record's exact offsets into the text."""
    from analysis.doc_cache import doc_text, working_cache
    from analysis.statements import NARRATOR_KEY, STATEMENTS_KEY, statement_records

    register_extensions()
    text = article.analysis_text if article is not None else doc_text(doc)
    scores = {}
    for key in (STATEMENTS_KEY, NARRATOR_KEY):
        for sp, rec in statement_records(doc, key):
            scores[sp.id] = score_text(text[rec.start:rec.end])
    working_cache(doc)[_SCORES] = scores
    return doc


def span_scores(doc) -> dict:
    """The ``statement_sentiment`` component's scores, by statement Span id (empty if it did not run)."""
    from analysis.doc_cache import working_cache

    return working_cache(doc).get(_SCORES) or {}


def register_extensions() -> None:
    """The score extensions of statement and narrator Spans (None on a Span that was not scored)."""
    from spacy.tokens import Span

    def field(k):
        def get(span):
            found = span_scores(span.doc).get(span.id) if span.id else None
            return found[k] if found is not None and span.has_extension("statement") \
                and span._.statement is not None else None
        return get

    for k, name in enumerate(SCORE_COLUMNS):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=field(k))


def sentiment_word_table(df: pd.DataFrame, article=None) -> pd.DataFrame:
    """Long table, one row per assessed word group: which words moved which statement.

    Columns: statement_id, speaker, kind, order (1-based within the statement),
    words, polarity, subjectivity.
    """
    cols = ["statement_id", "speaker", "kind", "order", "words", "polarity", "subjectivity"]
    texts = _content_texts(df, article)
    recs = []
    for (_, row), text in zip(df.iterrows(), texts):
        for i, (w, p, s) in enumerate(textblob_sentiment(text)[2], start=1):
            recs.append({"statement_id": row.get("statement_id"), "speaker": row.get("speaker"),
                         "kind": row.get("kind"), "order": i, "words": w, "polarity": p, "subjectivity": s})
    return pd.DataFrame(recs, columns=cols)


def sign_label(x: float, band: float = NEUTRAL_BAND) -> str:
    """``positive`` / ``neutral`` / ``negative`` with a neutral band ``|x| < band``."""
    if pd.isna(x):
        return "missing"
    return "positive" if x >= band else "negative" if x <= -band else "neutral"


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
    cols = [c for c in ("speaker", "speaker_type", "group", "polarity", "subjectivity", "vader_compound",
                        "n_sentiment_words", "sentiment_words", "kind") if c in df.columns]
    groups: dict = {}
    values = [df[c].tolist() for c in cols]    # Python scalars, as to_dict("records") gives them
    for row in zip(*values):
        r = dict(zip(cols, row))
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
    if not recs:
        return pd.DataFrame(recs, columns=SUMMARY_COLUMNS)
    recs.sort(key=lambda rec: -rec["statements"])   # stable: speakers are in sorted order already
    return pd.DataFrame({c: [rec[c] for rec in recs] for c in SUMMARY_COLUMNS}, columns=SUMMARY_COLUMNS)


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
