"""The "Add field" bar under the form: a key name with suggestions, a button, a status line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from editor.ui.fields.chips import TAG_ROLE, suggestion_model


class AddFieldBar(QWidget):
    """Suggests keys used elsewhere in the site (with how many posts use them)."""

    addRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = QLineEdit(self)
        self.input.setObjectName("addFieldInput")
        self.input.setPlaceholderText("new field name…")
        self.completer = QCompleter(self)
        self.completer.setCompletionRole(TAG_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(self.completer)
        self.button = QPushButton("Add field", self)
        self.button.setObjectName("addFieldButton")
        self.status = QLabel(self)
        self.status.setObjectName("frontMatterStatus")
        self.status.setStyleSheet("color: palette(mid);")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 4)
        layout.addWidget(self.input, 1)
        layout.addWidget(self.button)
        layout.addWidget(self.status)
        self.button.clicked.connect(self._request)
        self.input.returnPressed.connect(self._request)

    def _request(self) -> None:
        if self.input.text().strip():
            self.addRequested.emit(self.input.text())

    def set_suggestions(self, suggestions: list[tuple[str, int]]) -> None:
        """Parented to the completer, so setModel deletes the previous model."""
        self.completer.setModel(suggestion_model(suggestions, self.completer))

    def set_enabled(self, enabled: bool) -> None:
        self.input.setEnabled(enabled)
        self.button.setEnabled(enabled)
