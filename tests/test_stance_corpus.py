"""Robustness: stance coding runs on a deterministic sample of real BBC articles
(straight quotes, no paragraph breaks, some mojibake) without errors, and its output
keeps its invariants."""
from __future__ import annotations

from analysis.nlp import get_docs
from analysis.stance import STANCE_COLUMNS, code_stance, load_target


def test_bbc_sample_codes_cleanly(bbc_sample):
    from analysis.statements import extract_statements

    docs = get_docs(bbc_sample)
    relevant = 0
    for art, doc in zip(bbc_sample, docs):
        st = extract_statements(art, doc)
        for target in ("russian_intervention", "western_sanctions"):
            res = code_stance(st.statements, st.narrator, doc, load_target(target))
            for f in (res.statements, res.narrator):
                assert set(STANCE_COLUMNS) <= set(f.columns)
                assert set(f["stance"]) <= {"pro", "con", "neutral"}
                for r in f.itertuples():
                    assert art.text[r.start:r.end] == r.text
                # not relevant rows carry no position
                nr = f[~f["relevant"].astype(bool)]
                assert (nr["stance"] == "neutral").all()
            relevant += int(res.all["relevant"].sum())
            bs = res.by_speaker
            ok = bs[bs["relevant"] > 0]
            assert ((ok["net"] >= -1) & (ok["net"] <= 1)).all()
    # general news about business, sport, tech...: the targets are rare, not everywhere
    total = sum(len(extract_statements(a, d).statements) for a, d in zip(bbc_sample, docs))
    assert relevant < 0.2 * max(total, 1)
