"""How a prediction is matched to a reference: speech cues and quotation marks, speaker names
compared word by word (titles dropped), character spans covered, and the agreement measures
(macro-F1, Cohen's kappa)."""
from __future__ import annotations

import re

import pandas as pd

from analysis.evaluate.base import STANCE_LABELS
from analysis.lexicons import titles


#: Speech verbs, in every inflection. Deliberately a fixed list here, NOT the
#: project's reporting-verb lexicon: filtering the gold by the predictor's own
#: lexicon would make recall circular.
_SPEECH_FORMS = {
    "say": "says said saying",
    "tell": "tells told telling",
    "write": "writes wrote written writing",
    "add": "adds added adding",
    "warn": "warns warned warning",
    "argue": "argues argued arguing",
    "claim": "claims claimed claiming",
    "announce": "announces announced announcing",
    "deny": "denies denied denying",
    "insist": "insists insisted insisting",
    "state": "states stated stating",
    "note": "notes noted noting",
    "explain": "explains explained explaining",
    "ask": "asks asked asking",
    "reply": "replies replied replying",
    "respond": "responds responded responding",
    "answer": "answers answered answering",
    "declare": "declares declared declaring",
    "report": "reports reported reporting",
    "testify": "testifies testified testifying",
    "tweet": "tweets tweeted tweeting",
    "post": "posts posted posting",
    "comment": "comments commented commenting",
    "acknowledge": "acknowledges acknowledged acknowledging",
    "admit": "admits admitted admitting",
    "assert": "asserts asserted asserting",
    "contend": "contends contended contending",
    "suggest": "suggests suggested suggesting",
    "predict": "predicts predicted predicting",
    "promise": "promises promised promising",
    "vow": "vows vowed vowing",
    "pledge": "pledges pledged pledging",
    "urge": "urges urged urging",
    "call": "calls called calling",
    "accuse": "accuses accused accusing",
    "charge": "charges charged charging",
    "criticize": "criticizes criticized criticizing criticise criticises criticised criticising",
    "praise": "praises praised praising",
    "describe": "describes described describing",
    "recall": "recalls recalled recalling",
    "remark": "remarks remarked remarking",
    "mention": "mentions mentioned mentioning",
    "repeat": "repeats repeated repeating",
    "confirm": "confirms confirmed confirming",
    "concede": "concedes conceded conceding",
    "maintain": "maintains maintained maintaining",
    "reiterate": "reiterates reiterated reiterating",
    "stress": "stresses stressed stressing",
    "emphasize": "emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "complain": "complains complained complaining",
    "boast": "boasts boasted boasting",
    "joke": "jokes joked joking",
    "quip": "quips quipped quipping",
    "shout": "shouts shouted shouting",
}
SPEECH_WORDS = frozenset(
    [base for base in _SPEECH_FORMS] + [f for forms in _SPEECH_FORMS.values() for f in forms.split()]
)
#: Multi-word speech cues (matched as phrases).
SPEECH_PHRASES = ("according to", "point out", "points out", "pointed out", "pointing out")
_SPEECH_RE = re.compile(
    r"(?<![^\W_])(?:" + "|".join(sorted((re.escape(w) for w in SPEECH_WORDS | set(SPEECH_PHRASES)),
                                          key=len, reverse=True)) + r")(?![^\W_])"
)
#: An opening single quote (not an apostrophe): at the start or after space/bracket/dash, before a letter.
_OPEN_SINGLE_RE = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘(?=\w)")


def is_speech_cue(cue: str) -> bool:
    """True when the cue holds a speech word (any inflection) or is a colon."""
    cue = (cue or "").strip().lower()
    return cue == ":" or bool(_SPEECH_RE.search(cue))


def has_quotation(content: str) -> bool:
    """True when the content holds a quotation mark: ``"`` ``“`` ``”``, or ``‘``/``’`` used as quotes."""
    if any(q in content for q in '"“”'):
        return True
    return bool(_OPEN_SINGLE_RE.search(content))


#: Titles stripped before comparing speakers (lower-case, no full stop): ``analysis/data/titles.csv``,
#: column ``evaluation``.
TITLES = titles("evaluation")
#: Words never counted as a shared word (both reference sets).
STOP_WORDS = frozenset({"the", "and", "of", "for"})
#: stance-dev README: ignore these words when comparing speakers.
STANCE_DEV_IGNORED = frozenset({"the", "and", "of", "for", "news", "agency"})
PRONOUNS = frozenset("""
i me my mine myself you your yours yourself yourselves he him his himself she her hers herself it its
itself we us our ours ourselves they them their theirs themselves who whom whose which that this these
those one someone somebody anyone everyone nobody
""".split())
#: Capitalised words that do not make a source a name (determiners at a sentence start).
_NOT_NAME = PRONOUNS | {"the", "a", "an", "some", "many", "most", "several", "both", "all", "other", "others"}


def words(text: str) -> list[str]:
    """Lower-cased letter runs (hyphens and apostrophes split words)."""
    return [w.lower() for w in re.findall(r"[^\W\d_]+", str(text or ""))]


def speaker_words(text: str, ignore=STOP_WORDS, strip_titles: bool = True) -> set[str]:
    """Words of 3+ letters, less ``ignore`` and (optionally) titles."""
    drop = set(ignore) | (TITLES if strip_titles else set())
    return {w for w in words(text) if len(w) >= 3 and w not in drop}


def speakers_match(predicted: str, expected, ignore=STOP_WORDS, strip_titles: bool = True) -> bool:
    """The predicted speaker shares a word of 3+ letters with any of the expected strings."""
    if isinstance(expected, str):
        expected = [expected]
    got = speaker_words(predicted, ignore, strip_titles)
    return any(got & speaker_words(e, ignore, strip_titles) for e in expected)


def is_name(source: str) -> bool:
    """A source is a name when it holds a capitalised word that is not a pronoun (or determiner)."""
    return any(w[0].isupper() and w.lower() not in _NOT_NAME for w in re.findall(r"[^\W\d_]+", source or ""))


def span_chars(ranges) -> set[int]:
    """The character positions of a list of ``(start, end)`` ranges."""
    out: set[int] = set()
    for s, e in ranges:
        out.update(range(int(s), int(e)))
    return out


def overlap(chars: set[int], start: int, end: int) -> int:
    return sum(1 for c in chars if start <= c < end)


def covers(start: int, end: int, chars: set[int]) -> bool:
    """A predicted span ``[start, end)`` covers at least half of ``chars``."""
    return bool(chars) and 2 * overlap(chars, start, end) >= len(chars)


def inside(start: int, end: int, chars: set[int]) -> bool:
    """A predicted span lies at least half inside ``chars``."""
    return end > start and 2 * overlap(chars, start, end) >= (end - start)


def best_cover(chars: set[int], predicted: pd.DataFrame):
    """The predicted row with the largest overlap that covers at least half of ``chars`` (or None)."""
    best, best_n = None, 0
    for row in predicted.itertuples(index=False):
        n = overlap(chars, int(row.start), int(row.end))
        if n > best_n:
            best, best_n = row, n
    if best is None or 2 * best_n < len(chars):
        return None
    return best


def joint_cover(chars: set[int], predicted: pd.DataFrame):
    """PolNeAR recall: ``(row, covered)`` where ``covered`` says the predicted spans together
    cover at least half of ``chars`` (the pieces of a split quote each cover a part of one
    discontinuous gold content), and ``row`` is the predicted row with the largest overlap,
    whose speaker is scored (None when nothing overlaps)."""
    covered: set[int] = set()
    best, best_n = None, 0
    for row in predicted.itertuples(index=False):
        s, e = int(row.start), int(row.end)
        part = {c for c in chars if s <= c < e}
        covered |= part
        if len(part) > best_n:
            best, best_n = row, len(part)
    return best, bool(chars) and 2 * len(covered) >= len(chars)


def macro_f1(gold, pred, labels=STANCE_LABELS) -> float:
    """Mean of per-class F1 over those ``labels`` that occur in ``gold`` or ``pred``.

    A class predicted but never right (or present but never predicted) has F1 0;
    a class absent from both is left out rather than counted as 0.
    """
    gold, pred = list(gold), list(pred)
    f1s = []
    for lab in labels:
        if lab not in gold and lab not in pred:
            continue
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else float("nan")


def _kappa(gold, pred) -> float:
    from analysis.stance import cohen_kappa

    labels = list(STANCE_LABELS) + sorted(set(gold) | set(pred) - set(STANCE_LABELS))
    return cohen_kappa(gold, pred, labels=labels)
