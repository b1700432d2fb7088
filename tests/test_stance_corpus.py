"""Robustness: stance coding runs on a deterministic sample of real BBC articles
(straight quotes, no paragraph breaks, some mojibake) without errors, and its output
keeps its invariants."""
from __future__ import annotations

from analysis.nlp import get_docs
from analysis.stance import STANCE_COLUMNS, available_targets, code_stance, load_target


def test_bbc_sample_codes_cleanly(bbc_sample):
    from analysis.statements import extract_statements

    docs = get_docs(bbc_sample)
    targets = [load_target(t) for t in available_targets()]
    assert len(targets) >= 3
    rows = {t.name: 0 for t in targets}
    relevant = {t.name: 0 for t in targets}
    for art, doc in zip(bbc_sample, docs):
        st = extract_statements(art, doc)
        for target in targets:
            res = code_stance(st.statements, st.narrator, doc, target)
            for f in (res.statements, res.narrator):
                assert set(STANCE_COLUMNS) <= set(f.columns)
                assert set(f["stance"]) <= {"pro", "con", "neutral"}
                for r in f.itertuples():
                    assert art.text[r.start:r.end] == r.text
                # not relevant rows carry no position
                nr = f[~f["relevant"].astype(bool)]
                assert (nr["stance"] == "neutral").all()
                assert (nr["likelihood"] == "unclear").all() and (nr["evaluation"] == "none").all()
            for c in res.cues.itertuples():
                assert art.text[c.start:c.end] == c.text
            rows[target.name] += len(res.all)
            relevant[target.name] += int(res.all["relevant"].sum())
            bs = res.by_speaker
            ok = bs[bs["relevant"] > 0]
            assert ((ok["net"] >= -1) & (ok["net"] <= 1)).all()
            assert (bs["pro"] + bs["con"] + bs["neutral"] == bs["relevant"]).all()
    # general news about business, sport, tech...: each target is rare, not everywhere
    for name in rows:
        assert relevant[name] < 0.1 * max(rows[name], 1), (name, relevant[name], rows[name])
