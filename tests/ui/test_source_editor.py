from PySide6.QtGui import QFont

from editor.ui.source_editor import SourceEditor

TRICKY = "Prix\u00a0: 10\u00a0€\nline\u2028break\nparagraph\u2029sign\nemoji 👩‍💻 and עברית\n\nlast"


def test_text_round_trips_characters_qt_would_change(qtbot):
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(TRICKY)
    assert editor.text() == TRICKY
    assert editor.toPlainText() != TRICKY  # why text() exists: Qt's own reader changes these


def test_set_text_is_not_an_edit_but_typing_is(qtbot):
    editor = SourceEditor()
    qtbot.addWidget(editor)
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    editor.set_text("hello")
    assert edits == []
    qtbot.keyClicks(editor, "x")
    assert edits
    assert "x" in editor.text()


def test_fenced_code_is_highlighted_as_code(qtbot):
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text("# Title\n```\n# not a heading\n```\n# heading again")
    doc = editor.document()

    def weight(line: int) -> int:
        formats = doc.findBlockByNumber(line).layout().formats()
        if not formats:
            return 0
        first = formats[0]
        return first.format.fontWeight()

    assert weight(0) == QFont.Weight.Bold
    assert weight(2) != QFont.Weight.Bold
    assert weight(4) == QFont.Weight.Bold


def test_pathological_lines_highlight_quickly(qtbot):
    import time

    editor = SourceEditor()
    qtbot.addWidget(editor)
    for line in ("[" * 20000, "**a " * 20000, "{% " * 10000, "<!-- " * 10000, "[" * 1900):
        start = time.perf_counter()
        editor.set_text(line)
        editor._highlighter.rehighlight()
        assert time.perf_counter() - start < 1.0, line[:10]
