"""One builder for the suite's pattern rulers: spaCy's own ``SpanRuler``, made over one shared
blank English vocabulary (no model, no pipeline of its own)."""
from __future__ import annotations


def span_ruler(name: str, spans_key: str, patterns: list[dict], validate: bool = True):
    """A ``SpanRuler`` with ``patterns`` (``{"label": ..., "pattern": ...}``) that writes its
    matches into ``doc.spans[spans_key]``, replacing what is there; ``validate`` checks every
    pattern against spaCy's schema as it is added."""
    from spacy.pipeline import SpanRuler

    from analysis.doc_cache import blank_english

    ruler = SpanRuler(blank_english(), name=name, spans_key=spans_key, overwrite=True, validate=validate)
    if patterns:
        ruler.add_patterns(patterns)
    return ruler
