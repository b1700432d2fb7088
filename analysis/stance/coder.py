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

Composition, after polarity is read: denial of an accusation and the actor's side denying an
act of force are defences (pro); an action under way that is only reported takes no side
unless the actor's own side reports it; harm to the protected condemns the act.
"""
from __future__ import annotations

import functools

from analysis.stance.effects import accusation, composition, harmed, hostile
from analysis.stance.lexicon import load_lexicon, valence
from analysis.stance.rules import (
    CONTEXT_WINDOW, FIRST_PERSON, LOCATIVE_PREPS, PERSONAL_PRONOUNS, Cue, DocIndex, SpanCoding, _anchors, _extraposed,
    _negators, not_relevant, read_chain, reporting_lemmas,
)
from analysis.stance.status import ACTUAL
from analysis.stance.target import Target, load_target

#: Speaker sides: the target actor (or who speaks for it), anyone else, or unknown (narrator).
ACTOR, OTHER, NO_SIDE = "actor", "other", "none"
#: Cue families that only place the action in time or modality: they take no side.
_NEUTRAL_FAMILIES = {"certainty", "evidence", "effect", "prediction"}
#: Minimum length (tokens) of a statement that R5 reads as speaking about the action.
R5_MIN_TOKENS = 4


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
