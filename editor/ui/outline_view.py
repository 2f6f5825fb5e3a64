"""The outline (``outline``): the post's headings beside the source pane; a click goes there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from editor.core.writing.outline import Heading
from editor.services.text_stats import TextReport
from editor.ui.source_editor import SourceEditor
from editor.ui.source_positions import go_to_line

LINE_ROLE = Qt.ItemDataRole.UserRole
EMPTY_TEXT = "Headings (# Title) appear here."


class OutlineView(QListWidget):
    """Filled from :class:`~editor.services.text_stats.TextStats` reports (after a pause in
    typing, computed off the UI thread)."""

    headingChosen = Signal(int)  # 1-based body line of the heading

    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.editor = editor
        self._headings: list[Heading] = []
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)

    def headings(self) -> list[Heading]:
        return list(self._headings)

    def show_report(self, report: TextReport) -> None:
        found = report.headings
        if found == self._headings:
            return
        self._headings = found
        self.clear()
        for heading in found:
            item = QListWidgetItem("    " * (heading.level - 1) + (heading.title or "…"))
            item.setData(LINE_ROLE, heading.line + 1)
            item.setToolTip(f"Line {heading.line + 1}")
            self.addItem(item)

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

    def _on_clicked(self, item: QListWidgetItem) -> None:
        line = int(item.data(LINE_ROLE))
        go_to_line(self.editor, line)
        self.headingChosen.emit(line)
