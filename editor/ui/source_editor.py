"""The Markdown source pane: the post's body, read back without changing a character."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.ui.markdown_highlighter import MarkdownHighlighter

PARAGRAPH_SEPARATOR = "\u2029"
# A U+2029 typed in the post itself would come back from Qt as a line break; it is shown as
# this private-use stand-in instead (both ways), so the character survives untouched.
PARAGRAPH_STANDIN = "\U000f2029"


class SourceEditor(QPlainTextEdit):
    """A plain-text editor for the body.

    ``toPlainText()`` turns non-breaking spaces into spaces and U+2028 into newlines, so the
    text is read with ``toRawText()``, whose only change is U+2029 for each line break.
    """

    textEdited = Signal()  # the writer changed the text (not set_text)
    topLineChanged = Signal(int)  # 1-based body line at the top of the view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceEditor")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._highlighter = MarkdownHighlighter(self.document())
        self._setting = False
        self.textChanged.connect(self._on_text_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def text(self) -> str:
        raw = self.document().toRawText().replace(PARAGRAPH_SEPARATOR, "\n")
        if PARAGRAPH_STANDIN not in raw:  # one scan instead of a copy, per keystroke
            return raw
        return raw.replace(PARAGRAPH_STANDIN, PARAGRAPH_SEPARATOR)

    def set_text(self, text: str) -> None:
        """Replace the text without emitting textEdited; keeps the cursor line when it can."""
        if text == self.text():
            return
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        self._setting = True
        try:
            self.setPlainText(text.replace(PARAGRAPH_SEPARATOR, PARAGRAPH_STANDIN))
        finally:
            self._setting = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)

    def top_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def scroll_to_line(self, line: int) -> None:
        """Scroll so body line ``line`` (1-based) is at the top, without moving the cursor."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.verticalScrollBar().setValue(block.firstLineNumber())

    def _on_text_changed(self) -> None:
        if not self._setting:
            self.textEdited.emit()

    def _on_scrolled(self, _value: int) -> None:
        self.topLineChanged.emit(self.top_line())
