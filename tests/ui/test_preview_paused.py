"""A post too large for a live preview: the window says so and offers a refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from editor.services import preview_scheduler
from tests.ui.preview_support import body_html


def test_a_huge_post_pauses_the_live_preview_and_refresh_updates_it(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_scheduler, "LIVE_PREVIEW_LIMIT", 50_000)
    post = tmp_path / "2024-05-01-huge.md"
    post.write_text(
        "---\ntitle: Huge\n---\n" + "".join(f"Paragraph {i} of many.\n\n" for i in range(4000)),
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.preview.rendered, timeout=30000):
        window.open_path(post)
    status = window.preview.findChild(QLabel, "previewStatus")
    qtbot.waitUntil(status.isVisible, timeout=10000)
    assert "Live preview is paused" in status.text()
    assert "Refresh Preview" in status.text()
    assert "Paragraph 0 of many." in body_html(qtbot, window.preview)
    assert "Paragraph 3999 of many." not in body_html(qtbot, window.preview)

    refresh = window.commands.refresh_preview
    assert refresh.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    window.source.appendPlainText("The very last words.")
    refresh.trigger()
    qtbot.waitUntil(window.preview.is_current, timeout=60000)
    whole = body_html(qtbot, window.preview)
    assert "Paragraph 3999 of many." in whole and "The very last words." in whole
    assert status.isVisible() and "Live preview is paused" in status.text()
