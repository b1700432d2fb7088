"""Direct quotes: the cue of each quote, quotes inside a report, continued quotes across
paragraphs, speaker labels and dashes, cue-less quotes, and content running on to a closing mark.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.attribution import Quote
from analysis.statements.base import DOCUMENT_NOUNS, Stmt, to_end
from analysis.statements.cues import cue_of
from analysis.statements.speakers import labelled_stmt, nearest_name, new_stmt, speaker_for
from analysis.statements.subjects import subject_of

#: "SMITH: ..." / "Jane Doe: ..." opening a quoted paragraph (interview transcripts).
SPEAKER_LABEL = re.compile(r"([A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}):\s")
#: "“...” ― Jane Doe" (a dash and a bare name after the quote) and "Jane Doe ― “...”".
DASH_NAME_AFTER = re.compile(r"\s*[―—–-]+\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[.,]?\s*$")
DASH_NAME_BEFORE = re.compile(r"^\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[―—–-]+\s*$")


@dataclass
class Gaps:
    """Character ranges between a direct quote and its neighbours within the paragraph."""

    before: tuple[int, int]
    after: tuple[int, int]


@dataclass
class QuoteState:
    """What attributing the direct quotes has decided so far."""

    attributed: dict = field(default_factory=dict)   # quote open offset -> Stmt
    cue_stmt: dict = field(default_factory=dict)     # cue token index -> Stmt
    used_cues: set = field(default_factory=set)
    pending: list = field(default_factory=list)      # quotes continued into a later paragraph


def attribute_direct_quotes(ex, run) -> None:
    """Attribute each direct quote, paragraph by paragraph; ``run.used``: the cues they took.

    A quote too short to be a clause and with no speaker becomes a partial quote
    (it is moved from ``direct`` to ``partial``).
    """
    direct, partial, cues, stmts = run.direct, run.partial, run.cues, run.stmts
    state = QuoteState()
    by_para: dict[int, list[Quote]] = {}
    for q in direct:
        by_para.setdefault(q.paragraph, []).append(q)
    prev_para_stmt: Stmt | None = None
    for pidx in sorted(by_para):
        qs = by_para[pidx]
        para = ex.art.paragraphs[pidx - 1]
        for k, q in enumerate(qs):
            gaps = Gaps(before=(qs[k - 1].after if k else para.start, q.open),
                        after=(q.after, qs[k + 1].open if k + 1 < len(qs) else para.end))
            if quote_inside_report(ex, q, gaps, cues):
                q.direct = False
                direct.remove(q)
                partial.append(q)
                continue
            st = quote_cue_statement(ex, q, gaps, cues, state, stmts)
            if st is None:
                st = named_quote(ex, q, gaps.before, gaps.after, stmts)
            if st is None:
                cont = continued_statement(ex, q, k, qs, gaps, state)
                if cont is not None:
                    cont.pieces.append((q.cstart, q.cend))
                    state.attributed[q.open] = cont
                    continue
            if st is None and prev_para_stmt is not None and k == 0 and (
                    q.open == para.start and prev_para_stmt.kind == "direct"
                    and ends_with(ex, prev_para_stmt, pidx - 1)):
                src = prev_para_stmt      # a new quote paragraph by the last quote's speaker
                st = Stmt(src.cue, src.cue_text, src.cue_lemma, src.cue_class, src.subj, src.mention,
                          "direct", [], speaker=src.speaker, speaker_type=src.speaker_type)
                stmts.append(st)
            if st is None:
                st = cueless_attribution(ex, q, pidx, gaps.before, gaps.after, cues, stmts)
            if st is None and q.continues:
                state.pending.append(q)      # may be attributed in a later paragraph
                continue
            if st is None:
                if len(ex.text[q.cstart:q.cend].split()) < 4:
                    q.direct = False
                    partial.append(q)
                    continue
                st = Stmt(None, "", "", "", None, None, "direct", [])
                stmts.append(st)
            st.pieces.append((q.cstart, q.cend))
            # a quote that continues into the next paragraph and is attributed later
            p = q.prev_quote
            while p is not None and p.open not in state.attributed:
                st.pieces.append((p.cstart, p.cend))
                state.attributed[p.open] = st
                p = p.prev_quote
            state.attributed[q.open] = st
        if qs:
            prev_para_stmt = state.attributed.get(qs[-1].open)
    for q in state.pending:
        if q.open not in state.attributed:
            st = Stmt(None, "", "", "", None, None, "direct", [(q.cstart, q.cend)])
            stmts.append(st)
            state.attributed[q.open] = st
    run.used = state.used_cues


def quote_inside_report(ex, q, gaps: Gaps, cues) -> bool:
    """A quote after a comma that sits inside the clause a preceding cue reports ('joked that
    he likes a good, “quiet week now and then” since ...') is a quoted fragment of that
    report, not a direct quote of its own."""
    doc = ex.doc
    if not ex.text[gaps.before[0]:q.open].rstrip().endswith(","):
        return False
    open_tok = ex.tok_at(q.open)
    if open_tok is None:
        return False
    for i in cues:
        cue = doc[i]
        if not (gaps.before[0] <= cue.idx < q.open) or ex.sent_of[i] != ex.sent_of[open_tok.i]:
            continue
        for c in cue.children:
            if c.dep_ == "ccomp" and c.i > cue.i and c.left_edge.i < open_tok.i and \
                    c.left_edge.i <= open_tok.i <= c.right_edge.i:
                return True
    return False


def quote_cue_statement(ex, q, gaps: Gaps, cues, state: QuoteState, stmts) -> Stmt | None:
    """The statement of a reporting verb in the quote's own sentence, before or after it
    ("“…,” she said" / "She said: “…”"); one cue may serve several quotes."""
    doc, text = ex.doc, ex.text
    close_tok = ex.tok_at(min(q.close, len(text) - 1))
    open_tok = ex.tok_at(q.open)
    ends_comma = text[q.cstart:q.close].rstrip().endswith((",", "?", "!")) or q.malformed
    after_cues = [i for i in cues if gaps.after[0] <= doc[i].idx < gaps.after[1]
                  and close_tok is not None and ex.sent_of[i] == ex.sent_of[close_tok.i]]
    before_txt = text[gaps.before[0]:gaps.before[1]].rstrip()
    before_cues = [i for i in cues if gaps.before[0] <= doc[i].idx < gaps.before[1]
                   and open_tok is not None and ex.sent_of[i] == ex.sent_of[open_tok.i]]
    chosen = None
    if after_cues and (ends_comma or not before_cues or not before_txt.endswith((":", ","))):
        chosen = after_cues[0]
    elif before_cues and before_txt.endswith((":", ",")):
        chosen = before_cues[-1]
    elif after_cues:
        chosen = after_cues[0]
    if chosen is None:
        return None
    cue = doc[chosen]
    info = cues[chosen]
    gap = gaps.after if chosen in after_cues else gaps.before
    subj = subject_of(ex, cue, info.fuzzy)
    if subj is None:
        subj = nearest_name(ex, cue, gap)
    if chosen in state.cue_stmt:
        return state.cue_stmt[chosen]
    if subj is None:
        return None
    st = new_stmt(ex, cue, info.lemma, info.cls, subj, "direct", stmts)
    state.cue_stmt[chosen] = st
    state.used_cues.add(chosen)
    st.attribution |= {t.i for t in cue.subtree if gap[0] <= t.idx < gap[1]}
    st.attribution |= {t.i for t in subj.subtree if gap[0] <= t.idx < gap[1]}
    return st


def continued_statement(ex, q, k, qs, gaps: Gaps, state: QuoteState) -> Stmt | None:
    """The statement a cue-less quote continues: the quote it carries on from across a
    paragraph break, or the previous quote of the paragraph when nothing but its own
    attribution stands between them ("“…,” she said. “…”")."""
    if q.prev_quote is not None and q.prev_quote.open in state.attributed:
        return state.attributed[q.prev_quote.open]
    if k > 0 and qs[k - 1].open in state.attributed:
        prev = state.attributed[qs[k - 1].open]
        between = ex.doc.char_span(gaps.before[0], gaps.before[1], alignment_mode="expand") \
            if gaps.before[0] < gaps.before[1] else None
        rest = [t for t in (between or []) if t.i not in prev.attribution and not t.is_punct
                and not t.is_space]
        if not rest:
            return prev
    return None


def named_quote(ex, q, gap_before, gap_after, stmts):
    """A direct quote without a cue whose speaker is written next to it: a speaker
    label ("SMITH: ...") or a dash and a bare name ("... ” ― Jane Doe")."""
    doc, text = ex.doc, ex.text
    # speaker label at the start of the quoted text (interview transcripts)
    m = SPEAKER_LABEL.match(text, q.cstart, q.cend)
    if m and (m.group(1).isupper() or ex.names.canonical(m.group(1))[1] == "PERSON"):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None and len(span):
            return labelled_stmt(ex, span, stmts)
    # dash and a name, after the closing mark or before the opening one
    for lo, hi, after in ((q.after, gap_after[1], True), (gap_before[0], q.open, False)):
        if lo >= hi:
            continue
        seg = text[lo:hi]
        m = DASH_NAME_AFTER.match(seg) if after else DASH_NAME_BEFORE.match(seg)
        if m:
            span = doc.char_span(lo + m.start(1), lo + m.end(1), alignment_mode="expand")
            if span is not None and len(span) and all(t.text[:1].isupper() or not t.is_alpha for t in span):
                return labelled_stmt(ex, span, stmts)
    return None


def cueless_attribution(ex, q, pidx, gap_before, gap_after, cues, stmts):
    """A direct quote whose own sentence has no cue: "according to X, “...”", or a
    cue ending the previous paragraph with a colon ("Doe continued:")."""
    doc, text = ex.doc, ex.text
    para = ex.art.paragraphs[pidx - 1]
    # "According to him, “...”"
    open_tok = ex.tok_at(q.open)
    for ai in ex.according_at:
        acc = doc[ai]
        if gap_before[0] <= acc.idx < gap_before[1] and open_tok is not None \
                and ex.sent_of[ai] == ex.sent_of[open_tok.i]:
            pobj = next((c for c in doc[ai + 1].children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lemma_.lower() in DOCUMENT_NOUNS:
                continue
            speaker, typ, mention = speaker_for(ex, pobj, stmts)
            st = Stmt(acc, text[acc.idx:to_end(doc, doc[ai + 1])], "according to", "neutral", pobj,
                      mention, "direct", [], speaker=speaker, speaker_type=typ)
            st.attribution = {acc.i, acc.i + 1} | {t.i for t in pobj.subtree}
            stmts.append(st)
            return st
    # a cue ending the previous paragraph with a colon
    if pidx > 1 and text[para.start:q.open].strip() == "":
        prev = ex.art.paragraphs[pidx - 2]
        if prev.text.rstrip().endswith(":"):
            last = [i for i in cues if prev.start <= doc[i].idx < prev.end
                    and ex.sent_of[i] == ex.sent_of[ex.tok_at(prev.end - 1).i]]
            for i in reversed(last):
                lemma, cls, fuzzy = cues[i]
                subj = subject_of(ex, doc[i], fuzzy)
                if subj is not None:
                    st = new_stmt(ex, doc[i], lemma, cls, subj, "direct", stmts)
                    st.attribution |= {t.i for t in doc[i].subtree if prev.start <= t.idx < prev.end}
                    return st
    return None


def ends_with(ex, st, pidx):
    para = ex.art.paragraphs[pidx - 1]
    return any(para.start <= s < para.end for s, _ in st.pieces)


def quoted_clauses(ex, run) -> None:
    """A direct quote that is only part of the clause its cue reports ("The club's
    investment “is a perfect example of adapting” to the changing economics, she said";
    "He said the people of X “deserve someone who's with them”"): the statement is the whole
    reported clause, a partial quote, when that clause has two or more words of its own
    outside the quotation marks."""
    stmts, direct = run.stmts, run.direct
    doc = ex.doc
    for st in stmts:
        if st.kind != "direct" or st.cue is None or st.cue.pos_ not in ("VERB", "AUX"):
            continue
        for comp in (ch for ch in st.cue.children if ch.dep_ == "ccomp"):
            toks = {t.i for t in comp.subtree if not t.is_space}
            if st.subj is not None and {t.i for t in st.subj.subtree} & toks or any(
                    doc[i].text == ":" for i in toks):
                continue   # a misparse that takes in the attribution, or a quote a colon introduces
            lo, hi = doc[min(toks)].idx, to_end(doc, doc[max(toks)])
            inner = [p for p in st.pieces if lo <= p[0] and p[1] <= hi]
            if not inner:
                continue
            own = [i for i in toks if doc[i].is_alpha and ex.in_quote(doc[i], direct) is None]
            if len(own) < 2:
                continue
            st.pieces = [p for p in st.pieces if p not in inner] + ex.pieces(toks)
            st.kind = "partial"


def through_quote(ex, toks: set[int], cue=None) -> set[int]:
    """Content that ends inside a quotation running on past its sentence ('said that
    “X. Y. Z.”') goes on to the closing mark."""
    if not toks:
        return toks
    doc = ex.doc
    last = max(toks)
    end = doc[last].idx + len(doc[last])
    start = doc[min(toks)].idx
    for q in ex.quotes:
        if start <= q.open < end <= q.close:
            close_tok = ex.tok_at(q.close)
            if close_tok is None:
                continue
            if ex.sent_of[close_tok.i] == ex.sent_of[last]:
                more = past_inner_quote(ex, toks, last, close_tok, cue) if (
                    cue is not None and q.style == "double" and (ex.text[q.close] != "'" or q.close_width == 2)) else set()
                if more:
                    return toks | more
                continue
            more = set(range(last + 1, close_tok.i + 1))
            ex.joined.update(more)
            return toks | more
    return toks


def past_inner_quote(ex, toks: set[int], last: int, close_tok, cue) -> set[int]:
    """Content cut short at the closing mark of a quotation it opened, when the parser hung
    that mark (and what follows) on the cue ('said X is “peanuts,” compared to Y'; 'says
    there is a “long road ahead” but Z'): the rest of the sentence, up to a reporting verb
    with a subject of its own that is not a pronoun, and not past the cue's own clause
    ("Although X admitted that Y “Z,” he ...")."""
    doc = ex.doc
    if close_tok.i in toks or any(not doc[i].is_punct for i in range(last + 1, close_tok.i)):
        return set()
    end = doc[close_tok.i].sent.end
    if end < len(doc) and doc[end].is_lower:   # a sentence break the parser put after the mark
        end = doc[end].sent.end
    if cue.dep_ not in ("ROOT", "conj"):
        end = min(end, cue.right_edge.i + 1)
    stop = end
    for t in doc[close_tok.i + 1:end]:
        if t.text == ";" or (t.dep_ == "appos" and t.head.i <= close_tok.i):
            stop = min(w.i for w in t.subtree) if t.dep_ == "appos" else t.i
            break   # '“Title,” Doe's best seller': an appositive to the quoted words
        if t.dep_ == "conj" and cue_of(ex, t.head) and t.pos_ in ("VERB", "AUX") and not any(
                ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children):
            stop = t.i
            break   # "called X “Y” and left": the narrator's next action
        subj = [ch for ch in t.children if ch.dep_ in ("nsubj", "nsubjpass")]
        if t.pos_ in ("VERB", "AUX") and cue_of(ex, t) and any(
                ch.pos_ != "PRON" or doc[t.i + 1].text == ":" for ch in subj):
            stop = min([t.i] + [w.i for ch in subj for w in ch.subtree])
            break   # another speaker's report, or one that introduces a quote
    more = set(range(last + 1, max(stop, close_tok.i + 1)))
    while max(more) > close_tok.i and (doc[max(more)].is_space or doc[max(more)].is_punct
                                       or doc[max(more)].dep_ == "cc"):
        more.discard(max(more))
    if max(more) <= close_tok.i:
        return set()
    ex.joined.update(more)
    return more
