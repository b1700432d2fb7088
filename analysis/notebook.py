"""Small helpers used at the top of every notebook."""
from __future__ import annotations

from pathlib import Path

from analysis.articles import Article, load_article
from analysis.config import FIGURES_DIR, resolve_path
from analysis.nlp import get_doc, model_label


def setup(article: str | Path, model: str | None = None, figures_dir: str | Path | None = None):
    """Load the article, its cached parse and the figure folder; show a header.

    Returns ``(article, doc, figures_dir)``.
    """
    from IPython.display import Markdown, display

    from analysis.charts import apply_style

    apply_style()
    art = load_article(article)
    doc = get_doc(art, model=model)
    out = resolve_path(figures_dir) if figures_dir else FIGURES_DIR / art.id
    display(Markdown(header(art, model)))
    return art, doc, Path(out)


def header(art: Article, model: str | None = None) -> str:
    meta = art.metadata
    bits = [f"**Article:** {art.title}"]
    for key in ("outlet", "date"):
        if meta.get(key):
            bits.append(f"**{key.capitalize()}:** {meta[key]}")
    bits.append(f"**Id:** `{art.id}` · {len(art.paragraphs)} paragraphs · {len(art.text):,} characters")
    bits.append(f"**spaCy model:** {model_label(model)}")
    if meta.get("note"):
        bits.append(f"*{meta['note']}*")
    if art.mojibake:
        bits.append("*Warning: the text shows mojibake (ftfy); it is analysed as read.*")
    return "  \n".join(bits)
