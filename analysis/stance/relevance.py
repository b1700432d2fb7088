"""Relevance rules R4-R8: a span with no target action done by the target actor that still
takes a side, through an evaluation of the actor (R4), the speaker's side (R5, R6, R7) or a
claim to a target place (R8). :func:`~analysis.stance.coder.classify_span` tries them after
R1-R3; each returns a :class:`~analysis.stance.rules.SpanCoding`, or None when it does not
apply. The rules are documented in ``analysis/data/stance_codebook.md``.

* R4: no action word, but an evaluation aimed at the actor or its conduct (:func:`actor_evaluation`).
* R5: a speaker on the actor's side speaking about the action while it is under way (:func:`actor_side_defence`).
* R6: a speaker on the actor's side asserting another party's use or preparation of force (:func:`other_side_force`).
* R7: a speaker not on the actor's side invoking sovereignty or territorial integrity (:func:`sovereignty_appeal`).
* R8: a target place claimed as the actor's, "Northland is part of Freedonia" (:func:`territorial_claim`).
"""
from __future__ import annotations

import functools

from analysis.stance.lexicon import load_lexicon, valence
from analysis.stance.rules import (
    CONTEXT_WINDOW, FIRST_PERSON, LOCATIVE_PREPS, PERSONAL_PRONOUNS, Cue, DocIndex, SpanCoding, _extraposed,
    _negators, read_chain, reporting_lemmas,
)
from analysis.stance.status import ACTUAL

#: Minimum length (tokens) of a statement that R5 reads as speaking about the action.
R5_MIN_TOKENS = 4


# --------------------------------------------------------------------------- R4, R5
@functools.lru_cache(maxsize=None)
def _lexicon_set(name: str) -> frozenset:
    """One word list of the lexicon's ``target_evaluation`` part."""
    return frozenset(load_lexicon()["target_evaluation"][name])


def _conduct_nouns() -> frozenset:
    return _lexicon_set("conduct_nouns")


def _speech_nouns() -> frozenset:
    return _lexicon_set("speech_nouns")


def _punitive() -> frozenset:
    return _lexicon_set("punitive")


def _on_topic(span, index: DocIndex, on_target) -> bool:
    """The span's sentences, or the few before them, hold the target action by the actor, or the
    span names one of the target's places."""
    if index.place_tokens and any(i in index.place_tokens for i in range(span.start, span.end)):
        return True
    if not on_target:
        return False
    sents = index.sent_of[span.start:span.end]
    sents = sents[sents >= 0]
    if not len(sents):
        return False
    first, last = int(sents.min()), int(sents.max())
    return any(k in on_target for k in range(max(0, first - CONTEXT_WINDOW), last + 1))


def _actor_targets(span, index: DocIndex, skip):
    """Noun phrases in the span that stand for the actor or its conduct: the actor's own noun
    phrase ("Freedonia", "the Palace", "Freedonian officials"), a first-person pronoun when the
    speaker is the actor's side, a pronoun whose referent is the actor, and a conduct noun the
    actor possesses, modifies or does ("Freedonia's actions", "a reckless gamble by Fredville")."""
    seen = set()
    for t in span:
        if t.i in skip:
            continue
        np = None
        if t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ in ("pro", "anti"):
            continue                       # "pro-Freedonian": an attitude to the actor, not the actor
        if t.i in index.actor_tokens:
            if t.dep_ in ("compound", "amod", "poss") and t.head.i in index.actor_tokens:
                continue                   # inside a longer actor name
            if t.dep_ == "poss":
                np = t.head if t.head.lemma_.lower() in _conduct_nouns() else None
            elif t.dep_ in ("amod", "compound"):
                np = t.head                # "Freedonian officials", "Palace aides"
            else:
                np = t
        elif t.lower_ in PERSONAL_PRONOUNS | FIRST_PERSON and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and \
                not _extraposed(t) and index.classify_np(t) == "target":
            np = t
        elif t.lemma_.lower() in _conduct_nouns() and t.pos_ == "NOUN" and (
                index.is_actor_np(t) or any(c.dep_ == "prep" and c.lower_ in ("by", "of") and any(
                    g.dep_ == "pobj" and g.i in index.actor_tokens for g in c.children) for c in t.children)):
            np = t
        if np is not None and np.i not in seen:
            seen.add(np.i)
            yield np


def _evaluations(np):
    """Words that evaluate a noun phrase: its own adjectives (and its head noun, for conduct
    nouns), what is predicated of it as a subject, the predicate it is the object of with that
    predicate's complements, the noun it names or is in apposition to ("Firefly, a 'war
    criminal'"), and the noun or verb it is an argument of through a preposition
    ("condemnation of X", "trust in X", "sanctions against X", "impose costs on X")."""
    if np.dep_ == "pobj" and np.head.dep_ == "prep" and np.head.head.lemma_.lower() in _speech_nouns():
        return []                            # "the envoy's statement on Firefly": an evaluation there is of the words
    words = [c for c in np.children if c.dep_ == "amod"]
    if np.lemma_.lower() in _conduct_nouns():
        words.append(np)
    head = np.head
    if np.dep_ in ("nsubj", "nsubjpass"):
        # the actor as subject: what is predicated of it ("Fredville is reckless", "has made a grave
        # mistake"), not the verb, whose valence is the subject's own attitude ("hopes", "fears")
        if head.pos_ == "ADJ":
            words.append(head)                 # "X unacceptable" (a verbless headline)
        for c in head.children:
            if c.dep_ in ("acomp", "attr", "oprd") or (c.dep_ == "dobj" and c.lemma_.lower() in _conduct_nouns()):
                words.append(c)
                words += [g for g in c.children if g.dep_ in ("amod", "compound")]
    elif np.dep_ in ("dobj", "dative", "attr"):
        words.append(head)
        for c in head.children:
            if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "dobj", "ccomp") and c.i != np.i:
                words.append(c)
                words += [g for g in c.children if g.dep_ in ("amod", "compound")]
            if c.dep_ == "prep" and c.lower_ == "as":         # "views X as a heavy blow"
                for g in c.children:
                    words += [g] + [a for a in g.children if a.dep_ in ("amod", "compound")]
    elif np.dep_ in ("nmod", "appos") and head.pos_ in ("NOUN", "PROPN"):
        words.append(head)                  # "Firefly 'war criminal'", "Fredville, the aggressor"
        words += [g for g in head.children if g.dep_ in ("amod", "compound") and g.i != np.i]
        if head.dep_ in ("oprd", "attr", "dobj") and head.head.pos_ == "VERB":
            words.append(head.head)
    elif np.dep_ == "pobj" and head.dep_ == "prep":
        gov = head.head
        words.append(gov)
        words += [c for c in gov.children if c.dep_ in ("amod", "dobj")]
        if gov.dep_ in ("dobj", "attr") and gov.head.pos_ == "VERB":
            words.append(gov.head)             # "made a grave mistake", "voiced trust in X"
    return words


def evaluate_np(np, host, index: DocIndex, skip) -> tuple[float, list]:
    """The summed evaluation of a noun phrase (the actor, its conduct or its action) by the
    words of :func:`_evaluations` inside ``host``: opposition and endorsement cues count -2/+2,
    punitive measures -2, other words their valence; a negated word flips."""
    doc = index.doc
    punitive = _punitive()
    total, cues = 0.0, []
    for w in dict.fromkeys(_evaluations(np)):
        if w.i in skip or w.i in index.actor_tokens or w.i in index.action_tokens or \
                not host.start <= w.i < host.end:
            continue
        cue = index.cue_at.get(w.i)
        fam = cue.label_ if cue is not None else ""
        if fam not in ("opposition", "endorsement") and w.lemma_.lower() in reporting_lemmas():
            continue
        if w.lemma_.lower() in punitive:
            fam = "punitive"
        v = {"opposition": -2.0, "endorsement": 2.0, "punitive": -2.0}.get(fam) or valence(w)
        if not v:
            continue
        if v < 0 and not fam and np.dep_ == "pobj" and np.head.lower_ in ("against", "on") and np.head.head.i == w.i:
            v = -v                         # a harmful act against the actor: it is the one who suffers
            fam = "effect"
        if len(_negators(w, index)) % 2:
            v = -v
        total += v
        cues.append(Cue.on(doc[w.i:w.i + 1], "evaluation", fam or "valence", "favor" if v > 0 else "against",
                           f"evaluates {np.text} ({v:+.1f})"))
    return total, cues


def actor_evaluation(span, index: DocIndex, on_target, skip) -> SpanCoding | None:
    """R4: an evaluation aimed at the actor or its conduct, with no action word ("Fredville has
    made a grave mistake", "condemned Freedonia's actions", "we trust our Freedonian partners").

    The article must be about the target: the actor named outright needs the target action by
    the actor somewhere in the article; a pronoun or a conduct noun needs it nearby."""
    local = _on_topic(span, index, on_target)
    if not local and not on_target:
        return None
    host = index.doc[span[0].sent.start:span[-1].sent.end]      # the statement's own cue may evaluate
    for np in _actor_targets(span, index, skip):
        if not local and np.i not in index.actor_tokens and not any(c.i in index.actor_tokens for c in np.children):
            continue
        said = np.head.head if np.dep_ == "pobj" and np.head.dep_ == "prep" else None
        if said is not None and said.lemma_.lower() in _speech_nouns():
            # words said about the actor, judged: rejecting them defends it (negation of opposition)
            total, cues = evaluate_np(said, host, index, skip)
            if total < 0:
                cues.append(Cue.on(index.doc[said.i:said.i + 1], "evaluation", "composition", "favor",
                                   f"rejects what was said about {np.text}"))
                note = f"{said.text} on {np.text}: rejected [R4 actor evaluation]"
                return SpanCoding(True, "R4-actor-evaluation", "unclear", "favor", "pro", cues, note)
            continue
        total, cues = evaluate_np(np, host, index, skip)
        if total:
            stance = "pro" if total > 0 else "con"
            note = f"{np.text}: evaluated, no action word [R4 actor evaluation]"
            return SpanCoding(True, "R4-actor-evaluation", "unclear", "favor" if total > 0 else "against", stance,
                              cues, note)
    return None


def other_side_force(span, actions, index: DocIndex, on_target, skip) -> SpanCoding | None:
    """R6: a speaker on the actor's side asserting that another party uses or prepares force
    ("Sylvania was preparing to launch a military operation", "armed men from Sylvania tried to seize
    the building") gives the actor's reason to act: a justification, pro. Warnings against
    another's involvement are not assertions of it (an opposition or negation cue), and stay
    neutral."""
    if not _on_topic(span, index, on_target):
        return None
    for sp in actions:
        kind, who = index.agent(sp)
        if kind != "other":
            continue
        pol = read_chain(sp.root, index, skip)
        if pol.sign < 0 or pol.question or pol.topic or pol.ending or any(
                c.family in ("opposition", "doubt", "need", "endorsement") for c in pol.cues):
            continue
        cue = Cue.on(sp, "evaluation", "side", "favor", f"the actor's side on {who.text}'s force: a justification")
        note = f"{sp.text}←{who.text} (another party), told by the actor's side [R6 other side's force]"
        return SpanCoding(True, "R6-other-side-force", "likely", "favor", "pro", pol.cues + [cue], note)
    return None


def _belongs(actor, nouns) -> object | None:
    """The predicate that makes something the actor's, for an actor token: "part of Freedonia",
    "belongs to Freedonia", "a Freedonian town", "be in Freedonia"; None otherwise."""
    head = actor.head
    if actor.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in nouns:
        return head.head                                  # "(an inseparable) part of Freedonia"
    if actor.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() == "belong":
        return head.head                                  # "belongs to Freedonia"
    if actor.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in ("be", "remain", "stay") and \
            actor.ent_type_ == "GPE" and head.head.dep_ == "xcomp":
        return head.head                                  # "we want to be in Freedonia": a wish to belong
    if actor.dep_ in ("amod", "compound") and head.lemma_.lower() in nouns and head.dep_ in ("attr", "oprd"):
        return head                                       # "Portville is a Freedonian town"
    return None


def territorial_claim(span, index: DocIndex, on_target, skip) -> SpanCoding | None:
    """R8: a target place (or the speaker's own people, or a pronoun) said to be part of, or to
    belong to, the actor argues for the actor's control of it (pro); negated, against it (con)."""
    if not index.target.places or not _on_topic(span, index, on_target):
        return None
    nouns = _lexicon_set("belonging_nouns")
    for t in span:
        if t.i not in index.actor_tokens or t.i in skip:
            continue
        pred = _belongs(t, nouns)
        if pred is None:
            continue
        verb = pred if pred.pos_ in ("VERB", "AUX") else pred.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ in ("xcomp", "conj"):
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not (subj.i in index.place_tokens or subj.lower_ in ("we", "i")
                                or any(c.i in index.place_tokens for c in subj.children)):
            continue                 # a target place, or the speaker's own people ("we want to be in ...")
        negated = (len(_negators(verb, index)) + len(_negators(pred, index))) % 2 == 1
        stance = "con" if negated else "pro"
        cue = Cue.on(span.doc[pred.i:pred.i + 1], "evaluation", "belonging", "against" if negated else "favor",
                     f"{subj.text} as the actor's ({pred.text} … {t.text})", negated=negated)
        note = f"{subj.text}: claimed as the actor's [R8 territorial claim]"
        return SpanCoding(True, "R8-territorial-claim", "likely", "against" if negated else "favor", stance,
                          [cue], note)
    return None


def sovereignty_appeal(span, index: DocIndex, on_target) -> SpanCoding | None:
    """R7: a speaker not on the actor's side invoking a state's sovereignty, territorial integrity
    or the inviolability of its borders, in an article about the target, opposes the act."""
    if not on_target or not _on_topic(span, index, on_target):
        return None
    words = _lexicon_set("sovereignty")
    for t in span:
        lemma = t.lemma_.lower()
        if lemma not in words or (lemma == "integrity" and not any(c.lower_ == "territorial" for c in t.children)):
            continue
        owners = [c for c in t.children if c.dep_ in ("poss", "compound", "amod")] + [
            g for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        named = [o for o in owners if o.pos_ == "PROPN" or o.ent_type_ in ("GPE", "NORP", "ORG")]
        if named and not any(o.i in index.place_tokens or any(g.i in index.place_tokens for g in o.subtree)
                             for o in named):
            continue                 # another named state's sovereignty ("respects Freedonia's sovereignty")
        cue = Cue.on(span.doc[t.i:t.i + 1], "evaluation", "sovereignty", "against",
                     "appeals to sovereignty / territorial integrity")
        note = f"{t.text}: invoked by a speaker not on the actor's side [R7 sovereignty]"
        return SpanCoding(True, "R7-sovereignty", "unclear", "against", "con", [cue], note)
    return None


def actor_side_defence(span, index: DocIndex, on_target, skip) -> SpanCoding | None:
    """R5: while the action is under way, a speaker on the actor's side who speaks about it
    (the target or its places in the span or the sentences just before) defends it."""
    if index.article_status != ACTUAL or len(span) < R5_MIN_TOKENS or not _on_topic(span, index, on_target):
        return None
    if any(index._named_place(t) and t.head.dep_ == "prep" and t.head.lower_ in LOCATIVE_PREPS for t in span):
        return None                      # it is located in another place: about something else
    if any(index.cue_at.get(t.i) is not None and index.cue_at[t.i].label_ in ("terminative", "topic")
           for t in span):
        return None                      # an end of the act, or only a topic of talks
    pol = read_chain(span.root, index, skip)
    if pol.valence < 0 and not pol.denial:
        return None
    cue = Cue.on(span[:1], "evaluation", "side", "favor", "the actor's side on its act under way")
    note = "speaker speaks for the target actor; the action is under way [R5 actor's side]"
    code = SpanCoding(True, "R5-actor-side", "likely", "favor", "pro", [cue], note)
    code.event_status = ACTUAL
    return code

