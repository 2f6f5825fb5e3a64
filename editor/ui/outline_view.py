"""The outline (``outline``): the post's headings beside the source pane; a click goes there."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from editor.core.writing.outline import Heading
from editor.services.text_stats import TextReport
from editor.ui.source_editor import SourceEditor
from editor.ui.source_positions import go_to_line

LINE_ROLE = Qt.ItemDataRole.UserRole
EMPTY_TEXT = "Headings (# Title) appear here."
# A long post's outline (a 50 MB post has tens of thousands of headings: 0.3 s and more of
# items) is filled in slices of a few milliseconds from the event loop, from the top.
FILL_AT_ONCE = 500
SLICE_MS = 8.0


class OutlineView(QListWidget):
    """Filled from :class:`~editor.services.text_stats.TextStats` reports (after a pause in
    typing, computed off the UI thread)."""

    headingChosen = Signal(int)  # 1-based body line of the heading

    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.editor = editor
        self._headings: list[Heading] = []
        self._filled = 0  # headings with an item so far
        self._fill = QTimer(self)
        self._fill.setInterval(0)
        self._fill.timeout.connect(self._fill_some)
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)

    def headings(self) -> list[Heading]:
        return list(self._headings)

    def show_report(self, report: TextReport) -> None:
        found = report.headings
        if found == self._headings:
            return
        self._headings = found
        self._fill.stop()
        self.clear()
        self._filled = 0
        # Measured item by item, the list lays every item out again on each turn it grows:
        # 20,000 headings, 118 ms a turn and more; with one size for all, 2 ms (headings
        # wider than the first are elided).
        self.setUniformItemSizes(len(found) > FILL_AT_ONCE)
        if len(found) <= FILL_AT_ONCE:
            self._fill_some(budget_ms=None)
        else:
            self._fill_some()
            self._fill.start()

    def filling(self) -> bool:
        """True while some headings still wait for their item."""
        return self._filled < len(self._headings)

    def _fill_some(self, budget_ms: float | None = SLICE_MS) -> None:
        deadline = None if budget_ms is None else time.perf_counter() + budget_ms / 1000
        headings = self._headings
        while self._filled < len(headings):
            heading = headings[self._filled]
            item = QListWidgetItem("    " * (heading.level - 1) + (heading.title or "…"))
            item.setData(LINE_ROLE, heading.line + 1)
            item.setToolTip(f"Line {heading.line + 1}")
            self.addItem(item)
            self._filled += 1
            if deadline is not None and time.perf_counter() > deadline:
                return
        self._fill.stop()

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
