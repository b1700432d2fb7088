"""Robustness on real news: ~30 BBC articles (straight quotes, mojibake, no paragraph breaks)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import Article
from analysis.config import REPO_ROOT
from tests.conftest import require_shared
from analysis.entities import ENTITY_COLUMNS, MENTION_COLUMNS, extract_entities, grouped
from analysis.nlp import load_pipeline

#: one xdist worker runs this module (make test): its module fixtures are built once
pytestmark = pytest.mark.xdist_group("test_entities_corpus")

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "bbc-news.csv"
N_ARTICLES = 30


@pytest.fixture(scope="module")
def results():
    require_shared(CORPUS)
    df = pd.read_csv(CORPUS)
    step = max(1, len(df) // N_ARTICLES)
    sample = df.iloc[::step].head(N_ARTICLES)  # deterministic: every step-th article
    nlp = load_pipeline()
    arts = [Article.from_text(str(t), id=str(i)) for i, t in zip(sample["id"], sample["text"])]
    docs = list(nlp.pipe(a.text for a in arts))
    return [(a, d, extract_entities(a, d)) for a, d in zip(arts, docs)]


def test_corpus_sample_runs_and_offsets_hold(results):
    assert len(results) == N_ARTICLES
    total = 0
    for art, _doc, res in results:
        m = res.mentions
        assert list(m.columns) == MENTION_COLUMNS and list(res.entities.columns) == ENTITY_COLUMNS
        assert all(art.text[s:e] == t for s, e, t in zip(m["start"], m["end"], m["text"])), art.id
        assert (m["start"].iloc[1:].to_numpy() >= m["end"].iloc[:-1].to_numpy()).all(), art.id
        assert res.entities["mentions"].sum() == len(m)
        assert res.entities["entity"].is_unique
        assert (m["paragraph"] >= 1).all() and (m["sentence"] >= 1).all()
        for view in ("country", "state"):
            g = grouped(res, view)
            assert g["mentions"].sum() <= len(m)
        for name in res.entities["entity"]:
            assert res.resolve(name) == name, (art.id, name)
        total += len(m)
    assert total > 30 * 5  # news articles name things: the extractor is not silently empty


def test_corpus_recovery_only_adds_capitalised_names(results):
    for art, doc, res in results:
        rec = res.mentions[res.mentions["source"] == "matcher"]
        assert all(t[:1].isupper() or t[:1].isdigit() for t in rec["text"]), art.id
        ents = {e.start_char for e in doc.ents}
        assert not set(rec["start"]) & ents
