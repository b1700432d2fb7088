"""One name and one label per entity (step 5 of :mod:`analysis.entities`): the canonical name is
the form written most often, the label is voted by NER and general cues; and the index that
resolves any form as written to its entity."""
from __future__ import annotations

from collections import Counter, defaultdict

from analysis.entities.lexicon import _fold, is_place
from analysis.entities.mentions import _Mention
from analysis.entities.names import _key, _name_shaped


#: Tie-break order for the label vote (earlier wins a tie).
LABEL_PRIORITY = (
    "PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
    "LANGUAGE",
)


def _canonical_names(doc, mentions: list, lex: dict) -> tuple[dict, dict, dict]:
    """Step 5: ``(by_entity, canon_of, voted)``: each entity's mentions, its canonical name
    (the form written most often) and its ``(label, votes, evidence)`` (:func:`_vote`)."""
    by_entity: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        by_entity[m.entity].append(m)
    canon_of: dict[str, str] = {}
    voted: dict[str, tuple[str, str, str]] = {}
    for key, ms in by_entity.items():
        forms = Counter(m.text[: m.name_end - m.start] for m in ms if _key(
            m.text[: m.name_end - m.start]) == key)
        canon_of[key] = forms.most_common(1)[0][0] if forms else key
        voted[key] = _vote(doc, canon_of[key], ms, lex)
    return by_entity, canon_of, voted


def _name_index(by_entity, canon_of, voted, abbr_of, by_surname) -> dict:
    """``{key or folded form: canonical name}`` for :meth:`EntityResult.resolve`."""
    index = {}
    for key, ms in by_entity.items():
        name = canon_of[key]
        for alias in dict.fromkeys([name, key, *(m.text for m in ms),       # first occurrence of each
                                    *(m.text[: m.name_end - m.start] for m in ms),
                                    *(a for a, long in abbr_of.items() if long == key)]):
            index.setdefault(_key(alias), name)
            index.setdefault(_fold(alias), name)
    for key in by_entity:  # surnames last: an entity's own aliases take precedence
        name = canon_of[key]
        if voted[key][0] == "PERSON" and " " in key:
            sur = key.split()[-1]
            if len(by_surname.get(_fold(sur), [])) <= 1:
                index.setdefault(_key(sur), name)
                index.setdefault(_fold(sur), name)
    return index


def _vote(doc, name: str, ms: list, lex: dict) -> tuple[str, str, str]:
    """One label per entity: NER votes plus at most one vote per evidence cue."""
    ner = Counter(m.ner_label for m in ms if m.ner_label)
    read = Counter(m.label for m in ms if m.label)  # NER's labels, as re-read by the rules
    score = Counter(read)
    cues: list[str] = list(dict.fromkeys(m.relabel for m in ms if m.relabel))
    person_shaped = _name_shaped(name)
    if person_shaped:
        for m in ms:
            span = doc.char_span(m.start, m.name_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            if "title_before" not in cues and span.start > 0:
                prev = doc[span.start - 1]
                if prev.text.rstrip(".") in lex["titles"] and prev.text[:1].isupper():
                    cues.append("title_before")
            if "appositive_role" not in cues:
                heads = [c for c in root.children if c.dep_ == "appos"]
                if root.dep_ == "appos":
                    heads.append(root.head)
                if any(h.lemma_.lower() in lex["person_roles"] or h.lower_ in lex["person_roles"]
                       for h in heads):
                    cues.append("appositive_role")
            if ("reporting_subject" not in cues and " " in name
                    and root.dep_ in ("nsubj", "nsubjpass")
                    and root.head.lemma_.lower() in lex["reporting_verbs"]):
                cues.append("reporting_subject")
    person_cues = [c for c in cues if c in ("title_before", "appositive_role",
                                            "reporting_subject")]
    if person_cues:
        score["PERSON"] += len(person_cues)  # each person cue adds at most one vote
    if is_place(name):
        score["GPE"] += 1
        cues.append("gazetteer_place")
    if not score:
        score["ORG"] = 0
    prio = {lab: i for i, lab in enumerate(LABEL_PRIORITY)}
    label = sorted(score, key=lambda lab: (-score[lab], -read.get(lab, 0),
                                           prio.get(lab, len(prio)), lab))[0]
    votes = "|".join(f"{lab}:{n}" for lab, n in sorted(ner.items(), key=lambda x: (-x[1], x[0])))
    return label, votes, "|".join(cues)
