"""Who speaks through a cue: the grammatical speaker of a reporting verb, through inverted,
chained (infinitive, participle, conjunct), gerund and subjectless cues.
"""
from __future__ import annotations

from analysis.statements.according import agent_of, as_clause_cue
from analysis.statements.base import FINITE_TAGS, GERUND_TOPIC_PREPS, RELATIVE, purpose_infinitive
from analysis.statements.headlines import colon_label
from analysis.statements.nominal import issuer, participle_of_noun

SUBJECT_DEPS = {"nsubj"}
#: Prepositions before a gerund cue whose speaker is the subject of the clause it modifies.
GERUND_PREPS = {"by", "before", "after", "while", "in", "without", "when"}
#: Dependencies climbed from the word before a subjectless cue to the head of its noun phrase
#: ("Figures reported on Sunday now suggest ...": Sunday -> on -> reported -> Figures).
LEFT_SUBJECT_CLIMB = {"pobj", "prep", "acl", "compound", "amod", "nummod", "quantmod", "poss", "case", "npadvmod",
                      "csubj"}


def subject_of(ex, cue, fuzzy=False):
    """The token naming who speaks through ``cue`` (the head of the speaker's mention), or None.
    ``fuzzy``: a misspelled cue, whose speaker is the word before it."""
    if fuzzy:
        return cue.doc[cue.i - 1]
    if cue.text == ":":
        return colon_label(ex, cue)
    hit = ex.pattern_hits.get(cue.i)
    if hit is not None and hit.speaker is not None:
        return hit.speaker
    if as_clause_cue(cue) and agent_of(cue) is not None:
        return agent_of(cue)   # "As reported by the Post, X": the agent speaks
    subjects = [ch for ch in cue.children if ch.dep_ in SUBJECT_DEPS]
    # an inverted cue after a comma whose content's subject the parser gave it too ("X signals
    # the end, said Jane Doe"): the subject after the cue speaks
    if cue.i > 0 and cue.doc[cue.i - 1].text == "," and not any(ch.dep_ == "ccomp" for ch in cue.children):
        after = [ch for ch in subjects if ch.i > cue.i and ch.left_edge.i == cue.i + 1]
        if after:
            return after[0]
    # a dateline parsed as a second subject ("MOSCOW - Putin said"): the nearest one speaks
    before = [ch for ch in subjects if ch.i < cue.i]
    for ch in ([before[-1]] if before else subjects[:1]):
        if ch.lower_ in RELATIVE and cue.dep_ == "relcl":
            return cue.head
        if ch.lower_ in RELATIVE or ch.tag_ == "EX":
            return None
        return ch
    if cue.dep_ == "acl" and cue.tag_ in ("VBD", "VBZ") and cue.head.dep_ == "appos":
        # "Jane Doe, editor of the X agency, called on ...": a finite verb misparsed as a
        # modifier of the appositive; the appositive's anchor speaks
        h = cue.head
        while h.dep_ == "appos" and h.head.i != h.i:
            h = h.head
        return h
    if cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.i != cue.i and cue.tag_ in (
            "VBG", "VBD", "VBZ", "VBP", "VBN", "VB"):
        return chained_subject(ex, cue)
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep" \
            and cue.head.lower_ in GERUND_PREPS and cue.head.head.pos_ in ("VERB", "AUX"):
        # "responded by saying ...", "before explaining why ...": the clause's subject speaks
        return subject_of(ex, cue.head.head)
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep" \
            and cue.head.lower_ in GERUND_TOPIC_PREPS:
        return gerund_governor_subject(ex, cue)
    if participle_of_noun(cue):
        # "a statement saying that ...": the noun speaks, or who issued it (``nominal``)
        return issuer(cue.head) or cue.head
    if cue.dep_ == "relcl" and cue.tag_ == "VBG":
        return None
    return left_subject(cue)


def chained_subject(ex, cue):
    """The speaker of a cue chained to another verb (``conj``, ``advcl`` or ``xcomp``): an
    infinitive's governing verb's object or subject, a participle's or conjunct's clause's
    subject; None when the cue is a plain adverbial clause."""
    head = cue.head
    if cue.dep_ == "xcomp" and cue.tag_ == "VB" and any(
            ch.dep_ == "ccomp" or (ch.dep_ == "aux" and ch.lower_ == "to") for ch in cue.children):
        # an infinitive cue: "went on to say that ...", "continues to insist ...", "was
        # quick to point out that ...", "declined to comment on X", "went on to call X
        # “Y”": the governing verb's subject speaks
        adjective = head.pos_ == "ADJ" and head.dep_ == "acomp"
        if adjective:
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            objs = [ch for ch in head.children if ch.dep_ == "dobj" and ch.i < cue.i]
            if objs:
                return objs[-1]   # "forced X to admit that ...": the object speaks
            subj = subject_of(ex, head)
            if subj is not None and subj.lower_ == "it" and (
                    adjective or any(ch.dep_ == "acomp" for ch in head.children)):
                return None   # "it is safe to say ...": nobody speaks
            return subj
    if cue.dep_ != "conj" and cue.tag_ != "VBG" and not purpose_infinitive(cue):
        return None
    if cue.dep_ == "advcl" and cue.i > 0 and cue.doc[cue.left_edge.i - 1].text == ",":
        # ", adding that ..." hung on a verb inside reported content ("declined to say how
        # many officers made up the force, only saying ..."): the reporting clause's subject
        while head.dep_ in ("ccomp", "xcomp") and head.head.i != head.i:
            head = head.head
    subj = subject_of(ex, head)
    if subj is None and cue.dep_ == "conj":
        # "Doe was forced into damage control and said that ...", "officials were angered
        # by the deal and predicted ...": the passive first conjunct's subject speaks
        subj = next((ch for ch in head.children if ch.dep_ == "nsubjpass" and ch.lower_ not in RELATIVE), None)
    return subj


def left_subject(cue):
    """A finite cue that reports a clause but got no subject from the parser ("About 4 in 10
    say they ...", "..., former president Bill Clinton said his wife ...", "Jay Doe, the
    club's president, suggested that ..."): the noun phrase ending right before it (past the
    cue's own adverbs), or the name an appositive ending there describes. None otherwise."""
    doc = cue.doc
    if cue.tag_ not in FINITE_TAGS or cue.dep_ in ("relcl", "acl", "amod") or not any(
            ch.dep_ == "ccomp" and ch.i > cue.i for ch in cue.children) or any(
            ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in cue.children):
        return None
    k = cue.i - 1
    while k > 0 and doc[k].dep_ in ("advmod", "neg", "aux", "npadvmod") and doc[k].head.i == cue.i:
        k -= 1
    appositive = doc[k].text == ","
    if appositive:
        k -= 1
    t = doc[k]
    while t.dep_ in LEFT_SUBJECT_CLIMB and t.head.i < cue.i and t.head.i != t.i:
        t = t.head
    if t.dep_ == "csubj" and t.head.i == cue.i:
        # "voters going to the polls on Tuesday said ...": a participle read as the subject
        t = next((ch for ch in t.children if ch.dep_ == "nsubj"), t)
    if appositive:
        while t.dep_ == "conj" and t.head.i < t.i:
            t = t.head
        if t.dep_ != "appos" or t.head.pos_ != "PROPN":
            return None
        t = t.head
    if t.pos_ not in ("NOUN", "PROPN", "NUM") or t.lower_ in RELATIVE:
        return None
    return t


def gerund_governor_subject(ex, cue):
    """A gerund cue after to/on/of/since ("has taken to urging X to Y", "pivoted to arguing
    that", "is keen on telling X to Y", "made a point of saying that", "Instead of calling
    himself X, Doe said", "Since announcing that ..."): the subject of the verb the phrase
    belongs to, reached through the nouns and adjectives it hangs on."""
    gov = cue.head.head
    while gov.pos_ not in ("VERB", "AUX") and gov.dep_ in ("dobj", "acomp", "pobj", "prep", "attr") \
            and gov.head.i != gov.i:
        gov = gov.head
    if gov.pos_ not in ("VERB", "AUX"):
        return None
    return subject_of(ex, gov)
