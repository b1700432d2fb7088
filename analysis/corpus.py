"""Corpora as CSV files: one article per row (columns ``id`` and ``text``; any
other columns become metadata). The BBC News dataset has this shape."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from analysis.articles import Article, ArticleError, _check_text, split_paragraphs

CORPUS_SUFFIXES = (".csv",)


def is_corpus_file(path: Path) -> bool:
    return path.suffix.lower() in CORPUS_SUFFIXES


def iter_corpus(path: str | Path, limit: int | None = None):
    """Yield ``(name, Article | ArticleError)`` per row; a bad row never stops the rest."""
    path = Path(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        fh = path.open(encoding="utf-8", newline="")
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        yield str(path), ArticleError(f"{path}: cannot read corpus ({exc})")
        return
    with fh:
        if "text" not in fields:
            yield str(path), ArticleError(f"{path}: corpus CSV needs a 'text' column (has: {', '.join(fields)})")
            return
        for n, row in enumerate(reader, start=1):
            if limit is not None and n > limit:
                break
            rid = (row.get("id") or str(n)).strip()
            name = f"{path.name}:{rid}"
            text = row.get("text") or ""
            try:
                _check_text(text, name)
            except ArticleError as exc:
                yield name, exc
                continue
            meta = {k: v for k, v in row.items() if k not in ("text",) and k is not None}
            meta.setdefault("corpus", path.name)
            yield name, Article(id=f"{path.stem}-{rid}", text=text, encoding="utf-8", path=path,
                                metadata=meta, paragraphs=split_paragraphs(text))


def load_corpus(path: str | Path, limit: int | None = None) -> list[Article]:
    """The good articles of a corpus CSV (bad rows skipped)."""
    return [a for _, a in iter_corpus(path, limit) if isinstance(a, Article)]
