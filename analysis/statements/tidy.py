"""Tidying the found statements: partial quotes, and statements nested in another one by the
same speaker.
"""
from __future__ import annotations


def mark_partial(_ex, run) -> None:
    """Reported speech holding a quoted fragment is a partial quote."""
    stmts, partial = run.stmts, run.partial
    for st in stmts:
        if st.kind == "direct":
            continue
        if any(any(s <= q.open and q.close <= e for s, e in st.pieces) for q in partial):
            st.kind = "partial"


def drop_nested(_ex, run) -> None:
    """Drop a statement whose pieces all lie inside another one by the same speaker."""
    stmts = run.stmts
    keep = []
    for st in stmts:
        if st.kind != "direct" and any(
                o is not st and o.speaker == st.speaker and o.kind != "direct" and not o.whole_report
                and all(any(os <= s and e <= oe for os, oe in o.pieces) for s, e in st.pieces)
                and (len(o.pieces), -(o.cue.i if o.cue is not None else 0))
                > (len(st.pieces), -(st.cue.i if st.cue is not None else 0))
                for o in stmts):
            for o in stmts:
                if o is not st and o.speaker == st.speaker:
                    o.attribution |= st.attribution
            continue
        keep.append(st)
    run.stmts = [s for s in keep if s.pieces]
