"""The entity tables (step 6 of :mod:`analysis.entities`): :class:`EntityResult`, where each
mention lies (paragraph, sentence), co-occurrence, the country and state views, and the
one-line summary."""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from analysis.discourse import sentences
from analysis.entities.lexicon import _fold, country_group, state_group
from analysis.entities.names import _clean_text, _key, _title_stripped_variants


#: Views accepted by :func:`grouped`.
VIEWS = {"country": "country_group", "country_group": "country_group",
         "state": "state_group", "state_group": "state_group"}
ENTITY_COLUMNS = [
    "entity", "label", "mentions", "ner_mentions", "recovered_mentions", "aliases",
    "first_paragraph", "last_paragraph", "paragraphs", "sentences", "first_start",
    "label_votes", "label_evidence", "country_group", "state_group",
]
MENTION_COLUMNS = [
    "entity", "label", "text", "start", "end", "paragraph", "sentence", "source", "ner_label",
]
COOC_COLUMNS = ["entity_a", "entity_b", "sentences", "paragraphs"]
PARAGRAPH_COLUMNS = ["entity", "paragraph", "mentions"]


@dataclass
class EntityResult:
    """Tables of one article's named entities (columns documented in ``docs/entities.md``)."""

    entities: pd.DataFrame
    mentions: pd.DataFrame
    cooccurrence: pd.DataFrame
    paragraphs: pd.DataFrame
    other: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MENTION_COLUMNS))
    n_paragraphs: int = 0
    _index: dict = field(default_factory=dict, repr=False)

    def resolve(self, name: str) -> str | None:
        """Canonical entity for a name as written (``"Giles"``, ``"the Kremlin's"``) or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        text = _clean_text(name.strip())
        for candidate in _title_stripped_variants(text):
            hit = self._index.get(_key(candidate)) or self._index.get(_fold(candidate))
            if hit:
                return hit
        return None

    def label(self, entity: str) -> str | None:
        """Voted label of an entity (canonical name or any alias)."""
        canon = self.resolve(entity)
        if canon is None:
            return None
        row = self.entities.loc[self.entities["entity"] == canon, "label"]
        return str(row.iloc[0]) if len(row) else None


def _token_index(doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    for tok in doc:  # whitespace: the next token
        if tok.idx >= char:
            return tok.i
    return len(doc) - 1


class _Placer:
    """Paragraph (1-based, 0 between paragraphs) and sentence (1-based, the Doc's one
    sentence map) of a character offset, each computed once per offset."""

    def __init__(self, article, doc, text: str) -> None:
        self.doc = doc
        self.sent_of = sentences(doc).of + 1
        self.starts = [p.start for p in article.paragraphs] or [0]
        self.ends = [p.end for p in article.paragraphs] or [len(text)]
        self._sent: dict[int, int] = {}

    def paragraph(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1 if i >= 0 and offset < self.ends[i] else 0

    def sentence(self, offset: int) -> int:
        if offset not in self._sent:
            self._sent[offset] = int(self.sent_of[_token_index(self.doc, offset)]) if len(self.doc) else 1
        return self._sent[offset]


def _frame(columns: dict, names: list, ints: tuple = ()) -> pd.DataFrame:
    """A table from column lists; with no rows, the empty table of ``names`` (``ints`` as int64)."""
    if not len(next(iter(columns.values()))):
        empty = pd.DataFrame(columns=names)
        return empty.astype({c: int for c in ints}) if ints else empty
    return pd.DataFrame(columns, columns=names)


def _tables(mentions, by_entity, canon_of, voted, abbr_of, place: _Placer) -> tuple:
    """Step 6: the mention, entity, co-occurrence and paragraph tables."""
    paras = [place.paragraph(m.start) for m in mentions]
    sents = [place.sentence(m.start) for m in mentions]
    names = [canon_of[m.entity] for m in mentions]
    mention_df = _frame({
        "entity": names, "label": [voted[m.entity][0] for m in mentions],
        "text": [m.text for m in mentions], "start": [m.start for m in mentions],
        "end": [m.end for m in mentions], "paragraph": paras, "sentence": sents,
        "source": [m.source for m in mentions], "ner_label": [m.ner_label for m in mentions],
    }, MENTION_COLUMNS, ints=("start", "end", "paragraph", "sentence"))
    rows = []
    for key, ms in by_entity.items():
        name, (label, votes, evidence) = canon_of[key], voted[key]
        forms = list(dict.fromkeys([name] + [m.text[: m.name_end - m.start] for m in ms]))
        forms += [a for a, long in abbr_of.items() if long == key and a not in forms]
        in_paras = sorted({place.paragraph(m.start) for m in ms})
        rows.append((name, label, len(ms), sum(m.source == "ner" for m in ms),
                     sum(m.source == "matcher" for m in ms), "|".join(forms), in_paras[0], in_paras[-1],
                     len(in_paras), len({place.sentence(m.start) for m in ms}), min(m.start for m in ms),
                     votes, evidence, country_group(name, label), state_group(name, label)))
    rows.sort(key=lambda r: (-r[2], r[10], r[0]))      # mentions desc, first_start, entity
    ent_df = _frame({c: [r[i] for r in rows] for i, c in enumerate(ENTITY_COLUMNS)}, ENTITY_COLUMNS)
    # mentions per (entity, paragraph), sorted: a Counter rather than a groupby on a few dozen rows
    per_para = Counter(zip(names, paras))
    keys = sorted(per_para)
    para_df = _frame({"entity": [e for e, _ in keys], "paragraph": [p for _, p in keys],
                      "mentions": [per_para[k] for k in keys]}, PARAGRAPH_COLUMNS)
    return mention_df, ent_df, _cooccurrence(names, sents, paras), para_df


def cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities named in the same sentence: number of sentences and paragraphs.

    Counted with sets over the distinct (entity, sentence, paragraph) mentions: a self-join and
    groupby in pandas cost ~10 ms an article for a few dozen rows. ``paragraphs`` counts the
    paragraphs of the first entity's mentions (the pair's sentence lies in them)."""
    if mentions.empty:
        return pd.DataFrame(columns=COOC_COLUMNS)
    return _cooccurrence(list(mentions["entity"]), list(mentions["sentence"]), list(mentions["paragraph"]))


def _cooccurrence(entities: list, sentence: list, paragraph: list) -> pd.DataFrame:
    """:func:`cooccurrence` from the mention table's columns, as lists in mention order."""
    in_sentence: dict = {}      # sentence -> distinct (entity, paragraph), in mention order
    for ent, sent, para in zip(entities, sentence, paragraph):
        seen = in_sentence.setdefault(sent, {})
        seen.setdefault((ent, para), None)
    sentences: dict = {}
    paragraphs: dict = {}
    for sent, pairs in in_sentence.items():
        for ent_a, para_a in pairs:
            for ent_b, _ in pairs:
                if ent_a < ent_b:
                    sentences.setdefault((ent_a, ent_b), set()).add(sent)
                    paragraphs.setdefault((ent_a, ent_b), set()).add(para_a)
    if not sentences:
        return pd.DataFrame(columns=COOC_COLUMNS)
    keys = sorted(sentences)
    keys.sort(key=lambda k: -len(sentences[k]))     # stable: sentences desc, then entity_a, entity_b
    return pd.DataFrame({"entity_a": [a for a, _ in keys], "entity_b": [b for _, b in keys],
                         "sentences": [len(sentences[k]) for k in keys],
                         "paragraphs": [len(paragraphs[k]) for k in keys]}, columns=COOC_COLUMNS)


def grouped(result: EntityResult, view: str, include_ungrouped: bool = False) -> pd.DataFrame:
    """Mention counts aggregated by a grouping VIEW (``"country"`` or ``"state"``).

    Columns: group, members ("|"-joined entities, most mentioned first), entities,
    mentions, paragraphs (distinct paragraphs naming any member), first_paragraph.
    Entities outside the view are left out unless ``include_ungrouped`` (then each
    forms its own group).
    """
    col = VIEWS.get(view)
    if col is None:
        raise ValueError(f"unknown view {view!r}; choose one of {sorted(VIEWS)}")
    cols = ["group", "members", "entities", "mentions", "paragraphs", "first_paragraph"]
    ents = result.entities.copy()
    ents["group"] = ents[col]
    if include_ungrouped:
        ents["group"] = ents["group"].fillna(ents["entity"])
    ents = ents.dropna(subset=["group"])
    if ents.empty:
        return pd.DataFrame(columns=cols)
    para = result.paragraphs.merge(ents[["entity", "group"]], on="entity")
    out = ents.groupby("group", sort=False).agg(
        members=("entity", "|".join), entities=("entity", "size"),
        mentions=("mentions", "sum"), first_paragraph=("first_paragraph", "min"))
    out["paragraphs"] = para.groupby("group")["paragraph"].nunique()
    out = out.reset_index()[cols]
    return out.sort_values(["mentions", "group"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def paragraph_matrix(result: EntityResult, entities: list[str] | None = None) -> pd.DataFrame:
    """Entity x paragraph mention counts (zeros included), every paragraph as a column."""
    names = entities if entities is not None else list(result.entities["entity"])
    n = max(result.n_paragraphs, int(result.paragraphs["paragraph"].max())
            if len(result.paragraphs) else 0)
    mat = (result.paragraphs.pivot_table(index="entity", columns="paragraph", values="mentions",
                                         aggfunc="sum", fill_value=0)
           if len(result.paragraphs) else pd.DataFrame())
    return mat.reindex(index=names, columns=range(1, n + 1), fill_value=0).fillna(0).astype(int)


def key_findings(result: EntityResult, top: int = 3) -> str:
    """One-line summary computed from the tables (for the notebook)."""
    ents = result.entities
    if ents.empty:
        return "No named entities were found."
    head = ents.head(top)
    named = ", ".join(f"{r.entity} ({r.label}, {r.mentions})" for r in head.itertuples())
    people = ents[ents["label"] == "PERSON"]
    bits = [f"{len(ents)} entities named {len(result.mentions)} times; most named: {named}"]
    if len(people):
        p = people.iloc[0]
        bits.append(f"{len(people)} people, most named {p.entity} ({p.mentions}, in "
                    f"{p.paragraphs} of {result.n_paragraphs} paragraphs)")
    if len(result.cooccurrence):
        c = result.cooccurrence.iloc[0]
        bits.append(f"most frequent pair in one sentence: {c.entity_a} + {c.entity_b} "
                    f"({c.sentences} sentence{'' if c.sentences == 1 else 's'})")
    rec = int(ents["recovered_mentions"].sum())
    bits.append(f"{rec} mentions recovered beyond raw NER")
    return "; ".join(bits) + "."
