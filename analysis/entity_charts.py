"""Charts for the entity tables, in the suite's one style (``analysis.charts``).

Each chart function returns a :class:`analysis.charts.Chart`: the figure and a tidy DataFrame
of exactly the numbers plotted; ``analysis.charts.export`` writes PNG+SVG+CSV.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts import OKABE_ITO, SEQUENTIAL_CMAP, Chart, caption, new_figure
from analysis.entities import LABEL_PRIORITY, EntityResult, paragraph_matrix

#: One fixed colour per entity label, so every chart agrees.
LABEL_COLOURS = {label: OKABE_ITO[i % len(OKABE_ITO)] for i, label in enumerate(LABEL_PRIORITY)}
LABEL_NAMES = {
    "PERSON": "person", "GPE": "country/city/state", "ORG": "organisation",
    "NORP": "nationality/group", "LOC": "location", "FAC": "facility", "EVENT": "event",
    "LAW": "law", "PRODUCT": "product", "WORK_OF_ART": "work of art", "LANGUAGE": "language",
}
_CAPTION = ("Named-entity mentions (spaCy NER, canonicalised: surnames merged into full names, "
            "possessives and 'the' stripped, missed mentions recovered). Pronouns not counted.")


def entities_for_display(result: EntityResult) -> pd.DataFrame:
    """The entity table trimmed for readers: readable type, other spellings, where it appears.

    The full table (offsets, label evidence, groupings) stays in ``result.entities``.
    """
    e = result.entities
    if e.empty:
        return pd.DataFrame(columns=["entity", "type", "mentions", "recovered", "also written as",
                                     "paragraphs", "first", "last", "NER votes"])
    others = [", ".join(a for a in str(al).split("|") if a and a != ent)
              for ent, al in zip(e["entity"], e["aliases"].fillna(""))]
    return pd.DataFrame({
        "entity": e["entity"],
        "type": [LABEL_NAMES.get(lab, lab) for lab in e["label"]],
        "mentions": e["mentions"],
        "recovered": e["recovered_mentions"],
        "also written as": others,
        "paragraphs": e["paragraphs"],
        "first": e["first_paragraph"],
        "last": e["last_paragraph"],
        "NER votes": e["label_votes"].fillna("").str.replace("|", ", ", regex=False),
    }).reset_index(drop=True)


def top_entities_chart(result, top: int = 20, name: str = "entities_top", *, title: str | None = None,
                       note: str | None = None, articles: bool = False) -> Chart:
    """Horizontal bars: the ``top`` most-mentioned entities, coloured by label.

    ``result`` is an :class:`EntityResult` or any entity table with ``entity``, ``label`` and
    ``mentions`` (the corpus ``entities.csv``). With ``articles=True`` each bar also says in how
    many articles the entity is named (column ``articles``, then part of the plotted data).
    """
    table = result.entities if isinstance(result, EntityResult) else result
    cols = ["entity", "label", "mentions"] + (["articles"] if articles else [])
    data = table.head(top)[cols].reset_index(drop=True)
    data.insert(0, "rank", np.arange(1, len(data) + 1))
    fig, ax = new_figure(8, max(2.5, 0.32 * len(data) + 1.2))
    colours = [LABEL_COLOURS.get(lab, "#999999") for lab in data["label"]]
    ax.barh(data["entity"][::-1], data["mentions"][::-1], color=colours[::-1])
    for y, (_, r) in enumerate(data[::-1].iterrows()):
        text = f" {r['mentions']}" + (f" in {r['articles']} article{'s' if r['articles'] != 1 else ''}"
                                      if articles else "")
        ax.text(r["mentions"], y, text, va="center", fontsize=8)
    ax.set_xlabel("Mentions by name")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(1, int(data["mentions"].max()) if len(data) else 1) * (1.3 if articles else 1.08))
    ax.set_title(title or f"Most-named entities (top {len(data)} of {len(table)})")
    ax.grid(axis="y", visible=False)
    from matplotlib.patches import Patch

    present = [lab for lab in LABEL_PRIORITY if lab in set(data["label"])]
    ax.legend(handles=[Patch(color=LABEL_COLOURS[lab], label=LABEL_NAMES.get(lab, lab))
                       for lab in present], title="Type", loc="lower right")
    caption(fig, note or _CAPTION)
    return Chart(fig, data, name)


def mention_map_chart(result: EntityResult, top: int = 20, name: str = "entities_mention_map") -> Chart:
    """Heatmap: mentions of the ``top`` entities (rows, in order of first appearance) per paragraph."""
    ents = result.entities.head(top).sort_values(["first_start"], kind="stable")
    mat = paragraph_matrix(result, list(ents["entity"]))
    data = mat.stack().rename("mentions").reset_index()
    data.columns = ["entity", "paragraph", "mentions"]
    n_par = mat.shape[1]
    fig, ax = new_figure(max(6, 0.3 * n_par + 3), max(2.5, 0.3 * len(mat) + 1.5))
    vmax = max(1, int(mat.values.max()) if mat.size else 1)
    im = ax.imshow(np.ma.masked_equal(mat.values, 0), aspect="auto", cmap=SEQUENTIAL_CMAP,
                   vmin=0.5, vmax=vmax + 0.5, interpolation="nearest")
    ax.set_yticks(range(len(mat)), labels=list(mat.index))
    step = 1 if n_par <= 30 else int(np.ceil(n_par / 30))
    ax.set_xticks(range(0, n_par, step), labels=[str(c) for c in mat.columns[::step]])
    ax.set_xlabel("Paragraph (in reading order)")
    ax.set_title("Where each entity is named, paragraph by paragraph")
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, ticks=range(1, vmax + 1))
    cb.set_label("Mentions in paragraph (blank = none)")
    caption(fig, _CAPTION + f" Top {len(mat)} entities by mentions, ordered by first appearance.")
    return Chart(fig, data, name)


def cooccurrence_chart(result: EntityResult, top: int = 15, name: str = "entities_cooccurrence") -> Chart:
    """Heatmap: number of sentences naming both entities, for the ``top`` entities."""
    names = list(result.entities.head(top)["entity"])
    mat = pd.DataFrame(0, index=names, columns=names, dtype=int)
    co = result.cooccurrence
    co = co[co["entity_a"].isin(names) & co["entity_b"].isin(names)]
    for a, b, n in zip(co["entity_a"], co["entity_b"], co["sentences"]):
        mat.loc[a, b] = mat.loc[b, a] = int(n)
    data = mat.stack().rename("sentences").reset_index()
    data.columns = ["entity_a", "entity_b", "sentences"]
    data = data[data["entity_a"] != data["entity_b"]].reset_index(drop=True)
    size = max(4, 0.4 * len(names) + 2.5)
    fig, ax = new_figure(size + 1, size)
    vmax = max(1, int(mat.values.max()) if mat.size else 1)
    im = ax.imshow(np.ma.masked_equal(mat.values, 0), cmap=SEQUENTIAL_CMAP, vmin=0.5,
                   vmax=vmax + 0.5, interpolation="nearest")
    ax.set_xticks(range(len(names)), labels=names, rotation=60, ha="right")
    ax.set_yticks(range(len(names)), labels=names)
    for i in range(len(names)):
        for j in range(len(names)):
            if mat.iat[i, j]:
                ax.text(j, i, str(mat.iat[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if (mat.iat[i, j] - 0.5) / vmax < 0.45 else "black")
    ax.set_title("Entities named in the same sentence")
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, ticks=range(1, vmax + 1), fraction=0.046, pad=0.04,
                      shrink=min(1.0, 0.5 + 0.04 * len(names)))
    cb.set_label("Sentences naming both (blank = none)")
    caption(fig, _CAPTION + f" Top {len(names)} entities by mentions.")
    return Chart(fig, data, name)
