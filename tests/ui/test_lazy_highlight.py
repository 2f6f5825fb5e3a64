"""A long text is highlighted lazily (screen first, then idle slices) and ends as a full pass."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

from editor.ui.lazy_highlight import LAZY_FROM
from editor.ui.markdown_highlighter import MarkdownHighlighter
from editor.ui.source_editor import SourceEditor

SECTION = (
    "## Section {i}\n\nSome *emphasis*, **strong** words, `code`, a [link](http://x/{i}) and "
    "{{{{ site.baseurl }}}} with {{% raw %}}.\n{{: .note}}\n\n> a quote\n\n- item\n- item\n\n"
    "```python\n# not a heading {i}\nx = '**not bold**'\n```\n\n<!-- a comment -->\n\n"
)


def long_text(fences_open_at_end: bool = False) -> str:
    parts, size, i = [], 0, 0
    while size < 2 * LAZY_FROM:
        parts.append(SECTION.format(i=i))
        size += len(parts[-1])
        i += 1
    text = "".join(parts)
    return text + "```\nan unclosed fence\n# still code\n" if fences_open_at_end else text


def formats(document: QTextDocument) -> list[tuple[int, int, list[tuple[int, int, object]]]]:
    found = []
    block = document.begin()
    while block.isValid():
        spans = [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]
        found.append((block.blockNumber(), block.userState(), spans))
        block = block.next()
    return found


def full_pass(text: str) -> list:
    document = QTextDocument()
    document.setPlainText(text)
    highlighter = MarkdownHighlighter(document)
    highlighter.rehighlight()
    return formats(document)


def test_lazy_highlighting_ends_with_the_formats_of_a_full_pass(qtbot) -> None:
    text = long_text(fences_open_at_end=True)
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    editor.set_text(text)
    assert editor.lazy_highlight.pending()
    with qtbot.waitSignal(editor.lazy_highlight.finished, timeout=30_000):
        pass
    assert formats(editor.document()) == full_pass(text)
    assert edits == []  # highlighting is not typing
    assert editor.text() == text


def test_the_screen_is_highlighted_before_the_rest(qtbot) -> None:
    text = long_text()
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    editor.set_text(text)
    document = editor.document()
    last_heading = document.find(
        "## Section", document.characterCount(), QTextDocument.FindFlag.FindBackward
    ).block()
    assert document.begin().layout().formats()  # the heading on screen
    assert not last_heading.layout().formats()  # the end: not yet
    editor.lazy_highlight.finish_now()
    assert last_heading.layout().formats()


def test_scrolled_into_a_fence_the_screen_is_highlighted_as_code(qtbot) -> None:
    text = long_text()
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    editor.set_text("x")
    expected = full_pass(text)
    target = next(n for n, state, _ in expected if n > 2000 and state == 1)  # inside a fence
    editor.set_text(text)
    editor.lazy_highlight.finish_now()
    editor.scroll_to_line(target + 1)
    editor.set_text(text + "\n")  # the same place, text set again: lazy from there
    assert editor.lazy_highlight.pending()
    first = editor.firstVisibleBlock().blockNumber()
    assert first > 2000
    assert formats(editor.document())[first] == expected[first]


def test_edits_during_the_lazy_pass_leave_no_block_behind(qtbot) -> None:
    text = long_text()
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    editor.set_text(text)
    editor.lazy_highlight._slice()  # some blocks done, then lines removed above the place
    cursor = QTextCursor(editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor, 40)
    cursor.removeSelectedText()
    editor.lazy_highlight.finish_now()
    assert formats(editor.document()) == full_pass(editor.text())


def test_a_very_long_text_goes_in_by_parts_read_only_meanwhile(qtbot, monkeypatch) -> None:
    from editor.ui import source_editor

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = long_text(fences_open_at_end=True)
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    editor.setReadOnly(False)
    editor.set_text(text)
    assert editor.is_loading() and editor.isReadOnly()
    assert editor.text() == text  # the whole text, while the pane still fills
    assert len(editor.read_text()) < len(text)
    with qtbot.waitSignal(editor.loaded, timeout=30_000):
        pass
    assert not editor.isReadOnly()
    assert editor.read_text() == editor.text() == text
    assert not editor.document().isUndoAvailable()  # loading is nothing to undo
    editor.lazy_highlight.finish_now()
    assert formats(editor.document()) == full_pass(text)
    assert edits == []
    qtbot.keyClicks(editor, "x")
    assert edits and editor.text() == editor.read_text()


def test_a_key_typed_while_a_text_goes_in_puts_the_rest_in_first(qtbot, monkeypatch) -> None:
    from editor.ui import source_editor

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "FIRST_PART_CHARS", 20_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = long_text()
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.setReadOnly(False)
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    editor.set_text(text)
    assert editor.is_loading() and editor.isReadOnly()
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # moving about does not need the rest
    assert editor.is_loading()
    qtbot.keyClicks(editor, "x")
    assert not editor.is_loading() and not editor.isReadOnly()
    assert editor.text() == "x" + text  # where the cursor was (read-only, it did not move)
    assert editor.read_text() == editor.text()
    assert edits
    monkeypatch.setattr(source_editor, "FINISH_ON_KEY_CHARS", 1_000)
    editor.set_text(text)  # more left than a key may put in: read-only until it is all in
    qtbot.keyClicks(editor, "y")
    assert editor.is_loading() and editor.text() == text
    editor.finish_loading()
    assert editor.read_text() == text


def test_going_to_a_line_not_in_yet_puts_the_rest_in(qtbot, monkeypatch) -> None:
    from editor.ui import source_editor
    from editor.ui.source_positions import go_to_line

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "FIRST_PART_CHARS", 20_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = long_text()
    last = text.count("\n") - 1
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(text)
    assert editor.is_loading() and editor.document().blockCount() < last
    go_to_line(editor, last + 1)  # 1-based, as the outline gives it
    assert not editor.is_loading()
    assert editor.textCursor().blockNumber() == last
    editor.go_to_line(0)
    editor.set_text(text + "more\n")  # (the first part goes down to the cursor: the top)
    assert editor.is_loading() and editor.document().blockCount() < last
    editor.go_to_line(last)
    assert not editor.is_loading() and editor.textCursor().blockNumber() == last


def test_saving_while_a_text_goes_in_reads_all_of_it(qtbot, monkeypatch) -> None:
    from editor.ui import source_editor

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = long_text()
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.setReadOnly(True)
    editor.set_text(text)
    assert editor.is_loading()
    assert editor.checked_text() == text
    assert not editor.is_loading() and editor.isReadOnly()  # as the window asked


def test_characters_qt_would_change_late_in_a_long_text_are_kept(qtbot, monkeypatch) -> None:
    from editor.ui import source_editor

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = long_text() + "emoji 👩‍💻, a paragraph\u2029sign and\u00a0space\nlast\n"
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(text)
    editor.finish_loading()
    assert editor.text() == editor.read_text() == text
    qtbot.keyClicks(editor, "x")
    assert editor.text() == editor.read_text() == "x" + text


def test_a_long_text_kept_without_reading_it_back_equals_what_qt_holds(qtbot) -> None:
    text = long_text().replace("\n\n", "\r\n\r\n", 50).replace("- item\n", "- item\r", 20)
    text += "non\u00a0breaking, line\u2028separator\n"
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(text)
    assert editor.text() == editor.read_text()
    assert "\r" not in editor.text()
    qtbot.keyClicks(editor, "x")
    assert editor.text() == editor.read_text()


def test_highlighting_everything_again_ends_as_a_full_pass_and_is_not_typing(qtbot) -> None:
    text = long_text(fences_open_at_end=True)
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.resize(500, 400)
    editor.show()
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(1))
    editor.set_text(text)
    editor.lazy_highlight.finish_now()
    blanked = []
    editor.highlighter.setFormat = lambda *a: blanked.append(a)  # the next pass marks nothing
    editor.lazy_highlight.rehighlight_all()
    del editor.highlighter.setFormat
    assert editor.lazy_highlight.pending()
    with qtbot.waitSignal(editor.lazy_highlight.finished, timeout=30_000):
        pass
    assert formats(editor.document()) == full_pass(text)
    assert edits == []
