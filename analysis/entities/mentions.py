"""Building the mentions (steps 1-4 of :mod:`analysis.entities`): NER spans cleaned, "Long Name
(ABBR)" read as one mention, spellings and bare surnames of a person joined, and the mentions NER
missed found by a PhraseMatcher."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from analysis.entities.lexicon import _fold
from analysis.entities.names import (
    _clean_offsets,
    _clean_text,
    _initials_match,
    _is_geo_word,
    _key,
    _name_shaped,
    _name_variants,
    _strip_titles,
    _titled_name_start,
)


#: Labels counted as "who and what the article names".
MAIN_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)
#: Temporal and numeric labels: kept out of the entity table (see ``EntityResult.other``).
OTHER_LABELS = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
_ABBR_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)")


@dataclass
class _Mention:
    start: int
    end: int  # end of the whole mention (includes "(ABBR)" when introduced)
    name_end: int  # end of the name part
    text: str
    key: str
    ner_label: str
    source: str
    entity: str | None = None
    #: the label this mention votes for: ``ner_label`` unless a rule re-read the span
    #: (``relabel`` names the rule: ``title_in_span``, ``surname_of_person``)
    label: str = ""
    relabel: str = ""

    def __post_init__(self):
        self.label = self.label or self.ner_label


def _first_pass(doc, text: str) -> tuple[list, list]:
    """Step 1: every ``doc.ents`` span cleaned (offsets moved inward, titles cut); the main
    labels' mentions, and the temporal/numeric (and unlisted) labels' ones apart."""
    mentions: list[_Mention] = []
    other: list[_Mention] = []
    ents = doc.ents
    geo_words = frozenset(_key(_clean_text(ent.text)) for ent in ents
                          if ent.label_ in ("GPE", "LOC", "NORP"))
    for ent in ents:
        s, e = _clean_offsets(text, ent.start_char, ent.end_char)
        label, relabel = ent.label_, ""
        if label == "PERSON":
            s = _strip_titles(text, s, e, geo_words)
        elif label in ("ORG", "NORP") and s < e:
            name_start = _titled_name_start(text, s, e)
            if name_start is not None:
                s, label, relabel = name_start, "PERSON", "title_in_span"
        if s >= e or not any(ch.isalnum() for ch in text[s:e]):
            continue
        m = _Mention(s, e, e, text[s:e], _key(text[s:e]), ent.label_, "ner",
                     label=label, relabel=relabel)
        (mentions if ent.label_ in MAIN_LABELS else other).append(m)
        if ent.label_ not in MAIN_LABELS and ent.label_ not in OTHER_LABELS:
            other[-1].source = "ner-unlisted-label"
    return mentions, other


def _abbreviations(text: str, mentions: list) -> tuple[list, dict]:
    """Step 2: "Long Name (ABBR)" is one mention, and ABBR an alias (``{abbr key: long key}``)."""
    abbr_of: dict[str, str] = {}
    for m in mentions:
        am = _ABBR_AFTER.match(text, m.end)
        if am and " " in m.text and _initials_match(m.text, am.group(1)):
            abbr = am.group(1)
            abbr_of[_key(abbr)] = m.key
            m.end = am.end()
            m.text = text[m.start:m.end]
    if abbr_of:
        spans = [(m.start, m.end) for m in mentions if m.end != m.name_end]
        mentions = [m for m in mentions if m.end != m.name_end
                    or not any(s <= m.start and m.end <= e for s, e in spans)]
    return mentions, abbr_of


class _People:
    """Step 3: mentions grouped by key, abbreviations and spellings of one full name merged,
    bare surnames linked to the person they name (sets ``_Mention.entity``)."""

    def __init__(self, mentions: list, abbr_of: dict) -> None:
        key_labels: dict[str, Counter] = defaultdict(Counter)
        key_first: dict[str, int] = {}
        for m in mentions:
            key_labels[m.key][m.label] += 1
            key_first.setdefault(m.key, m.start)
        for m in mentions:
            m.entity = abbr_of.get(m.key, m.key)
        single_person_keys = {_fold(k) for k, c in key_labels.items()
                              if " " not in k and c["PERSON"]}
        full_names = {
            k for k in key_labels
            if " " in k and _name_shaped(k)
            and (key_labels[k]["PERSON"] or _fold(k.split()[-1]) in single_person_keys)
        }
        # spellings of one person's full name (a typo in the given name) become one entity
        variant_of = _name_variants(
            [(m.start, m.key) for m in mentions if m.key in full_names and key_labels[m.key]["PERSON"]],
            [(m.start, m.key) for m in mentions if " " not in m.key])
        for variant, canon in variant_of.items():
            key_labels[canon].update(key_labels[variant])
            key_first[canon] = min(key_first[canon], key_first[variant])
            full_names.discard(variant)
        for m in mentions:
            m.entity = variant_of.get(m.entity, m.entity)
        self.key_labels, self.key_first, self.full_names = key_labels, key_first, full_names
        self.by_surname: dict[str, list[str]] = defaultdict(list)  # folded surname -> full names
        for k in sorted(full_names, key=lambda k: key_first[k]):
            self.by_surname[_fold(k.split()[-1])].append(k)
        self._merge_surnames(mentions)

    def surname_target(self, surname: str, at: int, labels: set[str]) -> str | None:
        """The full name a bare surname at offset ``at`` names: the nearest introduced before it."""
        cands = self.by_surname.get(_fold(surname))
        if not cands:
            return None
        cands = [c for c in cands if self.key_labels[c]["PERSON"] or "PERSON" in labels]
        if not cands:
            return None
        before = [c for c in cands if self.key_first[c] <= at]
        return before[-1] if before else cands[0]

    def _merge_surnames(self, mentions: list) -> None:
        for m in mentions:
            if m.entity != m.key or " " in m.key:
                continue
            target = self.surname_target(m.key, m.start, {m.label})
            # a surname NER tagged ORG/GPE/PRODUCT... still merges, unless it is a known place
            # name or demonym ("Jordan" the country next to "Michael Jordan" stays apart);
            # merged, it is a mention of that person and votes PERSON, whatever NER said
            if target and (m.label == "PERSON" or not _is_geo_word(m.key)):
                m.entity = target
                if m.label != "PERSON":
                    m.label, m.relabel = "PERSON", "surname_of_person"

    @staticmethod
    def provisional_labels(mentions: list) -> dict[str, Counter]:
        """Labels by entity so far: which surnames the second pass looks for."""
        ent_labels: dict[str, Counter] = defaultdict(Counter)
        for m in mentions:
            ent_labels[m.entity][m.label] += 1
        return ent_labels


def _second_pass(doc, text, mentions, ent_labels, full_names, surname_target):
    """PhraseMatcher (ORTH, case-sensitive) over known forms and person surnames."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    patterns: dict[str, tuple] = {}  # pattern string -> words
    target: dict[str, list] = defaultdict(list)  # form -> [(start, entity)] of first-pass uses
    for m in mentions:
        span = doc.char_span(m.start, m.name_end, alignment_mode="strict")
        if span is None:
            continue
        form = span.text
        patterns.setdefault(form, tuple(t.text for t in span))
        target[form].append((m.start, m.entity))
    for key in ent_labels:
        if key in full_names and ent_labels[key].most_common(1)[0][0] in ("PERSON", "ORG"):
            sur = key.split()[-1]
            if sur not in patterns:
                patterns[sur] = (sur,)
    if not patterns:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    for form, words in patterns.items():
        matcher.add(form, [Doc(doc.vocab, words=list(words))])
    taken = [(e.start_char, e.end_char) for e in doc.ents] + [(m.start, m.end) for m in mentions]
    taken_arr = np.array(taken, dtype=int).reshape(-1, 2)
    has_pos = doc.has_annotation("POS")
    spans = []
    for _match_id, s, e in matcher(doc):
        span = doc[s:e]
        if len(taken_arr) and np.any((taken_arr[:, 0] < span.end_char)
                                     & (span.start_char < taken_arr[:, 1])):
            continue
        if len(span) == 1 and (span[0].is_sent_start and span[0].is_stop or has_pos
                               and span[0].pos_ not in ("PROPN", "NOUN")):
            continue  # "May" opening a sentence, "Portable" the adjective
        spans.append(span)
    out = []
    for span in filter_spans(spans):
        form = span.text
        uses = target.get(form)
        if uses:  # the entity this form named last (or first, if only named later)
            before = [e for st, e in uses if st <= span.start_char]
            key = before[-1] if before else uses[0][1]
        else:
            key = surname_target(form, span.start_char, {"PERSON"})
        if key is None:
            continue
        out.append(_Mention(span.start_char, span.end_char, span.end_char, span.text,
                            _key(span.text), "", "matcher", key))
    return out
