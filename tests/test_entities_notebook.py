"""Execute notebooks/01_entity_frequency.ipynb with papermill on a non-seed article."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import KERNEL_NAME, REPO_ROOT
from tests.conftest import require_shared

NOTEBOOK = REPO_ROOT / "notebooks" / "01_entity_frequency.ipynb"
CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "bbc-news.csv"


def test_notebook_is_committed_clean():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert "setup(article, model, figures_dir)" in "".join(code[1]["source"])
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


@pytest.mark.slow
def test_notebook_runs_on_another_article(tmp_path):
    import papermill
    require_shared(CORPUS)
    text = pd.read_csv(CORPUS, nrows=1)["text"].iloc[0]
    article = tmp_path / "bbc_first.txt"
    article.write_text(text, encoding="utf-8")
    out, figs = tmp_path / "out.ipynb", tmp_path / "figs"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), kernel_name=KERNEL_NAME, cwd=str(NOTEBOOK.parent),
        parameters={"article": str(article), "figures_dir": str(figs)}, progress_bar=False)
    for name in ("entities_top", "entities_mention_map", "entities_cooccurrence"):
        assert (figs / f"{name}.png").exists() and (figs / f"{name}.csv").exists()
    nb = json.loads(out.read_text(encoding="utf-8"))
    # the summary leads: the first code cell after the parameters says what the article names
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    summary = next("".join(o["data"]["text/html"]) for o in outputs
                   if "news-summary" in "".join(o.get("data", {}).get("text/html", "")))
    assert "The article names" in summary and "most named" in summary
