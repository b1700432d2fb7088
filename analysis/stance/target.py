"""Stance targets: who acts (actors) and what they might do (actions), as spaCy patterns.

A target is one JSON file under ``analysis/data/stance_targets/``. Its ``actors``,
``actions`` and ``not_actions`` are lists of entries, each either a phrase (a string,
matched on the token's lower-case form or lemma; an all-capitals acronym such as
``"US"`` is matched case-sensitively, so the pronoun "us" never is) or a standard
spaCy token pattern (a list of token dicts). They are fed to a spaCy ``span_ruler``
that writes ``doc.spans[TARGET_SPANS_KEY]`` with the labels ``ACTOR`` and ``ACTION``
(``not_actions`` remove action matches they overlap, e.g. "economic aid").
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from analysis.config import DATA_DIR

TARGETS_DIR = DATA_DIR / "stance_targets"
DEFAULT_TARGET = "belarus"
TARGET_SPANS_KEY = "stance_target"
#: The target's own places (``places`` in the target file), kept apart from actors and actions.
PLACE_SPANS_KEY = "stance_places"


@dataclass(frozen=True)
class Target:
    """A stance target: its question, actors and actions (patterns), and the meaning of pro/con."""

    name: str
    label: str
    question: str
    actors: tuple
    actions: tuple
    not_actions: tuple = ()
    places: tuple = ()
    pro_means: str = ""
    con_means: str = ""
    path: str = ""
    status: str = "auto"

    def describe(self, entries) -> str:
        return ", ".join(_entry_text(e) for e in entries)


def _freeze(entries) -> tuple[str, ...]:
    """Entries as canonical JSON strings, so that a Target is hashable (its ruler is cached)."""
    return tuple(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in entries)


def _entry_text(entry: str) -> str:
    """A readable form of one frozen entry, for the codebook."""
    e = json.loads(entry)
    if isinstance(e, str):
        return e
    words = []
    for tok in e:
        val = next(iter(tok.values()), "")
        words.append("/".join(val["IN"]) if isinstance(val, dict) and "IN" in val else str(val))
    return " ".join(words)


def available_targets() -> list[str]:
    return sorted(p.stem for p in TARGETS_DIR.glob("*.json"))


#: Earlier names of bundled targets, still accepted by :func:`load_target`.
RENAMED = {"russian_intervention": "belarus", "csto_kazakhstan": "kazakhstan"}
#: Values of a target file's optional ``status``: how to read a target action with no
#: modality of its own ("auto": from its tense and aspect, see :mod:`analysis.stance.status`).
STATUSES = ("auto", "prospective", "ongoing")
#: Token attributes a pattern may use that only a parsed Doc has (tagger, parser, NER, morphology).
MODEL_ATTRS = {"POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START",
               "IS_SENT_START", "HEAD"}
_ENTRY_KEYS = ("actors", "actions", "not_actions", "places")


class TargetFileError(ValueError):
    """A target file that cannot be used: the message names the file, the entry and the reason."""


def _short(entry) -> str:
    text = json.dumps(entry, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_entries(path: Path, key: str, entries) -> None:
    """Refuse, with one line naming the entry, anything spaCy's ``Matcher`` would reject at
    match time (checked here with its own pattern validation), so that no article fails later."""
    from spacy.matcher import Matcher

    if not isinstance(entries, list):
        raise TargetFileError(f"{path}: {key!r} must be a list of phrases or token patterns")
    matcher = Matcher(_vocab(), validate=True)
    for k, entry in enumerate(entries):
        where = f"{path}: {key}[{k}] {_short(entry)}"
        if isinstance(entry, str):
            if not entry.strip():
                raise TargetFileError(f"{where}: an empty phrase")
            continue
        if not isinstance(entry, list) or not entry or not all(isinstance(t, dict) for t in entry):
            raise TargetFileError(f"{where}: an entry is a phrase (string) or a token pattern "
                                  "(a non-empty list of token objects)")
        if all(t.get("OP") in ("?", "*") for t in entry):
            raise TargetFileError(f"{where}: every token is optional, so it would match nothing")
        if any(k == "_" for t in entry for k in t):
            raise TargetFileError(f"{where}: custom attributes (\"_\") are not available to target patterns")
        bad_pos = sorted(_pos_values(entry) - UD_POS)
        if bad_pos:
            raise TargetFileError(f"{where}: POS {bad_pos[0]!r} is not a Universal Dependencies tag "
                                  f"({', '.join(sorted(UD_POS))})")
        try:
            matcher.add(f"{key}{k}", [entry])
        except Exception as exc:  # spaCy's MatchPatternError / ValueError: one line, not a traceback
            reason = " ".join(str(exc).split())
            raise TargetFileError(f"{where}: not a valid spaCy token pattern ({reason[:200]})") from None


#: The coarse tags spaCy's English models assign (Universal Dependencies POS).
UD_POS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
          "SCONJ", "SYM", "VERB", "X", "SPACE"}


def _pos_values(pattern) -> set:
    """Every POS value a token pattern names (``"POS": "VERB"`` or ``{"IN": [...]}``/``{"NOT_IN": [...]}``)."""
    out = set()
    for tok in pattern:
        val = next((v for k, v in tok.items() if k.upper() == "POS"), None)
        if isinstance(val, str):
            out.add(val)
        elif isinstance(val, dict):
            for v in val.values():
                out |= {x for x in v if isinstance(x, str)} if isinstance(v, list) else set()
    return out


def _vocab():
    from analysis.doc_cache import blank_english

    return blank_english().vocab


def load_target(name_or_path: str | Path | Target | None = None) -> Target:
    """Load a target by name (``analysis/data/stance_targets/<name>.json``) or by path.

    A file that cannot be used raises :class:`TargetFileError` (a ``ValueError``) with one line
    naming the file, the entry and the reason; nothing about a valid file fails later."""
    if isinstance(name_or_path, Target):
        return name_or_path
    key = str(name_or_path or DEFAULT_TARGET)
    try:
        stamp = _target_path(key).stat().st_mtime_ns    # an edited file is read again
    except OSError:
        stamp = None
    return _load_target(key, stamp)


def _target_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    return p if p.suffix else TARGETS_DIR / f"{RENAMED.get(name_or_path, name_or_path)}.json"


@functools.lru_cache(maxsize=32)
def _load_target(name_or_path: str, stamp: int | None) -> Target:
    """The checked target, cached per file and modification time (``stamp``)."""
    p = _target_path(name_or_path)
    if not p.exists():
        raise TargetFileError(f"unknown stance target {name_or_path!r}; available: {available_targets()}")
    try:
        cfg = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TargetFileError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetFileError(f"{p}: cannot be read ({exc})") from None
    if not isinstance(cfg, dict):
        raise TargetFileError(f"{p}: a stance target is a JSON object")
    missing = {"name", "actors", "actions", "question"} - set(cfg)
    if missing:
        raise TargetFileError(f"{p}: stance target lacks {sorted(missing)}")
    for key in _ENTRY_KEYS:
        _check_entries(p, key, cfg.get(key, []))
    for key in ("actors", "actions"):
        if not cfg[key]:
            raise TargetFileError(f"{p}: {key!r} is empty")
    status = cfg.get("status", "auto")
    if status not in STATUSES:
        raise TargetFileError(f"{p}: status {status!r} is not one of {list(STATUSES)}")
    return Target(
        name=str(cfg["name"]), label=str(cfg.get("label", cfg["name"])), question=str(cfg["question"]),
        actors=_freeze(cfg["actors"]), actions=_freeze(cfg["actions"]),
        not_actions=_freeze(cfg.get("not_actions", [])), places=_freeze(cfg.get("places", [])),
        pro_means=str(cfg.get("pro_means", "")), con_means=str(cfg.get("con_means", "")), path=str(p),
        status=status,
    )


def entry_patterns(entry) -> list[list[dict]]:
    """spaCy token patterns for one lexicon or target entry (see the module docstring)."""
    if not isinstance(entry, str):
        return [entry]
    words = entry.replace("-", " - ").split()
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return [[{"ORTH": words[0]}]]
    # each word as written or as a lemma, independently: "send troops" matches "sent troops"
    # (lemma + form) as well as "sending troops" and "send troops"
    import itertools

    choices = [[{"LOWER": w.lower()}, {"LEMMA": w.lower()}] for w in words]
    return [list(p) for p in itertools.product(*choices)]


@functools.lru_cache(maxsize=8)
def _ruler(target: Target):
    """A ``span_ruler`` (over a blank English vocabulary, sharing no state with the model) for the target."""
    from analysis.rulers import span_ruler

    pats = []
    for label, entries in (("ACTOR", target.actors), ("ACTION", target.actions),
                           ("NOT_ACTION", target.not_actions), ("PLACE", target.places)):
        for e in entries:
            pats += [{"label": label, "pattern": p} for p in entry_patterns(json.loads(e))]
    return span_ruler("target", TARGET_SPANS_KEY, pats)


def _name_pattern(pattern: list[dict]) -> list[dict] | None:
    """A token pattern for matching a bare name (no tagger, parser or NER has run on it): the
    pattern without its model attributes, and without optional tokens that need nothing but
    them; None when a required token needs nothing but them (an ``ENT_TYPE``-only token would
    otherwise match any word)."""
    out = []
    for tok in pattern:
        kept = {k: v for k, v in tok.items() if k.upper() not in MODEL_ATTRS}
        if not set(kept) - {"OP"}:
            if tok.get("OP") in ("?", "*"):
                continue             # an optional token that needs the model: left out for names
            return None
        out.append(kept)
    return out or None


@functools.lru_cache(maxsize=8)
def _name_ruler(target: Target):
    """The target's ACTOR patterns for names read without a model (a statement's speaker):
    phrases as they are, token patterns without their model attributes (:func:`_name_pattern`)."""
    from analysis.rulers import span_ruler

    pats = []
    for e in target.actors:
        for p in entry_patterns(json.loads(e)):
            p = _name_pattern(p)
            if p is not None:
                pats.append({"label": "ACTOR", "pattern": p})
    return span_ruler("actor_names", TARGET_SPANS_KEY, pats, validate=False) if pats else None


def is_actor_name(target: Target, name: str) -> bool:
    """Does a name (a speaker, a referent) match the target's actor patterns?"""
    return bool(name) and _is_actor_name(target, name)


@functools.lru_cache(maxsize=4096)
def _is_actor_name(target: Target, name: str) -> bool:
    from spacy.tokens import Doc

    from analysis.doc_cache import blank_english as _blank

    ruler = _name_ruler(target)
    if ruler is None:
        return False
    words = [t.text for t in _blank().make_doc(name)]
    # a name is not inflected: its lower-case forms stand for its lemmas
    doc = Doc(_blank().vocab, words=words, lemmas=[w.lower() for w in words])
    return any(sp.label_ == "ACTOR" for sp in ruler(doc).spans[TARGET_SPANS_KEY])


#: Matcher operators of a fixed width (at most one token); any other operator disables the plan.
_BOUNDED_OPS = (None, "?", "!", "1")
_ANCHOR_ATTRS = (("LOWER", "LOWER"), ("LEMMA", "LEMMA"), ("ORTH", "ORTH"), ("TEXT", "ORTH"))


def _start_values(pattern) -> set[tuple[str, str]] | None:
    """The ``(token attribute, value)`` pairs a match of ``pattern`` can start with (its first
    token's, and the next one's while the earlier are optional); None when some start is not
    fixed by a LOWER/LEMMA/ORTH value or the pattern has no length bound."""
    if not isinstance(pattern, list) or not pattern:
        return None
    if any(not isinstance(tok, dict) or any(k != k.upper() for k in tok) for tok in pattern):
        return None                     # spaCy also reads lower-case keys ("op", "lower"): not planned
    if any(tok.get("OP") not in _BOUNDED_OPS for tok in pattern):
        return None
    out: set[tuple[str, str]] = set()
    for tok in pattern:
        op = tok.get("OP")
        if op == "!":
            return None
        for attr, tok_attr in _ANCHOR_ATTRS:
            val = tok.get(attr)
            if isinstance(val, str):
                out.add((tok_attr, val))
                break
            if isinstance(val, dict) and set(val) == {"IN"} and all(isinstance(v, str) for v in val["IN"]):
                out |= {(tok_attr, v) for v in val["IN"]}
                break
        else:
            return None
        if op != "?":
            return out
    return None                         # every token optional


class _StartPlan:
    """Token patterns grouped by the values they can start with, and one small spaCy
    ``Matcher`` per group of patterns that share a start token, built on first use."""

    def __init__(self, ruler):
        from spacy.strings import get_string_id

        self.vocab = ruler.matcher.vocab
        self._settings = {"validate": ruler.validate, "fuzzy_compare": ruler.matcher_fuzzy_compare}
        self.entries = list(ruler.patterns)
        self.by_value: dict[tuple[str, int], list[int]] = {}
        attrs = set()
        for k, entry in enumerate(self.entries):
            for attr, val in _start_values(entry["pattern"]):
                attrs.add(attr)
                self.by_value.setdefault((attr, get_string_id(val)), []).append(k)
        self.attrs = sorted(attrs)
        self._matchers: dict[frozenset, tuple] = {}
        self._values = None              # per attribute, the sorted start values (numpy, on first use)

    @classmethod
    def build(cls, ruler):
        """The plan, or None when the ruler has phrase patterns or some pattern can start anywhere."""
        if len(ruler.phrase_matcher) or not ruler.patterns or any(
                _start_values(e["pattern"]) is None for e in ruler.patterns):
            return None
        return cls(ruler)

    def matcher(self, group: frozenset):
        """``(Matcher of the group's patterns, keyed by entry index; their longest length)``."""
        found = self._matchers.get(group)
        if found is None:
            from spacy.matcher import Matcher

            m = Matcher(self.vocab, self._settings["validate"], fuzzy_compare=self._settings["fuzzy_compare"])
            for k in sorted(group):
                m.add(str(k), [self.entries[k]["pattern"]])
            found = self._matchers[group] = (m, max(len(self.entries[k]["pattern"]) for k in group))
        return found

    def __call__(self, doc) -> list:
        import numpy as np
        from spacy.tokens import Span

        if not len(doc):
            return []
        strings = self.vocab.strings
        table = doc.to_array(self.attrs).reshape(len(doc), len(self.attrs))
        if self._values is None:
            self._values = [np.array(sorted(v for a, v in self.by_value if a == attr), dtype=table.dtype)
                            for attr in self.attrs]
        starts = np.zeros(len(doc), dtype=bool)
        for col, values in enumerate(self._values):
            starts |= np.isin(table[:, col], values)
        found = set()
        for i in np.flatnonzero(starts).tolist():
            group = set()
            for attr, val in zip(self.attrs, table[i].tolist()):
                group.update(self.by_value.get((attr, val), ()))
            matcher, longest = self.matcher(frozenset(group))
            for m_id, s, e in matcher(doc[i:min(i + longest, len(doc))]):
                if s == 0 and e > 0:
                    entry = self.entries[int(strings[m_id])]
                    found.add(Span(doc, i, i + e, label=entry["label"], span_id=entry.get("id") or ""))
        return sorted(found)


_PLANS: dict = {}


def ruler_matches(ruler, doc):
    """Exactly ``ruler.match(doc)`` (the sorted, de-duplicated match Spans) for a ``span_ruler`` of
    token patterns, but each token is matched only against the patterns that can start with it
    (by LOWER, LEMMA or ORTH), each over a window as long as the longest of them: a match found
    there is a match in the Doc, and every match in the Doc starts at such a token and fits in
    its window. spaCy's ``Matcher`` tries every pattern at every token, and the cue lexicon has
    hundreds of patterns, so this is about ten times faster on news text."""
    key = id(ruler)
    if key not in _PLANS:
        _PLANS[key] = (ruler, _StartPlan.build(ruler))   # the ruler is kept so its id stays unique
    plan = _PLANS[key][1]
    if plan is None:
        return ruler.match(doc)
    return plan(doc)


def run_ruler(ruler, doc):
    """``ruler(doc)`` for the suite's rulers (``overwrite=True``, no filters), via :func:`ruler_matches`."""
    if not (ruler.key and ruler.overwrite) or ruler.spans_filter or ruler.annotate_ents:
        return ruler(doc)
    doc.spans[ruler.key] = ruler_matches(ruler, doc)
    return doc


def annotate_target(doc, target: Target):
    """Write the target's ACTOR and ACTION spans into ``doc.spans[TARGET_SPANS_KEY]``.

    Overlapping matches of one label keep the longest; an ACTION overlapping a NOT_ACTION
    match is dropped. The target's ``places`` go to ``doc.spans[PLACE_SPANS_KEY]``. Returns the doc.
    """
    from spacy.util import filter_spans

    run_ruler(_ruler(target), doc)
    found = list(doc.spans[TARGET_SPANS_KEY])
    doc.spans[PLACE_SPANS_KEY] = filter_spans([sp for sp in found if sp.label_ == "PLACE"])
    blocked = {t.i for sp in found if sp.label_ == "NOT_ACTION" for t in sp}
    keep = []
    for label in ("ACTOR", "ACTION"):
        spans = [sp for sp in found if sp.label_ == label]
        if label == "ACTION":
            spans = [sp for sp in spans if not any(t.i in blocked for t in sp)]
        keep += filter_spans(spans)
    doc.spans[TARGET_SPANS_KEY] = sorted(keep, key=lambda sp: (sp.start, sp.end, sp.label_))
    return doc


def summary(target: Target) -> dict:
    """How many entries of each kind a target has, and its status: what ``target`` prints."""
    return {"name": target.name, "question": target.question, "actors": len(target.actors),
            "actions": len(target.actions), "not_actions": len(target.not_actions), "places": len(target.places),
            "status": target.status}


def matches(doc, target: Target) -> dict[str, list[str]]:
    """What the target's patterns find in a parsed article, by label (``ACTOR``, ``ACTION``,
    ``PLACE`` and ``NOT_ACTION``, the last being the actions a ``not_actions`` entry removed),
    each as the matched texts in text order: what a user checks a new target file with."""
    from spacy.util import filter_spans

    found = ruler_matches(_ruler(target), doc)
    annotate_target(doc, target)
    out = {label: [sp.text for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == label] for label in ("ACTOR", "ACTION")}
    out["PLACE"] = [sp.text for sp in doc.spans[PLACE_SPANS_KEY]]
    kept = {(sp.start, sp.end) for sp in doc.spans[TARGET_SPANS_KEY] if sp.label_ == "ACTION"}
    out["NOT_ACTION"] = [sp.text for sp in filter_spans([sp for sp in found if sp.label_ == "ACTION"])
                         if (sp.start, sp.end) not in kept]
    return out
