"""Small helpers used at the top of every notebook."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.articles import Article, load_article
from analysis.config import FIGURES_DIR, resolve_path
from analysis.nlp import get_doc, model_label


def setup(article: str | Path, model: str | None = None, figures_dir: str | Path | None = None):
    """Load the article, its cached parse and the figure folder; show a header.

    Returns ``(article, doc, figures_dir)``.
    """
    from IPython.display import Markdown, display

    from analysis.charts import apply_style

    apply_style()
    art = load_article(article)
    doc = get_doc(art, model=model)
    out = resolve_path(figures_dir) if figures_dir else FIGURES_DIR / art.id
    display(Markdown(header(art, model)))
    return art, doc, Path(out)


def header(art: Article, model: str | None = None) -> str:
    meta = art.metadata
    bits = [f"**Article:** {art.title}"]
    for key in ("outlet", "date", "author"):
        if meta.get(key):
            bits.append(f"**{key.capitalize()}:** {meta[key]}")
    if meta.get("url"):
        bits.append(f"**Source:** <{meta['url']}>")
    bits.append(f"**Id:** `{art.id}` · {len(art.paragraphs)} paragraphs · {len(art.text):,} characters")
    bits.append(f"**spaCy model:** {model_label(model)}")
    if meta.get("note"):
        bits.append(f"*{meta['note']}*")
    if art.language_warning:
        bits.append(f"**Warning: {art.language_warning}.**")
    if art.mojibake:
        bits.append("*Warning: the text shows mojibake (ftfy); it is analysed as read.*")
    return "  \n".join(bits)


# --------------------------------------------------------------------------- display helpers
#: Shown for a missing value in reader-facing tables.
NA = "–"
_WRAP_AT = 40  # a text column whose longest value is longer than this wraps; shorter ones never do


def fmt_number(x, precision: int = 3) -> str:
    """A mixed measure column: counts as integers, other values rounded; NaN as a dash."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return NA
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, (int, np.integer)) or (isinstance(x, (float, np.floating)) and float(x).is_integer()):
        return f"{int(x):,}"
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.{precision}f}"
    return str(x)


def _fmt_float(precision: int, signed: bool):
    def fmt(x):
        if x is None or pd.isna(x):
            return NA
        v = round(float(x), precision) or 0.0  # no "-0.00"
        return f"{v:+.{precision}f}" if signed else f"{v:.{precision}f}"
    return fmt


def _fmt_int(x):
    return NA if x is None or pd.isna(x) else f"{int(x)}"


def _text(x, max_chars: int | None, sep: str | None):
    if isinstance(x, (list, tuple, set)):
        x = "; ".join(str(v) for v in x)
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return ""
    s = str(x)
    if sep is not None and "|" in s:
        s = sep.join(p for p in s.split("|") if p)
    if max_chars and len(s) > max_chars:
        s = s[: max_chars - 1].rstrip() + "…"
    return s


def format_table(df: pd.DataFrame, *, columns=None, rename: dict | None = None, precision: int = 2,
                 signed=(), formats: dict | None = None, max_chars: int | dict | None = None,
                 split_pipes=(), wrap=None, index: bool = False, pretty_headers: bool = True):
    """A pandas ``Styler`` for readers: no index, rounded numbers, dashes for missing values.

    ``columns``: the columns to show (in order). ``rename``: header text per column.
    ``signed``: float columns shown with a sign (+0.25). ``formats``: column -> format string or
    callable, overriding the defaults. ``max_chars``: truncate text (one limit, or per column).
    ``split_pipes``: columns whose ``a|b`` lists are shown as ``a, b``. ``wrap``: text columns that
    wrap (default: those with values longer than 40 characters); other text stays on one line.
    Booleans read *yes* / *no*; a float column that only holds integers and gaps (an int column
    with missing values) is shown without decimals. Text is left-aligned, numbers right-aligned.
    """
    d = df.loc[:, list(columns)] if columns is not None else df.copy()
    formats = dict(formats or {})
    limits = max_chars if isinstance(max_chars, dict) else {}
    text_cols, fmt = [], {}
    for col in d.columns:
        s = d[col]
        if col in formats:
            f = formats[col]
            fmt[col] = (lambda x, f=f: NA if x is None or (not isinstance(x, str) and pd.isna(x))
                        else f.format(x)) if isinstance(f, str) else f
            if not pd.api.types.is_numeric_dtype(s):
                text_cols.append(col)
        elif pd.api.types.is_bool_dtype(s):
            d[col] = s.map({True: "yes", False: "no"})
            text_cols.append(col)
        elif pd.api.types.is_integer_dtype(s):
            fmt[col] = _fmt_int
        elif pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if s.isna().any() and len(vals) and (vals == vals.round()).all() and col not in signed:
                fmt[col] = _fmt_int
            else:
                fmt[col] = _fmt_float(precision, col in signed)
        else:
            limit = limits.get(col) if isinstance(max_chars, dict) else max_chars
            d[col] = s.map(lambda x, limit=limit, sep=", " if col in split_pipes else None:
                           fmt_number(x) if isinstance(x, (bool, np.bool_, int, float, np.number)) and not
                           (isinstance(x, float) and np.isnan(x)) else _text(x, limit, sep)).astype(object)
            text_cols.append(col)
    if wrap is None:
        wrap = [c for c in text_cols if d[c].astype(str).str.len().max() > _WRAP_AT] if len(d) else []
    headers = {c: (rename or {}).get(c, str(c).replace("_", " ") if pretty_headers else c) for c in d.columns}
    sty = d.style.format(na_rep=NA, escape="html").format(fmt, na_rep=NA, escape="html")
    if not index:
        sty = sty.hide(axis="index")
    sty = sty.format_index(lambda c: headers.get(c, c), axis=1, escape="html")
    styles = {}
    for c in d.columns:
        if c in wrap:
            props = "text-align:left;white-space:normal;min-width:14em;max-width:34em"
        elif c in text_cols:
            props = "text-align:left;white-space:nowrap"
        else:
            props = "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums"
        styles[c] = [{"selector": "", "props": props}]
    sty = sty.set_table_styles(styles, overwrite=False)
    sty = sty.set_table_styles([{"selector": "", "props": "table-layout:auto;width:auto"},
                                {"selector": "th", "props": "vertical-align:bottom"},
                                # headers may wrap when the table is tight ("relevant (reference)")
                                {"selector": "th.col_heading", "props": "white-space:normal"},
                                {"selector": "td", "props": "vertical-align:top"}], overwrite=False)
    return sty


def display_table(df: pd.DataFrame | None, *, empty: str = "*Nothing to show.*", **kwargs) -> None:
    """Display ``format_table(df, **kwargs)``, or the ``empty`` sentence when there are no rows."""
    from IPython.display import HTML, Markdown, display

    if df is None or len(df) == 0:
        display(Markdown(empty))
        return
    html = format_table(df, **kwargs).to_html()
    display(HTML(f'<div class="news-table" style="overflow-x:auto">{html}</div>'))


def exported_note(figures_dir: str | Path, names) -> str:
    """Markdown line naming the exported charts, with the folder relative to the project."""
    from analysis.config import REPO_ROOT

    folder = Path(figures_dir).resolve()
    try:
        where = f"`{folder.relative_to(REPO_ROOT)}/`"
    except ValueError:
        where = f"the figures folder (`{folder.name}/`)"
    names = sorted(names)
    listed = ", ".join(f"`{n}`" for n in names) if names else "none"
    return f"Charts exported to {where} as PNG and SVG, each with a CSV of the plotted numbers: {listed}."
