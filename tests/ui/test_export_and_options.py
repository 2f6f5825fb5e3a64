"""File → Export HTML / PDF and the preview options, on the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def answer_save_dialog(monkeypatch, target: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )


def test_export_html_is_standalone(qtbot, window, sample_site: Path, tmp_path: Path, monkeypatch):
    window.open_post(sample_site / WALK)
    target = tmp_path / "walk.html"
    answer_save_dialog(monkeypatch, target)
    window.commands.export_html.trigger()
    html = target.read_text(encoding="utf-8")
    assert "We left before sunrise" in html
    assert "<style>" in html and "postedit:" not in html.split("</head>")[1]
    assert 'src="data:image/png;base64,' in html  # the hills picture travels inside the file


def test_export_pdf(qtbot, window, sample_site: Path, tmp_path: Path, monkeypatch):
    window.open_post(sample_site / WALK)
    qtbot.waitUntil(window.preview.is_current, timeout=15000)
    target = tmp_path / "walk.pdf"
    answer_save_dialog(monkeypatch, target)
    with qtbot.waitSignal(window.preview.page().pdfPrintingFinished, timeout=30000) as signal:
        window.commands.export_pdf.trigger()
    assert signal.args[1] is True
    assert target.read_bytes().startswith(b"%PDF")


def test_remote_content_is_off_by_default_and_always_shown(qtbot, window):
    assert not window.commands.allow_remote.isChecked()
    assert window.render_options().allow_remote is False
    assert window.remote_label.text() == "Remote content blocked"
    window.commands.allow_remote.trigger()
    assert window.render_options().allow_remote is True
    assert "allowed" in window.remote_label.text()
    assert window.settings.value("preview/allow_remote") is True


def test_preview_options_are_remembered(qtbot, window):
    window.commands.theme_dark.trigger()
    window.commands.use_site_css.trigger()
    assert window.render_options().theme == "dark"
    assert window.settings.value("preview/theme") == "dark"
    assert window.settings.value("preview/use_site_css") is False
