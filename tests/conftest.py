"""Shared fixtures. The seed is parsed once per session (and cached on disk).

Tests that need the data in ../shared call :func:`require_shared`: they skip only where
../shared is truly absent and ``CI`` is unset; in CI, or where ../shared is there but the
file is not, they fail with a message that says what is missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.config import REPO_ROOT

SEED_ID = "nbc_2020-08_belarus_putin"
SEED_PATH = REPO_ROOT / "seeds" / f"{SEED_ID}.txt"
SHARED = REPO_ROOT.parent / "shared"
BBC_CSV = SHARED / "corpora" / "bbc-news.csv"


def in_ci() -> bool:
    """``CI`` set to anything but empty, 0 or false (CI services set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_shared(path: Path) -> Path:
    """``path`` (under ../shared) or, when it is missing: a skip where ../shared is truly
    absent and CI is unset, else a failure saying what is missing."""
    path = Path(path)
    if path.exists():
        return path
    if in_ci():
        pytest.fail(f"{path} is missing, and CI is set: tests that need ../shared must run in CI, "
                    f"not skip (put the shared corpora at {SHARED})", pytrace=False)
    if SHARED.exists():
        pytest.fail(f"{path} is missing although {SHARED} is present: is the shared data complete?",
                    pytrace=False)
    pytest.skip(f"{SHARED} is absent (and CI is unset): needs {path}")


@pytest.fixture(scope="session")
def seed_article():
    from analysis import load_article

    return load_article(SEED_PATH)


@pytest.fixture(scope="session")
def seed_doc(seed_article):
    from analysis import get_doc

    return get_doc(seed_article)


@pytest.fixture(scope="session")
def bbc_sample():
    """A deterministic sample of 30 BBC articles (every 70th row); needs ../shared (:func:`require_shared`)."""
    require_shared(BBC_CSV)
    from analysis.corpus import load_corpus

    arts = load_corpus(BBC_CSV)
    return arts[::70][:30]
