"""Who and what an article names: canonical entities, their mentions, co-occurrence.

Raw spaCy NER makes mistakes a naive ``Counter(doc.ents)`` would count: a
person tagged ORG in one sentence, a country tagged PERSON in another, bare
surnames missed. :func:`extract_entities` repairs what it can with general,
documented rules (``docs/entities.md``):

1. **First pass** - every ``doc.ents`` span with a label in :data:`MAIN_LABELS`
   is cleaned: a leading "the", a trailing possessive (``’s``, ``'s``, ``s’``),
   edge punctuation and, for PERSON spans, leading titles ("President") and a
   leading country word ("Russian President ...") are cut off *by moving the
   offsets*, so ``article.analysis_text[start:end]`` is still exactly the mention. An
   ORG/NORP span "[Kazakh] President First Last" is read as the person.
   Temporal/numeric labels (:data:`OTHER_LABELS`) go to a separate ``other`` table.
2. **Abbreviations** - ``Long Name (ABBR)``, where ABBR's letters match the
   initials of Long Name, is one mention and ABBR becomes an alias.
3. **Person names** - spellings of one full name (a one-letter typo in the given
   name, extra words before it) become one entity; a one-word mention equal to the
   surname of a person-shaped full name in the article (``Giles`` -> ``Keir
   Giles``), whatever NER's label, is a mention of that person and votes PERSON;
   with several candidates, the nearest full name introduced before it wins.
4. **Second pass** - a case-sensitive ORTH :class:`spacy.matcher.PhraseMatcher`
   built from the first pass's surface forms and surnames finds mentions NER
   missed; matches overlapping any NER span or each other are dropped.
5. **Label vote** - each entity gets one label: NER labels of its mentions
   vote; general cues add at most one vote each (title before the name,
   appositive person role, subject of a reporting verb, country name or capital).
6. **Views** - ``country_group`` (country names + demonyms) and ``state_group``
   (country names, capitals, seats of government) are columns; :func:`grouped`
   aggregates by them. The entity table itself is never merged by a view.
   Country names come from ``pycountry`` (every ISO 3166-1 country); demonyms are
   derived from them by suffix rules; ``analysis/data/entity_groups.json`` adds only
   what those lack (everyday names, acronyms, irregular demonyms, capitals).

No model is loaded here: patterns are built as ``Doc(doc.vocab, words=...)``
from the doc's own tokens, so a doc read from the cache (blank vocab) works.

Modules: :mod:`~analysis.entities.lexicon` (countries, demonyms, the views),
:mod:`~analysis.entities.names` (names as written: cleaning, titles, spellings),
:mod:`~analysis.entities.mentions` (steps 1-4), :mod:`~analysis.entities.canonical` (step 5)
and :mod:`~analysis.entities.tables` (step 6, :class:`EntityResult` and the derived tables).
"""
from __future__ import annotations

from analysis.discourse import doc_text
from analysis.entities.canonical import LABEL_PRIORITY, _canonical_names, _name_index
from analysis.entities.lexicon import (
    _fold,
    build_lexicon,
    country_for_demonym,
    country_group,
    demonym_stem,
    is_place,
    lexicon,
    state_group,
)
from analysis.entities.mentions import MAIN_LABELS, OTHER_LABELS, _abbreviations, _first_pass, _People, _second_pass
from analysis.entities.names import _clean_offsets, _is_geo_word, _key, _name_shaped
from analysis.entities.tables import (
    COOC_COLUMNS,
    ENTITY_COLUMNS,
    MENTION_COLUMNS,
    PARAGRAPH_COLUMNS,
    VIEWS,
    EntityResult,
    _frame,
    _Placer,
    _tables,
    cooccurrence,
    grouped,
    key_findings,
    paragraph_matrix,
)

__all__ = [
    "COOC_COLUMNS", "ENTITY_COLUMNS", "LABEL_PRIORITY", "MAIN_LABELS", "MENTION_COLUMNS", "OTHER_LABELS",
    "PARAGRAPH_COLUMNS", "VIEWS", "EntityResult", "build_lexicon", "cooccurrence", "country_for_demonym",
    "country_group", "demonym_stem", "extract_entities", "grouped", "is_place", "key_findings", "lexicon",
    "paragraph_matrix", "state_group",
    # private helpers other modules and the tests use: one folding of names for the suite
    # (corpus_tables), a place or demonym word, person-shaped names, mention offsets
    "_clean_offsets", "_fold", "_is_geo_word", "_name_shaped",
]


def extract_entities(article, doc) -> EntityResult:
    """Canonical entities, mentions (with offsets), co-occurrence and paragraph spread.

    The steps of the module docstring, one function each; the tables are built once, at
    the end, from plain lists (a DataFrame per step cost more than the steps)."""
    text = article.analysis_text      # soft wraps as spaces; offsets as in article.text
    if doc_text(doc) != text:
        raise ValueError("doc.text differs from the article's text: offsets would not line up")
    mentions, other = _first_pass(doc, text)                                  # 1
    mentions, abbr_of = _abbreviations(text, mentions)                        # 2
    people = _People(mentions, abbr_of)                                       # 3
    recovered = _second_pass(doc, text, mentions, people.provisional_labels(mentions),
                             people.full_names, people.surname_target)        # 4
    mentions.extend(recovered)
    mentions.sort(key=lambda m: (m.start, m.end))
    by_entity, canon_of, voted = _canonical_names(doc, mentions, lexicon())  # 5
    place = _Placer(article, doc, text)                                       # 6
    mention_df, ent_df, cooc, para_df = _tables(mentions, by_entity, canon_of, voted, abbr_of, place)
    other_df = _frame({
        "entity": [_key(m.text) for m in other], "label": [m.ner_label for m in other],
        "text": [m.text for m in other], "start": [m.start for m in other], "end": [m.end for m in other],
        "paragraph": [place.paragraph(m.start) for m in other],
        "sentence": [place.sentence(m.start) for m in other], "source": [m.source for m in other],
        "ner_label": [m.ner_label for m in other]}, MENTION_COLUMNS)
    return EntityResult(
        entities=ent_df, mentions=mention_df, cooccurrence=cooc, paragraphs=para_df, other=other_df,
        n_paragraphs=len(article.paragraphs),
        _index=_name_index(by_entity, canon_of, voted, abbr_of, people.by_surname),
    )
