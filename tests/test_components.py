"""The analysis as one spaCy pipeline: components, their annotations, tables as views."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.nlp import analyse_articles, load_model, load_pipeline
from analysis.tables import article_tables

TEXT = ("Officials said the talks had failed because nobody came.\n"
        "“Russia will send troops to Minsk to restore order,” said Dmitry Peskov.\n"
        "Anna Berg said Russia must never send troops into Belarus.")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_the_pipeline_is_the_model_then_the_suites_components(nlp):
    base = load_model()
    assert nlp.pipe_names[:len(base.pipe_names)] == base.pipe_names
    assert nlp.pipe_names[len(base.pipe_names):] == ["news_entities", "statements", "statement_sentiment", "stance"]
    assert nlp.get_pipe("stance").target is None          # the default target
    assert nlp.get_pipe("parser") is base.get_pipe("parser")


def test_a_second_target_shares_the_model(nlp):
    other = load_pipeline(target="kazakhstan")
    assert other is not nlp and other.get_pipe("stance").target == "kazakhstan"
    assert other.get_pipe("tok2vec") is nlp.get_pipe("tok2vec")
    assert load_pipeline(target="kazakhstan") is other       # built once


def test_nlp_annotates_the_doc(nlp):
    doc = nlp(TEXT)
    ents = {(sp.text, sp.label_, sp._.canonical) for sp in doc.spans["entities"]}
    assert ("Dmitry Peskov", "PERSON", "Dmitry Peskov") in ents
    by_speaker = {sp._.speaker: sp for sp in doc.spans["statements"]}
    assert set(by_speaker) == {"officials", "Dmitry Peskov", "Anna Berg"}
    berg = by_speaker["Anna Berg"]
    assert berg._.relevant is True and berg._.stance == "con"
    assert by_speaker["Dmitry Peskov"]._.speaker_side == "other"
    assert by_speaker["officials"]._.relevant is False
    assert by_speaker["officials"]._.polarity < 0            # "failed"
    assert all(sp._.vader_compound is not None for sp in doc.spans["statements"])
    assert doc._.entities is not None and doc._.article.id == "doc"


def test_tables_are_views_of_the_annotated_doc(nlp):
    doc = nlp(TEXT)
    tables = article_tables(doc)
    st = tables["statements"]
    spans = list(doc.spans["statements"])
    assert st["speaker"].tolist() == [sp._.speaker for sp in spans]
    assert st["stance"].tolist() == [sp._.stance for sp in spans]
    assert st["relevance_rule"].tolist() == [sp._.relevance_rule for sp in spans]
    assert np.allclose(st["polarity"], [sp._.polarity for sp in spans])
    assert (st["start"].to_numpy() <= [sp.start_char for sp in spans]).all()
    assert set(tables["stance_by_speaker"]["speaker"]) >= {"Anna Berg", "Dmitry Peskov"}


def test_a_doc_not_run_through_the_pipeline_has_no_tables():
    doc = load_model()("Officials said the talks had failed.")
    with pytest.raises(ValueError, match="no entities"):
        article_tables(doc)


def test_analyse_articles_reads_the_parse_cache_and_times_each_stage(seed_article):
    timings: dict = {}
    (doc,) = analyse_articles([seed_article], timings=timings)
    assert doc._.article is seed_article
    assert set(timings) == {"parse", "entities", "statements", "sentiment", "stance"}
    assert len(doc.spans["statements"]) and doc.spans["statements"][0]._.stance in ("pro", "con", "neutral")


def test_a_target_made_in_memory_is_coded():
    from dataclasses import replace

    from analysis.stance import load_target

    t = replace(load_target("belarus"), path="", name="in_memory")
    doc = load_pipeline(target=t)(TEXT)
    assert [sp._.stance for sp in doc.spans["statements"] if sp._.speaker == "Anna Berg"] == ["con"]


def test_csv_bytes_writes_what_pandas_writes():
    from analysis.io import csv_bytes

    rng = np.random.default_rng(1)
    v = np.concatenate([rng.normal(size=300), rng.normal(size=50) * 1e-7, rng.normal(size=50) * 1e18,
                        [0.0, -0.0, np.nan, 1e16, 1e-5, np.inf]])
    df = pd.DataFrame({"f": v, "i": np.arange(len(v)), "b": v > 0,
                       "s": (["a,b", 'say "no"', "two\nlines", None, "", " x "] * len(v))[:len(v)],
                       "o": pd.Series(([1.5, None, "x", 2] * len(v))[:len(v)], dtype=object)})
    for frame in (df, df.head(0), df[["s"]]):
        assert csv_bytes(frame) == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    others = pd.DataFrame({"d": pd.to_datetime(["2020-08-16", None]),       # all left to pandas
                           "n": pd.array([1, None], dtype="Int64"), "b": pd.array([True, None], dtype="boolean"),
                           "f": pd.array([0.5, None], dtype="Float64"), "h": np.array([1 / 3, 2], dtype="float32"),
                           "c": pd.Categorical(["x", None]), "s": pd.array(["s", None], dtype="string")})
    assert csv_bytes(others) == others.to_csv(index=False, lineterminator="\n").encode("utf-8")


def test_an_article_with_no_statements_has_every_column(nlp):
    doc = nlp("Rain.")
    tables = article_tables(doc)
    assert len(tables["statements"]) == 0 and len(tables["narrator"]) == 0
    for name in ("statements", "narrator"):
        assert {"polarity", "vader_compound", "stance", "coded_end"} <= set(tables[name].columns)


def test_rows_write_the_bytes_pandas_writes_and_fall_back_on_mixed_columns():
    from analysis.io import csv_bytes, rows_csv_bytes
    from analysis.tables import Rows, table_bytes

    rows = [{"a": 1, "b": 0.1, "c": "x, y", "d": True, "e": None},
            {"a": 2, "b": float("nan"), "c": 'say "no"', "d": False, "e": "z"}]
    cols = ["a", "b", "c", "d", "e"]
    want = csv_bytes(pd.DataFrame(rows, columns=cols))
    assert rows_csv_bytes(cols, rows) == want
    mixed = [{"a": 1}, {"a": None}]                        # pandas writes 1.0: left to the DataFrame
    assert rows_csv_bytes(["a"], mixed) is None
    t = Rows(["a"], mixed, lambda: pd.DataFrame(mixed, columns=["a"]))
    assert table_bytes(t) == csv_bytes(t.frame()) and table_bytes(t).startswith(b"a\n1.0\n") and len(t) == 2


def test_analyze_writes_the_tables_the_dataframes_hold(nlp):
    from analysis.io import csv_bytes
    from analysis.tables import table_bytes

    doc = nlp(TEXT)
    rows, frames = article_tables(doc, frames=False), article_tables(doc)
    assert set(rows) == set(frames)
    for name in rows:
        assert table_bytes(rows[name]) == csv_bytes(frames[name]), name


def test_a_pipeline_s_target_cannot_be_changed_and_a_changed_target_gets_its_own(nlp):
    import dataclasses

    from analysis.stance import load_target

    with pytest.raises(AttributeError):
        nlp.get_pipe("stance").target = "kazakhstan"
    t = load_target("belarus")
    fewer = dataclasses.replace(t, actions=t.actions[:1])      # same file path, other actions
    a, b = load_pipeline(target=t), load_pipeline(target=fewer)
    assert a is not b and b.get_pipe("stance").target is fewer and load_pipeline(target=fewer) is b


def test_blank_and_hard_wrapped_texts_pass_through_the_pipeline(nlp):
    docs = list(nlp.pipe(["", "Officials said the talks\nhad failed.\n\nAnother paragraph follows here."]))
    assert all(len(v) == 0 for v in article_tables(docs[0]).values())
    assert [sp._.speaker for sp in docs[1].spans["statements"]] == ["officials"]
    assert [p.text for p in docs[1]._.article.paragraphs][:2] == ["Officials said the talks", "had failed."]
