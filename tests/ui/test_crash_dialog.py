"""The window's crash handler: an error in any thread becomes a short dialog, never a
traceback on stderr; the traceback is in the crash log."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from editor.app import install_crash_dialog
from editor.services import crash_report
from editor.ui import messages


def test_an_error_in_a_thread_becomes_a_dialog(qtbot, tmp_path: Path, monkeypatch, capfd):
    monkeypatch.setattr(crash_report, "data_dir", lambda: tmp_path)
    shown: list[tuple[str, str]] = []
    on_ui_thread: list[bool] = []

    def error(_parent, title: str, text: str) -> None:
        shown.append((title, text))
        on_ui_thread.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(messages, "error", error)
    saved = sys.excepthook, threading.excepthook
    try:
        install_crash_dialog(QApplication.instance())
        thread = threading.Thread(target=lambda: {}["missing key"], name="export")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        sys.excepthook, threading.excepthook = saved
    title, text = shown[0]
    assert on_ui_thread == [True]  # a dialog from the export thread would crash Qt
    assert title == "Something went wrong"
    assert "KeyError" in text and str(tmp_path) in text
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "Traceback" in (tmp_path / crash_report.LOG_NAME).read_text(encoding="utf-8")
