"""Generate notebooks/04_corpus_overview.ipynb (run: .venv/bin/python scripts/corpus_notebook.py)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_builder import write_notebook  # noqa: E402

SPEC = [
    ("md", """# 04 · Corpus overview: who is quoted, how they sound and where they stand, across articles

This notebook reads the corpus tables that `python -m analysis analyze` writes to `DIR/corpus/` when it
analyses more than one article (or `python -m analysis report --corpus NAME PATH...`), and pools what
notebooks 01-03 show one article at a time."""),
    ("param", """corpus_dir = "output/corpus"   # the DIR/corpus/ folder written by analyze
figures_dir = None              # default: a "figures" folder beside corpus_dir
title = "Corpus"
target_label = "the stance target"
top_n = 15                      # speakers and entities shown in the charts
min_n = 5                       # fewer statements than this: shown apart, not ranked"""),
    ("code", """import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from analysis.charts import apply_style, export
from analysis.corpus_charts import (corpus_overview, most_quoted_chart, outlet_sources_chart, over_time_chart,
                                    top_rows)
from analysis.corpus_tables import merged_names, read_corpus_tables
from analysis.config import resolve_path
from analysis.entity_charts import top_entities_chart
from analysis.notebook import display_table, exported_note
from analysis.sentiment_charts import plot_speaker_polarity
from analysis.stance_charts import speaker_diverging

apply_style()
corpus_dir = resolve_path(corpus_dir)
figures_dir = resolve_path(figures_dir) if figures_dir else corpus_dir.parent / "figures"
tables = read_corpus_tables(corpus_dir)
display(Markdown(f"## {title}\\n\\n" + corpus_overview(tables)))"""),
    ("md", """## Method and caveats

- Every number comes from the per-article tables (statements, speakers, entities, stance), pooled. A
  speaker's spellings are merged across articles: titles and possessives are dropped, a surname alone
  joins the one full name with that surname, and close spellings of the same name (Lukashenko,
  Lukashenka) are joined by string similarity. The table of names below shows every merge; check it.
- Sentiment is TextBlob polarity of each statement's content; stance is the rule-based coding toward the
  stance target (see notebook 03 and `docs/stance.md`), *net* = (pro − con) / relevant statements.
- Intervals are seeded bootstrap 95% intervals. Statements of one speaker in one article are not
  independent, so treat the intervals as optimistic.
- **Small numbers.** A speaker or outlet with fewer than `min_n` statements is shown apart, in grey or
  pale colours, in name order, and labelled *n<5*: such estimates are not ranked.
- The corpus is whatever was analysed: its outlets and dates are not a sample of all coverage."""),
    ("code", """arts = tables["articles"]
display_table(arts, columns=["date", "outlet", "title", "statements", "entities"], max_chars={"title": 90},
              empty="*No articles.*")"""),
    ("md", """## The most-quoted sources

Named sources only (people, organisations, places); unnamed ones ("officials") are in the table."""),
    ("code", """chart = most_quoted_chart(tables["speakers"], top=top_n)
files = export(chart, figures_dir)
plt.show()
display_table(tables["speakers"].head(top_n), columns=["speaker", "speaker_type", "statements", "articles", "outlets",
                                                       "names_in_articles"], split_pipes=["names_in_articles"],
              rename={"names_in_articles": "written as"})"""),
    ("md", """## Who each outlet quotes"""),
    ("code", """chart = outlet_sources_chart(tables["speaker_outlets"], tables["speakers"], top=top_n, min_n=min_n)
files = export(chart, figures_dir)
plt.show()"""),
    ("md", """## Sentiment by speaker across the corpus

The most-quoted speakers' mean polarity, with the interval and the number of statements."""),
    ("code", """chart = plot_speaker_polarity(top_rows(tables["sentiment_by_speaker"], top_n), name="corpus_sentiment_by_speaker",
                              min_n=min_n, title="Mean sentiment of each speaker's statements, across the corpus")
files = export(chart, figures_dir)
plt.show()
display_table(tables["sentiment_by_outlet"], columns=["outlet", "articles", "statements", "mean_polarity", "ci_low",
                                                      "ci_high", "ci_note"], signed=["mean_polarity", "ci_low", "ci_high"],
              rename={"ci_low": "95% low", "ci_high": "95% high", "ci_note": "note"})"""),
    ("md", """## Stance toward the target, by speaker and by outlet

By outlet, only the sources it quotes; the outlet's own (narrator) sentences are in the table below."""),
    ("code", """stance = tables["stance_by_speaker"]
if (stance["relevant"] > 0).any():
    chart = speaker_diverging(top_rows(stance[stance["relevant"] > 0], top_n, "relevant"), "", target_label,
                              name="corpus_stance_by_speaker", min_n=min_n,
                              title=f"Stance toward {target_label}, by speaker, across the corpus")
    files = export(chart, figures_dir)
    plt.show()
else:
    display(Markdown("*No statement in the corpus concerns the target.*"))"""),
    ("code", """by_outlet = tables["stance_by_outlet"]
sources = by_outlet[by_outlet["voice"] == "sources"]
if (sources["relevant"] > 0).any():
    chart = speaker_diverging(sources, "", target_label, name="corpus_stance_by_outlet", key="outlet", min_n=min_n,
                              title=f"Stance toward {target_label} of the sources each outlet quotes")
    files = export(chart, figures_dir)
    plt.show()
display_table(by_outlet, columns=["outlet", "voice", "articles", "relevant", "pro", "con", "neutral", "net", "net_low",
                                  "net_high"], signed=["net", "net_low", "net_high"],
              rename={"net_low": "95% low", "net_high": "95% high"})"""),
    ("md", """## Volume and stance over time"""),
    ("code", """chart = over_time_chart(tables["by_date"])
files = export(chart, figures_dir)
plt.show()"""),
    ("md", """## The corpus-wide entity picture"""),
    ("code", """chart = top_entities_chart(tables["entities"], top=top_n, name="corpus_entities_top", articles=True,
                           title=f"Most-named entities across the corpus (top {min(top_n, len(tables['entities']))})",
                           note="Named-entity mentions summed over articles (spaCy NER, canonicalised per article, "
                                "then spellings merged across articles). Pronouns not counted.")
files = export(chart, figures_dir)
plt.show()
display(Markdown(exported_note(figures_dir, (p.name for p in figures_dir.glob("corpus_*.png")))))"""),
    ("md", """## How speakers' names were merged

Every spelling found in an article, and the name it was merged into."""),
    ("code", """display_table(merged_names(tables["speaker_names"]), rename={"name_in_article": "written in an article as"},
              empty="*No speaker was written in more than one way.*")"""),
]

if __name__ == "__main__":
    write_notebook(SPEC, "04_corpus_overview.ipynb", "corpus")
