"""Headlines and labels: a speaker label before a colon ("Jane Doe: ...", "DOE: ..."), a label
whose paragraph is a partial quote, and Title Case headlines ("Jane Doe Praises X").
"""
from __future__ import annotations

import re

from analysis.attribution import clean_name
from analysis.doc_cache import doc_tokens
from analysis.statements.base import ADDRESSEE_LEMMAS, FINITE_TAGS, Stmt, to_end

#: Words opening a headline before its speaker's name ("How Paul Ryan Thinks About ...").
HEADLINE_OPENERS = {"how", "why", "what", "when", "where", "who", "watch", "video", "exclusive"}


def colon_label(ex, colon):
    """The name before a colon that opens a paragraph as a speaker label: a headline
    ("Jane Doe: Tax Plan Is 'Dead'") or an unquoted transcript line ("DOE: We will ...").
    Returns the head token of the name, or None. The label is 1-6 capitalised tokens from
    the paragraph start, tagged PERSON or ORG (or resolving to a known person or
    organisation), and at least three words follow the colon."""
    doc = ex.doc
    p = ex.art.paragraph_at(colon.idx)
    if p < 1:
        return None
    pstart, pend = ex.art.paragraphs[p - 1].start, ex.art.paragraphs[p - 1].end
    label = [t for t in doc[max(0, colon.i - 11):colon.i] if t.idx >= pstart and not t.is_space]
    if not label or ex.text[pstart:label[0].idx].strip():
        return None
    dash = [k for k, t in enumerate(label) if t.text in ("–", "—", "-", "--")]
    if dash and 0 < dash[-1] <= 2 and label[0].is_upper:
        label = label[dash[-1] + 1:]    # "EXCLUSIVE – Jane Doe: ..."
    # "Doe to Voters: ..." / "Doe To Farmers Worried About Prices: ...": Doe speaks
    to = next((k for k, t in enumerate(label) if t.lower_ == "to" and t.pos_ == "ADP"), None)
    if to is not None and 0 < to <= 3 and all(t.ent_type_ == "PERSON" for t in label[:to]):
        label = label[:to]
    if not label or len(label) > 6:
        return None
    # capitalised, but a lower-case group noun may close it ("Doe campaign:")
    if not all(t.text[:1].isupper() or t.text in (".", "-", "’", "'") for t in label[:-1]):
        return None
    if not (label[-1].text[:1].isupper() or label[-1].text in (".", "-", "’", "'") or (
            len(label) > 1 and label[-1].pos_ == "NOUN" and label[-1].is_lower
            and label[-2].ent_type_ in ("PERSON", "ORG"))):
        return None
    after = [t for t in doc[colon.i + 1: colon.i + 12] if t.idx < pend and t.is_alpha]
    if len(after) < 3:
        return None
    span = doc[label[0].i: label[-1].i + 1]
    canon, lab = ex.names.canonical(span.text)
    tagged = {t.ent_type_ for t in span} - {""}
    if lab in ("GPE", "NORP", "LOC", "FAC") or tagged & {"GPE", "NORP", "LOC", "FAC", "DATE", "TIME"}:
        return None
    if headline_source(label, p):
        return span.root
    if not (lab in ("PERSON", "ORG") or tagged & {"PERSON", "ORG"}):
        return None
    # a name the tagger marked as a whole counts whatever part of speech it got ("Doe" as ADJ)
    if span.root.pos_ not in ("PROPN", "NOUN") and not all(t.ent_type_ in ("PERSON", "ORG") for t in span):
        return None
    return span.root


def headline_source(label, paragraph: int) -> bool:
    """A headline's label names its source even when the tagger knows no name in it ("Poll:",
    "Newspaper:", "Milbank:", "HUFFPOLLSTER:"): the first paragraph, a capitalised phrase that
    starts with no determiner or preposition ("The Latest:", "On Trade, ...:" are rubrics) and
    holds no comma or conjunction ("Netanyahu and Obama:" is a topic) and no finite verb ("Fix
    Is In:" is a clause)."""
    return paragraph == 1 and label[0].pos_ not in ("DET", "ADP", "SCONJ", "CCONJ") and not any(
        t.text == "," or t.pos_ in ("CCONJ", "AUX") or t.tag_ in FINITE_TAGS for t in label)


def labelled_paragraphs(ex, run) -> None:
    """A speaker label whose quote does not make up the rest of its paragraph ("Doe: Plan
    Is ‘Dead,’ Says Mayor"; "Doe: ‘No Idea’ Why Taxes Rose") speaks the whole rest of the
    paragraph, a partial quote, not the quoted fragment alone."""
    stmts, partial = run.stmts, run.partial
    text = ex.text
    for st in stmts:
        if st.kind != "direct" or st.cue is None or st.cue.text != ":" or not st.pieces:
            continue
        para = ex.art.paragraphs[ex.art.paragraph_at(st.cue.idx) - 1]
        s, e = st.cue.idx + 1, para.end
        if not all(s <= ps and pe <= e for ps, pe in st.pieces):
            continue
        inner = [q for q in ex.quotes if s <= q.open and q.close < e]
        rest = list(text[s:e])
        for q in inner:
            rest[q.open - s:q.after - s] = " " * (q.after - q.open)
        if not re.search(r"[^\W\d_]{2}", "".join(rest)):
            continue
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] == "."):
            e -= 1
        st.pieces = [(s, e)]
        st.kind = "partial"
        partial.extend(q for q in inner if q not in partial)


def title_case_headline(ex, run) -> None:
    """A Title Case headline "Jane Doe Praises X For Y" / "Doe Tweets A Graphic ...", where the
    tagger reads the capitalised cue as a name: the first capitalised lexicon verb form in -s
    after a capitalised name is the cue, the name its speaker and the rest of the headline
    its content (unless a statement already covers that rest; not *tell*, whose object is the
    one addressed)."""
    stmts = run.stmts
    if not ex.art.paragraphs:
        return
    doc, para = ex.doc, ex.art.paragraphs[0]
    toks = []
    for t in doc_tokens(doc):       # the first paragraph's tokens: stop at its end
        if t.idx >= para.end:
            break
        if t.idx >= para.start and not t.is_space:
            toks.append(t)
    for k, cue in enumerate(toks):
        if k == 0 or not cue.text[:1].isupper() or not cue.lower_.endswith("s") or cue.lower_ not in ex.lex.forms \
                or ex.lex.forms[cue.lower_] in ADDRESSEE_LEMMAS:
            continue
        j = k
        while j > 0 and (toks[j - 1].text[:1].isupper() or toks[j - 1].text in ("’s", "'s")) \
                and toks[j - 1].text != ":":
            j -= 1
        while j < k and toks[j].lower_ in HEADLINE_OPENERS:
            j += 1
        rest = {t.i for t in toks[k + 1:]}
        if j == k or sum(1 for i in rest if doc[i].is_alpha) < 2:
            continue
        lo, hi = doc[min(rest)].idx, to_end(doc, doc[max(rest)])
        if any(s < hi and lo < e for st in stmts for s, e in st.pieces):
            return
        ex.joined.update(rest)
        lemma = ex.lex.forms[cue.lower_]
        ms, me = toks[j].idx, to_end(doc, toks[k - 1])
        canon, label = ex.names.canonical(ex.text[ms:me])
        speaker = canon or clean_name(ex.text[ms:me])
        typ = label if label in ("PERSON", "ORG", "GPE") else "UNKNOWN"
        st = Stmt(cue, cue.text, lemma, ex.lex.classes[lemma], toks[k - 1], (ms, me), "indirect",
                  ex.pieces(rest), speaker=speaker, speaker_type=typ)
        st.attribution = {t.i for t in toks[j:k + 1]}
        stmts.append(st)
        return
