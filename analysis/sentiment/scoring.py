"""Scoring: the TextBlob and VADER analysers, the scores of a statement's content (as DataFrame
columns, or on the Doc by the ``statement_sentiment`` component as Span extensions) and the
sentiment words behind them."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

#: Scores with absolute value below this count as neutral (VADER's own convention).
NEUTRAL_BAND = 0.05
#: Statement kinds in display order (contract of ``analysis.statements``).
KINDS = ("direct", "partial", "indirect", "narrator")
#: Columns ``score_statements`` adds.
SCORE_COLUMNS = ["polarity", "subjectivity", "sentiment_words", "n_sentiment_words", "vader_compound"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


@functools.lru_cache(maxsize=1)
def _textblob():
    """TextBlob's English sentiment module (``textblob.en``), imported once.

    TextBlob imports NLTK, which imports scipy.stats when SciPy is installed (0.55 s and 60 MB
    here) for association measures and parsers that have pure-Python fallbacks and that
    TextBlob's pattern analyser never calls. SciPy is hidden during that one import, unless it
    is already imported (the scores are the same; :func:`method_agreement` imports SciPy
    itself, and any later ``import scipy`` works as usual). The hiding holds for the whole
    process during that import: ``analyze --jobs 1`` runs it in a thread while the main thread
    loads spaCy and parses, neither of which imports SciPy."""
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


def span_scores(doc) -> dict | None:
    """The ``statement_sentiment`` component's scores, by statement Span id (None if it did not run)."""
    from analysis.doc_cache import working_cache

    return working_cache(doc).get(_SCORES)


def register_extensions() -> None:
    """The score extensions of statement and narrator Spans (None on a Span that was not scored)."""
    from spacy.tokens import Span

    def field(k):
        def get(span):
            found = (span_scores(span.doc) or {}).get(span.id) if span.id else None
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

