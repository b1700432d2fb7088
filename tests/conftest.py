"""Shared fixtures. The seed is parsed once per session (and cached on disk)."""
from __future__ import annotations

import pytest

from analysis.config import REPO_ROOT

SEED_ID = "nbc_2020-08_belarus_putin"
SEED_PATH = REPO_ROOT / "seeds" / f"{SEED_ID}.txt"
SHARED = REPO_ROOT.parent / "shared"
BBC_CSV = SHARED / "corpora" / "bbc-news.csv"


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
    """A deterministic sample of 30 BBC articles (every 70th row); skips without ../shared."""
    if not BBC_CSV.exists():
        pytest.skip("../shared/corpora/bbc-news.csv is absent")
    from analysis.corpus import load_corpus

    arts = load_corpus(BBC_CSV)
    return arts[::70][:30]
