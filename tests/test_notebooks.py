"""Every notebook: well-formed for papermill, and executed headless into HTML reports."""
from __future__ import annotations

import json
import re

import pytest

from analysis.config import KERNEL_NAME
from analysis.report import build_reports, notebook_paths
from tests.conftest import SEED_ID, SEED_PATH

NOTEBOOKS = notebook_paths()

OTHER_ARTICLE = """Protesters filled the main square in Valoria on Sunday as President Marta Ionescu refused to resign.
"We will not leave until there is a new election," said Andrei Popa, a student leader. He added that the police had been restrained so far.
Ionescu said the protests were organised from abroad. According to the Interior Ministry, 40 people were detained.
Analysts say a compromise is unlikely. "The government has run out of ideas," said Clara Voss, a researcher at the Centre for Policy Studies in Vienna.
Voss said the European Union could offer to mediate, but she warned that sanctions would hurt ordinary people."""


def test_there_are_three_numbered_notebooks():
    assert [nb.name[:3] for nb in NOTEBOOKS] == ["01_", "02_", "03_"]


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


def _check_reports(out, figures, article_id):
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        page = out / article_id / f"{nb.stem}.html"
        assert page.exists(), page
        html = page.read_text(encoding="utf-8")
        assert f'href="{article_id}/{nb.stem}.html"' in index
        assert "data:image/png;base64" in html, "figures are embedded"
        assert "from analysis" not in html and "import " not in html, "code is hidden"
        assert "spaCy model" in html
        assert "Traceback" not in html
    files = sorted(p.name for p in (figures / article_id).iterdir())
    stems = {f.rsplit(".", 1)[0] for f in files}
    assert len(stems) >= 3 * len(NOTEBOOKS) - 1
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
    _check_reports(out, figures, "valoria")
