"""stance-dev: statements hand-coded with anchor, speaker, stance and clearness, and person
mention counts, per target; scored on speaker recall, stance and people counted."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd

from analysis.evaluate.base import (
    MISSED,
    STANCE_DEV_DIR,
    EvalResult,
    _error,
    _errors_frame,
    read_text,
    run_pipeline,
)
from analysis.evaluate.matching import STANCE_DEV_IGNORED, _kappa, best_cover, macro_f1, speakers_match

def load_gold(root) -> dict:
    path = Path(root) / "gold.json"
    with open(path, encoding="utf-8") as fh:
        gold = json.load(fh)
    if not isinstance(gold, dict) or not isinstance(gold.get("texts"), list):
        raise ValueError(f"{path}: expected an object with a 'texts' list")
    return gold


def alias_groups(aliases: dict) -> list[set[str]]:
    """Each person's spellings (canonical + aliases) as one set."""
    return [{canon, *spellings} for canon, spellings in (aliases or {}).items()]


def spellings(name: str, groups: list[set[str]]) -> set[str]:
    """``name`` and every spelling equivalent to it (case-insensitive)."""
    out = {name}
    low = name.strip().lower()
    for g in groups:
        if low in {s.lower() for s in g}:
            out |= g
    return out


def anchor_offsets(text: str, para: int, anchor: str) -> tuple[int, int] | None:
    """Whole-text ``(start, end)`` of ``anchor`` inside line ``para`` (1-based, split on "\\n")."""
    lines = text.split("\n")
    if not 1 <= para <= len(lines):
        return None
    i = lines[para - 1].find(anchor)
    if i < 0:
        return None
    start = sum(len(line) + 1 for line in lines[:para - 1]) + i
    return start, start + len(anchor)


def surname_pattern(name: str, groups: list[set[str]]) -> re.Pattern:
    """Word regex matching the last word of ``name`` or of any of its spellings."""
    last = {s.split()[-1] for s in spellings(name, groups) if s.split()}
    return re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(map(re.escape, last))) + r")(?![^\W_])", re.IGNORECASE)


def count_people(persons: dict, entities: pd.DataFrame, groups: list[set[str]]) -> list[dict]:
    """Per gold person: ``name, expected, rows`` (matching PERSON rows), ``got`` (their mentions) and ``ok``.

    ``ok``: exactly one PERSON row of ``entities`` has the surname (or an alias's)
    as a word of its ``entity`` name, and its ``mentions`` equals the count.
    """
    people = entities[entities["label"] == "PERSON"] if len(entities) else entities
    out = []
    for name, count in (persons or {}).items():
        pat = surname_pattern(name, groups)
        rows = people[people["entity"].astype(str).map(lambda e, pat=pat: bool(pat.search(e)))] if len(people) else people
        got = [int(m) for m in rows["mentions"]] if len(rows) else []
        ok = len(rows) == 1 and got[0] == int(count)
        out.append(dict(name=name, expected=int(count), rows=list(rows["entity"]) if len(rows) else [],
                        got=got, ok=ok))
    return out


def resolve_target(root, target_key: str, target_name: str | None = None, target_map: dict | None = None):
    """The stance target to score a gold.json key with: ``target_name`` or ``target_map[key]``
    when given (a bundled target's name or a file), else the set's own target file
    (``gold.json``'s ``target_files``, relative to the set's folder). A key with neither is an
    error: scoring it with some other target would measure nothing."""
    from analysis.stance import load_target

    wanted = target_name or (target_map or {}).get(target_key)
    if wanted:
        return load_target(wanted)
    gold = load_gold(root)
    rel = (gold.get("target_files") or {}).get(target_key)
    if not rel:
        raise ValueError(f"{Path(root) / 'gold.json'}: no target file for target key {target_key!r} "
                         f"(add it to 'target_files', or pass --target-map {target_key}=TARGET)")
    path = Path(root) / rel
    if not path.is_file():
        raise ValueError(f"{Path(root) / 'gold.json'}: target file {rel!r} of {target_key!r} is missing")
    return load_target(path)


def bundled_target(target_key: str) -> str | None:
    """The name of the project's own bundled target for a gold.json key, if it has one."""
    from analysis.stance import available_targets

    return target_key if target_key in available_targets() else None


def score_stance_text(set_name: str, entry: dict, text: str, tables: dict, groups: list[set[str]]) -> dict:
    """Per-statement outcomes and error rows for one stance-dev text."""
    pred = tables["statements"].reset_index(drop=True)
    file = entry["file"]
    rows, errors = [], []
    for st in entry.get("statements", []):
        para, anchor = int(st["para"]), st["anchor"]
        gold_stance = st["stance"]
        accepted = set()
        for s in [st.get("speaker", ""), *(st.get("alt") or [])]:
            if s:
                accepted |= spellings(s, groups)
        off = anchor_offsets(text, para, anchor)
        hit = None
        if off is not None:
            hit = best_cover(set(range(*off)), pred)
        start, end = off if off else (None, None)
        found = hit is not None
        got_speaker = str(hit.speaker) if found else ""
        speaker_ok = found and speakers_match(got_speaker, sorted(accepted), ignore=STANCE_DEV_IGNORED,
                                              strip_titles=False)
        got_stance = str(hit.stance) if found else MISSED
        rows.append(dict(found=found, speaker_ok=speaker_ok, gold=gold_stance, pred=got_stance,
                         clear=bool(st.get("clear"))))
        if not found:
            why = "" if off else "anchor not found in its line"
            errors.append(_error(set_name, file, "missed", anchor, st.get("speaker", ""), why, para, start, end))
            continue
        if not speaker_ok:
            errors.append(_error(set_name, file, "wrong_speaker", anchor, st.get("speaker", ""), got_speaker,
                                 para, start, end))
        if got_stance != gold_stance:
            errors.append(_error(set_name, file, "wrong_stance", anchor, gold_stance, got_stance, para, start, end))
    people = count_people(entry.get("persons") or {}, tables["entities"], groups)
    for p in people:
        if not p["ok"]:
            got = "; ".join(f"{e}={m}" for e, m in zip(p["rows"], p["got"])) or "no PERSON row"
            errors.append(_error(set_name, file, "people_count", p["name"], str(p["expected"]), got))
    return dict(rows=rows, people=people, errors=errors)


def stance_dev_entries(root, target_key: str | None = None) -> tuple[dict, list[dict]]:
    gold = load_gold(root)
    entries = [e for e in gold["texts"] if target_key is None or e.get("target") == target_key]
    return gold, entries


def stance_dev_targets(root) -> list[str]:
    """Target keys in gold.json order (``targets`` first, then any only found on texts)."""
    gold = load_gold(root)
    keys = list(gold.get("targets") or {})
    for e in gold["texts"]:
        if e.get("target") not in keys:
            keys.append(e.get("target"))
    return [k for k in keys if any(e.get("target") == k for e in gold["texts"])]


def evaluate_stance_dev(root=STANCE_DEV_DIR, target_key: str = "belarus", target_name: str | None = None,
                        model: str | None = None, target_map: dict | None = None,
                        label: str = "") -> EvalResult:
    """Score one target's texts of a stance-dev style folder (rules in its README).

    The target is the set's own target file for the key (``gold.json``'s ``target_files``),
    unless ``target_name`` or ``target_map[key]`` names another (:func:`resolve_target`).
    ``label`` is appended to the set's name ("stance-dev/belarus (bundled target)").
    """
    from analysis.articles import Article

    t0 = time.perf_counter()
    root = Path(root)
    gold, entries = stance_dev_entries(root, target_key)
    if not entries:
        raise ValueError(f"{root / 'gold.json'}: no texts for target {target_key!r}")
    groups = alias_groups(gold.get("aliases") or {})
    target = resolve_target(root, target_key, target_name, target_map)
    name = f"stance-dev/{target_key}" + (f" ({label})" if label else "")
    texts = [read_text(root / "texts" / e["file"]) for e in entries]
    articles = [Article.from_text(t, id=Path(e["file"]).stem, metadata={"title": e.get("title", "")})
                for e, t in zip(entries, texts)]
    tables = run_pipeline(articles, model=model, target=target)
    rows, people, errors = [], [], []
    for e, t, tab in zip(entries, texts, tables):
        r = score_stance_text(name, e, t, tab, groups)
        rows += r["rows"]
        people += r["people"]
        errors += r["errors"]
    n = len(rows)
    res = EvalResult(name)
    res.info["target"] = _target_label(target, root)
    res.add("statements found", sum(r["found"] for r in rows), n)
    res.add("speaker recall", sum(r["speaker_ok"] for r in rows), n)
    clear = [r for r in rows if r["clear"]]
    res.add("stance on clear statements", sum(r["pred"] == r["gold"] for r in clear), len(clear))
    gold_l, pred_l = [r["gold"] for r in rows], [r["pred"] for r in rows]
    res.add("3-class accuracy", sum(g == p for g, p in zip(gold_l, pred_l)), n)
    res.add("macro-F1", macro_f1(gold_l, pred_l))
    res.add("Cohen's kappa", _kappa(gold_l, pred_l))
    res.add("people counted exactly", sum(p["ok"] for p in people), len(people))
    res.add("texts", len(entries))
    res.errors = _errors_frame(errors)
    res.seconds = time.perf_counter() - t0
    return res


def _target_label(target, root) -> str:
    """How a results table names the target: its name and the file it came from."""
    path = Path(target.path)
    try:
        where = path.relative_to(Path(root).resolve() if path.is_absolute() else Path(root))
        where = f"{Path(root).name}/{where}"
    except ValueError:
        where = path.name if path.parent.name == "stance_targets" else str(path)
        if path.parent.name == "stance_targets":
            where = f"bundled {where}"
    return f"{target.name} ({where})"
