"""Speakers and entities canonicalised across articles, without hand lists.

Names are cleaned with the package's helpers (titles, possessives, a leading country or demonym),
full person names are grouped when their surnames match (or are a close spelling, ``rapidfuzz``)
and their given names agree, and a surname alone joins the one full name with that surname, if
only one. Used by :mod:`analysis.corpus_tables`.
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from analysis.entities import _fold  # one folding of names (accents, case) for the suite

PERSON = "PERSON"


def clean_speaker(name: str, kind: str = "") -> str:
    """A speaker string cleaned for comparison across articles (the article's own form otherwise kept).

    Titles, possessives and edge punctuation go (``analysis.attribution.clean_name``); for a person,
    a leading country name, capital or demonym goes too when a name of two or more words remains
    ("Belarus Svetlana Tikhanovskaya", "Russian President Vladimir Putin").
    """
    from analysis.attribution import clean_name
    from analysis.entities import _is_geo_word

    s = clean_name(str(name)) or str(name).strip()
    if kind == PERSON:
        words = s.split()
        while len(words) > 2 and _is_geo_word(words[0]):
            words = words[1:]
        s = clean_name(" ".join(words)) or " ".join(words)
    return re.sub(r"\s+", " ", s).strip()


@functools.lru_cache(maxsize=65536)
def _letters(s: str) -> str:
    return re.sub(r"[\W\d_]", "", _fold(s))


def _similar_surname(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    a, b = _letters(a), _letters(b)
    if a == b:
        return True
    return min(len(a), len(b)) >= 6 and a[0] == b[0] and fuzz.ratio(a, b) >= 85


def _similar_given(a: str, b: str) -> bool:
    """Given names that spell one name: equal (folded), an initial of the other, or a close spelling
    (same first letter, 5+ letters, ``rapidfuzz`` ratio >= 60: Alexander / Aliaksandr, Sergei / Sergey)."""
    from rapidfuzz import fuzz

    a, b = _letters(a), _letters(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 60


def _same_person(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2 or not _similar_surname(wa[-1], wb[-1]):
        return False
    exact_surname = _letters(wa[-1]) == _letters(wb[-1])
    ga, gb = " ".join(wa[:-1]), " ".join(wb[:-1])
    if exact_surname:
        return _similar_given(wa[0], wb[0]) or _letters(ga) == _letters(gb)
    return _similar_given(wa[0], wb[0]) and _letters(wa[0])[:1] == _letters(wb[0])[:1]


def canonical_names(names: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(name, type): canonical}`` for ``names`` with columns ``name``, ``type``, ``weight``.

    Person full names are grouped (union-find) by :func:`_same_person`; the group's name is its
    heaviest spelling (most statements or mentions; ties: longer, then alphabetical). A one-word
    person name joins the single group whose surname it is, if there is exactly one. Everything
    else is grouped by its folded cleaned form.
    """
    if names.empty:
        return {}
    names = names.copy()
    names["clean"] = [clean_speaker(n, t) for n, t in zip(names["name"], names["type"])]
    weight = names.groupby("clean")["weight"].sum()
    persons = sorted({c for c, t in zip(names["clean"], names["type"]) if t == PERSON and len(c.split()) >= 2
                      and c[:1].isupper()})
    # "J. Smith" could be John or Jane: like a bare surname it joins only an unambiguous group
    initialled = [c for c in persons if len(_letters(c.split()[0])) == 1]
    full = [c for c in persons if c not in initialled]
    parent = {c: c for c in full}
    members = {c: [c] for c in full}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # only names whose surnames share a first letter can be the same person (_similar_surname),
    # so pairs are compared within those blocks: linear in practice instead of quadratic
    blocks: dict[str, list[str]] = {}
    for c in full:
        blocks.setdefault(_letters(c.split()[-1])[:1], []).append(c)
    pairs = ((a, b) for block in blocks.values() for i, a in enumerate(block) for b in block[i + 1:])
    for a, b in sorted(pairs):     # the order of the full pairwise loop, within blocks
        if _same_person(a, b):
            ra, rb = find(a), find(b)
            # complete linkage: every spelling of one group is the same person as every
            # spelling of the other, so a chain never joins two different people
            if ra != rb and all(_same_person(x, y) for x in members[ra] for y in members[rb]):
                keep, gone = min(ra, rb), max(ra, rb)
                parent[gone] = keep
                members[keep] += members.pop(gone)
    groups: dict[str, list[str]] = {}
    for c in full:
        groups.setdefault(find(c), []).append(c)
    best = {root: sorted(members, key=lambda m: (-weight.get(m, 0), -len(m), m))[0]
            for root, members in groups.items()}
    by_surname: dict[str, set[str]] = {}
    for c in full:
        by_surname.setdefault(_letters(c.split()[-1]), set()).add(find(c))
    fold_best: dict[str, str] = {}  # other names: the heaviest spelling of each folded form
    for c in sorted(set(names["clean"]), key=lambda m: (-weight.get(m, 0), m)):
        fold_best.setdefault(_fold(c).casefold(), c)
    out = {}
    for name, kind, clean in zip(names["name"], names["type"], names["clean"]):
        if clean in parent:
            out[(name, kind)] = best[find(clean)]
            continue
        if clean in initialled:
            initial, surname = _letters(clean.split()[0]), _letters(clean.split()[-1])
            roots = {r for r in by_surname.get(surname, set())
                     if _letters(best[r].split()[0])[:1] == initial}
            out[(name, kind)] = best[next(iter(roots))] if len(roots) == 1 else clean
            continue
        roots = by_surname.get(_letters(clean)) if kind == PERSON and len(clean.split()) == 1 else None
        if roots and len(roots) == 1:
            out[(name, kind)] = best[next(iter(roots))]
        else:
            out[(name, kind)] = fold_best[_fold(clean).casefold()]
    return out
