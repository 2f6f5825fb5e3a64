"""Find in a post whose too-long lines are shown cut: matches are found and marked in the text
the pane shows, so the selection lands on the word found (the whole post is longer than what
Qt holds, and positions in it would point past the cut)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.ui.source_editor import LONG_WORD_CHARS
from tests.ui.writing_support import make_host

CTRL = Qt.KeyboardModifier.ControlModifier


def test_find_after_a_cut_line_selects_the_word_found(qtbot):
    text = "# Title\n\n" + "a" * (LONG_WORD_CHARS + 5_000) + "\n\nthe needle is here\n"
    host = make_host(qtbot, text)
    assert host.source.limited
    qtbot.keyClick(host.source, Qt.Key.Key_F, CTRL)
    bar = host.pane.find_bar
    qtbot.keyClicks(bar.find_field, "needle")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 match")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert host.source.textCursor().selectedText() == "needle"
    marked = [s.cursor.selectedText() for s in host.source.extraSelections()]
    assert "needle" in marked
    assert host.source.text() == text  # the post itself is untouched


def test_find_in_a_cut_line_finds_only_what_is_shown(qtbot):
    hidden = "a" * (LONG_WORD_CHARS + 5_000) + "zebra"
    host = make_host(qtbot, "# Title\n\n" + hidden + "\n")
    qtbot.keyClick(host.source, Qt.Key.Key_F, CTRL)
    bar = host.pane.find_bar
    qtbot.keyClicks(bar.find_field, "zebra")
    qtbot.waitUntil(lambda: not bar.searching())
    assert bar.matches() == []
