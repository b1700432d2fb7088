"""Event status of a target action: is it prospective (will, may, ready to, plans, threatens)
or actual (under way or done: is striking, has carried out, launched, continues)?

The reading follows FactBank (Sauri & Pustejovsky 2009) and TimeML aspect: a modality cue
on the action's chain of governing words (the families prediction, hedge, commitment, need,
conditional and question of ``stance_lexicon.json``) makes it prospective; otherwise the
action's own clause decides by its tense and aspect (past, perfect, progressive, present),
an aspectual verb of carrying out ("continued shelling", "launched an offensive"), or, for a
nominal action, its modifiers ("the ongoing operation", "a possible invasion") and its
definiteness (a definite or possessed event is presupposed to exist: "the invasion",
"Freedonia's operation"); an aspectual verb of carrying out or continuing outranks a modality cue
("until the operation began"). What the action's clause leaves open is ``unknown``, and the article's
prevailing status (:func:`article_status`) stands in for it. A target file's ``status``
("prospective" or "ongoing") overrides every reading.
"""
from __future__ import annotations

import functools

from analysis.stance.lexicon import load_lexicon

PROSPECTIVE, ACTUAL, UNKNOWN = "prospective", "actual", "unknown"
#: Cue families that put the action in the future or in the irrealis.
PROSPECTIVE_FAMILIES = {"prediction", "hedge", "commitment", "need", "conditional", "question"}
#: Modal auxiliaries (Quirk et al. 1985, §3.39): the event is not asserted as happening.
MODALS = {"will", "would", "shall", "should", "may", "might", "could", "can", "must", "'ll", "wo", "ca", "'d",
          "ought"}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your"}


@functools.lru_cache(maxsize=1)
def _words() -> tuple[frozenset, frozenset, frozenset]:
    lex = load_lexicon()["status"]
    return (frozenset(w.split()[0] for w in lex["actual_verbs"]), frozenset(lex["prospective_words"]),
            frozenset(lex["actual_words"]))


def _clause_status(verb) -> str:
    """The status a finite verb's own tense, aspect and modality give its clause."""
    aspectual, _, _ = _words()
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ in MODALS for a in aux):
        return PROSPECTIVE
    if any(a.lower_ == "going" for a in aux) or any(c.lower_ == "going" and c.dep_ == "aux" for c in aux):
        return PROSPECTIVE
    if verb.lemma_.lower() in aspectual:
        return ACTUAL
    if any(a.lower_ == "to" for a in aux):
        return UNKNOWN                  # an infinitive: its governor decides
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return ACTUAL
    if verb.tag_ in ("VBN", "VBG") and any(a.tag_ in ("VBD", "VBZ", "VBP") for a in aux):
        return ACTUAL                   # has carried out, is striking, were deployed
    return UNKNOWN


def _clause_verb(root):
    """The verb whose clause the action belongs to: the action itself when it is a verb, else the
    verb it is the subject or object of (None for any other nominal)."""
    if root.pos_ in ("VERB", "AUX"):
        return root
    if root.dep_ in ("nsubj", "nsubjpass", "dobj") and root.head.pos_ in ("VERB", "AUX"):
        return root.head
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return root.head.head        # the by-agent of a passive: "bases are blocked by Freedonian forces"
    return None


def event_status(action, cues) -> str:
    """``prospective`` | ``actual`` | ``unknown`` for one target action span, given the cues
    read along its chain of governing words (:func:`analysis.stance.rules.read_chain`)."""
    aspectual, prospective_words, actual_words = _words()
    root = action.root
    for c in root.children:
        if c.dep_ in ("amod", "advmod", "compound"):
            if c.lower_ in prospective_words:
                return PROSPECTIVE
            if c.lower_ in actual_words:
                return ACTUAL
    verb = _clause_verb(root)
    if verb is not None and verb.lemma_.lower() in aspectual and _clause_status(verb) != PROSPECTIVE:
        return ACTUAL                   # "the operation began", "launched an offensive", "continues"
    if any(c.family in PROSPECTIVE_FAMILIES for c in cues):
        return PROSPECTIVE
    if root.pos_ in ("VERB", "AUX"):
        own = _clause_status(root)
        if own != UNKNOWN or root.head.i == root.i:
            return own
        head = root.head                # "continued shelling", "began to withdraw", "plans to send"
        if head.pos_ in ("VERB", "AUX") and root.dep_ in ("xcomp", "ccomp", "conj"):
            if head.lemma_.lower() in aspectual:
                return ACTUAL
            return PROSPECTIVE if _clause_status(head) == PROSPECTIVE else UNKNOWN
        return UNKNOWN
    if verb is not None:                # a nominal action as the subject or object of a clause
        own = _clause_status(verb)
        if own != UNKNOWN:
            return own
    if any(c.dep_ == "poss" for c in root.children) or any(
            c.dep_ == "det" and c.lower_ in _DEFINITE for c in root.children):
        return ACTUAL                   # a definite or possessed event is presupposed
    return UNKNOWN


def article_status(statuses) -> str:
    """The article's prevailing status of the target action, from the statuses of its on-target
    action mentions: actual when more of them are actual than prospective, else prospective."""
    statuses = list(statuses)
    actual = sum(s == ACTUAL for s in statuses)
    prospective = sum(s == PROSPECTIVE for s in statuses)
    return ACTUAL if actual > prospective else PROSPECTIVE
