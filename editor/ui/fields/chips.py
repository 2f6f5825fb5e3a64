"""A list of strings as removable chips (tags, categories) with site-wide completion.

A ``tags: a b c`` string is legal in Jekyll and stays a string here unless the writer presses
"Make a list": silently turning it into a YAML list would be a rewrite nobody asked for.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from editor.core.wording import count_of
from editor.ui.fields.base import FieldContext
from editor.ui.fields.flow_layout import FlowLayout
from editor.ui.lossless_text import line_text, set_line_text

TAG_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2


def suggestion_model(suggestions: list[tuple[str, int]], parent: QObject) -> QStandardItemModel:
    """Rows shown as ``tag  (N)``; completion matches and inserts the bare tag."""
    model = QStandardItemModel(parent)
    for value, count in suggestions:
        item = QStandardItem(f"{value}  ({count})")
        item.setData(value, TAG_ROLE)
        item.setData(count, COUNT_ROLE)
        item.setToolTip(f"used by {count_of(count, 'post')}")
        model.appendRow(item)
    return model


class ChipsField(QWidget):
    """Chips plus an input; Enter or a comma adds, a chip's ✕ removes."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._items: list[str] = []
        self._as_string: str | None = None
        self._read_only = False
        self.chips = QWidget(self)
        self.flow = FlowLayout(self.chips)
        self.input = QLineEdit(self)
        self.input.setObjectName("input")
        self.input.setPlaceholderText("add…")
        self.input.setMinimumWidth(90)
        self.completer = QCompleter(suggestion_model(ctx.spec.suggestions(), self), self)
        self.completer.setCompletionRole(TAG_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(self.completer)
        self.convert = QPushButton("Make a list", self)
        self.convert.setObjectName("convert")
        self.convert.setToolTip("This value is one string; turn it into a list of items")
        self.input.setFrame(False)
        self.input.setStyleSheet("QLineEdit { background: transparent; }")
        self.input.setMinimumWidth(120)
        self.setObjectName("chips")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chips, 1)
        layout.addWidget(self.convert, 0, Qt.AlignmentFlag.AlignTop)
        self.chips.setObjectName("chipsArea")
        self.chips.setStyleSheet(
            "#chipsArea { border: 1px solid palette(mid); border-radius: 3px;"
            " background: palette(base); }"
        )
        self.flow.setContentsMargins(3, 3, 3, 3)
        self.flow.addWidget(self.input)
        self.input.returnPressed.connect(self._add_from_input)
        self.input.textEdited.connect(self._on_text_edited)
        self.completer.activated.connect(self._on_completed)
        self.convert.clicked.connect(self.make_list)

    def items(self) -> list[str]:
        """The chips, in order."""
        return list(self._items)

    def add_item(self, text: str) -> None:
        """Add one item as the writer would (ignored when empty or already there)."""
        text = text.strip()
        if self._as_string is not None or not text or text in self._items:
            return
        self._items.append(text)
        self._rebuild_chips()
        self.committed.emit(list(self._items))

    def remove_item(self, text: str) -> None:
        """Remove one chip as the writer would."""
        if text in self._items:
            self._items.remove(text)
            self._rebuild_chips()
            self.committed.emit(list(self._items))

    def make_list(self) -> None:
        """Turn a ``a b c`` / ``a, b`` string value into a list, on the writer's request."""
        if self._as_string is None:
            return
        separator = r"\s*,\s*" if "," in self._as_string else r"\s+"
        items = [i for i in re.split(separator, self._as_string.strip()) if i]
        self._as_string = None
        self._items = list(dict.fromkeys(items))
        self._show_mode()
        self.committed.emit(list(self._items))

    def _on_text_edited(self, text: str) -> None:
        text = line_text(self.input, text)
        if self._as_string is not None:
            self._as_string = text
            self.committed.emit(text)
        elif text.endswith(","):
            self.add_item(text[:-1])
            self.input.clear()

    def _add_from_input(self) -> None:
        if self._as_string is None and self.input.text().strip():
            self.add_item(self.input.text())
            self.input.clear()

    def _on_completed(self, text: str) -> None:
        if self._as_string is None:
            self.add_item(text)
            QTimer.singleShot(0, self.input.clear)

    def _rebuild_chips(self) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.input:
                widget.deleteLater()
        for text in self._items:
            chip = QToolButton(self.chips)
            chip.setObjectName(f"chip:{text}")
            chip.setText(f"{text}  ✕")
            chip.setToolTip(f"Remove {text}")
            chip.setEnabled(not self._read_only)
            chip.setStyleSheet(
                "QToolButton { border: 1px solid palette(mid); border-radius: 9px;"
                " padding: 0px 6px; background: palette(alternate-base); }"
            )
            chip.clicked.connect(lambda _checked=False, t=text: self.remove_item(t))
            self.flow.addWidget(chip)
        self.flow.addWidget(self.input)
        self.chips.updateGeometry()

    def _show_mode(self) -> None:
        string_mode = self._as_string is not None
        self.convert.setVisible(string_mode and not self._read_only)
        self.input.setCompleter(None if string_mode else self.completer)  # type: ignore[arg-type]  # None removes it
        self.input.setPlaceholderText("" if string_mode else "add…")
        width = self.input.fontMetrics().horizontalAdvance(self._as_string or "") + 24
        self.input.setMinimumWidth(max(120, width) if string_mode else 120)
        if string_mode and line_text(self.input) != self._as_string:
            set_line_text(self.input, self._as_string or "")
        elif not string_mode and self.input.text() and not self.input.hasFocus():
            self.input.clear()
        self._rebuild_chips()

    def set_value(self, value: Any, raw: str | None = None) -> None:
        if isinstance(value, str):
            if self._as_string == value:
                return
            self._as_string, self._items = value, []
        else:
            items = [str(v) for v in value] if isinstance(value, list) else []
            if self._as_string is None and items == self._items and self.flow.count() == len(items):
                return
            self._as_string, self._items = None, items
        self._show_mode()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.input.setReadOnly(read_only)
        self._show_mode()
