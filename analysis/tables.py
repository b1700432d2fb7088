"""The tables of one article: views of the annotated Doc, built once, when they are written.

The pipeline's components (:mod:`analysis.components`) write everything onto the Doc; this
module reads it back as the tidy tables of ``docs/tables.md``. No analysis runs here.

    nlp = load_pipeline(target="belarus")
    doc = nlp(text)                       # or analysis.nlp.analyse_articles([...])
    tables = article_tables(doc)          # {"statements": DataFrame, ...}
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.doc_cache import article_of, entities_of

#: The per-article tables, by file stem, in the order they are written.
TABLES = ("entities", "mentions", "cooccurrence", "entity_paragraphs", "statements", "narrator", "speakers",
          "stance_by_speaker")


@dataclass
class Rows:
    """One table as the rows it is built from (dicts) and its columns. ``analyze`` writes its
    CSV straight from them (:meth:`csv_bytes`: the bytes pandas would write); :meth:`frame` is
    the same table as a DataFrame, built only when asked for."""

    columns: list
    rows: list
    make: Callable[[], pd.DataFrame]

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        return self.make()

    def csv_bytes(self) -> bytes:
        from analysis.io import csv_bytes, rows_csv_bytes

        found = rows_csv_bytes(self.columns, self.rows)
        return found if found is not None else csv_bytes(self.frame())


def table_bytes(table) -> bytes:
    """A table's CSV bytes, whether it is a DataFrame or :class:`Rows`."""
    from analysis.io import csv_bytes

    return table.csv_bytes() if isinstance(table, Rows) else csv_bytes(table)


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
    return _stance_by_speaker_rows(doc, statements, narrator).frame()


def _stance_by_speaker_rows(doc, statements: list[dict], narrator: list[dict]) -> Rows:
    from analysis.stance import BY_SPEAKER_COLUMNS, by_speaker_rows, speaker_roles

    both = statements + narrator
    rows = by_speaker_rows(both, speaker_roles(doc, both) if both else {})
    return Rows(BY_SPEAKER_COLUMNS, rows, lambda: pd.DataFrame(rows, columns=BY_SPEAKER_COLUMNS))


def article_tables(doc, frames: bool = True) -> dict:
    """Every table of one article (:data:`TABLES`), from a Doc the whole pipeline annotated:
    DataFrames, or with ``frames=False`` :class:`Rows` where a table is built from rows (what
    ``analyze`` writes, without building DataFrames it does not need)."""
    from analysis.sentiment import SUMMARY_COLUMNS, span_scores, speaker_summary_rows, summary_frame
    from analysis.stance import stance_annotation
    from analysis.statements import typed_frame

    ents = entities_of(doc)
    _need(doc, "entities (news_entities)", ents)
    _need(doc, "sentiment scores (statement_sentiment)", span_scores(doc))
    _need(doc, "stance coding (stance)", stance_annotation(doc))
    statements, narrator, columns = statement_rows_with_scores(doc)
    speakers = speaker_summary_rows(statements)
    tables = {
        "entities": ents.entities,
        "mentions": ents.mentions,
        "cooccurrence": ents.cooccurrence,
        "entity_paragraphs": ents.paragraphs,
        "statements": Rows(columns, statements, lambda: typed_frame(statements, columns)),
        "narrator": Rows(columns, narrator, lambda: typed_frame(narrator, columns)),
        "speakers": Rows(SUMMARY_COLUMNS, speakers, lambda: summary_frame(speakers)),
        "stance_by_speaker": _stance_by_speaker_rows(doc, statements, narrator),
    }
    if frames:
        tables = {k: v.frame() if isinstance(v, Rows) else v for k, v in tables.items()}
    return tables


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
