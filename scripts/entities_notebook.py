"""Generate notebooks/01_entity_frequency.ipynb without outputs: python scripts/entities_notebook.py"""
from notebook_builder import write_notebook


def md(src: str) -> tuple[str, str]:
    return ("md", src)


def code(src: str) -> tuple[str, str]:
    return ("code", src)


def md_details(src: str) -> tuple[str, str]:
    """A closing reference section: folded into a closed <details> in the HTML report."""
    return ("md-details", src)


CELLS = [
    md("# 01 · Entity frequency: who and what the article names\n\n"
       "Spellings merged, mentions NER missed recovered; method and caveats at the end."),
    ("param", 'article = "seeds/nbc_2020-08_belarus_putin.txt"\nmodel = None\nfigures_dir = None\n'
         'target = "belarus"  # stance target named in the summary (a name or a JSON path)\n'
         'tables_href = None  # how the report page links to figures_dir (set by `report`)\n'
         'top_n = 20  # entities shown in the mention map\n'
         'headline_n = 10  # entities shown in the headline bar chart\n'
         'top_cooccurrence = 15  # entities shown in the co-occurrence heatmap'),
    code("import pandas as pd\nfrom IPython.display import Markdown, display\n\n"
         "from analysis import summary as sm\n"
         "from analysis.notebook import display_table, exported_note, setup, show_table\n"
         "from analysis.entities import grouped, key_findings, MAIN_LABELS, OTHER_LABELS\n"
         "from analysis.charts import export\n"
         "from analysis.entity_charts import (cooccurrence_chart, entities_for_display, mention_map_chart,\n"
         "                                   top_entities_chart)\n\n"
         "art, doc, figures_dir = setup(article, model, figures_dir)\n"
         "analysis = sm.analyse_article(art, doc, target, model=model)\n"
         "ents = analysis.entities\n"
         "sm.show(analysis.facts, sm.entity_sentences(ents, analysis.facts))"),
    code("chart = top_entities_chart(ents, top=headline_n)\nfiles = export(chart, figures_dir)"),
    md("## The entities\n\n"
       "One row per entity, most-mentioned first. *recovered*: mentions found by the second pass; "
       "*also written as*: other spellings merged into the entity; *paragraphs*: how many paragraphs "
       "name it, *first* / *last*: where; *NER votes*: the spaCy labels of its mentions."),
    code('display(Markdown(f"**{len(ents.entities)}** entities, **{len(ents.mentions)}** mentions by name, "\n'
         '                 f"**{int(ents.entities[\'recovered_mentions\'].sum())}** recovered by the second pass."))\n'
         'show_table(entities_for_display(ents), csv="entities_table.csv", folder=figures_dir, href_base=tables_href,\n'
         '           empty="*No named entities were found.*")'),
    md("## Grouped views\n\nCountry view: a country's name with its demonyms (*Belarus*, "
       "*Belarusian*, *Belarussians*). State view: a country's name with its capital and seats of "
       "government (*Russia*, *Moscow*, *Kremlin*). Entities outside a view are not listed."),
    code('for view in ("country", "state"):\n'
         '    display(Markdown(f"**{view.capitalize()} view**"))\n'
         '    display_table(grouped(ents, view), split_pipes=["members"],\n'
         '                  empty=f"*No entity in this article falls into the {view} view.*")'),
    md("## Mentions\n\nOne row per mention, as written in the article. *start* / *end* are character "
       "offsets from the beginning of the article text; *source* says whether NER (`ner`) or the second "
       "pass (`matcher`) found it."),
    code("assert all(art.analysis_text[s:e] == t for s, e, t in zip(ents.mentions.start, ents.mentions.end, ents.mentions.text))\n"
         'show_table(ents.mentions, columns=["entity", "text", "paragraph", "sentence", "start", "end", "source",\n'
         '                                   "label", "ner_label"], rename={"text": "as written", "ner_label": "NER label"},\n'
         '           csv="entity_mentions.csv", folder=figures_dir, href_base=tables_href, empty="*No mentions.*")'),
    code('display(Markdown("**Recovered by the second pass**"))\n'
         'display_table(ents.mentions[ents.mentions["source"] == "matcher"],\n'
         '              columns=["entity", "text", "paragraph", "sentence", "start", "end"], rename={"text": "as written"},\n'
         '              empty="*The second pass found no mention that NER had missed.*")\n'
         'display(Markdown(f"**Kept out of the entity table** ({\', \'.join(OTHER_LABELS)}): "\n'
         '                 f"{len(ents.other)} mentions"))\n'
         'if len(ents.other):\n'
         '    display_table(ents.other.groupby("label").agg(mentions=("text", "size"),\n'
         '                                                  examples=("text", lambda t: ", ".join(dict.fromkeys(t))))\n'
         '                  .reset_index(), max_chars={"examples": 80})'),
    md("## Co-occurrence\n\nPairs of entities named in the same sentence "
       "(sentences never cross paragraphs)."),
    code('display_table(ents.cooccurrence.head(15), rename={"entity_a": "entity", "entity_b": "named with"},\n'
         '              empty="*No two entities are named in the same sentence.*")'),
    md("## Where and with whom"),
    code("chart = mention_map_chart(ents, top=top_n)\nfiles = export(chart, figures_dir)"),
    code("chart = cooccurrence_chart(ents, top=top_cooccurrence)\nfiles = export(chart, figures_dir)\n"
         'display(Markdown(exported_note(figures_dir, (p.name for p in figures_dir.glob("entities_*.png")))))'),
    md_details("## Method\n\n"
       "1. **First pass:** spaCy's named entities with labels PERSON, NORP, FAC, ORG, GPE, LOC, "
       "PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE. Dates, times, money, percentages, quantities "
       "and numbers are *not* \"who and what the article names\"; they are counted "
       "separately (see *Kept out of the entity table* below).\n"
       "2. **Canonicalisation:** a leading *the*, possessive *’s / 's / s’*, edge punctuation and "
       "(for people) titles such as *President* are cut off by moving the offsets; "
       "a bare surname joins the full name introduced in the article (*Giles* → *Keir Giles*; "
       "with two people of one surname, the nearest full name before it); "
       "*Name (ABBR)* makes ABBR an alias of Name.\n"
       "3. **Second pass:** a case-sensitive spaCy `PhraseMatcher` over the names found and "
       "people's surnames recovers mentions NER missed; matches inside or overlapping an NER span "
       "are dropped, so nothing is counted twice.\n"
       "4. **One label per entity:** the NER labels of its mentions vote; general cues add at "
       "most one vote each (a title before the name, an appositive like *a senior consultant*, "
       "being the subject of *said/told/added*, a country/capital gazetteer).\n"
       "5. **Views, not rewrites:** demonyms next to their country (`country_group`) and capitals / "
       "seats of government next to the state (`state_group`) are grouped only in the views below; "
       "the entity table keeps them apart.\n\n"
       "**Caveats.** Counts are mentions *by name*: pronouns (*he*, *she*) are not resolved. "
       "NER can still miss an entity entirely (the second pass only finds names already seen), "
       "split one name into two, or tag a common word; a surname shared with a place in the "
       "gazetteer is not merged; metonymy (*Moscow* for the Russian government) is a view, "
       "not a judgement about each sentence."),
]


if __name__ == "__main__":
    write_notebook(CELLS, "01_entity_frequency.ipynb", "entities")
