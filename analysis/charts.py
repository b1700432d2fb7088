"""One chart style for the suite, and the export every chart goes through.

Colours are the Okabe-Ito palette (colour-blind safe). Every chart function
returns a :class:`Chart` (figure, the exact numbers plotted, a name) and is written by
:func:`export` as PNG and SVG beside a CSV of those numbers.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.io import atomic_write_bytes, write_csv

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
#: Fixed colours for meanings used across notebooks.
SEMANTIC = {
    "pro": "#0072B2",
    "con": "#D55E00",
    "neutral": "#999999",
    "positive": "#0072B2",
    "negative": "#D55E00",
    "none": "#999999",
}
#: Speakers or outlets with too few statements to rank (drawn apart, never ranked).
FEW_COLOUR = "#BBBBBB"
#: Few statements: fewer than this many are shown as too few to rank.
MIN_N = 5
#: Sequential colour map for heatmaps (perceptually uniform, colour-blind safe).
SEQUENTIAL_CMAP = "cividis"
#: Diverging colour map for signed values.
DIVERGING_CMAP = "PuOr"

_STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "news-analysis",  # deterministic SVG ids
    "svg.fonttype": "none",
}


def apply_style() -> None:
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(_STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=OKABE_ITO)


def new_figure(width: float = 8, height: float = 5, **kwargs):
    """A styled ``(fig, ax)`` pair."""
    import matplotlib.pyplot as plt

    apply_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def caption(fig, text: str) -> None:
    """A small source/method line under the chart, below every tick label.

    The axes' tight bounding boxes (rotated tick labels included) are measured
    so that the caption never overlaps them.
    """
    renderer = fig.canvas.get_renderer()
    bottom = None
    for ax in fig.axes:
        bbox = ax.get_tightbbox(renderer)
        if bbox is not None:
            y = fig.transFigure.inverted().transform((0, bbox.y0))[1]
            bottom = y if bottom is None else min(bottom, y)
    # just below the lowest tick label / axis label (not below the empty figure margin)
    pad = 8 / 72 / fig.get_figheight()  # 8 pt
    fig.text(0.01, (0.0 if bottom is None else bottom) - pad, text, ha="left", va="top", fontsize=8,
             color="#555555", wrap=True)


@dataclass
class Chart:
    """One chart: the figure, exactly the numbers it plots (a tidy DataFrame) and its file name stem.

    Every chart function in the suite returns one; :func:`export` writes it. ``paths`` is
    filled by :func:`export`. A ``Chart`` unpacks as ``fig, data = chart``.
    """

    fig: object
    data: pd.DataFrame
    name: str
    paths: dict = field(default_factory=dict)

    def __iter__(self):
        return iter((self.fig, self.data))


def export(chart: Chart, outdir: str | Path) -> dict[str, Path]:
    """The one export: ``<outdir>/<chart.name>.png``, ``.svg`` and ``.csv`` (the plotted numbers), atomically.

    Returns (and records in ``chart.paths``) the three paths.
    """
    if not isinstance(chart, Chart):
        raise TypeError(f"export() takes a Chart, not {type(chart).__name__}")
    outdir = Path(outdir)
    paths = {}
    for fmt in ("png", "svg"):
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None}
        chart.fig.savefig(buf, format=fmt, metadata=meta)
        paths[fmt] = atomic_write_bytes(outdir / f"{chart.name}.{fmt}", buf.getvalue())
    paths["csv"] = write_csv(chart.data, outdir / f"{chart.name}.csv")
    chart.paths = paths
    return paths


def empty_chart(title: str, name: str, columns, text: str | None = None) -> Chart:
    """A small figure saying there is nothing to plot, with an empty table of the usual columns."""
    fig, ax = new_figure(7, 2)
    ax.set_axis_off()
    ax.text(0.5, 0.5, text or f"{title}: nothing to plot", ha="center", va="center")
    return Chart(fig, pd.DataFrame(columns=list(columns)), name)
