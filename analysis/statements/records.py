"""The annotated Doc: statement and narrator records, the ``Span._`` extensions, the
``doc.spans`` groups, and the two tables as views of them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from analysis.doc_cache import doc_text
from analysis.statements.base import to_end

NARRATOR = "(narrator)"
COLUMNS = [
    "statement_id", "speaker", "speaker_mention", "speaker_start", "speaker_end", "speaker_type",
    "speaker_class", "cue", "cue_lemma", "cue_class", "kind", "start", "end", "text", "paragraph", "narrator",
    "group", "source", "source_mention", "quoted", "cue_start", "cue_end",
]


@dataclass
class StatementResult:
    """The two tables of one article (columns in ``docs/tables.md``)."""

    statements: pd.DataFrame  # attributed statements, one row per content piece, sorted by start
    narrator: pd.DataFrame    # unattributed (narrator) sentence parts, same columns


STATEMENTS_KEY = "statements"
NARRATOR_KEY = "narrator"
#: Where the records behind the two span groups live in ``doc.user_data``.
_RECORDS = ("news_analysis", "statement_records")


@dataclass(frozen=True)
class StatementRecord:
    """One piece of an attributed statement (or one narrator sentence part), as the Doc holds
    it: a row of ``statements.csv`` / ``narrator.csv`` without its number."""

    start: int                 # exact character offsets into the text as read
    end: int
    kind: str                  # direct | partial | indirect | narrator
    group: int                 # pieces of one statement share a group
    speaker: str
    speaker_type: str
    speaker_start: int = -1
    speaker_end: int = -1
    cue_text: str = ""
    cue_lemma: str = ""
    cue_class: str = ""
    cue_start: int = -1
    cue_end: int = -1
    source: str = ""
    source_mention: str = ""
    quoted: str = ""


def _in_text_order(records: list[StatementRecord]) -> list[StatementRecord]:
    """Sorted by (start, end), groups renumbered 1.. in order of first appearance."""
    from dataclasses import replace

    records = sorted(records, key=lambda r: (r.start, r.end))
    order: dict[int, int] = {}
    for r in records:
        order.setdefault(r.group, len(order) + 1)
    return [replace(r, group=order[r.group]) for r in records]


def _record(span) -> StatementRecord | None:
    """The record behind a statement or narrator Span (None for any other Span)."""
    recs = span.doc.user_data.get(_RECORDS)
    k = span.id - 1
    if not recs or not 0 <= k < len(recs):
        return None
    rec = StatementRecord(*recs[k])
    inner = span.doc.char_span(rec.start, rec.end, alignment_mode="expand")
    return rec if inner is not None and (inner.start, inner.end) == (span.start, span.end) else None


def _field(name):
    def get(span):
        rec = _record(span)
        return getattr(rec, name) if rec is not None else None
    return get


def _speaker_span(span):
    rec = _record(span)
    if rec is None or rec.speaker_start < 0:
        return None
    return span.doc.char_span(rec.speaker_start, rec.speaker_end, alignment_mode="expand")


def _cue_span(span):
    rec = _record(span)
    if rec is None or rec.cue_start < 0:
        return None
    return span.doc.char_span(rec.cue_start, rec.cue_end, alignment_mode="expand")


def register_extensions() -> None:
    """``Span._.speaker`` (canonical name), ``._.speaker_span``, ``._.speaker_type``,
    ``._.cue`` (a Span), ``._.cue_lemma``, ``._.cue_class``, ``._.kind``, ``._.group``,
    ``._.source`` (relaying source), ``._.quoted`` and ``._.statement`` (the whole record)."""
    from spacy.tokens import Span

    getters = {"statement": _record, "speaker_span": _speaker_span, "cue": _cue_span}
    for name in ("speaker", "speaker_type", "cue_lemma", "cue_class", "kind", "group", "source",
                 "source_mention", "quoted"):
        getters[name] = _field(name)
    for name, getter in getters.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


def _set_statement_spans(doc, statements: list[StatementRecord], narrator: list[StatementRecord]) -> None:
    from spacy.tokens import Span

    register_extensions()
    records = statements + narrator
    # plain values, so the Doc serialises (the fields in order, as dataclasses.astuple gives them)
    doc.user_data[_RECORDS] = [tuple(r.__dict__.values()) for r in records]
    spans = []
    for k, rec in enumerate(records, 1):
        sp = doc.char_span(rec.start, rec.end, alignment_mode="expand")
        spans.append(Span(doc, sp.start, sp.end, label=rec.kind, span_id=k))
    doc.spans[STATEMENTS_KEY] = spans[:len(statements)]
    doc.spans[NARRATOR_KEY] = spans[len(statements):]


def statement_records(doc, key: str) -> list[tuple]:
    """``(span, record)`` for each Span of ``doc.spans[key]`` ("statements" or "narrator"), in
    text order: the records the statements component wrote, without re-checking each Span."""
    recs = doc.user_data.get(_RECORDS)
    if key not in doc.spans or recs is None:
        raise ValueError("the Doc has no statements: run annotate_statements (or the 'statements' component) first")
    return [(sp, StatementRecord(*recs[sp.id - 1])) for sp in doc.spans[key]]


def statement_rows(doc, key: str, paragraph_at) -> list[dict]:
    """The rows of the statements (``key="statements"``) or narrator table, as dicts in text
    order, numbered from 1 (``statement_id``): columns :data:`COLUMNS`, and ``span_id``, the
    id of the row's Span in ``doc.spans[key]``."""
    return _numbered(_rows(doc, key, paragraph_at))


def _rows(doc, key: str, paragraph_at) -> list[dict]:
    from analysis.speakers import speaker_class

    text = doc_text(doc)
    rows = []
    for sp, r in statement_records(doc, key):
        rows.append({
            "speaker": r.speaker,
            "speaker_mention": text[r.speaker_start:r.speaker_end] if r.speaker_start >= 0 else "",
            "speaker_start": r.speaker_start, "speaker_end": r.speaker_end, "speaker_type": r.speaker_type,
            "speaker_class": speaker_class(r.speaker, r.speaker_type, sp._.speaker_span),
            "cue": r.cue_text, "cue_lemma": r.cue_lemma, "cue_class": r.cue_class,
            "kind": r.kind, "start": r.start, "end": r.end, "text": text[r.start:r.end],
            "paragraph": paragraph_at(r.start), "narrator": r.kind == "narrator", "group": r.group,
            "source": r.source, "source_mention": r.source_mention, "quoted": r.quoted,
            "cue_start": r.cue_start, "cue_end": r.cue_end, "span_id": sp.id,
        })
    return rows


def statement_tables(doc, article=None) -> StatementResult:
    """The statements and narrator tables: a view of ``doc.spans["statements"]`` and
    ``doc.spans["narrator"]`` (columns in ``docs/tables.md``)."""
    from analysis.doc_cache import article_of

    if STATEMENTS_KEY not in doc.spans or _RECORDS not in doc.user_data:
        raise ValueError("the Doc has no statements: run annotate_statements (or the 'statements' component) first")
    article = article or article_of(doc)
    return StatementResult(typed_frame(statement_rows(doc, STATEMENTS_KEY, article.paragraph_at), COLUMNS),
                           typed_frame(statement_rows(doc, NARRATOR_KEY, article.paragraph_at), COLUMNS))


#: Columns of the statements and narrator tables that are whole numbers (``narrator`` is the flag).
_INT_COLUMNS = ("statement_id", "speaker_start", "speaker_end", "start", "end", "paragraph", "group",
                "cue_start", "cue_end")


def _numbered(rows) -> list[dict]:
    # sorted, groups renumbered and numbers cast on the rows themselves, then one frame: pandas'
    # sort, map and nine astype calls cost more than that on a frame of ten rows
    rows = sorted(rows, key=lambda r: (r["start"], r["end"]))
    order = {g: k for k, g in enumerate(dict.fromkeys(r["group"] for r in rows), 1)}   # groups in text order
    rows = [{"statement_id": i, **r, "group": order[r["group"]]} for i, r in enumerate(rows, 1)]
    for r in rows:
        for c in _INT_COLUMNS:
            r[c] = int(r[c])
        r["narrator"] = bool(r["narrator"])
    return rows


def typed_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """One frame of numbered rows (:func:`statement_rows`, with any added columns); an empty
    table's whole-number and flag columns typed as a full one's."""
    if not rows:                    # an empty table: typed columns all the same
        return _empty_frame(tuple(columns)).copy()
    return pd.DataFrame(rows, columns=columns)


@functools.lru_cache(maxsize=16)
def _empty_frame(columns: tuple) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns)).astype({**{c: int for c in _INT_COLUMNS}, "narrator": bool})


def write_statements(ex, stmts, partial) -> None:
    """Write the statements onto the Doc: ``doc.spans["statements"]`` (one Span per piece,
    in text order) and ``doc.spans["narrator"]`` (every sentence part no statement or
    attribution covers), each Span's record reachable through its ``Span._`` extensions."""
    text, doc = ex.text, ex.doc
    records = []
    stmts.sort(key=lambda s: min(p[0] for p in s.pieces))
    for g, st in enumerate(stmts, 1):
        quoted = " | ".join(text[q.cstart:q.cend] for q in partial
                            if any(s <= q.open and q.close <= e for s, e in st.pieces))
        ms, me = st.mention if st.mention else (-1, -1)
        for s, e in sorted(set(st.pieces)):
            records.append(StatementRecord(
                start=s, end=e, kind=st.kind, group=g, speaker=st.speaker, speaker_type=st.speaker_type,
                speaker_start=ms, speaker_end=me, cue_text=st.cue_text, cue_lemma=st.cue_lemma,
                cue_class=st.cue_class, cue_start=st.cue.idx if st.cue is not None else -1,
                cue_end=to_end(doc, st.cue) if st.cue is not None else -1,
                source=st.source, source_mention=st.source_mention, quoted=quoted))
    records = _in_text_order(records)
    # narrator: every sentence part not covered by a statement or its attribution
    covered = bytearray(len(text))
    for r in records:
        covered[r.start:r.end] = b"\x01" * (r.end - r.start)
    for st in stmts:
        for i in st.attribution:
            t = doc[i]
            covered[t.idx:t.idx + len(t)] = b"\x01" * len(t)
        if st.kind == "direct":
            for s, _e in st.pieces:
                q = next((q for q in ex.quotes if q.cstart == s), None)
                if q is not None:
                    covered[q.open:min(q.after, len(text))] = b"\x01" * (min(q.after, len(text)) - q.open)
    narrator = []
    for sent in ex.sents:
        toks = [t.i for t in sent if not t.is_space and not covered[t.idx]]
        for s, e in ex.pieces(set(toks)):
            if sum(1 for t in doc.char_span(s, e, alignment_mode="expand") if t.is_alpha) < 2:
                continue
            narrator.append(StatementRecord(start=s, end=e, kind="narrator", group=len(narrator) + 1,
                                            speaker=NARRATOR, speaker_type="NARRATOR"))
    _set_statement_spans(doc, records, narrator)
