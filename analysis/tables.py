"""The tables of one article: views of the annotated Doc, built once, when they are written.

The pipeline's components (:mod:`analysis.components`) write everything onto the Doc; this
module reads it back as the tidy tables of ``docs/tables.md``. No analysis runs here.

    nlp = load_pipeline(target="belarus")
    doc = nlp(text)                       # or analysis.nlp.analyse_articles([...])
    tables = article_tables(doc)          # {"statements": DataFrame, ...}
"""
from __future__ import annotations

import pandas as pd

from analysis.doc_cache import article_of, entities_of

#: The per-article tables, by file stem, in the order they are written.
TABLES = ("entities", "mentions", "cooccurrence", "entity_paragraphs", "statements", "narrator", "speakers",
          "stance_by_speaker")


def _need(doc, what: str, found) -> None:
    if found is None:
        raise ValueError(f"the Doc has no {what}: run it through analysis.nlp.load_pipeline(...) first")


def statement_rows_with_scores(doc) -> tuple[list[dict], list[dict], list[str]]:
    """The statements and narrator rows (dicts in text order) with whatever the sentiment and
    stance components added, and the columns they fill."""
    from analysis.sentiment import SCORE_COLUMNS, span_scores
    from analysis.stance import STANCE_COLUMNS, stance_annotation
    from analysis.statements import COLUMNS, NARRATOR_KEY, STATEMENTS_KEY, statement_rows

    paragraph_at = article_of(doc).paragraph_at
    scores, stance = span_scores(doc), stance_annotation(doc)
    columns = list(COLUMNS) + (SCORE_COLUMNS if scores is not None else []) + (STANCE_COLUMNS if stance else [])
    out = []
    for key in (STATEMENTS_KEY, NARRATOR_KEY):
        rows = statement_rows(doc, key, paragraph_at)
        for r in rows:
            if scores is not None:
                r.update(zip(SCORE_COLUMNS, scores[r["span_id"]]))
            if stance:
                r.update(stance.values[r["span_id"]])
        out.append(rows)
    return out[0], out[1], columns


def statement_frames(doc) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(statements, narrator)``: the two tables, with score and stance columns where those
    components ran (columns in ``docs/tables.md``)."""
    from analysis.statements import typed_frame

    statements, narrator, columns = statement_rows_with_scores(doc)
    return typed_frame(statements, columns), typed_frame(narrator, columns)


def stance_by_speaker(doc, statements: list[dict], narrator: list[dict]) -> pd.DataFrame:
    """Per speaker (statements first, then narrator sentences, each in text order): label counts,
    net stance and its bootstrap interval, and the speaker's role."""
    from analysis.stance import speaker_roles, summarize_records

    both = statements + narrator
    return summarize_records(both, speaker_roles(doc, both) if both else {})


def article_tables(doc) -> dict[str, pd.DataFrame]:
    """Every table of one article (:data:`TABLES`), from a Doc the whole pipeline annotated."""
    from analysis.sentiment import span_scores, summarize_speakers
    from analysis.stance import stance_annotation
    from analysis.statements import typed_frame

    ents = entities_of(doc)
    _need(doc, "entities (news_entities)", ents)
    _need(doc, "sentiment scores (statement_sentiment)", span_scores(doc))
    _need(doc, "stance coding (stance)", stance_annotation(doc))
    statements, narrator, columns = statement_rows_with_scores(doc)
    statements_df = typed_frame(statements, columns)
    return {
        "entities": ents.entities,
        "mentions": ents.mentions,
        "cooccurrence": ents.cooccurrence,
        "entity_paragraphs": ents.paragraphs,
        "statements": statements_df,
        "narrator": typed_frame(narrator, columns),
        "speakers": summarize_speakers(statements),
        "stance_by_speaker": stance_by_speaker(doc, statements, narrator),
    }


def stance_result(doc):
    """The stance coding as :class:`analysis.stance.StanceResult` (statements and narrator
    frames with the stance columns, per-speaker summary, cue table, target)."""
    from analysis.stance import CUE_COLUMNS, STANCE_COLUMNS, StanceResult, stance_annotation
    from analysis.statements import COLUMNS, typed_frame

    ann = stance_annotation(doc)
    _need(doc, "stance coding (stance)", ann)
    statements, narrator, _ = statement_rows_with_scores(doc)
    columns = list(COLUMNS) + STANCE_COLUMNS
    return StanceResult(typed_frame(statements, columns), typed_frame(narrator, columns),
                        stance_by_speaker(doc, statements, narrator),
                        pd.DataFrame(ann.cue_rows, columns=CUE_COLUMNS), ann.target, ann.seconds)
