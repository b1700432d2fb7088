"""Charts for the corpus notebook (04), from the corpus tables (``analysis.corpus_tables``).

Each returns an :class:`analysis.charts.Chart`; ``analysis.charts.export`` writes it. Where the
chart is the same as an article's, the per-article function is reused (sentiment by speaker,
stance by speaker, most-named entities). Rows with fewer than ``min_n`` statements are drawn
apart in grey and labelled, never ranked as if the estimate were certain.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts import FEW_COLOUR, OKABE_ITO, SEMANTIC, SEQUENTIAL_CMAP, Chart, caption, empty_chart, new_figure
from analysis.corpus_tables import MIN_N

#: Speaker types as readers name them, with one colour each.
TYPE_NAMES = {"PERSON": "person", "ORG": "organisation", "GPE": "country/city", "NORP": "group/nationality",
              "GROUP": "unnamed group", "UNKNOWN": "unnamed or unclear"}
TYPE_COLOURS = {t: OKABE_ITO[i] for i, t in enumerate(TYPE_NAMES)}
NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def _short(name: str, width: int = 34) -> str:
    name = str(name)
    return name if len(name) <= width else name[:width - 1] + "…"


def corpus_overview(tables: dict) -> str:
    """A Markdown paragraph: how many articles, outlets, dates, statements and speakers."""
    arts, sp = tables["articles"], tables["speakers"]
    dated = arts["date"].dropna()
    span = f"from {dated.min()} to {dated.max()}" if len(dated) else "without dates"
    undated = len(arts) - len(dated)
    return (f"**{len(arts)} articles** from **{arts['outlet'].nunique()} outlets**, {span}"
            + (f" ({undated} without a usable date)" if undated else "")
            + f"; **{int(arts['statements'].sum())} attributed statements** by **{len(sp)} speakers** "
            f"({int((sp['articles'] > 1).sum())} quoted in more than one article).")


def most_quoted_chart(speakers: pd.DataFrame, top: int = 15, named_only: bool = True,
                      name: str = "corpus_most_quoted") -> Chart:
    """Horizontal bars: statements per speaker across the corpus, with articles and outlets labelled."""
    cols = ["rank", "speaker", "speaker_type", "statements", "articles", "outlets"]
    d = speakers[speakers["speaker_type"].isin(NAMED_TYPES)] if named_only else speakers
    d = d.sort_values(["statements", "articles", "speaker"], ascending=[False, False, True], kind="stable")
    if d.empty:
        return empty_chart("Most-quoted sources", name, cols)
    data = d.head(top).reset_index(drop=True)
    data.insert(0, "rank", np.arange(1, len(data) + 1))
    data = data[cols]
    fig, ax = new_figure(8, max(2.5, 0.34 * len(data) + 1.4))
    y = np.arange(len(data))[::-1]
    ax.barh(y, data["statements"], color=[TYPE_COLOURS.get(t, "#999999") for t in data["speaker_type"]])
    for yi, r in zip(y, data.itertuples()):
        ax.text(r.statements, yi, f" {r.statements} in {r.articles} article{'s' if r.articles != 1 else ''}, "
                                  f"{r.outlets} outlet{'s' if r.outlets != 1 else ''}", va="center", fontsize=8)
    ax.set_yticks(y, [_short(s) for s in data["speaker"]])
    ax.set_xlim(0, float(data["statements"].max()) * 1.6)
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Attributed statements across the corpus")
    ax.set_title(f"Most-quoted {'named ' if named_only else ''}sources (top {len(data)})")
    present = [t for t in TYPE_NAMES if t in set(data["speaker_type"])]
    ax.legend(handles=[Patch(color=TYPE_COLOURS[t], label=TYPE_NAMES[t]) for t in present], title="Speaker",
              loc="lower right", fontsize=8)
    caption(fig, "A speaker's spellings are merged across articles (titles dropped; a surname alone joins the "
                 "one person of that surname; close spellings of one name joined; every merge is in "
                 "speaker_names.csv). "
                 + ("Unnamed sources ('officials', 'two sources') are left out here; they are in the tables."
                    if named_only else ""))
    return Chart(fig, data, name)


def outlet_sources_chart(speaker_outlets: pd.DataFrame, speakers: pd.DataFrame, top: int = 12,
                         min_n: int = MIN_N, named_only: bool = True, name: str = "corpus_outlet_sources") -> Chart:
    """Heatmap: share of each outlet's statements given to each of the corpus's most-quoted speakers.

    Outlets with fewer than ``min_n`` attributed statements are set apart below a line, in grey and
    in name order, labelled ``n<min_n``.
    """
    cols = ["outlet", "outlet_statements", "few_statements", "speaker", "statements", "share_of_outlet"]
    sp = speakers[speakers["speaker_type"].isin(NAMED_TYPES)] if named_only else speakers
    names = list(sp.sort_values(["statements", "articles", "speaker"], ascending=[False, False, True],
                                kind="stable")["speaker"].head(top))
    if not names or speaker_outlets.empty:
        return empty_chart("Who each outlet quotes", name, cols)
    totals = speaker_outlets.groupby("outlet")["statements"].sum()
    few = totals < min_n
    ranked = sorted(totals.index[~few], key=lambda o: (-totals[o], o))
    apart = sorted(totals.index[few])
    outlets = ranked + apart
    share = (speaker_outlets[speaker_outlets["speaker"].isin(names)]
             .pivot_table(index="outlet", columns="speaker", values="share_of_outlet", aggfunc="sum")
             .reindex(index=outlets, columns=names).fillna(0.0))
    counts = (speaker_outlets[speaker_outlets["speaker"].isin(names)]
              .pivot_table(index="outlet", columns="speaker", values="statements", aggfunc="sum")
              .reindex(index=outlets, columns=names).fillna(0).astype(int))
    data = share.stack().rename("share_of_outlet").reset_index()
    data.columns = ["outlet", "speaker", "share_of_outlet"]
    data["statements"] = counts.stack().to_numpy()
    data["outlet_statements"] = data["outlet"].map(totals).astype(int)
    data["few_statements"] = data["outlet"].isin(apart)
    data = data[cols]
    fig, ax = new_figure(max(7, 0.55 * len(names) + 4.5), max(3, 0.38 * len(outlets) + 2.2))
    mat = share.to_numpy()
    im = ax.imshow(np.ma.masked_equal(mat, 0), aspect="auto", cmap=SEQUENTIAL_CMAP, vmin=0,
                   vmax=max(0.05, float(mat.max())), interpolation="nearest")
    grey = np.ma.masked_array(np.ones_like(mat), mask=~np.repeat(np.isin(outlets, apart)[:, None], len(names), 1)
                              | (mat == 0))
    from matplotlib.colors import ListedColormap

    ax.imshow(grey, aspect="auto", cmap=ListedColormap([FEW_COLOUR]), interpolation="nearest")
    for i, o in enumerate(outlets):
        for j in range(len(names)):
            if counts.iat[i, j]:
                light = o in apart or mat[i, j] / max(0.05, mat.max()) < 0.55
                ax.text(j, i, str(counts.iat[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if light and o not in apart else "black")
    ax.set_xticks(range(len(names)), [_short(n, 24) for n in names], rotation=50, ha="right")
    ax.set_yticks(range(len(outlets)), [f"{_short(o)} (n={totals[o]})" + (f", n<{min_n}" if o in apart else "")
                                        for o in outlets])
    for i, tick in enumerate(ax.get_yticklabels()):
        if outlets[i] in apart:
            tick.set_color("#888888")
    if apart and ranked:
        ax.axhline(len(ranked) - 0.5, color="#555555", lw=1, ls="--")
    ax.grid(False)
    ax.set_title("Who each outlet quotes")
    cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cb.set_label("Share of the outlet's attributed statements")
    caption(fig, f"Rows: outlets, most statements first (n = the outlet's attributed statements). Columns: the "
                 f"corpus's {len(names)} most-quoted named sources. Colour: that source's share of the outlet's "
                 f"statements; numbers: statements. Below the dashed line, grey, in name order: outlets with fewer "
                 f"than {min_n} statements, too few to compare.")
    return Chart(fig, data, name)


def over_time_chart(by_date: pd.DataFrame, name: str = "corpus_over_time") -> Chart:
    """Two panels sharing a date axis: statements per day (articles labelled), and pro / con statements."""
    cols = ["date", "articles", "statements", "relevant", "pro", "con", "neutral"]
    if by_date is None or by_date.empty:
        return empty_chart("Volume and stance over time", name, cols, "No article has a usable date.")
    data = by_date[cols].copy()
    x = pd.to_datetime(data["date"])
    fig, (top, bottom) = new_figure(9, 6, nrows=2, sharex=True, gridspec_kw={"height_ratios": [1, 1]})
    width = 0.8
    top.bar(x, data["statements"], width=width, color=OKABE_ITO[0])
    for xi, n, a in zip(x, data["statements"], data["articles"]):
        top.annotate(f"{a} art.", (xi, n), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=7,
                     color="#555555")
    top.set_ylabel("Attributed statements")
    top.set_title("Volume and stance over time")
    bottom.bar(x, data["pro"], width=width, color=SEMANTIC["pro"], label="pro (expects/endorses)")
    bottom.bar(x, -data["con"], width=width, color=SEMANTIC["con"], label="con (doubts/opposes)")
    bottom.axhline(0, color="black", lw=0.8)
    bottom.set_ylabel("Relevant statements\n(pro up, con down)")
    lim = max(1, int(data[["pro", "con"]].to_numpy().max()))
    bottom.set_ylim(-lim - 0.5, lim + 0.5)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for ax in (top, bottom):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", visible=False)
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(int(v))}"))
    bottom.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    import matplotlib.dates as mdates

    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(bottom.xaxis.get_major_locator()))
    bottom.set_xlabel("Publication date")
    caption(fig, "Per day of publication; articles without a usable date are left out. Stance toward the target, "
                 "quoted sources only (rule-based coding).")
    return Chart(fig, data, name)


def top_rows(table: pd.DataFrame, top: int, by: str = "statements") -> pd.DataFrame:
    """The ``top`` rows with most ``by``, the well-attested first: used to pick speakers to chart."""
    return table.sort_values([by, table.columns[0]], ascending=[False, True], kind="stable").head(top)
