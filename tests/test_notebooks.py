"""Every notebook: well-formed for papermill, and executed headless into HTML reports."""
from __future__ import annotations

import json
import re

import pytest

from analysis.config import KERNEL_NAME, NOTEBOOKS_DIR
from analysis.report import CORPUS_NOTEBOOK, build_reports, notebook_paths
from tests.conftest import SEED_ID, SEED_PATH, SHARED, require_shared

NOTEBOOKS = notebook_paths()
CORPUS_NB = NOTEBOOKS_DIR / f"{CORPUS_NOTEBOOK}.ipynb"

OTHER_ARTICLE = """Protesters filled the main square in Valoria on Sunday as President Marta Ionescu refused to resign.
"We will not leave until there is a new election," said Andrei Popa, a student leader. He added that the police had been restrained so far.
Ionescu said the protests were organised from abroad. According to the Interior Ministry, 40 people were detained.
Analysts say a compromise is unlikely. "The government has run out of ideas," said Clara Voss, a researcher at the Centre for Policy Studies in Vienna.
Voss said the European Union could offer to mediate, but she warned that sanctions would hurt ordinary people."""


def test_there_are_three_numbered_notebooks():
    assert [nb.name[:3] for nb in NOTEBOOKS] == ["01_", "02_", "03_"]  # per article
    assert CORPUS_NB.exists()  # 04, once per corpus


def test_corpus_notebook_structure():
    data = json.loads(CORPUS_NB.read_text(encoding="utf-8"))
    assert data["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    code = [c for c in data["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert re.search(r"^corpus_dir\s*=", "".join(code[0]["source"]), re.M)
    assert re.search(r"^figures_dir\s*=", "".join(code[0]["source"]), re.M)
    for c in code:
        assert not c.get("outputs") and c.get("execution_count") is None
    src = "".join("".join(c["source"]) for c in code[1:])
    assert "def " not in src and "groupby(" not in src, \
        "logic lives in analysis/, the notebook only calls it"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_structure(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    assert data["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    code = [c for c in data["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1 and code[0] is params[0], "first code cell is the one tagged 'parameters'"
    assert re.search(r"^article\s*=", "".join(params[0]["source"]), re.M)
    for c in code:
        assert not c.get("outputs") and c.get("execution_count") is None, "outputs are kept out of git"
    # nothing after the parameters cell names the seed article: the notebook works for any article
    rest = "".join("".join(c["source"]) for c in data["cells"] if c is not params[0])
    assert SEED_ID not in rest
    assert any(c["cell_type"] == "markdown" for c in data["cells"])


def assert_summary_first(html: str, reference=("Method",)):
    """The order a reader meets: the summary sentences, then the headline chart, then the rest;
    the method (and the other reference sections) only at the end, inside closed <details>."""
    from bs4 import BeautifulSoup

    from analysis.summary import SUMMARY_CLASS

    soup = BeautifulSoup(html, "html.parser")
    body = str(soup.body)
    summary = body.find(f'class="{SUMMARY_CLASS}"')
    chart = body.find('<img', summary)
    details = body.find("<details")
    assert summary >= 0, "a summary block"
    assert body.find("<img") == chart, "no chart before the summary"
    if chart < 0:       # nothing to chart (no statement concerns the target): the summary still leads
        assert 0 <= summary < details
    else:
        assert 0 <= summary < chart < details, "summary, then the headline chart, then the reference sections"
    folded = soup.find_all("details")
    assert folded and not any(d.has_attr("open") for d in folded), "reference sections are closed"
    titles = [d.summary.get_text() for d in folded]
    for word in reference:
        assert any(word in t for t in titles), (word, titles)
        # the word as a section heading appears nowhere outside the folded sections
        for h in soup.find_all(["h1", "h2", "h3"]):
            if word in h.get_text():
                assert h.find_parent("details") is not None, h.get_text()
    return soup


def _check_reports(out, figures, article_id, stance_charts=True):
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        page = out / article_id / f"{nb.stem}.html"
        assert page.exists(), page
        html = page.read_text(encoding="utf-8")
        assert f'href="{article_id}/{nb.stem}.html"' in index
        assert "data:image/png;base64" in html or (nb.stem.startswith("03") and not stance_charts), \
            "figures are embedded"
        assert "from analysis" not in html and "import " not in html, "code is hidden"
        assert "spaCy model" in html
        assert "Traceback" not in html
        assert_summary_first(html, ("Method",) if not nb.stem.startswith("03") else ("Method", "Codebook"))
    files = sorted(p.name for p in (figures / article_id).iterdir())
    stems = {f.rsplit(".", 1)[0] for f in files if f.endswith(".png")}
    assert len(stems) >= (3 * len(NOTEBOOKS) - 1 if stance_charts else 2 * len(NOTEBOOKS))
    for stem in stems:
        for ext in ("png", "svg", "csv"):
            assert f"{stem}.{ext}" in files, f"{stem}.{ext} missing"


@pytest.mark.slow
def test_reports_for_seed(tmp_path, capfd):
    out, figures = tmp_path / "reports", tmp_path / "figures"
    rc = build_reports([SEED_PATH], out=out, figures=figures)
    assert rc == 0
    # no kernel chatter reaches the terminal ("running over TCP without encryption", ...)
    err = capfd.readouterr().err
    assert "without encryption" not in err and "[IPKernelApp]" not in err, err
    _check_reports(out, figures, SEED_ID)
    html = (out / SEED_ID / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
    assert "Putin shows no sign" in html  # the article's title is stated


@pytest.mark.slow
def test_reports_for_another_article(tmp_path):
    art = tmp_path / "valoria.txt"
    art.write_text(OTHER_ARTICLE, encoding="utf-8")
    out, figures = tmp_path / "reports", tmp_path / "figures"
    rc = build_reports([art], out=out, figures=figures)
    assert rc == 0
    _check_reports(out, figures, "valoria", stance_charts=False)
    # nothing in it concerns the default target: one sentence, no empty stance chart
    html = (out / "valoria" / f"{NOTEBOOKS[2].stem}.html").read_text(encoding="utf-8")
    assert "No attributed statement in this article concerns" in html
    assert not list((figures / "valoria").glob("stance_*.png"))


@pytest.mark.slow
def test_report_article_with_a_target_file(tmp_path):
    """``report ARTICLE --target FILE``: the target file is used and named in the summary."""
    import json

    from analysis.cli import main
    from analysis.config import DATA_DIR

    cfg = json.loads((DATA_DIR / "stance_targets" / "kazakhstan.json").read_text(encoding="utf-8"))
    cfg["name"], cfg["label"] = "my_target", "Troops of my own target in Kazakhstan"
    target = tmp_path / "my_target.json"
    target.write_text(json.dumps(cfg), encoding="utf-8")
    out, figures = tmp_path / "reports", tmp_path / "figures"
    rc = main(["report", str(SEED_PATH), "--target", str(target), "--notebook", NOTEBOOKS[2].stem,
               "--out", str(out), "--figures", str(figures)])
    assert rc == 0
    html = (out / SEED_ID / f"{NOTEBOOKS[2].stem}.html").read_text(encoding="utf-8")
    assert "Troops of my own target in Kazakhstan" in html
    manifest = json.loads((out / SEED_ID / "report.json").read_text(encoding="utf-8"))
    assert manifest["target"] == "Troops of my own target in Kazakhstan"
    # a target that does not exist: one line, exit 2
    assert main(["report", str(SEED_PATH), "--target", str(tmp_path / "missing.json"), "--out", str(out)]) == 2


CORPUS_CHARTS = ("corpus_most_quoted", "corpus_outlet_sources", "corpus_sentiment_by_speaker",
                 "corpus_stance_by_speaker", "corpus_stance_by_outlet", "corpus_over_time", "corpus_entities_top")


def _check_corpus_report(tmp_path, name, n_articles, charts=CORPUS_CHARTS):
    out, figures = tmp_path / "reports", tmp_path / "figures"
    page = out / "corpus" / name / f"{CORPUS_NOTEBOOK}.html"
    html = page.read_text(encoding="utf-8")
    assert "Traceback" not in html
    executed = json.loads((out / "corpus" / name / "executed" / f"{CORPUS_NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, "no error cells"
    assert "data:image/png;base64" in html and "import " not in html
    assert f"{n_articles} articles" in html
    assert_summary_first(html)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="corpus/{name}/{CORPUS_NOTEBOOK}.html"' in index
    for stem in charts:
        for ext in ("png", "svg", "csv"):
            assert (figures / "corpus" / name / f"{stem}.{ext}").stat().st_size > 0, f"{stem}.{ext}"
    return html


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.slow
def test_corpus_report_stance_dev(tmp_path):
    import csv

    import pandas as pd

    from analysis.cli import main

    root = SHARED / "corpora" / "stance-dev"
    require_shared(root / "sources.csv")
    meta = {r["file"]: r for r in csv.DictReader(open(root / "sources.csv", encoding="utf-8"))}
    rows = []
    for f in sorted((root / "texts" / "belarus").glob("*.txt")):
        m = meta[f"belarus/{f.name}"]
        rows.append({"id": f.stem, "text": f.read_text(encoding="utf-8"), "title": m["title"],
                     "outlet": m["outlet"], "date": m["date"], "url": m["url"]})
    corpus = _jsonl(tmp_path / "belarus.jsonl", rows)
    rc = main(["report", "--corpus", "belarus", str(corpus), "--out", str(tmp_path / "reports"),
               "--figures", str(tmp_path / "figures"), "--tables", str(tmp_path / "tables")])
    assert rc == 0
    html = _check_corpus_report(tmp_path, "belarus", len(rows))
    assert "Vladimir Putin" in html and ("n&lt;5" in html or "n<5" in html)
    # the corpus tables agree with the per-article tables they pool
    tables = tmp_path / "tables"
    per_article = sum(len(pd.read_csv(d / "statements.csv")) for d in tables.iterdir()
                      if (d / "run.json").exists())
    speakers = pd.read_csv(tables / "corpus" / "speakers.csv")
    assert speakers["statements"].sum() == per_article
    outlets = pd.read_csv(tables / "corpus" / "articles.csv")["outlet"]
    assert sorted(outlets) == sorted(r["outlet"] for r in rows)
    # every outlet here has a single article: each shows up as too few to rank somewhere
    plotted = pd.read_csv(tmp_path / "figures" / "corpus" / "belarus" / "corpus_stance_by_outlet.csv")
    assert plotted["few_statements"].any()
    assert (plotted.loc[plotted["few_statements"], "relevant"] < 5).all()


@pytest.mark.slow
def test_corpus_report_polnear_dev(tmp_path):
    import pandas as pd

    from analysis.cli import main

    root = SHARED / "corpora" / "polnear"
    require_shared(root / "metadata.tsv")
    meta = pd.read_csv(root / "metadata.tsv", sep="\t", dtype=str).set_index("filename")
    rows = []
    for f in sorted((root / "dev" / "text").glob("*.txt"))[::4][:20]:
        m = meta.loc[f.stem]
        rows.append({"id": f.stem, "text": f.read_text(encoding="utf-8"), "title": m["title"],
                     "outlet": m["publisher"], "date": m["publication_date"]})
    corpus = _jsonl(tmp_path / "polnear_dev.jsonl", rows)
    # a target (a JSON file) that this US election corpus never mentions
    from analysis.config import DATA_DIR

    cfg = json.loads((DATA_DIR / "stance_targets" / "kazakhstan.json").read_text(encoding="utf-8"))
    cfg.update(name="valoria_moon", label="Valorian annexation of the Moon", actors=["Valoria", "Valorians"],
               actions=["annex", "annexation"], question="Will, or should, Valoria annex the Moon?")
    target = tmp_path / "valoria_moon.json"
    target.write_text(json.dumps(cfg), encoding="utf-8")
    rc = main(["report", "--corpus", "polnear-dev", str(corpus), "--out", str(tmp_path / "reports"),
               "--figures", str(tmp_path / "figures"), "--tables", str(tmp_path / "tables"),
               "--target", str(target)])
    assert rc == 0
    html = _check_corpus_report(tmp_path, "polnear-dev", len(rows),
                                charts=[c for c in CORPUS_CHARTS if "stance" not in c])
    # nothing concerns the target: the summary names it, the stance section is one sentence, no empty charts
    label = "Valorian annexation of the Moon"
    assert pd.read_csv(tmp_path / "tables" / "corpus" / "stance_by_speaker.csv")["relevant"].sum() == 0
    assert f"No statement in the corpus concerns the stance target, <em>{label}</em>" in html
    assert not list((tmp_path / "figures" / "corpus" / "polnear-dev").glob("corpus_stance_*.png"))
    arts = pd.read_csv(tmp_path / "tables" / "corpus" / "articles.csv")
    assert set(arts["outlet"]) == {r["outlet"] for r in rows}
    assert arts["date"].notna().all()
    quoted = pd.read_csv(tmp_path / "figures" / "corpus" / "polnear-dev" / "corpus_most_quoted.csv")
    assert quoted["statements"].is_monotonic_decreasing and len(quoted) > 0
