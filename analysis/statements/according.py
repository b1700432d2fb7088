""""According to X", as-clauses ("as Doe noted", "as reported by the Post") and the statements
they make.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.discourse import mention_tokens
from analysis.statements.base import DOCUMENT_NOUNS, Stmt, by_agent, to_end
from analysis.statements.speakers import speaker_for

#: Dependents that give an as-clause cue content of its own ("as he said goodbye", "as she
#: announced her run"): it then reports that, not the clause it modifies.
AS_CLAUSE_OBJECTS = {"dobj", "ccomp", "xcomp", "dative", "attr", "oprd"}
#: Prepositions naming a partner of the exchange ("as Doe joked with a friend", "as voters
#: responded to X"): such an as-clause tells when something happened, not who says it.
AS_CLAUSE_PARTNERS = {"with", "to"}


@dataclass
class According:
    """An "according to" phrase and the token naming its source."""

    acc: object          # the Token "according"
    holder: object       # Token


def according_phrases(ex, run) -> None:
    """Every "according to X", with the source it names (the holder of a document), as
    ``run.according``."""
    doc = ex.doc
    out = []
    for ai in sorted(ex.according_at):
        tok = doc[ai]
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        holder = pobj
        if pobj.lemma_.lower() in DOCUMENT_NOUNS:
            poss = next((c for c in pobj.children if c.dep_ == "poss"), None)
            if poss is None:
                for c in pobj.children:
                    if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                        poss = next((g for g in c.children if g.dep_ == "pobj"), None)
            holder = poss or pobj
        out.append(According(tok, holder))
    run.according = out


def according_statements(ex, run) -> None:
    """"According to X" names the source of a statement's claim, or is the cue itself."""
    according, direct, stmts = run.according, run.direct, run.stmts
    doc, text = ex.doc, ex.text
    for a in according:
        acc, holder = a.acc, a.holder
        head = acc.head
        owner = next((s for s in stmts if s.cue is not None and s.cue.i == head.i), None)
        hs, ht, hm = speaker_for(ex, holder, stmts)
        mtoks = mention_tokens(holder)
        mention_text = text[mtoks[0].idx: mtoks[-1].idx + len(mtoks[-1])]
        if owner is not None:
            owner.source, owner.source_mention = hs, mention_text
            owner.attribution |= {t.i for t in acc.subtree}
            continue
        if head.i == acc.i:
            continue
        toks = postposed_content(ex, acc) or {t.i for t in head.subtree} - {t.i for t in acc.subtree}
        ps = ex.pieces(toks)
        if not ps or any(ex.in_quote(doc[t], direct) for t in toks):
            continue
        st = Stmt(acc, text[acc.idx: to_end(doc, acc)], "according to", "neutral", holder, hm,
                  "indirect", ps, speaker=hs, speaker_type=ht)
        st.tokens = toks
        st.attribution = {t.i for t in acc.subtree}
        stmts.append(st)


def postposed_content(ex, acc) -> set[int]:
    """"X, Y and Z, according to W" closing its sentence after a comma: the whole sentence
    before that comma is the content, not only the clause the parser hung "according" on
    (a last conjunct, or the complement of another verb). Empty otherwise."""
    doc = ex.doc
    sent = acc.sent
    comma = doc[acc.i - 1] if acc.i > sent.start else None
    if comma is None or comma.text != "," or any(
            not t.is_punct and not t.is_space for t in doc[acc.right_edge.i + 1:sent.end]):
        return set()
    return {t.i for t in doc[sent.start:comma.i] if not t.is_space}


def as_clause_cue(cue) -> bool:
    """A cue in an as-clause with a subject (or a passive one with a "by" agent: "As reported by
    the Post, X") and no object or clause of its own ("As the Post reported, X"; "X, as Doe
    noted"): it reports the clause the as-clause modifies (unless
    that clause is a report of its own: "As he has done before, Doe said ...")."""
    if cue.dep_ != "advcl" or cue.head.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(cue.children)
    return any(ch.dep_ == "mark" and ch.lower_ == "as" for ch in kids) and (
        any(ch.dep_ == "nsubj" for ch in kids) or agent_of(cue) is not None) and not any(
        ch.dep_ in AS_CLAUSE_OBJECTS or (ch.dep_ == "prep" and ch.lower_ in AS_CLAUSE_PARTNERS)
        for ch in kids)


def agent_of(cue):
    """The "by" agent of a passive cue without a subject ("as reported by the Post"), or None."""
    if cue.tag_ != "VBN" or any(ch.dep_ in ("nsubj", "nsubjpass") for ch in cue.children):
        return None
    return by_agent(cue)


def as_clause_content(cue) -> set[int]:
    """The clause an as-clause cue modifies, without the as-clause, and without a fronted
    adverbial before it that has no subject of its own ("Of course, as Doe observed, X": X)."""
    head = cue.head
    toks = {t.i for t in head.subtree} - {t.i for t in cue.subtree}
    before = {i for i in toks if i < cue.left_edge.i}
    if before and head.i not in before and not any(
            cue.doc[i].dep_ in ("nsubj", "nsubjpass", "csubj") for i in before):
        toks -= before
    return toks
