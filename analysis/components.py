"""The suite's spaCy components: the analysis as one pipeline.

``analysis.nlp.load_pipeline(model, target)`` returns the model's own components followed by
these four, in order (as the architecture note plans: the annotated Doc is the data model)::

    news_entities -> statements -> statement_sentiment -> stance

=======================  ===================================================================
component                writes onto the Doc
=======================  ===================================================================
``news_entities``        ``doc.spans["entities"]`` (label: the entity's voted label) with
                         ``Span._.canonical``; ``doc._.entities``, the article's entity tables
                         and the name index the speakers are resolved with
``statements``           ``doc.spans["statements"]`` and ``doc.spans["narrator"]`` with
                         ``Span._.speaker``, ``._.speaker_span``, ``._.cue``, ``._.kind`` ...
                         (:mod:`analysis.statements`)
``statement_sentiment``  ``Span._.polarity``, ``._.subjectivity``, ``._.sentiment_words``,
                         ``._.n_sentiment_words``, ``._.vader_compound`` (:mod:`analysis.sentiment`)
``stance``               ``Span._.stance``, ``._.relevant``, ``._.relevance_rule``,
                         ``._.event_status``, ``._.likelihood``, ``._.evaluation``,
                         ``._.speaker_affiliation``, ``._.speaker_side``, ``._.stance_cues``;
                         config ``{"target": name or path}`` (:mod:`analysis.stance`)
=======================  ===================================================================

The tables are views of the annotated Doc, built once when they are written
(:func:`analysis.tables.article_tables`).

A Doc made by ``nlp(text)`` or ``nlp.pipe(texts)`` is analysed as one article whose paragraphs
are the text's lines; :func:`set_article` attaches the :class:`~analysis.articles.Article` it
came from (paragraphs, id, metadata), as :func:`analysis.nlp.analyse_articles` does.

What the components write lives in the Doc's working cache (``doc.user_hooks``), not in
``doc.user_data``: these are Python objects that ``Doc.to_bytes``, ``DocBin`` and
``nlp.pipe(n_process=...)`` do not carry, so tables are read while the Doc is in memory.
"""
from __future__ import annotations

import time

from analysis.doc_cache import article_of, entities_of, set_article, working_cache

#: The suite's components, in the order they run after the model's own.
PROJECT_COMPONENTS = ("news_entities", "statements", "statement_sentiment", "stance")
#: Which ``make bench`` stage each component's time counts toward.
STAGE_OF = {"news_entities": "entities", "statements": "statements", "statement_sentiment": "sentiment",
            "stance": "stance"}
ENTITIES_KEY = "entities"


def _canonical(span):
    found = working_cache(span.doc).get("canonical")
    return found.get((span.start_char, span.end_char)) if found else None


def register_extensions() -> None:
    """``Doc._.article``, ``Doc._.entities`` and ``Span._.canonical`` (getters over the Doc's
    working cache: they hold Python objects that are not saved with the Doc)."""
    from spacy.tokens import Doc, Span

    if not Doc.has_extension("article"):
        Doc.set_extension("article", getter=article_of)
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", getter=entities_of)
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", getter=_canonical)


# ----------------------------------------------------------------------------- the components
class NewsEntities:
    """Canonical entities (:func:`analysis.entities.extract_entities`) onto the Doc."""

    def __call__(self, doc):
        from spacy.tokens import Span

        from analysis.entities import extract_entities

        result = extract_entities(article_of(doc), doc)
        cache = working_cache(doc)
        cache["entities"] = result
        m = result.mentions
        spans, canonical = [], {}
        for s, e, ent, label in zip(m["start"].tolist(), m["end"].tolist(), m["entity"].tolist(),
                                    m["label"].tolist()):
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is not None and len(sp):
                spans.append(Span(doc, sp.start, sp.end, label=str(label)))
                canonical[(sp.start_char, sp.end_char)] = ent
        cache["canonical"] = canonical
        doc.spans[ENTITIES_KEY] = spans
        return doc


class StatementSentiment:
    """TextBlob and VADER scores of every statement's content (:func:`analysis.sentiment.annotate_sentiment`)."""

    def __call__(self, doc):
        from analysis.sentiment import annotate_sentiment

        return annotate_sentiment(doc, article_of(doc))


class Stance:
    """Stance toward the configured target (:func:`analysis.stance.annotate_stance`)."""

    def __init__(self, target=None) -> None:
        self._target = target       # a name under analysis/data/stance_targets/, a path or a Target

    @property
    def target(self):
        """The configured target (read-only: pipelines are shared, one per target)."""
        return self._target

    def __call__(self, doc):
        from analysis.stance import annotate_stance

        return annotate_stance(doc, self._target, article_of(doc))


def _register_factories() -> None:
    from spacy.language import Language

    made = {
        "news_entities": (lambda nlp, name: NewsEntities(), dict(requires=["doc.ents"], assigns=["doc.spans"])),
        "statements": None,          # registered by analysis.statements
        "statement_sentiment": (lambda nlp, name: StatementSentiment(), dict(assigns=["span._.polarity"])),
        "stance": (lambda nlp, name, target: Stance(target),
                   dict(default_config={"target": None}, assigns=["span._.stance"])),
    }
    for name, spec in made.items():
        if spec is not None and name not in Language.factories:
            factory, kw = spec
            Language.factory(name, **kw)(factory)
    if "statements" not in Language.factories:
        import analysis.statements  # noqa: F401  (registers its factory)


_register_factories()
register_extensions()


# ----------------------------------------------------------------------------- running them
def target_key(target):
    """What a pipeline is built and cached for: a target's name or path as a string, a
    :class:`~analysis.stance.Target` itself (frozen: one read from a file and then changed
    with ``dataclasses.replace`` is its own key), or None for the default."""
    from pathlib import Path

    if target is None or isinstance(target, (str, Path)):
        return None if target is None else str(target)
    return target


def add_components(nlp, target=None) -> None:
    """Add the suite's components after the model's own (``target``: the stance target)."""
    for name in PROJECT_COMPONENTS:
        if name in nlp.pipe_names:
            continue
        if name == "stance":
            key = target_key(target)
            named = key if key is None or isinstance(key, str) else None
            stance = nlp.add_pipe("stance", config={"target": named})
            if named is None and key is not None:      # a Target object: the component holds it
                stance._target = key
        else:
            nlp.add_pipe(name)


def annotate(nlp, doc, article=None, timings: dict | None = None):
    """Run the suite's components of ``nlp`` over a parsed Doc (from the parse cache, say).

    ``timings``: an optional dict to which each component's seconds are added, by the stage
    names of :data:`STAGE_OF` (``make bench``)."""
    if article is not None:
        set_article(doc, article)
    clock = time.perf_counter
    for name, proc in nlp.pipeline:
        if name not in STAGE_OF:
            continue
        t0 = clock()
        doc = proc(doc)
        if timings is not None:
            stage = STAGE_OF[name]
            timings[stage] = timings.get(stage, 0.0) + clock() - t0
    return doc
