"""The raw front-matter view: the text between the delimiters, highlighted, with live errors.

It holds what the form cannot express (comments, anchors, odd layouts) and is the way in when
the front matter does not parse. Text is read with ``toRawText`` because ``toPlainText`` turns
non-breaking spaces into spaces.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from editor.core.site.schema import yaml_trap
from editor.services.debounce import Debounce
from editor.ui.lossless_text import plain_text, set_plain_text
from editor.ui.text_formats import char_format

DEBOUNCE_MS = 250


class FrontMatterHighlighter(QSyntaxHighlighter):
    """YAML (or TOML) colouring: keys, strings, numbers and literals, comments, and YAML traps."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.syntax = "yaml"
        self.key = char_format("#1f5f9e", bold=True)
        self.string = char_format("#2e7d32")
        self.literal = char_format("#8e44ad")
        self.comment = char_format("#808080", italic=True)
        self.punct = char_format("#a05a00", bold=True)
        self.trap = QTextCharFormat()
        self.trap.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.trap.setUnderlineColor(QColor("#e67e22"))
        self.trap.setBackground(QColor("#fdebd0"))
        self.trap.setToolTip("YAML 1.1 reads this differently from how it looks")
        self._yaml_key = QRegularExpression(
            r"^(\s*(?:-\s+)?)([^\s#'\"\-{\[][^:#]*?|\"[^\"]*\"|'[^']*'):(?=\s|$)"
        )
        self._toml_key = QRegularExpression(r"^\s*([\w.\-\"']+)\s*=")
        self._table = QRegularExpression(r"^\s*\[\[?[^\]]*\]\]?\s*$")
        self._string = QRegularExpression(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")
        self._literal = QRegularExpression(
            r"(?<![\w.-])(?:true|false|yes|no|on|off|null|~|-?\d[\d_]*(?:\.\d+)?"
            r"(?:[-:T ]\d[\d:.+\-Z ]*)?)(?![\w.-])",
            QRegularExpression.PatternOption.CaseInsensitiveOption,
        )
        self._comment = QRegularExpression(r"(^|\s)#.*$")

    def set_syntax(self, syntax: str) -> None:
        """ "yaml", "toml" or "json"; re-colours the text."""
        if syntax != self.syntax:
            self.syntax = syntax
            self.rehighlight()

    def _apply(
        self, regex: QRegularExpression, text: str, fmt: QTextCharFormat, group: int = 0
    ) -> None:
        matches = regex.globalMatch(text)
        while matches.hasNext():
            match = matches.next()
            self.setFormat(match.capturedStart(group), match.capturedLength(group), fmt)

    def highlightBlock(self, text: str) -> None:
        self._apply(self._literal, text, self.literal)
        self._apply(self._string, text, self.string)
        if self.syntax == "toml":
            self._apply(self._table, text, self.punct)
            self._apply(self._toml_key, text, self.key, 1)
        elif self.syntax == "yaml":
            match = self._yaml_key.match(text)
            if match.hasMatch():
                self.setFormat(match.capturedStart(2), match.capturedLength(2), self.key)
                value_start = match.capturedEnd(0) + 1
                self._mark_trap(text, value_start)
            elif text.lstrip().startswith("- "):
                self._mark_trap(text, text.index("-") + 2)
        if self.syntax != "json":
            comment = self._comment.match(text)
            if comment.hasMatch() and not self._inside_string(text, comment.capturedStart(0)):
                self.setFormat(comment.capturedStart(0), comment.capturedLength(0), self.comment)

    def _inside_string(self, text: str, index: int) -> bool:
        before = text[:index]
        return before.count('"') % 2 == 1 or before.count("'") % 2 == 1

    def _mark_trap(self, text: str, start: int) -> None:
        value = text[start:]
        if value.strip() and yaml_trap(value) is not None:
            offset = len(value) - len(value.lstrip())
            for index in range(start + offset, start + offset + len(value.strip())):
                fmt = QTextCharFormat(self.format(index))
                fmt.merge(self.trap)
                self.setFormat(index, 1, fmt)


class RawFrontMatterView(QWidget):
    """Emits ``textEdited`` (no payload) after the writer pauses typing; ``text()`` has the text."""

    textEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rawFrontMatter")
        self._showing = False
        self._line_offset = 0
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("rawFrontMatterEditor")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = FrontMatterHighlighter(self.editor.document())
        self.error_label = QLabel(self)
        self.error_label.setObjectName("rawFrontMatterError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error_label)
        self._debounce = Debounce(DEBOUNCE_MS, self.textEdited.emit, self)
        self.editor.textChanged.connect(self._on_changed)
        self.editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving the raw text applies it at once, so a save never misses the last keys."""
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def text(self) -> str:
        """The raw text exactly as typed, with "\\n" line ends."""
        return plain_text(self.editor)

    def _on_changed(self) -> None:
        if not self._showing:
            self._debounce.trigger()

    def flush(self) -> None:
        """Apply a pending edit now (before saving, or in tests) instead of after the pause."""
        self._debounce.flush()

    def set_text(self, text: str, syntax: str | None) -> None:
        """Show the document's front matter without emitting an edit; keeps the cursor place."""
        self.highlighter.set_syntax(syntax or "yaml")
        if self.text() == text:
            return
        cursor = self.editor.textCursor()
        position = cursor.position()
        scroll = self.editor.verticalScrollBar().value()
        self._showing = True
        try:
            set_plain_text(self.editor, text)
        finally:
            self._showing = False
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)
        self.editor.verticalScrollBar().setValue(scroll)

    def set_line_offset(self, offset: int) -> None:
        """File line number of the raw text's first line, minus one (errors use file lines)."""
        self._line_offset = offset

    def show_error(
        self, message: str | None, line: int | None = None, column: int | None = None
    ) -> None:
        """Show an error below the text and mark its line; None clears it."""
        selections: list[QTextEdit.ExtraSelection] = []
        if message:
            where = ""
            local = None if line is None else line - self._line_offset
            if local is not None and local >= 1:
                where = f"Line {local}" + (f", column {column}" if column else "") + ": "
                block = self.editor.document().findBlockByNumber(local - 1)
                if block.isValid():
                    selection = QTextEdit.ExtraSelection()
                    selection.format.setBackground(QColor("#fde2e0"))
                    selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                    cursor = QTextCursor(block)
                    selection.cursor = cursor
                    selections.append(selection)
            self.error_label.setText(where + re.sub(r"\s+", " ", message).strip())
        self.error_label.setVisible(bool(message))
        if not message:
            self.error_label.setText("")
        self.editor.setExtraSelections(selections)

    def error_text(self) -> str:
        return self.error_label.text()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
