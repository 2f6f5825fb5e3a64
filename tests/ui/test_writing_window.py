"""The writing tools in the real window: counts, outline, Format keys reaching the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"
CTRL = Qt.KeyboardModifier.ControlModifier


def activate(qtbot, window) -> None:
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


def test_status_bar_counts_words_and_follows_typing(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    label = window.writing_tools.word_count
    assert label.objectName() == "wordCount"
    qtbot.waitUntil(lambda: "words" in label.text())
    before = label.counts.words
    assert before > 10 and label.counts.reading_minutes >= 1
    window.source.setFocus()
    cursor = window.source.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.source.setTextCursor(cursor)
    qtbot.keyClicks(window.source, " three more words")
    qtbot.waitUntil(lambda: label.counts.words == before + 3)
    window.source.selectAll()
    qtbot.waitUntil(lambda: label.text().startswith(f"{before + 3:,} of "))


def test_outline_lists_headings_and_a_click_moves_the_source(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    outline = window.source_pane.outline
    assert outline.objectName() == "outline" and outline.isVisible()
    window.source.set_text("intro\n\n## First\n\ntext\n\n## Second\n\nmore")
    window.writing_tools.text_stats.update_now()
    qtbot.waitUntil(lambda: outline.count() == 2)
    scrolled: list[int] = []
    window.preview.scroll_to_source_line = scrolled.append
    outline.headingChosen.disconnect()
    outline.headingChosen.connect(window.preview.scroll_to_source_line)
    qtbot.mouseClick(
        outline.viewport(),
        Qt.MouseButton.LeftButton,
        pos=outline.visualRect(outline.model().index(1, 0)).center(),
    )
    assert window.source.textCursor().blockNumber() == 6
    assert scrolled == [7]


def test_ctrl_k_in_the_window_makes_a_link_instead_of_deleting(qtbot, window, sample_site: Path):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("no address")  # an earlier test may have left a URL
    window.open_post(sample_site / WALK)
    activate(qtbot, window)
    window.source.setFocus()
    window.source.set_text("see the map here")
    cursor = window.source.textCursor()
    cursor.setPosition(8)
    cursor.setPosition(11, cursor.MoveMode.KeepAnchor)
    window.source.setTextCursor(cursor)
    qtbot.keyClick(window.source, Qt.Key.Key_K, CTRL)
    assert window.source.text() == "see the [map]() here"
    assert "[map]()" in window.session.post.document.body


def test_view_and_spelling_toggles_by_key(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    activate(qtbot, window)
    window.source.setFocus()
    outline = window.source_pane.outline
    assert outline.isVisible()
    qtbot.keyClick(window.source, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert not outline.isVisible()
    assert window.writing_tools.spelling.enabled
    qtbot.keyClick(window.source, Qt.Key.Key_F7)
    assert not window.writing_tools.spelling.enabled and window.source.highlighter.spelling is None
    assert window.settings.value("writing/spelling") is False


def test_a_post_in_a_language_without_dictionary_says_so(qtbot, window, sample_site: Path):
    post = sample_site / WALK
    post.write_text(post.read_text(encoding="utf-8").replace("---\n", "---\nlang: ja\n", 1))
    window.open_post(post)
    assert not window.writing_tools.spelling.enabled
    assert "“ja”" in window.statusBar().currentMessage()


def test_spelling_follows_the_lang_field_edited_in_the_form(qtbot, window, sample_site: Path):
    from PySide6.QtWidgets import QLineEdit, QWidget

    post = sample_site / WALK
    post.write_text(post.read_text(encoding="utf-8").replace("---\n", "---\nlang: en\n", 1))
    window.commands.writing.spelling.setChecked(True)
    window.open_post(post)
    assert window.writing_tools.spelling.language == "en"
    field = window.findChild(QWidget, "field:lang").findChild(QLineEdit)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "fr")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.post.document.get("lang") == "fr")
    qtbot.waitUntil(lambda: window.writing_tools.spelling.language == "fr")
    assert window.writing_tools.spelling.enabled


def test_the_open_post_is_spell_checked_once_its_first_page_is_shown(
    qtbot, window, sample_site: Path
):
    post = sample_site / WALK
    post.write_text(post.read_text(encoding="utf-8") + "\nA wordd misspeled.\n", encoding="utf-8")
    window.open_post(post)
    spelling = window.writing_tools.spelling
    qtbot.waitUntil(lambda: not spelling.loading, timeout=15000)
    qtbot.waitUntil(lambda: not spelling.remarking)
    document = window.source.document()
    block = document.findBlockByNumber(document.blockCount() - 2)
    assert block.text() == "A wordd misspeled."
    marked = [
        block.text()[r.start : r.start + r.length]
        for r in block.layout().formats()
        if r.format.underlineStyle() == r.format.UnderlineStyle.SpellCheckUnderline
    ]
    assert marked == ["wordd", "misspeled"]


@pytest.fixture(params=["this platform", "bare X11"])
def desktop(request, monkeypatch):
    """The platform's own key bindings, and a bare X11 session's (no key for Replace)."""
    if request.param == "bare X11":
        from PySide6.QtGui import QKeySequence

        from editor.ui import actions

        def bindings(key):
            if key == QKeySequence.StandardKey.Replace:
                return []
            return QKeySequence.keyBindings(key)

        monkeypatch.setattr(actions, "_platform_bindings", bindings)


def test_ctrl_h_opens_replace_where_the_platform_names_no_replace_key(
    qtbot, desktop, window, sample_site
):
    # Qt binds no key to Replace outside Windows, GNOME and KDE (openbox, XFCE): the menu
    # showed "Replace…" with no key and Ctrl+H did nothing.
    from PySide6.QtGui import QAction

    window.open_post(sample_site / WALK)
    activate(qtbot, window)
    action = window.findChild(QAction, "action:replace")
    assert not action.shortcut().isEmpty()
    window.source.setFocus()
    qtbot.keyClick(window.source, Qt.Key.Key_H, CTRL)
    bar = window.source_pane.find_bar
    assert bar.isVisible() and bar.replace_field.isVisible()
