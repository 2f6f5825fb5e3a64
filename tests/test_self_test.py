"""``post-editor --self-test``: every probe passes on a full install; a missing part is named."""

from __future__ import annotations

import pytest

from editor import self_test
from editor.app import main


def test_every_probe_passes_on_this_install(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"ok   {name}" for name in self_test.PROBES]


def test_a_missing_dictionary_fails_the_spelling_probe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a bundle without pyspellchecker's resources/*.json.gz looks like to the editor.
    monkeypatch.setattr("editor.ui.spell_check.available_languages", lambda: set())
    assert self_test.main() == 1
    out = capsys.readouterr().out
    assert "FAIL spelling: AssertionError: no English dictionary among none" in out
    assert "ok   math:" in out  # the other probes still run


def test_a_missing_data_file_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def lost() -> str:
        raise FileNotFoundError("latex2mathml/unimathsymbols.txt")

    monkeypatch.setitem(self_test.PROBES, "math", lost)
    assert self_test.main() == 1
    assert (
        "FAIL math: FileNotFoundError: latex2mathml/unimathsymbols.txt" in capsys.readouterr().out
    )
