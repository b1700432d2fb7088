"""Reported speech: a cue with a subject and a clause, object, gerund, infinitive, short answer or
pattern content; one statement per cue, nested reports left to their own cue.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.doc_cache import doc_tokens
from analysis.statements.according import as_clause_content, as_clause_cue
from analysis.statements.base import CLAUSE_BREAKS, GERUND_TOPIC_PREPS, CueInfo, Stmt, by_agent, purpose_infinitive
from analysis.statements.comma_cues import comma_cue_content
from analysis.statements.cues import cue_of
from analysis.statements.quotes import through_quote
from analysis.statements.speakers import new_stmt, speaker_for
from analysis.statements.subjects import subject_of

#: Cues that put a question: content may be an if/whether clause, an "about" phrase or a
#: to-infinitive, and the passive ("Asked whether ...", "was asked by X to ...") has the asker
#: in its "by" phrase or unnamed.
QUESTION_LEMMAS = {"ask", "inquire", "enquire"}
#: Right dependents of a preposed cue, after its clause, that continue the content.
TRAILING_DEPS = {"advcl", "prep", "conj", "npadvmod", "dep", "parataxis"}
#: The same after a pattern's content ("vowed to X unless Y"), but not a coordinated verb: that
#: is the speaker's next action ("called her “third-rate” and boycotted ...").
PATTERN_TRAILING_DEPS = TRAILING_DEPS - {"conj", "parataxis"}
CONTINUATION_DEPS = {"prep", "advcl", "xcomp", "dep", "conj", "parataxis", "ccomp", "oprd"}
#: Punctuation that ends a sentence (a quote opening after one starts a new sentence).
SENTENCE_ENDS = {".", "?", "!"}
#: cues whose content may be a one-word answer ("said yes", "would say so").
SHORT_ANSWER_LEMMAS = frozenset({"say", "answer", "reply", "respond"})
SHORT_ANSWERS = frozenset({"yes", "no", "so"})


@dataclass
class Candidate:
    """A reporting verb that may introduce reported speech: its subject and content tokens."""

    cue: object          # Token
    info: CueInfo
    subj: object         # Token
    toks: set


def indirect_candidates(ex, run) -> None:
    """Cues not used by a direct quote, with a subject and a content of two words or more (or a
    one-word answer: "said yes"), as ``run.candidates``."""
    cues, used, direct = run.cues, run.used, run.direct
    doc = ex.doc
    cands = {}
    for i, info in cues.items():
        if i in used:
            continue
        cue = doc[i]
        subj = subject_of(ex, cue, info.fuzzy)
        asker = None if subj is not None or info.fuzzy else passive_asker(ex, cue)
        if subj is None and asker is False:
            continue
        if purpose_infinitive(cue) and not clausal_content(ex, cue):
            continue   # "went to X to meet the press": only a clause or a pattern's content
        subj = subj if subj is not None else asker   # None: an unnamed asker
        toks, extra = complement(ex, cue, info.fuzzy)
        toks = before_next_quote(ex, {t for t in toks if not doc[t].is_space}, direct)
        if sum(1 for t in toks if doc[t].is_alpha) < 2 and not extra and not (
                len(toks) == 1 and doc[min(toks)].lower_ in SHORT_ANSWERS
                and info.lemma in SHORT_ANSWER_LEMMAS and not info.fuzzy) and not judged_name(ex, cue, info, toks):
            continue
        if any(ex.in_quote(doc[t], direct) for t in toks):
            continue
        cands[i] = Candidate(cue, info, subj, toks)
    run.candidates = cands


def before_next_quote(ex, toks: set[int], direct) -> set[int]:
    """Content whose sentence the parser ran on into the next direct quote ("... gripped his
    hands tensely. ''There was ..."): the content stops before the opening mark of a direct
    quote that follows a full stop, question or exclamation mark inside it."""
    doc = ex.doc
    opens = {q.open for q in direct}
    for i in sorted(toks):
        if doc[i].idx not in opens:
            continue
        prev = i - 1
        while prev > 0 and doc[prev].is_space:
            prev -= 1
        if prev in toks and doc[prev].text in SENTENCE_ENDS:
            return {t for t in toks if t < i}
    return toks


def indirect_statements(ex, run) -> None:
    """One statement per candidate cue; content nested in another cue's is left to that cue."""
    cands, according, stmts = run.candidates, run.according, run.stmts
    for i, c in sorted(cands.items()):
        nested = set()
        inner = []
        for j, other in cands.items():
            if j != i and j in c.toks:
                if other.cue.pos_ == "NOUN" or (other.cue.dep_ == "xcomp" and other.cue.tag_ == "VB") or (
                        other.cue.dep_ == "pcomp" and other.cue.head.lower_ in GERUND_TOPIC_PREPS):
                    continue   # "argues X's threats to Y are empty", "said he doesn't want to offer
                    # predictions": the noun phrase or infinitive stays in the report
                inner.append(other)
                nested |= {t.i for t in other.cue.subtree} if not other.info.fuzzy else {j}
                nested |= {t.i for t in other.subj.subtree} if other.info.fuzzy and other.subj is not None else set()
        for a in according:
            if a.acc.i in c.toks:
                nested |= {t.i for t in a.acc.subtree}
        content = c.toks - nested
        whole_report = False
        if nested and not c.info.fuzzy and sum(1 for t in content if ex.doc[t].is_alpha) < 2 and all(
                o.subj is None or c.subj is None
                or speaker_for(ex, o.subj, stmts)[0] != speaker_for(ex, c.subj, stmts)[0]
                or 2 * len(o.toks) < len(c.toks)
                for o in inner):
            # the whole content is another speaker's report ("Doe said Roe had claimed that X"):
            # the outer statement keeps it all, the nested one stands on its own too (a
            # speaker's report of their own words is the nested statement alone, unless that
            # covers under half of the clause: "said she jokingly referred to herself as X")
            content, whole_report = c.toks, True
        ps = ex.pieces(content)
        if not ps:
            continue
        if c.subj is None:     # "Asked whether ...": the asker is not named
            st = Stmt(c.cue, c.cue.text, c.info.lemma, c.info.cls, None, None, "indirect", [])
            stmts.append(st)
        else:
            st = new_stmt(ex, c.cue, c.info.lemma, c.info.cls, c.subj, "indirect", stmts)
        st.pieces = ps
        st.tokens = content
        st.whole_report = whole_report
        st.attribution = ({t.i for t in c.cue.subtree} - c.toks - nested) | {c.cue.i} | (
            {t.i for t in c.subj.subtree} if c.subj is not None and (c.subj.i < c.cue.i or c.info.fuzzy)
            else set())
        if c.info.fuzzy:
            st.attribution |= {c.subj.i, c.cue.i}


def complement(ex, cue, fuzzy):
    """Token indices of the reported content (before removing nested statements)."""
    doc = ex.doc
    if fuzzy:
        sent = cue.sent
        return {t.i for t in sent if t.i > cue.i}, set()
    if cue.text == ":":
        para = ex.art.paragraphs[ex.art.paragraph_at(cue.idx) - 1]
        toks = set()
        for t in doc_tokens(doc)[cue.i + 1:]:       # the rest of the colon's paragraph
            if t.idx >= para.end:
                break
            toks.add(t.i)
        ex.joined.update(toks)
        return toks, set()
    comps = reported_clauses(cue)
    lemma = cue_of(ex, cue)[0]
    if not comps and lemma in QUESTION_LEMMAS:
        comps = [ch for ch in cue.children if ch.i > cue.i and question_content(ch)][:1]
    toks: set[int] = set()
    extra: set[int] = set()
    for c in comps:
        toks |= {t.i for t in c.subtree}
    if not comps and lemma in ex.lex.takes_object:
        obj = [ch for ch in cue.rights if ch.dep_ in ("dobj",)]
        if obj:
            for ch in cue.rights:
                if ch.i >= obj[0].i and ch.dep_ not in ("cc", "conj", "punct"):
                    toks |= {t.i for t in ch.subtree}
            # a comma between two parts of the object content keeps it one span
            toks |= {ch.i for ch in cue.rights if ch.dep_ == "punct" and toks and min(toks) < ch.i < max(toks)}
    if not toks and not comps:
        toks = gerund_content(cue)
    if not toks and not comps and lemma in SHORT_ANSWER_LEMMAS:
        toks = short_answer(ex, cue)
    hit = ex.pattern_hits.get(cue.i)
    if not toks and hit is not None:
        for root in hit.content:
            toks |= {t.i for t in doc[root].subtree}
        if toks and all(r > cue.i for r in hit.content):
            # "vowed to impose a tariff unless the company cancels ...": what the parser hung
            # on the cue after the pattern's content goes on with it
            toks |= trailing_content(ex, cue, max(toks), PATTERN_TRAILING_DEPS)
    if not toks and cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        toks = {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
    if not toks and as_clause_cue(cue) and not cue_of(ex, cue.head):
        toks = as_clause_content(cue)
    if not toks and not comps:
        toks = comma_cue_content(ex, cue, lemma)
    if comps and all(c.i < cue.i for c in comps):
        # postposed cue: ", Giles said, including ..." -> the continuation is content too
        for ch in cue.rights:
            if ch.dep_ in CONTINUATION_DEPS and ch.dep_ != "ccomp":
                first = min(t.i for t in ch.subtree)
                if first > 0 and doc[first - 1].text == "," and not cue_of(ex, ch):
                    extra |= {t.i for t in ch.subtree}
    if comps and all(c.i > cue.i for c in comps):
        toks |= trailing_content(ex, cue, max(c.i for c in comps))
    toks |= extra
    return through_quote(ex, toks, cue), extra


def reported_clauses(cue) -> list:
    """The cue's clausal complements, less one the parser hung on it from before a colon,
    dash (also a spaced hyphen) or semicolon ("Even its backers sounded equivocal: Doe called it “the least bad
    option”"; "she drew his ire - he called her “weak”"): that clause is the narrator's."""
    doc = cue.doc
    out = []
    for ch in cue.children:
        if ch.dep_ != "ccomp":
            continue
        if ch.i < cue.i and any(t.text in CLAUSE_BREAKS or (t.text == "-" and t.whitespace_ and doc[t.i - 1].whitespace_)
                                for t in doc[ch.right_edge.i + 1:cue.i]):
            continue
        out.append(ch)
    return out


def question_content(ch) -> bool:
    """A dependent of "ask" that is the question: an if/whether clause the parser hung as
    ``advcl``, an "about" phrase, or a to-infinitive ("asked to respond")."""
    if ch.dep_ == "advcl":
        return any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in ch.children)
    if ch.dep_ == "prep":
        return ch.lower_ == "about"
    if ch.dep_ == "xcomp" and ch.pos_ in ("VERB", "AUX"):
        return any(a.dep_ == "aux" and a.lower_ == "to" for a in ch.children)
    return False


def gerund_content(cue) -> set[int]:
    """A gerund clause right after the cue that the parser made its ``xcomp`` ("reported
    spending $6 million on ads", "recalled sitting in on focus groups", "denied having met
    him"): what was reported."""
    for ch in cue.rights:
        if ch.dep_ == "xcomp" and ch.tag_ == "VBG" and ch.left_edge.i == cue.i + 1:
            return {t.i for t in ch.subtree}
    return set()


def short_answer(ex, cue) -> set[int]:
    """A one-word answer right after the cue: "said yes", "would say so", "said no to X"."""
    doc = ex.doc
    if cue.i + 1 >= len(doc):
        return set()
    ans = doc[cue.i + 1]
    if ans.lower_ not in SHORT_ANSWERS or ans.head.i != cue.i or ans.dep_ not in (
            "intj", "advmod", "dobj", "npadvmod", "dep", "ccomp", "attr"):
        return set()
    nxt = doc[ans.i + 1] if ans.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in ("that", "far", "much", "many", "long", "more", "-"):
        return set()
    toks = {ans.i}
    if ans.lower_ != "so" and nxt is not None and nxt.lower_ == "to" and nxt.head.i in (cue.i, ans.i):
        toks |= {t.i for t in nxt.subtree}   # "said no to the war"
    return toks


def trailing_content(ex, cue, after: int, deps=TRAILING_DEPS) -> set[int]:
    """A preposed cue's dependents to the right of its clause, parsed as the cue's own
    but read as part of what was said ("said X because Y", "says X, but Z",
    "is telling a crowd that X, compared to Y"): their subtrees, unless one holds a
    reporting verb of its own or a direct quote follows."""
    out: set[int] = set()
    for ch in cue.rights:
        if ch.i <= after or ch.dep_ not in deps:
            continue
        sub = list(ch.subtree)
        if any(cue_of(ex, t) for t in sub if t.pos_ in ("VERB", "AUX")):
            break
        out |= {t.i for t in sub}
    if out:   # with the commas and conjunctions in between: one span
        out |= set(range(after, max(out) + 1))
    return out


def clausal_content(ex, cue) -> bool:
    """The cue reports a clause (``ccomp``) or a content a dependency pattern found, not
    a bare object noun phrase."""
    hit = ex.pattern_hits.get(cue.i)
    return bool(reported_clauses(cue)) or (hit is not None and bool(hit.content))


def judged_name(ex, cue, info, toks) -> bool:
    """A one-word object of an expressive cue that takes its object as content: the one
    praised, criticised or mocked ("criticized Singer", "praised Putin", "mocked Rubio")."""
    if info.fuzzy or info.cls != "expressive" or info.lemma not in ex.lex.takes_object:
        return False
    words = [ex.doc[t] for t in toks if ex.doc[t].is_alpha]
    return len(words) == 1 and words[0].dep_ == "dobj" and words[0].head.i == cue.i and words[0].pos_ in ("PROPN", "NOUN")


def passive_asker(ex, cue):
    """The asker of a passive question cue ("was asked by X", "Asked by X to ..."): the
    "by" phrase's object, or None. ``False`` when the cue is not a passive "ask"."""
    if cue_of(ex, cue)[0] not in QUESTION_LEMMAS or cue.dep_ == "amod":
        return False
    if cue.tag_ != "VBN" and not (cue.tag_ == "VBD" and cue.dep_ == "advcl" and cue.i == cue.sent.start):
        return False   # a sentence-initial "Asked what ..., X said" is often tagged VBD
    if any(ch.dep_ == "nsubj" for ch in cue.children):
        return False
    return by_agent(cue)
