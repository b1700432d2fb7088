"""The few sentences every report opens with: what it found, with the key numbers.

:func:`article_facts` and :func:`corpus_facts` gather the numbers (plain dicts, also written to
the report index); :func:`article_sentences` and :func:`corpus_sentences` say them in 2–4
sentences of Markdown. Only real sources are ranked (:mod:`analysis.speakers`): statements by
unresolved speakers are counted in one clause and never named as "most quoted".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.speakers import RANKED, UNRESOLVED, classify_frame

#: Key of the facts in the summary output's metadata (read back by :mod:`analysis.report`).
METADATA_KEY = "news_analysis_summary"
#: A mean polarity closer to 0 than this is not called positive or negative.
NEUTRAL_BAND = 0.05


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _signed(x: float) -> str:
    v = round(float(x), 2) or 0.0
    return f"{v:+.2f}".replace("-", "−")


# ----------------------------------------------------------------------------------- one article
@dataclass
class ArticleAnalysis:
    """What the per-article reports share: statements, their scores and their stance coding."""

    statements: pd.DataFrame      # extract_statements(...).statements
    narrator: pd.DataFrame
    scored: pd.DataFrame          # statements with polarity (sentiment.score_statements)
    stance: object                # analysis.stance.StanceResult
    facts: dict
    narrator_scored: pd.DataFrame | None = None   # narrator sentences with polarity
    entities: object = None       # analysis.entities.EntityResult (the news_entities component's)


def analyse_article(art, doc, target=None, model: str | None = None, cache: bool = True) -> ArticleAnalysis:
    """Entities, statements, sentiment and stance of one article (the suite's components run
    over ``doc``, its parse), and the facts its summary states.

    The three per-article reports all need this; the first computes it and the others read it
    from ``.cache/analysis/`` (keyed by the text, the model, the stance target and the
    package's code version, so any change to either recomputes it)."""
    import pickle

    from analysis.io import atomic_write_bytes

    path = _analysis_cache_path(art, target, model) if cache else None
    if path is not None and path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # an unreadable entry is recomputed, never fatal
            pass
    from analysis.components import annotate
    from analysis.nlp import components_pipeline
    from analysis.sentiment import SCORE_COLUMNS
    from analysis.statements import COLUMNS
    from analysis.tables import stance_result, statement_frames

    from analysis.doc_cache import entities_of

    annotate(components_pipeline(target), doc, art)       # the suite's components, then views of the Doc
    statements, narrator = statement_frames(doc)
    scored_cols = list(COLUMNS) + SCORE_COLUMNS
    scored = statements[scored_cols]
    stance = stance_result(doc)
    result = ArticleAnalysis(statements[list(COLUMNS)], narrator[list(COLUMNS)], scored, stance,
                             article_facts(scored, stance), narrator[scored_cols], entities_of(doc))
    if path is not None:
        atomic_write_bytes(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def _analysis_cache_path(art, target, model):
    import hashlib
    from pathlib import Path

    from analysis.config import CACHE_DIR
    from analysis.engines import code_version
    from analysis.nlp import model_name

    t = str(target or "")
    if t and Path(t).is_file():
        t += hashlib.sha1(Path(t).read_bytes()).hexdigest()
    key = hashlib.sha1(f"{art.sha1}|{model_name(model)}|{t}|{code_version()}".encode()).hexdigest()
    return CACHE_DIR / "analysis" / f"{key}.pickle"


def _units(d: pd.DataFrame) -> pd.DataFrame:
    """The statement rows, counted as the tables and charts count them (one row per piece)."""
    return d


def stance_counts(stance) -> dict:
    """Counts of pro / con / neutral among the attributed statements relevant to the target."""
    frame = stance.statements if stance is not None else pd.DataFrame()
    rel = frame[frame["relevant"].astype(bool)] if len(frame) and "relevant" in frame else frame.iloc[0:0]
    if len(rel) and {"coded_start", "coded_end"} <= set(rel.columns):
        rel = rel.drop_duplicates(["coded_start", "coded_end"])
    counts = {k: int((rel["stance"] == k).sum()) if len(rel) else 0 for k in ("pro", "con", "neutral")}
    n = int(len(rel))
    nar = stance.narrator if stance is not None else pd.DataFrame()
    return {"target": getattr(getattr(stance, "target", None), "label", ""),
            "target_name": getattr(getattr(stance, "target", None), "name", ""),
            "relevant": n, **counts,
            "net": (counts["pro"] - counts["con"]) / n if n else None,
            "narrator_relevant": int(nar["relevant"].astype(bool).sum()) if len(nar) and "relevant" in nar else 0}


def article_facts(scored: pd.DataFrame, stance=None) -> dict:
    """The numbers an article's summary states (JSON-serialisable)."""
    d = scored.copy()
    d["speaker_class"] = classify_frame(d) if len(d) else []
    units = _units(d)
    ranked = units[units["speaker_class"].isin(RANKED)]
    facts = {"statements": int(len(units)), "speakers": int(ranked["speaker"].nunique()),
             "unresolved": int((units["speaker_class"] == UNRESOLVED).sum()),
             "unresolved_speakers": units.loc[units["speaker_class"] == UNRESOLVED, "speaker"]
             .astype(str).value_counts().head(4).index.tolist(),
             "most_quoted": [], "most_positive": None, "most_negative": None}
    if len(ranked):
        counts = ranked.groupby("speaker").size()
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        facts["most_quoted"] = [{"speaker": s, "n": int(n)} for s, n in order[:3]]
        if "polarity" in d.columns:
            pieces = d[d["speaker_class"].isin(RANKED)]
            pol = pieces.groupby("speaker")["polarity"].mean()
            rows = [(s, float(p), int(counts[s])) for s, p in pol.items() if not np.isnan(p)]
            pos = max(rows, key=lambda r: (r[1], r[2], r[0]), default=None)
            neg = min(rows, key=lambda r: (r[1], -r[2], r[0]), default=None)
            if pos and pos[1] > NEUTRAL_BAND:
                facts["most_positive"] = {"speaker": pos[0], "mean_polarity": pos[1], "n": pos[2]}
            if neg and neg[1] < -NEUTRAL_BAND:
                facts["most_negative"] = {"speaker": neg[0], "mean_polarity": neg[1], "n": neg[2]}
    facts["stance"] = stance_counts(stance) if stance is not None else None
    return facts


def entity_sentences(entities, facts: dict) -> str:
    """Notebook 01's summary: the most-named entities, the sources and the stance counts."""
    e = entities.entities
    if e.empty:
        out = ["The article names no entities."]
    else:
        top = e.head(3)
        first = top.iloc[0]
        rest = "".join(f", {r.entity} ({r.mentions})" for r in top.iloc[1:].itertuples())
        out = [f"The article names **{_plural(len(e), 'entity', 'entities')}** "
               f"{_plural(len(entities.mentions), 'time')}; most named: **{first['entity']}** ({first['mentions']}){rest}."]
    n, k = facts["statements"], facts["speakers"]
    if n:
        mq = facts["most_quoted"]
        out.append(f"It quotes **{_plural(k, 'source')}** in {_plural(n, 'statement')}"
                   + (f", most often **{mq[0]['speaker']}** (n = {mq[0]['n']})" if mq else "")
                   + (f"; {unresolved_clause(facts['unresolved'])}" if facts["unresolved"] else "") + ".")
    else:
        out.append("It attributes no statements.")
    if facts.get("stance"):
        out.append(stance_sentence(facts["stance"]))
    return " ".join(out)


def unresolved_clause(n: int, examples=()) -> str:
    if not n:
        return ""
    ex = ", ".join(f"“{e}”" for e in examples)
    return (f"{_plural(n, 'statement')} by unresolved speakers{f' ({ex})' if ex else ''} "
            f"{'is' if n == 1 else 'are'} not ranked")


def stance_sentence(s: dict | None) -> str:
    """"On *target*: 7 relevant statements, 3 pro, 2 con, 2 neutral (net +0.14)." or the one
    sentence that says nothing concerns the target."""
    if not s:
        return ""
    target = s.get("target") or "the target"
    if not s["relevant"]:
        extra = (f" ({_plural(s['narrator_relevant'], 'narrator sentence')} {'does' if s['narrator_relevant'] == 1 else 'do'})"
                 if s.get("narrator_relevant") else "")
        return f"No attributed statement concerns the stance target, *{target}*{extra}."
    return (f"On the stance target, *{target}*: {_plural(s['relevant'], 'relevant statement')}, "
            f"**{s['pro']} pro**, **{s['con']} con**, {s['neutral']} neutral (net {_signed(s['net'])}).")


def article_sentences(facts: dict) -> str:
    """2–4 sentences of Markdown from :func:`article_facts`."""
    n, k = facts["statements"], facts["speakers"]
    if not n:
        out = ["No attributed statements were found in this article."]
    else:
        first = f"The article attributes **{_plural(n, 'statement')}** to **{_plural(k, 'source')}**"
        unres = unresolved_clause(facts["unresolved"], facts.get("unresolved_speakers", []))
        out = [first + (f"; {unres}." if unres else ".")]
        mq = facts["most_quoted"]
        if mq:
            rest = "".join(f", then {m['speaker']} (n = {m['n']})" for m in mq[1:])
            out.append(f"Most quoted: **{mq[0]['speaker']}** (n = {mq[0]['n']}){rest}.")
        tone = []
        if facts.get("most_positive"):
            p = facts["most_positive"]
            tone.append(f"most positive in tone **{p['speaker']}** (mean polarity {_signed(p['mean_polarity'])}, "
                        f"n = {p['n']})")
        if facts.get("most_negative"):
            p = facts["most_negative"]
            tone.append(f"most negative **{p['speaker']}** ({_signed(p['mean_polarity'])}, n = {p['n']})")
        if tone:
            out.append(("; ".join(tone) + ".")[0].upper() + ("; ".join(tone) + ".")[1:])
        elif n:
            out.append("No source's statements lean clearly positive or negative in tone.")
    if facts.get("stance"):
        out.append(stance_sentence(facts["stance"]))
    return " ".join(out)


def to_html(text: str) -> str:
    """The summaries' Markdown (paragraphs, **bold**, *italics*) as HTML."""
    import html
    import re

    paras = []
    for para in re.split(r"\n\s*\n", text.strip()):
        t = html.escape(para, quote=False)
        t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
        t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", t)
        paras.append(f"<p>{t}</p>")
    return "".join(paras)


#: CSS class of the summary block (the HTML tests find it by this).
SUMMARY_CLASS = "news-summary"


def show(facts: dict, text: str) -> None:
    """Display the summary sentences, with the facts in the output's metadata for the index."""
    from IPython.display import HTML, display

    display(HTML(f'<div class="{SUMMARY_CLASS}" style="font-size:1.05rem;line-height:1.5;max-width:60rem">'
                 f"{to_html(text)}</div>"), metadata={METADATA_KEY: _jsonable(facts)})


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if np.isnan(x) else float(x)
    return x


# ----------------------------------------------------------------------------------- a corpus
def corpus_facts(tables: dict, target_label: str = "", min_n: int = 5) -> dict:
    """The numbers a corpus summary states, from the corpus tables (:mod:`analysis.corpus_tables`)."""
    arts, sp = tables["articles"], tables["speakers"]
    cls = sp["speaker_class"] if "speaker_class" in sp else classify_frame(sp)
    ranked, unres = sp[cls.isin(RANKED)], sp[cls == UNRESOLVED]
    dated = arts["date"].dropna().astype(str) if len(arts) else pd.Series(dtype=str)
    facts = {"articles": int(len(arts)), "outlets": int(arts["outlet"].nunique()) if len(arts) else 0,
             "first_date": dated.min() if len(dated) else None, "last_date": dated.max() if len(dated) else None,
             "undated": int(len(arts) - len(dated)),
             "statements": int(arts["statements"].sum()) if len(arts) else 0,
             "speakers": int(len(ranked)), "unresolved": int(unres["statements"].sum()) if len(unres) else 0,
             "unresolved_speakers": unres["speaker"].astype(str).head(4).tolist(),
             "most_quoted": [{"speaker": r.speaker, "n": int(r.statements), "articles": int(r.articles)}
                             for r in ranked.head(3).itertuples()],
             "target": target_label, "sentiment_gap": None, "stance_gap": None}
    so = tables.get("sentiment_by_outlet", pd.DataFrame())
    so = so[(so["statements"] >= min_n) & so["mean_polarity"].notna()] if len(so) else so
    if len(so) >= 2:
        hi, lo = so.loc[so["mean_polarity"].idxmax()], so.loc[so["mean_polarity"].idxmin()]
        facts["sentiment_gap"] = {"high": hi["outlet"], "high_value": float(hi["mean_polarity"]),
                                  "high_n": int(hi["statements"]), "low": lo["outlet"],
                                  "low_value": float(lo["mean_polarity"]), "low_n": int(lo["statements"])}
    bo = tables.get("stance_by_outlet", pd.DataFrame())
    facts["relevant"] = int(bo.loc[bo["voice"] == "sources", "relevant"].sum()) if len(bo) else 0
    src = bo[(bo["voice"] == "sources") & (bo["relevant"] >= min_n) & bo["net"].notna()] if len(bo) else bo
    if len(src) >= 2:
        hi, lo = src.loc[src["net"].idxmax()], src.loc[src["net"].idxmin()]
        facts["stance_gap"] = {"high": hi["outlet"], "high_value": float(hi["net"]), "high_n": int(hi["relevant"]),
                               "low": lo["outlet"], "low_value": float(lo["net"]), "low_n": int(lo["relevant"])}
    return facts


def corpus_sentences(facts: dict, min_n: int = 5) -> str:
    """2–4 sentences of Markdown from :func:`corpus_facts`."""
    span = (f"from {facts['first_date']} to {facts['last_date']}" if facts["first_date"] else "without usable dates")
    if facts["undated"] and facts["first_date"]:
        span += f" ({facts['undated']} undated)"
    out = [f"**{_plural(facts['articles'], 'article')}** from **{_plural(facts['outlets'], 'outlet')}**, {span}, "
           f"with **{_plural(facts['statements'], 'attributed statement')}** by "
           f"**{_plural(facts['speakers'], 'source')}**"
           + (f"; {unresolved_clause(facts['unresolved'], facts['unresolved_speakers'])}." if facts["unresolved"]
              else ".")]
    mq = facts["most_quoted"]
    if mq:
        out.append(f"Most quoted: **{mq[0]['speaker']}** ({mq[0]['n']} statements in "
                   f"{_plural(mq[0]['articles'], 'article')})"
                   + "".join(f", {m['speaker']} ({m['n']})" for m in mq[1:]) + ".")
    gaps = []
    g = facts.get("sentiment_gap")
    if g:
        gaps.append(f"in tone, the sources quoted by **{g['high']}** are the most positive (mean polarity "
                    f"{_signed(g['high_value'])}, n = {g['high_n']}) and those quoted by **{g['low']}** the least "
                    f"({_signed(g['low_value'])}, n = {g['low_n']})")
    g = facts.get("stance_gap")
    if g:
        gaps.append(f"on *{facts['target']}*, net stance ranges from {_signed(g['high_value'])} "
                    f"(**{g['high']}**, n = {g['high_n']}) to {_signed(g['low_value'])} (**{g['low']}**, "
                    f"n = {g['low_n']})")
    if gaps:
        s = "Largest differences between outlets (at least " + f"{min_n} statements each): " + "; ".join(gaps) + "."
        out.append(s)
    elif facts["outlets"] > 1:
        out.append(f"No two outlets have {min_n} or more statements each to compare.")
    if not facts["relevant"]:
        out.append(f"No statement in the corpus concerns the stance target, *{facts['target'] or 'the target'}*.")
    elif not g:
        out.append(f"Stance target: *{facts['target']}* ({_plural(facts['relevant'], 'relevant statement')}).")
    return " ".join(out)
