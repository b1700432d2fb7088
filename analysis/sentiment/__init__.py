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

The package: :mod:`~analysis.sentiment.scoring` (the analysers, the scores, the
``statement_sentiment`` component's Span extensions, the sentiment words),
:mod:`~analysis.sentiment.summary` (by speaker, by kind, narrator, key findings) and
:mod:`~analysis.sentiment.checks` (TextBlob against VADER, caveats and negation examples).
"""
from __future__ import annotations

from analysis.sentiment.checks import (
    CAVEAT_DEMOS,
    caveat_demos,
    expand_contractions,
    find_caveat_examples,
    label_crosstab,
    method_agreement,
)
from analysis.sentiment.checks import _negation_details  # noqa: F401  (tests use it from here)
from analysis.sentiment.scoring import (
    KINDS,
    NEUTRAL_BAND,
    SCORE_COLUMNS,
    annotate_sentiment,
    format_sentiment_words,
    normalise_quotes,
    register_extensions,
    score_statements,
    score_text,
    sentiment_word_table,
    sign_label,
    span_scores,
    textblob_sentiment,
    vader_compound,
    warm_sentiment,
)
from analysis.sentiment.summary import (
    SUMMARY_COLUMNS,
    key_findings,
    kind_breakdown,
    narrator_comparison,
    speaker_summary,
    speaker_summary_rows,
    summarize_speakers,
    summary_frame,
)
from analysis.stats import bootstrap_mean_ci  # re-exported: notebooks and tests use sent.bootstrap_mean_ci

__all__ = [
    "CAVEAT_DEMOS", "KINDS", "NEUTRAL_BAND", "SCORE_COLUMNS", "SUMMARY_COLUMNS", "annotate_sentiment",
    "bootstrap_mean_ci", "caveat_demos", "expand_contractions", "find_caveat_examples",
    "format_sentiment_words", "key_findings", "kind_breakdown", "label_crosstab", "method_agreement",
    "narrator_comparison", "normalise_quotes", "register_extensions", "score_statements", "score_text",
    "sentiment_word_table", "sign_label", "span_scores", "speaker_summary", "speaker_summary_rows", "summarize_speakers", "summary_frame",
    "textblob_sentiment", "vader_compound", "warm_sentiment",
]
