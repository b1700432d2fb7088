"""News-article analysis suite: loading, parsing, entities, statements, stance.

Notebooks import from here; the command line is ``python -m analysis``.
"""
from analysis.articles import Article, ArticleError, Paragraph, load_article, load_articles
from analysis.config import REPO_ROOT, resolve_path
from analysis.nlp import analyse_articles, get_doc, load_pipeline, model_name

__all__ = [
    "Article",
    "ArticleError",
    "Paragraph",
    "analyse_articles",
    "REPO_ROOT",
    "get_doc",
    "load_article",
    "load_articles",
    "load_pipeline",
    "model_name",
    "resolve_path",
]
