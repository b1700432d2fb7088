"""The single-article path imports only what it uses (issue 17, item 3): not ``distributed``
(Dask) nor ``analysis.evaluate``."""
from __future__ import annotations

import subprocess
import sys

from analysis.config import REPO_ROOT
from tests.conftest import SEED_PATH

PROBE = """
import sys
from analysis.cli import main
rc = main(["analyze", sys.argv[1], "--out", sys.argv[2], "-q"])
print(rc, *sorted(m for m in ("distributed", "dask", "analysis.evaluate") if m in sys.modules))
"""


def test_one_article_imports_neither_dask_nor_evaluate(tmp_path):
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
