from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from editor.ui.source_editor import SourceEditor

TRICKY = (
    "Prix\u00a0: 10\u00a0€\nline\u2028break\nparagraph\u2029sign\nemoji 👩‍💻 and עברית\n\n"
    "frame\ufdd0marks\ufdd1too\nlast"
)


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
    from tests.support.timing import cpu_seconds

    editor = SourceEditor()
    qtbot.addWidget(editor)
    for line in ("[" * 20000, "**a " * 20000, "{% " * 10000, "<!-- " * 10000, "[" * 1900):
        _, seconds = cpu_seconds(
            lambda line=line: (editor.set_text(line), editor._highlighter.rehighlight())
        )
        assert seconds < 1.0, line[:10]


PIECES = ["a", "word ", "\n", "\n\n", "\u00a0", "\u2028", "é", "€", "```\n", "# ", "\t", "👩‍💻"]


def test_characters_qt_turns_into_line_breaks_are_kept_and_read_back_alike(qtbot) -> None:
    for text in ("a\ufdd0b", "a\ufdd1b", "a\u2029b", "plain\u00a0text"):
        editor = SourceEditor()
        qtbot.addWidget(editor)
        editor.set_text(text)
        assert editor.text() == editor.read_text() == text
        qtbot.keyClicks(editor, "x")
        assert editor.text() == editor.read_text() == "x" + text


@st.composite
def edit_steps(draw):
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["insert", "delete", "undo", "redo", "replace"]),
                st.floats(0, 1),
                st.floats(0, 1),
                st.sampled_from(PIECES),
            ),
            max_size=25,
        )
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.lists(st.sampled_from(PIECES), max_size=30).map("".join), steps=edit_steps())
def test_text_keeps_in_step_with_every_kind_of_edit(qtbot, start, steps) -> None:
    """text() follows the edits Qt reports; reading the document whole must agree."""
    editor = SourceEditor()
    qtbot.addWidget(editor)  # one per example: the fixture itself spans them all
    editor.set_text(start)
    for kind, a, b, piece in steps:
        cursor = editor.textCursor()
        size = editor.document().characterCount() - 1
        cursor.setPosition(round(a * size))
        if kind == "insert":
            cursor.insertText(piece)
        elif kind in ("delete", "replace"):
            cursor.setPosition(round(b * size), cursor.MoveMode.KeepAnchor)
            if kind == "delete":
                cursor.removeSelectedText()
            else:
                cursor.insertText(piece)
        elif kind == "undo":
            editor.undo()
        else:
            editor.redo()
        assert editor.text() == editor.read_text()


def test_typing_in_a_long_post_reads_back_only_what_changed(qtbot, monkeypatch) -> None:
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text("A paragraph of a long post.\n\n" * 20_000)
    editor.finish_loading()  # (a text this long goes in by parts)
    assert editor.text().startswith("A paragraph")  # read whole once, after opening
    reads: list[int] = []
    whole = editor.read_text
    monkeypatch.setattr(editor, "read_text", lambda: reads.append(1) or whole())
    cursor = editor.textCursor()
    cursor.setPosition(300_000)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "typed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.text()[300_000:300_006] == "typed\n"
    assert reads == []
    # A character outside the BMP: Qt's positions stop matching, the text is read whole.
    editor.textCursor().insertText("👩")  # (QTest cannot type it)
    assert editor.text()[300_000:300_007] == "typed\n👩"
    assert reads == [1]


# --- lines too long for Qt's layout ----------------------------------------------------------
import pytest  # noqa: E402

from editor.ui.source_editor import LONG_WORD_CHARS, SHOWN_CHARS, too_long_lines  # noqa: E402


@pytest.mark.parametrize(
    "line",
    [
        "a" * (LONG_WORD_CHARS + 1),
        "https://example.com/" + "x" * 50_000,
        ("word " * 50_000),
        "[" * 20_000,
        "\U0001f469" * 20_000,
    ],
)
def test_a_too_long_line_is_shown_cut_and_read_only(qtbot, line: str) -> None:
    text = "# Title\n\n" + line + "\n\nafter\n"
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(text)
    assert editor.limited and editor.isReadOnly()
    assert not editor.limit_banner.isHidden()
    assert "too long to edit here" in editor.limit_banner.text()
    assert editor.text() == text and editor.checked_text() == text
    assert editor.document().characterCount() < len(text)  # Qt never lays the line out whole
    assert editor.document().findBlockByNumber(2).text().startswith(line[:SHOWN_CHARS])
    editor.setReadOnly(False)  # the window makes an open post editable: still read-only
    assert editor.isReadOnly()
    editor.set_text("short\n")
    assert not editor.limited and not editor.isReadOnly()
    assert editor.limit_banner.isHidden() and editor.text() == "short\n"


@pytest.mark.parametrize("line", ["a " * 4_000, "x" * LONG_WORD_CHARS, ("long words " * 10_000)])
def test_long_lines_with_break_points_stay_editable(qtbot, line: str) -> None:
    assert too_long_lines(line) == []
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(line)
    assert not editor.limited and not editor.isReadOnly()


@pytest.mark.parametrize("where", [0, 1, 4_999, 5_000, 12_345, -1])
@pytest.mark.parametrize("extra", [1, 2, 5_000])
def test_a_long_word_is_found_wherever_it_lies(where: int, extra: int) -> None:
    lines = ["short line of prose"] * 20_000
    word = "w" * (LONG_WORD_CHARS + extra)
    number = where if where >= 0 else len(lines) - 1
    # Shift the long line's start across positions modulo the sampling step.
    lines[number] = "x" * (where % 7) + word
    text = "\n".join(lines)
    assert too_long_lines(text) == [number]
    assert too_long_lines(text + "\n") == [number]
    lines[number] = "w" * LONG_WORD_CHARS  # at the limit: not too long
    assert too_long_lines("\n".join(lines)) == []
