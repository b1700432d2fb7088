"""PolNeAR: brat attribution files for US political news, scored on speech attributions
(recall, precision, speaker accuracy)."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.evaluate.base import POLNEAR_DIR, EvalResult, _error, _errors_frame, read_text, run_pipeline
from analysis.evaluate.matching import (
    _SPEECH_FORMS,
    best_cover,
    has_quotation,
    inside,
    is_name,
    is_speech_cue,
    joint_cover,
    span_chars,
    speakers_match,
)

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
