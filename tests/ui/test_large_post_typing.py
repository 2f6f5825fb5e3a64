"""A very long post: typing reaches the document model after a pause, never lost on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from editor.ui import main_window


@pytest.fixture
def long_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(main_window, "LARGE_BODY_CHARS", 1000)
    post = tmp_path / "2024-05-01-long.md"
    post.write_text("---\ntitle: Long\n---\n" + "A line of the post.\n" * 200, encoding="utf-8")
    return post


def type_at_end(qtbot, window, text: str) -> None:
    window.source.moveCursor(QTextCursor.MoveOperation.End)
    window.source.setFocus()
    qtbot.keyClicks(window.source, text)


def test_typing_reaches_the_document_after_a_pause(qtbot, window, long_post: Path) -> None:
    window.open_path(long_post)
    document = window.session.post.document
    type_at_end(qtbot, window, "Typed")
    assert "Typed" not in document.body  # not per key
    qtbot.waitUntil(lambda: "Typed" in document.body, timeout=5000)
    assert window.session.post.is_dirty


def test_a_save_right_after_typing_keeps_it(qtbot, window, long_post: Path) -> None:
    window.open_path(long_post)
    type_at_end(qtbot, window, "Kept")
    assert window.save()
    assert long_post.read_text(encoding="utf-8").endswith("A line of the post.\nKept")


def test_a_form_edit_right_after_typing_keeps_it(qtbot, window, long_post: Path) -> None:
    window.open_path(long_post)
    type_at_end(qtbot, window, "Both")
    window.session.post.document.set("title", "Renamed")
    window.form.edited.emit()
    assert window.source.text().endswith("Both")
    assert window.session.post.document.body.endswith("Both")
