"""Stance toward a target action (default: Russian intervention in Belarus).

A transparent, rule-based coder over the spaCy parse, in the tradition of
FactBank factuality profiling and hedge detection. It codes any span of a
``Doc`` on two axes and combines them:

* **relevance** — does the span concern the target? (actor/action cues, the
  parse deciding who the agent is; a context window for elided actors);
* **likelihood** ``likely|unlikely|unclear`` — modality, negation, hedges,
  certainty, commitment, (negated) need, doubt and alternatives;
* **evaluation** ``favor|against|none`` — evaluative words about the action;
* **stance** ``pro|con|neutral`` — evaluation wins when explicit, else
  likelihood decides (see ``analysis/data/stance_codebook.md``).

Every label carries the cues and rules that produced it (``stance_cues``).
Cue lexicons are general data files (``analysis/data/stance_*.json``); the
target (actors, actions) is a configuration file under
``analysis/data/stance_targets/`` loaded with :func:`load_target`.
"""
from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR
from analysis.stats import bootstrap_mean_ci

TARGETS_DIR = DATA_DIR / "stance_targets"
LEXICON_PATH = DATA_DIR / "stance_lexicon.json"
ROLES_PATH = DATA_DIR / "stance_roles.json"
CODEBOOK_PATH = DATA_DIR / "stance_codebook.md"
DEFAULT_TARGET = "russian_intervention"

LIKELIHOOD_LABELS = ("likely", "unlikely", "unclear")
EVALUATION_LABELS = ("favor", "against", "none")
STANCE_LABELS = ("pro", "con", "neutral")
#: Columns ``code_stance`` adds to the statement and narrator frames.
STANCE_COLUMNS = ["relevant", "relevance_rule", "likelihood", "evaluation", "stance", "stance_cues",
                  "coded_start", "coded_end"]
#: Columns of ``StanceResult.by_speaker``.
BY_SPEAKER_COLUMNS = [
    "speaker", "speaker_role", "statements", "relevant", "pro", "con", "neutral",
    "likely", "unlikely", "unclear", "favor", "against", "none", "net", "net_low", "net_high",
]
#: Columns of ``StanceResult.cues`` (one row per cue that fired).
CUE_COLUMNS = ["statement_id", "narrator", "paragraph", "axis", "family", "text", "start", "end",
               "value", "rule", "negated", "discounted"]

_PERSONAL_PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "itself", "himself",
                      "herself", "themselves"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "such"}
_FLIP = {"likely": "unlikely", "unlikely": "likely", "unclear": "unclear",
         "favor": "against", "against": "favor"}


# --------------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class Target:
    """A stance target: who acts (actors) and what they might do (actions)."""

    name: str
    label: str
    question: str
    actors: tuple[str, ...]
    actor_adjectives: tuple[str, ...]
    actions: tuple[str, ...]
    context_window: int = 3
    pro_means: str = ""
    con_means: str = ""
    path: str = ""


def available_targets() -> list[str]:
    return sorted(p.stem for p in TARGETS_DIR.glob("*.json"))


def load_target(name_or_path: str | Path | Target | None = None) -> Target:
    """Load a target configuration by name (``analysis/data/stance_targets/<name>.json``) or path."""
    if isinstance(name_or_path, Target):
        return name_or_path
    name_or_path = name_or_path or DEFAULT_TARGET
    p = Path(name_or_path)
    if not p.suffix:
        p = TARGETS_DIR / f"{name_or_path}.json"
    if not p.exists():
        raise ValueError(f"unknown stance target {str(name_or_path)!r}; available: {available_targets()}")
    cfg = json.loads(p.read_text(encoding="utf-8"))
    missing = {"name", "actors", "actions"} - set(cfg)
    if missing:
        raise ValueError(f"{p}: stance target lacks {sorted(missing)}")
    return Target(
        name=cfg["name"], label=cfg.get("label", cfg["name"]), question=cfg.get("question", ""),
        actors=tuple(cfg["actors"]), actor_adjectives=tuple(cfg.get("actor_adjectives", ())),
        actions=tuple(cfg["actions"]), context_window=int(cfg.get("context_window", 3)),
        pro_means=cfg.get("pro_means", ""), con_means=cfg.get("con_means", ""), path=str(p),
    )


@functools.lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> dict:
    return json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def load_roles(path: str | None = None) -> dict:
    return json.loads(Path(path or ROLES_PATH).read_text(encoding="utf-8"))


def codebook_markdown(target: Target | str | None = None) -> str:
    """The written codebook (``analysis/data/stance_codebook.md``) with the target filled in."""
    t = load_target(target)
    text = CODEBOOK_PATH.read_text(encoding="utf-8")
    block = (
        f"**Target:** {t.label} (`{t.name}`)  \n**Question:** {t.question}  \n"
        f"**Actors:** {', '.join(t.actors)} (adjectives: {', '.join(t.actor_adjectives) or '–'})  \n"
        f"**Actions:** {', '.join(t.actions)}  \n**Context window:** {t.context_window} sentences  \n"
        f"**pro** = {t.pro_means}; **con** = {t.con_means}"
    )
    return text.replace("{{TARGET}}", block)


# --------------------------------------------------------------------------- matchers
def _pattern_tokenizer():
    from analysis.nlp import blank_pipeline

    return blank_pipeline().tokenizer


def _entry_words(entry: str) -> tuple[list[str], str]:
    """Tokenise a lexicon entry; a '/TAG' suffix on the last word restricts its tag."""
    words, tag = [], ""
    for raw in entry.split():
        word, _, tag = raw.partition("/")
        words += [t.text for t in _pattern_tokenizer()(word)]
    return words, tag


class _PhraseMatcher:
    """Lexicon matching on LOWER and on LEMMA (two spaCy PhraseMatchers: hash look-ups, fast).

    Keys are ``kind|label``; an entry with a tag restriction ('will/MD') gets the key
    ``kind|label|TAG`` and is kept only when its last token has that tag.
    """

    def __init__(self, vocab, entries: list[tuple[str, str]], lemma: bool = True):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.lemma = PhraseMatcher(vocab, attr="LEMMA") if lemma else None
        groups: dict[str, tuple[list, list]] = {}
        for key, entry in entries:
            words, tag = _entry_words(entry)
            if not words:
                continue
            k = f"{key}|{tag}" if tag else key
            low, lem = groups.setdefault(k, ([], []))
            low.append(Doc(vocab, words=[w.lower() for w in words]))
            lem.append(Doc(vocab, words=words, lemmas=words))
        for k, (low, lem) in groups.items():
            self.lower.add(k, low)
            if self.lemma is not None:
                self.lemma.add(k, lem)

    def __call__(self, doc) -> list[tuple[str, int, int]]:
        out = set()
        for m in (self.lower, self.lemma):
            if m is None:
                continue
            for mid, s, e in m(doc):
                key = doc.vocab.strings[mid]
                parts = key.split("|")
                if len(parts) == 3 and doc[e - 1].tag_ != parts[2]:
                    continue
                out.add(("|".join(parts[:2]), s, e))
        return sorted(out, key=lambda x: (x[1], x[2], x[0]))


@functools.lru_cache(maxsize=8)
def _matcher(vocab, target: Target):
    lex = load_lexicon()
    entries = [(f"L|{fam}", e) for fam in lex["likelihood"] for e in lex["likelihood"][fam]["terms"]]
    entries += [(f"E|{val}", e) for val in ("against", "favor") for e in lex["evaluation"][val]]
    entries += [("C|concessive", e) for e in lex["concessive"]["markers"]]
    entries += [("X|action", e) for e in target.actions]
    main = _PhraseMatcher(vocab, entries)
    actors = _PhraseMatcher(vocab, [("A|actor", e) for e in target.actors], lemma=False)
    return lambda doc: main(doc) + actors(doc)


@dataclass
class Cue:
    axis: str          # likelihood | evaluation
    family: str        # hedge, certainty, need, doubt, alternative, ..., against, favor
    start: int         # token indices in the Doc
    end: int
    value: str         # likely|unlikely|unclear|favor|against
    rule: str
    weight: float = 0.0
    negated: bool = False
    discounted: bool = False
    text: str = ""
    start_char: int = 0
    end_char: int = 0

    def label(self) -> str:
        tail = " [concessive, discounted]" if self.discounted else ""
        return f"{self.text}→{self.rule}({self.value}){tail}"


class DocIndex:
    """Per-Doc matches and sentence bookkeeping, computed once and shared by all spans."""

    def __init__(self, doc, target: Target):
        from spacy.util import filter_spans

        self.doc = doc
        self.target = target
        self.lex = load_lexicon()
        matches = _matcher(doc.vocab, target)(doc)
        by: dict[str, list] = {}
        for key, s, e in matches:
            by.setdefault(key.split("|")[0], []).append((key, s, e))
        self.spans = {}
        for kind, items in by.items():
            spans = [doc[s:e] for _, s, e in items]
            for sp, (key, _, _) in zip(spans, items):
                sp.label_ = key.split("|")[1]
            self.spans[kind] = sorted(filter_spans(spans), key=lambda sp: sp.start)
        self.actor_tokens = {t.i for sp in self.spans.get("A", []) for t in sp}
        self.actions = list(self.spans.get("X", []))
        self.sents = [s for s in doc.sents if s.text.strip()]
        self.sent_of = np.full(len(doc), -1, dtype=int)
        for k, s in enumerate(self.sents):
            self.sent_of[s.start:s.end] = k
        self.concessive = set()
        for sp in self.spans.get("C", []):
            mark = next((t for t in sp if t.dep_ in ("mark", "prep")), sp.root)
            clause = mark.head if mark.dep_ == "mark" else mark
            self.concessive.update(t.i for t in clause.subtree)
        # sentences where the target action is done by the target actor (R1) or with the
        # actor in the same sentence (R2): they establish context for later elided mentions
        self.on_target: set[int] = set()
        for sp in self.actions:
            k = self.sent_of[sp.root.i]
            kind, _ = self.agent(sp)
            if kind == "target" or (kind in ("none", "pronoun") and self._actor_in(self.sents[k])):
                self.on_target.add(int(k))

    # ---- helpers
    def _actor_in(self, span) -> bool:
        return any(t.i in self.actor_tokens for t in span)

    def is_actor_np(self, tok) -> bool:
        """The noun phrase headed by ``tok`` names the target actor."""
        adj = {a.lower() for a in self.target.actor_adjectives}
        if tok.i in self.actor_tokens:
            return True
        for t in self.doc[tok.left_edge.i: tok.i + 1]:
            if t.i in self.actor_tokens and t.head.i in (tok.i, *[c.i for c in tok.children]):
                return True
            if t.i in self.actor_tokens and t.dep_ in ("compound", "poss", "nmod") and t.head == tok:
                return True
        return any(c.dep_ in ("amod", "compound", "nmod") and c.lower_ in adj for c in tok.children)

    def is_actor_head(self, tok) -> bool:
        """Stricter than :meth:`is_actor_np`: the head itself is the actor ("Russia", "Russian
        forces"), not merely a possessor ("Putin's relationship", "a pro-Moscow government")."""
        adj = {a.lower() for a in self.target.actor_adjectives}
        return tok.i in self.actor_tokens or any(
            c.dep_ == "amod" and c.lower_ in adj for c in tok.children)

    def resolve_pronoun(self, tok) -> str:
        """Nearest preceding named entity (PERSON/ORG/GPE/NORP) within the window: target or other."""
        lo_sent = max(0, int(self.sent_of[tok.i]) - self.target.context_window)
        lo = self.sents[lo_sent].start if self.sents else 0
        for t in reversed(self.doc[lo:tok.i]):
            if t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                return "target" if (t.i in self.actor_tokens or self.is_actor_np(t)) else "other"
        return "none"

    def classify_np(self, tok) -> str:
        if self.is_actor_np(tok):
            return "target"
        if tok.lower_ in _PERSONAL_PRONOUNS:
            return "pronoun"
        return "other"

    def agent(self, action_span) -> tuple[str, object]:
        """Who does the action: ('target'|'pronoun'|'other'|'none', token)."""
        tok = action_span.root
        inside = [t for t in action_span if t.i in self.actor_tokens]
        if inside:
            return "target", inside[0]  # "Russian troops", "national guard"
        t = tok
        for _ in range(5):
            kids = list(t.children)
            if t.pos_ in ("VERB", "AUX"):
                subj = next((c for c in kids if c.dep_ in ("nsubj", "csubj")), None)
                if subj is None:
                    agent = next((c for c in kids if c.dep_ == "agent"), None)
                    subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
                if subj is not None:
                    return self.classify_np(subj), subj
                if t.dep_ in ("xcomp", "conj", "acomp", "auxpass") and t.head != t:
                    t = t.head
                    continue
                if t.dep_ == "acl" and t.head.dep_ in ("nsubj", "attr") and t.head.head.pos_ in ("VERB", "AUX"):
                    t = t.head.head  # "ready to X": the subject of the copula
                    continue
                return "none", None
            # nominal action
            adj = {a.lower() for a in self.target.actor_adjectives}
            for c in kids:
                if c.dep_ in ("amod", "compound", "nmod") and (c.lower_ in adj or self.is_actor_np(c)):
                    return "target", c
                if c.dep_ == "poss":
                    return self.classify_np(c), c
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return self.classify_np(obj), obj
            if self.is_actor_np(t) and t is not tok:
                return "target", t
            if t.dep_ in ("dobj", "attr", "oprd", "dative", "nsubjpass", "appos", "conj") and t.head != t:
                t = t.head
                continue
            if t.dep_ == "pobj" and t.head.lower_ in ("with", "of") and t.head.head != t.head:
                t = t.head.head
                continue
            return "none", None
        return "none", None

    def context_sents(self, span) -> range:
        k0 = int(self.sent_of[span[0].i]) if len(span) else 0
        return range(max(0, k0 - self.target.context_window), k0)


# --------------------------------------------------------------------------- span coding
@dataclass
class SpanCoding:
    relevant: bool
    relevance_rule: str
    likelihood: str
    evaluation: str
    stance: str
    cues: list = field(default_factory=list)
    relevance_note: str = ""

    @property
    def stance_cues(self) -> str:
        bits = [self.relevance_note] if self.relevance_note else []
        bits += [c.label() for c in sorted(self.cues, key=lambda c: c.start)]
        return "; ".join(bits)


def _negators(cue_span, index: DocIndex) -> list:
    """Negators in scope of a cue: on the cue, its clause head, or a governing 'without'."""
    lex_words = set(index.lex["negators"]["words"])
    inside = {t.i for t in cue_span}
    root = cue_span.root
    cands = list(root.children)
    governors = set()
    for t in cue_span:
        cands += list(t.children)
    if root.dep_ not in ("ROOT",) and root.head != root:
        cands += list(root.head.children)
        if root.head.lower_ == "without":
            cands.append(root.head)
            governors.add(root.head.i)
        elif root.head.head.lower_ == "without" and root.head.dep_ in ("pobj", "pcomp"):
            cands.append(root.head.head)
            governors.add(root.head.head.i)
    out, seen = [], set()
    for c in cands:
        if c.i in inside or c.i in seen:
            continue
        if c.lower_ == "without" and c.i not in governors:
            continue  # 'without' negates only its own object
        if c.dep_ == "neg" or (c.lower_ in lex_words and c.dep_ in ("det", "advmod", "preconj", "prep", "neg")):
            out.append(c)
            seen.add(c.i)
    return out


def _not_just_cues(span, index: DocIndex) -> list[Cue]:
    nj = index.lex["not_just"]
    lim, mil = set(nj["limiters"]), set(nj["military"])
    out = []
    for t in span:
        if t.lower_ not in lim:
            continue
        nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
        if nxt is None or nxt.lower_ not in mil:
            continue
        # a negation on the limiter's clause: walk up to three heads
        h, neg = t, None
        for _ in range(4):
            neg = next((c for c in h.children if c.dep_ == "neg"), None)
            if neg is not None or h.head == h:
                break
            h = h.head
        if neg is None:
            continue
        d = t.doc
        out.append(Cue("likelihood", "alternative", t.i, nxt.i + 1, "unlikely",
                       "not-just-military→alternative", 1.0, text=f"{neg.text} … {d[t.i:nxt.i + 1].text}",
                       start_char=t.idx, end_char=nxt.idx + len(nxt)))
    return out


def _holder(tok):
    """The subject of a disposition word: 'X is ready', 'X refused', 'making X reluctant'."""
    t = tok
    for _ in range(3):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if t.dep_ in ("acomp", "xcomp", "attr", "oprd", "amod") and t.head != t:
            t = t.head
            continue
        return None
    return None


def _likelihood_cues(span, index: DocIndex) -> list[Cue]:
    lex = index.lex["likelihood"]
    cues = []
    for sp in index.spans.get("L", []):
        if sp.start < span.start or sp.end > span.end:
            continue
        fam = lex[sp.label_]
        negs = _negators(sp, index)
        negated = len(negs) % 2 == 1 and fam.get("flip_on_negation", False)
        value = fam["polarity"]
        rule = sp.label_
        text = sp.text
        if negated:
            value = "unclear" if fam.get("epistemic") else _FLIP[value]
            rule = fam.get("negated_label", f"negated-{sp.label_}")
        if negs and (negated or not fam.get("flip_on_negation", False)):
            first = min(negs[0].i, sp.start)
            if sp.start - first <= 4:
                text = index.doc[first:sp.end].text
        cues.append(Cue("likelihood", sp.label_, sp.start, sp.end, value, rule, float(fam["weight"]),
                        negated, text=text, start_char=sp.start_char, end_char=sp.end_char))
    cues += _not_just_cues(span, index)
    # a disposition (commitment/doubt) held by another explicit actor is not about the target:
    # "she was ready to become leader" -> reported, not counted
    for c in cues:
        if c.family in ("commitment", "doubt"):
            holder = _holder(index.doc[c.start:c.end].root)
            if holder is not None and (holder.pos_ in ("PROPN", "PRON") or holder.ent_type_):
                kind = index.classify_np(holder)
                if kind == "pronoun":
                    kind = index.resolve_pronoun(holder)
                if kind == "other":
                    c.weight, c.rule = 0.0, f"{c.rule}, held by {holder.text} (not counted)"
    # an epistemic cue attached to another weighted cue reinforces it ("likely very reluctant")
    strong = [c for c in cues if not lex.get(c.family, {}).get("epistemic") and c.weight > 0]
    for c in cues:
        if lex.get(c.family, {}).get("epistemic"):
            r = index.doc[c.start:c.end].root
            for o in strong:
                orr = index.doc[o.start:o.end].root
                if orr.head == r or r.head == orr:
                    c.value, c.rule = o.value, f"certainty-reinforces-{o.family}"
    # a negated certainty scopes over its clause: "it is not certain that Putin will intervene"
    for c in cues:
        if c.negated and lex.get(c.family, {}).get("epistemic"):
            r = index.doc[c.start:c.end].root
            clause = r.head if r.dep_ in ("acomp", "advmod", "attr") else r
            scope = {t.i for t in clause.subtree}
            for o in cues:
                if o is not c and o.start in scope and o.weight > 0:
                    o.weight, o.rule = 0.0, f"{o.rule}, under '{c.text}' (not counted)"
    # concessive clauses are discounted when the main clause has its own cue
    if any(c.start not in index.concessive for c in cues):
        for c in cues:
            if c.start in index.concessive:
                c.discounted = True
    return cues


def _evaluation_cues(span, index: DocIndex) -> list[Cue]:
    cues = []
    for sp in index.spans.get("E", []):
        if sp.start < span.start or sp.end > span.end:
            continue
        negs = _negators(sp, index)
        value = sp.label_
        rule = "condemnation" if value == "against" else "endorsement"
        text = sp.text
        negated = len(negs) % 2 == 1
        if negated:
            value, rule = _FLIP[value], f"negated-{rule}"
            first = min(negs[0].i, sp.start)
            if sp.start - first <= 4:
                text = index.doc[first:sp.end].text
        cues.append(Cue("evaluation", sp.label_, sp.start, sp.end, value, rule, 1.0, negated,
                        text=text, start_char=sp.start_char, end_char=sp.end_char))
    if any(c.start not in index.concessive for c in cues):
        for c in cues:
            if c.start in index.concessive:
                c.discounted = True
    return cues


def _subject_anchor(span, index: DocIndex, cues: list[Cue]) -> tuple[str | None, str | None]:
    """R3 subject condition: the actor, a pronoun for it, or an anaphoric 'that moment'."""
    for t in span:
        if t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        kind = "target" if index.is_actor_head(t) else ("pronoun" if t.lower_ in _PERSONAL_PRONOUNS else "other")
        if kind == "target":
            return f"subject {t.text}=actor", "actor"
        if t.lower_ in ("it", "this", "that"):
            return f"anaphoric subject '{t.text}'", "pronoun-anaphor"
        if any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in t.children):
            return f"anaphoric subject '{index.doc[t.left_edge.i:t.i + 1].text}'", "anaphor"
        if kind == "pronoun" and index.resolve_pronoun(t) == "target":
            return f"subject {t.text}→actor", "actor"
    for t in span[:-1]:
        # robust to parse errors (e.g. a typo in the reporting verb): an actor right before a
        # modal or finite verb is that clause's subject ("... Russia could take on ...")
        nxt = t.nbor(1)
        if t.i in index.actor_tokens and t.pos_ == "PROPN" and (nxt.tag_ == "MD" or nxt.tag_ in ("VBZ", "VBD")):
            return f"subject {t.text}=actor (before verb)", "actor"
    for c in cues:
        if c.family == "need" and c.negated and any(t.dep_ == "expl" for t in span) and index._actor_in(span):
            return "existential negated need + actor", "actor"
    return None, None


def _explicit_other_complement(cue: Cue, index: DocIndex) -> bool:
    """'Russia refuses to hire X': the cue's verbal complement names a different, explicit action."""
    r = index.doc[cue.start:cue.end].root
    for c in r.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            sub = list(c.subtree)
            has_action = any(sp.start >= sub[0].i and sp.end <= sub[-1].i + 1 for sp in index.actions)
            anaphoric = any(t.dep_ == "det" and t.lower_ in _DEMONSTRATIVES for t in sub)
            if not has_action and not anaphoric:
                return True
    return False


def classify_span(span, target: Target | str | None = None, index: DocIndex | None = None,
                  on_target: set[int] | None = None) -> SpanCoding:
    """Code one span of a Doc: relevance, likelihood, evaluation, stance, and the cues that fired.

    ``index`` (a :class:`DocIndex`) and ``on_target`` (sentence numbers known to discuss the
    target, used for elided actions) are computed from ``span.doc`` when not given.
    """
    target = load_target(target)
    if index is None:
        index = DocIndex(span.doc, target)
    on_target = index.on_target if on_target is None else on_target
    window = index.context_sents(span)
    host = index.doc[span.sent.start:span[-1].sent.end] if len(span) else span

    lik = _likelihood_cues(span, index)
    # ---- relevance
    rule, note = "", ""
    actions = [sp for sp in index.actions if sp.start >= span.start and sp.end <= span.end]
    for sp in actions:
        kind, who = index.agent(sp)
        if kind == "pronoun":
            kind = "target" if index.resolve_pronoun(who) == "target" else (
                "other" if index.resolve_pronoun(who) == "other" else "none")
            if kind == "target":
                rule, note = "R1-actor-agent", f"{sp.text}←{who.text}(→actor) [R1 actor-agent]"
                break
        if kind == "target":
            rule, note = "R1-actor-agent", f"{sp.text}←{who.text} [R1 actor-agent]"
            break
        if kind == "none":
            if index._actor_in(span) or index._actor_in(host):
                rule, note = "R2-actor-in-sentence", f"{sp.text} (actor in sentence) [R2]"
                break
            if any(index._actor_in(index.sents[k]) for k in window):
                rule, note = "R2-actor-in-context", f"{sp.text} (actor in previous sentences) [R2]"
                break
    ev = _evaluation_cues(span, index)
    if not rule:
        weighted = [c for c in lik if c.family not in ("hedge", "conditional")]
        anchor, akind = _subject_anchor(span, index, lik)
        usable = [c for c in weighted if c.family == "alternative" or not _explicit_other_complement(c, index)]
        # evaluation alone only after a bare pronoun ("That would be a disaster."): a
        # demonstrative noun phrase ("this political crisis") usually names something else
        if akind == "pronoun-anaphor":
            usable += ev
        # an anaphor ('that moment') points back to the immediately preceding sentence;
        # the actor as subject may pick up the action from the whole window
        ctx = window[-1:] if akind in ("anaphor", "pronoun-anaphor") else window
        if anchor and usable and any(k in on_target for k in ctx):
            rule = "R3-elided-action"
            note = f"{anchor}, {usable[0].text}, target action in previous sentence(s) [R3]"
    if not rule:
        why = "no target action cue" if not actions else "action not by the target actor"
        return SpanCoding(False, "", "unclear", "none", "neutral", [], f"not relevant: {why}")

    # ---- likelihood
    active = [c for c in lik if not c.discounted]
    L = sum(c.weight for c in active if c.value == "likely")
    U = sum(c.weight for c in active if c.value == "unlikely")
    likelihood = "likely" if L > U else "unlikely" if U > L else "unclear"
    # ---- evaluation
    act_ev = [c for c in ev if not c.discounted]
    F = sum(1 for c in act_ev if c.value == "favor")
    A = sum(1 for c in act_ev if c.value == "against")
    evaluation = "favor" if F > A else "against" if A > F else "none"
    # ---- combined: explicit evaluation wins, else likelihood
    if evaluation != "none":
        stance = "pro" if evaluation == "favor" else "con"
    else:
        stance = {"likely": "pro", "unlikely": "con", "unclear": "neutral"}[likelihood]
    return SpanCoding(True, rule, likelihood, evaluation, stance, lik + ev, note)


# --------------------------------------------------------------------------- frames
@dataclass
class StanceResult:
    statements: pd.DataFrame
    narrator: pd.DataFrame
    by_speaker: pd.DataFrame
    cues: pd.DataFrame
    target: Target
    seconds: float = 0.0

    @property
    def all(self) -> pd.DataFrame:
        """Statements and narrator sentences together, in text order."""
        frames = [f for f in (self.statements, self.narrator) if len(f)]
        if not frames:
            return self.statements.copy()
        return pd.concat(frames, ignore_index=True).sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def sentence_frame(article, doc) -> pd.DataFrame:
    """Fallback input: every sentence as a narrator row (contract columns), for when no
    statement extractor is available."""
    rows = []
    for k, s in enumerate(x for x in doc.sents if x.text.strip()):
        text = s.text.strip()
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        rows.append(dict(statement_id=k + 1, speaker="(narrator)", speaker_mention="", speaker_start=-1,
                         speaker_end=-1, speaker_type="NARRATOR", cue="", cue_lemma="", kind="narrator",
                         start=start, end=start + len(text), text=text,
                         paragraph=article.paragraph_at(start), narrator=True))
    return pd.DataFrame(rows)


def _row_span(doc, row):
    sp = doc.char_span(int(row["start"]), int(row["end"]), alignment_mode="expand")
    if sp is None or not len(sp):
        return None
    if str(row.get("kind", "")) == "partial":
        # a partial quote is a fragment: the host sentence paraphrases the claim around it
        sp = doc[sp[0].sent.start:sp[-1].sent.end]
    return sp


def speaker_roles(doc, frame: pd.DataFrame) -> dict[str, str]:
    """expert | official | narrator | other, from appositive titles and titles before the name."""
    roles = load_roles()
    expert = [w.lower() for w in roles["expert"]]
    official = [w.lower() for w in roles["official"]]

    def classify(text: str) -> str | None:
        words = f" {text.lower()} "
        for kind, lst in (("expert", expert), ("official", official)):
            if any(f" {w} " in words or f" {w}s " in words for w in lst):
                return kind
        return None

    out = {}
    for speaker, grp in frame.groupby("speaker", sort=True):
        if bool(grp.get("narrator", pd.Series([False])).any()) or str(speaker) == "(narrator)":
            out[speaker] = "narrator"
            continue
        if "speaker_role" in grp and grp["speaker_role"].notna().any():
            out[speaker] = str(grp["speaker_role"].dropna().iloc[0])
            continue
        found = classify(str(speaker))
        last = str(speaker).split()[-1] if str(speaker).split() else ""
        if found is None and last:
            for t in doc:
                if t.text != last:
                    continue
                head = t
                ctx = [c for c in head.children if c.dep_ == "appos"]
                text = " ".join(" ".join(x.text for x in c.subtree) for c in ctx)
                text += " " + " ".join(x.text for x in doc[head.left_edge.i:head.i])
                # "X, Minister of ..." where the parser attaches the title as the head
                if head.dep_ == "appos" or head.head.dep_ == "appos":
                    text += " " + head.head.text
                found = classify(text)
                if found:
                    break
        out[speaker] = found or "other"
    return out


def summarize_by_speaker(frame: pd.DataFrame, roles: dict[str, str] | None = None) -> pd.DataFrame:
    """Per speaker: label counts, net = (pro-con)/relevant and a seeded bootstrap 95% interval.

    Pieces of one partial quote coded in the same host sentence (same ``coded_start``/``coded_end``)
    count once.
    """
    if frame is None or not len(frame):
        return pd.DataFrame(columns=BY_SPEAKER_COLUMNS)
    cols = ["speaker", "relevant", "stance", "likelihood", "evaluation"]
    keys = ["coded_start", "coded_end"] if "coded_start" in frame else ["start", "end"]
    recs = frame[cols + keys].to_dict("records")
    groups: dict[str, list] = {}
    for r in recs:
        groups.setdefault(r["speaker"], []).append(r)
    value = {"pro": 1.0, "con": -1.0, "neutral": 0.0}
    rows = []
    for speaker in sorted(groups, key=str):
        g = groups[speaker]
        seen, rel = set(), []
        for r in g:
            k = (r[keys[0]], r[keys[1]])
            if bool(r["relevant"]) and k not in seen:
                seen.add(k)
                rel.append(r)
        vals = np.array([value[r["stance"]] for r in rel], dtype=float)
        if len(vals) == 1:  # one statement: the interval is that value
            lo = hi = float(vals[0])
        else:
            _, lo, hi, _ = bootstrap_mean_ci(vals)
        row = dict(speaker=speaker, speaker_role=(roles or {}).get(speaker, "other"),
                   statements=len(g), relevant=len(rel))
        for col, labels in (("stance", STANCE_LABELS), ("likelihood", LIKELIHOOD_LABELS),
                            ("evaluation", EVALUATION_LABELS)):
            for lab in labels:
                row[lab] = sum(1 for r in rel if r[col] == lab)
        row["net"] = float(vals.mean()) if len(vals) else np.nan
        row["net_low"], row["net_high"] = lo, hi
        rows.append(row)
    return pd.DataFrame(rows, columns=BY_SPEAKER_COLUMNS).sort_values(
        ["speaker_role", "speaker"], kind="stable").reset_index(drop=True)


def summarize_by_role(result: "StanceResult") -> pd.DataFrame:
    """The per-speaker summary pooled by speaker role (expert / official / narrator / other)."""
    f = result.all.copy()
    if not len(f):
        return pd.DataFrame(columns=BY_SPEAKER_COLUMNS)
    roles = dict(zip(result.by_speaker["speaker"], result.by_speaker["speaker_role"]))
    f["speaker"] = f["speaker"].map(roles).fillna("other")
    out = summarize_by_speaker(f, {r: r for r in f["speaker"].unique()})
    return out.rename(columns={"speaker": "role"}).drop(columns=["speaker_role"])


def code_stance(statements_df: pd.DataFrame, narrator_df: pd.DataFrame | None, doc,
                target: Target | str | None = None) -> StanceResult:
    """Code every statement and narrator sentence for stance toward ``target``.

    Rows are processed in text order; a relevant row makes its sentences context for the
    next ``context_window`` sentences (topic continuity, rule R3).
    """
    import time

    target = load_target(target)
    t0 = time.perf_counter()
    index = DocIndex(doc, target)
    frames = []
    for frame, is_narr in ((statements_df, False), (narrator_df, True)):
        f = (frame if frame is not None else pd.DataFrame()).copy()
        if len(f):
            f["_src"] = is_narr
        frames.append(f)
    allf = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else pd.DataFrame()
    on_target = set(index.on_target)
    results, cue_rows, spans = {}, [], {}
    if len(allf):
        allf = allf.sort_values(["start", "end"], kind="stable")
        for ix, row in allf.iterrows():
            sp = _row_span(doc, row)
            spans[ix] = (sp.start_char, sp.end_char) if sp is not None else (int(row["start"]), int(row["end"]))
            if sp is None:
                results[ix] = SpanCoding(False, "", "unclear", "none", "neutral", [], "not relevant: empty span")
                continue
            code = classify_span(sp, target, index=index, on_target=on_target)
            results[ix] = code
            if code.relevant:
                on_target.update(int(k) for k in set(index.sent_of[sp.start:sp.end]) if k >= 0)
            for c in code.cues:
                cue_rows.append(dict(statement_id=row.get("statement_id"), narrator=bool(row["_src"]),
                                     paragraph=row.get("paragraph"), axis=c.axis, family=c.family,
                                     text=c.text, start=c.start_char, end=c.end_char, value=c.value,
                                     rule=c.rule, negated=c.negated, discounted=c.discounted))
    out = []
    for f, is_narr in zip(frames, (False, True)):
        f = f.copy()
        if not len(f):
            f = pd.DataFrame(columns=list(f.columns) + STANCE_COLUMNS)
            out.append(f.drop(columns=["_src"], errors="ignore"))
            continue
        sub = allf[allf["_src"] == is_narr]
        codes = [results[ix] for ix in sub.index]
        f = sub.drop(columns=["_src"]).copy()
        f["relevant"] = [c.relevant for c in codes]
        f["relevance_rule"] = [c.relevance_rule for c in codes]
        f["likelihood"] = [c.likelihood for c in codes]
        f["evaluation"] = [c.evaluation for c in codes]
        f["stance"] = [c.stance for c in codes]
        f["stance_cues"] = [c.stance_cues for c in codes]
        f["coded_start"] = [spans[ix][0] for ix in sub.index]
        f["coded_end"] = [spans[ix][1] for ix in sub.index]
        out.append(f.sort_values(["start", "end"], kind="stable").reset_index(drop=True))
    seconds = time.perf_counter() - t0
    both = pd.concat([f for f in out if len(f)], ignore_index=True) if any(len(f) for f in out) else out[0]
    roles = speaker_roles(doc, both) if len(both) else {}
    by_speaker = summarize_by_speaker(both, roles)
    cues = pd.DataFrame(cue_rows, columns=CUE_COLUMNS)
    return StanceResult(out[0], out[1], by_speaker, cues, target, seconds)


# --------------------------------------------------------------------------- validation
def cohen_kappa(a, b, labels=None) -> float:
    """Cohen's kappa from the confusion matrix: (p_o - p_e) / (1 - p_e)."""
    a, b = list(a), list(b)
    labels = list(labels) if labels is not None else sorted(set(a) | set(b))
    pos = {lab: i for i, lab in enumerate(labels)}
    cm = np.zeros((len(labels), len(labels)))
    np.add.at(cm, ([pos[x] for x in a], [pos[y] for y in b]), 1)
    n = cm.sum()
    if n == 0:
        return float("nan")
    po = np.trace(cm) / n
    pe = float((cm.sum(axis=1) * cm.sum(axis=0)).sum()) / n**2
    return 1.0 if pe == 1 else float((po - pe) / (1 - pe))


def load_reference(path) -> pd.DataFrame:
    ref = pd.read_csv(path, dtype={"quote": str, "speaker": str, "rationale": str})
    ref["relevant"] = ref["relevant"].astype(str).str.lower().isin(["true", "1", "yes"])
    return ref


@dataclass
class StanceEvaluation:
    matched: pd.DataFrame
    unmatched: pd.DataFrame
    scores: pd.DataFrame       # axis, n, accuracy, kappa
    confusion: pd.DataFrame    # stance: reference (rows) x coded (columns)
    disagreements: pd.DataFrame

    def score(self, axis: str, what: str = "accuracy") -> float:
        return float(self.scores.set_index("axis").loc[axis, what])


def _norm(s: str) -> str:
    return " ".join(str(s).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def evaluate_stance(coded_df: pd.DataFrame, reference_df: pd.DataFrame) -> StanceEvaluation:
    """Match reference rows to coded rows (same paragraph, snippet containment) and score.

    ``stance`` is compared on all matched rows (not relevant counts as neutral on both
    sides); ``likelihood`` and ``evaluation`` only on rows relevant in both codings.
    """
    coded = coded_df.reset_index(drop=True)
    ctext = coded["text"].map(_norm)
    rows, missing = [], []
    for _, ref in reference_df.iterrows():
        q = _norm(ref["quote"])
        same = coded["paragraph"] == int(ref["paragraph"])
        hit = coded[same & ctext.map(lambda t, q=q: q in t or (len(t) >= 12 and t in q))]
        if not len(hit):
            missing.append(ref)
            continue
        c = hit.iloc[0]
        rows.append(dict(paragraph=int(ref["paragraph"]), quote=ref["quote"], ref_speaker=ref["speaker"],
                         coded_speaker=c["speaker"], statement_id=c.get("statement_id"),
                         ref_relevant=bool(ref["relevant"]), relevant=bool(c["relevant"]),
                         ref_likelihood=ref["likelihood"], likelihood=c["likelihood"],
                         ref_evaluation=ref["evaluation"], evaluation=c["evaluation"],
                         ref_stance=ref["stance"], stance=c["stance"], stance_cues=c["stance_cues"],
                         rationale=ref["rationale"]))
    m = pd.DataFrame(rows)
    scores = []
    if len(m):
        both = m[m["ref_relevant"] & m["relevant"]]
        for axis, sub, labels in (("relevant", m, [True, False]), ("stance", m, STANCE_LABELS),
                                  ("likelihood", both, LIKELIHOOD_LABELS),
                                  ("evaluation", both, EVALUATION_LABELS)):
            a, b = sub[f"ref_{axis}"].tolist(), sub[axis].tolist()
            acc = float(np.mean([x == y for x, y in zip(a, b)])) if a else float("nan")
            scores.append(dict(axis=axis, n=len(a), accuracy=acc, kappa=cohen_kappa(a, b, labels)))
        conf = pd.crosstab(pd.Categorical(m["ref_stance"], categories=STANCE_LABELS),
                           pd.Categorical(m["stance"], categories=STANCE_LABELS),
                           rownames=["reference"], colnames=["coded"], dropna=False)
        dis = m[(m["ref_stance"] != m["stance"]) | (m["ref_relevant"] != m["relevant"])]
    else:
        conf = pd.DataFrame()
        dis = m
    return StanceEvaluation(m, pd.DataFrame(missing), pd.DataFrame(scores), conf, dis.reset_index(drop=True))


# --------------------------------------------------------------------------- display
_MARK = {"likely": "#0072B2", "unlikely": "#D55E00", "unclear": "#999999",
         "favor": "#0072B2", "against": "#D55E00"}


def highlight(text: str, offset: int, cues: pd.DataFrame) -> str:
    """HTML for ``text`` (starting at article offset ``offset``) with cue spans marked."""
    marks = sorted(((int(r.start) - offset, int(r.end) - offset, r) for r in cues.itertuples()
                    if int(r.start) >= offset and int(r.end) <= offset + len(text)), key=lambda x: x[0])
    out, pos = [], 0
    for s, e, r in marks:
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        style = (f"background:{_MARK.get(r.value, '#999999')}22;border-bottom:2px solid "
                 f"{_MARK.get(r.value, '#999999')};padding:0 1px")
        if r.discounted:
            style += ";opacity:0.6"
        out.append(f'<mark style="{style}" title="{html.escape(r.rule)} → {r.value}">'
                   f"{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def statements_html(frame: pd.DataFrame, cues: pd.DataFrame, only_relevant: bool = False) -> str:
    """An HTML table of coded rows, cue words highlighted (blue = toward pro, vermillion = con)."""
    colour = {"pro": "#0072B2", "con": "#D55E00", "neutral": "#777777"}
    rows = []
    for r in frame.itertuples():
        if only_relevant and not r.relevant:
            continue
        sub = cues[(cues["statement_id"] == r.statement_id) & (cues["narrator"] == bool(r.narrator))]
        body = highlight(r.text, int(r.start), sub)
        stance = (f'<b style="color:{colour[r.stance]}">{r.stance}</b><br><small>{r.likelihood} / '
                  f"{r.evaluation}</small>" if r.relevant else "<small>not relevant</small>")
        rows.append(f'<tr><td style="vertical-align:top">{r.paragraph}</td>'
                    f'<td style="text-align:left;vertical-align:top">{html.escape(str(r.speaker))}</td>'
                    f'<td style="text-align:left;vertical-align:top;white-space:nowrap">{stance}</td>'
                    f'<td style="text-align:left">{body}<br><small style="color:#555">'
                    f"{html.escape(r.stance_cues)}</small></td></tr>")
    left = ' style="text-align:left"'
    head = f"<tr><th>¶</th><th{left}>speaker</th><th{left}>stance</th><th{left}>statement (cues marked)</th></tr>"
    return f'<table style="font-size:90%;table-layout:auto">{head}{"".join(rows)}</table>'


def polarity_comparison(frame: pd.DataFrame, threshold: float = 0.05) -> pd.DataFrame:
    """Relevant rows with TextBlob polarity beside the stance, flagging disagreements.

    Scores unscored rows with ``analysis.sentiment.score_statements`` (content only).
    ``agree`` is True when the signs match (pro/positive, con/negative, neutral/neutral).
    """
    f = frame[frame["relevant"].astype(bool)].copy()
    if "polarity" not in f or "sentiment_words" not in f:
        from analysis.sentiment import score_statements

        f = score_statements(f)
    f["polarity_label"] = np.where(f["polarity"] > threshold, "positive",
                                   np.where(f["polarity"] < -threshold, "negative", "neutral"))
    expect = {"pro": "positive", "con": "negative", "neutral": "neutral"}
    f["agree"] = f["stance"].map(expect) == f["polarity_label"]

    def why(r):
        if r.agree:
            return ""
        lex = f"polarity from: {r.sentiment_words}" if r.sentiment_words else "no polar words for TextBlob"
        return f"{lex}; stance from: {r.stance_cues}"
    f["why"] = [why(r) for r in f.itertuples()]
    cols = ["statement_id", "paragraph", "speaker", "stance", "polarity", "polarity_label", "agree", "why", "text"]
    return f[[c for c in cols if c in f]].reset_index(drop=True)
