"""Generate notebooks/02_sentiment_by_speaker.ipynb (no outputs) with nbformat.

    .venv/bin/python scripts/sentiment_notebook.py
"""
from __future__ import annotations

from notebook_builder import write_notebook

CELLS = [
    ("md", """# 02 · Sentiment by speaker: who sounds positive or negative?

Each attributed statement scored (TextBlob, VADER) and summarised per source; method, caveats and evaluation at the end."""),
    ("param", """article = "seeds/nbc_2020-08_belarus_putin.txt"
model = None
figures_dir = None
target = "belarus"   # stance target named in the summary (a name or a JSON path)
tables_href = None                # how the report page links to figures_dir (set by `report`)
headline_n = 6                    # sources shown in the headline chart"""),
    ("code", """import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import sentiment as sent
from analysis import summary as sm
from analysis.charts import export
from analysis.highlight import highlight_html, statement_spans
from analysis.notebook import display_table, exported_note, fmt_number, setup, show_table
from analysis.sentiment_charts import (plot_polarity_subjectivity, plot_sentiment_timeline, plot_speaker_polarity,
                                       speaker_table)
from analysis.speakers import ranked_speakers, unresolved_note

art, doc, figures_dir = setup(article, model, figures_dir)
analysis = sm.analyse_article(art, doc, target, model=model)
scored = analysis.scored
narrator = analysis.narrator_scored
sm.show(analysis.facts, sm.article_sentences(analysis.facts))"""),
    ("code", """summary = sent.speaker_summary(scored)
ranked = summary[summary["speaker"].isin(ranked_speakers(scored))].reset_index(drop=True)
chart = plot_speaker_polarity(ranked.head(headline_n))
export(chart, figures_dir)
plt.show()"""),
    ("md", """## The statements

Each statement with its scores (*class*: name, organisation, role, group, or unresolved — a pronoun or
fragment that attribution could not tie to a source; those are listed but never ranked). Below the table
the article text shows the attribution: speaker mention, reporting cue, and the content shaded by kind
(hover over a mark for speaker and score)."""),
    ("code", """show_table(scored, columns=["statement_id", "paragraph", "speaker", "speaker_class", "kind", "text", "polarity",
                            "subjectivity", "vader_compound", "sentiment_words"],
           rename={"statement_id": "#", "paragraph": "¶", "speaker_class": "class", "text": "content",
                   "vader_compound": "VADER", "sentiment_words": "sentiment words"},
           signed=["polarity", "vader_compound"], wrap=["text", "sentiment_words"],
           csv="statements_sentiment.csv", folder=figures_dir, href_base=tables_href,
           empty="*No attributed statements were found in this article.*")"""),
    ("code", """display(HTML(highlight_html(art, statement_spans(scored, art))))"""),
    ("md", """## Sentiment per source

Mean polarity with its 95% bootstrap interval; the note flags single statements (no interval) and small
samples. *Direct*, *partial* and *indirect* count the source's statements by kind."""),
    ("code", """show_table(speaker_table(ranked), signed=["mean polarity", "mean VADER"], pretty_headers=False,
           csv="sentiment_by_speaker_table.csv", folder=figures_dir, href_base=tables_href,
           empty="*No sources to summarise.*")
note = unresolved_note(scored)
if note:
    display(Markdown(note))"""),
    ("md", """### Direct versus indirect speech, and the narrator

Quotes are the speaker's own words; indirect speech is the journalist's paraphrase. The second table
sets all quoted speakers against the narrator's unattributed sentences."""),
    ("code", """display_table(sent.kind_breakdown(scored), signed=["mean_polarity"], empty="*No statements.*")
display_table(sent.narrator_comparison(scored, narrator), signed=["mean_polarity", "ci_low", "ci_high", "mean_vader"],
              rename={"ci_low": "95% CI low", "ci_high": "95% CI high", "ci_note": "note", "mean_vader": "mean VADER"})"""),
    ("md", """### The narrator's sentences

The outlet's own sentences, scored the same way."""),
    ("code", """show_table(narrator, columns=["paragraph", "text", "polarity", "subjectivity", "vader_compound", "sentiment_words"],
           rename={"paragraph": "¶", "text": "sentence", "vader_compound": "VADER", "sentiment_words": "sentiment words"},
           signed=["polarity", "vader_compound"], wrap=["text", "sentiment_words"],
           csv="narrator_sentiment.csv", folder=figures_dir, href_base=tables_href,
           empty="*No narrator sentences.*")"""),
    ("md", """## More charts

Each chart is exported to the figures folder as PNG, SVG and a CSV of the plotted numbers."""),
    ("code", """chart = plot_polarity_subjectivity(scored)
export(chart, figures_dir)
plt.show()"""),
    ("code", """chart = plot_sentiment_timeline(scored, narrator, art)
export(chart, figures_dir)
plt.show()
display(Markdown(exported_note(figures_dir, (p.name for p in figures_dir.glob("sentiment_*.png")))))"""),
    ("md-details", """## Method

* **Statements** come from the attribution extractor: each row is the *content* of what a speaker said
  (direct quote, partial quote or indirect/reported speech), with the speaker resolved to a canonical name.
  Sentences that nobody is quoted as saying are the **narrator's**. A speaker that is a pronoun nobody
  was found for, or a fragment ("softer language"), is *unresolved*: listed, counted, never ranked.
* **Polarity and subjectivity** are TextBlob's lexicon scores (the *Pattern* analyser) of the content
  text only, never of the attribution clause ("..., he said"). Polarity runs from -1 (negative) to +1
  (positive), subjectivity from 0 (factual) to 1 (opinionated). Both are averages over the lexicon words
  found in the text; a statement without any lexicon word scores 0 / 0. The column *sentiment words*
  shows which words moved the score, as `words(polarity)`: a word group is a lexicon word together with
  the intensifier or negation it absorbed (e.g. `not very good(-0.27)`).
* **VADER** (a rule-based social-media lexicon) gives a second opinion, its compound score (column *VADER*) in [-1, 1].
  Curly apostrophes are straightened first so that VADER recognises contractions.
* **Per speaker**: number of statements, mean polarity with a bootstrap 95% interval (percentile method,
  fixed random seed, pieces of one split quote resampled together; a single statement has no interval),
  mean subjectivity, and the direct / partial / indirect breakdown."""),
    ("md-details", """## Second opinion: VADER

Agreement between TextBlob polarity and VADER compound. A score within ±0.05 counts as neutral for the
label comparison; correlations use all statements."""),
    ("code-details", """agreement = sent.method_agreement(scored)
display_table(agreement, formats={"value": fmt_number})
if len(scored):
    display(Markdown("Labels: TextBlob (rows) against VADER (columns), number of statements"))
    display(sent.label_crosstab(scored))"""),
    ("md-details", """## Caveats, computed live

* TextBlob treats *not* as negation but not the contraction *n't*: "isn't good" scores like "good".
* Hedge words are lopsided: *unlikely* has negative polarity while *likely* is neutral, so forecasts
  score as sentiment.
* Sentiment is not stance: a speaker can use negative words about something they support (or positive
  words about an opponent's failure). Stance is analysed in the next report.
* Lexicon scores count topic words (e.g. *military*, *political*) as mildly positive or negative even
  when nobody is expressing an opinion. Scores of short statements rest on one or two words.
* Reported (indirect) speech is the journalist's paraphrase, so its wording is partly the narrator's.

First, short demonstration sentences scored now by both methods. Then the statements of this article
(and narrator sentences) that show the same phenomena, if any."""),
    ("code-details", """display_table(sent.caveat_demos(), signed=["polarity_a", "vader_a", "polarity_b", "vader_b"],
              rename={"text_a": "sentence A", "polarity_a": "polarity A", "words_a": "words A", "vader_a": "VADER A",
                      "text_b": "sentence B", "polarity_b": "polarity B", "words_b": "words B", "vader_b": "VADER B"})"""),
    ("code-details", """examples = sent.find_caveat_examples(pd.concat([scored, narrator], ignore_index=True))
if examples.empty:
    display(Markdown("*None of the known weak spots (n't, likely/unlikely, negation before a lexicon word) "
                     "occur in this article's statements.*"))
else:
    for phen, ex in examples.groupby("phenomenon", sort=False):
        display(Markdown(f"**{phen}**: {len(ex)} statement(s)"))
        display_table(ex.drop(columns="phenomenon"), signed=["polarity"],
                      rename={"statement_id": "#", "text": "statement", "sentiment_words": "sentiment words"})
missing = {"n't", "likely/unlikely", "negation"} - set(examples["phenomenon"])
if missing and not examples.empty:
    display(Markdown("No examples in this article for: " + ", ".join(sorted(missing)) + "."))"""),
    ("md-details", """The words that carry the article's sentiment scores most often. Check whether they express an
opinion or merely name a topic (lexicon scores cannot tell the difference)."""),
    ("code-details", """words = sent.sentiment_word_table(pd.concat([scored, narrator], ignore_index=True))
if words.empty:
    display(Markdown("*No lexicon words found.*"))
else:
    top = (words.groupby("words").agg(occurrences=("polarity", "size"), polarity=("polarity", "mean"),
                                      subjectivity=("subjectivity", "mean"))
           .assign(weight=lambda d: d["occurrences"] * d["polarity"].abs())
           .sort_values(["weight", "occurrences"], ascending=False, kind="stable").head(15).reset_index())
    display_table(top, signed=["polarity"], rename={"words": "word(s)"})"""),
    ("md-details", """## How well does attribution work on unseen articles?

The extractor is developed on PolNeAR (US political news with attributions coded by trained
annotators) and on the stance-dev articles, never on the demo article; held-out test sets are
measured the same way (definitions in `docs/evaluation.md`). These are the figures to judge it by,
as `make eval` last measured them (it writes `docs/dev_figures.json`; the report never re-runs it)."""),
    ("code-details", """from analysis.evaluate import dev_figures, dev_figures_note

dev = dev_figures()
if len(dev):
    display_table(dev, wrap=["value"])
display(Markdown(dev_figures_note()))"""),
    ("md-details", """## Evaluation against a reference annotation (in-sample)

If a hand annotation `<article-id>.statements.csv` sits beside the article (or in `seeds/`), the
extracted statements are scored against it: precision, recall and speaker accuracy. For the demo
article this coding is **in-sample**: the rules were first written while reading it, so its scores
overstate what to expect on other articles — use the development-set figures above for that."""),
    ("code-details", """from analysis.config import SEEDS_DIR

candidates = [p for p in ([art.path.with_name(f"{art.id}.statements.csv")] if art.path else [])
              + [SEEDS_DIR / f"{art.id}.statements.csv"]]
ref_path = next((p for p in candidates if p.exists()), None)
if ref_path is None:
    display(Markdown(f"*No reference annotation for `{art.id}`; evaluation skipped.*"))
else:
    from analysis.statements import load_reference, score_against_reference

    evaluation = score_against_reference(analysis.statements, load_reference(ref_path))
    display(Markdown(f"Reference: `{ref_path.name}`"))
    metrics = {k: v for k, v in evaluation.items() if not isinstance(v, pd.DataFrame)}
    display_table(pd.DataFrame({"measure": [m.replace("_", " ").replace("n pred", "statements extracted")
                                            .replace("n ref", "statements in reference")
                                            .replace("n matched", "matched") for m in metrics],
                                "value": list(metrics.values())}), formats={"value": fmt_number})
    comparison = evaluation.get("comparison")
    if isinstance(comparison, pd.DataFrame) and len(comparison):
        problems = comparison[(comparison["status"] != "matched") | ~comparison["speaker_ok"]]
        display(Markdown(f"Rows that are missed, spurious or with a wrong speaker: **{len(problems)}**"))
        if len(problems):
            display_table(problems, columns=["status", "paragraph", "ref_speaker", "pred_speaker", "ref_kind",
                                             "pred_kind", "ref_text", "pred_text"],
                          wrap=["ref_text", "pred_text"], max_chars=200,
                          rename={"paragraph": "¶", "ref_speaker": "reference speaker",
                                  "pred_speaker": "extracted speaker", "ref_kind": "reference kind",
                                  "pred_kind": "extracted kind", "ref_text": "reference text",
                                  "pred_text": "extracted text"})"""),
]


if __name__ == "__main__":
    write_notebook(CELLS, "02_sentiment_by_speaker.ipynb", "sentiment")
