"""Benchmark ``analyze`` against bare spaCy ``nlp.pipe`` on BBC News articles (``make bench``).

Every figure in the table comes from this one invocation: for each corpus size it
runs, one after the other on the same texts,

* bare spaCy: one process that loads the model and runs ``nlp.pipe`` over the texts;
* ``analyze --jobs 1`` and ``analyze --jobs 2``, each with an empty parse cache.

Each is timed as a whole process (start-up and model load included, as a user waits
for it). ``analyze --stats`` reports tokens, peak RSS of every process and the
seconds spent in each stage (summed over the worker processes).

    python scripts/bench.py [--sizes 400,all] [--jobs 1,2] [--corpus PATH]

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
STAGES = ("parse", "entities", "statements", "sentiment", "stance", "writing", "corpus")

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
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - t0
    if res.returncode not in (0,):
        raise SystemExit(f"error: {' '.join(map(str, cmd[:4]))} failed ({res.returncode}): "
                         f"{(res.stderr.strip().splitlines() or [''])[-1]}")
    return secs


def main() -> int:
    from analysis.nlp import model_label, model_name

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="400,all", help="corpus sizes, comma-separated ('all' = every row)")
    ap.add_argument("--jobs", default="1,2", help="--jobs values of analyze to time")
    ap.add_argument("--corpus", default=str(CORPUS))
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
    print("parse: model load + nlp.pipe through the DocBin cache; writing: CSV/JSON rendering + the atomic folder "
          "write (in the main process, overlapping the workers); corpus: the pooled DIR/corpus/ tables, after the run.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
