"""Lexicon-backed readings of what an act is and whom it affects, shared by the parse reading
(:mod:`analysis.stance.rules`) and the coder (:mod:`analysis.stance.coder`): accusations and
denials (sentiment composition, Moilanen & Pulman 2007), acts of force (CAMEO root codes 15-20,
Schrodt 2012) and the effect of harm by who suffers it (+/-EffectWordNet, Choi & Wiebe 2014).
The word lists are in ``analysis/data/stance_lexicon.json`` (``composition``, ``effects``).
"""
from __future__ import annotations

import functools

from analysis.stance.lexicon import load_lexicon


@functools.lru_cache(maxsize=1)
def composition() -> dict:
    lex = load_lexicon()
    return {"denial_lemmas": frozenset(lex["composition"]["denial_lemmas"]),
            "accusations": frozenset(lex["composition"]["accusation_nouns"]),
            "hostile": frozenset(lex["composition"]["hostile_acts"]),
            "harm": frozenset(lex["effects"]["harm_lemmas"]),
            "protected": frozenset(lex["effects"]["protected"]),
            "protected_modifiers": frozenset(lex["effects"]["protected_modifiers"]),
            "combatant": frozenset(lex["effects"]["combatant"]),
            "quantity": frozenset(lex["effects"]["quantity_nouns"])}


def accusation(tok, index) -> bool:
    """An accusation or criticism: a noun of the lexicon's accusations, or an opposition cue."""
    cue = index.cue_at.get(tok.i)
    return tok.lemma_.lower() in composition()["accusations"] or (cue is not None and cue.label_ == "opposition")


def harmed(verb) -> str:
    """Who a harm verb's effect falls on: 'protected' (civilians, homes, hospitals),
    'combatant' (forces, military objects) or '' (no harm verb, or no such patient)."""
    comp = composition()
    if verb.lemma_.lower() not in comp["harm"]:
        return ""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("on", "against")):
            heads = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            # "killed dozens of soldiers": a quantity's of-phrase names who suffers
            heads = [g for h in heads for g in ([h] + [o for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
                                                        for o in p.children if o.dep_ == "pobj"]
                                                 if h.lemma_.lower() in comp["quantity"] or h.pos_ == "NUM" else [h])]
            for h in heads:
                own = {h.lemma_.lower(), h.lower_}
                mods = {g.lemma_.lower() for g in h.children if g.dep_ in ("compound", "amod")}
                # the noun decides ("military facilities"), a protected modifier first ("civilian targets")
                if mods & comp["protected_modifiers"]:
                    return "protected"
                for words in (own, mods):
                    if words & comp["protected"]:
                        return "protected"
                    if words & comp["combatant"]:
                        return "combatant"
    return ""


def hostile(action) -> bool:
    """Is the action an act of force or coercion (the lexicon's hostile acts, CAMEO 15-20)?"""
    comp = composition()
    lemmas = " ".join(t.lemma_.lower() for t in action)     # a phrase: "taking over" -> "take over"
    return lemmas in comp["hostile"] or any(t.lemma_.lower() in comp["hostile"] or t.lower_ in comp["hostile"]
                                            for t in action) or action.root.head.lemma_.lower() in comp["hostile"]
