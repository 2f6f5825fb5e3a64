"""Any other value (numbers, lists of mappings, anchors…) as a small YAML editor.

Nothing is hidden: a value the form has no widget for is shown as YAML, checked as the
writer types, and written only when it parses.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from editor.core.frontmatter.yaml_safe import ValueParseError, load_value
from editor.core.site.schema import yaml_trap
from editor.ui.fields.base import FieldContext
from editor.ui.lossless_text import plain_text, set_plain_text

MAX_LINES = 8


def as_yaml(value: Any) -> str:
    """A value as compact YAML (flow style for short collections)."""
    text = yaml.safe_dump(value, default_flow_style=None, allow_unicode=True, sort_keys=False)
    return text.removesuffix("\n...\n").rstrip("\n")


def _unwrap_raw(raw: str) -> str:
    lines = raw.strip("\n").split("\n")
    if len(lines) > 1 and lines[0].strip() == "":
        lines = lines[1:]
    return textwrap.dedent("\n".join(lines)).strip("\n")


class YamlField(QWidget):
    """Shows the value as typed when the post is YAML, else as YAML; parses what is typed."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._value: Any = None
        self._showing = False
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("input")
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = self.edit.font()
        font.setFamily("monospace")
        self.edit.setFont(font)
        self.note = QLabel(self)
        self.note.setObjectName("note")
        self.note.setStyleSheet("color: #b35c00;")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        self.edit.textChanged.connect(self._on_changed)
        self._fit()

    def text(self) -> str:
        return plain_text(self.edit)

    def _fit(self) -> None:
        lines = min(MAX_LINES, max(1, self.text().count("\n") + 1))
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 12)

    def _on_changed(self) -> None:
        self._fit()
        if self._showing:
            return
        text = self.text()
        try:
            value = load_value(text) if text.strip() else None
        except ValueParseError as exc:
            self.problem.emit(f"Not valid YAML{exc.line_column}: {exc.problem.message}")
            return
        trap = yaml_trap(text) if "\n" not in text.strip() else None
        self.note.setText(trap or "")
        self.note.setVisible(bool(trap))
        self.committed.emit(value)

    def set_value(self, value: Any, raw: str | None = None) -> None:
        self._value = value
        text = as_yaml(value)
        if raw is not None and self.ctx.doc_format == "yaml":
            unwrapped = _unwrap_raw(raw)
            try:
                if load_value(unwrapped) == value:
                    text = unwrapped
            except ValueParseError:
                pass
        if self.text() == text:
            return
        self._showing = True
        try:
            set_plain_text(self.edit, text)
        finally:
            self._showing = False
        self._fit()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
