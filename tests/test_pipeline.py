"""The whole per-article pipeline."""
from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from analysis.pipeline import analyze_article

TABLES = {"entities", "mentions", "cooccurrence", "entity_paragraphs", "statements", "narrator", "speakers",
          "stance_by_speaker"}


def test_analyze_article_tables(seed_article, seed_doc):
    tables = analyze_article(seed_article, seed_doc)
    assert set(tables) == TABLES
    for name, df in tables.items():
        assert isinstance(df, pd.DataFrame) and len(df), name
    # the same statements flow through sentiment and stance: one row each, same order
    st = tables["statements"]
    assert st["statement_id"].is_unique
    assert st["start"].is_monotonic_increasing
    assert st["polarity"].between(-1, 1).all() and st["stance"].isin(["pro", "con", "neutral"]).all()


def test_analysis_is_deterministic(seed_article, seed_doc):
    a = analyze_article(seed_article, seed_doc)
    b = analyze_article(seed_article, seed_doc)
    for name in TABLES:
        assert_frame_equal(a[name], b[name])
