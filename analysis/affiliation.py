"""Speaker affiliation: the organisation or country a speaker speaks for, read from the Doc.

A speaker's affiliation is named around a mention of the speaker:

* inside the mention: a title with an organisation or country ("Freedonian Defence Ministry
  spokesman Igor Ivanov", "Freedonia's foreign minister", "a Palace aide");
* in an appositive ("Ivan Petrov, Freedonia's foreign minister", "Ivan Petrov, a spokesman for
  the ministry") or a title the name is in apposition to;
* in an of/for/at phrase of the title ("the spokesman for the Palace", "minister of defence");
* or the speaker is itself an organisation, a country or a people ("the Palace said",
  "the Freedonian embassy said", "Fredville denied").

A nationality alone is not an affiliation: a people's adjective counts only on an office or
institution ("Freedonian officials", "the Freedonian side"), not on any noun ("a Freedonian opposition
politician").

Where the statement's own mention is a pronoun ("he said"), the other mentions of the
speaker's name in the article are read the same way, in text order. The result is a Span
of the Doc (an entity: ORG, GPE or NORP), so a target's actor patterns can be matched on it
with every attribute the parse gave it. Nothing here knows any target.
"""
from __future__ import annotations

import functools
import json

from analysis.config import DATA_DIR
from analysis.doc_cache import working_cache

#: Entity labels that name what a speaker speaks for.
AFFILIATION_LABELS = ("ORG", "GPE", "NORP")
#: Dependents of a mention's head that hold its title or affiliation.
_TITLE_DEPS = ("compound", "amod", "poss", "nmod", "appos")
#: Prepositions linking a title to what it serves ("spokesman for X", "minister of X", "an analyst
#: at X"); "from" only names an organisation ("a spokesman from the ministry"), since with a place
#: it is where someone comes from ("a nurse from Leeds").
_TITLE_PREPS = ("of", "for", "at", "from")


@functools.lru_cache(maxsize=1)
def _office_words() -> frozenset:
    """Official titles and institutions (``analysis/data/stance_roles.json``), single words."""
    roles = json.loads((DATA_DIR / "stance_roles.json").read_text(encoding="utf-8"))
    return frozenset(w for w in roles["official"] + roles["institution"] if " " not in w)


def _entities(doc) -> dict:
    """Token index -> its entity Span, built once per Doc."""
    cache = working_cache(doc)
    if "entity_at" not in cache:
        cache["entity_at"] = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    return cache["entity_at"]


def _speaks_for(ent) -> bool:
    """An organisation or a state names what a speaker speaks for; a people (NORP) only as the
    adjective of an office or institution ("Freedonian officials", "the Freedonian side"), not of any
    noun ("a Freedonian opposition politician" is a nationality)."""
    if ent.label_ in ("ORG", "GPE"):
        return True
    return ent.label_ == "NORP" and ent.root.head.lemma_.lower() in _office_words()


def _entity_in(tokens) -> object | None:
    """The first ORG/GPE/NORP entity (as a Span) that any of ``tokens`` belongs to and that names
    what a speaker speaks for (:func:`_speaks_for`)."""
    for t in tokens:
        if t.ent_type_ in AFFILIATION_LABELS:
            ent = _entities(t.doc).get(t.i)
            if ent is not None and _speaks_for(ent):
                return ent
    return None


def _subtree(tok) -> list:
    """A title's tokens, without what a "from" phrase names unless it is an organisation."""
    drop = set()
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ == "from":
            drop |= {g.i for g in t.subtree if g.ent_type_ != "ORG"}
    return [t for t in tok.subtree if t.i not in drop]


def _around(head) -> list:
    """Tokens around a mention's head that name its title and affiliation, nearest first."""
    out = []
    for c in head.children:
        if c.dep_ in _TITLE_DEPS and c.i < head.i:
            out += _subtree(c)
    for c in head.children:
        if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in _TITLE_PREPS):
            out += _subtree(c)
    if head.dep_ == "appos" or (head.dep_ == "compound" and head.head.dep_ == "appos"):
        title = head.head if head.dep_ == "appos" else head.head.head
        out += [t for t in _subtree(title) if not (head.left_edge.i <= t.i <= head.right_edge.i)]
    return out


def affiliation_of_mention(mention) -> object | None:
    """The affiliation (an entity Span) named in or around one speaker mention (a Span), or None."""
    if mention is None or not len(mention):
        return None
    # inside the mention: "the Palace", "Freedonian officials", "Freedonian Defence Ministry spokesman Igor Ivanov"
    inside = _entity_in(mention)
    if inside is not None:
        return inside
    return _entity_in(_around(mention.root))


def speaker_affiliation(doc, mention, name: str = "") -> object | None:
    """The affiliation of a statement's speaker: from its own mention, else from the other
    mentions of its name (``name``, the canonical speaker) in text order."""
    found = affiliation_of_mention(mention)
    if found is not None or not name:
        return found
    return _name_affiliations(doc).get(name.split()[-1].lower()) if name.split() else None


def _name_affiliations(doc) -> dict:
    """Surname (lower case) -> the first affiliation found around a PERSON mention of it."""
    cache = working_cache(doc)
    key = "name_affiliations"
    if key not in cache:
        out: dict = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            last = ent[-1].lower_
            if last in out:
                continue
            aff = affiliation_of_mention(ent)
            if aff is not None:
                out[last] = aff
        cache[key] = out
    return cache[key]
