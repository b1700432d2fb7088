"""The one chart API: every chart function returns a Chart, analysis.charts.export writes it."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.charts import Chart, export  # noqa: E402


def _summary():
    return pd.DataFrame({"speaker": ["Ana", "Bo", "Cy", "Di"], "statements": [9, 2, 7, 1],
                         "mean_polarity": [0.3, 0.9, -0.2, -0.8], "ci_low": [0.1, 0.5, -0.4, None],
                         "ci_high": [0.5, 1.0, 0.0, None], "ci_note": ["", "few statements (n<5)", "", "n=1"]})


def test_export_writes_exactly_the_chart_data(tmp_path):
    from analysis.sentiment_charts import plot_speaker_polarity

    chart = plot_speaker_polarity(_summary(), name="pol")
    assert isinstance(chart, Chart) and chart.name == "pol"
    paths = export(chart, tmp_path)
    assert sorted(p.name for p in paths.values()) == ["pol.csv", "pol.png", "pol.svg"]
    assert chart.paths == paths
    written = pd.read_csv(tmp_path / "pol.csv")
    assert sorted(written["speaker"]) == ["Ana", "Bo", "Cy", "Di"]
    with pytest.raises(TypeError):
        export((chart.fig, chart.data), tmp_path)


def test_few_statements_are_set_apart_not_ranked(tmp_path):
    from analysis.sentiment_charts import plot_speaker_polarity

    data = plot_speaker_polarity(_summary(), min_n=5).data
    # y grows upwards: the two well-attested speakers, ranked by mean, sit above the two with n<5,
    # which are in name order whatever their means (Bo +0.9 is not ranked first)
    assert list(data["speaker"]) == ["Di", "Bo", "Cy", "Ana"]
    assert list(data["few_statements"]) == [True, True, False, False]
    plain = plot_speaker_polarity(_summary()).data
    assert list(plain["speaker"]) == ["Di", "Cy", "Ana", "Bo"] and "few_statements" not in plain


def test_stance_outlets_with_few_relevant_statements(tmp_path):
    from analysis.stance_charts import speaker_diverging

    by = pd.DataFrame({"outlet": ["Big", "Tiny", "Mid", "None"], "relevant": [10, 1, 6, 0], "pro": [8, 1, 1, 0],
                       "con": [2, 0, 5, 0], "neutral": [0, 0, 0, 0], "net": [0.6, 1.0, -0.67, float("nan")],
                       "net_low": [0.2, float("nan"), -1.0, float("nan")], "net_high": [1.0, float("nan"), 0.0,
                                                                                      float("nan")]})
    chart = speaker_diverging(by, "", "x", name="o", key="outlet", min_n=5)
    assert list(chart.data["outlet"]) == ["Tiny", "Mid", "Big"]  # Tiny (n=1, net +1) is not ranked on top
    assert list(chart.data["few_statements"]) == [True, False, False]
    labels = [t.get_text() for t in chart.fig.axes[0].texts]
    assert any("n<5: not ranked" in t for t in labels)


def test_every_chart_module_returns_charts(tmp_path):
    from analysis import stance_charts as sc

    frame = pd.DataFrame({"relevant": [True, True, False], "narrator": [False, True, False], "paragraph": [1, 2, 2],
                          "stance": ["pro", "con", "neutral"], "likelihood": ["likely", "unclear", "unclear"],
                          "evaluation": ["none", "against", "none"]})
    for chart in (sc.stance_by_paragraph(frame, 3), sc.likelihood_evaluation_grid(frame)):
        assert isinstance(chart, Chart)
        export(chart, tmp_path)
        assert (tmp_path / f"{chart.name}.csv").exists()
    assert list(pd.read_csv(tmp_path / "stance_by_paragraph.csv")["paragraph"]) == [1, 2, 3]
