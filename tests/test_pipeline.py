"""The whole per-article pipeline, and the TextBlob worker the CLI uses."""
from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from analysis.pipeline import analyze_article
from analysis.sentiment import TextBlobWorker, score_statements

TABLES = {"entities", "mentions", "cooccurrence", "entity_paragraphs", "statements", "narrator", "speakers",
          "stance_by_speaker"}


def test_worker_scores_equal_in_process_scores():
    df = pd.DataFrame({"text": ["A terrible, unlawful decision.", "This is a good and fair plan.", "", "It isn't great."]})
    with TextBlobWorker() as worker:
        remote = score_statements(df, worker=worker)
    assert_frame_equal(remote, score_statements(df))
    assert remote.loc[0, "polarity"] < 0 < remote.loc[1, "polarity"]


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
