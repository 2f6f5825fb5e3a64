"""A choice among known values (layout: the site's ``_layouts`` and the values seen in posts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from editor.core.wording import count_of
from editor.ui.fields.base import FieldContext


class ChoiceField(QComboBox):
    """Editable unless the schema file fixes the choices: a theme may add layouts we cannot see."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        counts = dict(ctx.spec.value_counts)
        self.setEditable(not ctx.spec.strict_choices)
        for choice in ctx.spec.choices:
            self.addItem(choice)
            seen = counts.get(choice, 0)
            self.setItemData(
                self.count() - 1, f"used by {count_of(seen, 'post')}" if seen else "not used yet"
            )
        self.setCurrentIndex(-1)
        self.activated.connect(self._on_activated)
        if (line := self.lineEdit()) is not None:
            line.textEdited.connect(self.committed.emit)

    def _on_activated(self, index: int) -> None:
        self.committed.emit(self.itemText(index))

    def set_value(self, value: Any, raw: str | None = None) -> None:
        text = "" if value is None else str(value)
        if self.currentText() == text:
            return
        index = self.findText(text)
        if index < 0 and text:
            self.addItem(text)
            index = self.count() - 1
        self.setCurrentIndex(index)
        if index < 0 and (line := self.lineEdit()) is not None:
            line.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)
