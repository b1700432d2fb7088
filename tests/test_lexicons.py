"""One title lexicon and one reporting-verb lexicon for the whole package (issue 17), each read by
one loader (analysis.lexicons) and filtered per use by a documented column."""
from __future__ import annotations

import csv
import json

import pytest

from analysis.config import DATA_DIR
from analysis.lexicons import TITLE_USES, TITLES_PATH, honorifics, load_lexicon, titles


def _rows():
    with open(TITLES_PATH, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_titles_file_is_well_formed():
    rows = _rows()
    assert [r["title"] for r in rows] == list(dict.fromkeys(r["title"] for r in rows))   # no title twice
    for r in rows:
        assert all(r[use] in ("yes", "no") for use in TITLE_USES), r
        assert r["gender"] in ("", "m", "f"), r
        assert any(r[use] == "yes" for use in TITLE_USES) or r["gender"], r     # every row has a use


def test_every_user_reads_the_one_title_lexicon():
    from analysis import attribution
    from analysis import evaluate
    from analysis.entities import lexicon

    assert lexicon()["titles"] == titles("person_span")
    assert attribution.TITLES == titles("speaker_name")
    assert evaluate.TITLES == titles("evaluation")
    assert attribution.MALE_HONORIFICS == honorifics("m") and attribution.FEMALE_HONORIFICS == honorifics("f")
    assert not honorifics("m") & honorifics("f")
    assert {"President", "Former", "former"} <= titles("person_span")      # as written
    assert "president" in titles("speaker_name") and "president" in titles("evaluation")
    with pytest.raises(ValueError):
        titles("headline")


def test_entities_read_the_one_reporting_verb_lexicon():
    from analysis.entities import lexicon

    raw = json.loads((DATA_DIR / "entity_groups.json").read_text(encoding="utf-8"))
    assert "titles" not in raw and "reporting_verbs" not in raw
    lex = load_lexicon()
    assert lexicon()["reporting_verbs"] == lex.person_cue
    assert {"say", "tell", "claim"} <= lex.person_cue <= lex.lemmas
    assert set(lex.table["person_cue"]) == {"yes", "no"}
