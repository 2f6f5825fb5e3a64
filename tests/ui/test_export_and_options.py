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
    with qtbot.waitSignal(window.export.runner.finished, timeout=60000) as signal:
        window.commands.export_html.trigger()
    assert signal.args == [str(target), ""]
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


def test_export_html_stops_at_the_time_limit_and_says_so(
    qtbot, window, sample_site: Path, tmp_path: Path, monkeypatch
):
    from editor.ui import messages

    post = sample_site / "_posts" / "2024-06-01-brackets.md"
    post.write_text("---\ntitle: b\n---\n" + "[" * 20000 + "\n", encoding="utf-8")
    window.open_post(post)
    target = tmp_path / "brackets.html"
    answer_save_dialog(monkeypatch, target)
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, _t, text: errors.append(text))
    with qtbot.waitSignal(window.export.runner.finished, timeout=60000):
        window.commands.export_html.trigger()
        assert "stops after" in window.statusBar().currentMessage()
        assert window.export.runner.busy  # the window keeps responding meanwhile
    assert errors and "time limit" in errors[0]
    assert not target.exists()


def test_a_failed_pdf_export_says_so(qtbot, window, sample_site: Path, tmp_path: Path, monkeypatch):
    from editor.ui import messages

    window.open_post(sample_site / WALK)
    qtbot.waitUntil(window.preview.is_current, timeout=15000)
    target = tmp_path / "missing-folder" / "walk.pdf"
    answer_save_dialog(monkeypatch, target)
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, title, _t: errors.append(title))
    with qtbot.waitSignal(window.preview.page().pdfPrintingFinished, timeout=30000):
        window.commands.export_pdf.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["PDF export failed"]
    assert "failed" in window.statusBar().currentMessage()


def test_export_starts_outside_the_site_and_warns_inside_posts(
    qtbot, window, sample_site: Path, tmp_path: Path, monkeypatch
):
    from editor.ui import messages

    window.open_post(sample_site / WALK)
    asked: list[str] = []

    def dialog(_parent, _title, start, _filter):
        asked.append(start)
        return str(sample_site / "_posts" / "walk.html"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    warned: list[str] = []
    monkeypatch.setattr(
        messages, "confirm_export_inside_site", lambda _p, folder, _t: warned.append(folder)
    )
    window.commands.export_html.trigger()
    assert sample_site.resolve() not in Path(asked[0]).resolve().parents
    assert warned == ["_posts"]
    assert not (sample_site / "_posts" / "walk.html").exists()
