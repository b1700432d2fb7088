"""Sentiment charts. Each returns a :class:`analysis.charts.Chart` (figure + the plotted numbers);
``analysis.charts.export`` writes PNG+SVG+CSV."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts import FEW_COLOUR, OKABE_ITO, SEMANTIC, Chart, caption, empty_chart, new_figure

#: Fixed colour and marker per statement kind (colour plus shape: colour-blind safe).
KIND_STYLE = {
    "direct": (OKABE_ITO[0], "o"),
    "partial": (OKABE_ITO[2], "s"),
    "indirect": (OKABE_ITO[1], "D"),
    "narrator": (SEMANTIC["neutral"], "."),
}
_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "<", ">", "h"]


def speaker_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The per-speaker summary for readers: the interval as one ``[low, high]`` column, counts by kind.

    ``summary`` is :func:`analysis.sentiment.speaker_summary` output; nothing is recomputed.
    """
    if summary is None or summary.empty:
        return pd.DataFrame()

    def interval(lo, hi):
        if pd.isna(lo) or pd.isna(hi):
            return "–"
        return f"[{(round(lo, 2) or 0.0):+.2f}, {(round(hi, 2) or 0.0):+.2f}]"

    return pd.DataFrame({
        "speaker": summary["speaker"],
        "statements": summary["statements"],
        "mean polarity": summary["mean_polarity"],
        "95% interval": [interval(lo, hi) for lo, hi in zip(summary["ci_low"], summary["ci_high"])],
        "note": summary["ci_note"].fillna(""),
        "mean subjectivity": summary["mean_subjectivity"],
        "mean VADER": summary["mean_vader"],
        "direct": summary["n_direct"],
        "partial": summary["n_partial"],
        "indirect": summary["n_indirect"],
    }).reset_index(drop=True)


def _empty(title: str, name, columns) -> Chart:
    return empty_chart(title, name, columns, f"{title}: nothing to plot (no statements found)")


def plot_speaker_polarity(summary: pd.DataFrame, name: str = "sentiment_by_speaker", min_n: int = 0,
                          title: str | None = None, note: str = "") -> Chart:
    """Mean TextBlob polarity per speaker with its bootstrap 95% interval; n labelled.

    ``summary`` is :func:`analysis.sentiment.speaker_summary` output (or the corpus table
    ``sentiment_by_speaker.csv``, which has the same columns). With ``min_n``, speakers with
    fewer statements are not ranked: they are drawn in grey below a dashed line, in name order,
    labelled ``n<min_n``, and the plotted data gains a ``few_statements`` column.
    """
    cols = ["speaker", "statements", "mean_polarity", "ci_low", "ci_high", "ci_note"]
    title = title or "Mean sentiment (polarity) of each speaker's statements"
    if summary is None or summary.empty:
        return _empty(title, name, cols)
    data = summary[cols].copy()
    few = (data["statements"] < min_n) if min_n else pd.Series(False, index=data.index)
    # y grows upwards: the unranked few at the bottom in name order (reversed so A is on top), then the ranked
    bottom = data[few].sort_values("speaker", ascending=False, kind="stable")
    ranked = data[~few].sort_values(["mean_polarity", "speaker"], kind="stable")
    data = pd.concat([bottom, ranked]).reset_index(drop=True)
    n_few = len(bottom)
    if min_n:
        data["few_statements"] = [True] * n_few + [False] * len(ranked)
    height = max(3.2, 0.45 * len(data) + 1.8)
    fig, ax = new_figure(8, height)
    fig.subplots_adjust(bottom=min(0.4, 0.8 / height))  # room for the axis label above the caption
    y = np.arange(len(data))
    has_ci = data["ci_low"].notna().to_numpy()
    mean = data["mean_polarity"].to_numpy(dtype=float)
    colours = [SEMANTIC["positive"] if m >= 0.05 else SEMANTIC["negative"] if m <= -0.05 else SEMANTIC["neutral"]
               for m in mean]
    colours = [FEW_COLOUR if i < n_few else c for i, c in enumerate(colours)]
    lo = np.where(has_ci, mean - data["ci_low"].fillna(0).to_numpy(dtype=float), 0)
    hi = np.where(has_ci, data["ci_high"].fillna(0).to_numpy(dtype=float) - mean, 0)
    ecol = ["#BBBBBB" if i < n_few else "#555555" for i in y]
    for yi in y[has_ci]:
        ax.errorbar(mean[yi], yi, xerr=[[lo[yi]], [hi[yi]]], fmt="none", ecolor=ecol[yi], capsize=3, lw=1.2)
    for yi, m, c, ci in zip(y, mean, colours, has_ci):
        ax.plot(m, yi, marker="o", ms=8, color=c, mfc=c if ci else "white", mew=2, ls="none")
    ax.axvline(0, color="#333333", lw=0.8)
    if n_few and len(ranked):
        ax.axhline(n_few - 0.5, color="#999999", lw=0.8, ls="--")
    right = np.nanmax(np.r_[data["ci_high"].to_numpy(dtype=float), mean, 0.05])
    for yi, (_, r) in zip(y, data.iterrows()):
        label = f"n={int(r['statements'])}"
        if yi < n_few:
            label += f" (n<{min_n}: not ranked)"
        elif pd.isna(r["ci_low"]):
            label += " (no interval)"
        ax.annotate(label, (right, yi), xytext=(8, 0), textcoords="offset points", va="center", fontsize=8,
                    color="#999999" if yi < n_few else "#333333", annotation_clip=False)
    ax.set_yticks(y, data["speaker"])
    for yi, tick in enumerate(ax.get_yticklabels()):
        if yi < n_few:
            tick.set_color("#888888")
    lim = max(0.3, float(np.nanmax(np.abs(np.r_[data["ci_low"], data["ci_high"], mean].astype(float)))) + 0.05)
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("Mean polarity (TextBlob): -1 most negative, +1 most positive")
    ax.set_title(title)
    few_note = (f" Grey, below the dashed line, in name order: fewer than {min_n} statements, too few to rank."
                if n_few else "")
    caption(fig, "Dots: mean polarity of the speaker's statements (content only). Bars: seeded bootstrap 95% "
                 "interval; hollow dot = a single statement, no interval. Blue positive, orange negative, "
                 "grey within ±0.05." + few_note + (" " + note if note else ""))
    return Chart(fig, data, name)


def _speaker_styles(speakers) -> dict:
    order = [s for s in dict.fromkeys(speakers) if s != "(narrator)"]
    palette = [c for c in OKABE_ITO if c != "#F0E442"]  # yellow is too faint for points
    styles = {s: (palette[i % len(palette)], _MARKERS[i % len(_MARKERS)]) for i, s in enumerate(order)}
    styles["(narrator)"] = (SEMANTIC["neutral"], ".")
    return styles


def _surname(name: str) -> str:
    """Last word of a multi-word name ("Keir Giles" -> "Giles"); other labels shortened."""
    parts = name.split()
    return parts[-1] if len(parts) > 1 and name[:1].isupper() else _short(name, 18)


def _label_points(fig, ax, xs, ys, labels, fontsize: float = 7) -> int:
    """Greedy non-overlapping labels: try a few offsets per point, skip a label that fits nowhere.

    Points at the same place with the same label get one label ``name ×k``. Returns labels drawn.
    """
    fig.canvas.draw()
    to_px = ax.transData.transform
    frame = ax.get_window_extent()  # labels stay inside the plotting area
    groups: dict = {}
    for x, y, lab in zip(xs, ys, labels):
        groups.setdefault((round(float(x), 3), round(float(y), 3), lab), 0)
        groups[(round(float(x), 3), round(float(y), 3), lab)] += 1
    placed, drawn = [], 0
    char_w, line_h = fontsize * 0.6, fontsize * 1.3  # points; 1 pt = dpi/72 px
    scale = fig.dpi / 72
    offsets = [(5, 3), (5, -11), (-5, 3), (-5, -11), (5, 13), (5, -21), (-5, 13), (-5, -21)]
    for (x, y, lab), k in sorted(groups.items(), key=lambda kv: (-kv[0][1], kv[0][0], kv[0][2])):
        text = lab if k == 1 else f"{lab} ×{k}"
        w, h = len(text) * char_w * scale, line_h * scale
        px, py = to_px((x, y))
        for dx, dy in offsets:
            x0 = px + dx * scale - (w if dx < 0 else 0)
            y0 = py + dy * scale
            box = (x0, y0, x0 + w, y0 + h)
            inside = box[0] >= frame.x0 and box[2] <= frame.x1 and box[1] >= frame.y0 and box[3] <= frame.y1
            if inside and all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
                placed.append(box)
                ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                            ha="right" if dx < 0 else "left", va="bottom", color="#333333")
                drawn += 1
                break
    return drawn


def _short(name: str, width: int = 26) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"


def plot_polarity_subjectivity(scored: pd.DataFrame, name: str = "sentiment_polarity_vs_subjectivity") -> Chart:
    """One point per statement: polarity (x) against subjectivity (y), coloured by kind, labelled by speaker."""
    cols = ["statement_id", "speaker", "kind", "polarity", "subjectivity"]
    title = "Polarity and subjectivity of each statement"
    if scored is None or scored.empty:
        return _empty(title, name, cols)
    data = scored[cols].sort_values("statement_id", kind="stable").reset_index(drop=True)
    fig, ax = new_figure(8, 6)
    for kind, (colour, marker) in KIND_STYLE.items():
        d = data[data["kind"] == kind]
        if len(d):
            ax.scatter(d["polarity"], d["subjectivity"], c=colour, marker=marker, s=55, alpha=0.85,
                       edgecolors="white", linewidths=0.5, label=f"{kind} (n={len(d)})", zorder=3)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.03, 1.08)
    _label_points(fig, ax, data["polarity"], data["subjectivity"], [_surname(str(x)) for x in data["speaker"]])
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlabel("Polarity (TextBlob): -1 negative … +1 positive")
    ax.set_ylabel("Subjectivity (TextBlob): 0 factual … 1 opinionated")
    ax.set_title(title)
    ax.legend(title="Statement kind", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    caption(fig, "Each point is one attributed statement, scored on its content only, labelled with the speaker's "
                 "last name (labels that would overlap are merged as 'name ×k' or left out). Statements without any "
                 "lexicon word sit at (0, 0).")
    return Chart(fig, data, name)


def article_position(frame: pd.DataFrame, article) -> pd.Series:
    """Paragraph number plus the fraction of the paragraph before the span start (e.g. 4.35)."""
    paras = {p.index: p for p in article.paragraphs}

    def pos(row):
        p = paras.get(int(row["paragraph"]))
        if p is None:
            return float(row["paragraph"])
        return p.index + (int(row["start"]) - p.start) / max(1, p.end - p.start)

    return frame.apply(pos, axis=1).astype(float) if len(frame) else pd.Series(dtype=float)


def plot_sentiment_timeline(scored: pd.DataFrame, narrator: pd.DataFrame | None, article,
                            name: str = "sentiment_through_article") -> Chart:
    """Polarity of each statement (and narrator sentence) in article order; speakers by colour and marker."""
    cols = ["position", "paragraph", "statement_id", "speaker", "kind", "polarity"]
    title = "Sentiment through the article"
    frames = [f for f in (scored, narrator) if f is not None and len(f)]
    if not frames:
        return _empty(title, name, cols)
    both = pd.concat([f[["paragraph", "start", "statement_id", "speaker", "kind", "polarity"]] for f in frames],
                     ignore_index=True)
    both["position"] = article_position(both, article)
    data = both.sort_values(["position", "statement_id"], kind="stable")[cols].reset_index(drop=True)
    fig, ax = new_figure(10, 5)
    styles = _speaker_styles(data.loc[data["speaker"] != "(narrator)", "speaker"].tolist() + ["(narrator)"])
    nar = data[data["speaker"] == "(narrator)"]
    if len(nar):
        ax.plot(nar["position"], nar["polarity"], color=SEMANTIC["neutral"], lw=0.8, ls=":", zorder=1)
    for speaker, (colour, marker) in styles.items():
        d = data[data["speaker"] == speaker]
        if not len(d):
            continue
        size = 30 if speaker == "(narrator)" else 60
        ax.scatter(d["position"], d["polarity"], c=colour, marker=marker, s=size, zorder=3,
                   edgecolors="white", linewidths=0.5, label=f"{_short(str(speaker))} (n={len(d)})")
    ax.axhline(0, color="#333333", lw=0.8)
    # Paragraph k spans positions [k, k + 1): its label sits in the middle of that span and the axis
    # ends where the last paragraph ends, so no tick names a paragraph the article does not have.
    npara = max(len(article.paragraphs), int(data["paragraph"].max()))
    ax.set_xlim(1, npara + 1)
    shown = range(1, npara + 1, max(1, int(np.ceil(npara / 25))))
    ax.set_xticks([k + 0.5 for k in shown], [str(k) for k in shown])
    ax.set_xticks(range(1, npara + 2), minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.grid(axis="x", which="major", visible=False)
    ax.grid(axis="x", which="minor", alpha=0.3)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("Position in the article (paragraph number)")
    ax.set_ylabel("Polarity (TextBlob)")
    ax.set_title(title)
    ax.legend(title="Speaker", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    caption(fig, "Each marker is one attributed statement (coloured by speaker) or one narrator sentence (small "
                 "grey dots joined by a dotted line), placed at its paragraph; content only.")
    return Chart(fig, data, name)
