"""Target-dependent polarity: what the words governing a target action say about it.

:func:`read_chain` walks from an action (or an R3 cue) up its chain of heads to the sentence
root and collects, as a :class:`Polarity`, the negation, cue families (:mod:`analysis.stance.lexicon`)
and evaluative predicates that govern it, each as a :class:`Cue`. ``index`` is always the Doc's
:class:`~analysis.stance.rules.DocIndex` (not annotated here: that module imports this one).
The rules are documented in ``analysis/data/stance_codebook.md``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from analysis.stance.effects import accusation, composition, harmed
from analysis.stance.lexicon import family, valence

#: Light verbs: their object names the attitude ("expressed concern", "voiced opposition").
LIGHT_VERBS = {"express", "voice", "raise", "show", "signal", "register"}
_STOP_DEPS = {"ROOT"}


@dataclass
class Cue:
    """One cue that fired, with the rule that used it (shown in ``stance_cues``)."""

    axis: str          # likelihood | evaluation
    family: str        # negation, need, doubt, opposition, valence, conditional, ...
    start: int         # token indices in the Doc
    end: int
    value: str         # likely | unlikely | unclear | favor | against
    rule: str
    negated: bool = False
    text: str = ""
    start_char: int = 0
    end_char: int = 0

    @classmethod
    def on(cls, span, axis, fam, value, rule, negated=False):
        return cls(axis, fam, span.start, span.end, value, rule, negated, span.text,
                   span.start_char, span.end_char)

    def label(self) -> str:
        return f"{self.text}→{self.rule}({self.value})"


# --------------------------------------------------------------------------- polarity
def _negators(tok, index) -> list:
    return [c for c in tok.children
            if c.dep_ == "neg" or (c.lower_ in index.negators and c.dep_ in ("det", "advmod", "preconj"))]


def _chain(tok):
    """``tok`` and its heads up to the sentence root."""
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 12:
        out.append(out[-1].head)
    return out


@dataclass
class Polarity:
    """The reading of one governed word (an action, or an R3 cue) along its chain of heads."""

    sign: int = 1                # +1 asserted, -1 negated / doubted / opposed
    valence: float = 0.0         # summed evaluation of the governing predicates
    hedged: bool = False
    conditional: bool = False
    question: bool = False
    topic: bool = False          # named as a subject of talks, with no cue above the talk
    ending: bool = False
    conceded: bool = False
    denial: bool = False         # a verb of denial (deny, dismiss, reject) governs the action
    denied_accusation: bool = False  # ... and its object is an accusation or criticism of it
    denial_lemma: str = ""
    hostile_denied: bool = False     # a negated predicate names an act of force ("is not an act of aggression")
    demand_end: bool = False         # a need cue governs its ending ("demanded the withdrawal of troops")
    cues: list = field(default_factory=list)

    def label(self) -> tuple[str, str, str]:
        """(likelihood, evaluation, stance)."""
        evaluation = "favor" if self.valence > 0 else "against" if self.valence < 0 else "none"
        if self.demand_end and not self.question:
            return "unlikely", "against", "con"   # a demand that the act end opposes it
        if self.ending or self.question or self.topic:
            return "unclear", "none", "neutral"
        if self.sign < 0 and not self.conditional:
            likelihood = "unlikely"
        else:
            likelihood = "unclear" if self.hedged and self.sign > 0 else "likely"
        if evaluation != "none":
            return likelihood, evaluation, "pro" if evaluation == "favor" else "con"
        return likelihood, evaluation, "con" if likelihood == "unlikely" else "pro"


_EFFECT_VALUE = {"favor": "favor", "likely": "likely", "unlikely": "unlikely", "against": "against", "uncertain": "unclear",
                 "conditional": "unclear", "question": "unclear", "ending": "unclear", "topic": "unclear"}


@functools.lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset:
    """Reporting verbs say that someone spoke, not what they think of the action."""
    from analysis.lexicons import load_lexicon as reporting_lexicon

    return frozenset(reporting_lexicon().lemmas)


def read_chain(tok, index, skip: set[int] = frozenset()) -> Polarity:
    """Walk from ``tok`` up to its sentence root, collecting negation, cue families and
    evaluative predicates that govern it (target-dependent polarity). Read once per
    ``(token, skip)`` and Doc index; each caller gets its own copy to compose on."""
    key = (tok.i, frozenset(skip))
    pol = index.chains.get(key)
    if pol is None:
        pol = index.chains[key] = _read_chain(tok, index, skip)
    return replace(pol, cues=list(pol.cues))


def _read_chain(tok, index, skip) -> Polarity:
    doc = index.doc
    pol = Polarity()
    seen_cues = set()
    chain = _chain(tok)
    clause_seen = False  # the action's own clause (its first verb on the chain) may carry a comment
    for k, t in enumerate(chain):
        if k and chain[k - 1].dep_ == "conj":
            # a coordinated clause has its own negation and cues: "X isn't the first and will be ..."
            if t.dep_ in _STOP_DEPS:
                break
            continue
        head_negated = len(_negators(t, index)) % 2 == 1
        for neg in _negators(t, index):
            if neg.i in skip or neg.i in seen_cues:
                continue
            pol.sign *= -1
            pol.cues.append(Cue.on(doc[neg.i:neg.i + 1], "likelihood", "negation", "unlikely",
                                   f"negates '{t.text}'", negated=True))
        if k and t.lower_ == "without":
            pol.sign *= -1
            pol.cues.append(Cue.on(doc[t.i:t.i + 1], "likelihood", "negation", "unlikely", "without"))
        _read_cues(pol, chain, k, index, skip, seen_cues, head_negated)
        _read_evaluations(pol, t, k, index, skip, head_negated)
        if not clause_seen and t.pos_ in ("VERB", "AUX"):
            clause_seen = True
            _read_comments(pol, t, index, skip)
        if t.dep_ in _STOP_DEPS:
            break
    if pol.topic:
        # "no point talking about it": a decisive cue or negation above the talk takes a side
        at = next(i for i, c in enumerate(pol.cues) if c.family == "topic")
        pol.topic = not any(c.family not in ("hedge", "conditional", "topic", "valence") for c in pol.cues[at + 1:])
    return pol


def _marks(t) -> list:
    """The words of chain word ``t`` that may carry a cue about what it governs: itself, its
    markers, adverbs, prepositions, auxiliaries, complements, objects and particles, and the
    markers of a condition clause on it ("will not be used unless ...", "if necessary")."""
    marks = [t] + [c for c in t.children if c.dep_ in ("mark", "advmod", "prep", "aux", "acomp", "attr",
                                                        "oprd", "dobj", "prt")]
    return marks + [m for c in t.children if c.dep_ == "advcl" for m in c.children if m.dep_ in ("mark", "advmod")]


def _cue_applies(fam: str, effect: str, m, t, k: int, chain) -> bool:
    """Does the cue on word ``m`` (of chain word ``t``, at ``k``) bear on the action below it?"""
    if fam == "opposition" and m is t and k and chain[k - 1].dep_ in ("nsubj", "agent", "pobj") and (
            chain[k - 1].dep_ != "pobj" or chain[k - 1].head.dep_ == "agent"):
        return False    # the action is who blocks or stops ("bases blocked by Russian forces"): not opposed
    if fam == "opposition" and m is not t and m.dep_ == "prep" and not (k and chain[k - 1].i == m.i):
        return False    # an "against X" beside the act names its target ("launched an operation against X",
        #                 "sent troops against X"); only an "against" holding the act opposes it ("warned against it")
    if m is not t and effect in ("unlikely", "against") and m.dep_ not in ("acomp", "attr", "oprd", "prt"):
        # "warned against", and light verbs whose object is the attitude ("expressed concern")
        light = m.dep_ == "dobj" and t.lemma_.lower() in LIGHT_VERBS
        return (fam == "opposition" and m.dep_ == "prep") or light
    return True


def _read_cues(pol: Polarity, chain, k: int, index, skip, seen_cues: set, head_negated: bool) -> None:
    """The cue families on chain word ``chain[k]`` and its marks, into ``pol``."""
    t = chain[k]
    for m in _marks(t):
        cue = index.cue_at.get(m.i)
        if cue is None or cue.start in seen_cues or m.i in skip:
            continue
        fam = cue.label_
        if fam == "concessive":
            if m is t or m.dep_ in ("mark", "prep"):
                pol.conceded = True
            continue
        effect = family(fam)["effect"]
        if fam == "opposition" and not _cue_applies(fam, effect, m, t, k, chain) and (
                m is t or m.dep_ == "prep"):
            continue    # not marked as seen: such a word is no cue here at all
        seen_cues.add(cue.start)
        if not _cue_applies(fam, effect, m, t, k, chain):
            continue
        if fam == "doubt" and m is t and t.lemma_.lower() in composition()["denial_lemmas"]:
            pol.denial = True
            pol.denial_lemma = t.lemma_.lower()
            came = chain[k - 1] if k else None
            if came is not None and accusation(came, index):
                pol.denied_accusation = True   # "dismissed concerns that X", "rejected reports of X"
        if effect in ("unlikely", "against"):
            pol.sign *= -1
        pol.hedged |= effect == "uncertain"
        pol.conditional |= effect == "conditional"
        pol.question |= effect == "question"
        pol.topic |= effect == "topic"
        if effect == "likely" and fam == "need" and pol.ending:
            pol.demand_end = True        # "called for the withdrawal of the troops": a demand to end it
        pol.ending |= effect == "ending"
        if effect in ("against", "favor"):
            flip = -1 if head_negated else 1  # "would not be welcome", "will never recognise"
            pol.valence += (2.0 if effect == "favor" else -2.0) * flip
        pol.cues.append(Cue.on(cue, "evaluation" if effect in ("against", "favor") else "likelihood", fam,
                               _EFFECT_VALUE[effect], fam))


def _evaluated_words(t, k: int) -> tuple[list, list]:
    """``(words, predicate nominals)`` that evaluate what chain word ``t`` governs: the word itself
    (above the action), its predicative complements and adjective small clauses ("find X
    unacceptable"), the action noun's own adjectives ("the illegal invasion"), and a predicate
    nominal's adjectives and of-phrase ("a very unpopular move", "an act of aggression")."""
    predicate = t.pos_ in ("VERB", "ADJ", "ADV")  # nouns evaluate only as predicate nominals
    existential = any(c.dep_ == "expl" for c in t.children)  # "there is no threat": not an evaluation
    evals = ([t] if k and predicate else []) + [c for c in t.children if (
        c.dep_ in ("acomp", "attr", "oprd") or (c.dep_ in ("xcomp", "ccomp") and c.pos_ == "ADJ"))
        and not existential]
    if k == 0 and t.pos_ in ("NOUN", "PROPN"):
        evals += [c for c in t.children if c.dep_ == "amod" and c.pos_ == "ADJ"]
    nominals = [c for c in evals if c.pos_ in ("NOUN", "PROPN") and c is not t]
    evals += [a for c in nominals for a in c.children if a.dep_ == "amod"]
    evals += [g for c in nominals for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
              for g in p.children if g.dep_ == "pobj"]
    return evals, nominals


def _read_evaluations(pol: Polarity, t, k: int, index, skip, head_negated: bool) -> None:
    """The valences of the words that evaluate chain word ``t``'s action, into ``pol``; harm is
    read by who suffers it."""
    doc = index.doc
    evals, nominals = _evaluated_words(t, k)
    if head_negated and any(g.lemma_.lower() in composition()["hostile"] for c in nominals for g in [c, *c.subtree]):
        pol.hostile_denied = True
    for e in evals:
        if (e.i in index.action_tokens or e.i in index.actor_tokens or e.i in index.cue_at or e.i in skip
                or e.lemma_.lower() in reporting_lemmas()):
            continue
        v = valence(e)
        patient = harmed(e)
        if patient == "combatant":
            # harm to combatants reports the act's effect, it does not evaluate it (+/-Effect)
            pol.cues.append(Cue.on(doc[e.i:e.i + 1], "evaluation", "effect", "unclear",
                                   "harm to combatants: a report, not an evaluation"))
            continue
        if patient == "protected":
            v = min(v, -2.0)
        if not v:
            continue
        neg = (len(_negators(e, index)) + (head_negated if e is not t else 0)) % 2 == 1
        v = -v if neg else v
        pol.valence += v
        pol.cues.append(Cue.on(doc[e.i:e.i + 1], "evaluation", "valence", "favor" if v > 0 else "against",
                               f"valence {v:+.1f}"))


def _read_comments(pol: Polarity, verb, index, skip) -> None:
    """Evaluative comments coordinated with the action's clause (:func:`_comments_on`), into ``pol``."""
    doc = index.doc
    for c, e in _comments_on(verb):
        v = valence(e)
        if not v or e.i in skip or e.i in index.cue_at:
            continue
        v = -v if (len(_negators(e, index)) + len(_negators(c, index))) % 2 == 1 else v
        pol.valence += v
        pol.cues.append(Cue.on(doc[e.i:e.i + 1], "evaluation", "valence", "favor" if v > 0 else "against",
                               f"valence {v:+.1f} (comment on the clause)"))


def _comments_on(verb):
    """Evaluative comments coordinated with ``verb``'s clause whose subject refers back to it:
    "Russia might intervene, but it would be a disaster", "..., and that is dangerous"
    (extended reference, Halliday & Hasan 1976, §2.4.3). Yields ``(comment verb, predicative word)``;
    an anticipatory "it" ("but it is hard to say") does not refer back."""
    for c in verb.children:
        if c.dep_ != "conj" or c.i < verb.i:
            continue
        subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ not in ("it", "this", "that") or _extraposed(subj):
            continue
        for g in c.children:
            if g.dep_ in ("acomp", "attr", "oprd"):
                yield c, g


def _extraposed(tok) -> bool:
    """Anticipatory 'it' (Quirk et al. 1985, §18.33): 'it is difficult to get them out' points
    forward to the extraposed clause, not back to an action just discussed."""
    head = tok.head
    kids = list(head.children)
    return (tok.lower_ == "it" and any(c.dep_ in ("acomp", "attr") for c in kids)
            and any(c.dep_ in ("xcomp", "ccomp", "csubj") and c.i > tok.i for c in kids + [
                g for c in kids if c.dep_ in ("acomp", "attr") for g in c.children]))
