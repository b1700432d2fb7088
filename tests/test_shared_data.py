"""Tests that need ../shared skip only where it is truly absent and CI is unset (tests/conftest.py)."""
from __future__ import annotations

import pytest

import tests.conftest as conftest


def test_present_path_is_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "x.csv").write_text("a\n")
    assert conftest.require_shared(tmp_path / "x.csv") == tmp_path / "x.csv"


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_missing_data_fails_in_ci(tmp_path, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no_shared")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        conftest.require_shared(tmp_path / "no_shared" / "corpora" / "bbc-news.csv")


def test_missing_file_in_present_shared_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="is present"):
        conftest.require_shared(tmp_path / "corpora" / "bbc-news.csv")


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_absent_shared_skips_outside_ci(tmp_path, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no_shared")
    with pytest.raises(pytest.skip.Exception, match="is absent"):
        conftest.require_shared(tmp_path / "no_shared" / "corpora" / "bbc-news.csv")
