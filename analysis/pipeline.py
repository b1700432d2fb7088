"""Run every analysis on one article and collect its tidy tables.

``analyze_article`` returns ``{file_stem: DataFrame}``; the CLI writes each as
``DIR/<article-id>/<file_stem>.csv``. Column meanings are documented in
``docs/tables.md``.
"""
from __future__ import annotations

from analysis.articles import Article


def analyze_article(article: Article, doc) -> dict:
    from analysis.entities import extract_entities

    ents = extract_entities(article, doc)
    tables = {
        "entities": ents.entities,
        "mentions": ents.mentions,
        "cooccurrence": ents.cooccurrence,
        "entity_paragraphs": ents.paragraphs,
    }
    return tables
