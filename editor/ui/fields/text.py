"""A one-line text field (title, author, permalink…), with completion from values seen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from editor.ui.fields.base import FieldContext
from editor.ui.lossless_text import line_text, set_line_text


class TextField(QLineEdit):
    """Commits on every edit so the preview follows typing; the form merges the undo steps."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        repeated = [value for value, count in ctx.spec.suggestions() if count > 1]
        if repeated:
            completer = QCompleter(repeated, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.setCompleter(completer)
        if ctx.spec.recommended_length:
            self.setPlaceholderText(f"up to about {ctx.spec.recommended_length} characters")
        self.textEdited.connect(lambda raw: self.committed.emit(line_text(self, raw)))

    def text(self) -> str:
        """The text as set or typed, through the lossless helper."""
        return line_text(self)

    def set_value(self, value: Any, raw: str | None = None) -> None:
        """Show a value; setText does not emit textEdited, so nothing is written."""
        text = "" if value is None else str(value)
        if self.text() != text:
            set_line_text(self, text)
            self.setCursorPosition(0)

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
