"""Comma and parenthetical cues: ", Doe said," / ", said Jane Doe" hung anywhere in the parse,
and the fronted content before a cue set off by commas.
"""
from __future__ import annotations

from analysis.statements.base import ADDRESSEE_LEMMAS, CLAUSE_BREAKS, RELATIVE, to_end
from analysis.statements.cues import cue_of

#: Entity types of a prepositional phrase that sets the scene of a statement rather than saying it.
SETTING_ENTITIES = {"GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "WORK_OF_ART", "EVENT"}
#: Dependents after a comma cue that give it content of its own ("..., Doe announced his run").
COMMA_CUE_OBJECTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative"}
#: Prepositions whose phrase after a cue says what was said ("insisted on X", "spoke about X").
TOPIC_PREPS = {"about", "of", "for", "against"}
#: Where the words of a comma cue ("..., Doe said on Monday") end.
COMMA_CUE_STOPS = {",", ";", ".", "?", "!", "--", "—", "–", ":"}


def comma_cue_content(ex, cue, lemma) -> set[int]:
    """A cue set off after a comma with its subject (", Doe said," / ", his aide told the
    Post." / ", said Jane Doe, a lawyer.") that the parser hung anywhere but as the head of
    what it reports: the sentence before that comma, and after the cue's own words a
    continuation after a comma."""
    doc = ex.doc
    sent = cue.sent
    subj = comma_cue_subject(cue)
    if subj is None or subj.lower_ in RELATIVE or subj.pos_ == "PRON" and subj.lower_ == "it":
        return set()
    kids = list(cue.children)
    inverted = subj.i > cue.i
    lo = cue.i if inverted else subj.left_edge.i
    if any(ch.dep_ == "mark" for ch in kids) or any(
            (ch.dep_ in COMMA_CUE_OBJECTS and not (ch.dep_ == "dobj" and lemma in ADDRESSEE_LEMMAS))
            or (ch.dep_ == "prep" and (ch.lower_ in TOPIC_PREPS or any(g.dep_ == "pcomp" for g in ch.children)))
            for ch in kids if ch.i > cue.i):
        return set()   # content of its own: "..., he insisted on getting them out"
    if lo - 1 <= sent.start or doc[lo - 1].text != ",":
        return set()
    own = {t.i for t in subj.subtree} | {ch.i for ch in kids if ch.dep_ in ("advmod", "aux", "neg") and ch.i < cue.i}
    if any(k not in own for k in range(lo, cue.i)):
        return set()
    inside = {t.i for t in cue.subtree}
    j = subj.right_edge.i + 1 if inverted else cue.i + 1
    while j < sent.end and doc[j].text not in COMMA_CUE_STOPS and not doc[j].is_space:
        if j not in inside:
            return set()
        j += 1
    start = max([sent.start] + [t.i + 1 for t in doc[sent.start:lo - 1] if t.text in CLAUSE_BREAKS])
    front = {t.i for t in doc[start:lo - 1] if not t.is_space}
    back = {t.i for t in doc[j + 1:sent.end] if not t.is_space} if j < sent.end and doc[j].text == "," else set()
    toks = front | back
    if sum(1 for i in front if doc[i].is_alpha) < 3 or not main_clause(ex, toks):
        return set()
    return toks


def comma_cue_subject(cue):
    """The subject of a comma cue: the nearest one before it (", Doe said"), or, when a comma
    comes right before the cue, the one right after it (", said Jane Doe")."""
    subjects = [ch for ch in cue.children if ch.dep_ == "nsubj"]
    doc = cue.doc
    if cue.i > 0 and doc[cue.i - 1].text == ",":
        after = [ch for ch in subjects if ch.i > cue.i and ch.left_edge.i == cue.i + 1]
        if after:
            return after[0]
    before = [ch for ch in subjects if ch.i < cue.i]
    return before[-1] if before else None


def main_clause(ex, toks: set[int]) -> bool:
    """``toks`` hold a subject and its verb that no subordinating word introduces and that
    is not a relative clause ("the industry was over-supplied", not only "when we're focusing
    on X", "which is safe" or "According to the results")."""
    doc = ex.doc
    for i in toks:
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and t.head.i in toks and t.head.i != i:
            verb = t.head
            if verb.dep_ not in ("relcl", "acl", "pcomp") and not any(
                    ch.dep_ == "mark" or (ch.dep_ == "advmod" and ch.tag_ == "WRB") for ch in verb.children):
                return True
    return False


def fronted_content(ex, run) -> None:
    """A cue set off by commas inside what it reports ("In a general election, those
    Democrats argued, black voters would turn out"; "The club's investment, she said, “is a
    perfect example”"): the words before it from the sentence start are content too, when
    no statement covers them and they hold no cue of their own."""
    stmts = run.stmts
    doc = ex.doc
    covered = [(s, e) for st in stmts for s, e in st.pieces]
    for st in stmts:
        cue, subj = st.cue, st.subj
        if cue is None or subj is None or cue.dep_ != "parataxis" or not st.pieces:
            continue
        lo, hi = min(subj.left_edge.i, cue.i), max(subj.right_edge.i, cue.i)
        start = cue.sent.start
        if lo - 1 <= start or doc[lo - 1].text != "," or hi + 1 >= cue.sent.end or doc[hi + 1].text != ",":
            continue
        front = {t.i for t in doc[start:lo - 1] if not t.is_space}
        if sum(1 for i in front if doc[i].is_alpha) < 2 or setting_phrase(ex, front) or any(
                cue_of(ex, doc[i]) or doc[i].dep_ == "ROOT" for i in front) or any(
                s < to_end(doc, doc[max(front)]) and doc[min(front)].idx < e for s, e in covered):
            continue
        st.pieces = ex.pieces(front) + st.pieces
        if st.kind == "direct":
            st.kind = "partial"


def setting_phrase(ex, toks: set[int]) -> bool:
    """One prepositional phrase naming a place, time, outlet or event ("On ABC's “Good
    Morning America” Tuesday", "In the United States"): where or when the words were said."""
    doc = ex.doc
    heads = [i for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    if len(heads) != 1 or doc[heads[0]].dep_ != "prep":
        return False
    return any(doc[i].ent_type_ in SETTING_ENTITIES for i in toks if doc[i].dep_ == "pobj")
