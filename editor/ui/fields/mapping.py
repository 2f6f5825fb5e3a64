"""A nested mapping (``header: {image, caption}``, ``image: {path, alt}``) shown as a sub-form.

The sub-rows are built by the form (they are ordinary fields with dotted paths and write with
``set_path``); this widget only frames them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from editor.ui.fields.base import FieldContext


class MappingField(QFrame):
    """A framed column of child rows."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(8, 4, 4, 4)
        self.rows.setSpacing(4)

    def add_row(self, row: QWidget) -> None:
        """Append a child field row."""
        self.rows.addWidget(row)

    def set_value(self, value: Any, raw: str | None = None) -> None:
        """Children show their own values (the form updates them one by one)."""

    def set_read_only(self, read_only: bool) -> None:
        """Children are made read-only by the form."""
