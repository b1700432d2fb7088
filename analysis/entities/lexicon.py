"""Country lexicon: country names (pycountry, every ISO 3166-1 country), demonyms derived from
them by suffix rules, capitals and seats of government (``analysis/data/entity_groups.json``), and
the two views built on them (:func:`country_group`, :func:`state_group`)."""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict

from analysis.config import DATA_DIR
from analysis.lexicons import load_lexicon, titles


_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_LEAD_THE = re.compile(r"^the\s+", re.IGNORECASE)
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
    and the word lists ``titles``, ``person_roles``, ``org_words``, ``reporting_verbs`` (the
    titles and verbs from the package's one title and one reporting-verb lexicon,
    :mod:`analysis.lexicons`: columns ``person_span`` and ``person_cue``).
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
        "titles": titles("person_span"),
        "person_roles": {r.lower() for r in raw["person_roles"]},
        "org_words": set(raw["org_words"]),
        "reporting_verbs": load_lexicon().person_cue,
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
