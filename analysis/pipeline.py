"""Run the whole analysis on one parsed article and collect its tidy tables.

``analyze_article`` runs the suite's spaCy components (:mod:`analysis.components`) over the
Doc and returns ``{file_stem: DataFrame}``, the views :func:`analysis.tables.article_tables`
reads off the annotated Doc; the CLI writes each as ``DIR/<article-id>/<file_stem>.csv``.
Column meanings are documented in ``docs/tables.md``.
"""
from __future__ import annotations

import time

from analysis.articles import Article

#: The stages ``make bench`` reports: ``parse`` (the model, or the DocBin cache), each of the
#: suite's components, ``writing`` (the tables read off the Doc, rendered and written) and
#: ``gc`` (the cyclic collector, once a batch).
STAGES = ("parse", "entities", "statements", "sentiment", "stance", "writing", "gc")


def analyze_article(article: Article, doc, target=None, timings: dict | None = None, frames: bool = True) -> dict:
    """All tables for one article, whose parse is ``doc``. ``timings``: an optional dict to which
    each stage's seconds are added (keys from :data:`STAGES`), for ``make bench``; ``frames``:
    DataFrames, else :class:`analysis.tables.Rows` where a table is built from rows (for writing)."""
    from analysis.components import annotate
    from analysis.nlp import components_pipeline
    from analysis.tables import article_tables

    annotate(components_pipeline(target), doc, article, timings)
    t0 = time.perf_counter()
    tables = article_tables(doc, frames=frames)
    if timings is not None:
        timings["writing"] = timings.get("writing", 0.0) + time.perf_counter() - t0
    return tables
