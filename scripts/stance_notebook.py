"""Generate notebooks/03_stance_russian_intervention.ipynb (no outputs) with nbformat.

    .venv/bin/python scripts/stance_notebook.py
"""
from __future__ import annotations

from notebook_builder import write_notebook

CELLS = [
    ("md", """# 03 · Stance: who expects or endorses the target action, who doubts or opposes it?

Target chosen with the `target` parameter or `report --target` (a name or a JSON path); codebook, method and evaluation at the end."""),
    ("param", """article = "seeds/nbc_2020-08_belarus_putin.txt"
model = None
figures_dir = None
target = "belarus"   # a name under analysis/data/stance_targets/ or a JSON path
tables_href = None                # how the report page links to figures_dir (set by `report`)
headline_n = 6                    # sources shown in the headline chart"""),
    ("code", """import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import stance as st
from analysis import stance_charts as sc
from analysis import summary as sm
from analysis.charts import export
from analysis.notebook import display_table, exported_note, setup, show_table
from analysis.speakers import ranked_speakers, unresolved_note

art, doc, figures_dir = setup(article, model, figures_dir)
analysis = sm.analyse_article(art, doc, target, model=model)
result = analysis.stance
coded = result.all
n_relevant = int(result.statements["relevant"].sum()) if len(result.statements) else 0
sm.show(analysis.facts, sm.article_sentences(analysis.facts))"""),
    ("code", """sources = ranked_speakers(analysis.statements)
by_speaker = result.by_speaker[result.by_speaker["speaker"].isin(sources)].reset_index(drop=True)
if (by_speaker["relevant"] > 0).any():
    top = by_speaker[by_speaker["relevant"] > 0].sort_values(["relevant", "speaker"], ascending=[False, True],
                                                              kind="stable").head(headline_n)
    chart = sc.speaker_diverging(top, result.target.question, result.target.label)
    export(chart, figures_dir)
    plt.show()"""),
    ("md", """## Who takes which side?

Per source: counts of each label among relevant statements and a net score (pro − con) / relevant in
[−1, 1] with a seeded bootstrap 95% interval. The role comes from titles in appositives or before the
name ("a senior consultant at …" → expert, "Minister of Foreign Affairs" → official)."""),
    ("code", """if n_relevant:
    display_table(sc.stance_table(by_speaker[by_speaker["relevant"] > 0]), signed=["net"],
                  empty="*No source makes a relevant statement.*")
    display(Markdown("**Pooled by role** (experts vs officials vs the narrator):"))
    display_table(sc.stance_table(st.summarize_by_role(result)), signed=["net"], empty="*No statements to summarise.*")
    note = unresolved_note(analysis.statements)
    if note:
        display(Markdown(note))
else:
    display(Markdown(f"No attributed statement in this article concerns *{result.target.label}*, so there is "
                     "no stance to chart; the statements below show why each was judged not relevant."))"""),
    ("md", """## The coded statements

Cue words are marked: blue pushes toward *pro* (likely / favour), vermillion toward *con*
(unlikely / against), grey marks uncertainty, a condition, a question or an ending. Hover a mark to
see its rule. The line under each statement lists the relevance rule and every cue that fired."""),
    ("code", """display(HTML(st.statements_html(result.statements, result.cues)))"""),
    ("md", """### The narrator's framing

The outlet's own sentences, coded the same way but kept apart from the sources. Only relevant
sentences are shown."""),
    ("code", """if len(result.narrator) and result.narrator["relevant"].any():
    display(HTML(st.statements_html(result.narrator, result.cues, only_relevant=True)))
else:
    display(Markdown("*No narrator sentence concerns the target.*"))"""),
    ("code", """if coded["relevant"].any():
    display(Markdown("## Stance through the article\\n\\nWhere in the article do the pro and con voices appear? "
                     "Quoted sources and the narrator are shown separately (hatched = narrator)."))
    chart = sc.stance_by_paragraph(coded, len(art.paragraphs))
    export(chart, figures_dir)
    plt.show()
    display(Markdown("## Likelihood against evaluation\\n\\nThe two axes of each relevant statement. The stance "
                     "rule lets an explicit evaluation win; the off-diagonal cells (e.g. *likely* but *against*) are "
                     "where that rule decides."))
    chart = sc.likelihood_evaluation_grid(coded)
    export(chart, figures_dir)
    plt.show()"""),
    ("code", """comparison = st.polarity_comparison(coded)
if len(comparison):
    display(Markdown("## Stance is not sentiment\\n\\nTextBlob polarity scores the tone of the words; stance codes "
                     "the position on the target. They disagree when the words are positive but the position is con "
                     "(e.g. *no obvious need* contains the positive word *obvious*), or when a neutral-sounding "
                     "sentence carries a clear expectation. The table lists the disagreements with the words behind "
                     "each score."))
    display(Markdown(f"Stance and polarity sign agree on **{comparison['agree'].mean():.0%}** of "
                     f"{len(comparison)} relevant statements."))
    display_table(comparison[~comparison["agree"]], columns=["paragraph", "speaker", "stance", "polarity", "why"],
                  rename={"paragraph": "¶"}, signed=["polarity"], wrap=["why"],
                  empty="*No disagreements.*")
    chart = sc.stance_vs_polarity(comparison)
    export(chart, figures_dir)
    plt.show()"""),
    ("md-details", """## Codebook"""),
    ("code-details", """display(Markdown(st.codebook_markdown(result.target)))"""),
    ("md-details", """## Method and caveats

No natural-language-inference model is available offline, so the coder is **transparent and
rule-based** over the spaCy dependency parse, in the tradition of FactBank factuality profiling and
hedge detection. The target (its actors and actions) and the general cue families (hedges,
conditions, predictions, certainty, commitment, need, evidence, doubt, opposition, endorsement,
alternatives, endings — each with its published source) are spaCy patterns read from JSON files.
For each statement the coder decides whether the target actor does a target action in it
(*relevance*), then reads the words governing that action: negation, doubt and opposition flip it,
an evaluative predicate (VADER valence) judges it, a "whether" question or a withdrawal makes it
neutral. That gives *likelihood*, *evaluation* and the combined *stance*; every label shows the
words and rules that produced it. Statements and narrator sentences come from the same attribution
step as the sentiment report; statements by unresolved speakers (pronouns nobody was found for,
fragments) are coded but not ranked as sources.

Caveats: rules read one sentence plus a short context window; they miss positions that need world
knowledge (a historical precedent offered as an alternative), irony, and errors of the parse or of
the attribution step propagate. The numbers are counts of a handful of statements — read the
intervals, not just the point estimates, and the development-set figures below."""),
    ("md-details", """## How well does this work on unseen articles?

The coder is developed on the **stance-dev** set: real articles on two targets (Russian
intervention in Belarus, 2020–21; Russian / CSTO troops in Kazakhstan, January 2022), coded
statement by statement by an annotator who did not write the rules (`../shared/corpora/stance-dev`,
rules in its README). Every statement counts, relevant or not: a missed statement counts as wrong.
*Stance on clear statements* is scored on the statements whose pro or con position is explicit;
*3-class accuracy*, *macro-F1* and *Cohen's kappa* on all of them. These are the figures to judge
the coder by, as `make eval` last measured them (`docs/dev_figures.json`; the report never re-runs it)."""),
    ("code-details", """from analysis.evaluate import STANCE_MEASURES, dev_figures, dev_figures_note

dev = dev_figures(STANCE_MEASURES, polnear=False)
if len(dev):
    display_table(dev, wrap=["value"])
display(Markdown(dev_figures_note()))"""),
    ("md-details", """## Comparison with a hand coding of this article (in-sample)

If a reference coding exists beside the article (`<article>.stance.csv`: paragraph, quote snippet,
speaker, relevant, likelihood, evaluation, stance, rationale — coded by reading), rows are matched by
paragraph and snippet, and agreement is reported as accuracy and Cohen's kappa. For the demo article
this is **in-sample demo coding, not evidence of generality**: the rules were first written while
reading it, so agreement here overstates what to expect elsewhere."""),
    ("code-details", """ref_path = art.path.with_name(art.id + ".stance.csv") if art.path else None
if ref_path is not None and ref_path.exists() and result.target.name == st.DEFAULT_TARGET:
    reference = st.load_reference(ref_path)
    evaluation = st.evaluate_stance(coded, reference)
    display(Markdown(f"Reference: `{ref_path.name}` — in-sample demo coding, not evidence of generality."))
    display_table(evaluation.scores, precision=2, rename={"n": "rows compared", "kappa": "Cohen's kappa"})
    display(Markdown("**Stance confusion matrix** (rows: reference, columns: coded)"))
    display(evaluation.confusion)
    display(Markdown(f"**Disagreements** ({len(evaluation.disagreements)}), with the reference rationale:"))
    display_table(evaluation.disagreements, columns=["paragraph", "quote", "ref_relevant", "relevant", "ref_stance",
                                                     "stance", "rationale", "stance_cues"],
                  rename={"paragraph": "¶", "ref_relevant": "relevant (reference)", "relevant": "relevant (coded)",
                          "ref_stance": "stance (reference)", "stance": "stance (coded)", "stance_cues": "cues"},
                  wrap=["quote", "rationale", "stance_cues"], empty="*None.*")
    if len(evaluation.unmatched):
        display(Markdown(f"{len(evaluation.unmatched)} reference rows found no coded statement:"))
        display_table(evaluation.unmatched)
else:
    display(Markdown("*No reference coding for this article and target; comparison skipped.*"))"""),
    ("md-details", """## Cue inventory

Every cue that fired, one row each, with its character offsets in the article (for auditing)."""),
    ("code-details", """show_table(result.cues, rename={"statement_id": "statement #", "paragraph": "¶"}, csv="stance_cues.csv",
           folder=figures_dir, href_base=tables_href, empty="*No cue fired in this article.*")
display(Markdown(exported_note(figures_dir, (p.name for p in figures_dir.glob("stance_*.png")))))"""),
]


if __name__ == "__main__":
    write_notebook(CELLS, "03_stance_russian_intervention.ipynb", "stance")
