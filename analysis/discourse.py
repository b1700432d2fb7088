"""What every analysis shares about one Doc: its sentences, its names and what its pronouns
refer to.

There is one sentence map (:class:`Sentences`), one name index (:class:`Names`) and one
gender-aware pronoun resolver (:class:`Pronouns`) per Doc. :func:`discourse` builds them
once and keeps them on the Doc as ``doc._.discourse``; statement extraction, entity
tables and stance all read that one object. The statements component builds it with its
reporting-verb rules (a pronoun inside a person's reported speech refers to that person);
an analysis that runs without statements gets the same resolver without that rule.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.attribution import FEMALE_HONORIFICS, MALE_HONORIFICS, PRONOUN_GENDER, clean_name
from analysis.doc_cache import doc_text, doc_tokens, working_cache  # noqa: F401  (doc_text: importable from here too)

#: Pronouns that refer to an organisation or a country, never to one person.
NEUTER_PRONOUNS = {"it", "its", "itself"}
#: Pronouns that refer to a group: an organisation, a country, a people or a plural noun phrase.
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
#: Entity labels an "it"/"they" can refer to.
NEUTER_LABELS = ("ORG", "GPE", "NORP")
#: Sentences (the pronoun's own and the ones before it) in which an antecedent is looked for.
PRONOUN_WINDOW = 5


class Sentences:
    """The sentences that hold text (blank ones dropped), with each token's sentence number.

    ``of[i]`` is the 0-based sentence of token ``i`` (-1 for whitespace between sentences).
    """

    def __init__(self, doc):
        if len(doc) and not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            self.spans = [doc[:]]          # no sentence boundaries: the whole text is one
        else:
            self.spans = [s for s in doc.sents if s.text.strip()] if len(doc) else []
        self.of = np.full(len(doc), -1, dtype=int)
        for k, s in enumerate(self.spans):
            self.of[s.start:s.end] = k

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k: int):
        return self.spans[k]

    def same(self, i: int, j: int) -> bool:
        """Tokens ``i`` and ``j`` lie in the same sentence."""
        return self.of[i] == self.of[j] and self.of[i] >= 0


class Names:
    """Canonical names: the entity table when given, else a local index of ``doc.ents``."""

    def __init__(self, doc, entities=None):
        self.entities = entities
        self._memo: dict[str, tuple[str | None, str | None]] = {}
        self.labels: dict[str, str] = {}
        self.ent_labels: dict[str, str] = {}
        if entities is not None:
            try:
                self.ent_labels = dict(zip(entities.entities["entity"], entities.entities["label"]))
            except Exception:
                self.ent_labels = {}
        self.surnames: dict[str, str] = {}
        self.full: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
                continue
            name = clean_name(ent.text)
            if not name:
                continue
            self.full.setdefault(name.lower(), name)
            self.labels.setdefault(name, ent.label_)
            words = name.split()
            if ent.label_ == "PERSON" and len(words) > 1:
                for w in (words[-1], words[0]):
                    self.surnames.setdefault(w.lower(), name)

    def canonical(self, text: str) -> tuple[str | None, str | None]:
        """``(canonical name, label)`` for a name as written, memoised per article.

        (A per-instance dict, not ``functools.lru_cache`` on the method, which would
        keep every article's index alive for the whole of a corpus run.)
        """
        if text not in self._memo:
            self._memo[text] = self._canonical(text)
        return self._memo[text]

    def _canonical(self, text: str) -> tuple[str | None, str | None]:
        if self.entities is not None:
            try:
                c = self.entities.resolve(text)
                if c:
                    return c, self.ent_labels.get(c) or self.labels.get(c)
            except Exception:  # a broken entity table must not stop attribution
                pass
        name = clean_name(text)
        if not name:
            return None, None
        key = name.lower()
        if key in self.full:
            c = self.full[key]
            return c, self.labels.get(c)
        if " " not in key and key in self.surnames:
            c = self.surnames[key]
            return c, self.labels.get(c)
        if name.split()[-1].lower() in self.surnames:
            c = self.surnames[name.split()[-1].lower()]
            return c, self.labels.get(c)
        return None, None


@dataclass(frozen=True)
class PersonMention:
    """A name mention of a person: the head token, its canonical name, whether it is a subject."""

    i: int
    canonical: str
    subject: bool


@dataclass(frozen=True)
class Referent:
    """What a pronoun refers to: the canonical name, its type, and the antecedent mention's token."""

    name: str
    type: str        # PERSON | ORG | GPE | NORP | GROUP
    token: int


class Pronouns:
    """One gender-aware pronoun resolver for a Doc.

    *he/she/his/her…* resolve to a person, in text order:
      1. inside the content of a reporting verb whose subject is a person, to that person
         (needs ``cue_of`` and ``subject_of``, the statements' rules);
      2. else to the latest compatible person named in this or the previous
         ``PRONOUN_WINDOW - 1`` sentences, subjects first, sentence by sentence backwards.
    A person's gender comes from honorifics (Mr, Ms…) and from the pronouns already
    resolved to them; a person of the other gender is never chosen.

    *it/its* resolve to the latest organisation, country or nationality named within the
    window; *they/them/their* to that or to a later plural noun phrase ("the troops").
    """

    def __init__(self, doc, sentences: Sentences, names: Names, cue_of=None, subject_of=None):
        self.doc = doc
        self.sents = sentences
        self.names = names
        self.gender: dict[str, dict[str, int]] = {}
        self.resolved: dict[int, Referent] = {}
        self.mentions: list[PersonMention] = self._person_mentions()
        self._resolve_persons(cue_of, subject_of)

    # ---- persons
    def _person_mentions(self) -> list[PersonMention]:
        """Every name mention that is a PERSON (runs of capitalised nouns within one sentence)."""
        out = []
        doc, of = doc_tokens(self.doc), self.sents.of      # doc[i] below: the one list of Tokens
        i = 0
        while i < len(doc):
            t = doc[i]
            if not (t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN") and t.is_alpha):
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha \
                    and doc[j + 1].pos_ in ("PROPN", "NOUN") and of[j + 1] == of[i]:
                j += 1
            run = self.doc[i:j + 1]
            canon, label = self.names.canonical(run.text)
            words = {doc[k].lower_.rstrip(".") for k in range(max(0, i - 1), j + 1)}
            honorific = words & (MALE_HONORIFICS | FEMALE_HONORIFICS)
            # surnames are often voted ORG: a PERSON tag here or an honorific decides
            if canon and (label == "PERSON" or (label in (None, "ORG") and (honorific or any(
                    x.ent_type_ == "PERSON" for x in run)))):
                subj = any(x.dep_ in ("nsubj", "nsubjpass") for x in run) or (
                    run.root.dep_ == "appos" and run.root.head.dep_ == "nsubj")
                out.append(PersonMention(run.root.i, canon, subj))
                if words & MALE_HONORIFICS and not words & FEMALE_HONORIFICS:
                    self.vote(canon, "m", 3)
                elif words & FEMALE_HONORIFICS and not words & MALE_HONORIFICS:
                    self.vote(canon, "f", 3)
            i = j + 1
        return out

    def vote(self, canon: str, g: str, weight: int) -> None:
        d = self.gender.setdefault(canon, {"m": 0, "f": 0})
        d[g] += weight

    def gender_of(self, canon: str) -> str | None:
        d = self.gender.get(canon)
        if not d or d["m"] == d["f"]:
            return None
        return "m" if d["m"] > d["f"] else "f"

    def _speaker_of_content(self, tok, g, cue_of, subject_of):
        """Rule 1: the person whose reported speech holds ``tok`` (a Referent), else None."""
        a = tok
        while a.head.i != a.i:
            child, a = a, a.head
            if child.dep_ == "nsubj":
                continue
            if cue_of(a) and child.dep_ not in ("nsubj", "nsubjpass"):
                s = subject_of(a)
                if s is not None and s.i != tok.i:
                    ref = self.person_for(s)
                    if ref and self.gender_of(ref.name) in (None, g):
                        return ref
                return None
        return None

    def _latest_person(self, tok, g, entries):
        """Rule 2: the latest compatible person in the window, subjects first, as a Referent."""
        of = self.sents.of
        si = int(of[tok.i])
        prior = [e for e in entries if e.i < tok.i and si - PRONOUN_WINDOW < of[e.i] <= si]
        for s in range(si, si - PRONOUN_WINDOW, -1):
            for e in sorted((e for e in prior if of[e.i] == s), key=lambda e: (not e.subject, -e.i)):
                if self.gender_of(e.canonical) in (None, g):
                    return Referent(e.canonical, "PERSON", e.i)
        return None

    def _resolve_persons(self, cue_of, subject_of) -> None:
        entries = list(self.mentions)
        for tok in doc_tokens(self.doc):
            g = PRONOUN_GENDER.get(tok.lower_)
            if g is None or tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
                continue
            ref, rule = None, 0
            if cue_of is not None and subject_of is not None:
                ref = self._speaker_of_content(tok, g, cue_of, subject_of)
                rule = 1 if ref else 0
            if ref is None and self.sents.of[tok.i] >= 0:
                ref = self._latest_person(tok, g, entries)
                rule = 2 if ref else 0
            if ref is None:
                continue
            self.resolved[tok.i] = ref
            is_speaker = tok.dep_ == "nsubj" and cue_of is not None and cue_of(tok.head) is not None
            self.vote(ref.name, g, 2 if rule == 2 and is_speaker else 1)
            entries.append(PersonMention(tok.i, ref.name, tok.dep_ in ("nsubj", "nsubjpass")))

    def person_for(self, tok) -> Referent | None:
        """The person a subject token names: a resolved pronoun or a person's name."""
        if tok.lower_ in PRONOUN_GENDER:
            return self.resolved.get(tok.i)
        c, label = self.names.canonical(" ".join(t.text for t in mention_tokens(tok)))
        if c and (label == "PERSON" or (label in (None, "ORG") and tok.ent_type_ == "PERSON")):
            return Referent(c, "PERSON", tok.i)
        return None

    # ---- everything
    def referent(self, tok) -> Referent | None:
        """What the pronoun ``tok`` refers to, or None (not a pronoun, or nothing fits)."""
        if tok.i in self.resolved:
            return self.resolved[tok.i]
        plural = tok.lower_ in PLURAL_PRONOUNS
        if not plural and tok.lower_ not in NEUTER_PRONOUNS:
            return None
        of = self.sents.of
        k = int(of[tok.i])
        if k < 0:
            return None
        # sentence by sentence backwards
        for s in range(k, max(-1, k - PRONOUN_WINDOW), -1):
            sent = self.sents[s]
            cands = [t for t in sent if t.i < tok.i and self._group_head(t, plural)]
            # they: a plural noun phrase before a singular name; then subjects, then the latest
            for t in sorted(cands, key=lambda t: (plural and t.tag_ not in ("NNS", "NNPS"),
                                                  t.dep_ not in ("nsubj", "nsubjpass"), -t.i)):
                if t.tag_ == "NNS" and t.pos_ != "PROPN":
                    return Referent(t.lemma_.lower(), "GROUP", t.i)      # "the troops … they"
                ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
                name = clean_name(ent.text if ent is not None else t.text)
                canon = self.names.canonical(name)[0] or name
                return Referent(canon, t.ent_type_, t.i)
        return None

    @staticmethod
    def _group_head(t, plural: bool) -> bool:
        """Can ``t`` head an antecedent of it/they: the head of a named organisation, country
        or people, or (for they) of a plural common noun phrase."""
        if t.dep_ in ("compound", "poss") or t.ent_type_ == "PERSON":
            return False
        if plural and t.tag_ == "NNS":
            return True
        if t.pos_ != "PROPN" or t.ent_type_ not in NEUTER_LABELS:
            return False
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        return nxt is None or nxt.ent_iob_ != "I"      # the last token of the name


def mention_tokens(tok):
    """Tokens of the noun-phrase mention headed by ``tok``: compounds, modifiers and a
    possessor ("Putin's spokesman"), never a determiner, appositive or relative clause."""
    if tok.pos_ == "PRON":
        return [tok]
    doc = tok.doc
    first = tok.i
    for ch in reversed(list(tok.lefts)):
        lo, hi = ch.left_edge.i, ch.right_edge.i
        if hi != first - 1 or ch.dep_ not in ("compound", "flat", "nmod", "amod", "poss", "nummod", "quantmod"):
            break
        if any(t.is_punct and t.text not in "-’'" for t in doc[lo:hi + 1]):
            break
        first = lo
    last = tok.i
    for ch in tok.rights:                      # flat right parts of a name ("Jr")
        if ch.dep_ == "flat" and ch.i == last + 1:
            last = ch.i
    toks = list(doc[first:last + 1])
    # symbols the tagger took for names ("Maria Lopez 😀 said"): never part of a mention
    while len(toks) > 1 and not any(c.isalnum() for c in toks[-1].text):
        toks.pop()
    while len(toks) > 1 and not any(c.isalnum() for c in toks[0].text):
        toks.pop(0)
    return toks


def sentences(doc) -> Sentences:
    """The Doc's one sentence map, built once (also by :func:`discourse`)."""
    cache = working_cache(doc)
    if "sentences" not in cache:
        cache["sentences"] = Sentences(doc)
    return cache["sentences"]


@dataclass
class Discourse:
    """The shared view of one Doc: sentences, names and pronouns."""

    sentences: Sentences
    names: Names
    pronouns: Pronouns


def discourse(doc, entities=None, cue_of=None, subject_of=None, rebuild: bool = False,
              names: Names | None = None) -> Discourse:
    """The Doc's :class:`Discourse`, built once and kept as ``doc._.discourse``.

    The statements component calls this with its reporting-verb rules and ``rebuild=True``;
    everything else reads what is there, or builds a plain one.
    """
    from spacy.tokens import Doc

    if not Doc.has_extension("discourse"):
        Doc.set_extension("discourse", getter=lambda d: working_cache(d).get("discourse"))
    cache = working_cache(doc)
    if cache.get("discourse") is None or rebuild:
        sents = sentences(doc)
        names = names or Names(doc, entities)
        cache["discourse"] = Discourse(sents, names, Pronouns(doc, sents, names, cue_of, subject_of))
    return cache["discourse"]
