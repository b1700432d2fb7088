"""Nominal cues: speech nouns with a speaker and content ("his claim that ...", "a warning by X
that ...") and participles modifying a noun ("a statement saying ...", issued by whom).
"""
from __future__ import annotations

from analysis.statements.base import RELATIVE
from analysis.statements.patterns import nominal_cues

#: Documents issued in someone's name: a participle cue modifying one as the object of a verb
#: ("Doe issued a statement saying ...") speaks for that verb's subject.
ISSUED_NOUNS = {"statement", "release", "letter", "memo", "petition", "website", "ad", "advertisement",
                "resolution", "report", "video"}


def issuer(noun):
    """The subject of the verb whose object is an issued document ("Doe released a
    statement", "supporters launched petitions", "the group placed ads"), or None."""
    if noun.lemma_.lower() not in ISSUED_NOUNS or noun.dep_ != "dobj":
        return None
    return next((ch for ch in noun.head.children if ch.dep_ == "nsubj" and ch.lower_ not in RELATIVE), None)


def nominal_cue(ex, tok):
    """A speech noun with its speaker and content, as a dependency pattern found them ("his
    claim that ...", "a warning by X that ..."): (the verb lemma it names, class, False), or None."""
    lex = ex.lex
    hit = ex.pattern_hits.get(tok.i)
    lemma = nominal_cues()[tok.lemma_.lower()]
    if hit is not None and hit.speaker is not None and hit.content and lemma in lex.lemmas:
        return lemma, lex.classes[lemma], False
    return None


def participle_of_noun(cue) -> bool:
    """A participle cue modifying a noun, with content of its own: "a statement saying that
    ...", "Brockovich saying she ...", "voters saying they ...", "a gunman claiming allegiance
    to X", "petitions calling on X to Y". The noun speaks, or who issued it (:func:`issuer`:
    "Doe issued a statement saying ...")."""
    return cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN") and (
        any(ch.dep_ == "ccomp" and ch.i > cue.i for ch in cue.children)
        or any(ch.dep_ in ("dobj", "xcomp") or ch.dep_ == "prep" and ch.lower_ in ("on", "for")
               for ch in cue.rights))
