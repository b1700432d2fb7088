"""Names as written: cleaning a mention's offsets (a leading "the", possessives, edge punctuation),
titles cut from person names, person-shaped names, spellings of one full name, and abbreviations'
initials."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from analysis.entities.lexicon import _APOS, _LEAD_THE, _fold, country_for_demonym, is_place, lexicon


_POSSESSIVE = re.compile(r"(?:['’‘`´ʼ][sS]|(?<=[sS])['’‘`´ʼ])$")
_EDGE_CHARS = " \t\r\n\"“”„‘’'«»()[]{},;:!?*–—-|/\\"
_ACRONYM_DOTS = re.compile(r"(?:\b[A-Za-z]\.)+$")
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
