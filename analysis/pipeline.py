"""Run every analysis on one article and collect its tidy tables.

``analyze_article`` returns ``{file_stem: DataFrame}``; the CLI writes each as
``DIR/<article-id>/<file_stem>.csv``. Column meanings are documented in
``docs/tables.md``.

Order matters: statements use the entity table to canonicalise speakers,
sentiment scores the statements' content, and stance codes the scored
statements and the narrator sentences.
"""
from __future__ import annotations

import time

from analysis.articles import Article

#: The stages :func:`analyze_article` times (``parse`` and ``writing`` are timed by the caller).
STAGES = ("parse", "entities", "statements", "sentiment", "stance", "writing")


def analyze_article(article: Article, doc, target: str | None = None, timings: dict | None = None) -> dict:
    """All tables for one article. ``timings``: an optional dict to which each stage's seconds are added
    (keys from :data:`STAGES`), for ``make bench``."""
    from analysis.entities import extract_entities
    from analysis.sentiment import score_statements, speaker_summary
    from analysis.stance import code_stance
    from analysis.statements import extract_statements

    clock = time.perf_counter
    t0 = clock()
    ents = extract_entities(article, doc)
    t1 = clock()
    st = extract_statements(article, doc, ents)
    t2 = clock()
    statements = score_statements(st.statements, article)
    narrator = score_statements(st.narrator, article)
    t3 = clock()
    stance = code_stance(statements, narrator, doc, target=target)
    t4 = clock()
    speakers = speaker_summary(statements)  # after stance, as it always ran
    t5 = clock()
    if timings is not None:
        for stage, secs in zip(STAGES[1:5], (t1 - t0, t2 - t1, t3 - t2 + t5 - t4, t4 - t3)):
            timings[stage] = timings.get(stage, 0.0) + secs
    return {
        "entities": ents.entities,
        "mentions": ents.mentions,
        "cooccurrence": ents.cooccurrence,
        "entity_paragraphs": ents.paragraphs,
        "statements": stance.statements,
        "narrator": stance.narrator,
        "speakers": speakers,
        "stance_by_speaker": stance.by_speaker,
    }
