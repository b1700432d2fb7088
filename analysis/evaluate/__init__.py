"""Score the statement extractor and stance coder against hand-coded references.

Two reference sets, both read from outside the repository (see
``docs/evaluation.md``):

* **PolNeAR** (``../shared/corpora/polnear``): brat attribution files for US
  political news; scored on speech attributions (recall, precision, speaker
  accuracy).
* **stance-dev** (``../shared/corpora/stance-dev``, or a user's own folder of
  the same layout): statements coded with anchor, speaker, stance and
  clearness, plus per-article person mention counts.

The pipeline runs in-process exactly as ``python -m analysis analyze`` runs it
(one batched ``get_docs`` call, then ``analyze_article`` per article); the
``statements`` table (never the narrator table) is the prediction.

Modules: :mod:`~analysis.evaluate.base` (the sets' places, :class:`EvalResult`, running the
pipeline), :mod:`~analysis.evaluate.matching` (speech cues, speaker names, spans, agreement
measures), :mod:`~analysis.evaluate.polnear`, :mod:`~analysis.evaluate.stance_dev` and
:mod:`~analysis.evaluate.figures` (the table, the files ``make eval`` writes, the dev snapshot).
Every name is imported from ``analysis.evaluate``.
"""
from __future__ import annotations

from analysis.evaluate.base import (
    ERROR_COLUMNS,
    MISSED,
    POLNEAR_DIR,
    SHARED_CORPORA,
    STANCE_DEV_DIR,
    STANCE_LABELS,
    EvalResult,
    read_text,
    run_pipeline,
)
from analysis.evaluate.figures import (
    ATTRIBUTION_MEASURES,
    DEV_SNAPSHOT,
    GOALS,
    STANCE_MEASURES,
    TABLE_CSV,
    dev_figures,
    dev_figures_note,
    format_table,
    metrics_frame,
    read_dev_snapshot,
    results_table,
    write_dev_snapshot,
    write_results,
)
from analysis.evaluate.matching import (
    PRONOUNS,
    SPEECH_PHRASES,
    SPEECH_WORDS,
    STANCE_DEV_IGNORED,
    STOP_WORDS,
    TITLES,
    _kappa,
    best_cover,
    covers,
    has_quotation,
    inside,
    is_name,
    is_speech_cue,
    joint_cover,
    macro_f1,
    overlap,
    span_chars,
    speaker_words,
    speakers_match,
    words,
)
from analysis.evaluate.polnear import (
    KEEP_REASONS,
    README_SPEECH_WORDS,
    BratAttribution,
    evaluate_polnear,
    keep_attribution,
    keep_reason,
    parse_brat,
    polnear_files,
    score_polnear_article,
)
from analysis.evaluate.stance_dev import (
    alias_groups,
    anchor_offsets,
    bundled_target,
    count_people,
    evaluate_stance_dev,
    load_gold,
    resolve_target,
    score_stance_text,
    spellings,
    stance_dev_entries,
    stance_dev_targets,
    surname_pattern,
)

__all__ = [
    "ATTRIBUTION_MEASURES", "BratAttribution", "DEV_SNAPSHOT", "ERROR_COLUMNS", "EvalResult", "GOALS",
    "KEEP_REASONS", "MISSED", "POLNEAR_DIR", "PRONOUNS", "README_SPEECH_WORDS", "SHARED_CORPORA",
    "SPEECH_PHRASES", "SPEECH_WORDS", "STANCE_DEV_DIR", "STANCE_DEV_IGNORED", "STANCE_LABELS",
    "STANCE_MEASURES", "STOP_WORDS", "TABLE_CSV", "TITLES", "_kappa", "alias_groups", "anchor_offsets",
    "best_cover", "bundled_target", "count_people", "covers", "dev_figures", "dev_figures_note",
    "evaluate_polnear", "evaluate_stance_dev", "format_table", "has_quotation", "inside", "is_name",
    "is_speech_cue", "joint_cover", "keep_attribution", "keep_reason", "load_gold", "macro_f1",
    "metrics_frame", "overlap", "parse_brat", "polnear_files", "read_dev_snapshot", "read_text",
    "resolve_target", "results_table", "run_pipeline", "score_polnear_article", "score_stance_text",
    "span_chars", "speaker_words", "speakers_match", "spellings", "stance_dev_entries", "stance_dev_targets",
    "surname_pattern", "words", "write_dev_snapshot", "write_results",
]
