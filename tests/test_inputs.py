"""Articles as users have them: web pages, JSON Lines, other languages, awkward bytes,
and outputs others can read. The web page and the odd files are built here."""
from __future__ import annotations

import html as H
import json
import os
import stat

import pytest

from analysis.articles import Article, ArticleError, article_from_html, load_article
from analysis.nlp import get_doc
from analysis.pipeline import analyze_article
from tests.test_cli import run_cli

FURNITURE = ["We use cookies", "Home", "Politics", "Related stories", "Opposition leader flees",
             "All rights reserved", "Privacy policy", "tracking", "color: black"]


def news_page(paragraphs: list[str], title: str = "A headline for the story") -> str:
    body = "\n".join(f"<p>{H.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{H.escape(title)} | World News</title>
<meta property="og:title" content="{H.escape(title)}">
<meta property="og:site_name" content="World News Network">
<meta property="article:published_time" content="2020-08-17T10:00:00Z">
<script>var tracking = {{"id": 123}};</script><style>body {{ color: black; }}</style></head>
<body><div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
<main><article><h1>{H.escape(title)}</h1>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Opposition leader flees abroad</a></li></ul></aside>
</main><footer><p>© 2020 World News Network. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def seed_page(seed_article, tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    path = folder / "seed_page.html"
    path.write_text(news_page([p.text for p in seed_article.paragraphs], seed_article.title), encoding="utf-8")
    return path


def test_web_page_keeps_every_paragraph_and_no_furniture(seed_page, seed_article):
    art = load_article(seed_page)
    texts = [p.text for p in art.paragraphs]
    assert texts[0] == seed_article.title                    # the headline opens the text
    assert texts[1:] == [p.text for p in seed_article.paragraphs]   # all 25, in order
    for word in FURNITURE:
        assert word not in art.text, word
    assert art.metadata["title"] == seed_article.title
    assert art.metadata["date"] == "2020-08-17"
    assert art.metadata["outlet"] == "World News Network"


def test_web_page_gives_the_seed_statements(seed_page, seed_article):
    art = load_article(seed_page)
    page = analyze_article(art, get_doc(art, cache=False))["statements"]
    seed = analyze_article(seed_article, get_doc(seed_article))["statements"]
    cols = ["speaker", "kind", "text", "cue_lemma", "stance"]
    assert page[cols].values.tolist() == seed[cols].values.tolist()
    assert list(page["paragraph"]) == [p + 1 for p in seed["paragraph"]]


def test_analyze_web_page_writes_article_text_and_metadata(seed_page, tmp_path):
    res = run_cli("analyze", seed_page, "--out", tmp_path)
    assert res.returncode == 0, res.stderr
    folder = tmp_path / "seed_page"
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert info["metadata"]["title"] and info["metadata"]["date"] == "2020-08-17"
    text = (folder / "article.txt").read_bytes().decode("utf-8")
    import pandas as pd

    st = pd.read_csv(folder / "statements.csv")
    assert len(st) > 20
    for r in st.itertuples():                    # offsets index article.txt
        assert text[r.start:r.end] == r.text


def test_web_page_without_an_article_is_a_clear_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav>"
                    "<footer>© 2020</footer></body></html>", encoding="utf-8")
    res = run_cli("analyze", page, "--out", tmp_path / "out")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"error: {page}: no article text found in the web page"]
    assert "Traceback" not in res.stderr


def test_unreachable_url_is_one_line():
    res = run_cli("analyze", "https://news.invalid/story", "--out", "/tmp/never-written")
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: https://news.invalid/story: cannot fetch")


GERMAN = ("Die Bundesregierung hat am Montag neue Maßnahmen gegen die Krise angekündigt. "
          "„Wir werden die Grenzen nicht schließen“, sagte die Ministerin in Berlin. Kritiker warfen "
          "der Regierung vor, viel zu spät gehandelt zu haben, und forderten eine Untersuchung.\n")


def test_german_article_is_analysed_and_warned(tmp_path):
    from analysis.notebook import header

    path = tmp_path / "bericht.txt"
    path.write_text(GERMAN, encoding="utf-8")
    res = run_cli("analyze", path, "--out", tmp_path / "out")
    assert res.returncode == 0
    assert "warning: bericht: the text looks German (de" in res.stderr
    info = json.loads((tmp_path / "out" / "bericht" / "run.json").read_text(encoding="utf-8"))
    assert info["language"] == "de" and info["language_confidence"] >= 0.9 and info["language_warning"]
    assert (tmp_path / "out" / "bericht" / "entities.csv").exists()
    assert "Warning: the text looks German" in header(load_article(path))


def test_english_article_is_not_warned(seed_article):
    assert seed_article.language[0] == "en" and seed_article.language_warning is None


def test_jsonl_corpus_with_metadata_and_a_broken_line(tmp_path):
    rows = [{"id": "a", "title": "First", "outlet": "Daily", "date": "2021-01-02", "url": "https://x.test/a",
             "text": "Officials said the talks had failed because nobody came."},
            "{not json",
            {"title": "no text here"},
            {"id": "b", "text": "The mayor said the bridge would reopen in May."}]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    res = run_cli("analyze", path, "--out", tmp_path / "out")
    assert res.returncode == 2                        # bad lines recorded, the rest written
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "news.jsonl:2: not valid JSON" in errors and "news.jsonl:3: no 'text' string" in errors
    info = json.loads((tmp_path / "out" / "news-a" / "run.json").read_text(encoding="utf-8"))
    assert info["metadata"]["outlet"] == "Daily" and info["metadata"]["url"] == "https://x.test/a"
    assert (tmp_path / "out" / "news-b" / "statements.csv").exists()


def test_duplicate_id_names_both_lines(tmp_path):
    path = tmp_path / "dupid.csv"
    path.write_text('id,text\n1,"Officials said the talks had failed."\n1,"Officials said it again."\n',
                    encoding="utf-8")
    res = run_cli("analyze", path, "--out", tmp_path / "out")
    assert "error: dupid.csv:3: duplicate article id 'dupid-1' (also dupid.csv:2); skipped" in res.stderr


def test_outputs_are_readable_by_others(tmp_path):
    from analysis.charts import export

    old = os.umask(0o022)
    try:
        res = run_cli("analyze", "seeds", "--out", tmp_path / "out")
        assert res.returncode == 0, res.stderr
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.bar(["a", "b"], [1, 2])
        import pandas as pd

        from analysis.charts import Chart

        export(Chart(fig, pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}), "bars"), tmp_path / "figures")
    finally:
        os.umask(old)
    paths = list((tmp_path / "out").rglob("*")) + list((tmp_path / "figures").rglob("*"))
    assert any(p.suffix == ".png" for p in paths) and any(p.name == "statements.csv" for p in paths)
    for p in paths:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o755 if p.is_dir() else 0o644), (p, oct(mode))


# --------------------------------------------------------------------------- awkward bytes
def test_nul_bytes_are_refused(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Officials said\x00 the talks failed.")
    res = run_cli("analyze", path, "--out", tmp_path / "out")
    assert res.returncode == 2 and "NUL bytes" in res.stderr and "Traceback" not in res.stderr


def test_crlf_and_bom_offsets_index_the_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffThe minister spoke on Monday.\r\n“We will not go,” said Anna Berg.\r\n".encode("utf-8"))
    art = load_article(path)
    assert art.encoding == "utf-8-sig" and len(art.paragraphs) == 2
    st = analyze_article(art, get_doc(art, cache=False))["statements"]
    assert list(st["speaker"]) == ["Anna Berg"]
    for r in st.itertuples():
        assert art.text[r.start:r.end] == r.text == "We will not go"


def test_emoji_do_not_shift_offsets():
    text = "Fans cheered 🎉🎉 all night. “We won 🏆,” said coach Maria Lopez 😀 after the match.\n"
    art = Article.from_text(text, id="emoji")
    tables = analyze_article(art, get_doc(art, cache=False))
    st = tables["statements"]
    assert list(st["speaker"]) == ["Maria Lopez"]
    for r in st.itertuples():
        assert text[r.start:r.end] == r.text
    for r in tables["mentions"].itertuples():
        assert text[r.start:r.end] == r.text


def test_thousands_of_stray_quote_marks_finish(tmp_path):
    """6,000 unbalanced quote marks: the analysis completes and pairs no quote across a
    paragraph. (Its time against bare spaCy is measured by the benchmark, not here.)"""
    marks = ['"', "“", "”", "'", "‘", "’", "«", "»"]
    words = "the minister said that we will not go there again".split()
    lines, line = [], []
    for i in range(6000):
        line += [words[i % len(words)], marks[(i * 7) % len(marks)]]
        if i % 40 == 39:
            lines.append(" ".join(line) + ".")
            line = []
    path = tmp_path / "quotes.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = run_cli("analyze", path, "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    import pandas as pd

    st = pd.read_csv(tmp_path / "out" / "quotes" / "statements.csv")
    assert (st["paragraph"] >= 1).all()
    assert not st["text"].fillna("").str.contains("\n").any()


def test_html_with_nul_is_refused():
    with pytest.raises(ArticleError, match="NUL"):
        article_from_html(b"<html>\x00</html>", "x", "x.html")
