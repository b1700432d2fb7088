"""Corpus tables: the per-article tables of an ``analyze`` run pooled across articles.

:func:`write_corpus_tables` reads ``DIR/<article-id>/`` (``statements.csv``, ``narrator.csv``,
``entities.csv``, ``stance_by_speaker.csv``, ``run.json``) and writes tidy CSVs to
``DIR/corpus/``, documented in docs/tables.md. Everything is computed from the files on disk,
so the tables are the same whichever engine (or number of workers) wrote the article tables.

Speakers and entities are canonicalised across articles without hand lists
(:mod:`analysis.corpus_names`).
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import SEED
from analysis.corpus_names import canonical_names, clean_speaker  # noqa: F401  (clean_speaker: part of this module's API)
from analysis.speakers import UNRESOLVED, classify_frame
from analysis.stats import bootstrap_mean_ci
from analysis.stats import mean as _mean

CORPUS_SUBDIR = "corpus"
#: Fewer statements than this: shown as too few to rank (tables say so in ``few_statements``).
MIN_N = 5
UNKNOWN_OUTLET = "(unknown outlet)"
STANCE_VALUE = {"pro": 1.0, "con": -1.0, "neutral": 0.0}
#: Names of the tables written, in the order docs/tables.md lists them.
TABLES = ("articles", "speaker_names", "speakers", "speaker_outlets", "entities", "sentiment_by_speaker",
          "sentiment_by_outlet", "stance_by_speaker", "stance_by_outlet", "by_date")


# ----------------------------------------------------------------------------------------- loading
def article_dirs(out_dir: str | Path, article_ids=None) -> list[Path]:
    """The per-article folders of ``out_dir`` (those with a ``run.json``), sorted by id."""
    out_dir = Path(out_dir)
    if article_ids is not None:
        dirs = [out_dir / str(a) for a in article_ids]
        missing = [d.name for d in dirs if not (d / "run.json").is_file()]
        if missing:
            raise FileNotFoundError(f"{out_dir}: no tables for article(s) {', '.join(sorted(missing))}")
        return sorted(dirs, key=lambda d: d.name)
    return sorted((d for d in out_dir.iterdir() if d.is_dir() and not d.name.startswith(".")
                   and d.name != CORPUS_SUBDIR and (d / "run.json").is_file()), key=lambda d: d.name)


def parse_date(value) -> tuple[str | None, bool]:
    """``(YYYY-MM-DD or None, approximate)`` from a metadata date such as ``2020-08-15 (approx.)``.

    The first ISO date in the text is used; anything else in the field (a note, a time) marks it
    approximate only when it says so (``approx``, ``~``, ``circa``). A month alone gives None.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None, False
    s = str(value).strip()
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", s)
    day = None
    if m:
        try:
            day = pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3))).strftime("%Y-%m-%d")
        except ValueError:
            day = None
    else:
        ts = pd.to_datetime(s, errors="coerce", format="mixed") if re.search(r"\d{4}", s) and re.search(
            r"[A-Za-z]{3}|\d{1,2}/\d{1,2}/", s) else pd.NaT
        if not pd.isna(ts):
            day = ts.strftime("%Y-%m-%d")
    approx = bool(re.search(r"approx|circa|~|\bc\.", s, re.I))
    return day, approx


_READ = {"keep_default_na": False, "na_values": [""]}   # a speaker "NA" is a name


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame()
    try:
        return pd.read_csv(path, **_READ)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def _csv_rows(text: str) -> int:
    """Data rows in one CSV text (quoted line breaks kept in their field, blank lines skipped
    as ``read_csv`` skips them), header excluded."""
    return max(sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row) - 1, 0)


def _read_one_by_one(paths: list[Path]) -> tuple[pd.DataFrame, list[int]]:
    frames = [_read_csv(path) for path in paths]
    kept = [f for f in frames if len(f)]
    return (pd.concat(kept, ignore_index=True) if kept else pd.DataFrame()), [len(f) for f in frames]


def _read_tables(paths: list[Path]) -> tuple[pd.DataFrame, list[int]]:
    """Many CSVs of one table as one frame, parsed in one ``read_csv`` call (one call per file
    costs more than the parsing on a corpus), and each file's row count. Column types are
    inferred over all the files at once, so a name such as "007" stays text when other files
    hold words in that column. Files whose header differs from the first (a resumed run
    written by another version), or whose rows the ``csv`` module counts differently, are
    read one by one."""
    texts = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") if path.is_file() else io.StringIO("") as fh:
            texts.append(fh.read())
    try:
        counts = [_csv_rows(t) if t.strip() else 0 for t in texts]
    except csv.Error:                   # a field over the csv module's size limit
        return _read_one_by_one(paths)
    heads = {t.split("\n", 1)[0] for t, n in zip(texts, counts) if n}
    if not heads:
        return pd.DataFrame(), counts
    if len(heads) > 1:
        return _read_one_by_one(paths)
    head = heads.pop()
    body = "".join(t.split("\n", 1)[1] if t.endswith("\n") else t.split("\n", 1)[1] + "\n"
                   for t, n in zip(texts, counts) if n)
    frame = pd.read_csv(io.StringIO(head + "\n" + body, newline=""), low_memory=False, **_READ)
    if len(frame) != sum(counts):       # not expected: read file by file
        return _read_one_by_one(paths)
    return frame, counts


def load_run(out_dir: str | Path, article_ids=None) -> dict[str, pd.DataFrame]:
    """Every article's tables concatenated, each row tagged with ``article_id``, ``outlet``, ``date``."""
    dirs = article_dirs(out_dir, article_ids)
    arts, tags = [], []
    for d in dirs:
        info = json.loads((d / "run.json").read_text(encoding="utf-8"))
        meta = info.get("metadata") or {}
        aid = info.get("article_id", d.name)
        outlet = str(meta.get("outlet") or "").strip() or UNKNOWN_OUTLET
        day, approx = parse_date(meta.get("date"))
        arts.append({"article_id": aid, "title": info.get("title") or meta.get("title") or aid,
                     "outlet": outlet, "date": day, "date_as_given": meta.get("date"), "date_approximate": approx,
                     "url": meta.get("url"), "paragraphs": info.get("paragraphs")})
        tags.append((aid, outlet, day))
    out = {}
    for key, name, count_col in (("statements", "statements.csv", "statements"),
                                 ("narrator", "narrator.csv", "narrator_sentences"),
                                 ("entities", "entities.csv", "entities"),
                                 ("roles", "stance_by_speaker.csv", None)):
        frame, counts = _read_tables([d / name for d in dirs])
        if count_col:
            for art, n in zip(arts, counts):
                art[count_col] = n
        if len(frame):
            for col, k in (("article_id", 0), ("outlet", 1), ("date", 2)):
                frame[col] = np.repeat(np.array([t[k] for t in tags], dtype=object), counts)
        out[key] = frame
    return {"articles": pd.DataFrame(arts), **out}


# ------------------------------------------------------------------------------------ summaries
# The summaries below run once per speaker, entity, outlet or date: thousands of groups of a few
# rows each. They work on the rows as plain dicts (``_records``), because pandas' per-group
# overhead (a groupby slice, ``value_counts``, ``nunique``, ``map`` on a handful of rows) cost
# ten times the work itself (profile of 400 BBC articles: 6.3 of 6.3 s). Each helper says which
# pandas expression it computes; the numbers are the same to the last bit.
def _isna(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _records(frame: pd.DataFrame, cols) -> list[dict]:
    """The rows of ``frame`` as dicts of plain values, with those of ``cols`` it has."""
    return frame[[c for c in cols if c in frame.columns]].to_dict("records")


def _by(rows: list[dict], key: str) -> list[tuple[object, list[dict]]]:
    """``[(value, rows)]`` in sorted order of the value, missing values left out:
    ``frame.groupby(key, sort=True)`` on records."""
    groups: dict = {}
    for r in rows:
        v = r[key]
        if not _isna(v):
            groups.setdefault(v, []).append(r)
    return sorted(groups.items(), key=lambda kv: kv[0])


def _nunique(values) -> int:
    """``Series.nunique()``: distinct values, missing ones not counted."""
    return len({v for v in values if not _isna(v)})


def _mode(values) -> str:
    """The most frequent non-empty string (ties: the first in sorted order); "" when there is none."""
    counts: dict[str, int] = {}
    for v in values:
        if isinstance(v, str) and v:
            counts[v] = counts.get(v, 0) + 1
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _ci(values, units):
    return bootstrap_mean_ci(values, units, seed=SEED)


#: Columns of the statement (and narrator) rows that the summaries read.
_ROW_COLS = ["article_id", "outlet", "date", "speaker", "speaker_raw", "speaker_type", "speaker_class", "speaker_role",
             "statement_id", "group", "polarity", "subjectivity", "vader_compound", "relevant", "stance",
             "start", "end", "coded_start", "coded_end"]


def _sentiment_rows(rows: list[dict], key: str, has_group: bool, has_vader: bool) -> pd.DataFrame:
    """Per ``key`` (speaker or outlet): mean polarity with a bootstrap interval over statement units.
    ``has_group``/``has_vader``: the statements have a ``group``/``vader_compound`` column."""
    cols = [key, "articles", "statements", "units", "mean_polarity", "ci_low", "ci_high", "ci_note",
            "mean_subjectivity", "mean_vader", "few_statements"]
    out_rows = []
    for k, d in _by(rows, key):
        units = [(r["article_id"], r["group"] if has_group else r["statement_id"]) for r in d]
        mean, lo, hi, note = _ci([float(r["polarity"]) for r in d], units)
        out_rows.append({key: k, "articles": _nunique(r["article_id"] for r in d), "statements": len(d),
                         "units": len(set(units)), "mean_polarity": mean, "ci_low": lo, "ci_high": hi,
                         "ci_note": note, "mean_subjectivity": _mean(r["subjectivity"] for r in d),
                         "mean_vader": _mean(r["vader_compound"] for r in d) if has_vader else np.nan,
                         "few_statements": len(d) < MIN_N})
    out = pd.DataFrame(out_rows, columns=cols)
    return out.sort_values(["statements", key], ascending=[False, True], kind="stable").reset_index(drop=True)


def _relevant_once(rows: list[dict]) -> list[dict]:
    """Relevant statements, pieces of one partial quote coded in the same host sentence counted once
    (``drop_duplicates`` on article and coded offsets: the first kept, missing values equal)."""
    if not rows:
        return []
    keys = ("article_id", "coded_start", "coded_end") if "coded_start" in rows[0] else ("article_id", "start", "end")
    seen, out = set(), []
    for r in rows:
        if str(r["relevant"]).lower() not in ("true", "1"):
            continue
        k = tuple(None if _isna(r[c]) else r[c] for c in keys)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _stance_row(d: list[dict]) -> dict:
    rel = _relevant_once(d)
    vals = np.array([STANCE_VALUE[r["stance"]] for r in rel if r["stance"] in STANCE_VALUE], dtype=float)
    if len(vals):
        net, lo, hi, note = bootstrap_mean_ci(vals, seed=SEED)
    else:
        net, lo, hi, note = np.nan, np.nan, np.nan, "no relevant statements"
    stances = [r["stance"] for r in rel]
    return {"articles": _nunique(r["article_id"] for r in d), "statements": len(d), "relevant": len(rel),
            "pro": stances.count("pro"), "con": stances.count("con"),
            "neutral": stances.count("neutral"), "net": net, "net_low": lo, "net_high": hi,
            "ci_note": note, "few_statements": len(rel) < MIN_N}


_STANCE_COLS = ["articles", "statements", "relevant", "pro", "con", "neutral", "net", "net_low", "net_high",
                "ci_note", "few_statements"]


def _ranked_first(frame: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.DataFrame:
    """``frame`` sorted by ``by``, speakers that are no source (``speaker_class`` unresolved) last."""
    last = (frame["speaker_class"] == UNRESOLVED).rename("_last")
    return (frame.assign(_last=last).sort_values(["_last", *by], ascending=[True, *ascending], kind="stable")
            .drop(columns="_last").reset_index(drop=True))


def build_corpus_tables(run: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """All corpus tables (see :data:`TABLES`) from :func:`load_run` output."""
    arts, st, nar, ents, roles = (run[k] for k in ("articles", "statements", "narrator", "entities", "roles"))
    tables: dict[str, pd.DataFrame] = {}
    tables["articles"] = (arts.sort_values(["date", "article_id"], na_position="last", kind="stable")
                          .reset_index(drop=True) if len(arts) else pd.DataFrame(
        columns=["article_id", "title", "outlet", "date", "date_as_given", "date_approximate", "url",
                 "paragraphs", "statements", "narrator_sentences", "entities"]))
    st = _source_statements(st)
    tables["speaker_names"] = _speaker_names_table(st)
    st["speaker_role"] = _speaker_roles(st, roles)
    recs = _records(st, _ROW_COLS)
    by_speaker = _by(recs, "speaker")
    tables["speakers"] = _speakers_table(by_speaker)
    speakers = tables["speakers"].set_index("speaker")
    tables["speaker_outlets"] = _speaker_outlets_table(st, speakers)
    tables["entities"] = _entity_table(ents)
    # sentiment
    has_group, has_vader = "group" in st.columns, "vader_compound" in st.columns
    sent = _sentiment_rows(recs, "speaker", has_group, has_vader)
    sent.insert(1, "speaker_type", sent["speaker"].map(speakers["speaker_type"]) if len(sent) else [])
    sent.insert(2, "speaker_class", sent["speaker"].map(speakers["speaker_class"]) if len(sent) else [])
    tables["sentiment_by_speaker"] = _ranked_first(sent, ["statements", "speaker"], [False, True])
    tables["sentiment_by_outlet"] = _sentiment_rows(recs, "outlet", has_group, has_vader)
    # stance
    rows = [{"speaker": sp, "speaker_class": speakers["speaker_class"].get(sp, ""),
             "speaker_role": _mode(r["speaker_role"] for r in d), **_stance_row(d)} for sp, d in by_speaker]
    tables["stance_by_speaker"] = _ranked_first(
        pd.DataFrame(rows, columns=["speaker", "speaker_class", "speaker_role"] + _STANCE_COLS),
        ["relevant", "statements", "speaker"], [False, False, True])
    tables["stance_by_outlet"] = _stance_by_outlet(arts, recs, _records(nar, _ROW_COLS) if len(nar) else [])
    tables["by_date"] = _by_date_table(arts, recs)
    return tables


def _source_statements(st: pd.DataFrame) -> pd.DataFrame:
    """The statements of a source (not the narrator's), each speaker by its canonical name across
    articles (``speaker``; as the article wrote it: ``speaker_raw``) and its ``speaker_class``."""
    if len(st):
        st = st[st["speaker"].notna() & (st["speaker"].astype(str) != "(narrator)")].copy()
    if not len(st):
        return pd.DataFrame(columns=["article_id", "outlet", "date", "speaker", "speaker_raw", "speaker_type",
                                     "speaker_class", "polarity", "subjectivity", "relevant", "stance", "statement_id",
                                     "group"])
    st["speaker_type"] = st["speaker_type"].fillna("UNKNOWN").astype(str)
    st["speaker_raw"] = st["speaker"].astype(str)
    weights = (st.groupby(["speaker_raw", "speaker_type"]).size().rename("weight").reset_index()
               .rename(columns={"speaker_raw": "name", "speaker_type": "type"}))
    canon = canonical_names(weights)
    st["speaker"] = [canon[(n, t)] for n, t in zip(st["speaker_raw"], st["speaker_type"])]
    # name / organisation / role / group / unresolved, as attribution wrote it (from the text for
    # tables written before the column existed); unresolved speakers are kept but ranked last
    st["speaker_class"] = classify_frame(st.assign(speaker=st["speaker_raw"])).to_numpy()
    return st


def _speaker_names_table(st: pd.DataFrame) -> pd.DataFrame:
    names = (st.groupby(["speaker", "speaker_raw", "speaker_type"]).agg(
        articles=("article_id", "nunique"), statements=("article_id", "size")).reset_index()
        .rename(columns={"speaker_raw": "name_in_article"}))
    return names[["speaker", "name_in_article", "speaker_type", "articles", "statements"]] \
        .sort_values(["speaker", "statements", "name_in_article"], ascending=[True, False, True], kind="stable") \
        .reset_index(drop=True)


def _speaker_roles(st: pd.DataFrame, roles: pd.DataFrame) -> list:
    """Each statement's speaker role in its article (``roles``: article_id, speaker, speaker_role)."""
    role_of = {}
    if len(roles) and "speaker_role" in roles:
        for aid, sp, role in zip(roles["article_id"], roles["speaker"], roles["speaker_role"]):
            role_of[(aid, sp)] = role
    return [role_of.get((a, s), "") for a, s in zip(st["article_id"], st["speaker_raw"])]


def _speakers_table(by_speaker: list) -> pd.DataFrame:
    rows = []
    for sp, d in by_speaker:
        outlets = sorted({r["outlet"] for r in d if not _isna(r["outlet"])})
        dates = [r["date"] for r in d if not _isna(r["date"])]
        rows.append({"speaker": sp, "speaker_type": _mode(r["speaker_type"] for r in d),
                     "speaker_class": _mode(r["speaker_class"] for r in d),
                     "speaker_role": _mode(r["speaker_role"] for r in d),
                     "articles": _nunique(r["article_id"] for r in d), "statements": len(d), "outlets": len(outlets),
                     "outlet_list": "|".join(outlets),
                     "names_in_articles": "|".join(sorted({r["speaker_raw"] for r in d})),
                     "first_date": min(dates) if dates else None,
                     "last_date": max(dates) if dates else None,
                     "few_statements": len(d) < MIN_N})
    speakers = pd.DataFrame(rows, columns=[
        "speaker", "speaker_type", "speaker_class", "speaker_role", "articles", "statements", "outlets",
        "outlet_list", "names_in_articles", "first_date", "last_date", "few_statements"])
    return _ranked_first(speakers, ["statements", "articles", "speaker"], [False, False, True])


def _speaker_outlets_table(st: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """``speakers``: the speakers table indexed by speaker."""
    so = (st.groupby(["outlet", "speaker"]).agg(articles=("article_id", "nunique"), statements=("article_id", "size"))
          .reset_index())
    totals = st.groupby("outlet").size()
    so["share_of_outlet"] = [n / totals[o] for o, n in zip(so["outlet"], so["statements"])] if len(so) else []
    so["speaker_type"] = so["speaker"].map(speakers["speaker_type"]) if len(so) else []
    so["speaker_class"] = so["speaker"].map(speakers["speaker_class"]) if len(so) else []
    return so[["outlet", "speaker", "speaker_type", "speaker_class", "articles", "statements",
               "share_of_outlet"]].sort_values(
        ["outlet", "statements", "speaker"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _stance_by_outlet(arts: pd.DataFrame, recs: list[dict], nar_recs: list[dict]) -> pd.DataFrame:
    rows = []
    outlets = sorted(set(arts["outlet"])) if len(arts) else []
    for outlet in outlets:
        for voice, frame in (("sources", recs), ("narrator", nar_recs)):
            d = [r for r in frame if r["outlet"] == outlet]
            row = _stance_row(d) if len(d) else {c: 0 for c in _STANCE_COLS} | {
                "net": np.nan, "net_low": np.nan, "net_high": np.nan, "ci_note": "no statements",
                "few_statements": True}
            row["articles"] = int((arts["outlet"] == outlet).sum())
            rows.append({"outlet": outlet, "voice": voice, **row})
    return pd.DataFrame(rows, columns=["outlet", "voice"] + _STANCE_COLS)


def _by_date_table(arts: pd.DataFrame, recs: list[dict]) -> pd.DataFrame:
    rows = []
    dated = arts[arts["date"].notna()] if len(arts) else arts
    on_day: dict = {}
    for r in recs:
        on_day.setdefault(r["date"], []).append(r)
    articles_on = list(dated["date"]) if len(dated) else []
    for day in sorted(set(dated["date"])) if len(dated) else []:
        d = on_day.get(day, [])
        stances = [r["stance"] for r in _relevant_once(d)]
        rows.append({"date": day, "articles": articles_on.count(day), "statements": len(d),
                     "speakers": _nunique(r["speaker"] for r in d), "relevant": len(stances),
                     "pro": stances.count("pro"), "con": stances.count("con"), "neutral": stances.count("neutral"),
                     "mean_polarity": _mean(r["polarity"] for r in d) if d else np.nan})
    bd = pd.DataFrame(rows, columns=["date", "articles", "statements", "speakers", "relevant", "pro", "con",
                                     "neutral", "mean_polarity"])
    bd["net"] = [(p - c) / r if r else np.nan for p, c, r in zip(bd["pro"], bd["con"], bd["relevant"])]
    return bd


def _entity_table(ents: pd.DataFrame) -> pd.DataFrame:
    cols = ["entity", "label", "articles", "mentions", "outlets", "mentions_per_article", "names_in_articles",
            "country_group"]
    if ents is None or ents.empty:
        return pd.DataFrame(columns=cols)
    e = ents.copy()
    e["label"] = e["label"].fillna("").astype(str)
    w = e.groupby(["entity", "label"])["mentions"].sum().rename("weight").reset_index().rename(
        columns={"entity": "name", "label": "type"})
    canon = canonical_names(w)
    e["canonical"] = [canon[(n, t)] for n, t in zip(e["entity"], e["label"])]
    recs = _records(e, ["canonical", "entity", "label", "mentions", "article_id", "outlet", "country_group"])
    rows = []
    for ent, d in _by(recs, "canonical"):
        by_label: dict[str, int] = {}
        for r in d:
            by_label[r["label"]] = by_label.get(r["label"], 0) + r["mentions"]
        label = min(by_label, key=lambda lab: (-by_label[lab], lab))   # most mentions, ties: sorted first
        mentions = sum(r["mentions"] for r in d)
        articles = _nunique(r["article_id"] for r in d)
        groups = [str(r["country_group"]) for r in d if not _isna(r.get("country_group"))]
        rows.append({"entity": ent, "label": label, "articles": articles,
                     "mentions": int(mentions), "outlets": _nunique(r["outlet"] for r in d),
                     "mentions_per_article": float(mentions) / articles,
                     "names_in_articles": "|".join(sorted({r["entity"] for r in d})),
                     "country_group": _mode(groups) or None})
    return pd.DataFrame(rows, columns=cols).sort_values(["mentions", "articles", "entity"],
                                                       ascending=[False, False, True], kind="stable"
                                                       ).reset_index(drop=True)


def write_corpus_tables(out_dir: str | Path, article_ids=None) -> Path:
    """Write the corpus tables for the articles analysed into ``out_dir`` to ``out_dir/corpus/``.

    ``article_ids``: only these articles (default: every ``out_dir/<id>/`` with a ``run.json``).
    Returns the ``corpus`` folder.
    """
    from analysis.io import write_csv

    out_dir = Path(out_dir)
    tables = build_corpus_tables(load_run(out_dir, article_ids))
    folder = out_dir / CORPUS_SUBDIR
    for name in TABLES:
        write_csv(tables[name], folder / f"{name}.csv")
    return folder


def merged_names(speaker_names: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``speaker_names.csv`` whose speaker was written in more than one way."""
    if not len(speaker_names):
        return speaker_names
    counts = speaker_names.groupby("speaker")["name_in_article"].transform("size")
    return speaker_names[counts > 1]


def read_corpus_tables(corpus_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables :func:`write_corpus_tables` wrote, by name."""
    corpus_dir = Path(corpus_dir)
    return {name: pd.read_csv(corpus_dir / f"{name}.csv", keep_default_na=False, na_values=[""]) for name in TABLES}
