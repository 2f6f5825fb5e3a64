"""Python positions in the source text against Qt's (UTF-16 units, stand-ins included).

The writing commands work on ``SourceEditor.text()`` with Python positions; Qt counts a
character outside the BMP, and each stand-in the pane shows for U+2029/U+FDD0/U+FDD1, as two.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.writing.formatting import Edit
from editor.ui.lossless_text import BREAKING, codec_of

# Shown as two UTF-16 units: characters outside the BMP, and those the pane shows as
# (astral) stand-ins.
_WIDE = re.compile("[\U00010000-\U0010ffff" + "".join(BREAKING) + "]")


def to_qt(text: str, position: int) -> int:
    return position + len(_WIDE.findall(text, 0, position)) if _WIDE.search(text) else position


def qt_converter(text: str) -> Callable[[int], int]:
    """``to_qt`` for many positions of one text: the wide characters are found once (a find
    bar marking 2,000 matches in a 1 MB post took 27 s calling ``to_qt`` for each)."""
    wide = [match.start() for match in _WIDE.finditer(text)]
    if not wide:
        return lambda position: position
    return lambda position: position + bisect_left(wide, position)


def to_python(text: str, position: int) -> int:
    """The Python index of Qt's ``position`` (C-speed search, not a loop over characters)."""
    shift = 0  # wide characters before the one looked at
    for match in _WIDE.finditer(text):
        units = match.start() + shift
        if units >= position:
            break
        shift += 1
        if position <= units + 2:
            return match.start() + 1
    return min(position - shift, len(text)) if shift else position


def selection(editor: QPlainTextEdit, text: str) -> tuple[int, int]:
    """The selection as Python positions in ``text``, start first."""
    cursor = editor.textCursor()
    return to_python(text, cursor.selectionStart()), to_python(text, cursor.selectionEnd())


def select(editor: QPlainTextEdit, text: str, anchor: int, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(to_qt(text, anchor))
    cursor.setPosition(to_qt(text, position), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def apply_edit(editor: QPlainTextEdit, text: str, edit: Edit) -> None:
    """Apply a core edit to the pane as one undo step, then select what it says."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    cursor.setPosition(to_qt(text, edit.start))
    cursor.setPosition(to_qt(text, edit.end), QTextCursor.MoveMode.KeepAnchor)
    if cursor.selectedText() != edit.insert.replace("\n", "\u2029"):
        cursor.insertText(codec_of(editor).encode_piece(edit.insert))
    cursor.endEditBlock()
    new_text = edit.apply(text)
    select(editor, new_text, edit.anchor, edit.position)


def go_to_line(editor: QPlainTextEdit, line: int) -> None:
    """Put the cursor at the start of body line ``line`` (1-based) and show it at the top."""
    ensure_line = getattr(editor, "ensure_line", None)  # a long text may still be going in
    if ensure_line is not None:
        ensure_line(line - 1)
    document = editor.document()
    block = document.findBlockByNumber(max(0, min(line, document.blockCount()) - 1))
    cursor = editor.textCursor()
    cursor.setPosition(block.position())
    editor.setTextCursor(cursor)
    editor.verticalScrollBar().setValue(block.firstLineNumber())
    editor.setFocus()
