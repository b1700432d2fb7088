"""Robustness of statement extraction on a deterministic sample of real BBC articles."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.articles import Article
from analysis.config import REPO_ROOT
from tests.conftest import require_shared
from analysis.nlp import get_docs
from analysis.statements import extract_statements

#: one xdist worker runs this module (make test): its module fixtures are built once
pytestmark = pytest.mark.xdist_group("test_statements_corpus")

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "bbc-news.csv"
GROUP_OK = {"GROUP", "UNKNOWN"}


@pytest.fixture(scope="module")
def results():
    require_shared(CORPUS)
    df = pd.read_csv(CORPUS).sort_values("id", kind="stable")
    sample = df.iloc[::71].head(30)           # every 71st article by id: deterministic
    arts = [Article.from_text(t, id=str(i)) for i, t in zip(sample["id"], sample["text"])]
    docs = get_docs(arts)
    return [(a, extract_statements(a, d)) for a, d in zip(arts, docs)]


def test_offsets_valid(results):
    for art, res in results:
        for df in (res.statements, res.narrator):
            for row in df.itertuples():
                assert art.text[row.start:row.end] == row.text
                if row.speaker_start >= 0:
                    assert art.text[row.speaker_start:row.speaker_end] == row.speaker_mention


def test_finds_statements(results):
    total = sum(len(res.statements) for _, res in results)
    kinds = set().union(*(set(res.statements["kind"]) for _, res in results))
    assert total >= 60                       # BBC news quotes heavily (~220 rows seen)
    assert {"direct", "indirect"} <= kinds


def test_no_invented_speakers(results):
    """Every speaker is written in the article: a name (or a resolved pronoun's
    target, itself a name in the text) or a group noun phrase."""
    for art, res in results:
        text = art.text.casefold().replace("’", "'")
        for row in res.statements.itertuples():
            if row.speaker == "(unknown)":
                assert row.speaker_type == "UNKNOWN"
                continue
            assert row.speaker.casefold().replace("’", "'") in text, (art.id, row.speaker)
