"""Command line: ``python -m analysis analyze|report|evaluate``.

Bad input never produces a traceback: each problem is one line on stderr
(``error: <what>: <why>``) and the exit status is 2. In a batch, a bad
article is recorded in ``<out>/errors.csv`` and skipped; the others are
still analysed and written.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from analysis.articles import Article, ArticleError, article_paths, load_article
from analysis.corpus import is_corpus_file, iter_corpus

EXIT_BAD_INPUT = 2
#: Articles parsed together (one ``nlp.pipe`` call) before their tables are written.
BATCH_SIZE = 64


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def _warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


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


def write_article_tables(out: Path, article: Article, tables: dict, run_info: dict) -> Path:
    """Write all of one article's tables into ``out/<id>/``, atomically as a folder."""
    from analysis.io import dir_mode, write_csv

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out, prefix=f".{article.id}.", suffix=".tmp"))
    try:
        os.chmod(tmp, dir_mode())           # mkdtemp makes 0700; publish like mkdir would
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
        # the text as analysed, so the tables' offsets travel with the text they index
        (tmp / "article.txt").write_bytes(article.text.encode("utf-8"))
        (tmp / "run.json").write_text(json.dumps(run_info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        final = out / article.id
        old = None
        if final.exists():
            old = out / f".{article.id}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def cmd_analyze(args) -> int:
    from analysis.sentiment import TextBlobWorker
    from analysis.stance import load_target

    out = Path(args.out)
    articles, errors = [], []
    seen = {}
    for name, item in iter_inputs(args.paths):
        if isinstance(item, ArticleError):
            errors.append((name, str(item)))
            _err(str(item))
        elif item.id in seen:
            msg = f"{name}: duplicate article id {item.id!r} (also {seen[item.id]}); skipped"
            errors.append((name, msg))
            _err(msg)
        else:
            seen[item.id] = name
            articles.append(item)
    if not articles:
        if not errors:
            _err("no articles given")
        return EXIT_BAD_INPUT
    try:
        target = load_target(args.target)
    except (ValueError, OSError) as exc:
        _err(str(exc).splitlines()[0])
        return EXIT_BAD_INPUT
    # TextBlob's import (~2 s) runs in a worker on the other core while spaCy loads and parses.
    with TextBlobWorker() as worker:
        written = _analyze_all(args, out, articles, errors, target, worker)
        if written is None:
            return EXIT_BAD_INPUT
    if errors:
        import pandas as pd

        from analysis.io import write_csv

        write_csv(pd.DataFrame(errors, columns=["input", "error"]), out / "errors.csv")
    elif (out / "errors.csv").exists():
        (out / "errors.csv").unlink()
    if not args.quiet:
        print(f"analysed {written} article(s) into {out}" + (f"; {len(errors)} skipped, see {out / 'errors.csv'}" if errors else ""))
    return EXIT_BAD_INPUT if errors else 0


def _analyze_all(args, out: Path, articles: list, errors: list, target, worker) -> int | None:
    """Parse and analyse every article; returns how many were written (None: model failure)."""
    from analysis.nlp import get_docs, model_label

    try:
        label = model_label(args.model)
    except ArticleError as exc:
        _err(str(exc))
        return None
    bar = None
    if args.progress and len(articles) > 1:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(articles), desc="analysing", unit="article")
    written = 0
    # Parse in batches (nlp.pipe within a batch) so that a whole corpus streams:
    # tables appear as it goes and memory holds one batch of docs at a time.
    for lo in range(0, len(articles), BATCH_SIZE):
        batch = articles[lo:lo + BATCH_SIZE]
        try:
            docs = get_docs(batch, model=args.model)
        except ArticleError as exc:
            _err(str(exc))
            return None
        written += _analyze_batch(out, batch, docs, errors, target, worker, label)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    return written


def _analyze_batch(out: Path, batch: list, docs: list, errors: list, target, worker, label: str) -> int:
    from analysis.pipeline import analyze_article

    written = 0
    for art, doc in zip(batch, docs):
        try:
            tables = analyze_article(art, doc, target=target, sentiment_worker=worker)
            info = run_info(art, tables, target, label)
        except Exception as exc:  # one article's failure must not lose the rest of a batch
            msg = f"{art.id}: analysis failed ({type(exc).__name__}: {exc})".splitlines()[0]
            errors.append((art.id, msg))
            _err(msg)
            continue
        if art.language_warning:
            _warn(f"{art.id}: {art.language_warning}")
        write_article_tables(out, art, tables, info)
        written += 1
    return written


def run_info(art: Article, tables: dict, target, label: str) -> dict:
    """What ``run.json`` records about one article's run (documented in docs/tables.md)."""
    code, confidence = art.language
    return {
        "article_id": art.id,
        "title": art.title,
        "metadata": {k: v for k, v in art.metadata.items() if isinstance(v, (str, int, float, bool))},
        "encoding": art.encoding,
        "mojibake": art.mojibake,
        "language": code,
        "language_confidence": confidence,
        "language_warning": art.language_warning,
        "layout": art.layout,
        "sha1": art.sha1,
        "model": label,
        "stance_target": target.name,
        "paragraphs": len(art.paragraphs),
        "characters": len(art.text),
        "text_file": "article.txt",
        "tables": {k: len(v) for k, v in tables.items()},
    }


def cmd_evaluate(args) -> int:
    import time

    from analysis import evaluate as ev

    target_map = {}
    for item in args.target_map or []:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            _err(f"--target-map {item!r}: expected KEY=TARGET")
            return EXIT_BAD_INPUT
        target_map[key.strip()] = value.strip()
    polnear, stance_dev = Path(args.polnear), Path(args.stance_dev)
    have_polnear = (polnear / args.split / "attributions").is_dir()
    have_stance = (stance_dev / "gold.json").is_file()
    if not have_polnear and not have_stance:
        _err(f"no reference corpora: neither {polnear} nor {stance_dev} is present")
        return EXIT_BAD_INPUT
    t0 = time.perf_counter()
    jobs, failed = [], 0
    if have_polnear:
        jobs.append((f"polnear/{args.split}", lambda: ev.evaluate_polnear(
            polnear, split=args.split, limit=args.limit, model=args.model)))
    else:
        print(f"PolNeAR absent ({polnear / args.split / 'attributions'}); skipped")
    if have_stance:
        try:
            keys = ev.stance_dev_targets(stance_dev)
        except ValueError as exc:  # json.JSONDecodeError included
            _err(f"{stance_dev / 'gold.json'}: {exc}".splitlines()[0])
            keys, failed = [], failed + 1
        for key in keys:
            jobs.append((f"stance-dev/{key}", lambda key=key: ev.evaluate_stance_dev(
                stance_dev, key, model=args.model, target_map=target_map)))
    else:
        print(f"stance-dev absent ({stance_dev / 'gold.json'}); skipped")
    results = []
    for name, job in jobs:
        try:
            results.append(job())
        except Exception as exc:  # one set's failure must not lose the others
            _err(f"{name}: evaluation failed ({type(exc).__name__}: {exc})".splitlines()[0])
            failed += 1
    if not results:
        return EXIT_BAD_INPUT
    print(ev.format_table(ev.results_table(results)))
    ev.write_results(results, args.out)
    timing = ", ".join(f"{r.name} {r.seconds:.1f} s" for r in results)
    print(f"wrote {Path(args.out) / 'metrics.csv'} and errors_<set>.csv in {time.perf_counter() - t0:.1f} s ({timing})")
    return 1 if failed else 0


def cmd_report(args) -> int:
    from analysis.report import build_corpus_report, build_reports

    try:
        if args.corpus:
            return build_corpus_report(args.corpus, args.paths, out=Path(args.out), figures=Path(args.figures),
                                       model=args.model, tables=Path(args.tables) if args.tables else None,
                                       target=args.target)
        return build_reports(args.paths, out=Path(args.out), figures=Path(args.figures), model=args.model,
                             notebooks=args.notebook)
    except ArticleError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, like every other bad input
        _err(f"{self.prog}: {message}")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    from analysis.config import FIGURES_DIR, REPORTS_DIR, SEEDS_DIR

    p = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    a = sub.add_parser("analyze", help="write tidy CSV tables for articles")
    a.add_argument("paths", nargs="+", metavar="PATH",
                   help="article (.txt, .html/.htm, or an http(s):// address), a folder of them, or a corpus "
                        "(.csv or .jsonl with a text field; see README)")
    a.add_argument("--out", required=True, help="output folder; tables go to OUT/<article-id>/")
    a.add_argument("--model", default=None, help="spaCy model name (default: best installed; env NEWS_SPACY_MODEL)")
    a.add_argument("--target", default=None,
                   help="stance target: a name under analysis/data/stance_targets/ or a JSON path "
                        "(default: russian_intervention)")
    a.add_argument("--progress", action="store_true", help="show a progress bar while parsing")
    a.add_argument("-q", "--quiet", action="store_true")
    a.set_defaults(func=cmd_analyze)
    r = sub.add_parser("report", help="execute every notebook per article (or, with --corpus, the corpus notebook) "
                                      "and render HTML reports")
    r.add_argument("paths", nargs="*", metavar="PATH", default=[str(SEEDS_DIR)],
                   help="articles (default: everything in seeds/)")
    r.add_argument("--out", default=str(REPORTS_DIR), help="report folder (default: reports/)")
    r.add_argument("--figures", default=str(FIGURES_DIR), help="figure folder (default: figures/)")
    r.add_argument("--model", default=None)
    r.add_argument("--notebook", action="append", default=None, help="run only this notebook (repeatable)")
    r.add_argument("--corpus", metavar="NAME", default=None,
                   help="one corpus report instead: analyse PATH... together, write the corpus tables and render "
                        "notebook 04 into OUT/corpus/NAME/ (listed in OUT/index.html)")
    r.add_argument("--tables", metavar="DIR", default=None,
                   help="with --corpus: folder for the article and corpus tables (default: output/corpus/NAME)")
    r.add_argument("--target", default=None, help="with --corpus: stance target (default: russian_intervention)")
    r.set_defaults(func=cmd_report)
    from analysis.evaluate import POLNEAR_DIR, STANCE_DEV_DIR

    e = sub.add_parser("evaluate", help="score statements and stance against reference corpora (docs/evaluation.md)")
    e.add_argument("--polnear", default=str(POLNEAR_DIR), help="PolNeAR folder (default: ../shared/corpora/polnear)")
    e.add_argument("--stance-dev", default=str(STANCE_DEV_DIR),
                   help="folder with gold.json and texts/ (default: ../shared/corpora/stance-dev)")
    e.add_argument("--split", default="dev", help="PolNeAR split (default: dev)")
    e.add_argument("--limit", type=int, default=None, help="score only the first N PolNeAR articles")
    e.add_argument("--out", default="output/eval", help="folder for metrics.csv and errors_<set>.csv")
    e.add_argument("--model", default=None)
    e.add_argument("--target-map", action="append", default=None, metavar="KEY=TARGET",
                   help="stance target for a gold.json target key, e.g. kazakhstan=csto_kazakhstan (repeatable)")
    e.set_defaults(func=cmd_evaluate)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except (OSError, ArticleError) as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
