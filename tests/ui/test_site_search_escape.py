"""Escape closes Site Search after the writer cancelled the save question a hit raised."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.ui import messages
from editor.ui.messages import ask_save_changes as real_ask_save_changes

IDEAS = "_drafts/ideas-for-next-month.md"
WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def cancel_the_question() -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, cancel_the_question)
        return
    box.button(QMessageBox.StandardButton.Cancel).click()


def test_escape_closes_site_search_after_cancel(
    qtbot, window, sample_site: Path, monkeypatch: pytest.MonkeyPatch
):
    assert window.open_path(sample_site)
    qtbot.waitUntil(lambda: not window.indexer.busy)
    assert window.open_post(sample_site / WALK)
    window.source.insertPlainText("unsaved ")
    monkeypatch.setattr(messages, "ask_save_changes", real_ask_save_changes)
    window.commands.site_search.trigger()
    search = window.workspace.site_search
    qtbot.waitUntil(search.isVisible)
    qtbot.keyClicks(search.query, "autumn light")
    search.run_search()
    assert search.hits
    QTimer.singleShot(0, cancel_the_question)
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    assert window.session.post.path.name == Path(WALK).name  # cancelled: still the same post
    assert search.isVisible()
    # Back in the search, as before the question: active, with the focus it had.
    qtbot.waitUntil(search.isActiveWindow, timeout=2000)
    focus = QApplication.focusWidget()
    assert focus is not None and search.isAncestorOf(focus)
    qtbot.keyClick(focus if focus is not None else window, Qt.Key.Key_Escape)
    assert not search.isVisible()
