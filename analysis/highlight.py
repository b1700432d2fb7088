"""Attribution highlighted in the article text, as self-contained HTML.

``highlight_html(article, spans)`` marks character spans of ``article.text``
(offsets exactly as read). Overlapping or nested spans are handled by cutting
the text at every span boundary, so the HTML is always well formed. All text
is HTML-escaped. Colours are Okabe-Ito tints, and every category also has a
non-colour cue (bold, italic, underline style), so nothing relies on colour
alone.

``statement_spans(statements, article)`` turns a statements frame (the
``analysis.statements`` contract) into spans: speaker mention, reporting cue,
and content coloured by kind.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

#: category -> (label for the legend, inline CSS). Okabe-Ito hues.
STYLES = {
    "speaker": ("speaker mention", "font-weight:bold;border-bottom:3px solid #D55E00;background:none"),
    "cue": ("reporting cue", "font-style:italic;border-bottom:2px dotted #CC79A7;background:none"),
    "direct": ("direct quote", "background:rgba(0,114,178,0.22)"),
    "partial": ("partial quote", "background:rgba(0,158,115,0.25);outline:1px dashed #009E73"),
    "indirect": ("indirect (reported) speech", "background:rgba(230,159,0,0.28)"),
    "narrator": ("narrator", "background:rgba(153,153,153,0.20)"),
    "stance-likely": ("cue toward pro", "background:rgba(0,114,178,0.15);border-bottom:2px solid #0072B2"),
    "stance-favor": ("evaluation: favour", "background:rgba(0,114,178,0.15);border-bottom:2px double #0072B2"),
    "stance-unlikely": ("cue toward con", "background:rgba(213,94,0,0.15);border-bottom:2px solid #D55E00"),
    "stance-against": ("evaluation: against", "background:rgba(213,94,0,0.15);border-bottom:2px double #D55E00"),
    "stance-unclear": ("uncertainty", "background:rgba(153,153,153,0.18);border-bottom:2px dotted #777777"),
}
_DEFAULT_STYLE = "background:rgba(240,228,66,0.35)"


def _spans_frame(spans) -> pd.DataFrame:
    if isinstance(spans, pd.DataFrame):
        df = spans.copy()
    else:
        rows = [tuple(s) for s in spans]
        width = max((len(r) for r in rows), default=4)
        df = pd.DataFrame([r + ("",) * (width - len(r)) for r in rows],
                          columns=["start", "end", "category", "title"][:width])
    if "title" not in df.columns:
        df["title"] = ""
    return df


def legend_html(categories: Iterable[str] | None = None) -> str:
    cats = list(categories) if categories is not None else list(STYLES)
    items = []
    for c in cats:
        label, style = STYLES.get(c, (c, _DEFAULT_STYLE))
        items.append(f'<span style="{style};padding:0 3px;margin-right:10px">{html.escape(label)}</span>')
    return '<div class="hl-legend" style="margin-bottom:6px">' + "".join(items) + "</div>"


def highlight_html(article, spans, *, paragraphs: Iterable[int] | None = None, legend: bool = True,
                   numbered: bool = True) -> str:
    """HTML of the article's paragraphs with ``spans`` marked.

    ``spans``: a DataFrame (or iterable of tuples) with ``start``, ``end``,
    ``category`` and optional ``title`` (tooltip). Spans outside the text or
    empty are ignored. ``paragraphs``: 1-based indices to show (default: every
    paragraph). Each marked piece is a ``<mark>`` carrying ``data-start`` /
    ``data-end`` (its own offsets) and ``data-cat``.
    """
    df = _spans_frame(spans)
    n = len(article.text)
    df = df[(df["start"] >= 0) & (df["end"] <= n) & (df["end"] > df["start"])]
    spans_list = [(int(r.start), int(r.end), str(r.category), "" if pd.isna(r.title) else str(r.title))
                  for r in df.itertuples(index=False)]
    keep = set(paragraphs) if paragraphs is not None else None
    out = []
    if legend:
        present = [c for c in STYLES if any(s[2] == c for s in spans_list)]
        present += sorted({s[2] for s in spans_list} - set(STYLES))
        out.append(legend_html(present))
    for para in article.paragraphs:
        if keep is not None and para.index not in keep:
            continue
        pieces = mark_text(article.text, para.start, para.end, spans_list)
        num = f'<span style="color:#777;font-size:80%">[{para.index}]</span> ' if numbered else ""
        out.append(f'<p data-paragraph="{para.index}">{num}{pieces}</p>')
    return '<div class="hl-article" style="line-height:1.7">' + "\n".join(out) + "</div>"


def mark_text(text: str, start: int, end: int, spans_list) -> str:
    """HTML of ``text[start:end]`` with ``(start, end, category, title)`` spans (offsets into
    ``text``) marked; nested or overlapping spans are cut at every boundary."""
    inside = [s for s in spans_list if s[0] < end and s[1] > start]
    cuts = sorted({start, end} | {max(start, min(end, x)) for s in inside for x in s[:2]})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        active = [s for s in inside if s[0] <= a and s[1] >= b]
        # outermost (longest) span first, so content tint sits under speaker/cue styling
        active.sort(key=lambda s: (-(s[1] - s[0]), s[2]))
        for _s0, _s1, cat, title in reversed(active):
            style = STYLES.get(cat, (cat, _DEFAULT_STYLE))[1]
            tip = f' title="{html.escape(title, quote=True)}"' if title else ""
            piece = (f'<mark data-cat="{html.escape(cat, quote=True)}" data-start="{a}" data-end="{b}"'
                     f' style="{style};color:inherit"{tip}>{piece}</mark>')
        pieces.append(piece)
    return "".join(pieces)


def stance_table_html(frame: pd.DataFrame, cues: pd.DataFrame, only_relevant: bool = False) -> str:
    """An HTML table of stance-coded rows with their cue words marked (blue: toward pro,
    vermillion: toward con, grey: uncertainty), the rule trace below each statement."""
    colour = {"pro": "#0072B2", "con": "#D55E00", "neutral": "#777777"}
    rows = []
    for r in frame.itertuples():
        if only_relevant and not r.relevant:
            continue
        start = int(r.start)
        text = str(r.text)
        sub = cues[(cues["statement_id"] == r.statement_id) & (cues["narrator"] == bool(r.narrator))]
        marks = [(int(c.start) - start, int(c.end) - start, f"stance-{c.value}", f"{c.rule} → {c.value}")
                 for c in sub.itertuples() if int(c.start) >= start and int(c.end) <= start + len(text)]
        body = mark_text(text, 0, len(text), marks)
        stance = (f'<b style="color:{colour[r.stance]}">{r.stance}</b><br><small>{r.likelihood} / '
                  f"{r.evaluation}</small>" if r.relevant else "<small>not relevant</small>")
        rows.append(f'<tr><td style="vertical-align:top">{r.paragraph}</td>'
                    f'<td style="text-align:left;vertical-align:top">{html.escape(str(r.speaker))}</td>'
                    f'<td style="text-align:left;vertical-align:top;white-space:nowrap">{stance}</td>'
                    f'<td style="text-align:left">{body}<br><small style="color:#555">'
                    f"{html.escape(str(r.stance_cues))}</small></td></tr>")
    left = ' style="text-align:left"'
    head = f"<tr><th>¶</th><th{left}>speaker</th><th{left}>stance</th><th{left}>statement (cues marked)</th></tr>"
    return f'<table style="font-size:90%;table-layout:auto">{head}{"".join(rows)}</table>'


def find_cue(article, row) -> tuple[int, int]:
    """Offsets of the reporting cue of a statement row, or ``(-1, -1)``.

    Uses ``cue_start``/``cue_end`` when the frame has them; otherwise the
    occurrence of the cue (whole word, case-insensitive) in the statement's
    paragraph, outside the content, nearest to the speaker mention (or to the
    content when there is no mention).
    """
    if "cue_start" in row and "cue_end" in row and pd.notna(row["cue_start"]) and int(row["cue_start"]) >= 0:
        return int(row["cue_start"]), int(row["cue_end"])
    cue = row.get("cue")
    if not isinstance(cue, str) or not cue.strip():
        return -1, -1
    start, end = int(row["start"]), int(row["end"])
    pidx = article.paragraph_at(start)
    if not pidx:
        return -1, -1
    para = article.paragraphs[pidx - 1]
    anchor = int(row["speaker_start"]) if pd.notna(row.get("speaker_start")) and int(row.get("speaker_start", -1)) >= 0 \
        else start
    best = None
    for m in re.finditer(r"(?<!\w)" + re.escape(cue.strip()) + r"(?!\w)", para.text, re.IGNORECASE):
        a, b = para.start + m.start(), para.start + m.end()
        if a < end and b > start:  # inside the content
            continue
        d = abs(a - anchor)
        if best is None or d < best[0]:
            best = (d, a, b)
    return (best[1], best[2]) if best else (-1, -1)


def statement_spans(statements: pd.DataFrame, article) -> pd.DataFrame:
    """Spans (start, end, category, title) for speaker mentions, cues and content by kind."""
    recs = []
    for _, r in statements.iterrows():
        who = str(r.get("speaker", ""))
        kind = str(r.get("kind", "direct"))
        tip = f"{who} ({kind})"
        if "polarity" in r and pd.notna(r["polarity"]):
            tip += f", polarity {r['polarity']:+.2f}"
        recs.append((int(r["start"]), int(r["end"]), kind, tip))
        if pd.notna(r.get("speaker_start")) and int(r.get("speaker_start", -1)) >= 0:
            recs.append((int(r["speaker_start"]), int(r["speaker_end"]), "speaker", who))
        cs, ce = find_cue(article, r)
        if cs >= 0:
            recs.append((cs, ce, "cue", f"cue: {r.get('cue_lemma', r.get('cue'))}"))
    df = pd.DataFrame(recs, columns=["start", "end", "category", "title"])
    return df.drop_duplicates(["start", "end", "category"]).sort_values(["start", "end"], kind="stable") \
        .reset_index(drop=True)
