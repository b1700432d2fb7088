"""What kind of source a statement's speaker is, and which speakers are ranked.

Attribution finds *who* a statement is attributed to: a resolved name, or, when it resolves
nothing, the words of the subject ("they", "keeps", "softer language"). :func:`speaker_class`
sorts each speaker into one of

``name``          a person named in the text ("Keir Giles", a pronoun resolved to a person)
``organisation``  a named body or state, or a common noun for one ("the ministry")
``role``          one person by title or function ("the defence minister", "a senior official")
``group``         a set of people ("protesters", "officials", "the police")
``unresolved``    a pronoun nobody was found for, or a fragment that is no source at all
``narrator``      the outlet's own sentences

Only the first four are sources (:data:`RANKED`): tables and charts that rank speakers leave
``unresolved`` out and count those statements in one line (:func:`unresolved_note`). The head
nouns that make a common noun phrase a source are data (``analysis/data/speaker_nouns.json``
and the role nouns of ``statement_patterns.json``), not code.
"""
from __future__ import annotations

import functools
import json
import re

import pandas as pd

from analysis.config import DATA_DIR

CLASSES = ("name", "organisation", "role", "group", "unresolved", "narrator")
#: The classes that are real sources and may be ranked.
RANKED = ("name", "organisation", "role", "group")
UNRESOLVED = "unresolved"
COLUMN = "speaker_class"

#: Words that are never a source on their own: pronouns and determiners used as subjects.
PRONOUNS = frozenset("""i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves this that these those who whom
which what one ones someone somebody anyone anybody everyone everybody nobody none some many most few several
all both each either neither another other others something anything everything nothing such here there
""".split())
_ORG_TYPES = {"ORG", "GPE", "NORP", "LOC", "FAC"}
_NAME_TYPES = {"PERSON"}
_NOUN_POS = {"NOUN", "PROPN"}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset]:
    """``role``, ``group`` and ``organisation`` head nouns (lower-case singular lemmas)."""
    data = json.loads((DATA_DIR / "speaker_nouns.json").read_text(encoding="utf-8"))
    patterns = json.loads((DATA_DIR / "statement_patterns.json").read_text(encoding="utf-8"))
    lex = {k: frozenset(w.lower() for w in data[k]) for k in ("role", "group", "organisation")}
    lex["role"] = lex["role"] | frozenset(w.lower() for w in patterns.get("role_nouns", []))
    return lex


def _singular(word: str) -> tuple[str, bool]:
    """``(singular, was_plural)`` of a lower-case English noun, for speakers known only as text."""
    lex = lexicon()
    known = lex["role"] | lex["group"] | lex["organisation"]
    if word in known:
        return word, False
    for suffix, repl in (("ies", "y"), ("men", "man"), ("women", "woman"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)] + repl
            if stem in known:
                return stem, True
    return word, word.endswith("s") and not word.endswith("ss")


def _head_class(lemma: str, plural: bool) -> str:
    lex = lexicon()
    if lemma in lex["organisation"] and not plural:
        return "organisation"
    if lemma in lex["group"]:
        return "group"
    if lemma in lex["role"] or re.search(r"[a-z]{3,}(ist|ian)$", lemma):
        return "group" if plural else "role"
    if lemma in lex["organisation"]:
        return "group"          # "ministries", "governments": several bodies
    return UNRESOLVED


def speaker_class(speaker, speaker_type: str = "", mention=None) -> str:
    """The class of one speaker (see the module docstring).

    ``speaker``: the canonical speaker as in ``statements.csv``; ``speaker_type``: its
    ``speaker_type`` there (``PERSON``, ``ORG``, ``GPE``, ``GROUP``, ``UNKNOWN``, ``NARRATOR``);
    ``mention``: the spaCy ``Span`` of the speaker mention when the Doc is at hand (its root's
    part of speech and lemma decide a common noun phrase), else the text alone is read.
    """
    name = "" if speaker is None or (not isinstance(speaker, str) and pd.isna(speaker)) else str(speaker).strip()
    typ = (speaker_type or "").upper() if isinstance(speaker_type, str) else ""
    if typ == "NARRATOR" or name == "(narrator)":
        return "narrator"
    words = re.findall(r"[\w’'.-]+", name)
    if not words or name == "(unknown)" or name.lower() in PRONOUNS or all(w.lower() in PRONOUNS for w in words):
        return UNRESOLVED
    if typ in _NAME_TYPES:
        return "name"
    if typ in _ORG_TYPES:
        return "organisation"
    # a common noun phrase (GROUP / UNKNOWN): its head noun decides
    root = getattr(mention, "root", None) if mention is not None else None
    if root is not None and root.text.lower() in name.lower():
        if root.pos_ == "PRON" or root.lower_ in PRONOUNS:
            return UNRESOLVED
        if root.pos_ == "PROPN" and root.text[:1].isupper():
            return "name"             # (a lower-case word tagged PROPN, "xenophobe", is read as a noun)
        if root.pos_ not in _NOUN_POS:
            return UNRESOLVED         # "keeps", "softer": a verb or an adjective is no source
        lemma = root.lemma_.lower()
        plural = root.tag_ in ("NNS", "NNPS")
        lemma = _singular(root.lower_)[0] if plural and lemma == root.lower_ else lemma
        return _head_class(lemma, plural)
    lemma, plural = _singular(words[-1].lower())
    if words[-1][:1].isupper() and (len(words) > 1 or lemma not in lexicon()["role"]):
        return "name"                 # a proper name the NER did not type ("Reuters", "Fox News")
    if len(words) > 1 and f"{words[-2].lower()} {lemma}" in lexicon()["organisation"]:
        return "organisation"         # "think tank"
    return _head_class(lemma, plural)  # a common noun heads it ("New York businessman": a role)


def classify_frame(statements: pd.DataFrame) -> pd.Series:
    """:func:`speaker_class` of every row of a statements table (from the text alone: use the
    ``speaker_class`` column that ``analyze`` writes when it is there)."""
    if COLUMN in statements.columns:
        return statements[COLUMN].fillna(UNRESOLVED).astype(str)
    types = statements["speaker_type"] if "speaker_type" in statements.columns else [""] * len(statements)
    return pd.Series([speaker_class(s, t) for s, t in zip(statements["speaker"], types)],
                     index=statements.index, dtype=object, name=COLUMN)


def ranked_speakers(statements: pd.DataFrame) -> set[str]:
    """The speakers of ``statements`` that are sources (class in :data:`RANKED`)."""
    if not len(statements):
        return set()
    cls = classify_frame(statements)
    return set(statements.loc[cls.isin(RANKED), "speaker"].astype(str))


def unresolved_count(statements: pd.DataFrame) -> int:
    """Statements (pieces of one statement counted once, by ``group``) by unresolved speakers."""
    if not len(statements):
        return 0
    d = statements[classify_frame(statements) == UNRESOLVED]
    key = [c for c in ("article_id", "group") if c in d.columns]
    return int(len(d.drop_duplicates(key))) if "group" in key else int(len(d))


def unresolved_note(statements: pd.DataFrame) -> str:
    """One line: "23 statements by unresolved speakers (they, it, …) are not ranked." ("" if none)."""
    n = unresolved_count(statements)
    if not n:
        return ""
    d = statements[classify_frame(statements) == UNRESOLVED]
    top = d["speaker"].astype(str).value_counts().head(5).index.tolist()
    return (f"{n} statement{'' if n == 1 else 's'} by unresolved speakers "
            f"({', '.join(f'“{t}”' for t in top)}{', …' if d['speaker'].nunique() > 5 else ''}) "
            f"{'is' if n == 1 else 'are'} kept in the tables but not ranked.")
