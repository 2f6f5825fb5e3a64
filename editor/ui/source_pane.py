"""The source pane's container: bars above, the editor with its outline beside it, the find
bar below. Other bars (a file-changed-on-disk notice, ...) stack above or below the editor
through ``add_bar_above`` / ``add_bar_below``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from editor.ui.find_bar import FindBar
from editor.ui.outline_view import OutlineView
from editor.ui.source_editor import SourceEditor


class SourcePane(QWidget):
    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePane")
        self.editor = editor
        self.outline = OutlineView(editor, self)
        self.find_bar = FindBar(editor, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("sourceSplitter")
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(editor)
        self.splitter.addWidget(self.outline)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 160])
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.splitter, 1)
        self._layout.addWidget(self.find_bar)

    def add_bar_above(self, bar: QWidget) -> None:
        """Stack ``bar`` above the editor (under any bar added before it)."""
        self._layout.insertWidget(self._layout.indexOf(self.splitter), bar)

    def add_bar_below(self, bar: QWidget) -> None:
        """Stack ``bar`` below the editor (above the find bar)."""
        self._layout.insertWidget(self._layout.indexOf(self.find_bar), bar)
