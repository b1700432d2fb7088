"""Only real sources are ranked: speaker classes (analysis/speakers.py) on the cases of issue 18."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.articles import Article
from analysis.corpus_tables import build_corpus_tables
from analysis.nlp import get_doc
from analysis.speakers import RANKED, UNRESOLVED, ranked_speakers, speaker_class, unresolved_count, unresolved_note
from analysis.statements import extract_statements


@pytest.mark.parametrize("speaker, speaker_type", [
    ("they", "UNKNOWN"), ("it", "UNKNOWN"), ("I", "UNKNOWN"), ("she", "UNKNOWN"), ("He", "UNKNOWN"),
    ("keeps", "UNKNOWN"), ("softer language", "UNKNOWN"), ("suspected russian monsters", "GROUP"),
    ("(unknown)", "UNKNOWN"), ("", "UNKNOWN"), (None, ""),
])
def test_pronouns_and_fragments_are_unresolved(speaker, speaker_type):
    assert speaker_class(speaker, speaker_type) == UNRESOLVED


@pytest.mark.parametrize("speaker, speaker_type, expected", [
    ("Keir Giles", "PERSON", "name"),
    ("Emily Ferris", "PERSON", "name"),
    ("Reuters", "UNKNOWN", "name"),                 # a proper name NER did not type
    ("Kremlin", "ORG", "organisation"),
    ("Russia", "GPE", "organisation"),
    ("the ministry", "UNKNOWN", "organisation"),
    ("think tank", "UNKNOWN", "organisation"),
    ("the defence minister", "UNKNOWN", "role"),
    ("California congressman", "UNKNOWN", "role"),
    ("a senior official", "UNKNOWN", "role"),
    ("protesters", "GROUP", "group"),
    ("officials", "GROUP", "group"),
    ("analysts", "GROUP", "group"),
    ("police", "GROUP", "group"),
    ("(narrator)", "NARRATOR", "narrator"),
])
def test_real_sources(speaker, speaker_type, expected):
    assert speaker_class(speaker, speaker_type) == expected


TEXT = """They said the vote had been rigged.
Protesters said they would return on Sunday.
"We will not leave," said Andrei Popa, a student leader.
The defence minister said the army would stay in its barracks.
Softer language keeps appearing in the ministry's statements, it said."""


@pytest.fixture(scope="module")
def statements():
    art = Article.from_text(TEXT, id="speakers")
    doc = get_doc(art)
    return extract_statements(art, doc).statements


def test_attribution_writes_the_class(statements):
    assert "speaker_class" in statements.columns
    cls = dict(zip(statements["speaker"], statements["speaker_class"]))
    assert cls.get("Andrei Popa") == "name"
    assert cls.get("protesters") == "group"
    assert any(c == "role" for s, c in cls.items() if "minister" in s.lower())
    assert cls.get("They", cls.get("they")) == UNRESOLVED
    # every class written by attribution is one of the documented values
    assert set(statements["speaker_class"]) <= set(RANKED) | {UNRESOLVED}


def test_unresolved_are_counted_not_ranked(statements):
    ranked = ranked_speakers(statements)
    assert "Andrei Popa" in ranked and "protesters" in ranked
    assert not {s for s in ranked if s.lower() in ("they", "it", "i", "she")}
    n = unresolved_count(statements)
    assert n >= 1
    note = unresolved_note(statements)
    assert note.startswith(f"{n} statement") and "not ranked" in note


def test_corpus_tables_rank_unresolved_last():
    rows = []
    for i, (speaker, typ) in enumerate([("they", "UNKNOWN")] * 6 + [("Keir Giles", "PERSON")] * 2
                                       + [("softer language", "UNKNOWN")] * 3):
        rows.append({"article_id": f"a{i % 2}", "outlet": "X", "date": "2020-08-15", "speaker": speaker,
                     "speaker_type": typ, "statement_id": i + 1, "group": i + 1, "polarity": 0.1,
                     "subjectivity": 0.2, "relevant": False, "stance": "neutral", "start": i * 10, "end": i * 10 + 5})
    st = pd.DataFrame(rows)       # tables written before the column existed: classified from the text
    arts = pd.DataFrame({"article_id": ["a0", "a1"], "title": ["A", "B"], "outlet": ["X", "X"],
                         "date": ["2020-08-15"] * 2, "statements": [6, 5], "entities": [1, 1]})
    tables = build_corpus_tables({"articles": arts, "statements": st, "narrator": pd.DataFrame(),
                                  "entities": pd.DataFrame(), "roles": pd.DataFrame()})
    sp = tables["speakers"]
    assert sp["speaker"].iloc[0] == "Keir Giles"          # ranked first though "they" has more statements
    assert dict(zip(sp["speaker"], sp["speaker_class"])) == {
        "Keir Giles": "name", "they": UNRESOLVED, "softer language": UNRESOLVED}
    for name in ("sentiment_by_speaker", "stance_by_speaker"):
        assert tables[name]["speaker"].iloc[0] == "Keir Giles", name
