"""Benchmark ``analyze`` against bare spaCy ``nlp.pipe`` on BBC News articles (``make bench``).

Every figure in the table comes from this one invocation: for each corpus size it
runs, one after the other on the same texts,

* bare spaCy: one process that loads the model and runs ``nlp.pipe`` over the texts;
* ``analyze --jobs 1`` and ``analyze --jobs 2``, each with an empty parse cache;

and, once, one article (the seed) analysed by a whole ``analyze`` process with an empty parse
cache against a bare process that loads spaCy and parses the same text (median of five runs
each, alternating; peak RSS of each process). It ends with issue 17's goals, each measured
here: ratios to bare spaCy, the post-parse stages' share of the parse, the largest module and
function in ``analysis/`` and the import cycles.

Each is timed as a whole process (start-up and model load included, as a user waits
for it). ``analyze --stats`` reports tokens, peak RSS of every process and the
seconds spent in each stage (summed over the worker processes).

    python scripts/bench.py [--sizes 400,all] [--jobs 1,2] [--corpus PATH] [--one-runs 5]

Without ../shared/corpora/bbc-news.csv (columns id,category,text) it says so and exits 0.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.csv"
STAGES = ("parse", "entities", "statements", "sentiment", "stance", "writing", "gc", "corpus")

BARE = r"""
import csv, json, resource, sys, time
csv.field_size_limit(2**31 - 1)
t0 = time.perf_counter()
import spacy
texts = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))]
nlp = spacy.load(sys.argv[2])
t1 = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts))
t2 = time.perf_counter()
json.dump({"load": t1 - t0, "pipe": t2 - t1, "tokens": tokens,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, open(sys.argv[3], "w"))
"""


def subset(src: Path, n: int | None, dst: Path) -> int:
    """The first ``n`` rows (all when None) of the corpus, as a CSV of the same columns."""
    csv.field_size_limit(2**31 - 1)
    k = 0
    with open(src, encoding="utf-8", newline="") as fi, open(dst, "w", encoding="utf-8", newline="") as fo:
        rd = csv.DictReader(fi)
        w = csv.DictWriter(fo, fieldnames=rd.fieldnames)
        w.writeheader()
        for row in rd:
            if n is not None and k >= n:
                break
            w.writerow(row)
            k += 1
    return k


def run(cmd, env=None) -> float:
    return run_rss(cmd, env)[0]


def run_rss(cmd, env=None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    err = proc.stderr.read()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"error: {' '.join(map(str, cmd[:4]))} failed ({code}): "
                         f"{(err.strip().splitlines() or [''])[-1]}")
    return secs, usage.ru_maxrss / 1024


BARE_ONE = r"""
import sys
import spacy
text = open(sys.argv[1], encoding="utf-8").read()
nlp = spacy.load(sys.argv[2])
nlp(text)
"""


def one_article(py: str, model: str, tmp: Path, runs: int) -> dict:
    """Median wall seconds and peak RSS of ``analyze SEED`` (empty parse cache) and of bare spaCy."""
    import statistics

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    ours, bare = [], []
    for k in range(runs):
        env = dict(os.environ, NEWS_CACHE_DIR=str(tmp / f"one-cache-{k}"))
        ours.append(run_rss([py, "-m", "analysis", "analyze", seed, "--out", tmp / f"one-out-{k}", "-q",
                             "--jobs", "1"], env))
        bare.append(run_rss([py, "-c", BARE_ONE, seed, model]))
    med = statistics.median
    return {"article": seed.name, "seconds": med(r[0] for r in ours), "rss": med(r[1] for r in ours),
            "bare_seconds": med(r[0] for r in bare), "bare_rss": med(r[1] for r in bare)}


def code_layout() -> dict:
    """Largest module (lines) and function (lines, decorators included) in analysis/, and the
    import cycles (as tests/test_code_layout.py and scripts/import_cycles.py count them)."""
    import ast
    import importlib.util

    biggest, longest = ("", 0), ("", 0)
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        if source.count("\n") > biggest[1]:
            biggest = (rel, source.count("\n"))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                if node.end_lineno - first + 1 > longest[1]:
                    longest = (f"{rel}:{node.name}", node.end_lineno - first + 1)
    spec = importlib.util.spec_from_file_location("import_cycles", ROOT / "scripts" / "import_cycles.py")
    ic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ic)
    return {"module": biggest, "function": longest, "cycles": len(ic.cycles(ic.import_graph(ROOT)))}


def main() -> int:
    from analysis.nlp import model_label, model_name

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="400,all", help="corpus sizes, comma-separated ('all' = every row)")
    ap.add_argument("--jobs", default="1,2", help="--jobs values of analyze to time")
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--one-runs", type=int, default=5, help="runs of the one-article measure (median; 0 skips it)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"bench skipped: {corpus} is absent (the BBC News CSV, columns id,category,text)")
        return 0
    model = model_name()
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    results = []     # (n, name, seconds, tokens, rss dict, stages dict, bare seconds)
    for size in args.sizes.split(","):
        n = subset(corpus, None if size == "all" else int(size), tmp / f"bbc-{size}.csv")
        texts = tmp / f"bbc-{size}.csv"
        out = tmp / f"bare-{size}.json"
        wall = run([py, "-c", BARE, texts, model, out])
        bare = json.loads(out.read_text())
        results.append((n, "bare spaCy nlp.pipe, 1 process", wall, bare["tokens"],
                        {"main": bare["peak_rss_mb"]}, {}, wall))
        for jobs in args.jobs.split(","):
            stats = tmp / f"stats-{size}-{jobs}.json"
            env = dict(os.environ, NEWS_CACHE_DIR=str(tmp / f"cache-{size}-{jobs}"))
            secs = run([py, "-m", "analysis", "analyze", texts, "--out", tmp / f"out-{size}-{jobs}", "-q",
                        "--jobs", jobs, "--stats", stats], env)
            st = json.loads(stats.read_text())
            results.append((n, f"analyze --jobs {jobs}", secs, st["tokens"], st["peak_rss_mb"], st["stages"], wall))
    print(f"model: {model_label()}; corpus: {corpus.name}; {os.cpu_count()} cores; whole processes, cold parse cache")
    print()
    head = f"| {'articles':>8} | {'run':<30} | {'seconds':>7} | {'articles/s':>10} | {'tokens/s':>8} | {'× bare':>6} | peak RSS per process (MB) |"
    print(head)
    print("|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|")
    for n, name, secs, tokens, rss, _, bare in results:
        rss_s = ", ".join(f"{k} {v:.0f}" for k, v in rss.items())
        print(f"| {n:>8} | {name:<30} | {secs:>7.1f} | {n / secs:>10.1f} | {tokens / secs:>8.0f} | "
              f"{bare / secs:>5.2f}× | {rss_s} |")
    print()
    print("Where the time goes: seconds by stage, summed over the processes that ran it (share of the stages' total)")
    print()
    head = f"| {'articles':>8} | {'run':<16} | " + " | ".join(f"{s:>15}" for s in STAGES) + " |"
    print(head)
    print("|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|")
    for n, name, _, _, _, stages, _ in results:
        if not stages:
            continue
        total = sum(stages.get(s, 0.0) for s in STAGES) or 1.0
        cells = " | ".join(f"{stages.get(s, 0.0):8.1f} ({stages.get(s, 0.0) / total:4.0%})" for s in STAGES)
        print(f"| {n:>8} | {name:<16} | {cells} |")
    print()
    print("parse: model load + nlp.pipe through the DocBin cache; writing: the tables read off the annotated Doc, "
          "CSV/JSON rendering and the atomic folder write; gc: the cyclic collector, once a batch; corpus: the pooled DIR/corpus/ tables, after the run.")
    one = one_article(py, model, tmp, args.one_runs) if args.one_runs else None
    if one:
        print()
        print(f"One article ({one['article']}), whole process, empty parse cache, median of {args.one_runs}: "
              f"analyze {one['seconds']:.2f} s, {one['rss']:.0f} MB peak RSS; bare spaCy (load + parse) "
              f"{one['bare_seconds']:.2f} s, {one['bare_rss']:.0f} MB")
    print()
    print_goals(results, one, code_layout())
    return 0


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def print_goals(results, one, layout) -> None:
    """Issue 17's goals, each with what this run measured."""
    rows = []
    for n, name, secs, _, _, stages, bare in results:
        if name == "analyze --jobs 1" and n == 400:
            rows.append(("`--jobs 1` vs bare `nlp.pipe`, 400 articles", f"{bare / secs:.2f}×", "≥ 0.80×",
                         bare / secs >= 0.80))
            post = sum(stages.get(s, 0.0) for s in ("entities", "statements", "sentiment", "stance", "writing", "gc"))
            parse = stages.get("parse", 0.0) or float("nan")
            rows.append(("post-parse stages / parse, 400 articles, `--jobs 1`",
                         f"{post:.1f} s / {parse:.1f} s = {post / parse:.0%}", "≤ 25 %", post / parse <= 0.25))
        if name == "analyze --jobs 2" and n == 400:
            rows.append(("`--jobs 2` vs bare single-process `nlp.pipe`, 400 articles", f"{bare / secs:.2f}×", "≥ 1.6×",
                         bare / secs >= 1.6))
        if name == "analyze --jobs 2" and n > 2000:
            rows.append((f"all {n} articles, `--jobs 2`", f"{secs:.0f} s", "< 100 s", secs < 100))
    if one:
        r = one["seconds"] / one["bare_seconds"]
        rows.append(("one article, cold, whole process: time", f"{r:.2f}× bare", "≤ 1.5× bare", r <= 1.5))
        rows.append(("one article, cold, whole process: peak RSS", f"{one['rss']:.0f} MB", "≤ 250 MB",
                     one["rss"] <= 250))
    (mod, mlines), (fn, flines) = layout["module"], layout["function"]
    rows.append(("largest module in analysis/", f"{mlines} ({mod})", "≤ 500", mlines <= 500))
    rows.append(("largest function in analysis/", f"{flines} ({fn})", "≤ 80", flines <= 80))
    rows.append(("import cycles in analysis/", str(layout["cycles"]), "0", layout["cycles"] == 0))
    print("Goals (issue 17), as measured in this run")
    print()
    print("| measure | this run | goal | |")
    print("|---|---|---|---|")
    for measure, now, goal, ok in rows:
        print(f"| {measure} | {now} | {goal} | {_verdict(ok)} |")


if __name__ == "__main__":
    raise SystemExit(main())
