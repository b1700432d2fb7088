"""Speakers: from the token that names one to a canonical speaker (pronouns through
``analysis.discourse``, titles and appositives, role nouns, unnamed groups), and the
speakers of quotes that name none.
"""
from __future__ import annotations

from analysis.attribution import GROUP_PRONOUNS, PRONOUN_GENDER, clean_name
from analysis.discourse import mention_tokens
from analysis.statements.base import UNKNOWN, Stmt
from analysis.statements.patterns import role_nouns


def speaker_for(ex, subj, stmts_so_far):
    """(speaker, type, mention (start,end)) for a subject token."""
    toks = mention_tokens(subj)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    mention = ex.text[start:end]
    low = subj.lower_
    if low in PRONOUN_GENDER:
        hit = ex.pronouns.resolved.get(subj.i)
        if hit:
            return hit.name, hit.type, (start, end)
        return mention, "UNKNOWN", (start, end)
    if low in GROUP_PRONOUNS or low == "it":
        for st in reversed(stmts_so_far):
            if st.speaker_type in (("ORG", "GPE") if low == "it" else ("GROUP", "ORG", "GPE")):
                if (ex.sent_of[st.subj.i] if st.subj is not None else -99) >= ex.sent_of[subj.i] - 3:
                    return st.speaker, st.speaker_type, (start, end)
        return mention, "UNKNOWN", (start, end)
    if subj.pos_ == "PRON":
        return mention, "UNKNOWN", (start, end)
    if ex.names.canonical(mention)[1] != "PERSON":
        # "the minister, Jane Doe, told ..." -> the appositive name speaks
        for ch in subj.children:
            if ch.dep_ == "appos" and ch.pos_ == "PROPN":
                atoks = mention_tokens(ch)
                a_s, a_e = atoks[0].idx, atoks[-1].idx + len(atoks[-1])
                c, lab = ex.names.canonical(ex.text[a_s:a_e])
                if c and lab == "PERSON":
                    return c, "PERSON", (start, a_e)
    canon, label = ex.names.canonical(mention)
    if canon is None and subj.ent_type_ == "PERSON":
        # "Minister of Transport of Norway Helen Marsh": the role phrase is not the name
        ent = next((e for e in ex.doc.ents if e.start <= subj.i < e.end), None)
        if ent is not None and ent.label_ == "PERSON" and ent.text != mention:
            canon = ex.names.canonical(ent.text)[0] or clean_name(ent.text)
            label = "PERSON"
    if canon is None and subj.ent_type_:
        canon, label = clean_name(mention), subj.ent_type_
    if canon:
        if label in (None, "ORG") and (subj.ent_type_ == "PERSON" or gender_of(ex, canon)):
            label = "PERSON"   # this mention is tagged PERSON, or the text gives it a gender
        typ = label if label in ("PERSON", "ORG", "GPE") else ("GPE" if label in ("NORP", "LOC", "FAC") else "ORG")
        return canon, typ, (start, end)
    # a role noun: the name inside its phrase, or the person the text gave that role
    if subj.lemma_.lower() in role_nouns() and subj.tag_ in ("NN", "NNP"):
        hit = name_in_phrase(ex, subj) or role_antecedent(ex, subj)
        if hit is not None:
            return hit, "PERSON", (start, end)
    # a common noun phrase: an unnamed source
    words = [t for t in toks if t.dep_ != "det"] or toks
    name = ex.text[words[0].idx: end]
    if not any(t.pos_ == "PROPN" for t in words):
        name = name.lower()
    typ = "GROUP" if subj.tag_ in ("NNS", "NNPS") or subj.lower_ in ("police", "people", "staff") else "UNKNOWN"
    return name, typ, (start, end)


def name_in_phrase(ex, subj) -> str | None:
    """"Minister of Foreign Affairs of Lithuania Linas Linkevičius said": the person
    named at the end of the role's own phrase (before any clause or comma)."""
    last = None
    for t in subj.subtree:
        if t.i <= subj.i:
            continue
        if t.is_punct or t.dep_ in ("relcl", "acl", "appos") or t.pos_ in ("VERB", "AUX"):
            break
        last = t
    if last is None or last.ent_type_ != "PERSON":
        return None
    ent = next((e for e in ex.doc.ents if e.start <= last.i < e.end), None)
    if ent is None:
        return None
    canon, label = ex.names.canonical(ent.text)
    return canon or clean_name(ent.text)


def role_words(ex, i) -> set[str]:
    """Lower-cased lemmas of the noun phrase around the person mention headed at ``i``:
    titles before the name, the role phrase it hangs from, its appositive."""
    if i in ex.roles:
        return ex.roles[i]
    top = ex.doc[i]
    while top.dep_ in ("appos", "pobj", "prep", "compound") and top.head.i != top.i:
        top = top.head
    skip = set()
    for t in top.subtree:
        if t.dep_ in ("relcl", "acl", "ccomp", "advcl") and t.i != top.i:
            skip |= {x.i for x in t.subtree}
    words = {t.lemma_.lower() for t in top.subtree if t.i not in skip and t.is_alpha}
    ex.roles[i] = words
    return words


def role_antecedent(ex, subj) -> str | None:
    """"The foreign minister said": the latest person mentioned earlier with that role
    ("Foreign Minister Jane Doe", "Jane Doe, the foreign minister"), preferring the one
    that shares the role's modifiers ("Russian president")."""
    role = subj.lemma_.lower()
    mods = {t.lemma_.lower() for t in subj.lefts if t.dep_ in ("amod", "compound") and t.is_alpha} - {"former"}
    best, best_key = None, None
    for i, canon, _s in ex.mentions:
        if i >= subj.i or (subj.left_edge.i <= i <= subj.right_edge.i):
            continue
        words = role_words(ex, i)
        if role not in words:
            continue
        key = (len(mods & words), i)
        if best_key is None or key > best_key:
            best, best_key = canon, key
    return best


def gender_of(ex, canon):
    return ex.pronouns.gender_of(canon)


def new_stmt(ex, cue, lemma, cls, subj, kind, stmts):
    speaker, typ, mention = speaker_for(ex, subj, stmts)
    st = Stmt(cue, cue.text, lemma, cls, subj, mention, kind, [], speaker=speaker, speaker_type=typ)
    stmts.append(st)
    return st


def nearest_name(ex, cue, gap):
    best = None
    for t in ex.doc[max(0, cue.i - 6): cue.i + 6]:
        if gap[0] <= t.idx < gap[1] and (t.pos_ in ("PROPN",) or t.lower_ in PRONOUN_GENDER):
            if best is None or abs(t.i - cue.i) < abs(best.i - cue.i):
                best = t
    return best


def labelled_stmt(ex, span, stmts):
    """A statement whose speaker is a bare name written next to the quote."""
    head = span.root
    speaker, typ, mention = speaker_for(ex, head, stmts)
    if typ == "UNKNOWN" and head.pos_ != "PRON":
        canon = clean_name(span.text)
        speaker = ex.names.canonical(canon)[0] or (canon.title() if canon.isupper() else canon)
        typ = "PERSON"
        mention = (span.start_char, span.end_char)
    st = Stmt(None, "", "", "", head, mention, "direct", [], speaker=speaker, speaker_type=typ)
    st.attribution = {t.i for t in span}
    stmts.append(st)
    return st


def nearby_speakers(ex, run) -> None:
    """An unattributed direct quote speaks for the nearest earlier statement's speaker in
    the same or the previous paragraph, else for the nearest person named before it
    in that stretch (reporters let a speaker run on across quote paragraphs)."""
    stmts = run.stmts
    ordered = sorted(stmts, key=lambda s: min(p[0] for p in s.pieces))
    for k, st in enumerate(ordered):
        if st.speaker != UNKNOWN or st.kind != "direct":
            continue
        start = min(p[0] for p in st.pieces)
        para = ex.art.paragraph_at(start)
        for prev in reversed(ordered[:k]):
            pp = ex.art.paragraph_at(min(p[0] for p in prev.pieces))
            if pp < para - 1:
                break
            if prev.speaker != UNKNOWN and prev.speaker_type in ("PERSON", "ORG", "GPE"):
                st.speaker, st.speaker_type = prev.speaker, prev.speaker_type
                break
        if st.speaker != UNKNOWN:
            continue
        lo = ex.art.paragraphs[max(0, para - 2)].start
        cands = [(i, c) for i, c, _s in ex.mentions if lo <= ex.doc[i].idx < start]
        if cands:
            st.speaker, st.speaker_type = cands[-1][1], "PERSON"
