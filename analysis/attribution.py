"""Helpers for statement extraction: quote marks, the reporting-verb lexicon,
misspelled cues, names and pronoun resolution.

Everything here is general English-news logic; nothing refers to one article.
See ``docs/statements.md`` for the rules.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# the reporting-verb lexicon and the titles have one loader each, in analysis.lexicons; LEXICON_PATH,
# Lexicon and load_lexicon are still imported from here too
from analysis.lexicons import LEXICON_PATH, Lexicon, honorifics, load_lexicon, titles  # noqa: F401

# --------------------------------------------------------------------------- misspellings

#: Forms of this many letters or more may be 2 edits away from a typo; shorter ones 1.
LONG_FORM = 8


def osa_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment (Damerau) edit distance, a transposition counting 1
    (``rapidfuzz.distance.OSA``); ``limit + 1`` when it exceeds ``limit``."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=limit)


@functools.lru_cache(maxsize=1)
def _word_tables() -> tuple[frozenset, frozenset, tuple] | None:
    """The English lemmatizer's word lists, shipped with the installed spaCy model.

    Returns (lemma index, exception forms, suffix rules) merged over noun, verb,
    adjective and adverb; None when no model data is found (then every unknown
    token is allowed). Used only to ask "is this token a real English word?".
    """
    try:
        import importlib.util
        from pathlib import Path

        from spacy.lookups import Lookups

        from analysis.config import MODEL_PREFERENCE

        for name in MODEL_PREFERENCE:
            spec = importlib.util.find_spec(name)
            if spec is None or not spec.origin:
                continue
            for d in sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups")):
                lk = Lookups().from_disk(d)
                idx, exc, rules = (lk.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
                pos = ("noun", "verb", "adj", "adv")
                return (frozenset(w for p in pos for w in idx.get(p, [])),
                        frozenset(w for p in pos for w in exc.get(p, {})),
                        tuple(sorted({(old, new) for p in pos for old, new in rules.get(p, []) if old})))
    except Exception:  # pragma: no cover - any failure just disables the check
        return None
    return None


def is_known_word(word: str) -> bool:
    """True when ``word`` is an English word form according to the model's lemma tables:
    a listed lemma or irregular form, or a lemma plus a regular suffix ("aided")."""
    tables = _word_tables()
    if tables is None:
        return False
    index, exceptions, rules = tables
    w = word.lower()
    return w in index or w in exceptions or any(
        w.endswith(old) and w[: len(w) - len(old)] + new in index for old, new in rules)


def misspelled_cue(word: str, lex: Lexicon) -> str | None:
    """Lexicon form that an unknown ``word`` is a likely typo of ("asid" -> "said"), else None.

    The word must have 4+ letters, must not be a lexicon form or an English word
    (so "aided" is never read as "added"), and must be within optimal-string-alignment
    distance 1 (insertion, deletion, substitution or transposition) of a form, 2 for
    forms of :data:`LONG_FORM`+ letters. The search is ``rapidfuzz``'s. The nearest
    forms must all belong to one lemma (British/American ``-ise``/``-ize`` variants
    count as one): "agrued" is as near "argued" as "agreed", so it returns None.
    """
    return _misspelled(word.lower(), lex)


def _variant_key(lemma: str) -> str:
    return lemma[:-3] + "ize" if lemma.endswith("ise") else lemma


@functools.lru_cache(maxsize=2)
def _alpha_forms(lex: Lexicon) -> tuple[str, ...]:
    return tuple(sorted(f for f in lex.forms if f.isalpha()))


@functools.lru_cache(maxsize=4096)
def _misspelled(w: str, lex: Lexicon) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if len(w) < 4 or not w.isalpha() or w in lex.forms or is_known_word(w):
        return None
    hits = [(dist, form) for form, dist, _ in process.extract(
                w, _alpha_forms(lex), scorer=OSA.distance, score_cutoff=2, limit=None)
            if dist <= (2 if len(form) >= LONG_FORM else 1)]
    if not hits:
        return None
    best = min(dist for dist, _ in hits)
    nearest = sorted(form for dist, form in hits if dist == best)
    if len({_variant_key(lex.forms[f]) for f in nearest}) > 1:
        return None  # ambiguous: two lemmas are equally near
    return nearest[0]


# --------------------------------------------------------------------------- quote marks

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT = {'"': "double", "'": "single"}
#: Two ASCII apostrophes standing for a double quotation mark.
DOUBLED = "''"


@dataclass
class Quote:
    open: int            # offset of the opening mark
    close: int           # offset of the closing mark (== paragraph end if unclosed)
    style: str           # "double" | "single"
    paragraph: int
    closed: bool = True
    malformed: bool = False   # closed by a stray single mark (", 'she added")
    continues: bool = False   # unclosed at paragraph end, next paragraph reopens
    cstart: int = 0
    cend: int = 0
    direct: bool = False      # clause-level quote (else partial / scare quote)
    prev_quote: "Quote | None" = field(default=None, repr=False)
    open_width: int = 1       # 2 for a doubled apostrophe ``''`` typed as a double mark
    close_width: int = 1

    @property
    def after(self) -> int:
        """Offset just past the closing mark."""
        return self.close + self.close_width


def _role(text: str, i: int, lo: int, hi: int, width: int = 1) -> str | None:
    """'open', 'close', 'both' or None (apostrophe) for the mark at ``text[i]`` (``width`` 2:
    a doubled apostrophe ``''``, read as ``"``)."""
    ch = '"' if width == 2 else text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + width] if i + width < hi else " "
    if ch in DOUBLE_OPEN or ch in SINGLE_OPEN:
        if ch in SINGLE_OPEN and before.isalnum() and after.isalnum():
            return None
        return "open"
    if ch in DOUBLE_CLOSE:
        return "close"
    if ch in SINGLE_CLOSE or ch == "'":
        if before.isalnum() and after.isalnum():
            return None                      # Russia’s, that’s, don't
        if ch == "'" and after.isdigit() and not before.isalnum():
            return None                      # '90s
        if before.isspace() or before in "([{—–-":
            return "open" if ch == "'" and not after.isspace() else None
        if after.isspace() or not after.isalnum():
            return "close"
        return None
    if ch == '"':
        if before.isspace() or before in "([{—–-":
            return "open"
        if after.isspace() or not after.isalnum():
            return "close"
        return "both"
    return None


MARK_RE = re.compile(r"[“”„«»‘’‹›\"']")


def _marks(text: str, lo: int, hi: int):
    """``(offset, width)`` of each candidate mark in ``text[lo:hi]``. Two ASCII apostrophes
    ``''`` (how the NYT and LaTeX-style typing write a double quotation mark) are one double
    mark of width 2; of three, the odd one is a single mark inside (''' after a word: single
    then double; elsewhere: double then single). The text itself is never changed."""
    i = lo
    while True:
        m = MARK_RE.search(text, i, hi)
        if m is None:
            return
        i = m.start()
        if text.startswith(DOUBLED, i) and i + 1 < hi:
            if text.startswith(DOUBLED + "'", i) and i + 2 < hi and i > lo and not text[i - 1].isspace():
                yield i, 1
                yield i + 1, 2
                i += 3
                continue
            yield i, 2
            i += 2
            continue
        yield i, 1
        i += 1


def find_quotes(text: str, paragraphs) -> list[Quote]:
    """Pair quote marks paragraph by paragraph (never crashes on odd counts).

    * apostrophes inside words are skipped;
    * single marks inside an open double quote are nested quotes and ignored,
      except an unpaired single mark right after ``,``/``.`` which closes the
      double quote (a malformed closer such as ``... ideal. , 'she added.``);
    * a double quote still open at a paragraph end continues into the next
      paragraph when that paragraph starts with an opening mark; otherwise it is
      closed at the paragraph end (``closed=False``).
    """
    quotes: list[Quote] = []
    paras = list(paragraphs)
    for pi, para in enumerate(paras):
        lo, hi = para.start, para.end
        marks = []
        width_at = {}
        for i, width in _marks(text, lo, hi):
            role = _role(text, i, lo, hi, width)
            if role is None:
                continue
            ch = text[i]
            style = "double" if width == 2 or ch in DOUBLE_OPEN + DOUBLE_CLOSE + '"' else "single"
            marks.append((i, role, style))
            width_at[i] = width
        dopen: int | None = None
        sopen: int | None = None
        nested_open: list[int] = []
        for k, (i, role, style) in enumerate(marks):
            if style == "double":
                if dopen is None and role in ("open", "both"):
                    dopen, nested_open = i, []
                elif dopen is not None and role in ("close", "both"):
                    quotes.append(Quote(dopen, i, "double", para.index, open_width=width_at[dopen],
                                        close_width=width_at[i]))
                    dopen = None
                elif dopen is not None and role == "open":
                    # a new opener while one is open: the first one was never closed
                    quotes.append(Quote(dopen, _trim_end(text, dopen, i), "double", para.index, closed=False,
                                        open_width=width_at[dopen]))
                    dopen, nested_open = i, []
                continue
            # single marks
            if dopen is not None:
                later_single_close = any(s == "single" and r in ("close",) for _, r, s in marks[k + 1:])
                prev = text[lo:i].rstrip()
                if role == "open" and not nested_open and prev.endswith((",", ".")) and not later_single_close:
                    quotes.append(Quote(dopen, i, "double", para.index, malformed=True,
                                        open_width=width_at[dopen]))
                    dopen = None
                elif role == "open":
                    nested_open.append(i)
                elif role == "close" and nested_open:
                    nested_open.pop()
                elif role == "close" and prev.endswith((",", ".", "?", "!")):
                    quotes.append(Quote(dopen, i, "double", para.index, malformed=True,
                                        open_width=width_at[dopen]))
                    dopen = None
                continue
            if sopen is None and role == "open":
                sopen = i
            elif sopen is not None and role == "close":
                quotes.append(Quote(sopen, i, "single", para.index))
                sopen = None
        if dopen is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            cont = nxt is not None and (text[nxt.start] in DOUBLE_OPEN + '"' or text.startswith(DOUBLED, nxt.start))
            quotes.append(Quote(dopen, hi, "double", para.index, closed=False, continues=cont,
                                open_width=width_at[dopen]))
    quotes.sort(key=lambda q: q.open)
    for q in quotes:
        q.cstart, q.cend = _content_bounds(text, q)
        q.direct = _is_direct(text, q, paras)
    for a, b in zip(quotes, quotes[1:]):
        if a.continues and b.paragraph == a.paragraph + 1 and b.style == "double":
            b.prev_quote = a
    return [q for q in quotes if q.cend > q.cstart]


def _trim_end(text: str, lo: int, hi: int) -> int:
    return lo + len(text[lo:hi].rstrip())


def _content_bounds(text: str, q: Quote) -> tuple[int, int]:
    s, e = q.open + q.open_width, q.close
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


def _is_direct(text: str, q: Quote, paras) -> bool:
    """A clause-level quote: it starts a paragraph/sentence or follows ``:``/``,``."""
    para = next(p for p in paras if p.index == q.paragraph)
    before = text[para.start:q.open].rstrip()
    if not before or before[-1] in ".!?:;—–":
        return True
    # after a closed quotation that ended its sentence ('... “Title.” “We ...' / ".'' ''We")
    closer = before.rstrip(DOUBLE_CLOSE + SINGLE_CLOSE + "\"'")
    if closer != before and closer and closer[-1] in ".!?":
        return True
    inner = text[q.cstart:q.cend]
    if before[-1] == "," and len(inner.split()) >= 3:
        return True
    return False


# --------------------------------------------------------------------------- names

#: Words dropped from the start of a speaker's name (lower case): ``analysis/data/titles.csv``.
TITLES = titles("speaker_name")
#: Honorifics that tell a person's gender (lower case): ``analysis/data/titles.csv``, column gender.
MALE_HONORIFICS = honorifics("m")
FEMALE_HONORIFICS = honorifics("f")
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
GROUP_PRONOUNS = {"they", "them", "we"}


def clean_name(text: str) -> str:
    """Strip possessive, edge punctuation and leading titles: "President Vladimir Putin's" -> "Vladimir Putin"."""
    t = re.sub(r"[’']s?$", "", text.strip()).strip(" ,.;:“”\"‘’'()")
    words = t.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)
