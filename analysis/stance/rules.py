"""Stance rules: relevance (is a target action, done by the target actor, in the span?) and
target-dependent polarity (what do the words governing that action say about it?).

The unit is a span of an annotated Doc (a statement or a narrator sentence). Target actors and
actions come from the target's ``span_ruler`` patterns (:mod:`analysis.stance.target`), general
cues from the lexicon's (:mod:`analysis.stance.lexicon`). The rules are documented in
``analysis/data/stance_codebook.md``.

Here: :class:`DocIndex` (the Doc annotated for one target: actors, agents, places, context, the
article's event status) and R3's subjects; the polarity reading (:func:`read_chain`, :class:`Cue`)
is in :mod:`analysis.stance.polarity` and re-exported here.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field


from analysis.discourse import discourse
from analysis.stance.effects import accusation
from analysis.stance.lexicon import CUE_SPANS_KEY, annotate_cues, load_lexicon
from analysis.stance.polarity import (  # noqa: F401  (re-exported: the coder and tests import them from here)
    LIGHT_VERBS, Cue, Polarity, _extraposed, _negators, read_chain, reporting_lemmas,
)
from analysis.stance.status import ACTUAL, PROSPECTIVE, UNKNOWN, article_status, event_status
from analysis.stance.target import (
    PLACE_SPANS_KEY, TARGET_SPANS_KEY, Target, annotate_target, is_actor_name,
)

PERSONAL_PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "itself", "himself", "herself",
                     "themselves", "we", "us"}
FIRST_PERSON = {"i", "me", "we", "us", "my", "our", "myself", "ourselves"}
#: Possessive pronouns of the third person: their referent owns (does) a nominal action.
POSSESSIVE_PRONOUNS = {"his", "her", "its", "their"}
ANAPHORS = {"it", "this", "that", "these", "those", "such"}
#: Context window: sentences before a span in which an actor or a discussed action still counts.
CONTEXT_WINDOW = 3
#: Prepositions whose object is where an action takes place or is directed ("stationed in X",
#: "send troops into X", "the occupation of X"); "from" (a source) and "over" (a topic) are not.
LOCATIVE_PREPS = {"in", "into", "inside", "within", "to", "on", "onto", "at", "near", "across", "throughout",
                  "toward", "towards", "of"}
#: Entity types of a named place (the parser tags some regions as ORG, e.g. a peninsula).
PLACE_ENTS = {"GPE", "LOC", "FAC", "ORG"}
#: Dependents of the words above an action that belong to its own clause (not its subject,
#: an adverbial clause or a coordinated clause).
CLAUSE_DEPS = {"dobj", "prep", "attr", "acomp", "oprd", "xcomp", "dative"}


@dataclass
class SpanCoding:
    relevant: bool
    relevance_rule: str
    likelihood: str
    evaluation: str
    stance: str
    cues: list = field(default_factory=list)
    relevance_note: str = ""
    event_status: str = ""       # prospective | actual (of the coded action), "" when none was read

    @property
    def stance_cues(self) -> str:
        bits = [self.relevance_note] if self.relevance_note else []
        bits += [c.label() for c in sorted(self.cues, key=lambda c: c.start)]
        return "; ".join(bits)


def not_relevant(why: str) -> SpanCoding:
    return SpanCoding(False, "", "unclear", "none", "neutral", [], f"not relevant: {why}")


# --------------------------------------------------------------------------- the annotated doc
class DocIndex:
    """The Doc annotated for one target (target spans, cue spans) and one sentence map."""

    def __init__(self, doc, target: Target):
        self.doc = doc
        self.target = target
        annotate_target(doc, target)
        annotate_cues(doc)
        self.actor_tokens = {t.i for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == "ACTOR" for t in sp}
        self.actions = [sp for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == "ACTION"]
        self.place_tokens = {t.i for sp in doc.spans[PLACE_SPANS_KEY] for t in sp}
        self.action_tokens = {t.i for sp in self.actions for t in sp}
        self.cue_at: dict[int, object] = {}
        for sp in doc.spans[CUE_SPANS_KEY]:
            for t in sp:
                self.cue_at[t.i] = sp
        lex = load_lexicon()
        self.negators = set(lex["negators"]["words"])
        self.external = set(lex["external_agents"]["words"])
        shared = discourse(doc)     # the Doc's one sentence map and pronoun resolver
        self.sents = shared.sentences.spans
        self.sent_of = shared.sentences.of
        self.pronouns = shared.pronouns
        #: what first-person pronouns in the span being coded refer to: the statement's speaker
        self.first_person = "none"
        #: read_chain's readings, by (token index, skip set)
        self.chains: dict = {}
        self.on_target: set[int] = set()
        for sp in self.actions:
            kind, _ = self.agent(sp)
            k = int(self.sent_of[sp.root.i])
            if k >= 0 and (kind == "target" or (kind == "none" and self.actor_in(self.sents[k]))) and (
                    self.place(sp)[0] != "elsewhere"):
                self.on_target.add(k)

    # ---- event status
    @functools.cached_property
    def article_status(self) -> str:
        """The article's prevailing status of the target action (a target's ``status`` overrides)."""
        if self.target.status in ("prospective", "ongoing"):
            return PROSPECTIVE if self.target.status == "prospective" else ACTUAL
        on = [sp for sp in self.actions if int(self.sent_of[sp.root.i]) in self.on_target]
        return article_status(event_status(sp, read_chain(sp.root, self).cues) for sp in on)

    def status_of(self, action, cues) -> tuple[str, str]:
        """``(own, status)`` for one action: its own reading (``unknown`` where its clause leaves it
        open), and that reading with the article's standing in for ``unknown``; a target's
        ``status`` fixes both."""
        if self.target.status in ("prospective", "ongoing"):
            fixed = PROSPECTIVE if self.target.status == "prospective" else ACTUAL
            return fixed, fixed
        own = event_status(action, cues)
        return own, (self.article_status if own == UNKNOWN else own)

    # ---- actors
    def actor_in(self, span) -> bool:
        return any(t.i in self.actor_tokens for t in span)

    def is_actor_np(self, tok) -> bool:
        """The noun phrase headed by ``tok`` names the target actor (head, compound, modifier)."""
        if tok.i in self.actor_tokens:
            return True
        return any(c.i in self.actor_tokens and c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
                   for c in tok.children) or any(
            c.dep_ == "amod" and any(g.i in self.actor_tokens for g in c.children) for c in tok.children)

    def is_external_np(self, tok) -> bool:
        """Another actor's noun phrase: an entity that is not the target actor, or an external
        modifier ("outside interference", "NATO's involvement")."""
        if tok.lower_ in self.external:
            return True
        return tok.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") and not self.is_actor_np(tok)

    def resolve_pronoun(self, tok) -> str:
        """'target' | 'other' | 'none': is the pronoun's referent (the Doc's shared, gender-aware
        resolver) the target actor?"""
        ref = self.pronouns.referent(tok)
        if ref is None:
            return "none"
        return "target" if self.is_actor_np(self.doc[ref.token]) or self.is_actor_name(ref.name) else "other"

    def is_actor_name(self, name: str) -> bool:
        """Does a name (e.g. a statement's canonical speaker) match the target's actor patterns?"""
        return is_actor_name(self.target, name)

    def classify_np(self, tok) -> str:
        if self.is_actor_np(tok):
            return "target"
        if tok.lower_ in FIRST_PERSON:
            return self.first_person
        if tok.lower_ in PERSONAL_PRONOUNS:
            return self.resolve_pronoun(tok)
        return "other"

    def agent(self, action) -> tuple[str, object]:
        """Who does the action: ('target' | 'other' | 'none', token)."""
        inside = [t for t in action if t.i in self.actor_tokens]
        if inside:
            return "target", inside[0]  # "Russian troops"
        t = action.root
        for _ in range(6):
            kids = list(t.children)
            if t.pos_ in ("VERB", "AUX"):
                subj = next((c for c in kids if c.dep_ in ("nsubj", "csubj")), None)
                passive = next((c for c in kids if c.dep_ == "nsubjpass"), None)
                if subj is None and passive is not None and not self.is_actor_np(passive) and (
                        self.is_external_np(passive)
                        or any(c.dep_ in ("amod", "compound", "poss") and self.is_external_np(c)
                               for c in passive.children)):
                    return "other", passive  # "American troops were deployed"
                if subj is None:
                    by = next((c for c in kids if c.dep_ == "agent"), None)
                    subj = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
                if subj is not None:
                    return self.classify_np(subj), subj
                if t.dep_ == "xcomp" and t.head != t:
                    # object control: "urged Russia not to intervene", "called on Moscow to send troops"
                    ctrl = next((c for c in t.head.children if c.dep_ in ("dobj", "dative")), None)
                    if ctrl is None:
                        on = next((c for c in t.head.children if c.dep_ == "prep" and c.lower_ == "on"), None)
                        ctrl = next((g for g in on.children if g.dep_ == "pobj"), None) if on else None
                    if ctrl is not None:
                        return self.classify_np(ctrl), ctrl
                if t.dep_ in ("xcomp", "conj", "acomp", "auxpass", "advcl") and t.head != t:
                    t = t.head
                    continue
                return "none", None
            for c in kids:  # a nominal action: its modifiers, possessor or by/from phrase
                if c.dep_ == "poss" and c.lower_ in FIRST_PERSON:
                    return self.classify_np(c), c           # "our troops": the speaker's side
                if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS and self.classify_np(c) == "target":
                    return "target", c                      # "their forces", referring to the actor
                if c.dep_ == "poss" and c.lower_ == "whose":
                    owner = self._relative_antecedent(c)   # "a country whose bombs killed ..."
                    if owner is not None:
                        return self.classify_np(owner), owner
                if c.dep_ in ("amod", "compound", "nmod", "poss") and self.is_actor_np(c):
                    return "target", c
                if c.dep_ in ("amod", "compound", "poss") and self.is_external_np(c):
                    return "other", c
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return self.classify_np(obj), obj
            if t is not action.root and self.is_actor_np(t):
                return "target", t
            if t.dep_ in ("dobj", "attr", "oprd", "dative", "appos", "conj", "compound", "amod") and t.head != t:
                if t.dep_ == "dobj" and self._attitude_verb(t.head):
                    return "none", None  # "Merkel condemned the invasion": who judges it does not do it
                t = t.head
                continue
            if t.dep_ == "pobj" and t.head.lower_ in ("with", "of") and t.head.head != t.head:
                if accusation(t.head.head, self):
                    return "none", None  # "Western criticism of the deployment": the critics are not its agents
                t = t.head.head
                continue
            return "none", None
        return "none", None

    def _attitude_verb(self, verb) -> bool:
        """A verb whose subject judges, reports or discusses its object rather than doing it: a
        verb of the doubt, opposition, endorsement or topic families, or a reporting verb."""
        cue = self.cue_at.get(verb.i)
        return (cue is not None and cue.label_ in ("doubt", "opposition", "endorsement", "topic")) or \
            verb.lemma_.lower() in reporting_lemmas()

    @staticmethod
    def _relative_antecedent(tok):
        """The noun a relative clause holding ``tok`` modifies ("a leader of a country whose ...")."""
        t = tok
        for _ in range(6):
            if t.dep_ == "relcl":
                return t.head
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    # ---- places
    def _named_place(self, tok) -> bool:
        return (tok.pos_ == "PROPN" and tok.ent_type_ in PLACE_ENTS and tok.i not in self.actor_tokens
                and tok.i not in self.place_tokens)

    def place(self, action) -> tuple[str, object]:
        """Where the action happens: ('target' | 'elsewhere' | 'none', token).

        Read in the action's own phrase and its clause: the action's subtree, and the
        objects, complements and prepositional phrases of the words above it up to its verb.
        A target place (the target file's ``places``) anywhere there makes it 'target'; else
        a named place that is the object of a locative preposition ("stationed in X", "into
        X", "the occupation of X", "on X's borders") or of the action verb ("invade X"),
        and is neither a target actor nor a target place, makes it 'elsewhere'. A target
        without ``places`` is never read for places."""
        if not self.target.places:
            return "none", None  # a target without places has no notion of where
        scope = {t.i for t in action.root.subtree}
        t = action.root
        for _ in range(8):
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS:
                    scope |= {g.i for g in c.subtree}
            if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
                break
            t = t.head
        tokens = [self.doc[i] for i in sorted(scope)]
        hit = next((t for t in tokens if t.i in self.place_tokens), None)
        if hit is not None:
            return "target", hit
        for t in tokens:
            if not self._named_place(t):
                continue
            head = t
            while head.dep_ in ("poss", "compound", "nmod", "amod") and head.head is not head:
                head = head.head  # "on Ukraine's borders"
            if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
                return "elsewhere", t
            if head.dep_ == "dobj" and head.head.i in self.action_tokens:
                return "elsewhere", t
        return "none", None

    def context(self, span) -> range:
        k0 = int(self.sent_of[span[0].i]) if len(span) else 0
        return range(max(0, k0 - CONTEXT_WINDOW), k0)


# --------------------------------------------------------------------------- one span
def _clause_antecedent(tok, index: DocIndex) -> bool:
    """A demonstrative subject of a clause coordinated with a preceding one ('they were losing
    legitimacy, and this had to be reflected') refers to that clause (extended reference,
    Halliday & Hasan 1976, §2.4.3); it stands for the action only if that clause names it."""
    head = tok.head
    if tok.lower_ not in ("this", "that") or head.dep_ != "conj" or head.head.i >= head.i:
        return False
    own = {t.i for t in head.subtree}
    first = [t for t in head.head.subtree if t.i not in own]
    return not any(t.i in index.action_tokens for t in first)


def _anchors(span, index: DocIndex):
    """R3's subjects, in text order: the actor, an anaphor ('it', 'this reserve'), or an
    existential 'there' whose pivot is a cue or anaphoric ('there is no such need')."""
    for t in span:
        if t.dep_ not in ("nsubj", "nsubjpass", "expl"):
            continue
        if t.dep_ == "expl":
            pivot = next((c for c in t.head.children if c.dep_ in ("attr", "nsubj") and c.i != t.i), None)
            if pivot is not None and (pivot.i in index.cue_at or pivot.lower_ in ANAPHORS or any(
                    c.dep_ in ("det", "amod") and c.lower_ in ANAPHORS for c in pivot.children)):
                yield "existential", t
            continue
        if index.is_actor_np(t) or (t.lower_ in PERSONAL_PRONOUNS and not _extraposed(t)
                                    and index.resolve_pronoun(t) == "target"):
            yield "actor", t  # "Russia", or "it" whose nearest preceding name is the actor
            continue
        if t.lower_ in ANAPHORS or any(c.dep_ == "det" and c.lower_ in ANAPHORS for c in t.children):
            if not _extraposed(t) and not _clause_antecedent(t, index):
                yield "anaphor", t

