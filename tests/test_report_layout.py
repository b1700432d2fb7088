"""Reports that lead with the answer (issue 18): folding of the reference sections, the index,
the summary sentences and the development-figures snapshot, without running a notebook."""
from __future__ import annotations

import json

import pandas as pd

from analysis.evaluate import dev_figures, dev_figures_note, write_dev_snapshot
from analysis.report import fold_details, index_html
from analysis.summary import article_sentences, corpus_sentences, stance_sentence


def _page(cells: str) -> str:
    return f"<html><head></head><body><main>{cells}</main></body></html>"


def _md(text, tagged=False):
    tag = " celltag_details" if tagged else ""
    return (f'<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-RenderedMarkdown{tag}">'
            f"{text}</div></div>")


def _code(text, tagged=False):
    tag = " celltag_details" if tagged else ""
    return f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell{tag}"><div class="out">{text}</div></div>'


def test_fold_details_wraps_each_tagged_section_closed():
    page = _page(_md("<h1>Title</h1>") + _code("summary") + _code("<img src='x'>")
                 + _md("<h2>Method</h2><p>how</p>", True) + _code("method table", True)
                 + _md("<h2>Evaluation</h2>", True) + _code("scores", True))
    out = fold_details(page)
    assert out.count("<details") == 2 and "open" not in out.split("<details", 1)[1].split(">", 1)[0]
    assert out.index("summary") < out.index("<img") < out.index("<details")
    first = out.split("<details", 1)[1].split("</details>", 1)[0]
    assert "<summary>Method</summary>" in first and "how" in first and "method table" in first
    assert "scores" not in first
    assert "<h2>Method</h2>" not in out           # the heading became the summary line
    assert fold_details(_page(_code("plain"))) == _page(_code("plain"))   # nothing tagged: unchanged


def _facts(**kw):
    facts = {"statements": 24, "speakers": 8, "unresolved": 3, "unresolved_speakers": ["they", "it"],
             "most_quoted": [{"speaker": "Emily Ferris", "n": 9}, {"speaker": "Keir Giles", "n": 8}],
             "most_positive": {"speaker": "Yauheni Preiherman", "mean_polarity": 0.42, "n": 3},
             "most_negative": {"speaker": "Linas Linkevicius", "mean_polarity": -0.1, "n": 1},
             "stance": {"target": "Russian intervention", "relevant": 11, "pro": 8, "con": 3, "neutral": 0,
                        "net": 5 / 11, "narrator_relevant": 4}}
    facts.update(kw)
    return facts


def test_article_sentences_state_the_key_numbers():
    text = article_sentences(_facts())
    for part in ("**24 statements**", "**8 sources**", "3 statements by unresolved speakers", "“they”",
                 "**Emily Ferris** (n = 9)", "**Yauheni Preiherman**", "+0.42", "**Linas Linkevicius**",
                 "*Russian intervention*", "**8 pro**", "**3 con**", "net +0.45"):
        assert part in text, part
    assert 2 <= text.count(". ") + 1 <= 5


def test_no_relevant_statement_is_one_sentence():
    s = stance_sentence({"target": "Russian intervention", "relevant": 0, "pro": 0, "con": 0, "neutral": 0,
                         "net": None, "narrator_relevant": 0})
    assert s == "No attributed statement concerns the stance target, *Russian intervention*."


def test_corpus_sentences_name_outlets_dates_and_gaps():
    facts = {"articles": 84, "outlets": 3, "first_date": "2016-09-01", "last_date": "2016-11-08", "undated": 0,
             "statements": 1700, "speakers": 500, "unresolved": 60, "unresolved_speakers": ["they"],
             "most_quoted": [{"speaker": "Donald Trump", "n": 120, "articles": 40}], "target": "T",
             "relevant": 0, "stance_gap": None,
             "sentiment_gap": {"high": "pbs", "high_value": 0.08, "high_n": 400, "low": "breitbart",
                               "low_value": 0.02, "low_n": 500}}
    text = corpus_sentences(facts)
    for part in ("**84 articles**", "**3 outlets**", "2016-09-01 to 2016-11-08", "60 statements by unresolved",
                 "**Donald Trump**", "**pbs**", "**breitbart**", "No statement in the corpus concerns"):
        assert part in text, part


def test_index_lists_corpora_first_and_articles_in_one_sortable_table():
    article = {"kind": "article", "title": "A title", "id": "a1", "outlet": "NBC News", "date": "2020-08-15",
               "target": "Russian intervention", "summary": _facts(),
               "links": [{"title": "Entity frequency", "href": "a1/01_entity_frequency.html"},
                         {"title": "Sentiment by speaker", "href": "a1/02_sentiment_by_speaker.html"},
                         {"title": "Stance", "href": "a1/03_stance_russian_intervention.html"}]}
    corpus = {"kind": "corpus", "title": "Corpus: polnear", "id": "corpus/polnear", "meta": ["84 articles"],
              "links": [{"title": "Corpus overview", "href": "corpus/polnear/04_corpus_overview.html"}]}
    page = index_html([article], "en_core_web_sm", [corpus])
    assert page.index("Corpus: polnear") < page.index("A title")
    for column in ("title", "outlet", "date", "statements", "speakers", "most-quoted source", "net stance"):
        assert column in page, column
    assert "Emily Ferris (9)" in page and "NBC News" in page
    for href in ("a1/01_entity_frequency.html", "a1/02_sentiment_by_speaker.html",
                 "a1/03_stance_russian_intervention.html"):
        assert href in page
    assert "https://" not in page.split("<h1>", 1)[0].replace("https://itables.org", ""), \
        "the table library is embedded, nothing is fetched"


def test_dev_figures_come_from_the_snapshot(tmp_path):
    (tmp_path / "eval").mkdir()
    pd.DataFrame([
        {"set": "polnear/dev", "measure": "recall", "value": "9/10 (0.900)", "goal": "≥ 0.85"},
        {"set": "polnear/test", "measure": "recall", "value": "1/10 (0.100)", "goal": "≥ 0.85"},
        {"set": "stance-dev/belarus", "measure": "3-class accuracy", "value": "3/4 (0.750)", "goal": "≥ 0.75"},
    ]).to_csv(tmp_path / "eval" / "table.csv", index=False)
    snap = write_dev_snapshot(tmp_path / "eval", tmp_path / "dev_figures.json")
    data = json.loads(snap.read_text(encoding="utf-8"))
    assert len(data["commit"]) >= 7 and data["measured"]
    assert [r["set"] for r in data["rows"]] == ["polnear/dev", "stance-dev/belarus"]   # not the test split
    table = dev_figures(path=snap)
    assert table["value"].tolist() == ["9/10 (0.900)"]
    assert dev_figures(("3-class accuracy",), polnear=False, path=snap)["set"].tolist() == ["stance-dev/belarus"]
    assert "make eval" in dev_figures_note(snap)
    assert dev_figures(path=tmp_path / "absent.json").empty
    assert write_dev_snapshot(tmp_path / "nothing", tmp_path / "x.json") is None
