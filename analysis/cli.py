"""Command line: ``python -m analysis analyze|report|evaluate``.

Bad input never produces a traceback: each problem is one line on stderr
(``error: <what>: <why>``) and the exit status is 2. In a batch, a bad
article is recorded in ``<out>/errors.csv`` and skipped; the others are
still analysed and written.

``analyze`` stops within seconds on SIGINT (Ctrl-C) or SIGTERM: the articles finished so
far are kept (whole folders only), one line says how far it got
(``interrupted: N of M articles done; run again to resume``) and the exit status is
130 or 143 (128 + the signal). A rerun resumes.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from analysis.articles import ArticleError
from analysis.corpus import count_inputs, iter_inputs

EXIT_BAD_INPUT = 2


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def _warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def cmd_analyze(args) -> int:
    from analysis.stopping import Interrupted, stop_on_signals

    with stop_on_signals():
        try:
            return _cmd_analyze(args)
        except Interrupted as exc:
            try:
                total = count_inputs(args.paths)
            except Exception:   # the count is only for the message
                total = "?"
            print(f"interrupted: {exc.done} of {total} articles done; run again to resume", file=sys.stderr)
            if _NESTING > 1:        # analyze inside another command (report --corpus): that stops too
                exc.reported = True
                raise
            return exc.exit_code


def _cmd_analyze(args) -> int:
    from analysis.stance import load_target
    from analysis.stopping import Interrupted

    if args.jobs is not None and args.jobs < 1:
        _err(f"--jobs {args.jobs}: expected a number of processes, 1 or more")
        return EXIT_BAD_INPUT
    if args.scheduler and args.engine != "dask":
        _err("--scheduler needs --engine dask")
        return EXIT_BAD_INPUT
    try:
        target = load_target(args.target)
    except (ValueError, OSError) as exc:
        _err(str(exc).splitlines()[0])
        return EXIT_BAD_INPUT
    out = Path(args.out)
    stats = RunStats()
    errors: list = []     # (position, input, message): sorted by position, so any engine writes the same file
    try:
        counts = _analyze_all(args, out, errors, target, stats)
    except ArticleError as exc:   # the model cannot be loaded, the scheduler cannot be reached
        _err(str(exc))
        return EXIT_BAD_INPUT
    written, skipped, submitted, ids = counts
    try:
        return _finish(args, out, errors, stats, written, skipped, submitted, ids)
    except Interrupted as exc:           # while pooling: every article's folder is already written
        exc.done = written + skipped
        raise


def _finish(args, out: Path, errors: list, stats, written: int, skipped: int, submitted: int, ids: list) -> int:
    """After the articles: ``errors.csv``, the pooled corpus tables, the stats and the summary line."""
    failed = {e[1] for e in errors}      # an article that failed now: its old folder is not pooled
    if not submitted and not skipped:   # no article at all: each bad input has had its line
        if not errors:
            _err("no articles given")
        stats.write(args.stats)
        return EXIT_BAD_INPUT
    if errors:
        import pandas as pd

        from analysis.io import write_csv

        errors.sort(key=lambda e: e[0])
        write_csv(pd.DataFrame([e[1:] for e in errors], columns=["input", "error"]), out / "errors.csv")
    elif (out / "errors.csv").exists():
        (out / "errors.csv").unlink()
    ids = [i for i in ids if (out / i / "run.json").is_file() and i not in failed]
    if len(ids) > 1:
        # a corpus: pooled tables in DIR/corpus/ (docs/tables.md), rebuilt from the files on disk
        # every run (cheap next to parsing), so they never go stale
        import time

        from analysis.corpus_tables import write_corpus_tables

        t0 = time.perf_counter()
        write_corpus_tables(out, ids)
        stats.timings["corpus"] = time.perf_counter() - t0
    stats.write(args.stats)
    if not args.quiet:
        msg = f"analysed {written} article(s) into {out}"
        if skipped:
            msg += f"; skipped {skipped} already analysed (current run.json; --force redoes them)"
        if errors:
            msg += f"; {len(errors)} skipped, see {out / 'errors.csv'}"
        print(msg)
    return EXIT_BAD_INPUT if errors else 0


class RunStats:
    """What ``--stats FILE`` records (for ``make bench``): seconds by stage summed over
    every process (``corpus``: pooling the corpus tables, in this process, when there are
    any), tokens parsed, wall time and the peak RSS of every process."""

    def __init__(self) -> None:
        import time

        self.t0 = time.perf_counter()
        self.timings: dict = {}
        self.tokens = 0
        self.articles = 0
        self.rss_kb: dict = {}
        self.workers = 1

    def add(self, res) -> None:
        for k, v in res.timings.items():
            self.timings[k] = self.timings.get(k, 0.0) + v
        self.tokens += res.tokens
        self.articles += sum(o.files is not None for o in res.outcomes)
        self.rss_kb[res.pid] = max(self.rss_kb.get(res.pid, 0), res.max_rss_kb)

    def write(self, path) -> None:
        """Write :meth:`as_dict` as JSON to ``path`` (nothing when ``path`` is None)."""
        if path:
            from analysis.io import atomic_write_text

            atomic_write_text(path, json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n")

    def as_dict(self) -> dict:
        import resource
        import time

        me = os.getpid()
        rss = {"main": max(self.rss_kb.get(me, 0), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024}
        others = sorted(kb for pid, kb in self.rss_kb.items() if pid != me)
        rss.update({f"worker {i}": kb / 1024 for i, kb in enumerate(others, start=1)})
        return {"seconds": time.perf_counter() - self.t0, "articles": self.articles, "tokens": self.tokens,
                "stages": self.timings, "workers": self.workers, "peak_rss_mb": rss}


def _analyze_all(args, out: Path, errors: list, target, stats: RunStats):
    """Stream every input through an engine; returns ``(written, skipped, submitted, ids)``,
    ``ids`` being every article id taken (written, skipped as current, or failed)."""
    from analysis.engines import MIN_PARALLEL_BATCH, make_engine
    from analysis.nlp import model_label
    from analysis.stopping import Interrupted, ignore_further_signals

    label = model_label(args.model)  # raises ArticleError when no model is installed
    total = count_inputs(args.paths) if (args.progress or args.jobs != 1) else None
    jobs = args.jobs or os.cpu_count() or 1
    if total is not None:
        # never more workers than articles; by default a handful of articles runs in this
        # process, as starting workers (each loading the model) would cost more than it saves
        jobs = max(1, min(jobs, total if args.jobs else total // (2 * MIN_PARALLEL_BATCH)))
    bar = None
    if args.progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc="analysing", unit="article", file=sys.stderr)
    run = _Run(out, errors, stats, bar)
    with make_engine(args.engine, jobs, args.model, args.scheduler) as engine:
        try:
            stats.workers = engine.workers
            run.feed(engine, args, target, label, engine.batch_size(total))
            run.close_writer()              # every folder handed over is written (or its error raised)
        except Interrupted as exc:
            # stop now: keep what is finished (whole folders only), drop the rest, report how far it got
            ignore_further_signals()
            run.close_bar()
            run.close_writer(abort=True)    # the folder being written finishes; the queued ones are dropped
            for done in engine.finished():  # batches the workers had finished: written here and now
                run.take(*done)
            # what is on disk is what is done: every folder of this run's articles that is whole
            # (written now, or current from before), whatever step the signal interrupted
            exc.done = max(run.written + run.skipped, sum((out / i / "run.json").is_file() for i in run.seen))
            raise                           # leaving the with block aborts the engine: workers stopped
        finally:
            run.close_writer(abort=True)    # on any other error: no thread left writing
    run.close_bar()
    return run.written, run.skipped, run.submitted, list(run.seen)


class _Run:
    """One ``analyze`` run's inputs fed to an engine in batches, and its results written as they come."""

    def __init__(self, out: Path, errors: list, stats: RunStats, bar) -> None:
        self.out, self.errors, self.stats, self.bar = out, errors, stats, bar
        self.seen: dict = {}          # article id -> the input that gave it
        self.written = self.skipped = self.submitted = 0
        self.writer = None            # the folder-writing thread, started with the first folder
        self.stopped = False          # after an interrupt, folders are written in this thread

    def feed(self, engine, args, target, label, size: int) -> None:
        """Every input: bad ones and duplicates recorded, current ones skipped, the rest submitted."""
        from analysis.engines import is_current

        batch: list = []
        for pos, (name, item) in enumerate(iter_inputs(args.paths)):
            if isinstance(item, ArticleError):
                self.errors.append((pos, name, str(item)))
                _err(str(item))
            elif item.id in self.seen:
                msg = f"{name}: duplicate article id {item.id!r} (also {self.seen[item.id]}); skipped"
                self.errors.append((pos, name, msg))
                _err(msg)
            elif not args.force and is_current(self.out, item, label, target):
                self.seen[item.id] = name
                self.skipped += 1
            else:
                self.seen[item.id] = name
                batch.append((pos, item))
                self.submitted += 1
                if len(batch) >= size:
                    self._submit(engine, batch, target, args.model, label)
                    batch = []
                continue
            if self.bar is not None:
                self.bar.update(1)
        if batch:
            self._submit(engine, batch, target, args.model, label)
        for done in engine.drain():
            self.take(*done)

    def _submit(self, engine, batch: list, target, model, label) -> None:
        for done in engine.submit(batch, [a for _, a in batch], target, model, label):
            self.take(*done)

    def take(self, batch, res) -> None:
        """A finished batch: its articles' folders written, its failures recorded."""
        from analysis.batch import FolderWriter, write_article_files

        self.stats.add(res)
        for (pos, art), outcome in zip(batch, res.outcomes):
            if outcome.error is not None:
                self.errors.append((pos, art.id, outcome.error))
                _err(outcome.error)
                continue
            if outcome.warning:
                _warn(f"{art.id}: {outcome.warning}")
            if self.stopped:
                write_article_files(self.out, art.id, outcome.files)
                self.written += 1
                continue
            if self.writer is None:
                # in one process the analysis holds the GIL, so the thread may fall behind: a short
                # queue keeps the folders on disk in step with the run; with workers it keeps up
                self.writer = FolderWriter(self.out, limit=16 if self.stats.workers == 1 else 256)
            self.writer.put(art.id, outcome.files)      # written in order, while the next batch runs
        if self.bar is not None:
            self.bar.update(len(batch))

    def close_writer(self, abort: bool = False) -> None:
        """Wait until every folder handed over is written (``abort``: only the one in progress;
        from then on folders are written here); count them and their seconds."""
        self.stopped = self.stopped or abort
        writer = self.writer
        if writer is None:
            return
        try:
            writer.abort() if abort else writer.close()     # an interrupt here leaves it to the abort
        except BaseException:
            writer.abort()
            raise
        finally:
            if not writer.alive:
                self.writer = None
                self.written += writer.written
                self.stats.timings["writing"] = self.stats.timings.get("writing", 0.0) + writer.seconds

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


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
    polnear = Path(args.polnear) if args.polnear else ev.POLNEAR_DIR
    stance_dev = Path(args.stance_dev) if args.stance_dev else ev.STANCE_DEV_DIR
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
            # headline: the set's own (user-written) target file; beside it the project's bundled one
            jobs.append((f"stance-dev/{key}", lambda key=key: ev.evaluate_stance_dev(
                stance_dev, key, model=args.model, target_map=target_map)))
            bundled = ev.bundled_target(key)
            if bundled and key not in target_map:
                jobs.append((f"stance-dev/{key} (bundled target)", lambda key=key, b=bundled: ev.evaluate_stance_dev(
                    stance_dev, key, target_name=b, model=args.model, label="bundled target")))
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
                                       target=args.target, analyze=main)
        return build_reports(args.paths, out=Path(args.out), figures=Path(args.figures), model=args.model,
                             notebooks=args.notebook, target=args.target)
    except ArticleError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT


def cmd_target(args) -> int:
    """Check a stance target file: refused with one line if it cannot be used, else a summary and,
    for each article given, what its actors, actions and places match there."""
    from analysis.stance.target import load_target, matches, summary

    try:
        target = load_target(args.target)
    except (ValueError, OSError) as exc:
        _err(str(exc).splitlines()[0])
        return EXIT_BAD_INPUT
    info = summary(target)
    print(f"{info['name']}: {info['question']}")
    print(f"  actors {info['actors']}, actions {info['actions']}, not_actions {info['not_actions']}, "
          f"places {info['places']}, status {info['status']} - the file is valid")
    if not args.paths:
        return 0
    from analysis.nlp import get_doc

    for _, art in iter_inputs(args.paths):
        if isinstance(art, Exception):
            _err(str(art))
            continue
        found = matches(get_doc(art, model=args.model), target)
        print(f"{art.id}:")
        for label in ("ACTOR", "ACTION", "NOT_ACTION", "PLACE"):
            words = found[label]
            counts = ", ".join(f"{w} x{n}" if n > 1 else w for w, n in _counted(words))
            print(f"  {label.lower():<10} {len(words):>3}  {counts}")
    return 0


def _counted(words):
    from collections import Counter

    return sorted(Counter(w.lower() for w in words).items(), key=lambda kv: (-kv[1], kv[0]))


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
                        "(default: belarus)")
    a.add_argument("--progress", action="store_true", help="show one progress bar for the whole run (stderr)")
    a.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: every core); 1 analyses in this process")
    a.add_argument("--force", action="store_true",
                   help="redo every article (default: skip those whose OUT/<id>/run.json is current)")
    a.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (see README, Performance)")
    a.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 "
                        "(default: start a LocalCluster of --jobs workers)")
    a.add_argument("--stats", default=None, metavar="FILE",
                   help="write run statistics as JSON: seconds by stage, tokens, peak RSS per process")
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
    r.add_argument("--target", default=None,
                   help="stance target of every report, article or corpus: a name under "
                        "analysis/data/stance_targets/ or a JSON path (default: belarus)")
    r.set_defaults(func=cmd_report)
    # the defaults are resolved by cmd_evaluate: analysis.evaluate is not imported to analyse an article
    e = sub.add_parser("evaluate", help="score statements and stance against reference corpora (docs/evaluation.md)")
    e.add_argument("--polnear", default=None, help="PolNeAR folder (default: ../shared/corpora/polnear)")
    e.add_argument("--stance-dev", default=None,
                   help="folder with gold.json and texts/ (default: ../shared/corpora/stance-dev)")
    e.add_argument("--split", default="dev", help="PolNeAR split (default: dev)")
    e.add_argument("--limit", type=int, default=None, help="score only the first N PolNeAR articles")
    e.add_argument("--out", default="output/eval", help="folder for metrics.csv and errors_<set>.csv")
    e.add_argument("--model", default=None)
    e.add_argument("--target-map", action="append", default=None, metavar="KEY=TARGET",
                   help="stance target for a gold.json target key, instead of its file in gold.json, e.g. kazakhstan=kazakhstan (repeatable)")
    e.set_defaults(func=cmd_evaluate)
    t = sub.add_parser("target", help="check a stance target file, and what it matches in articles (docs/stance.md)")
    t.add_argument("target", metavar="TARGET", help="a bundled target's name or a JSON file")
    t.add_argument("paths", nargs="*", metavar="PATH", help="articles to match it on (any input analyze reads)")
    t.add_argument("--model", default=None)
    t.set_defaults(func=cmd_target)
    return p


#: How many ``main`` calls are running (``report --corpus`` calls ``main(["analyze", ...])``).
_NESTING = 0


def main(argv=None) -> int:
    global _NESTING
    args = build_parser().parse_args(argv)
    _NESTING += 1
    try:
        return args.func(args)
    except KeyboardInterrupt as exc:    # analysis.stopping.Interrupted (SIGINT/SIGTERM) included
        if _NESTING > 1:                # the outer command stops too
            raise
        if not getattr(exc, "reported", False):
            _err("interrupted")
        return getattr(exc, "exit_code", 130)
    except (OSError, ArticleError) as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    finally:
        _NESTING -= 1
