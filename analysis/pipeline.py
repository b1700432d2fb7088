"""Run every analysis on one article and collect its tidy tables.

``analyze_article`` returns ``{file_stem: DataFrame}``; the CLI writes each as
``DIR/<article-id>/<file_stem>.csv``. Column meanings are documented in
``docs/tables.md``.

Order matters: statements use the entity table to canonicalise speakers,
sentiment scores the statements' content, and stance codes the scored
statements and the narrator sentences.
"""
from __future__ import annotations

from analysis.articles import Article


def analyze_article(article: Article, doc, target: str | None = None, sentiment_worker=None) -> dict:
    """All tables for one article. ``sentiment_worker``: an optional
    :class:`analysis.sentiment.TextBlobWorker` that scores in a second process."""
    from analysis.entities import extract_entities
    from analysis.sentiment import score_statements, speaker_summary
    from analysis.stance import code_stance
    from analysis.statements import extract_statements

    ents = extract_entities(article, doc)
    st = extract_statements(article, doc, ents)
    statements = score_statements(st.statements, article, worker=sentiment_worker)
    narrator = score_statements(st.narrator, article, worker=sentiment_worker)
    stance = code_stance(statements, narrator, doc, target=target)
    return {
        "entities": ents.entities,
        "mentions": ents.mentions,
        "cooccurrence": ents.cooccurrence,
        "entity_paragraphs": ents.paragraphs,
        "statements": stance.statements,
        "narrator": stance.narrator,
        "speakers": speaker_summary(statements),
        "stance_by_speaker": stance.by_speaker,
    }
