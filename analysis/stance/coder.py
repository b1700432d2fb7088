"""Coding one span: which rule makes it relevant, and how the speaker's words, the event's
status and the speaker's side compose into its stance.

The relevance rules (R1-R8) and the composition steps are documented in
``analysis/data/stance_codebook.md``; the parse is read by :mod:`analysis.stance.rules`.

* R1/R2: a target action done by the target actor, or with the actor in the sentence or in
  the sentences just before; polarity from the words governing it (:func:`read_chain`).
* R3: no action word, but a cue or a pro-form about an action just discussed.
* R4: no action word, but an evaluation aimed at the actor or its conduct.
* R5: a speaker on the actor's side speaking about the action while it is under way.
* R6: a speaker on the actor's side asserting another party's use or preparation of force.
* R7: a speaker not on the actor's side invoking sovereignty or territorial integrity.
* R8: a target place claimed as the actor's ("Northland is part of Freedonia").

R1-R3 and the composition are here; R4-R8 are in :mod:`analysis.stance.relevance`.

Composition, after polarity is read: denial of an accusation and the actor's side denying an
act of force are defences (pro); an action under way that is only reported takes no side
unless the actor's own side reports it; harm to the protected condemns the act.
"""
from __future__ import annotations

from analysis.stance.effects import accusation, composition, harmed, hostile
from analysis.stance.relevance import (  # noqa: F401  (R5_MIN_TOKENS: re-exported)
    R5_MIN_TOKENS, _speech_nouns, actor_evaluation, actor_side_defence, evaluate_np, other_side_force,
    sovereignty_appeal, territorial_claim,
)
from analysis.stance.rules import Cue, DocIndex, SpanCoding, _anchors, not_relevant, read_chain
from analysis.stance.status import ACTUAL
from analysis.stance.target import Target, load_target

#: Speaker sides: the target actor (or who speaks for it), anyone else, or unknown (narrator).
ACTOR, OTHER, NO_SIDE = "actor", "other", "none"
#: Cue families that only place the action in time or modality: they take no side.
_NEUTRAL_FAMILIES = {"certainty", "evidence", "effect", "prediction"}


def _governs_action(tok, span, index: DocIndex) -> bool:
    """Does ``tok`` govern an action word inside ``span`` (its clause names an action)?"""
    return any(t.i in index.action_tokens for t in tok.subtree if span.start <= t.i < span.end)


def classify_span(span, target: Target | str | None = None, index: DocIndex | None = None,
                  on_target: set[int] | None = None, skip: set[int] = frozenset(),
                  speaker: str = "", side: str = NO_SIDE) -> SpanCoding:
    """Code one span: relevance, likelihood, evaluation and stance, with the cues that fired.

    ``skip``: token indices not to read as cues (the statement's own reporting cue is read;
    pass speaker tokens here). ``speaker``: the statement's speaker, whom first-person
    pronouns in it ("I did it", "we agreed") refer to. ``side``: ``actor`` when the speaker is
    the target actor or speaks for it (its affiliation), ``other``, or ``none`` (narrator).
    """
    target = load_target(target)
    if not len(span):
        return not_relevant("empty span")
    if index is None:
        index = DocIndex(span.doc, target)
    if side == NO_SIDE and speaker:
        side = ACTOR if index.is_actor_name(speaker) else OTHER
    index.first_person = {ACTOR: "target", OTHER: "other"}.get(side, "none")
    on_target = index.on_target if on_target is None else on_target
    host = index.doc[span[0].sent.start:span[-1].sent.end]
    window = index.context(span)
    candidates, elsewhere = [], None
    for sp in index.actions:
        if sp.start < span.start or sp.end > span.end:
            continue
        kind, who = index.agent(sp)
        where, place = index.place(sp)
        if where == "elsewhere" and kind != "other":
            elsewhere = elsewhere or f"{sp.text} in {place.text}"
            continue
        if kind == "target":
            rule, note = "R1-actor-agent", f"{sp.text}←{who.text} [R1 actor-agent]"
        elif kind == "none" and (index.actor_in(span) or index.actor_in(host)):
            rule, note = "R2-actor-in-sentence", f"{sp.text} (actor in sentence) [R2]"
        elif kind == "none" and any(k in on_target or index.actor_in(index.sents[k]) for k in window):
            rule, note = "R2-actor-in-context", f"{sp.text} (actor in previous sentences) [R2]"
        else:
            continue
        pol = read_chain(sp.root, index, skip)
        code = compose(sp, pol, rule, note, side, index)
        candidates.append((pol.conceded, code.stance == "neutral", sp.start, code))
    if candidates:
        return min(candidates, key=lambda c: c[:3])[3]
    others = [sp for sp in index.actions if sp.start >= span.start and sp.end <= span.end]
    if others and not elsewhere:
        coded = actor_evaluation(span, index, on_target, skip)       # R4: "this is a war of aggression ... stop Firefly"
        if coded is None and side == ACTOR:
            coded = other_side_force(span, others, index, on_target, skip)   # R6
        if coded is None and side == OTHER:
            coded = sovereignty_appeal(span, index, on_target)               # R7
        return coded if coded is not None else not_relevant("action not by the target actor")
    # R3: no action word, but a cue or evaluation about an action just discussed
    fallback = f"action located elsewhere ({elsewhere})" if elsewhere else "no target action cue"
    for kind, subj in _anchors(span, index):
        coded = _elided(span, kind, subj, index, on_target, skip, side)
        if coded is not None:
            return coded
    if elsewhere:
        return not_relevant(fallback)
    coded = actor_evaluation(span, index, on_target, skip)           # R4
    if coded is None:
        coded = territorial_claim(span, index, on_target, skip)     # R8
    if coded is None and side == ACTOR:
        coded = actor_side_defence(span, index, on_target, skip)     # R5
    if coded is None and side == OTHER:
        coded = sovereignty_appeal(span, index, on_target)           # R7
    return coded if coded is not None else not_relevant(fallback)


# --------------------------------------------------------------------------- composition
def _with(pol, cue: Cue, stance: str) -> tuple:
    pol.cues.append(cue)
    likelihood, evaluation, _ = pol.label()
    return likelihood, evaluation, stance


def compose(action, pol, rule: str, note: str, side: str, index: DocIndex) -> SpanCoding:
    """The stance of a relevant action from its polarity, status and the speaker's side."""
    doc = index.doc
    if not pol.valence and action.root.pos_ in ("NOUN", "PROPN"):
        # the action named as a noun phrase is evaluated like the actor ("Freedonia's attack as a
        # heavy blow", "the deployment was a breach of international law")
        host = doc[action.root.sent.start:action.root.sent.end]
        total, cues = evaluate_np(action.root, host, index, frozenset())
        if total:
            pol.valence += total
            pol.cues += cues
    own, status = index.status_of(action, pol.cues)
    likelihood, evaluation, stance = pol.label()
    here = doc[action.start:action.end]
    if pol.denied_accusation and not pol.conditional:
        # negation of opposition: rejecting criticism of (or accusations about) the act defends it
        likelihood, evaluation, stance = _with(pol, Cue.on(here, "evaluation", "composition", "favor",
                                                           "rejects an accusation: defends the act"), "pro")
    elif side == ACTOR and not pol.conditional and (pol.hostile_denied or pol.sign < 0 and pol.valence <= 0 and (
            hostile(action) or pol.denial_lemma == "deny" or (pol.denial and status == ACTUAL))):
        # the actor's side saying it is not doing an act of force, or denying the act outright,
        # rejects the accusation ("we have no plans to invade", "denied sending any forces",
        # "the decision is not an act of aggression")
        likelihood, evaluation, stance = _with(pol, Cue.on(here, "evaluation", "composition", "favor",
                                                           "the actor's side denies it: a defence"), "pro")
    elif pol.sign < 0 and own == ACTUAL and hostile(action) and not pol.conditional and pol.valence <= 0 and (
            pol.denial or any(c.family == "negation" for c in pol.cues)) and not any(
            c.family == "opposition" for c in pol.cues):
        # anyone saying the act of force is not happening now, or did not happen, defends the actor
        # against the accusation ("Firefly is not seizing anything"); a forecast that it will not happen
        # stays a doubt of it
        likelihood, evaluation, stance = _with(pol, Cue.on(here, "evaluation", "composition", "favor",
                                                           "denies an act of force under way: a defence"), "pro")
    elif pol.sign > 0 and _harms_protected(action):
        likelihood, evaluation, stance = _with(pol, Cue.on(here, "evaluation", "effect", "against",
                                                           "harm to the protected"), "con")
    elif own == ACTUAL and _bare(pol):
        if side == ACTOR:
            likelihood, evaluation, stance = _with(pol, Cue.on(here, "evaluation", "status", "favor",
                                                               "the actor's side reports its act under way"), "pro")
        else:
            pol.cues.append(Cue.on(here, "likelihood", "status", "unclear", "a bare report of an act under way"))
            likelihood, evaluation, stance = "likely", "none", "neutral"
    code = SpanCoding(True, rule, likelihood, evaluation, stance, pol.cues, note)
    code.event_status = status
    return code


def _bare(pol) -> bool:
    """No cue and no evaluation takes a side: the action is only reported."""
    return pol.sign > 0 and not pol.valence and not (pol.hedged or pol.conditional or pol.question or pol.topic
                                                     or pol.ending) and all(
        c.family in _NEUTRAL_FAMILIES for c in pol.cues)


def _harms_protected(action) -> bool:
    """The act's own words harm the protected: "attacking peaceful cities", "shelled homes"."""
    root = action.root
    if not hostile(action) and not harmed(root):
        return False
    protected = composition()["protected"] | composition()["protected_modifiers"]
    for c in root.children:
        heads = [c] if c.dep_ in ("dobj", "nsubjpass") else [g for g in c.children if g.dep_ == "pobj"] \
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of") else []
        for h in heads:
            if {h.lemma_.lower(), h.lower_} & protected or any(a.lower_ in protected for a in h.children
                                                                 if a.dep_ == "amod"):
                return True
    return False


# --------------------------------------------------------------------------- R3
def _elided(span, kind, subj, index: DocIndex, on_target, skip, side: str = NO_SIDE) -> SpanCoding | None:
    """R3 for one subject: its clause names no action, the action was discussed just before the
    subject's sentence, and a decisive cue (or a pro-form) governs the clause. The actor's side
    doubting an act of force its clause names ("there is no reason to fear an escalation") defends
    it, as in :func:`compose`."""
    root = subj.head
    if _governs_action(root, span, index):
        return None  # "it wants to send troops into X": the clause has its own action
    window = index.context(index.doc[subj.i:subj.i + 1])
    ctx = window[-1:] if kind in ("anaphor", "existential") else window
    if not any(k in on_target for k in ctx):
        return None
    if kind == "actor" and _other_event(root):
        return None  # "he expected to meet the envoy", "Firefly would decide on our next steps": another event
    pol = read_chain(root, index, skip)
    # a pro-form standing for the action just discussed: "Freedonia might do so", "they will do it"
    proform = root.lemma_ == "do" and any(c.lower_ in ("so", "it", "that", "this") and c.dep_ in ("advmod", "dobj")
                                          for c in root.children)
    if proform and kind == "actor":
        likelihood, evaluation, stance = pol.label()
        note = f"{root.text} … ({subj.text}: actor), pro-form for the action just discussed [R3 elided action]"
        return SpanCoding(True, "R3-elided-action", likelihood, evaluation, stance, pol.cues, note)
    for c in root.children:
        cue = index.cue_at.get(c.i)
        if c.dep_ in ("attr", "dobj", "acomp") and cue is not None and cue.label_ in ("need", "doubt", "commitment"):
            sub = read_chain(c, index, skip)
            pol = sub if sub.cues else pol
    decisive = [c for c in pol.cues if c.family not in ("hedge", "conditional", "negation", "effect")]
    if not decisive:
        return None
    likelihood, evaluation, stance = pol.label()
    if root.lemma_.lower() in composition()["denial_lemmas"] and any(
            c.dep_ == "dobj" and (accusation(c, index) or c.lemma_.lower() in _speech_nouns()) for c in root.children):
        # "the Palace dismissed the remarks (about the act)": rejecting what was said defends the act
        likelihood, evaluation, stance = _with(pol, Cue.on(root.doc[root.i:root.i + 1], "evaluation", "composition",
                                                           "favor", "rejects an accusation: defends the act"), "pro")
    elif side == ACTOR and stance == "con" and not pol.conditional and pol.valence <= 0 and any(
            hostile(root.doc[t.i:t.i + 1]) for t in root.subtree if span.start <= t.i < span.end):
        likelihood, evaluation, stance = _with(pol, Cue.on(root.doc[root.i:root.i + 1], "evaluation", "composition",
                                                           "favor", "the actor's side denies it: a defence"), "pro")
    note = f"{subj.text} ({kind}), target action in previous sentence(s) [R3 elided action]"
    return SpanCoding(True, "R3-elided-action", likelihood, evaluation, stance, pol.cues, note)


def _other_event(root) -> bool:
    """The actor's clause names an event of its own: an infinitive complement other than a pro-form
    ("expected to meet X"), or a verb with an object or an on/about/with object ("decide on our
    next steps", "promised nothing to that effect"). An elided action leaves the clause without
    one: "Freedonia will be ready", "it is not needed", "Fredville will not"."""
    if root.lemma_.lower() in composition()["denial_lemmas"]:
        return False                 # "denied the charges": a denial, read by the composition rules
    verbs = [root] + [c for c in root.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    for v in verbs:
        if v.lemma_ == "do":
            continue
        if v is not root and v.lemma_ not in ("be", "have"):
            return True
        if v.pos_ == "VERB" and any((c.dep_ == "dobj" and c.lower_ not in ("so", "it", "that", "this"))
                                    or (c.dep_ == "prep" and c.lower_ in ("on", "about", "with")) for c in v.children):
            return True
    return False
