"""One chart style for the suite, and the export every chart goes through.

Colours are the Okabe-Ito palette (colour-blind safe). Every exported chart
is written as PNG and SVG beside a CSV of exactly the numbers plotted.
"""
from __future__ import annotations

import io
from pathlib import Path

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


def export(fig, data, outdir: str | Path, name: str) -> dict[str, Path]:
    """Write ``name.png``, ``name.svg`` and ``name.csv`` (the plotted numbers) atomically."""
    outdir = Path(outdir)
    paths = {}
    for fmt in ("png", "svg"):
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None}
        fig.savefig(buf, format=fmt, metadata=meta)
        paths[fmt] = atomic_write_bytes(outdir / f"{name}.{fmt}", buf.getvalue())
    paths["csv"] = write_csv(data, outdir / f"{name}.csv")
    return paths
