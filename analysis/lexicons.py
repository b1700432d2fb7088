"""The word lexicons several modules share, each one data file read by one loader.

* **Reporting verbs** (``analysis/data/reporting_verbs.csv``, :func:`load_lexicon`): the cues of
  statement extraction, the reporting lemmas the stance coder discounts, and (column
  ``person_cue``) the verbs whose subject votes PERSON in the entity label vote.
* **Titles** (``analysis/data/titles.csv``, :func:`titles`, :func:`honorifics`): words written
  before a person's name. One row per title; a ``yes`` in a use's column puts it in that use's set:

  - ``person_span``: cut from the start of a PERSON span, and a title right before a name votes
    PERSON (``analysis.entities``); matched as written, case-sensitively (hence ``Former`` and
    ``former``), a full stop ignored;
  - ``speaker_name``: dropped from the start of a speaker's name (``analysis.attribution.clean_name``),
    lower-cased;
  - ``evaluation``: ignored when a predicted speaker is compared with the reference
    (``analysis.evaluate``), lower-cased;
  - ``gender`` (``m``/``f``): an honorific that tells a person's gender (``analysis.discourse``).

  Each use kept the list it had before the three lists were merged (issue 17), so every table and
  every evaluation figure stayed the same.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

import pandas as pd

from analysis.config import DATA_DIR

LEXICON_PATH = DATA_DIR / "reporting_verbs.csv"
TITLES_PATH = DATA_DIR / "titles.csv"
#: The columns of titles.csv that select a use's titles.
TITLE_USES = ("person_span", "speaker_name", "evaluation")


# --------------------------------------------------------------------------- reporting verbs
@dataclass(frozen=True, eq=False)
class Lexicon:
    table: pd.DataFrame
    lemmas: frozenset          # lemma -> is a cue
    classes: dict              # lemma -> class
    takes_object: frozenset    # lemmas whose direct object is the content ("expressed opposition")
    forms: dict                # surface form (lower) -> lemma
    person_cue: frozenset = frozenset()   # lemmas whose subject votes PERSON (entity label vote)


def _regular_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif re.search(r"(s|sh|ch|x|z)$", lemma):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The reporting-verb lexicon (``analysis/data/reporting_verbs.csv``)."""
    df = pd.read_csv(LEXICON_PATH, dtype=str, keep_default_na=False)
    forms: dict[str, str] = {}
    for row in df.itertuples():
        for f in _regular_forms(row.lemma) | {x for x in row.irregular_forms.split("|") if x}:
            forms.setdefault(f.lower(), row.lemma)
    return Lexicon(
        table=df,
        lemmas=frozenset(df["lemma"]),
        classes=dict(zip(df["lemma"], df["class"])),
        takes_object=frozenset(df.loc[df["takes_object"] == "yes", "lemma"]),
        forms=forms,
        person_cue=frozenset(df.loc[df["person_cue"] == "yes", "lemma"]),
    )


# --------------------------------------------------------------------------- titles
@functools.lru_cache(maxsize=1)
def _title_rows() -> tuple[dict, ...]:
    with open(TITLES_PATH, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.lru_cache(maxsize=None)
def titles(use: str) -> frozenset[str]:
    """The titles of one use (:data:`TITLE_USES`): as written for ``person_span``, lower-cased for
    the others; a trailing full stop dropped."""
    if use not in TITLE_USES:
        raise ValueError(f"unknown use of titles {use!r}; choose one of {TITLE_USES}")
    rows = [r["title"].rstrip(".") for r in _title_rows() if r[use] == "yes"]
    return frozenset(rows if use == "person_span" else (t.lower() for t in rows))


@functools.lru_cache(maxsize=2)
def honorifics(gender: str) -> frozenset[str]:
    """Lower-cased titles that tell a person's gender, ``"m"`` or ``"f"``."""
    return frozenset(r["title"].lower().rstrip(".") for r in _title_rows() if r["gender"] == gender)
