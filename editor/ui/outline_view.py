"""The outline (``outline``): the post's headings beside the source pane; a click goes there."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListView, QWidget

from editor.core.writing.outline import Heading
from editor.services.text_stats import TextReport
from editor.ui.source_editor import SourceEditor
from editor.ui.source_positions import go_to_line

LINE_ROLE = Qt.ItemDataRole.UserRole
EMPTY_TEXT = "Headings (# Title) appear here."
# Above this many headings every row gets the first row's size: measured row by row, the list
# lays every row out again (20,000 headings: 118 ms a turn); with one size, about 2 ms.
UNIFORM_FROM = 500


class OutlineModel(QAbstractListModel):
    """The headings as rows, read from the report's list when a row is shown.

    A 50 MB post has tens of thousands of headings: a list item per heading (a C++ item and
    its Python wrapper) took 0.3 s and more to make, on the UI thread, and every full garbage
    collection of the interpreter walked them all again. Here there is nothing per heading.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headings: list[Heading] = []

    def headings(self) -> list[Heading]:
        return self._headings

    def set_headings(self, headings: list[Heading]) -> None:
        self.beginResetModel()
        self._headings = headings
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headings)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._headings):
            return None
        heading = self._headings[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return "    " * (heading.level - 1) + (heading.title or "…")
        if role == LINE_ROLE:
            return heading.line + 1
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Line {heading.line + 1}"
        return None


class OutlineView(QListView):
    """Filled from :class:`~editor.services.text_stats.TextStats` reports (after a pause in
    typing, computed off the UI thread)."""

    headingChosen = Signal(int)  # 1-based body line of the heading

    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.editor = editor
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.rows = OutlineModel(self)
        self.setModel(self.rows)
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    def headings(self) -> list[Heading]:
        return list(self.rows.headings())

    def count(self) -> int:
        """How many headings are listed."""
        return self.rows.rowCount()

    def show_report(self, report: TextReport) -> None:
        found = report.headings
        if found == self.rows.headings():
            return
        self.setUniformItemSizes(len(found) > UNIFORM_FROM)
        self.rows.set_headings(found)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        # An empty outline says what it is for instead of being a blank box.
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        rect = self.viewport().rect().adjusted(6, 6, -6, -6)
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, flags, EMPTY_TEXT)
        painter.end()

    def _on_clicked(self, index: QModelIndex) -> None:
        line = int(index.data(LINE_ROLE))
        go_to_line(self.editor, line)
        self.headingChosen.emit(line)
