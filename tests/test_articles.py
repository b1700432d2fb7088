"""Loading: text exactly as read, paragraph offsets, encodings, metadata, bad input."""
from __future__ import annotations

import hashlib

import pytest

from analysis import Article, ArticleError, load_article, load_articles
from analysis.articles import decode_bytes, split_paragraphs
from tests.conftest import SEED_ID, SEED_PATH, SHARED, require_shared


def test_seed_is_byte_identical_to_shared_copy():
    shared = require_shared(SHARED / "seeds" / "000_f84202da4a8b566b.txt")
    assert SEED_PATH.read_bytes() == shared.read_bytes()


def test_seed_loads_exactly_as_read(seed_article):
    raw = SEED_PATH.read_bytes()
    assert seed_article.id == SEED_ID
    assert seed_article.encoding == "utf-8"
    assert seed_article.text.encode("utf-8") == raw
    assert seed_article.sha1 == hashlib.sha1(raw).hexdigest()
    # one paragraph per line
    assert len(seed_article.paragraphs) == raw.count(b"\n") + 1


def test_seed_metadata_sidecar(seed_article):
    assert seed_article.metadata["outlet"] == "NBC News"
    assert seed_article.title.startswith("As Belarus protests grow")
    assert "typos" in seed_article.metadata["note"]


def test_paragraph_offsets_index_the_text(seed_article):
    text = seed_article.text
    for p in seed_article.paragraphs:
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and "\n" not in p.text
        assert seed_article.paragraph_at(p.start) == p.index
        assert seed_article.paragraph_at(p.end - 1) == p.index
    assert [p.index for p in seed_article.paragraphs] == list(range(1, len(seed_article.paragraphs) + 1))


def test_split_paragraphs_skips_blank_lines_and_keeps_offsets():
    text = "  First para.  \r\n\n\t\nSecond para.\n"
    paras = split_paragraphs(text)
    assert [p.text for p in paras] == ["First para.", "Second para."]
    assert [p.index for p in paras] == [1, 2]
    for p in paras:
        assert text[p.start:p.end] == p.text


def test_legacy_encoding_detected_and_recorded(tmp_path):
    f = tmp_path / "legacy.txt"
    f.write_bytes("Café society: the “naïve” résumé.\nSecond paragraph — here.".encode("cp1252"))
    art = load_article(f)
    assert art.encoding == "cp1252"
    assert "“naïve” résumé" in art.text
    assert art.paragraphs[1].text == "Second paragraph — here."


def test_utf8_bom_is_recorded(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfHello world.")
    art = load_article(f)
    assert art.encoding == "utf-8-sig" and art.text == "Hello world."


def test_mojibake_is_flagged_not_edited():
    art = Article.from_text("The deal cost Â£5m, the firmâ€™s boss said.", id="moji")
    assert art.mojibake
    assert "Â£" in art.text  # analysed as read
    assert not Article.from_text("The deal cost £5m, the firm’s boss said.").mojibake


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty or blank"),
        (b"  \n\t\n ", "empty or blank"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 8, "cannot decode"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ArticleError, match=reason) as info:
        load_article(f)
    assert "\n" not in str(info.value)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="is a directory"):
        load_article(tmp_path)


def test_load_folder_loads_every_article_only(tmp_path):
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A"}', encoding="utf-8")
    (tmp_path / "a.statements.csv").write_text("x\n", encoding="utf-8")
    arts = load_articles(tmp_path)
    assert [a.id for a in arts] == ["a", "b"]
    assert arts[0].title == "A" and arts[1].title == "b"


def test_bad_sidecar_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArticleError, match="not valid JSON"):
        load_article(tmp_path / "a.txt")


def test_decode_rejects_nul_even_if_utf8():
    with pytest.raises(ArticleError, match="binary"):
        decode_bytes(b"hello\x00world", "x")
