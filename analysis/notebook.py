"""Small helpers used at the top of every notebook."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.articles import Article, load_article
from analysis.config import FIGURES_DIR, resolve_path
from analysis.nlp import get_doc, model_label


def setup(article: str | Path, model: str | None = None, figures_dir: str | Path | None = None):
    """Load the article, its cached parse and the figure folder; show the one-line header and
    make long tables interactive (:func:`init_tables`).

    Returns ``(article, doc, figures_dir)``.
    """
    from IPython.display import Markdown, display

    from analysis.charts import apply_style

    apply_style()
    art = load_article(article)
    doc = get_doc(art, model=model)
    out = resolve_path(figures_dir) if figures_dir else FIGURES_DIR / art.id
    display(Markdown(header(art, model)))
    init_tables()
    return art, doc, Path(out)


def header(art: Article, model: str | None = None) -> str:
    """One compact line: title, outlet, date, author, link, id and size, model, warnings."""
    meta = art.metadata
    bits = [f"**{art.title}**"]
    for key in ("outlet", "date", "author"):
        if meta.get(key):
            bits.append(str(meta[key]))
    if meta.get("url"):
        bits.append(f"[source]({meta['url']})")
    bits.append(f"`{art.id}`, {len(art.paragraphs)} paragraphs, {len(art.text):,} characters")
    bits.append(f"spaCy model {model_label(model)}")
    line = " · ".join(bits)
    if art.language_warning:
        line += f" · **Warning: {art.language_warning}.**"
    if art.mojibake:
        line += " · *Warning: the text shows mojibake (ftfy); it is analysed as read.*"
    html_line = _md_inline(line)
    if meta.get("note"):      # the sidecar's note: on hover, so the header stays one line
        import html

        html_line += f' · <abbr title="{html.escape(str(meta["note"]))}" style="cursor:help">note</abbr>'
    return f'<p style="font-size:90%;color:#444;margin:0">{html_line}</p>'


def _md_inline(text: str) -> str:
    """The little Markdown the header uses (bold, italics, code, one link) as HTML, so the
    header stays one styled paragraph."""
    import html
    import re

    t = html.escape(text, quote=False)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", t)
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', t)


def section_title(title: str, subtitle: str = "") -> str:
    """The report's heading cell: ``# title`` and one short line under it."""
    return f"# {title}" + (f"\n\n{subtitle}" if subtitle else "")


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


# --------------------------------------------------------------------------- interactive tables
#: A table with more rows than this is shown interactive (sortable, searchable); shorter ones plain.
LONG_TABLE = 12


_ITABLE_STYLE = ("<style>.news-itable td.news-wrap{min-width:18em;max-width:40em;white-space:normal}"
                 ".news-itable td.news-nowrap{white-space:nowrap}</style>")


def init_tables() -> None:
    """Load itables' DataTables bundle into the notebook once, offline (``connected=False``): the
    JavaScript is embedded in the notebook and in its HTML, so sorting and search work without a
    network. Only tables shown with :func:`show_table` become interactive."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


def table_link(df: pd.DataFrame, name: str, folder: str | Path, href_base: str | None = None) -> str:
    """Write ``df`` to ``folder/name`` (CSV, atomic) and return a Markdown link to it.

    ``href_base`` is the folder as the page reaches it (a relative URL); default: the path
    relative to the notebooks folder, which is where JupyterLab opens the notebook."""
    import os

    from analysis.config import NOTEBOOKS_DIR
    from analysis.io import write_csv

    folder = Path(folder)
    write_csv(df, folder / name)
    base = href_base if href_base is not None else os.path.relpath(folder.resolve(), NOTEBOOKS_DIR)
    return f"[{name}]({base.rstrip('/')}/{name})" if base else f"[{name}]({name})"


def show_table(df: pd.DataFrame | None, *, csv: str | None = None, folder: str | Path | None = None,
               href_base: str | None = None, empty: str = "*Nothing to show.*", long: int = LONG_TABLE,
               page: int = 10, **kwargs) -> None:
    """Show a table for readers: plain (:func:`display_table`) when it has at most ``long`` rows,
    else sortable and searchable (itables, offline), ``page`` rows at a time. With ``csv`` and
    ``folder``, the rows shown (all columns) are written to ``folder/csv`` and linked under the table.
    ``kwargs`` are :func:`format_table`'s (columns, rename, formats ...)."""
    from IPython.display import HTML, Markdown, display

    if df is None or len(df) == 0:
        display(Markdown(empty))
        return
    link = table_link(df, csv, folder, href_base) if csv and folder is not None else ""
    if len(df) <= long:
        display_table(df, **kwargs)
    else:
        from itables import to_html_datatable

        frame = interactive_frame(df, **kwargs)
        text = [i for i, c in enumerate(frame.columns) if not pd.api.types.is_numeric_dtype(frame[c])]
        # long text (statement content, titles) gets room and wraps; short text stays on one line
        wide = [i for i in text if frame.iloc[:, i].astype(str).str.len().max() > _WRAP_AT]
        defs = [{"className": "dt-left news-wrap", "targets": wide}] if wide else []
        if set(text) - set(wide):
            defs.append({"className": "dt-left news-nowrap", "targets": sorted(set(text) - set(wide))})
        options = {"columnDefs": defs} if defs else {}
        html = to_html_datatable(frame, connected=False, maxBytes=0, showIndex=False, pageLength=page,
                                 lengthMenu=[10, 25, 100, -1], classes="display compact", style="width:100%",
                                 order=[], autoWidth=False, **options)
        display(HTML(f'<div class="news-table news-itable">{_ITABLE_STYLE}{html}</div>'))
    if link:
        display(Markdown(f"{len(df):,} rows · CSV: {link}"))


def interactive_frame(df: pd.DataFrame, *, columns=None, rename: dict | None = None, precision: int = 2,
                      split_pipes=(), max_chars: int | dict | None = None, pretty_headers: bool = True,
                      formats: dict | None = None, **_ignored) -> pd.DataFrame:
    """The rows of a long table as an interactive table shows them: numbers stay numbers (so
    they sort as numbers), rounded to ``precision``; booleans read yes/no; ``a|b`` lists in
    ``split_pipes`` read ``a, b``; text is cut to ``max_chars``; headers renamed as in
    :func:`format_table`. Layout options of :func:`format_table` (signed, wrap) do not apply."""
    d = df.loc[:, list(columns)] if columns is not None else df.copy()
    limits = max_chars if isinstance(max_chars, dict) else {}
    for col in d.columns:
        s = d[col]
        if formats and col in formats and callable(formats[col]):
            d[col] = s.map(formats[col])
        elif pd.api.types.is_bool_dtype(s):
            d[col] = s.map({True: "yes", False: "no"})
        elif pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            d[col] = s.round(0 if len(vals) and (vals == vals.round()).all() else precision)
        elif not pd.api.types.is_numeric_dtype(s):
            limit = limits.get(col) if isinstance(max_chars, dict) else max_chars
            d[col] = s.map(lambda x, limit=limit, sep=", " if col in split_pipes else None: _text(x, limit, sep))
    headers = {c: (rename or {}).get(c, str(c).replace("_", " ") if pretty_headers else c) for c in d.columns}
    return d.rename(columns=headers).reset_index(drop=True)
