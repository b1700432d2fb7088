"""Score the statement extractor and stance coder against hand-coded references.

Two reference sets, both read from outside the repository (see
``docs/evaluation.md``):

* **PolNeAR** (``../shared/corpora/polnear``): brat attribution files for US
  political news; scored on speech attributions (recall, precision, speaker
  accuracy).
* **stance-dev** (``../shared/corpora/stance-dev``, or a user's own folder of
  the same layout): statements coded with anchor, speaker, stance and
  clearness, plus per-article person mention counts.

The pipeline runs in-process exactly as ``python -m analysis analyze`` runs it
(one batched ``get_docs`` call, then ``analyze_article`` per article); the
``statements`` table (never the narrator table) is the prediction.
"""
from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.config import REPO_ROOT

SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
POLNEAR_DIR = SHARED_CORPORA / "polnear"
STANCE_DEV_DIR = SHARED_CORPORA / "stance-dev"

ERROR_COLUMNS = ["set", "file", "kind_of_error", "text", "expected", "got", "para", "start", "end", "cue"]
STANCE_LABELS = ("pro", "con", "neutral")
MISSED = "missed"

# --------------------------------------------------------------------------- speech cues (PolNeAR filter)
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


# --------------------------------------------------------------------------- words and names
#: Titles stripped before comparing speakers (lower-case, no full stop).
TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sen senator rep representative gov governor president vice
secretary gen general lt col colonel maj major adm admiral capt captain sgt judge justice rev reverend
mayor minister prime chairman chairwoman chair speaker ambassador attorney former candidate
sir lord lady dame st
""".split())
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


# --------------------------------------------------------------------------- spans
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


# --------------------------------------------------------------------------- metrics
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


def _frac(k: int, n: int) -> float:
    return k / n if n else float("nan")


@dataclass
class EvalResult:
    """One reference set's scores.

    ``metrics``: measure -> value (fractions in 0..1, plus plain counts);
    ``counts``: measure -> ``(k, n)`` for every fraction; ``info``: text facts
    (the stance target used); ``errors``: one row per
    miss, false alarm, wrong speaker, wrong stance or people miscount
    (:data:`ERROR_COLUMNS`); ``notes``: lines worth showing with the table.
    """

    name: str
    metrics: "OrderedDict[str, float]" = field(default_factory=OrderedDict)
    counts: dict = field(default_factory=dict)
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))
    notes: list = field(default_factory=list)
    info: dict = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, measure: str, k, n=None) -> None:
        """Record a fraction ``k/n`` (or a plain value when ``n`` is None)."""
        if n is None:
            self.metrics[measure] = k
        else:
            self.metrics[measure] = _frac(k, n)
            self.counts[measure] = (k, n)

    def tidy(self) -> pd.DataFrame:
        """Rows ``set, measure, value, n``."""
        rows = []
        for m, v in self.metrics.items():
            n = self.counts.get(m, (None, None))[1]
            rows.append(dict(set=self.name, measure=m, value=v, n=n))
        df = pd.DataFrame(rows, columns=["set", "measure", "value", "n"])
        df["n"] = df["n"].astype("Int64")
        return df


def _error(set_name, file, kind, text="", expected="", got="", para=None, start=None, end=None, cue="") -> dict:
    return dict(set=set_name, file=file, kind_of_error=kind, text=text, expected=expected, got=got,
                para=para, start=start, end=end, cue=cue)


def _errors_frame(rows: list) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    for col in ("para", "start", "end"):
        df[col] = df[col].astype("Int64")
    return df


# --------------------------------------------------------------------------- running the pipeline
def run_pipeline(articles: list, model: str | None = None, target=None) -> list[dict]:
    """Tables for each article: one batched parse, then ``analyze_article`` per article."""
    from analysis.nlp import get_docs
    from analysis.pipeline import analyze_article

    docs = get_docs(articles, model=model)
    return [analyze_article(a, d, target=target) for a, d in zip(articles, docs)]


def read_text(path: Path) -> str:
    """The text exactly as the reference's offsets index it."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# --------------------------------------------------------------------------- PolNeAR
@dataclass
class BratAttribution:
    content: list          # [(start, end), ...]
    content_text: str
    cue: str = ""
    source: str = ""
    cue_spans: list = field(default_factory=list)
    source_spans: list = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


def parse_brat(text: str) -> list[BratAttribution]:
    """Attributions of a brat ``.ann`` file (those with a Content span), in file order."""
    spans: dict[str, tuple[str, list, str]] = {}
    events = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            ranges = []
            for piece in offsets.split(";"):
                s, e = piece.split()
                ranges.append((int(s), int(e)))
            spans[parts[0]] = (kind, ranges, parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        cue = spans.get(ev.get("Cue", ""), ("", [], ""))
        source = spans.get(ev.get("Source", ""), ("", [], ""))
        out.append(BratAttribution(content=content[1], content_text=content[2], cue=cue[2], source=source[2],
                                   cue_spans=cue[1], source_spans=source[1]))
    return out


def keep_attribution(a: BratAttribution) -> bool:
    """Speech: a speech cue (or colon), or quoted content."""
    return keep_reason(a) is not None


#: The speech words the PolNeAR README names itself ("said, told, wrote, ...").
README_SPEECH_WORDS = ("say", "tell", "write", "add", "according to", "warn", "argue", "claim", "announce",
                       "deny", "insist", "state", "note", "explain")
_README_RE = re.compile(
    r"(?<![^\W_])(?:" + "|".join(sorted({re.escape(f) for w in README_SPEECH_WORDS
                                          for f in [w, *_SPEECH_FORMS.get(w, "").split()]},
                                         key=len, reverse=True)) + r")(?![^\W_])"
)
#: Why a kept gold attribution was kept, in the order tested (recall is broken down by these).
KEEP_REASONS = ("quoted content", "colon cue", "cue named in the README", "other speech cue")


def keep_reason(a: BratAttribution) -> str | None:
    """The first of :data:`KEEP_REASONS` that holds for ``a``, or None when it is not speech."""
    cue = (a.cue or "").strip().lower()
    if has_quotation(a.content_text):
        return KEEP_REASONS[0]
    if cue == ":":
        return KEEP_REASONS[1]
    if _README_RE.search(cue):
        return KEEP_REASONS[2]
    if is_speech_cue(cue):
        return KEEP_REASONS[3]
    return None


def polnear_files(root: Path, split: str = "dev") -> list[tuple[str, Path, Path]]:
    """``(stem, text_path, ann_path)`` per article, the first annotator in sorted order."""
    root = Path(root)
    ann_dir, text_dir = root / split / "attributions", root / split / "text"
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem not in chosen and (text_dir / f"{stem}.txt").exists():
            chosen[stem] = ann
    return [(stem, text_dir / f"{stem}.txt", ann) for stem, ann in sorted(chosen.items())]


def score_polnear_article(set_name: str, file: str, gold: list[BratAttribution], predicted: pd.DataFrame,
                          article=None) -> dict:
    """Counts and error rows for one article (see :func:`evaluate_polnear`)."""
    para = (lambda off: article.paragraph_at(off)) if article is not None else (lambda off: None)
    pred = predicted[["start", "end", "speaker", "text"]].reset_index(drop=True)
    c = dict(kept=0, found=0, found_single=0, named=0, speaker_ok=0, predicted=len(pred), precise=0)
    errors = []
    golds = [(g, span_chars(g.content)) for g in gold]
    for reason in KEEP_REASONS:
        c[f"kept:{reason}"] = c[f"found:{reason}"] = 0
    for g, chars in golds:
        reason = keep_reason(g)
        if reason is None:
            continue
        c["kept"] += 1
        c[f"kept:{reason}"] += 1
        hit, covered = joint_cover(chars, pred)
        if not covered:
            errors.append(_error(set_name, file, "missed", g.content_text, g.source, "",
                                 para(g.start), g.start, g.end, g.cue))
            continue
        c["found"] += 1
        c[f"found:{reason}"] += 1
        c["found_single"] += best_cover(chars, pred) is not None
        if g.source and is_name(g.source):
            c["named"] += 1
            if speakers_match(str(hit.speaker), g.source):
                c["speaker_ok"] += 1
            else:
                errors.append(_error(set_name, file, "wrong_speaker", g.content_text, g.source, str(hit.speaker),
                                     para(g.start), g.start, g.end, g.cue))
    for row in pred.itertuples(index=False):
        s, e = int(row.start), int(row.end)
        if any(inside(s, e, chars) for _, chars in golds):
            c["precise"] += 1
        else:
            errors.append(_error(set_name, file, "false_alarm", str(row.text), "", str(row.speaker), para(s), s, e))
    c["errors"] = errors
    return c


def evaluate_polnear(root=POLNEAR_DIR, split: str = "dev", limit: int | None = None,
                     model: str | None = None) -> EvalResult:
    """Recall, precision and speaker accuracy on PolNeAR (rules in its README).

    * a gold attribution is kept when its cue holds a speech word from
      :data:`SPEECH_WORDS` / :data:`SPEECH_PHRASES` or is a colon, or its content
      holds a quotation mark;
    * **recall**: kept gold contents whose characters the predicted statement
      spans cover at least half of (together: a split quote's pieces each cover a
      part); ``recall (one statement covers)`` is the stricter count where a single
      predicted span does;
    * **precision**: predicted statements lying at least half inside the content
      of some gold attribution (kept or not);
    * **speaker accuracy**: of found kept gold whose source is a name, the
      predicted speaker shares a word of 3+ letters with it (titles stripped).
    """
    from analysis.articles import Article

    t0 = time.perf_counter()
    name = f"polnear/{split}"
    files = polnear_files(Path(root), split)
    if limit is not None:
        files = files[:limit]
    if not files:
        raise FileNotFoundError(f"{root}: no {split} articles with attributions")
    articles = [Article.from_text(read_text(t), id=stem, metadata={"path": str(t)}) for stem, t, _ in files]
    tables = run_pipeline(articles, model=model)
    tot = dict(kept=0, found=0, found_single=0, named=0, speaker_ok=0, predicted=0, precise=0)
    for reason in KEEP_REASONS:
        tot[f"kept:{reason}"] = tot[f"found:{reason}"] = 0
    errors = []
    n_gold = 0
    for (stem, _, ann), art, tab in zip(files, articles, tables):
        gold = parse_brat(read_text(ann))
        n_gold += len(gold)
        c = score_polnear_article(name, stem, gold, tab["statements"], art)
        errors += c.pop("errors")
        for k in tot:
            tot[k] += c[k]
    res = EvalResult(name)
    res.add("recall", tot["found"], tot["kept"])
    res.add("precision", tot["precise"], tot["predicted"])
    res.add("speaker accuracy on found", tot["speaker_ok"], tot["named"])
    p, r = res.metrics["precision"], res.metrics["recall"]
    res.add("F1", 2 * p * r / (p + r) if p + r else float("nan"))
    res.add("recall (one statement covers)", tot["found_single"], tot["kept"])
    for reason in KEEP_REASONS:
        res.add(f"recall, {reason}", tot[f"found:{reason}"], tot[f"kept:{reason}"])
    res.add("articles", len(files))
    res.add("gold attributions", n_gold)
    res.add("gold kept (speech)", tot["kept"])
    res.add("predicted statements", tot["predicted"])
    res.errors = _errors_frame(errors)
    res.seconds = time.perf_counter() - t0
    return res


# --------------------------------------------------------------------------- stance-dev
def load_gold(root) -> dict:
    path = Path(root) / "gold.json"
    with open(path, encoding="utf-8") as fh:
        gold = json.load(fh)
    if not isinstance(gold, dict) or not isinstance(gold.get("texts"), list):
        raise ValueError(f"{path}: expected an object with a 'texts' list")
    return gold


def alias_groups(aliases: dict) -> list[set[str]]:
    """Each person's spellings (canonical + aliases) as one set."""
    return [{canon, *spellings} for canon, spellings in (aliases or {}).items()]


def spellings(name: str, groups: list[set[str]]) -> set[str]:
    """``name`` and every spelling equivalent to it (case-insensitive)."""
    out = {name}
    low = name.strip().lower()
    for g in groups:
        if low in {s.lower() for s in g}:
            out |= g
    return out


def anchor_offsets(text: str, para: int, anchor: str) -> tuple[int, int] | None:
    """Whole-text ``(start, end)`` of ``anchor`` inside line ``para`` (1-based, split on "\\n")."""
    lines = text.split("\n")
    if not 1 <= para <= len(lines):
        return None
    i = lines[para - 1].find(anchor)
    if i < 0:
        return None
    start = sum(len(line) + 1 for line in lines[:para - 1]) + i
    return start, start + len(anchor)


def surname_pattern(name: str, groups: list[set[str]]) -> re.Pattern:
    """Word regex matching the last word of ``name`` or of any of its spellings."""
    last = {s.split()[-1] for s in spellings(name, groups) if s.split()}
    return re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(map(re.escape, last))) + r")(?![^\W_])", re.IGNORECASE)


def count_people(persons: dict, entities: pd.DataFrame, groups: list[set[str]]) -> list[dict]:
    """Per gold person: ``name, expected, rows`` (matching PERSON rows), ``got`` (their mentions) and ``ok``.

    ``ok``: exactly one PERSON row of ``entities`` has the surname (or an alias's)
    as a word of its ``entity`` name, and its ``mentions`` equals the count.
    """
    people = entities[entities["label"] == "PERSON"] if len(entities) else entities
    out = []
    for name, count in (persons or {}).items():
        pat = surname_pattern(name, groups)
        rows = people[people["entity"].astype(str).map(lambda e, pat=pat: bool(pat.search(e)))] if len(people) else people
        got = [int(m) for m in rows["mentions"]] if len(rows) else []
        ok = len(rows) == 1 and got[0] == int(count)
        out.append(dict(name=name, expected=int(count), rows=list(rows["entity"]) if len(rows) else [],
                        got=got, ok=ok))
    return out


def resolve_target(root, target_key: str, target_name: str | None = None, target_map: dict | None = None):
    """The stance target to score a gold.json key with: ``target_name`` or ``target_map[key]``
    when given (a bundled target's name or a file), else the set's own target file
    (``gold.json``'s ``target_files``, relative to the set's folder). A key with neither is an
    error: scoring it with some other target would measure nothing."""
    from analysis.stance import load_target

    wanted = target_name or (target_map or {}).get(target_key)
    if wanted:
        return load_target(wanted)
    gold = load_gold(root)
    rel = (gold.get("target_files") or {}).get(target_key)
    if not rel:
        raise ValueError(f"{Path(root) / 'gold.json'}: no target file for target key {target_key!r} "
                         f"(add it to 'target_files', or pass --target-map {target_key}=TARGET)")
    path = Path(root) / rel
    if not path.is_file():
        raise ValueError(f"{Path(root) / 'gold.json'}: target file {rel!r} of {target_key!r} is missing")
    return load_target(path)


def bundled_target(target_key: str) -> str | None:
    """The name of the project's own bundled target for a gold.json key, if it has one."""
    from analysis.stance import available_targets

    return target_key if target_key in available_targets() else None


def score_stance_text(set_name: str, entry: dict, text: str, tables: dict, groups: list[set[str]]) -> dict:
    """Per-statement outcomes and error rows for one stance-dev text."""
    pred = tables["statements"].reset_index(drop=True)
    file = entry["file"]
    rows, errors = [], []
    for st in entry.get("statements", []):
        para, anchor = int(st["para"]), st["anchor"]
        gold_stance = st["stance"]
        accepted = set()
        for s in [st.get("speaker", ""), *(st.get("alt") or [])]:
            if s:
                accepted |= spellings(s, groups)
        off = anchor_offsets(text, para, anchor)
        hit = None
        if off is not None:
            hit = best_cover(set(range(*off)), pred)
        start, end = off if off else (None, None)
        found = hit is not None
        got_speaker = str(hit.speaker) if found else ""
        speaker_ok = found and speakers_match(got_speaker, sorted(accepted), ignore=STANCE_DEV_IGNORED,
                                              strip_titles=False)
        got_stance = str(hit.stance) if found else MISSED
        rows.append(dict(found=found, speaker_ok=speaker_ok, gold=gold_stance, pred=got_stance,
                         clear=bool(st.get("clear"))))
        if not found:
            why = "" if off else "anchor not found in its line"
            errors.append(_error(set_name, file, "missed", anchor, st.get("speaker", ""), why, para, start, end))
            continue
        if not speaker_ok:
            errors.append(_error(set_name, file, "wrong_speaker", anchor, st.get("speaker", ""), got_speaker,
                                 para, start, end))
        if got_stance != gold_stance:
            errors.append(_error(set_name, file, "wrong_stance", anchor, gold_stance, got_stance, para, start, end))
    people = count_people(entry.get("persons") or {}, tables["entities"], groups)
    for p in people:
        if not p["ok"]:
            got = "; ".join(f"{e}={m}" for e, m in zip(p["rows"], p["got"])) or "no PERSON row"
            errors.append(_error(set_name, file, "people_count", p["name"], str(p["expected"]), got))
    return dict(rows=rows, people=people, errors=errors)


def stance_dev_entries(root, target_key: str | None = None) -> tuple[dict, list[dict]]:
    gold = load_gold(root)
    entries = [e for e in gold["texts"] if target_key is None or e.get("target") == target_key]
    return gold, entries


def stance_dev_targets(root) -> list[str]:
    """Target keys in gold.json order (``targets`` first, then any only found on texts)."""
    gold = load_gold(root)
    keys = list(gold.get("targets") or {})
    for e in gold["texts"]:
        if e.get("target") not in keys:
            keys.append(e.get("target"))
    return [k for k in keys if any(e.get("target") == k for e in gold["texts"])]


def evaluate_stance_dev(root=STANCE_DEV_DIR, target_key: str = "belarus", target_name: str | None = None,
                        model: str | None = None, target_map: dict | None = None,
                        label: str = "") -> EvalResult:
    """Score one target's texts of a stance-dev style folder (rules in its README).

    The target is the set's own target file for the key (``gold.json``'s ``target_files``),
    unless ``target_name`` or ``target_map[key]`` names another (:func:`resolve_target`).
    ``label`` is appended to the set's name ("stance-dev/belarus (bundled target)").
    """
    from analysis.articles import Article

    t0 = time.perf_counter()
    root = Path(root)
    gold, entries = stance_dev_entries(root, target_key)
    if not entries:
        raise ValueError(f"{root / 'gold.json'}: no texts for target {target_key!r}")
    groups = alias_groups(gold.get("aliases") or {})
    target = resolve_target(root, target_key, target_name, target_map)
    name = f"stance-dev/{target_key}" + (f" ({label})" if label else "")
    texts = [read_text(root / "texts" / e["file"]) for e in entries]
    articles = [Article.from_text(t, id=Path(e["file"]).stem, metadata={"title": e.get("title", "")})
                for e, t in zip(entries, texts)]
    tables = run_pipeline(articles, model=model, target=target)
    rows, people, errors = [], [], []
    for e, t, tab in zip(entries, texts, tables):
        r = score_stance_text(name, e, t, tab, groups)
        rows += r["rows"]
        people += r["people"]
        errors += r["errors"]
    n = len(rows)
    res = EvalResult(name)
    res.info["target"] = _target_label(target, root)
    res.add("statements found", sum(r["found"] for r in rows), n)
    res.add("speaker recall", sum(r["speaker_ok"] for r in rows), n)
    clear = [r for r in rows if r["clear"]]
    res.add("stance on clear statements", sum(r["pred"] == r["gold"] for r in clear), len(clear))
    gold_l, pred_l = [r["gold"] for r in rows], [r["pred"] for r in rows]
    res.add("3-class accuracy", sum(g == p for g, p in zip(gold_l, pred_l)), n)
    res.add("macro-F1", macro_f1(gold_l, pred_l))
    res.add("Cohen's kappa", _kappa(gold_l, pred_l))
    res.add("people counted exactly", sum(p["ok"] for p in people), len(people))
    res.add("texts", len(entries))
    res.errors = _errors_frame(errors)
    res.seconds = time.perf_counter() - t0
    return res


def _target_label(target, root) -> str:
    """How a results table names the target: its name and the file it came from."""
    path = Path(target.path)
    try:
        where = path.relative_to(Path(root).resolve() if path.is_absolute() else Path(root))
        where = f"{Path(root).name}/{where}"
    except ValueError:
        where = path.name if path.parent.name == "stance_targets" else str(path)
        if path.parent.name == "stance_targets":
            where = f"bundled {where}"
    return f"{target.name} ({where})"


def _kappa(gold, pred) -> float:
    from analysis.stance import cohen_kappa

    labels = list(STANCE_LABELS) + sorted(set(gold) | set(pred) - set(STANCE_LABELS))
    return cohen_kappa(gold, pred, labels=labels)


# --------------------------------------------------------------------------- presentation
#: The project's goals (attribution: issue 7; stance: issue 16), shown beside each measure; the same
#: for every stance-dev set.
GOALS = {
    "recall": "≥ 0.85", "precision": "≥ 0.92", "speaker accuracy on found": "≥ 0.93",
    "speaker recall": "≥ 0.85", "stance on clear statements": "≥ 0.85", "3-class accuracy": "≥ 0.80",
    "people counted exactly": "≥ 0.95",
}


def _goal(res: EvalResult, measure: str) -> str:
    return GOALS.get(measure, "")


def _value(res: EvalResult, measure: str) -> str:
    v = res.metrics[measure]
    if measure in res.counts:
        k, n = res.counts[measure]
        return f"{k}/{n} ({v:.3f})" if n else f"{k}/{n}"
    if isinstance(v, float):
        return "nan" if v != v else f"{v:.3f}"
    return str(v)


def results_table(results: list[EvalResult]) -> pd.DataFrame:
    """Display rows ``set, measure, value, goal`` (values formatted as text)."""
    rows = []
    for res in results:
        for key, value in res.info.items():
            rows.append(dict(set=res.name, measure=key, value=str(value), goal=""))
        for m in res.metrics:
            rows.append(dict(set=res.name, measure=m, value=_value(res, m), goal=_goal(res, m)))
        for note in res.notes:
            rows.append(dict(set=res.name, measure="note", value=note, goal=""))
    return pd.DataFrame(rows, columns=["set", "measure", "value", "goal"])


def format_table(df: pd.DataFrame) -> str:
    """Plain-text, left-aligned columns."""
    cols = list(df.columns)
    cells = [cols] + [[str(v) for v in row] for row in df.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cols))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def metrics_frame(results: list[EvalResult]) -> pd.DataFrame:
    frames = [r.tidy() for r in results]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["set", "measure", "value", "n"])


def write_results(results: list[EvalResult], out) -> list[Path]:
    """``metrics.csv`` and one ``errors_<set>.csv`` per set (atomic writes)."""
    from analysis.io import write_csv

    out = Path(out)
    written = [write_csv(metrics_frame(results), out / "metrics.csv")]
    written.append(write_csv(results_table(results), out / TABLE_CSV))
    for r in results:
        safe = re.sub(r"[^\w.-]+", "_", r.name)
        written.append(write_csv(r.errors, out / f"errors_{safe}.csv"))
    return written


# --------------------------------------------------------------------------- for the notebooks
ATTRIBUTION_MEASURES = ("recall", "precision", "speaker accuracy on found", "statements found", "speaker recall")
STANCE_MEASURES = ("stance on clear statements", "3-class accuracy", "macro-F1", "Cohen's kappa")


#: The table ``write_results`` writes beside metrics.csv: the rows ``make eval`` prints.
TABLE_CSV = "table.csv"
#: The development figures as last measured by ``make eval``, kept in the repository: the
#: notebooks read them from here and never re-run the evaluation.
DEV_SNAPSHOT = REPO_ROOT / "docs" / "dev_figures.json"
#: The reference sets the snapshot keeps (a ``--split test`` or ``--limit`` run is not the dev figures).
_DEV_SETS = re.compile(r"^(polnear/dev|stance-dev/.+)$")


def _git_commit() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "analysis"],
                               cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" (with uncommitted changes to analysis/)" if dirty else "")


def write_dev_snapshot(eval_dir=REPO_ROOT / "output" / "eval", dest=DEV_SNAPSHOT) -> Path | None:
    """Copy the dev-set rows of ``eval_dir/table.csv`` (written by ``make eval``) to ``dest`` with
    the commit they were measured on and the date. Returns None, and writes nothing, when that
    run scored no full dev set (``--split test``, ``--limit``, or no corpora)."""
    import datetime

    from analysis.io import atomic_write_text

    src, metrics = Path(eval_dir) / TABLE_CSV, Path(eval_dir) / "metrics.csv"
    if not src.is_file():
        return None
    table = pd.read_csv(src, dtype=str, keep_default_na=False)
    table = table[table["set"].str.match(_DEV_SETS)]
    if not len(table):
        return None
    texts = {}
    if metrics.is_file():
        m = pd.read_csv(metrics)
        texts = {r.set: int(r.value) for r in m[m["measure"] == "texts"].itertuples() if r.value == r.value}
    snapshot = {
        "about": "Development-set figures written by `make eval`; the notebooks show these and never re-run it.",
        "commit": _git_commit(),
        "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "texts": texts,
        "rows": table.to_dict(orient="records"),
    }
    dest = Path(dest)
    atomic_write_text(dest, json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {dest} (dev figures of commit {snapshot['commit'][:12]})")
    return dest


def read_dev_snapshot(path=DEV_SNAPSHOT) -> dict:
    """The snapshot written by :func:`write_dev_snapshot` (``{}`` when absent or unreadable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def dev_figures(measures=ATTRIBUTION_MEASURES, polnear: bool = True, path=DEV_SNAPSHOT) -> pd.DataFrame:
    """The development-set figures a notebook shows beside its in-sample seed figures:
    ``set, measure, value, goal`` rows for ``measures``, from PolNeAR dev (if ``polnear``) and
    every stance-dev target, as ``make eval`` last measured them (:data:`DEV_SNAPSHOT`; the
    commit is in :func:`dev_figures_note`). Empty when no snapshot has been written."""
    rows = read_dev_snapshot(path).get("rows", [])
    table = pd.DataFrame(rows, columns=["set", "measure", "value", "goal"])
    if not polnear:
        table = table[~table["set"].str.startswith("polnear/")]
    return table[table["measure"].isin(list(measures) + ["target"])].reset_index(drop=True)


def dev_figures_note(path=DEV_SNAPSHOT) -> str:
    """Where the dev figures come from: "Measured by `make eval` on commit abc123 (2026-12-07)."."""
    snap = read_dev_snapshot(path)
    if not snap:
        return "No development figures have been measured yet (`make eval` writes them)."
    commit = str(snap.get("commit", "unknown"))
    return (f"Measured by `make eval` on commit `{commit[:12]}`{commit[40:]} ({snap.get('measured', '?')}), "
            f"read from `docs/{Path(path).name}`.")
