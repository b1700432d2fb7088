"""Stance toward a target action (default: Russian intervention in Belarus).

A transparent, rule-based coder over the annotated spaCy Doc:

* :mod:`~analysis.stance.target` — the target (actors, actions) as ``span_ruler`` patterns;
* :mod:`~analysis.stance.lexicon` — general cue lexicons (modality, negation, hedges,
  boosters, opposition, with their published sources) and VADER valences for evaluation;
* :mod:`~analysis.stance.rules` — reading the parse: actors, agents, places (:class:`DocIndex`);
* :mod:`~analysis.stance.polarity` — target-dependent polarity along the chain of heads (``read_chain``);
* :mod:`~analysis.stance.effects` — accusations, denials, acts of force, harm by who suffers it;
* :mod:`~analysis.stance.status` — event status (prospective or under way) of a target action;
* :mod:`~analysis.stance.coder` — relevance (R1–R3) and how polarity, status and the speaker's side compose;
* :mod:`~analysis.stance.relevance` — relevance without an action word by the actor (R4–R8);
* :mod:`~analysis.stance.frames` — coding an article's statements, per-speaker summaries;
* :mod:`~analysis.stance.reference` — agreement with one article's hand coding.

Every label carries the cues and rules that produced it (``stance_cues``); the codebook is
``analysis/data/stance_codebook.md``. HTML views are in :mod:`analysis.highlight`.
"""
from __future__ import annotations

from analysis.config import DATA_DIR
from analysis.stance.frames import (
    BY_SPEAKER_COLUMNS, CUE_COLUMNS, EVALUATION_LABELS, LIKELIHOOD_LABELS, STANCE_COLUMNS,
    STANCE_LABELS, StanceAnnotation, StanceResult, annotate_stance, by_speaker_rows, code_stance, sentence_frame,
    speaker_roles,
    stance_annotation, stance_values, summarize_by_role, summarize_by_speaker, summarize_records,
)
from analysis.stance.reference import (
    StanceEvaluation, cohen_kappa, evaluate_stance, load_reference, polarity_comparison,
)
from analysis.stance.coder import classify_span
from analysis.stance.rules import Cue, DocIndex, SpanCoding
from analysis.stance.target import DEFAULT_TARGET, Target, available_targets, load_target

CODEBOOK_PATH = DATA_DIR / "stance_codebook.md"


def codebook_markdown(target: Target | str | None = None) -> str:
    """The written codebook (``analysis/data/stance_codebook.md``) with the target filled in."""
    t = load_target(target)
    text = CODEBOOK_PATH.read_text(encoding="utf-8")
    block = (
        f"**Target:** {t.label} (`{t.name}`)  \n**Question:** {t.question}  \n"
        f"**Actors:** {t.describe(t.actors)}  \n**Actions:** {t.describe(t.actions)}  \n"
        f"**Not the action:** {t.describe(t.not_actions) or '–'}  \n"
        f"**Places:** {t.describe(t.places) or '– (no place reading)'}  \n"
        f"**pro** = {t.pro_means}; **con** = {t.con_means}"
    )
    return text.replace("{{TARGET}}", block)


def statements_html(frame, cues, only_relevant: bool = False) -> str:
    from analysis.highlight import stance_table_html

    return stance_table_html(frame, cues, only_relevant=only_relevant)


__all__ = [
    "BY_SPEAKER_COLUMNS", "CUE_COLUMNS", "DEFAULT_TARGET", "EVALUATION_LABELS", "LIKELIHOOD_LABELS",
    "STANCE_COLUMNS", "STANCE_LABELS", "Cue", "DocIndex", "SpanCoding", "StanceAnnotation", "StanceEvaluation",
    "StanceResult", "Target", "annotate_stance", "available_targets", "by_speaker_rows", "classify_span", "code_stance",
    "codebook_markdown", "cohen_kappa", "evaluate_stance", "load_reference", "load_target", "polarity_comparison",
    "sentence_frame", "speaker_roles", "stance_annotation", "stance_values", "statements_html",
    "summarize_by_role", "summarize_by_speaker", "summarize_records",
]
