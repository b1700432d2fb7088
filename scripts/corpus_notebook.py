"""Generate notebooks/04_corpus_overview.ipynb (run: .venv/bin/python scripts/corpus_notebook.py)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_builder import write_notebook  # noqa: E402

SPEC = [
    ("md", """# 04 · Corpus overview: who is quoted, how they sound and where they stand

Notebooks 01–03 pooled over many articles, from the corpus tables `python -m analysis analyze` writes to
`DIR/corpus/` (or `python -m analysis report --corpus NAME PATH...`); method and caveats are at the end."""),
    ("param", """corpus_dir = "output/corpus"   # the DIR/corpus/ folder written by analyze
figures_dir = None              # default: a "figures" folder beside corpus_dir
title = "Corpus"
target_label = "the stance target"
tables_href = None              # how the report page links to figures_dir (set by `report`)
top_n = 15                      # speakers and entities shown in the charts
headline_n = 8                  # sources shown in the headline chart
min_n = 5                       # fewer statements than this: shown apart, not ranked"""),
    ("code", """import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from analysis import summary as sm
from analysis.charts import apply_style, export
from analysis.corpus_charts import most_quoted_chart, outlet_sources_chart, over_time_chart, top_rows
from analysis.corpus_tables import merged_names, read_corpus_tables
from analysis.config import resolve_path
from analysis.entity_charts import top_entities_chart
from analysis.notebook import display_table, exported_note, init_tables, show_table
from analysis.sentiment_charts import plot_speaker_polarity
from analysis.speakers import RANKED
from analysis.stance_charts import speaker_diverging

apply_style()
init_tables()
corpus_dir = resolve_path(corpus_dir)
figures_dir = resolve_path(figures_dir) if figures_dir else corpus_dir.parent / "figures"
tables = read_corpus_tables(corpus_dir)
facts = sm.corpus_facts(tables, target_label, min_n)
sm.show(facts, f"**{title}** · stance target: *{target_label}*\\n\\n" + sm.corpus_sentences(facts, min_n))"""),
    ("code", """sources = tables["speakers"][tables["speakers"]["speaker_class"].isin(RANKED)]
chart = most_quoted_chart(sources, top=headline_n)
files = export(chart, figures_dir)
plt.show()"""),
    ("md", """## Who each outlet quotes"""),
    ("code", """quoted = tables["speaker_outlets"][tables["speaker_outlets"]["speaker_class"].isin(RANKED)]
chart = outlet_sources_chart(quoted, sources, top=top_n, min_n=min_n)
files = export(chart, figures_dir)
plt.show()"""),
    ("md", """## Sentiment by source across the corpus

The most-quoted sources' mean polarity, with the interval and the number of statements; then each
outlet's quoted sources together."""),
    ("code", """sent_sources = tables["sentiment_by_speaker"][tables["sentiment_by_speaker"]["speaker_class"].isin(RANKED)]
chart = plot_speaker_polarity(top_rows(sent_sources, top_n), name="corpus_sentiment_by_speaker",
                              min_n=min_n, title="Mean sentiment of each source's statements, across the corpus")
files = export(chart, figures_dir)
plt.show()
show_table(tables["sentiment_by_outlet"], columns=["outlet", "articles", "statements", "mean_polarity", "ci_low",
                                                   "ci_high", "ci_note"], signed=["mean_polarity", "ci_low", "ci_high"],
           rename={"ci_low": "95% low", "ci_high": "95% high", "ci_note": "note"},
           csv="corpus_sentiment_by_outlet_table.csv", folder=figures_dir, href_base=tables_href)"""),
    ("code", """stance = tables["stance_by_speaker"]
stance = stance[stance["speaker_class"].isin(RANKED) & (stance["relevant"] > 0)]
by_outlet = tables["stance_by_outlet"]
if len(stance):
    display(Markdown(f"## Stance toward {target_label}, by source and by outlet\\n\\nBy outlet, only the sources "
                     "it quotes; the outlet's own (narrator) sentences are in the table below."))
    chart = speaker_diverging(top_rows(stance, top_n, "relevant"), "", target_label,
                              name="corpus_stance_by_speaker", min_n=min_n,
                              title=f"Stance toward {target_label}, by source, across the corpus")
    files = export(chart, figures_dir)
    plt.show()
    voiced = by_outlet[(by_outlet["voice"] == "sources") & (by_outlet["relevant"] > 0)]
    if len(voiced):
        chart = speaker_diverging(voiced, "", target_label, name="corpus_stance_by_outlet", key="outlet",
                                  min_n=min_n, title=f"Stance toward {target_label} of the sources each outlet quotes")
        files = export(chart, figures_dir)
        plt.show()
    show_table(by_outlet[by_outlet["relevant"] > 0], columns=["outlet", "voice", "articles", "relevant", "pro", "con",
                                                            "neutral", "net", "net_low", "net_high"],
               signed=["net", "net_low", "net_high"], rename={"net_low": "95% low", "net_high": "95% high"},
               csv="corpus_stance_by_outlet_table.csv", folder=figures_dir, href_base=tables_href)
else:
    display(Markdown(f"## Stance\\n\\nNo statement in the corpus concerns the stance target, *{target_label}*: "
                     "there is no stance to chart. Choose another target with `report --corpus NAME --target T`."))"""),
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
    ("md", """## Every source

All speakers, sources first; *class* says whether a speaker is a name, an organisation, a role or a
group — or unresolved (a pronoun or fragment attribution could not tie to a source), which is kept
here but never ranked."""),
    ("code", """show_table(tables["speakers"], columns=["speaker", "speaker_class", "speaker_type", "statements", "articles",
                                        "outlets", "names_in_articles"], split_pipes=["names_in_articles"],
           rename={"speaker_class": "class", "speaker_type": "type", "names_in_articles": "written as"},
           max_chars={"names_in_articles": 120}, csv="corpus_speakers_table.csv", folder=figures_dir,
           href_base=tables_href)"""),
    ("md", """## Who each outlet quotes, in full"""),
    ("code", """show_table(tables["speaker_outlets"], columns=["outlet", "speaker", "speaker_class", "statements", "articles",
                                               "share_of_outlet"],
           rename={"speaker_class": "class", "share_of_outlet": "share of outlet"}, precision=3,
           csv="corpus_speaker_outlets_table.csv", folder=figures_dir, href_base=tables_href)"""),
    ("md", """## The articles"""),
    ("code", """show_table(tables["articles"], columns=["date", "outlet", "title", "statements", "entities"],
           max_chars={"title": 120}, csv="corpus_articles_table.csv", folder=figures_dir, href_base=tables_href,
           empty="*No articles.*")"""),
    ("md-details", """## Method and caveats

- Every number comes from the per-article tables (statements, speakers, entities, stance), pooled. A
  speaker's spellings are merged across articles: titles and possessives are dropped, a surname alone
  joins the one full name with that surname, and close spellings of the same name (Lukashenko,
  Lukashenka) are joined by string similarity. The table of names below shows every merge; check it.
- Only real sources are ranked: a name, an organisation, a titled role or a group. Statements by
  unresolved speakers (pronouns nobody was found for, fragments) are counted in the summary and kept
  in the tables with class *unresolved*.
- Sentiment is TextBlob polarity of each statement's content; stance is the rule-based coding toward the
  stance target (see notebook 03 and `docs/stance.md`), *net* = (pro − con) / relevant statements.
- Intervals are seeded bootstrap 95% intervals. Statements of one speaker in one article are not
  independent, so treat the intervals as optimistic.
- **Small numbers.** A speaker or outlet with fewer than `min_n` statements is shown apart, in grey or
  pale colours, in name order, and labelled *n<5*: such estimates are not ranked.
- The corpus is whatever was analysed: its outlets and dates are not a sample of all coverage."""),
    ("md-details", """## How speakers' names were merged

Every spelling found in an article, and the name it was merged into."""),
    ("code-details", """show_table(merged_names(tables["speaker_names"]), rename={"name_in_article": "written in an article as"},
           csv="corpus_merged_names_table.csv", folder=figures_dir, href_base=tables_href,
           empty="*No speaker was written in more than one way.*")"""),
]

if __name__ == "__main__":
    write_notebook(SPEC, "04_corpus_overview.ipynb", "corpus")
