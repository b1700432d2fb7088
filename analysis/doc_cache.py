"""Per-Doc working objects the analyses share, and the Doc's text joined once.

A module of its own, below everything else, so that parsing (``analysis.nlp``) and the
shared discourse view (``analysis.discourse``) can both use it without importing each other.
"""
from __future__ import annotations


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
