"""Execute every notebook for every article (papermill) and render HTML (nbconvert).

Output: ``reports/<article-id>/<notebook>.html`` with code hidden and figures
embedded, and ``reports/index.html`` linking them all. Charts are exported by
the notebooks themselves into ``figures/<article-id>/``.
"""
from __future__ import annotations

import html
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from analysis.articles import ArticleError, article_paths, load_article
from analysis.config import KERNEL_NAME, NOTEBOOKS_DIR
from analysis.io import atomic_write_text


#: The notebook rendered once per corpus (``report --corpus``), not once per article.
CORPUS_NOTEBOOK = "04_corpus_overview"
#: Cell tag of the closing reference sections (method, caveats, codebook, evaluation): each run of
#: such cells that starts with a ``## heading`` becomes one closed ``<details>`` in the HTML.
DETAILS_TAG = "details"


def notebook_paths(only: list[str] | None = None) -> list[Path]:
    """The per-article notebooks (every numbered notebook but :data:`CORPUS_NOTEBOOK`)."""
    nbs = sorted(nb for nb in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb") if nb.stem != CORPUS_NOTEBOOK)
    if only:
        wanted = {Path(o).stem for o in only}
        nbs = [nb for nb in nbs if nb.stem in wanted]
        missing = wanted - {nb.stem for nb in nbs}
        if missing:
            raise ArticleError(f"no such notebook: {', '.join(sorted(missing))}")
    return nbs


def execute_notebook(nb: Path, article_path: Path | None, figures_dir: Path, model: str | None, out_ipynb: Path,
                     params: dict | None = None):
    """Run one notebook with papermill on a fresh kernel; returns the executed notebook node.

    ``params`` replaces the per-article parameters (``article``, ``figures_dir``, ``model``)."""
    import nbformat
    import papermill as pm

    if params is None:
        params = {"article": str(article_path), "figures_dir": str(figures_dir), "model": model}
    out_ipynb.parent.mkdir(parents=True, exist_ok=True)
    log = out_ipynb.with_suffix(".kernel.log")
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets, open(log, "wb") as kernel_stderr:
        pm.execute_notebook(
            str(nb), str(out_ipynb), parameters=params, kernel_name=KERNEL_NAME,
            cwd=str(NOTEBOOKS_DIR), progress_bar=False, log_output=False,
            kernel_manager_class=_ipc_kernel_manager(sockets, kernel_stderr),
        )
    return nbformat.read(out_ipynb, as_version=4)


def _ipc_kernel_manager(folder: str, stderr=None):
    """A kernel manager whose kernel talks over local IPC sockets in ``folder`` and writes its
    own log (stderr) to the open file ``stderr``.

    Over the default TCP transport every kernel prints "Kernel is running over TCP without
    encryption" on stderr; a reader takes that for a security problem. IPC sockets are files
    readable only by this user, so the warning does not arise (and it is true). The kernel's
    other chatter (e.g. a shutdown signal caught mid-message) goes to
    ``executed/<notebook>.kernel.log`` beside the executed notebook, not to the terminal;
    errors in cells are in the notebook and fail the report as before."""
    import os

    from jupyter_client.manager import KernelManager

    class IPCKernelManager(KernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(folder, "kernel"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if stderr is not None:
                kw.setdefault("stderr", stderr)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return IPCKernelManager


def render_html(node, title: str) -> str:
    """HTML for readers: code cells hidden, outputs (tables, embedded PNG charts) kept, the
    reference sections folded into closed ``<details>`` (:func:`fold_details`)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(node, resources={"metadata": {"name": title}})
    return fold_details(body)


_DETAILS_STYLE = """<style>
details.news-details{border-top:1px solid #ddd;margin:0 0 .2rem 0;padding:.3rem 0}
details.news-details>summary{cursor:pointer;font-size:1.15rem;font-weight:600;padding:.4rem 1rem;
  font-family:var(--jp-content-font-family,system-ui,-apple-system,"Segoe UI",sans-serif)}
.jp-Notebook{padding-top:0}
</style>"""


def fold_details(page: str) -> str:
    """Wrap each run of cells tagged :data:`DETAILS_TAG` in ``<details>`` (closed), the run's
    first ``h2`` as its summary; cells without the tag are left where they are."""
    from bs4 import BeautifulSoup

    if f"celltag_{DETAILS_TAG}" not in page:
        return page
    soup = BeautifulSoup(page, "html.parser")
    cells = soup.select("div.jp-Cell")
    current = None
    for cell in cells:
        tagged = f"celltag_{DETAILS_TAG}" in cell.get("class", []) or cell.select_one(f".celltag_{DETAILS_TAG}")
        if not tagged:
            current = None
            continue
        h2 = cell.find("h2") if "jp-MarkdownCell" in cell.get("class", []) else None
        if h2 is not None or current is None:
            current = soup.new_tag("details", attrs={"class": "news-details"})
            summary = soup.new_tag("summary")
            summary.string = h2.get_text(" ", strip=True).rstrip("¶").strip() if h2 is not None else "More"
            current.append(summary)
            cell.insert_before(current)
            if h2 is not None:
                h2.decompose()
        current.append(cell.extract())
    head = soup.find("head")
    if head is not None:
        head.append(BeautifulSoup(_DETAILS_STYLE, "html.parser"))
    return str(soup)


def summary_facts(node) -> dict:
    """The facts a notebook's summary cell attached to its output (:mod:`analysis.summary`)."""
    from analysis.summary import METADATA_KEY

    for cell in node.get("cells", []):
        for out in cell.get("outputs", []):
            facts = (out.get("metadata") or {}).get(METADATA_KEY)
            if facts:
                return dict(facts)
    return {}


def _title(nb: Path) -> str:
    """The notebook's own heading ("# 01 · Entity frequency: who ..." -> "Entity frequency"), else its file name."""
    try:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        src = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        m = re.match(r"#\s+(?:\d+\s*·\s*)?([^:\n]+)", src)
        if m:
            return m.group(1).strip()
    except (OSError, ValueError, KeyError, StopIteration):
        pass
    return nb.stem.split("_", 1)[1].replace("_", " ").capitalize()


def with_nav(page: str, href: str = "../index.html") -> str:
    """A link back to the index at the top of a report page."""
    nav = (f'<nav style="font-family:system-ui,sans-serif;font-size:90%;padding:.5rem 1rem">'
           f'<a href="{html.escape(href)}">← All reports</a></nav>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, page, count=1)


def resolve_target(target: str | Path | None) -> tuple[str, str]:
    """``(parameter, label)`` of a stance target given by name or JSON path: a path becomes
    absolute (the notebooks run in notebooks/); a bad target is one clear :class:`ArticleError`."""
    from analysis.stance import DEFAULT_TARGET, load_target

    if target is None:
        target = DEFAULT_TARGET
    param = str(Path(target).resolve()) if Path(str(target)).suffix == ".json" or Path(str(target)).is_file() \
        else str(target)
    try:
        return param, load_target(param).label
    except (ValueError, OSError) as exc:
        raise ArticleError(f"--target {target}: {str(exc).splitlines()[0]}") from None


def build_reports(paths, out: Path, figures: Path, model: str | None = None,
                  notebooks: list[str] | None = None, target: str | None = None) -> int:
    """Build every report; a failing article or notebook is reported and skipped.

    ``target``: the stance target (a name under analysis/data/stance_targets/ or a JSON path)
    every report's summary and notebook 03 use."""
    import os

    from analysis.nlp import model_label

    target_param, target_label = resolve_target(target)
    nbs = notebook_paths(notebooks)
    if not nbs:
        raise ArticleError(f"no notebooks found in {NOTEBOOKS_DIR}")
    files = [f for p in paths for f in article_paths(p)]
    label = model_label(model)
    failures, entries = 0, []
    for f in files:
        try:
            art = load_article(f)
        except ArticleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        links, facts = [], {}
        params = {"article": str(Path(f).resolve()), "figures_dir": str((figures / art.id).resolve()),
                  "model": model, "target": target_param,
                  "tables_href": os.path.relpath((figures / art.id).resolve(), (out / art.id).resolve())}
        for nb in nbs:
            t0 = time.perf_counter()
            try:
                node = execute_notebook(nb, f, figures / art.id, model, out / art.id / "executed" / nb.name,
                                        params=params)
                facts = facts or summary_facts(node)
                page = with_nav(render_html(node, f"{art.title} — {_title(nb)}"))
                atomic_write_text(out / art.id / f"{nb.stem}.html", page)
                links.append((nb, f"{art.id}/{nb.stem}.html", None))
                print(f"{art.id}: {nb.stem} ({time.perf_counter() - t0:.1f} s)")
            except Exception as exc:  # papermill raises PapermillExecutionError with the cell's error
                msg = str(exc).strip().splitlines()
                reason = next((m for m in reversed(msg) if m.strip()), type(exc).__name__)
                print(f"error: {art.id}: {nb.stem} failed: {reason}", file=sys.stderr)
                links.append((nb, None, reason))
                failures += 1
        entries.append((art, links))
        _write_manifest(out / art.id, {
            "kind": "article", "title": art.title, "id": art.id,
            "outlet": str(art.metadata.get("outlet") or ""), "date": str(art.metadata.get("date") or ""),
            "target": target_label, "summary": facts,
            "meta": [str(art.metadata[k]) for k in ("outlet", "date") if art.metadata.get(k)],
            "links": [{"title": _title(nb), "href": f"{art.id}/{nb.stem}.html" if href else None, "error": err}
                      for nb, href, err in links]})
    write_index(out, label)
    return 1 if failures else 0


MANIFEST = "report.json"


def _write_manifest(folder: Path, entry: dict) -> None:
    """What the index shows for one report folder (an article's, or a corpus's)."""
    atomic_write_text(folder / MANIFEST, json.dumps(entry, indent=2, sort_keys=True) + "\n")


def _manifests(out: Path) -> tuple[list[dict], list[dict]]:
    articles, corpora = [], []
    for f in sorted(out.glob(f"*/{MANIFEST}")) + sorted(out.glob(f"corpus/*/{MANIFEST}")):
        try:
            entry = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        (corpora if entry.get("kind") == "corpus" else articles).append(entry)
    return articles, corpora


def write_index(out: Path, model: str) -> Path:
    """``out/index.html`` listing every report folder under ``out`` (articles and corpora)."""
    articles, corpora = _manifests(out)
    path = atomic_write_text(out / "index.html", index_html(articles, model, corpora))
    print(f"wrote {out / 'index.html'}")
    return path


def _links_html(entry: dict, short: bool = False) -> str:
    cells = []
    for link in entry.get("links", []):
        title = html.escape(link["title"])
        if short:   # "01 Entity", "02 Sentiment", "03 Stance"
            num = re.match(r"\d+", Path(str(link.get("href") or "")).name or "")
            title = html.escape(f"{num.group(0) + ' ' if num else ''}{link['title'].split()[0]}")
        if link.get("href"):
            cells.append(f'<a href="{html.escape(link["href"])}">{title}</a>')
        else:
            cells.append(f"{title}: <em>failed ({html.escape(link.get('error') or '')})</em>")
    return " · ".join(cells)


def _corpus_html(entry: dict) -> str:
    from analysis.summary import corpus_sentences

    sub = [html.escape(m) for m in entry.get("meta", [])]
    if entry.get("target"):
        sub.append(f"stance target: {html.escape(entry['target'])}")
    facts = entry.get("summary") or {}
    text = ""
    if facts:
        try:
            text = _md_html(corpus_sentences(facts))
        except (KeyError, TypeError, ValueError):
            text = ""
    return (f"<section class='corpus'><h3>{html.escape(entry['title'])}</h3><p class='meta'>{' · '.join(sub)}</p>"
            f"{text}<p>{_links_html(entry)}</p></section>")


def _md_html(text: str) -> str:
    from analysis.summary import to_html

    return to_html(text)


def article_rows(entries):
    """One row per article report for the index: title, outlet, date, statements, speakers,
    most-quoted source, net stance on the target and the links (HTML)."""
    import pandas as pd

    rows = []
    for e in entries:
        facts = e.get("summary") or {}
        mq = (facts.get("most_quoted") or [{}])[0]
        stance = facts.get("stance") or {}
        net = stance.get("net")
        rows.append({
            "title": f'<a href="{html.escape(next((k["href"] for k in e.get("links", []) if k.get("href")), "#"))}">'
                     f'{html.escape(e["title"])}</a>',
            "outlet": e.get("outlet") or (e.get("meta") or [""])[0],
            "date": e.get("date", ""),
            "statements": facts.get("statements"), "speakers": facts.get("speakers"),
            "most-quoted source": f"{mq['speaker']} ({mq['n']})" if mq else "",
            "net stance": round(net, 2) if net is not None else None,
            "relevant": stance.get("relevant"),
            "target": e.get("target", ""),
            "reports": _links_html(e, short=True),
        })
    return pd.DataFrame(rows, columns=["title", "outlet", "date", "statements", "speakers", "most-quoted source",
                                       "net stance", "relevant", "target", "reports"])


def _itables_head() -> str:
    """The offline DataTables bundle (itables, no network), as ``init_notebook_mode`` loads it."""
    from itables import javascript as js
    from itables.options import dt_bundle
    from itables.utils import read_package_file

    init = read_package_file("html/init_datatables.html")
    init = js.replace_value(init, "import { set_or_remove_dark_class } from '" + js.UNPKG_DT_BUNDLE_URL_NO_VERSION
                            + "';", "const { set_or_remove_dark_class } = await window."
                            + js._itables_underscore_version() + ";")
    return init + js.generate_init_offline_itables_html(dt_bundle)


def index_html(entries, model: str, corpora=()) -> str:
    """The index page: the corpus reports first, then every article in one sortable table."""
    parts = []
    if corpora:
        parts.append("<h2>Corpora</h2>" + "".join(_corpus_html(e) for e in corpora))
    head = ""
    if entries:
        from itables import to_html_datatable

        table = article_rows(entries)
        targets = sorted({t for t in table["target"] if t})
        if len(targets) <= 1:
            table = table.drop(columns="target")
        head = _itables_head()
        parts.append(
            f"<h2>Articles ({len(entries)})</h2><p class='meta'>Net stance toward "
            f"{html.escape(targets[0]) if len(targets) == 1 else 'each article’s target'}: "
            "(pro − con) / relevant statements, blank when no statement concerns it. "
            "Click a column to sort; type to search.</p>"
            + to_html_datatable(table, connected=False, allow_html=True, showIndex=False, pageLength=25,
                                lengthMenu=[25, 100, -1], classes="display compact", order=[],
                                style="width:100%", autoWidth=False,
                                columnDefs=[{"className": "dt-left", "targets": [0, 1, 2, 5]},
                                            {"className": "dt-nowrap", "targets": [len(table.columns) - 1]}]))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News analysis reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:80rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}}
.meta{{color:#555}} code{{background:#f3f3f3;padding:0 .2em}} section.corpus{{margin-bottom:1rem}}
h3{{margin-bottom:.2rem}} td.dt-nowrap{{white-space:nowrap}}</style></head>
<body>{head}<h1>News analysis reports</h1>
<p class='meta'>Per article: 01 entities, 02 sentiment by speaker, 03 stance; per corpus: 04 overview.
spaCy model: <strong>{html.escape(model)}</strong>.</p>
{''.join(parts)}
</body></html>
"""


def _safe_name(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip()).strip("-.")
    if not slug:
        raise ArticleError(f"--corpus {name!r}: the name must contain letters or digits")
    return slug


def build_corpus_report(name: str, paths, out: Path, figures: Path, model: str | None = None,
                        tables: Path | None = None, target: str | None = None, *, analyze) -> int:
    """``report --corpus NAME PATH...``: analyse the paths, pool their tables, render notebook 04.

    The article tables go to ``tables`` (default ``output/corpus/NAME``) and the corpus tables to
    its ``corpus/`` folder; the report to ``out/corpus/NAME/04_corpus_overview.html``; the charts to
    ``figures/corpus/NAME/``. The corpus is listed in ``out/index.html``. Articles that cannot be
    read are reported and left out; the exit status is then 1.

    ``analyze`` runs a command line and returns its exit status: the CLI passes its own ``main``
    (this module does not import ``analysis.cli``, which imports it).
    """
    from analysis.config import REPO_ROOT
    from analysis.corpus import iter_inputs
    from analysis.corpus_tables import write_corpus_tables
    import os

    from analysis.nlp import model_label

    slug = _safe_name(name)
    target_param, target_label = resolve_target(target)
    nb = NOTEBOOKS_DIR / f"{CORPUS_NOTEBOOK}.ipynb"
    tables = Path(tables) if tables else REPO_ROOT / "output" / "corpus" / slug
    argv = ["analyze", *map(str, paths), "--out", str(tables), "-q"]
    if model:
        argv += ["--model", model]
    if target:
        argv += ["--target", target_param]
    rc = analyze(argv)       # with more than one article, analyze pools them into tables/corpus/
    corpus_dir = tables / "corpus"
    if rc == 0 and (corpus_dir / "articles.csv").is_file():
        import pandas as pd

        ids = pd.read_csv(corpus_dir / "articles.csv", dtype=str, keep_default_na=False)["article_id"].tolist()
    else:                    # one article, or some failed: pool what this run's inputs left
        ids = sorted({item.id for _, item in iter_inputs(paths) if not isinstance(item, ArticleError)})
        ids = [i for i in ids if (tables / i / "run.json").is_file()]
        if not ids:
            print(f"error: corpus {slug}: no article could be analysed", file=sys.stderr)
            return 2
        corpus_dir = write_corpus_tables(tables, ids)
    print(f"{slug}: {len(ids)} article(s); corpus tables in {corpus_dir}")
    label = model_label(model)
    dest = out / "corpus" / slug
    figs = figures / "corpus" / slug
    params = {"corpus_dir": str(Path(corpus_dir).resolve()), "figures_dir": str(figs.resolve()), "title": name,
              "target_label": target_label,
              "tables_href": os.path.relpath(figs.resolve(), dest.resolve())}
    t0 = time.perf_counter()
    link = {"title": _title(nb), "href": None, "error": None}
    facts = {}
    try:
        node = execute_notebook(nb, None, figs, model, dest / "executed" / nb.name, params=params)
        facts = summary_facts(node)
        page = with_nav(render_html(node, f"{name} — {_title(nb)}"), href="../../index.html")
        atomic_write_text(dest / f"{nb.stem}.html", page)
        link["href"] = f"corpus/{slug}/{nb.stem}.html"
        print(f"corpus {slug}: {nb.stem} ({time.perf_counter() - t0:.1f} s)")
    except Exception as exc:  # papermill raises PapermillExecutionError with the cell's error
        msg = str(exc).strip().splitlines()
        link["error"] = next((m for m in reversed(msg) if m.strip()), type(exc).__name__)
        print(f"error: corpus {slug}: {nb.stem} failed: {link['error']}", file=sys.stderr)
    outlets = {json.loads((tables / i / "run.json").read_text(encoding="utf-8")).get("metadata", {}).get("outlet")
               for i in ids}
    _write_manifest(dest, {"kind": "corpus", "title": f"Corpus: {name}", "id": f"corpus/{slug}",
                           "target": target_label, "summary": facts,
                           "meta": [f"{len(ids)} articles", f"{len({o for o in outlets if o})} outlets",
                                    f"model {label}"], "links": [link]})
    write_index(out, label)
    return 1 if (rc != 0 or link["error"]) else 0
