"""Model choice, paragraph-aware sentences and the DocBin cache."""
from __future__ import annotations

import pytest

from analysis import Article
from analysis import nlp as nlpmod


def test_model_env_override(monkeypatch):
    monkeypatch.setenv(nlpmod.MODEL_ENV, "some_model")
    assert nlpmod.model_name() == "some_model"
    assert nlpmod.model_name("explicit") == "explicit"


def test_default_model_follows_preference(monkeypatch):
    monkeypatch.delenv(nlpmod.MODEL_ENV, raising=False)
    name = nlpmod.model_name()
    assert name in nlpmod.MODEL_PREFERENCE
    import importlib.util

    better = nlpmod.MODEL_PREFERENCE[: nlpmod.MODEL_PREFERENCE.index(name)]
    assert all(importlib.util.find_spec(m) is None for m in better)


def test_missing_model_is_a_clear_error():
    with pytest.raises(nlpmod.ArticleError, match="cannot load spaCy model"):
        nlpmod.load_pipeline("no_such_model_xyz")


def test_sentences_never_cross_paragraphs():
    art = Article.from_text("He said no\nShe said yes.\nThird line without stop\nFourth")
    doc = nlpmod.get_doc(art, cache=False)
    for sent in doc.sents:
        assert "\n" not in sent.text.strip()


def test_docbin_cache_round_trip(tmp_path, monkeypatch, seed_article):
    monkeypatch.setattr(nlpmod, "CACHE_DIR", tmp_path)
    fresh = nlpmod.get_doc(seed_article)
    files = list(tmp_path.rglob("*.spacy"))
    assert len(files) == 1
    cached = nlpmod.get_doc(seed_article)
    assert cached.text == seed_article.text
    assert [(e.start_char, e.end_char, e.label_) for e in cached.ents] == [
        (e.start_char, e.end_char, e.label_) for e in fresh.ents
    ]
    assert [t.dep_ for t in cached] == [t.dep_ for t in fresh]
    assert [s.start for s in cached.sents] == [s.start for s in fresh.sents]
    # a corrupt cache entry is re-parsed, not fatal
    files[0].write_bytes(b"garbage")
    again = nlpmod.get_doc(seed_article)
    assert again.text == seed_article.text


def test_cache_key_depends_on_text_and_model(seed_article):
    other = Article.from_text(seed_article.text + " ", id=seed_article.id)
    a = nlpmod._cache_path(seed_article, "m1")
    assert a != nlpmod._cache_path(other, "m1")
    assert a != nlpmod._cache_path(seed_article, "m2")
