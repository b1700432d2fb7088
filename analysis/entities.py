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
"""
from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR
from analysis.discourse import doc_text, sentences

#: Labels counted as "who and what the article names".
MAIN_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)
#: Temporal and numeric labels: kept out of the entity table (see ``EntityResult.other``).
OTHER_LABELS = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
#: Tie-break order for the label vote (earlier wins a tie).
LABEL_PRIORITY = (
    "PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
    "LANGUAGE",
)
#: Views accepted by :func:`grouped`.
VIEWS = {"country": "country_group", "country_group": "country_group",
         "state": "state_group", "state_group": "state_group"}

ENTITY_COLUMNS = [
    "entity", "label", "mentions", "ner_mentions", "recovered_mentions", "aliases",
    "first_paragraph", "last_paragraph", "paragraphs", "sentences", "first_start",
    "label_votes", "label_evidence", "country_group", "state_group",
]
MENTION_COLUMNS = [
    "entity", "label", "text", "start", "end", "paragraph", "sentence", "source", "ner_label",
]
COOC_COLUMNS = ["entity_a", "entity_b", "sentences", "paragraphs"]
PARAGRAPH_COLUMNS = ["entity", "paragraph", "mentions"]

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_LEAD_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’‘`´ʼ][sS]|(?<=[sS])['’‘`´ʼ])$")
_EDGE_CHARS = " \t\r\n\"“”„‘’'«»()[]{},;:!?*–—-|/\\"
_ACRONYM_DOTS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_ABBR_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)")
#: A name word, matched on its letter *shape* (:func:`_shape`: any non-ASCII capital reads as
#: ``A``, any non-ASCII small letter as ``a``, so Linkevičius, Nausėda, Michał, Øyvind pass).
#: Parts may be joined by a hyphen or apostrophe (Kilroy-Silk) or run together with a
#: capital inside (KassymJomart, LeBron), each part capital + 2 or more small letters.
_NAME_WORD = re.compile(
    r"^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|La|Le)?[A-Z][a-z]+"
    r"(?:[-'’][A-Za-z][a-z]+|[A-Z][a-z]{2,})*\.?$"
    r"|^[A-Z]\.$")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le",
                   "bin", "ibn", "al", "el", "du", "dos", "das"}
_STOP_INITIAL = {"the", "of", "and", "for", "on", "in", "at", "to", "a", "an", "&"}


# --------------------------------------------------------------------------- lexicons
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
#: Official names of the form "<demonym> Republic" (French Republic, Russian Federation).
_STATE_FORM = re.compile(r"^(.+?) (?:Arab )?(?:Republic|Federation|Confederation)$")


def _acronym_key(name: str) -> str | None:
    """Case-sensitive key of an all-capitals acronym, dots dropped (``U.S.`` -> ``US``); else None."""
    s = name.strip()
    return s.replace(".", "") if _ACRONYM.fullmatch(s) else None


def _demonym_candidates(name: str):
    """``(rank, demonym)`` guesses from a country name by general English suffix rules.

    Rank 0: the adjective of an official "<X> Republic/Federation/Confederation" name
    (French, Russian, Swiss, Czech). Rank 1: the productive rules (Russia-n, Mexic-an,
    Ukrain-ian, Israel-i, Japan-ese, Kazakh-stan). Rank 2: the weaker ones (Brazil-ian,
    Chin-ese, Canad-ian, Chile-an, Iceland-er). Wrong guesses ("Chinan") are harmless:
    they are only looked up, never shown.
    """
    m = _STATE_FORM.match(name)
    if m:
        yield 0, m.group(1)
        return
    last = name[-1].lower()
    if name.endswith("stan"):
        yield 1, re.sub(r"i?stan$", "", name)
    if last == "a":
        yield 1, name + "n"
        yield 2, name[:-1] + "ese"
        yield 2, name[:-1] + "ian"
    elif last == "o":
        yield 1, name[:-1] + "an"
    elif last in "ey":
        yield 1, name[:-1] + "ian"
        yield 2, name + "an"
    elif last in "iu":
        yield 2, name + "an"
    elif last.isalpha():
        yield 1, name + "i"
        yield 1, name + "ese"
        yield 2, name + "ian"
        if name.endswith("land"):
            yield 2, name + "er"


def _country_records(raw: dict) -> list[tuple[str, str, list[str], list[str]]]:
    """``(key, label, names, derived names)`` for every ISO 3166-1 country (pycountry) and
    every nation the JSON adds. Derived names (the part before a comma or a
    parenthesis: "Korea, Republic of" -> "Korea") count only when unambiguous."""
    import pycountry

    extra = {k: v for k, v in raw["countries"].items() if not k.startswith("_")}
    unknown = [k for k in extra if re.fullmatch(r"[A-Z]{2}", k)
               and pycountry.countries.get(alpha_2=k) is None]
    if unknown:
        raise ValueError(f"entity_groups.json: not ISO 3166-1 codes: {unknown}")
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        hand = extra.get(c.alpha_2, {})
        iso = [n for n in (getattr(c, a, None) for a in ("common_name", "name", "official_name")) if n]
        label = hand.get("name") or iso[0]
        names = list(dict.fromkeys([label, *iso, *hand.get("aliases", [])]))
        derived = [n.split(",")[0].strip() for n in iso if "," in n]
        derived += [re.sub(r"\s*\([^)]*\)", "", n).strip() for n in iso if "(" in n]
        out.append((c.alpha_2, label, names, derived))
    for key, hand in extra.items():
        if not re.fullmatch(r"[A-Z]{2}", key):
            out.append((key, hand.get("name") or key, [key, *hand.get("aliases", [])], []))
    return out


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """The general lexicons: countries from pycountry plus ``analysis/data/entity_groups.json``.

    Keys: ``country_names`` (folded name -> country label), ``acronyms``
    (case-sensitive acronym -> label), ``demonyms`` (demonym stem -> label),
    ``state`` (folded name, capital or seat of government -> label), ``places``
    (folded country names and capitals), ``labels`` (ISO code or nation -> label),
    and the word lists ``titles``, ``person_roles``, ``org_words``, ``reporting_verbs``.
    """
    return build_lexicon(json.loads((DATA_DIR / "entity_groups.json").read_text(encoding="utf-8")))


def build_lexicon(raw: dict) -> dict:
    """:func:`lexicon` from an already-read JSON object (tests pass edited copies)."""
    records = _country_records(raw)
    country_names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    derived_of: dict[str, set[str]] = defaultdict(set)
    for _key, label, names, derived in records:
        for name in names:
            ak = _acronym_key(name)
            if ak:
                acronyms.setdefault(ak, label)
            else:
                country_names.setdefault(_fold(name), label)
        for name in derived:
            derived_of[_fold(name)].add(label)
    for key, labels in sorted(derived_of.items()):
        if len(labels) == 1 and key not in country_names:  # "Korea" (two Koreas) is dropped
            country_names[key] = next(iter(labels))

    # demonyms: the best-ranked guess wins; a tie between two countries drops the guess
    guesses: dict[str, dict[str, int]] = defaultdict(dict)
    for _key, label, names, derived in records:
        for name in names + derived:
            if _acronym_key(name) or (_fold(name) in country_names
                                      and country_names[_fold(name)] != label):
                continue
            for rank, dem in _demonym_candidates(name):
                stem = demonym_stem(dem)
                if len(stem) >= 3:
                    guesses[stem][label] = min(rank, guesses[stem].get(label, rank))
    demonyms: dict[str, str] = {}
    for stem, by_label in sorted(guesses.items()):
        best = min(by_label.values())
        winners = [lab for lab, r in by_label.items() if r == best]
        if len(winners) == 1:
            demonyms[stem] = winners[0]

    code_label = {key: label for key, label, _names, _derived in records}

    def target(value: str, block: str) -> str:
        if value not in code_label:
            raise ValueError(f"entity_groups.json {block}: unknown country {value!r}")
        return code_label[value]

    for word, value in raw["demonyms"].items():
        if not word.startswith("_"):
            demonyms[demonym_stem(word)] = target(value, "demonyms")
    state = dict(country_names)
    places = set(country_names)
    for block in ("capitals", "seats_of_government"):
        for name, value in raw[block].items():
            if name.startswith("_"):
                continue
            state.setdefault(_fold(name), target(value, block))
            if block == "capitals":
                places.add(_fold(name))
    return {
        "raw": raw,
        "country_names": country_names,
        "acronyms": acronyms,
        "demonyms": demonyms,
        "state": state,
        "places": places,
        "labels": code_label,
        "titles": {t.rstrip(".") for t in raw["titles"]},
        "person_roles": {r.lower() for r in raw["person_roles"]},
        "org_words": set(raw["org_words"]),
        "reporting_verbs": {v.lower() for v in raw["reporting_verbs"]},
    }


@functools.lru_cache(maxsize=65536)     # pure, and called for the same names all through a run
def _fold(name: str) -> str:
    """Case-, accent- and apostrophe-insensitive key; a leading "the" is dropped."""
    s = unicodedata.normalize("NFKD", name.translate(_APOS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _LEAD_THE.sub("", s.strip())
    return re.sub(r"\s+", " ", s).casefold()


def demonym_stem(word: str) -> str:
    """Normalised demonym stem so spelling variants meet.

    Accents dropped, lower-cased, letters only, doubled letters collapsed
    (``Belarussian`` = ``Belarusian``), plural/possessive endings removed
    (``-men`` -> ``-man``, final ``s``).
    """
    s = _fold(word)
    s = re.sub(r"['’]s$|['’]$", "", s)
    s = re.sub(r"[^a-z ]", "", s)
    s = re.sub(r"(.)\1+", r"\1", s).strip()
    if s.endswith("men"):
        s = s[:-3] + "man"
    elif s.endswith("s") and len(s) > 3:
        s = s[:-1]
    return s


def is_place(name: str) -> bool:
    """A country name (any of pycountry's or the JSON's), a listed acronym or a listed capital."""
    lex = lexicon()
    if _acronym_key(name) in lex["acronyms"]:
        return True
    return any(ch.isupper() for ch in name) and _fold(name) in lex["places"]


@functools.lru_cache(maxsize=4096)
def country_for_demonym(word: str) -> str | None:
    """Country for a demonym as written.

    The exact stem; else the stem without a ``-man``/``-woman`` ending (Frenchmen,
    Englishwoman); else one close spelling variant (``rapidfuzz`` ratio >= 90 with
    the same first three letters: Ukranian -> Ukraine, but Austrian != Australian).
    Two equally close variants of different countries give None.
    """
    from rapidfuzz import fuzz, process

    dem = lexicon()["demonyms"]
    stem = demonym_stem(word)
    if len(stem) < 3:
        return None
    if stem in dem:
        return dem[stem]
    base = re.sub(r"(?:wo)?man$", "", stem)
    if base != stem and base in dem:
        return dem[base]
    hits = [(score, k) for k, score, _ in process.extract(
        stem, list(dem), scorer=fuzz.ratio, score_cutoff=90, limit=None) if k[:3] == stem[:3]]
    if not hits:
        return None
    best = max(score for score, _ in hits)
    countries = {dem[k] for score, k in hits if score == best}
    return countries.pop() if len(countries) == 1 else None


def _view_lookup(entity: str) -> tuple[str | None, str | None]:
    """The start both views share: ``(country, None)`` for a listed acronym (matched
    case-sensitively: ``US``, never ``us``); ``(None, None)`` for a name without a capital
    letter (NER rarely tags lower-case words, and "turkey" is a bird); else
    ``(None, folded name)`` for the view's own table."""
    lex = lexicon()
    ak = _acronym_key(entity)
    if ak in lex["acronyms"]:
        return lex["acronyms"][ak], None
    if not any(ch.isupper() for ch in entity):
        return None, None
    return None, _fold(entity)


def country_group(entity: str, label: str) -> str | None:
    """Country view: a country's name (or alternative name) or its demonym -> the country."""
    if label not in ("GPE", "LOC", "NORP", "ORG"):
        return None
    hit, key = _view_lookup(entity)
    if key is None:
        return hit
    names = lexicon()["country_names"]
    if key in names:
        return names[key]
    if label in ("NORP", "GPE", "LOC"):
        return country_for_demonym(entity)
    return None


def state_group(entity: str, label: str) -> str | None:
    """State view: a country's name, capital or seat of government -> the country's state."""
    if label not in ("GPE", "LOC", "ORG", "FAC"):
        return None
    hit, key = _view_lookup(entity)
    return hit if key is None else lexicon()["state"].get(key)


# --------------------------------------------------------------------------- result
@dataclass
class EntityResult:
    """Tables of one article's named entities (columns documented in ``docs/entities.md``)."""

    entities: pd.DataFrame
    mentions: pd.DataFrame
    cooccurrence: pd.DataFrame
    paragraphs: pd.DataFrame
    other: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MENTION_COLUMNS))
    n_paragraphs: int = 0
    _index: dict = field(default_factory=dict, repr=False)

    def resolve(self, name: str) -> str | None:
        """Canonical entity for a name as written (``"Giles"``, ``"the Kremlin's"``) or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        text = _clean_text(name.strip())
        for candidate in _title_stripped_variants(text):
            hit = self._index.get(_key(candidate)) or self._index.get(_fold(candidate))
            if hit:
                return hit
        return None

    def label(self, entity: str) -> str | None:
        """Voted label of an entity (canonical name or any alias)."""
        canon = self.resolve(entity)
        if canon is None:
            return None
        row = self.entities.loc[self.entities["entity"] == canon, "label"]
        return str(row.iloc[0]) if len(row) else None


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.translate(_APOS))).strip()


def _clean_text(text: str) -> str:
    s, e = _clean_offsets(text, 0, len(text))
    return text[s:e] if s < e else text


def _title_stripped_variants(text: str) -> list[str]:
    out = [text]
    words = text.split()
    titles = lexicon()["titles"]
    i = 0
    while i < len(words) - 1 and words[i].rstrip(".") in titles:
        i += 1
        out.append(" ".join(words[i:]))
    return out


def _clean_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inward past "the", possessives and edge punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        seg = text[start:end]
        m = _LEAD_THE.match(seg)
        if m and end - start > m.end():
            start += m.end()
            changed = True
            continue
        m = _POSSESSIVE.search(seg)
        if m and m.start() > 0:
            end = start + m.start()
            changed = True
            continue
        while start < end and text[start] in _EDGE_CHARS:
            start += 1
            changed = True
        while start < end and text[end - 1] in _EDGE_CHARS:
            end -= 1
            changed = True
        if start < end and text[end - 1] == "." and not _ACRONYM_DOTS.search(text[start:end]):
            end -= 1
            changed = True
    return start, end


# --------------------------------------------------------------------------- helpers
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


def _is_geo_word(word: str) -> bool:
    """A country name, listed acronym or capital (:func:`is_place`), or a demonym."""
    return is_place(word) or country_for_demonym(word) is not None


def _strip_titles(text: str, start: int, end: int, geo_words: frozenset = frozenset()) -> int:
    """New start after the leading title words of a PERSON span (only if a name remains).

    A leading country name, capital or demonym goes too ("Russian President Vladimir
    Putin", "Belarus Svetlana Tikhanovskaya") when a title follows it, or when the word
    is tagged GPE/LOC/NORP elsewhere in the article (``geo_words``) and a name of two or
    more words remains: "Jordan Peterson" keeps its first name.
    """
    titles = lexicon()["titles"]
    while True:
        m = re.match(r"(\S+)\s+(?=\S)", text[start:end])
        if not m:
            return start
        word, rest = m.group(1), text[start + m.end():end]
        rest_words = rest.split()
        if not rest[:1].isupper() or all(w.rstrip(".") in titles for w in rest_words):
            return start
        if word.rstrip(".") in titles or _is_geo_word(word) and (
                rest_words[0].rstrip(".") in titles
                or _key(word) in geo_words and len(rest_words) >= 2):
            start += m.end()
            continue
        return start


def _titled_name_start(text: str, start: int, end: int) -> int | None:
    """Start of the person's name inside an ORG/NORP span that is really a titled person.

    The span must read ``[country/demonym/title words] <title> <Name Name...>``: every word
    before the name is a title, country name or demonym, the word right before it is a
    title, and the name is person-shaped, of two or more words and not a place ("Kazakh
    President Kassym-Jomart Tokayev" tagged ORG). "General Electric Company" (an
    organisation word) and "Foreign Ministry" (no name) are left alone. None otherwise.
    """
    titles = lexicon()["titles"]
    words = list(re.finditer(r"\S+", text[start:end]))
    j = 0
    while j < len(words) and (words[j].group().rstrip(".") in titles
                              or _is_geo_word(words[j].group())):
        j += 1
    if not 0 < j <= len(words) - 2 or words[j - 1].group().rstrip(".") not in titles:
        return None
    name = text[start + words[j].start():end]
    if not _name_shaped(name) or is_place(name):
        return None
    return start + words[j].start()


def _given_name_key(name: str) -> str:
    """Folded given names of a full name, letters only ("Kassym-Jomart" = "KassymJomart")."""
    return re.sub(r"[\W\d_]", "", _fold(" ".join(name.split()[:-1])))


def _same_given_name(a: str, b: str) -> bool:
    """Near-identical given names: equal once folded, or a one-letter typo of a name of 5+
    letters (one substitution or one swap of neighbours, ``rapidfuzz`` OSA distance 1,
    same first letter): Alexandar = Alexander, Sergey = Sergei. A letter added or dropped
    is a different name (Ivana, Ivanka; Paul, Paula)."""
    from rapidfuzz.distance import OSA

    ga, gb = _given_name_key(a), _given_name_key(b)
    if not ga or not gb:
        return False
    if ga == gb:
        return True
    return (len(ga) == len(gb) >= 5 and ga[0] == gb[0] and OSA.distance(ga, gb) <= 1)


def _ends_with_name(a: str, b: str) -> bool:
    """The longer of two full names ends with every word of the shorter (folded), and the
    shorter has two or more words: "Universe Alicia Machado" and "Alicia Machado"."""
    wa, wb = _fold(a).split(), _fold(b).split()
    short, long = sorted((wa, wb), key=len)
    return 2 <= len(short) < len(long) and long[-len(short):] == short


def _name_variants(full: list[tuple[int, str]], single: list[tuple[int, str]]) -> dict[str, str]:
    """``{variant: canonical}`` among person full names, ``full`` = ``(start, key)`` of
    their mentions in text order: same surname (folded: accents ignored) and either as
    many words and :func:`_same_given_name`, or one name is the other with words before it
    (:func:`_ends_with_name`: "Universe Alicia Machado", an unlisted title left on
    "Alicia Machado"). The canonical spelling has the fewest words (the words every form
    shares), then the most support: its own mentions plus the bare-surname mentions
    (``single``: ``(start, key)`` of one-word mentions) it is the nearest preceding full
    name of; ties go to the first written."""
    order = list(dict.fromkeys(k for _, k in full))
    clusters: list[list[str]] = []
    for k in order:
        for cl in clusters:
            if (_fold(cl[0].split()[-1]) == _fold(k.split()[-1])
                    and any(_same_given_name(c, k) if len(c.split()) == len(k.split())
                            else _ends_with_name(c, k) for c in cl)):
                cl.append(k)
                break
        else:
            clusters.append([k])
    out = {}
    for cl in (c for c in clusters if len(c) > 1):
        support = Counter(k for _, k in full if k in cl)
        sur = _fold(cl[0].split()[-1])
        for at, key in single:
            if _fold(key) == sur:
                before = [k for st, k in full if k in cl and st <= at]
                if before:
                    support[before[-1]] += 1
        shortest = min(len(k.split()) for k in cl)  # the words all forms share
        canon = max((k for k in cl if len(k.split()) == shortest),
                    key=lambda k: (support[k], -order.index(k)))
        out.update({k: canon for k in cl if k != canon})
    return out


def _initials_match(long: str, abbr: str) -> bool:
    letters = re.sub(r"[^A-Z]", "", abbr)
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", long) if w.lower() not in _STOP_INITIAL]
    initials = "".join(w[0].upper() for w in words if w[0].isupper())
    if len(letters) < 2 or len(initials) < 2:
        return False
    short, longer = sorted((letters, initials), key=len)
    return longer.startswith(short) and len(longer) - len(short) <= 1


def _shape(word: str) -> str:
    """``word`` with every non-ASCII letter replaced by ``A`` (capital) or ``a`` (other)."""
    return "".join(ch if ch.isascii() or not ch.isalpha() else ("A" if ch.isupper() else "a")
                   for ch in word)


def _name_shaped(name: str) -> bool:
    """1-4 title-case words, none an organisation word, not an acronym."""
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    org = lexicon()["org_words"]
    if words[0] in _NAME_PARTICLES or words[-1] in _NAME_PARTICLES:
        return False
    return all((_NAME_WORD.match(_shape(w)) or w in _NAME_PARTICLES) and w.rstrip(".") not in org
               for w in words)


def _token_index(doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    for tok in doc:  # whitespace: the next token
        if tok.idx >= char:
            return tok.i
    return len(doc) - 1


# --------------------------------------------------------------------------- main
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


class _Placer:
    """Paragraph (1-based, 0 between paragraphs) and sentence (1-based, the Doc's one
    sentence map) of a character offset, each computed once per offset."""

    def __init__(self, article, doc, text: str) -> None:
        self.doc = doc
        self.sent_of = sentences(doc).of + 1
        self.starts = [p.start for p in article.paragraphs] or [0]
        self.ends = [p.end for p in article.paragraphs] or [len(text)]
        self._sent: dict[int, int] = {}

    def paragraph(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1 if i >= 0 and offset < self.ends[i] else 0

    def sentence(self, offset: int) -> int:
        if offset not in self._sent:
            self._sent[offset] = int(self.sent_of[_token_index(self.doc, offset)]) if len(self.doc) else 1
        return self._sent[offset]


def _frame(columns: dict, names: list, ints: tuple = ()) -> pd.DataFrame:
    """A table from column lists; with no rows, the empty table of ``names`` (``ints`` as int64)."""
    if not len(next(iter(columns.values()))):
        empty = pd.DataFrame(columns=names)
        return empty.astype({c: int for c in ints}) if ints else empty
    return pd.DataFrame(columns, columns=names)


def _tables(mentions, by_entity, canon_of, voted, abbr_of, place: _Placer) -> tuple:
    """Step 6: the mention, entity, co-occurrence and paragraph tables."""
    paras = [place.paragraph(m.start) for m in mentions]
    sents = [place.sentence(m.start) for m in mentions]
    names = [canon_of[m.entity] for m in mentions]
    mention_df = _frame({
        "entity": names, "label": [voted[m.entity][0] for m in mentions],
        "text": [m.text for m in mentions], "start": [m.start for m in mentions],
        "end": [m.end for m in mentions], "paragraph": paras, "sentence": sents,
        "source": [m.source for m in mentions], "ner_label": [m.ner_label for m in mentions],
    }, MENTION_COLUMNS, ints=("start", "end", "paragraph", "sentence"))
    rows = []
    for key, ms in by_entity.items():
        name, (label, votes, evidence) = canon_of[key], voted[key]
        forms = list(dict.fromkeys([name] + [m.text[: m.name_end - m.start] for m in ms]))
        forms += [a for a, long in abbr_of.items() if long == key and a not in forms]
        in_paras = sorted({place.paragraph(m.start) for m in ms})
        rows.append((name, label, len(ms), sum(m.source == "ner" for m in ms),
                     sum(m.source == "matcher" for m in ms), "|".join(forms), in_paras[0], in_paras[-1],
                     len(in_paras), len({place.sentence(m.start) for m in ms}), min(m.start for m in ms),
                     votes, evidence, country_group(name, label), state_group(name, label)))
    rows.sort(key=lambda r: (-r[2], r[10], r[0]))      # mentions desc, first_start, entity
    ent_df = _frame({c: [r[i] for r in rows] for i, c in enumerate(ENTITY_COLUMNS)}, ENTITY_COLUMNS)
    # mentions per (entity, paragraph), sorted: a Counter rather than a groupby on a few dozen rows
    per_para = Counter(zip(names, paras))
    keys = sorted(per_para)
    para_df = _frame({"entity": [e for e, _ in keys], "paragraph": [p for _, p in keys],
                      "mentions": [per_para[k] for k in keys]}, PARAGRAPH_COLUMNS)
    return mention_df, ent_df, _cooccurrence(names, sents, paras), para_df


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


# --------------------------------------------------------------------------- derived tables
def cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities named in the same sentence: number of sentences and paragraphs.

    Counted with sets over the distinct (entity, sentence, paragraph) mentions: a self-join and
    groupby in pandas cost ~10 ms an article for a few dozen rows. ``paragraphs`` counts the
    paragraphs of the first entity's mentions (the pair's sentence lies in them)."""
    if mentions.empty:
        return pd.DataFrame(columns=COOC_COLUMNS)
    return _cooccurrence(list(mentions["entity"]), list(mentions["sentence"]), list(mentions["paragraph"]))


def _cooccurrence(entities: list, sentence: list, paragraph: list) -> pd.DataFrame:
    """:func:`cooccurrence` from the mention table's columns, as lists in mention order."""
    in_sentence: dict = {}      # sentence -> distinct (entity, paragraph), in mention order
    for ent, sent, para in zip(entities, sentence, paragraph):
        seen = in_sentence.setdefault(sent, {})
        seen.setdefault((ent, para), None)
    sentences: dict = {}
    paragraphs: dict = {}
    for sent, pairs in in_sentence.items():
        for ent_a, para_a in pairs:
            for ent_b, _ in pairs:
                if ent_a < ent_b:
                    sentences.setdefault((ent_a, ent_b), set()).add(sent)
                    paragraphs.setdefault((ent_a, ent_b), set()).add(para_a)
    if not sentences:
        return pd.DataFrame(columns=COOC_COLUMNS)
    keys = sorted(sentences)
    keys.sort(key=lambda k: -len(sentences[k]))     # stable: sentences desc, then entity_a, entity_b
    return pd.DataFrame({"entity_a": [a for a, _ in keys], "entity_b": [b for _, b in keys],
                         "sentences": [len(sentences[k]) for k in keys],
                         "paragraphs": [len(paragraphs[k]) for k in keys]}, columns=COOC_COLUMNS)


def grouped(result: EntityResult, view: str, include_ungrouped: bool = False) -> pd.DataFrame:
    """Mention counts aggregated by a grouping VIEW (``"country"`` or ``"state"``).

    Columns: group, members ("|"-joined entities, most mentioned first), entities,
    mentions, paragraphs (distinct paragraphs naming any member), first_paragraph.
    Entities outside the view are left out unless ``include_ungrouped`` (then each
    forms its own group).
    """
    col = VIEWS.get(view)
    if col is None:
        raise ValueError(f"unknown view {view!r}; choose one of {sorted(VIEWS)}")
    cols = ["group", "members", "entities", "mentions", "paragraphs", "first_paragraph"]
    ents = result.entities.copy()
    ents["group"] = ents[col]
    if include_ungrouped:
        ents["group"] = ents["group"].fillna(ents["entity"])
    ents = ents.dropna(subset=["group"])
    if ents.empty:
        return pd.DataFrame(columns=cols)
    para = result.paragraphs.merge(ents[["entity", "group"]], on="entity")
    out = ents.groupby("group", sort=False).agg(
        members=("entity", "|".join), entities=("entity", "size"),
        mentions=("mentions", "sum"), first_paragraph=("first_paragraph", "min"))
    out["paragraphs"] = para.groupby("group")["paragraph"].nunique()
    out = out.reset_index()[cols]
    return out.sort_values(["mentions", "group"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def paragraph_matrix(result: EntityResult, entities: list[str] | None = None) -> pd.DataFrame:
    """Entity x paragraph mention counts (zeros included), every paragraph as a column."""
    names = entities if entities is not None else list(result.entities["entity"])
    n = max(result.n_paragraphs, int(result.paragraphs["paragraph"].max())
            if len(result.paragraphs) else 0)
    mat = (result.paragraphs.pivot_table(index="entity", columns="paragraph", values="mentions",
                                         aggfunc="sum", fill_value=0)
           if len(result.paragraphs) else pd.DataFrame())
    return mat.reindex(index=names, columns=range(1, n + 1), fill_value=0).fillna(0).astype(int)


def key_findings(result: EntityResult, top: int = 3) -> str:
    """One-line summary computed from the tables (for the notebook)."""
    ents = result.entities
    if ents.empty:
        return "No named entities were found."
    head = ents.head(top)
    named = ", ".join(f"{r.entity} ({r.label}, {r.mentions})" for r in head.itertuples())
    people = ents[ents["label"] == "PERSON"]
    bits = [f"{len(ents)} entities named {len(result.mentions)} times; most named: {named}"]
    if len(people):
        p = people.iloc[0]
        bits.append(f"{len(people)} people, most named {p.entity} ({p.mentions}, in "
                    f"{p.paragraphs} of {result.n_paragraphs} paragraphs)")
    if len(result.cooccurrence):
        c = result.cooccurrence.iloc[0]
        bits.append(f"most frequent pair in one sentence: {c.entity_a} + {c.entity_b} "
                    f"({c.sentences} sentence{'' if c.sentences == 1 else 's'})")
    rec = int(ents["recovered_mentions"].sum())
    bits.append(f"{rec} mentions recovered beyond raw NER")
    return "; ".join(bits) + "."
