"""A yes/no field (published, draft, pin, comments…)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from editor.ui.fields.base import FieldContext


class BooleanField(QCheckBox):
    """A check box; ``stateChanged`` also fires for programmatic changes, hence the guard."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._showing = False
        self.stateChanged.connect(self._on_state)

    def _on_state(self, _state: int) -> None:
        if not self._showing:
            self.committed.emit(self.isChecked())

    def set_value(self, value: Any, raw: str | None = None) -> None:
        self._showing = True
        try:
            self.setChecked(value is True)
            self.setText("yes" if value is True else "no")
        finally:
            self._showing = False

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def nextCheckState(self) -> None:
        super().nextCheckState()
        self.setText("yes" if self.isChecked() else "no")
