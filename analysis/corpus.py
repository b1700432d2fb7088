"""Corpora: many articles in one file, one article per CSV row or JSON Lines line.

Both carry ``text`` and optionally ``id``, ``title``, ``outlet``, ``date`` and ``url``
(:data:`METADATA_FIELDS`); any other column or key becomes metadata too. The BBC News
dataset is a CSV of this shape. A bad row or line is reported with its line number and
skipped; it never stops the rest.

:func:`iter_inputs` yields every article a list of paths names (articles, folders, addresses and
corpus files alike): what ``analyze`` and ``report --corpus`` read.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from analysis.articles import Article, ArticleError, _check_text, article_paths, check_id, load_article

CORPUS_SUFFIXES = (".csv", ".jsonl")
#: Optional per-article fields, shown in run.json and the reports.
METADATA_FIELDS = ("title", "outlet", "date", "url")


def is_corpus_file(path: str | Path) -> bool:
    return not str(path).lower().startswith(("http://", "https://")) and Path(path).suffix.lower() in CORPUS_SUFFIXES


def iter_corpus(path: str | Path, limit: int | None = None):
    """Yield ``(name, Article | ArticleError)`` per article; ``name`` is ``file:line``."""
    path = Path(path)
    rows = _jsonl_rows(path) if path.suffix.lower() == ".jsonl" else _csv_rows(path)
    n = 0
    for line, row in rows:
        name = f"{path.name}:{line}"
        if isinstance(row, ArticleError):
            yield (name if line else str(path)), row
            if not line:
                return
            continue
        n += 1
        if limit is not None and n > limit:
            break
        yield name, _article(path, name, n, row)


def _article(path: Path, name: str, n: int, row: dict) -> Article | ArticleError:
    text = row.get("text")
    if not isinstance(text, str):
        return ArticleError(f"{name}: no 'text' string")
    rid = str(row.get("id") if row.get("id") not in (None, "") else n).strip()
    try:
        _check_text(text, name)
        check_id(f"{path.stem}-{rid}", name)
    except ArticleError as exc:
        return exc
    meta = {k: v for k, v in row.items() if k not in ("text",) and k is not None and v not in (None, "")}
    meta.setdefault("corpus", path.name)
    meta.setdefault("source_line", name)
    return Article(id=f"{path.stem}-{rid}", text=text, encoding="utf-8", path=path, metadata=meta)


def _csv_rows(path: Path):
    """``(line, dict)`` per CSV record, ``line`` being the line it starts on (the header is 1)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        fh = path.open(encoding="utf-8", newline="")
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        yield 0, ArticleError(f"{path}: cannot read corpus ({exc})")
        return
    with fh:
        if "text" not in fields:
            yield 0, ArticleError(f"{path}: corpus CSV needs a 'text' column (has: {', '.join(fields)})")
            return
        start = reader.line_num + 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error) as exc:
            yield start, ArticleError(f"{path.name}:{start}: cannot read the rest of the corpus ({exc})")


def _jsonl_rows(path: Path):
    """``(line, dict | ArticleError)`` per non-blank line of a JSON Lines file."""
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as exc:
        yield 0, ArticleError(f"{path}: cannot read corpus ({exc.strerror or exc})")
        return
    with fh:
        try:
            for line, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    row = json.loads(raw)
                except ValueError as exc:
                    yield line, ArticleError(f"{path.name}:{line}: not valid JSON ({exc})")
                    continue
                if not isinstance(row, dict):
                    yield line, ArticleError(f"{path.name}:{line}: expected a JSON object with a 'text' key")
                    continue
                yield line, row
        except UnicodeDecodeError as exc:
            yield 0, ArticleError(f"{path}: not UTF-8 text ({exc.reason})")


def load_corpus(path: str | Path, limit: int | None = None) -> list[Article]:
    """The good articles of a corpus file (bad rows skipped)."""
    return [a for _, a in iter_corpus(path, limit) if isinstance(a, Article)]


def iter_inputs(paths):
    """Yield ``(name, Article | ArticleError)`` for every article the paths name."""
    for path in paths:
        try:
            files = article_paths(path)
        except ArticleError as exc:
            yield str(path), exc
            continue
        for f in files:
            if is_corpus_file(f):
                yield from iter_corpus(f)
                continue
            try:
                yield str(f), load_article(f)
            except ArticleError as exc:
                yield str(f), exc


def count_inputs(paths) -> int:
    """How many articles (and bad inputs) ``iter_inputs`` will yield, reading no article:
    the progress bar's total. Corpus files are counted by record, one at a time."""
    n = 0
    for path in paths:
        try:
            files = article_paths(path)
        except ArticleError:
            n += 1
            continue
        for f in files:
            if is_corpus_file(f):
                rows = _jsonl_rows(Path(f)) if Path(f).suffix.lower() == ".jsonl" else _csv_rows(Path(f))
                n += sum(1 for _ in rows)
            else:
                n += 1
    return n
