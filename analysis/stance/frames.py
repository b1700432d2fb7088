"""Stance frames: code every statement and narrator sentence of an article, and summarise
per speaker (with seeded bootstrap intervals) and per speaker role."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR
from analysis.discourse import working_cache
from analysis.stance.coder import classify_span
from analysis.stance.rules import DocIndex, SpanCoding
from analysis.stance.target import Target, load_target
from analysis.stats import bootstrap_mean_ci

ROLES_PATH = DATA_DIR / "stance_roles.json"
LIKELIHOOD_LABELS = ("likely", "unlikely", "unclear")
EVALUATION_LABELS = ("favor", "against", "none")
STANCE_LABELS = ("pro", "con", "neutral")
#: Columns ``code_stance`` adds to the statement and narrator frames.
STANCE_COLUMNS = ["speaker_affiliation", "speaker_side", "relevant", "relevance_rule", "event_status",
                  "likelihood", "evaluation", "stance", "stance_cues", "coded_start", "coded_end"]
#: Columns of ``StanceResult.by_speaker``.
BY_SPEAKER_COLUMNS = [
    "speaker", "speaker_role", "statements", "relevant", "pro", "con", "neutral",
    "likely", "unlikely", "unclear", "favor", "against", "none", "net", "net_low", "net_high",
]
#: Columns of ``StanceResult.cues`` (one row per cue that fired).
CUE_COLUMNS = ["statement_id", "narrator", "paragraph", "axis", "family", "text", "start", "end",
               "value", "rule", "negated"]


@functools.lru_cache(maxsize=1)
def load_roles(path: str | None = None) -> dict:
    return json.loads(open(path or ROLES_PATH, encoding="utf-8").read())


@dataclass
class StanceResult:
    statements: pd.DataFrame
    narrator: pd.DataFrame
    by_speaker: pd.DataFrame
    cues: pd.DataFrame
    target: Target
    seconds: float = 0.0

    @property
    def all(self) -> pd.DataFrame:
        """Statements and narrator sentences together, in text order."""
        frames = [f for f in (self.statements, self.narrator) if len(f)]
        if not frames:
            return self.statements.copy()
        return pd.concat(frames, ignore_index=True).sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def sentence_frame(article, doc) -> pd.DataFrame:
    """Fallback input: every sentence as a narrator row (contract columns), for when no
    statement extractor is available."""
    rows = []
    for k, s in enumerate(x for x in doc.sents if x.text.strip()):
        text = s.text.strip()
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        rows.append(dict(statement_id=k + 1, speaker="(narrator)", speaker_mention="", speaker_start=-1,
                         speaker_end=-1, speaker_type="NARRATOR", cue="", cue_lemma="", kind="narrator",
                         start=start, end=start + len(text), text=text,
                         paragraph=article.paragraph_at(start), narrator=True))
    return pd.DataFrame(rows)


def doc_span(doc, row, narrator: bool):
    """The Doc's own statement (or narrator) Span for a table row, when the Doc carries them
    (``doc.spans["statements"]`` / ``["narrator"]``, written by the statements component)."""
    key = "narrator" if narrator else "statements"
    if key not in doc.spans:
        return None
    group = doc.spans[key]
    try:
        k = int(row.get("statement_id")) - 1
    except (TypeError, ValueError):
        return None
    if not 0 <= k < len(group):
        return None
    sp = group[k]
    rec = sp._.statement if sp.has_extension("statement") else None
    if rec is None or (rec.start, rec.end) != (int(row["start"]), int(row["end"])):
        return None
    return sp


def _row_span(doc, row, narrator: bool = False):
    """The span to code for a row: the Doc's statement Span, else the row's offsets."""
    sp = doc_span(doc, row, narrator)
    if sp is None:
        sp = doc.char_span(int(row["start"]), int(row["end"]), alignment_mode="expand")
    if sp is None or not len(sp):
        return None
    if str(row.get("kind", "")) == "partial":
        # a partial quote is a fragment: the host sentence paraphrases the claim around it
        sp = doc[sp[0].sent.start:sp[-1].sent.end]
    return sp


def _speaker_mention(doc, row, narrator: bool = False):
    """The statement's speaker mention as a Span of the Doc, or None."""
    if narrator:
        return None
    own = doc_span(doc, row, narrator)
    if own is not None:
        return own._.speaker_span
    try:
        s, e = int(row.get("speaker_start", -1)), int(row.get("speaker_end", -1))
    except (TypeError, ValueError):
        return None
    return doc.char_span(s, e, alignment_mode="expand") if 0 <= s < e else None


def speaker_side(doc, row, index: DocIndex, narrator: bool = False) -> tuple[str, str]:
    """``(affiliation text, side)``: what the speaker speaks for (:mod:`analysis.affiliation`) and
    whether that, or the speaker, is the target actor (``actor``), or not (``other``);
    narrator rows have no side (``none``)."""
    from analysis.affiliation import speaker_affiliation

    if narrator:
        return "", "none"
    name = "" if pd.isna(row.get("speaker")) else str(row.get("speaker", ""))
    aff = speaker_affiliation(doc, _speaker_mention(doc, row), name)
    actor = index.is_actor_name(name) or (aff is not None and (
        any(t.i in index.actor_tokens for t in aff) or index.is_actor_name(aff.text)))
    return (aff.text if aff is not None else ""), ("actor" if actor else "other")


def _speaker_tokens(doc, row, narrator: bool = False) -> set[int]:
    """Token indices of the statement's speaker mention: a speaker is not a cue of the content."""
    own = doc_span(doc, row, narrator)
    if own is not None:
        sp = own._.speaker_span
        return {t.i for t in sp} if sp is not None else set()
    try:
        s, e = int(row.get("speaker_start", -1)), int(row.get("speaker_end", -1))
    except (TypeError, ValueError):
        return set()
    if s < 0 or e <= s:
        return set()
    sp = doc.char_span(s, e, alignment_mode="expand")
    return {t.i for t in sp} if sp is not None else set()


# --------------------------------------------------------------------------- onto the Doc
_CODES = ("news_analysis", "stance_codes")


def _coding(span) -> SpanCoding | None:
    """The coding of a statement or narrator Span (None for any other Span, even one that
    happens to carry the same id)."""
    codes = working_cache(span.doc).get(_CODES)
    if not codes or not span.id or span.id not in codes:
        return None
    return codes[span.id] if span.has_extension("statement") and span._.statement is not None else None


def _cue_spans(span) -> list | None:
    """The cues that decided a statement's stance, as Spans labelled ``family:rule``."""
    from spacy.tokens import Span

    code = _coding(span)
    if code is None:
        return None
    return [Span(span.doc, c.start, c.end, label=f"{c.family}:{c.rule}") for c in code.cues]


def register_extensions() -> None:
    """``Span._.stance``, ``._.relevant``, ``._.likelihood``, ``._.evaluation``, ``._.event_status``
    and ``._.stance_cues`` on the Doc's statement and narrator Spans, once ``code_stance`` or the
    ``stance`` component ran; ``._.relevance_rule``, ``._.speaker_affiliation`` and
    ``._.speaker_side`` once the component ran."""
    from spacy.tokens import Span

    def field(name):
        def get(span):
            code = _coding(span)
            return getattr(code, name) if code is not None else None
        return get

    def value(name):
        def get(span):
            found = stance_annotation(span.doc)
            row = found.values.get(span.id) if found is not None and span.id else None
            return row[name] if row is not None and _coding(span) is not None else None
        return get

    for name in ("stance", "relevant", "likelihood", "evaluation", "event_status"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=field(name))
    for name in ("relevance_rule", "speaker_affiliation", "speaker_side"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=value(name))
    if not Span.has_extension("stance_cues"):
        Span.set_extension("stance_cues", getter=_cue_spans)


def speaker_roles(doc, frame) -> dict[str, str]:
    """expert | official | narrator | other, from appositive titles and titles before the name.
    ``frame``: the statement and narrator rows (a DataFrame, or dicts with ``speaker`` and
    ``narrator``, and ``speaker_role`` where a role is given)."""
    from spacy.strings import get_string_id

    roles = load_roles()
    expert = [w.lower() for w in roles["expert"]]
    official = [w.lower() for w in roles["official"]]

    def classify(text: str) -> str | None:
        words = f" {text.lower()} "
        for kind, lst in (("expert", expert), ("official", official)):
            if any(f" {w} " in words or f" {w}s " in words for w in lst):
                return kind
        return None

    orth = doc.to_array("ORTH")      # tokens by their text: one array, not a pass over the Doc per name

    def tokens_of(word: str) -> list:
        return [doc[int(i)] for i in np.flatnonzero(orth == get_string_id(word)) if doc[int(i)].text == word]

    # each speaker's rows (groupby("speaker", sort=True), as dicts: a few rows per speaker)
    if isinstance(frame, pd.DataFrame):
        cols = [c for c in ("speaker", "narrator", "speaker_role") if c in frame.columns]
        records = frame[cols].to_dict("records")
    else:
        records = frame
    groups: dict = {}
    for r in records:
        if not pd.isna(r["speaker"]):
            groups.setdefault(r["speaker"], []).append(r)
    out = {}
    for speaker in sorted(groups):
        grp = groups[speaker]
        if any(bool(r["narrator"]) for r in grp if "narrator" in r and not pd.isna(r["narrator"])) \
                or str(speaker) == "(narrator)":
            out[speaker] = "narrator"
            continue
        given = [r["speaker_role"] for r in grp if "speaker_role" in r and not pd.isna(r["speaker_role"])]
        if given:
            out[speaker] = str(given[0])
            continue
        found = classify(str(speaker))
        last = str(speaker).split()[-1] if str(speaker).split() else ""
        if found is None and last:
            for t in tokens_of(last):
                head = t
                ctx = [c for c in head.children if c.dep_ == "appos"]
                text = " ".join(" ".join(x.text for x in c.subtree) for c in ctx)
                text += " " + " ".join(x.text for x in doc[head.left_edge.i:head.i])
                # "X, Minister of ..." where the parser attaches the title as the head
                if head.dep_ == "appos" or head.head.dep_ == "appos":
                    text += " " + head.head.text
                found = classify(text)
                if found:
                    break
        out[speaker] = found or "other"
    return out


def summarize_by_speaker(frame: pd.DataFrame, roles: dict[str, str] | None = None) -> pd.DataFrame:
    """Per speaker: label counts, net = (pro-con)/relevant and a seeded bootstrap 95% interval.

    Pieces of one partial quote coded in the same host sentence (same ``coded_start``/``coded_end``)
    count once.
    """
    if frame is None or not len(frame):
        return pd.DataFrame(columns=BY_SPEAKER_COLUMNS)
    cols = ["speaker", "relevant", "stance", "likelihood", "evaluation"]
    keys = ["coded_start", "coded_end"] if "coded_start" in frame else ["start", "end"]
    return summarize_records(frame[cols + keys].to_dict("records"), roles, keys)


def summarize_records(recs: list[dict], roles: dict[str, str] | None = None,
                      keys: list[str] | tuple = ("coded_start", "coded_end")) -> pd.DataFrame:
    """:func:`summarize_by_speaker` over rows as dicts (``speaker``, ``relevant``, ``stance``,
    ``likelihood``, ``evaluation`` and the two ``keys`` that identify the coded span)."""
    return pd.DataFrame(by_speaker_rows(recs, roles, keys), columns=BY_SPEAKER_COLUMNS)


def by_speaker_rows(recs: list[dict], roles: dict[str, str] | None = None,
                    keys: list[str] | tuple = ("coded_start", "coded_end")) -> list[dict]:
    """The rows of :func:`summarize_records`, as dicts of :data:`BY_SPEAKER_COLUMNS`, sorted by
    speaker role, then speaker."""
    if not recs:
        return []
    groups: dict[str, list] = {}
    for r in recs:
        groups.setdefault(r["speaker"], []).append(r)
    value = {"pro": 1.0, "con": -1.0, "neutral": 0.0}
    rows = []
    for speaker in sorted(groups, key=str):
        g = groups[speaker]
        seen, rel = set(), []
        for r in g:
            k = (r[keys[0]], r[keys[1]])
            if bool(r["relevant"]) and k not in seen:
                seen.add(k)
                rel.append(r)
        vals = np.array([value[r["stance"]] for r in rel], dtype=float)
        if len(vals) == 1:  # one statement: the interval is that value
            lo = hi = float(vals[0])
        else:
            _, lo, hi, _ = bootstrap_mean_ci(vals)
        row = dict(speaker=speaker, speaker_role=(roles or {}).get(speaker, "other"),
                   statements=len(g), relevant=len(rel))
        for col, labels in (("stance", STANCE_LABELS), ("likelihood", LIKELIHOOD_LABELS),
                            ("evaluation", EVALUATION_LABELS)):
            for lab in labels:
                row[lab] = sum(1 for r in rel if r[col] == lab)
        row["net"] = float(vals.mean()) if len(vals) else np.nan
        row["net_low"], row["net_high"] = lo, hi
        rows.append(row)
    if all(isinstance(r["speaker"], str) and isinstance(r["speaker_role"], str) for r in rows):
        rows.sort(key=lambda r: (r["speaker_role"], r["speaker"]))     # as sort_values(kind="stable")
        return rows
    return pd.DataFrame(rows, columns=BY_SPEAKER_COLUMNS).sort_values(
        ["speaker_role", "speaker"], kind="stable").to_dict("records")


def summarize_by_role(result: "StanceResult") -> pd.DataFrame:
    """The per-speaker summary pooled by speaker role (expert / official / narrator / other)."""
    f = result.all.copy()
    if not len(f):
        return pd.DataFrame(columns=BY_SPEAKER_COLUMNS)
    roles = dict(zip(result.by_speaker["speaker"], result.by_speaker["speaker_role"]))
    f["speaker"] = f["speaker"].map(roles).fillna("other")
    out = summarize_by_speaker(f, {r: r for r in f["speaker"].unique()})
    return out.rename(columns={"speaker": "role"}).drop(columns=["speaker_role"])


#: The fields of a statement or narrator row that coding reads (``doc_span``, ``_row_span``,
#: ``_speaker_tokens``, the cue table).
_ROW_FIELDS = ("statement_id", "speaker", "speaker_start", "speaker_end", "kind", "start", "end", "paragraph",
               "narrator")


def _code_rows(doc, rows: list[dict], is_narr: list[bool], target: Target) -> dict:
    """Code rows (statement or narrator, fields :data:`_ROW_FIELDS`) in text order: for each row
    index its coding, its speaker's ``(affiliation, side)`` and the coded span's offsets; and
    the cue table's rows. A relevant row makes its sentences context for the rows after it."""
    index = DocIndex(doc, target)
    # text order: stable by (start, end), statements before narrator sentences at the same offsets
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["start"], rows[i]["end"]))
    on_target = set(index.on_target)
    codes, spans, cue_rows, sides, side_of = {}, {}, [], {}, {}
    for ix in order:
        row, narr = rows[ix], is_narr[ix]
        who = (narr, row.get("speaker"), row.get("speaker_start"), row.get("speaker_end"))
        if who not in side_of:                      # a speaker's rows share one mention reading
            side_of[who] = speaker_side(doc, row, index, narr)
        sides[ix] = side_of[who]
        sp = _row_span(doc, row, narr)
        spans[ix] = (sp.start_char, sp.end_char) if sp is not None else (int(row["start"]), int(row["end"]))
        if sp is None:
            codes[ix] = SpanCoding(False, "", "unclear", "none", "neutral", [], "not relevant: empty span")
            continue
        code = classify_span(sp, target, index=index, on_target=on_target,
                             skip=_speaker_tokens(doc, row, narr),
                             speaker="" if narr else str(row.get("speaker", "")), side=sides[ix][1])
        codes[ix] = code
        own = doc_span(doc, row, narr)
        if own is not None:
            working_cache(doc)[_CODES][own.id] = code
        if code.relevant:
            on_target.update(int(k) for k in set(index.sent_of[sp.start:sp.end]) if k >= 0)
        for c in code.cues:
            cue_rows.append(dict(statement_id=row.get("statement_id"), narrator=bool(row.get("narrator", narr)),
                                 paragraph=row.get("paragraph"), axis=c.axis, family=c.family,
                                 text=c.text, start=c.start_char, end=c.end_char, value=c.value,
                                 rule=c.rule, negated=c.negated))
    return dict(order=order, codes=codes, sides=sides, spans=spans, cue_rows=cue_rows)


def stance_values(code: SpanCoding, side: tuple[str, str], span: tuple[int, int]) -> dict:
    """One row's :data:`STANCE_COLUMNS`."""
    return {"speaker_affiliation": side[0], "speaker_side": side[1], "relevant": code.relevant,
            "relevance_rule": code.relevance_rule, "event_status": code.event_status,
            "likelihood": code.likelihood, "evaluation": code.evaluation, "stance": code.stance,
            "stance_cues": code.stance_cues, "coded_start": span[0], "coded_end": span[1]}


def code_stance(statements_df: pd.DataFrame, narrator_df: pd.DataFrame | None, doc,
                target: Target | str | None = None) -> StanceResult:
    """Code every row of a statements and a narrator frame for stance toward ``target``.

    Where the Doc carries the statements component's Spans, those Spans are coded and
    their ``Span._.stance`` (and ``relevant``, ``likelihood``, ``evaluation``,
    ``stance_cues``) are set; other rows are coded from their character offsets. The
    pipeline's ``stance`` component (:func:`annotate_stance`) codes the Doc's own statements.

    Rows are processed in text order; a relevant row makes its sentences context for the
    next ``context_window`` sentences (topic continuity, rule R3).
    """
    import time

    target = load_target(target)
    t0 = time.perf_counter()
    register_extensions()
    working_cache(doc)[_CODES] = {}
    frames = [f if f is not None else pd.DataFrame() for f in (statements_df, narrator_df)]
    # both sources in one frame (their columns and dtypes as pd.concat unites them), each row
    # read once as a dict
    allf = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) \
        else pd.DataFrame()
    rows = allf[[c for c in _ROW_FIELDS if c in allf.columns]].to_dict("records")
    is_narr = [False] * len(frames[0]) + [True] * len(frames[1]) if len(allf) else []
    coded = _code_rows(doc, rows, is_narr, target)
    order = coded["order"]
    out = []
    for f, narr in zip(frames, (False, True)):
        if not len(f):
            out.append(pd.DataFrame(columns=list(f.columns) + STANCE_COLUMNS))
            continue
        take = [ix for ix in order if is_narr[ix] == narr]     # this source's rows, in text order
        f = allf.take(take).reset_index(drop=True)
        values = [stance_values(coded["codes"][ix], coded["sides"][ix], coded["spans"][ix]) for ix in take]
        for col in STANCE_COLUMNS:
            f[col] = [v[col] for v in values]
        out.append(f)
    seconds = time.perf_counter() - t0
    both = pd.concat([f for f in out if len(f)], ignore_index=True) if any(len(f) for f in out) else out[0]
    roles = speaker_roles(doc, both) if len(both) else {}
    by_speaker = summarize_by_speaker(both, roles)
    cues = pd.DataFrame(coded["cue_rows"], columns=CUE_COLUMNS)
    return StanceResult(out[0], out[1], by_speaker, cues, target, seconds)


#: Where the ``stance`` component keeps its results in the Doc's working cache.
_ANNOTATION = "stance_annotation"


@dataclass
class StanceAnnotation:
    """What the ``stance`` component wrote: the target, each statement and narrator Span's
    :data:`STANCE_COLUMNS` values (by Span id), and the cue table's rows."""

    target: Target
    values: dict
    cue_rows: list
    seconds: float = 0.0


def annotate_stance(doc, target: Target | str | None = None, article=None):
    """Code the Doc's statement and narrator Spans for stance toward ``target`` (the ``stance``
    component): ``Span._.stance``, ``._.relevant``, ``._.relevance_rule``, ``._.event_status``,
    ``._.likelihood``, ``._.evaluation``, ``._.speaker_affiliation``, ``._.speaker_side`` and
    ``._.stance_cues``. The tables read them through :func:`stance_annotation`."""
    import time

    from analysis.doc_cache import article_of
    from analysis.statements import NARRATOR_KEY, STATEMENTS_KEY, statement_rows

    target = load_target(target)
    t0 = time.perf_counter()
    register_extensions()
    working_cache(doc)[_CODES] = {}
    article = article if article is not None else article_of(doc)
    rows, is_narr = [], []
    for key, narr in ((STATEMENTS_KEY, False), (NARRATOR_KEY, True)):
        found = statement_rows(doc, key, article.paragraph_at)
        rows.extend({c: r[c] for c in _ROW_FIELDS + ("span_id",)} for r in found)
        is_narr.extend([narr] * len(found))
    coded = _code_rows(doc, rows, is_narr, target)
    values = {rows[ix]["span_id"]: stance_values(coded["codes"][ix], coded["sides"][ix], coded["spans"][ix])
              for ix in coded["order"]}
    working_cache(doc)[_ANNOTATION] = StanceAnnotation(target, values, coded["cue_rows"],
                                                       time.perf_counter() - t0)
    return doc


def stance_annotation(doc) -> StanceAnnotation | None:
    """The ``stance`` component's results on this Doc, or None if it did not run."""
    return working_cache(doc).get(_ANNOTATION)
