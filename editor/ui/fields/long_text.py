"""Multi-line text (excerpt, description, summary) with a character count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from editor.ui.fields.base import FieldContext
from editor.ui.lossless_text import plain_text, set_plain_text


class LongTextField(QWidget):
    """Trailing newlines of a block scalar (``>`` / ``|``) are kept out of sight and put back."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._tail = ""
        self._showing = False
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("input")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(self._on_changed)
        self._update_count()

    def text(self) -> str:
        return plain_text(self.edit)

    def _on_changed(self) -> None:
        self._update_count()
        if not self._showing:
            self.committed.emit(self.text() + self._tail if self.text() else self.text())

    def _update_count(self) -> None:
        length = len(self.text())
        limit = self.ctx.spec.recommended_length
        if limit:
            over = length > limit
            self.count.setText(f"{length} / {limit} characters recommended")
            self.count.setStyleSheet("color: #b35c00;" if over else "color: palette(mid);")
        else:
            self.count.setText(f"{length} characters")

    def set_value(self, value: Any, raw: str | None = None) -> None:
        text = "" if value is None else str(value)
        shown = text.rstrip("\n")
        self._tail = text[len(shown) :]
        if self.text() == shown:
            return
        self._showing = True
        try:
            set_plain_text(self.edit, shown)
        finally:
            self._showing = False

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
