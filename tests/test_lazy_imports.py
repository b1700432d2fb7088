"""The single-article path imports only what it uses (issue 17, item 3): not ``distributed``
(Dask), ``analysis.evaluate`` nor SciPy (which NLTK would import for TextBlob)."""
from __future__ import annotations

import subprocess
import sys

from analysis.config import REPO_ROOT
from tests.conftest import SEED_PATH

PROBE = """
import sys
from analysis.cli import main
rc = main(["analyze", sys.argv[1], "--out", sys.argv[2], "-q"])
print(rc, *sorted(m for m in ("distributed", "dask", "analysis.evaluate", "scipy") if m in sys.modules))
"""


def test_one_article_imports_neither_dask_nor_evaluate_nor_scipy(tmp_path):
    res = subprocess.run([sys.executable, "-c", PROBE, str(SEED_PATH), str(tmp_path / "out")], capture_output=True,
                         text=True, cwd=REPO_ROOT, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["0"], res.stdout      # analysed, and none of them imported


def test_dask_plugin_is_made_on_demand_and_pickles_by_name():
    import pickle

    import analysis.engines as engines

    plugin = engines.ModelPlugin("some_model")
    from distributed import WorkerPlugin

    assert isinstance(plugin, WorkerPlugin) and engines.ModelPlugin is type(plugin)
    back = pickle.loads(pickle.dumps(plugin))
    assert type(back) is engines.ModelPlugin and back.model == "some_model"


def test_textblob_without_scipy_scores_the_same_and_scipy_still_imports():
    code = ("import sys\nfrom analysis.sentiment import textblob_sentiment\n"
            "print(textblob_sentiment('Not a very good plan, but a brave one.')[:2], 'scipy' in sys.modules)\n"
            "from scipy import stats\nimport textblob.en.sentiments as s\n"
            "print(s.PatternAnalyzer().analyze('Not a very good plan, but a brave one.')[:2])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    ours, plain = res.stdout.splitlines()
    assert ours.endswith(" False") and ours[:-len(" False")] == plain


def test_the_uncompressed_language_model_classifies_as_the_package_does():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from analysis.articles import _language_identifier

    ref = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ours = _language_identifier()
    assert type(ours.nb_ptc.base).__name__ == "memmap"      # a plain view of the mapped file
    texts = [SEED_PATH.read_text(encoding="utf-8"), "Der Hund läuft schnell nach Hause, weil es regnet.",
             "Это короткий тест.", "", "12345", "¿Dónde está la biblioteca?"]
    assert [ours.classify(t) for t in texts] == [ref.classify(t) for t in texts]
