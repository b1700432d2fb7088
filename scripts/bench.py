"""Benchmark: `analyze` as a whole process against a bare spaCy load + parse.

Both sides run in this same invocation, on the same text, alternating, and
the medians are compared. `analyze` is timed twice: with an empty parse cache
(cold: it must load the model and parse) and with the cache filled (warm: the
usual case when the notebooks and the CLI share one parse).

    python scripts/bench.py [--repeat 5] [ARTICLE] [--corpus N]

With --corpus N it also times analysing N BBC articles in one process
against bare `nlp.pipe` over the same texts.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(cmd, env=None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    from analysis.nlp import model_label, model_name

    ap = argparse.ArgumentParser()
    ap.add_argument("article", nargs="?", default=str(ROOT / "seeds" / "nbc_2020-08_belarus_putin.txt"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=int, default=0, help="also benchmark N BBC articles")
    args = ap.parse_args()
    model = model_name()
    py = sys.executable
    bare = [py, "-c", f"import spacy,sys; nlp=spacy.load({model!r}); nlp(open(sys.argv[1], encoding='utf-8').read())", args.article]
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    warm_env = dict(os.environ, NEWS_CACHE_DIR=str(tmp / "warm-cache"))
    ours = [py, "-m", "analysis", "analyze", args.article, "--out", str(tmp / "out"), "-q"]
    subprocess.run(ours, check=True, env=warm_env, cwd=ROOT)  # fill the warm cache, and warm the OS file cache
    subprocess.run(bare, check=True, cwd=ROOT)
    t = {"bare spaCy load+parse": [], "analyze (cold cache)": [], "analyze (warm cache)": []}
    for i in range(args.repeat):
        t["bare spaCy load+parse"].append(timed(bare))
        cold_env = dict(os.environ, NEWS_CACHE_DIR=str(tmp / f"cold-{i}"))
        t["analyze (cold cache)"].append(timed(ours, cold_env))
        t["analyze (warm cache)"].append(timed(ours, warm_env))
    base = statistics.median(t["bare spaCy load+parse"])
    print(f"model: {model_label()}; article: {Path(args.article).name}; {args.repeat} runs each, medians")
    for name, xs in t.items():
        med = statistics.median(xs)
        print(f"  {name:24s} {med:6.2f} s   ratio {med / base:4.2f}x   (min {min(xs):.2f}, max {max(xs):.2f})")
    if args.corpus:
        corpus = ROOT.parent / "shared" / "corpora" / "bbc-news.csv"
        if not corpus.exists():
            print("corpus benchmark skipped: ../shared/corpora/bbc-news.csv is absent")
            return 0
        n = args.corpus
        bare_c = [py, "-c", (
            "import csv,sys,spacy; csv.field_size_limit(10**9); "
            f"rows=[r['text'] for _,r in zip(range({n}), csv.DictReader(open(sys.argv[1], encoding='utf-8')))]; "
            f"nlp=spacy.load({model!r}); list(nlp.pipe(rows))"), str(corpus)]
        sub = tmp / "corpus.csv"
        with open(corpus, encoding="utf-8") as src, open(sub, "w", encoding="utf-8") as dst:
            import csv

            csv.field_size_limit(10**9)
            rd = csv.DictReader(src)
            w = csv.DictWriter(dst, fieldnames=rd.fieldnames)
            w.writeheader()
            for _, row in zip(range(n), rd):
                w.writerow(row)
        ours_c = [py, "-m", "analysis", "analyze", str(sub), "--out", str(tmp / "out-c"), "-q"]
        tb = timed(bare_c)
        tc = timed(ours_c, dict(os.environ, NEWS_CACHE_DIR=str(tmp / "corpus-cold")))
        print(f"corpus: {n} BBC articles in one process")
        print(f"  bare spaCy nlp.pipe      {tb:6.2f} s")
        print(f"  analyze (cold cache)     {tc:6.2f} s   ratio {tc / tb:4.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
