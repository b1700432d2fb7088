"""Charts for the stance notebook. Each returns a :class:`analysis.charts.Chart` (figure + the
plotted numbers); ``analysis.charts.export`` writes PNG + SVG + the CSV of plotted numbers."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts import SEMANTIC, SEQUENTIAL_CMAP, Chart, caption, new_figure
from analysis.stance import EVALUATION_LABELS, LIKELIHOOD_LABELS


def stance_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A per-speaker (or per-role) stance summary for readers; nothing is recomputed.

    ``summary`` is :func:`analysis.stance.summarize_by_speaker` or ``summarize_by_role`` output. The
    net score's bootstrap interval becomes one ``[low, high]`` text column (a dash for a speaker
    without relevant statements, whose ``net`` is NaN).
    """
    if summary is None or summary.empty:
        return pd.DataFrame()

    def signed(x):
        return "–" if pd.isna(x) else f"{(round(float(x), 2) or 0.0):+.2f}"

    key = "speaker" if "speaker" in summary else "role"
    out = pd.DataFrame({key: summary[key]})
    if "speaker_role" in summary:
        out["role"] = summary["speaker_role"]
    for col in ("statements", "relevant", "pro", "con", "neutral", "likely", "unlikely", "unclear",
                "favor", "against", "none"):
        out[col] = summary[col]
    out["net"] = summary["net"].astype(float)
    out["95% interval"] = ["–" if pd.isna(lo) or pd.isna(hi) else f"[{signed(lo)}, {signed(hi)}]"
                           for lo, hi in zip(summary["net_low"], summary["net_high"])]
    return out.reset_index(drop=True)


def _no_data(ax, text: str = "No statement in this article concerns the target.") -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#555555",
            bbox=dict(facecolor="white", edgecolor="#cccccc", boxstyle="round,pad=0.4"))


def speaker_diverging(by_speaker: pd.DataFrame, question: str = "", target_label: str = "the target",
                      name: str = "stance_by_speaker", key: str = "speaker", min_n: int = 0,
                      title: str | None = None, note: str = "") -> Chart:
    """Diverging stacked bars per speaker: con to the left, pro to the right, neutral centred on zero.

    ``by_speaker`` is :func:`analysis.stance.summarize_by_speaker` output, or a corpus table with the
    same counts keyed by ``key`` (``speaker`` or ``outlet``). With ``min_n``, rows with fewer relevant
    statements are not ranked: grey, below a dashed line, in name order, labelled ``n<min_n``.
    """
    d = by_speaker[by_speaker["relevant"] > 0].copy()
    if "speaker_role" in d:
        d["label"] = [s if r in ("narrator", "", None) or pd.isna(r) else f"{s} ({r})"
                      for s, r in zip(d[key], d["speaker_role"])]
    else:
        d["label"] = d[key].astype(str)
    few = (d["relevant"] < min_n) if min_n else pd.Series(False, index=d.index)
    order = ["speaker_role", "net"] if "speaker_role" in d else ["net", key]
    ranked = d[~few].sort_values(order, kind="stable")
    bottom = d[few].sort_values(key, ascending=False, kind="stable")
    d = pd.concat([bottom, ranked]).reset_index(drop=True)
    n_few = len(bottom)
    fig, ax = new_figure(8, max(2.5, 0.5 * len(d) + 1.2))
    y = np.arange(len(d))
    half = d["neutral"] / 2
    grey = np.arange(len(d)) < n_few
    from matplotlib.colors import to_rgba

    col = lambda c: [to_rgba(c, 0.3) if g else c for g in grey]  # noqa: E731  (pale: too few to rank)
    ax.barh(y, -d["con"], left=-half, color=col(SEMANTIC["con"]), label="con (doubts/opposes)")
    ax.barh(y, d["neutral"], left=-half, color=SEMANTIC["neutral"], alpha=0.6, label="neutral")
    ax.barh(y, d["pro"], left=half, color=col(SEMANTIC["pro"]), label="pro (expects/endorses)")
    ax.axvline(0, color="black", lw=0.8)
    if n_few and len(ranked):
        ax.axhline(n_few - 0.5, color="#999999", lw=0.8, ls="--")
    ax.set_yticks(y, d["label"])
    for yi, tick in enumerate(ax.get_yticklabels()):
        if grey[yi]:
            tick.set_color("#888888")
    right = half + d["pro"]
    for yi, r, edge in zip(y, d.itertuples(), right):
        ci = "" if np.isnan(r.net_low) else f" [{r.net_low:+.2f}, {r.net_high:+.2f}]"
        text = f"net {r.net:+.2f}{ci}" + (f", n={r.relevant} (n<{min_n}: not ranked)" if grey[yi]
                                           else (f", n={r.relevant}" if min_n else ""))
        ax.text(edge + 0.15, yi, text, va="center", fontsize=8, color="#888888" if grey[yi] else "black")
    left_lim = float((half + d["con"]).max()) if len(d) else 1.0
    right_lim = float(right.max()) if len(d) else 1.0
    ax.set_xlim(-max(1.0, left_lim) - 0.5, max(1.0, right_lim) * (1.6 if min_n else 1) + 3)
    ax.set_xlabel("relevant statements (con to the left, pro to the right, neutral centred)")
    ax.set_title(title or f"Stance toward {target_label}, by {key}")
    from matplotlib.patches import Patch

    handles = [Patch(color=SEMANTIC["con"], label="con (doubts/opposes)"),
               Patch(color=SEMANTIC["neutral"], alpha=0.6, label="neutral"),
               Patch(color=SEMANTIC["pro"], label="pro (expects/endorses)")]
    if n_few:
        handles += [Patch(color=SEMANTIC["con"], alpha=0.3, label=f"con, n<{min_n}"),
                    Patch(color=SEMANTIC["pro"], alpha=0.3, label=f"pro, n<{min_n}")]
    # outside the axes, so it never covers a bar's label
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    few_note = (f" Pale, grey labels, below the dashed line, in name order: fewer than {min_n} relevant "
                "statements, too few to rank." if n_few else "")
    caption(fig, f"{question} Net = (pro − con) / relevant, 95% bootstrap interval in brackets. "
                 "Rule-based coding; see the codebook." + few_note + (" " + note if note else ""))
    cols = [key] + (["speaker_role"] if "speaker_role" in d else []) + [
        "relevant", "pro", "con", "neutral", "net", "net_low", "net_high"]
    data = d[cols].copy()
    if min_n:
        data["few_statements"] = grey
    return Chart(fig, data, name)


def stance_by_paragraph(frame: pd.DataFrame, n_paragraphs: int, name: str = "stance_by_paragraph") -> Chart:
    """Pro (up) and con (down) statements per paragraph, narrator and quoted sources stacked."""
    rel = frame[frame["relevant"].astype(bool)].copy()
    rel["voice"] = np.where(rel["narrator"].astype(bool), "narrator", "sources")
    rows = []
    for p in range(1, n_paragraphs + 1):
        sub = rel[rel["paragraph"] == p]
        row = {"paragraph": p}
        for voice in ("sources", "narrator"):
            v = sub[sub["voice"] == voice]
            for lab in ("pro", "con", "neutral"):
                row[f"{voice}_{lab}"] = int((v["stance"] == lab).sum())
        rows.append(row)
    d = pd.DataFrame(rows)
    fig, ax = new_figure(9, 4)
    x = d["paragraph"].to_numpy()
    ax.bar(x, d["sources_pro"], color=SEMANTIC["pro"], label="pro, quoted sources")
    ax.bar(x, d["narrator_pro"], bottom=d["sources_pro"], color=SEMANTIC["pro"], alpha=0.45, hatch="//",
           label="pro, narrator")
    ax.bar(x, -d["sources_con"], color=SEMANTIC["con"], label="con, quoted sources")
    ax.bar(x, -d["narrator_con"], bottom=-d["sources_con"], color=SEMANTIC["con"], alpha=0.45, hatch="//",
           label="con, narrator")
    neutral = d["sources_neutral"] + d["narrator_neutral"]
    ax.scatter(x[neutral > 0], np.zeros((neutral > 0).sum()), marker="o", color=SEMANTIC["neutral"],
               zorder=3, label="neutral (relevant)")
    ax.axhline(0, color="black", lw=0.8)
    step = 1 if len(x) <= 30 else int(np.ceil(len(x) / 30))
    ax.set_xticks(x[::step])
    ax.set_xlim(0.4, max(1, n_paragraphs) + 0.6)
    ax.set_xlabel("paragraph")
    ax.set_ylabel("statements (pro up, con down)")
    ax.set_title("Stance through the article, paragraph by paragraph")
    top = int(max(1, (d["sources_pro"] + d["narrator_pro"]).max(), (d["sources_con"] + d["narrator_con"]).max()))
    ax.set_ylim(-top - 0.5, top + 1.5)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if rel.empty:
        _no_data(ax)
    else:  # below the axis, so it never hides a bar
        ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    caption(fig, "Only statements coded as relevant to the target. Hatched = the outlet's own (narrator) sentences.")
    return Chart(fig, d, name)


def likelihood_evaluation_grid(frame: pd.DataFrame, name: str = "stance_likelihood_evaluation") -> Chart:
    """3×3 counts: likelihood (rows) × evaluation (columns) of relevant statements."""
    rel = frame[frame["relevant"].astype(bool)]
    grid = pd.crosstab(pd.Categorical(rel["likelihood"], categories=LIKELIHOOD_LABELS),
                       pd.Categorical(rel["evaluation"], categories=EVALUATION_LABELS), dropna=False)
    grid.index.name, grid.columns.name = "likelihood", "evaluation"
    fig, ax = new_figure(5.5, 4.5)
    ax.grid(False)
    vmax = int(max(1, grid.to_numpy().max()))
    im = ax.imshow(grid.to_numpy(), cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax)
    for i in range(3):
        for j in range(3):
            v = int(grid.iat[i, j])
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v < vmax * 0.6 else "black",
                    fontsize=12, fontweight="bold")
    ax.set_xticks(range(3), [f"evaluation: {c}" for c in EVALUATION_LABELS], rotation=15)
    ax.set_yticks(range(3), [f"likelihood: {c}" for c in LIKELIHOOD_LABELS])
    ax.set_title("Likelihood against evaluation")
    from matplotlib.ticker import MaxNLocator

    fig.colorbar(im, ax=ax, shrink=0.7, label="relevant statements", ticks=MaxNLocator(integer=True))
    note = "" if len(rel) else " No statement in this article concerns the target, so every cell is 0."
    caption(fig, "Each relevant statement counted once. Stance: evaluation wins when explicit, else likelihood."
                 + note)
    tidy = grid.stack().rename("count").reset_index()
    return Chart(fig, tidy, name)


def stance_vs_polarity(comparison: pd.DataFrame, name: str = "stance_vs_polarity") -> Chart:
    """TextBlob polarity (x) against coded stance (y); hollow markers where they disagree."""
    d = comparison.copy()
    ymap = {"con": -1, "neutral": 0, "pro": 1}
    d["stance_value"] = d["stance"].map(ymap)
    # deterministic vertical spread so equal points stay visible
    d["y"] = d["stance_value"] + (d.groupby("stance").cumcount() % 5 - 2) * 0.05
    fig, ax = new_figure(7, 4)
    for agree, sub in d.groupby("agree"):
        colors = [SEMANTIC[s] for s in sub["stance"]]
        if agree:
            ax.scatter(sub["polarity"], sub["y"], c=colors, s=45, label="stance and polarity agree")
        else:
            ax.scatter(sub["polarity"], sub["y"], facecolors="none", edgecolors=colors, s=60, linewidths=1.5,
                       label="they disagree")
    ax.axvline(0, color="black", lw=0.6)
    ax.set_yticks([-1, 0, 1], ["con", "neutral", "pro"])
    ax.set_xlabel("TextBlob polarity of the statement text (−1 negative … +1 positive)")
    ax.set_ylabel("coded stance")
    ax.set_title("Stance is not sentiment")
    from matplotlib.lines import Line2D

    # legend markers in a neutral colour: the colour of a point is its stance (blue pro, vermillion con)
    handles = [Line2D([], [], ls="none", marker="o", ms=7, color="#333333", label="stance and polarity agree"),
               Line2D([], [], ls="none", marker="o", ms=7, mfc="none", mec="#333333", mew=1.5,
                      label="they disagree")]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    caption(fig, "Relevant statements only. Colour = coded stance (blue pro, grey neutral, vermillion con). "
                 "Polarity scores the tone of the words; stance codes the position on the target.")
    return Chart(fig, d[["statement_id", "paragraph", "speaker", "stance", "stance_value", "polarity", "agree"]],
                 name)
