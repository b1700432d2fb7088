"""Generate notebooks/02_sentiment_by_speaker.ipynb (no outputs) with nbformat.

    .venv/bin/python scripts/sentiment_notebook.py
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "02_sentiment_by_speaker.ipynb"

CELLS = [
    ("md", """# Sentiment by speaker

Who in the article sounds positive or negative? Each attributed statement (quote or reported speech)
is scored for sentiment, and the scores are summarised per speaker. The narrator's own sentences are
scored too, for comparison."""),
    ("param", """article = "seeds/nbc_2020-08_belarus_putin.txt"
model = None
figures_dir = None"""),
    ("code", """import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import sentiment as sent
from analysis.entities import extract_entities
from analysis.highlight import highlight_html, statement_spans
from analysis.notebook import setup
from analysis.sentiment_charts import plot_polarity_subjectivity, plot_sentiment_timeline, plot_speaker_polarity
from analysis.statements import extract_statements

art, doc, figures_dir = setup(article, model, figures_dir)
pd.set_option("display.max_colwidth", 140)
pd.set_option("display.precision", 3)"""),
    ("md", """## Method

* **Statements** come from the attribution extractor: each row is the *content* of what a speaker said
  (direct quote, partial quote or indirect/reported speech), with the speaker resolved to a canonical name.
  Sentences that nobody is quoted as saying are the **narrator's**.
* **Polarity and subjectivity** are TextBlob's lexicon scores (the *Pattern* analyser) of the content
  text only, never of the attribution clause ("..., he said"). Polarity runs from -1 (negative) to +1
  (positive), subjectivity from 0 (factual) to 1 (opinionated). Both are averages over the lexicon words
  found in the text; a statement without any lexicon word scores 0 / 0. The column `sentiment_words`
  shows which words moved the score, as `words(polarity)`: a word group is a lexicon word together with
  the intensifier or negation it absorbed (e.g. `not very good(-0.27)`).
* **VADER** (a rule-based social-media lexicon) gives a second opinion, `vader_compound` in [-1, 1].
  Curly apostrophes are straightened first so that VADER recognises contractions.
* **Per speaker**: number of statements, mean polarity with a bootstrap 95% interval (percentile method,
  fixed random seed, pieces of one split quote resampled together; a single statement has no interval),
  mean subjectivity, and the direct / partial / indirect breakdown.

## Caveats (demonstrated live further down)

* TextBlob treats *not* as negation but not the contraction *n't*: "isn't good" scores like "good".
* Hedge words are lopsided: *unlikely* has negative polarity while *likely* is neutral, so forecasts
  score as sentiment.
* Sentiment is not stance: a speaker can use negative words about something they support (or positive
  words about an opponent's failure). Stance is analysed in the next notebook.
* Lexicon scores count topic words (e.g. *military*, *political*) as mildly positive or negative even
  when nobody is expressing an opinion. Scores of short statements rest on one or two words.
* Reported (indirect) speech is the journalist's paraphrase, so its wording is partly the narrator's."""),
    ("code", """ents = extract_entities(art, doc)
result = extract_statements(art, doc, ents)
scored = sent.score_statements(result.statements, art)
narrator = sent.score_statements(result.narrator, art)
display(Markdown(f"**{len(scored)}** attributed statements by **{scored['speaker'].nunique()}** speakers; "
                 f"**{len(narrator)}** narrator sentences."))"""),
    ("md", """## The statements

Each statement with its scores. Below the table the article text shows the attribution: speaker mention,
reporting cue, and the content shaded by kind (hover over a mark for speaker and score)."""),
    ("code", """table_cols = ["statement_id", "paragraph", "speaker", "kind", "text", "polarity", "subjectivity",
              "vader_compound", "sentiment_words"]
if scored.empty:
    display(Markdown("*No attributed statements were found in this article.*"))
else:
    display(scored[table_cols].rename(columns={"text": "content"}).style.hide(axis="index")
            .format({"polarity": "{:+.2f}", "subjectivity": "{:.2f}", "vader_compound": "{:+.2f}"})
            .set_properties(subset=["content", "sentiment_words"], **{"text-align": "left"}))"""),
    ("code", """display(HTML(highlight_html(art, statement_spans(scored, art))))"""),
    ("md", """## Sentiment per speaker

`mean_polarity` with its 95% bootstrap interval (`ci_low`, `ci_high`); `ci_note` flags single statements
(no interval) and small samples. `n_direct` / `n_partial` / `n_indirect` count statements by kind and
`mean_polarity_<kind>` averages them."""),
    ("code", """summary = sent.speaker_summary(scored)
if summary.empty:
    display(Markdown("*No speakers to summarise.*"))
else:
    display(summary.style.hide(axis="index").format(precision=3, na_rep="–"))"""),
    ("md", """### Direct versus indirect speech, and the narrator

Quotes are the speaker's own words; indirect speech is the journalist's paraphrase. The second table
sets all quoted speakers against the narrator's unattributed sentences."""),
    ("code", """display(sent.kind_breakdown(scored).style.hide(axis="index").format(precision=3, na_rep="–"))
display(sent.narrator_comparison(scored, narrator).style.hide(axis="index").format(precision=3, na_rep="–"))"""),
    ("md", """## Second opinion: VADER

Agreement between TextBlob polarity and VADER compound. A score within ±0.05 counts as neutral for the
label comparison; correlations use all statements."""),
    ("code", """agreement = sent.method_agreement(scored)
display(agreement.style.hide(axis="index").format({"value": "{:.3f}"}, na_rep="–"))
if len(scored):
    display(Markdown("Labels: TextBlob (rows) against VADER (columns), number of statements"))
    display(sent.label_crosstab(scored))"""),
    ("md", """## Caveats, computed live

First, short demonstration sentences scored now by both methods. Then the statements of this article
(and narrator sentences) that show the same phenomena, if any."""),
    ("code", """display(sent.caveat_demos().style.hide(axis="index").format(precision=2))"""),
    ("code", """examples = sent.find_caveat_examples(pd.concat([scored, narrator], ignore_index=True))
if examples.empty:
    display(Markdown("*None of the known weak spots (n't, likely/unlikely, negation before a lexicon word) "
                     "occur in this article's statements.*"))
else:
    for phen, ex in examples.groupby("phenomenon", sort=False):
        display(Markdown(f"**{phen}**: {len(ex)} statement(s)"))
        display(ex.drop(columns="phenomenon").style.hide(axis="index").format({"polarity": "{:+.2f}"}))
missing = {"n't", "likely/unlikely", "negation"} - set(examples["phenomenon"])
if missing and not examples.empty:
    display(Markdown("No examples in this article for: " + ", ".join(sorted(missing)) + "."))"""),
    ("md", """The words that carry the article's sentiment scores most often. Check whether they express an
opinion or merely name a topic (lexicon scores cannot tell the difference)."""),
    ("code", """words = sent.sentiment_word_table(pd.concat([scored, narrator], ignore_index=True))
if words.empty:
    display(Markdown("*No lexicon words found.*"))
else:
    top = (words.groupby("words").agg(occurrences=("polarity", "size"), polarity=("polarity", "mean"),
                                      subjectivity=("subjectivity", "mean"))
           .assign(weight=lambda d: d["occurrences"] * d["polarity"].abs())
           .sort_values(["weight", "occurrences"], ascending=False, kind="stable").head(15).reset_index())
    display(top.style.hide(axis="index").format(precision=2))"""),
    ("md", """## Charts

Each chart is exported to the figures folder as PNG, SVG and a CSV of the plotted numbers."""),
    ("code", """chart = plot_speaker_polarity(summary, figures_dir)
plt.show()"""),
    ("code", """chart = plot_polarity_subjectivity(scored, figures_dir)
plt.show()"""),
    ("code", """chart = plot_sentiment_timeline(scored, narrator, art, figures_dir)
plt.show()
display(Markdown("Exported: " + ", ".join(sorted(p.name for p in figures_dir.glob("sentiment_*.png")))))"""),
    ("md", """## Evaluation against a reference annotation

If a hand annotation `<article-id>.statements.csv` sits beside the article (or in `seeds/`), the
extracted statements are scored against it: precision, recall and speaker accuracy."""),
    ("code", """from analysis.config import SEEDS_DIR

candidates = [p for p in ([art.path.with_name(f"{art.id}.statements.csv")] if art.path else [])
              + [SEEDS_DIR / f"{art.id}.statements.csv"]]
ref_path = next((p for p in candidates if p.exists()), None)
if ref_path is None:
    display(Markdown(f"*No reference annotation for `{art.id}`; evaluation skipped.*"))
else:
    from analysis.statements import load_reference, score_against_reference

    evaluation = score_against_reference(result.statements, load_reference(ref_path))
    display(Markdown(f"Reference: `{ref_path.name}`"))
    metrics = {k: v for k, v in evaluation.items() if not isinstance(v, pd.DataFrame)}
    display(pd.DataFrame({"measure": list(metrics), "value": list(metrics.values())})
            .style.hide(axis="index").format({"value": "{:.3g}"}))
    comparison = evaluation.get("comparison")
    if isinstance(comparison, pd.DataFrame) and len(comparison):
        problems = comparison[(comparison["status"] != "matched") | ~comparison["speaker_ok"]]
        display(Markdown(f"Rows that are missed, spurious or with a wrong speaker: **{len(problems)}**"))
        if len(problems):
            display(problems.style.hide(axis="index"))"""),
    ("md", """## Key findings"""),
    ("code", """display(Markdown(sent.key_findings(summary, agreement, narrator)))"""),
]


def build() -> nbformat.NotebookNode:
    cells = []
    for kind, src in CELLS:
        if kind == "md":
            cells.append(new_markdown_cell(src))
        else:
            cell = new_code_cell(src)
            if kind == "param":
                cell.metadata["tags"] = ["parameters"]
            cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "news-analysis", "display_name": "Python (news-analysis)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    nb = build()
    nbformat.validate(nb)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
