"""Per-Doc working objects the analyses share: the Doc's text joined once, its Article, and a
blank English pipeline.

A module of its own, below everything else, so that parsing (``analysis.nlp``), the pipeline's
components and the shared discourse view (``analysis.discourse``) can all use it without
importing each other.
"""
from __future__ import annotations

import functools


def working_cache(doc) -> dict:
    """Per-Doc objects the analyses share (sentence map, discourse, stance codings).

    They live in ``doc.user_hooks`` under one private key, not in ``doc.user_data``: they
    hold Tokens and Spans, which cannot be serialised, and ``user_data`` is what
    ``Doc.to_bytes``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=...)``
    serialise. They go with the Doc and are simply not saved with it."""
    return doc.user_hooks.setdefault("news_analysis", {})


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc: spaCy rebuilds it from every Token on each access,
    which the analyses of one article would otherwise do several times."""
    cache = working_cache(doc)
    text = cache.get("text")
    if text is None or cache.get("text_tokens") != len(doc):
        text = cache["text"] = doc.text
        cache["text_tokens"] = len(doc)
    return text


def doc_tokens(doc) -> list:
    """The Doc's Tokens as one list, made once per Doc: ``doc[i]`` and ``for t in doc`` make a
    new Token object each time, and the analyses pass over every token several times."""
    cache = working_cache(doc)
    toks = cache.get("tokens")
    if toks is None or len(toks) != len(doc):
        toks = cache["tokens"] = list(doc)
    return toks


def set_article(doc, article) -> None:
    """Attach the :class:`~analysis.articles.Article` a Doc was parsed from (its paragraphs, id
    and metadata); the pipeline's components read it through :func:`article_of`."""
    if article.analysis_text != doc_text(doc):
        raise ValueError(f"{article.id}: the article's text is not the Doc's text")
    working_cache(doc)["article"] = article


def article_of(doc):
    """The Doc's Article: the one attached by :func:`set_article`, else one made from the
    Doc's text whose paragraphs are its lines (a Doc made by ``nlp(text)`` keeps the text's
    line breaks, and each ends a sentence), with no check of the text: a blank Doc gets empty
    annotations, not an error. For the paragraphs ``analyze`` reads (blank lines, soft wraps),
    parse ``Article.analysis_text`` and attach the Article, as ``analysis.nlp.analyse_articles`` does."""
    cache = working_cache(doc)
    if cache.get("article") is None:
        from analysis.articles import Article, line_paragraphs

        text = doc_text(doc)
        cache["article"] = Article(id="doc", text=text, encoding="str", paragraphs=line_paragraphs(text))
    return cache["article"]


def entities_of(doc):
    """The :class:`analysis.entities.EntityResult` the ``news_entities`` component left, or None."""
    return working_cache(doc).get("entities")


@functools.lru_cache(maxsize=1)
def blank_english():
    """A blank English pipeline (tokenizer and vocab, no model), built once per process."""
    import spacy

    return spacy.blank("en")


def release(doc) -> None:
    """Drop the analyses' working objects from a Doc that is done with. They hold Spans and
    Tokens, which refer back to the Doc: without this, only the cyclic collector frees them."""
    doc.user_hooks.pop("news_analysis", None)
