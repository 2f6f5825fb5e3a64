"""Which pane gives up its width first when the window narrows.

QSplitter shares a narrowing among its panes in proportion to their widths, so at 900 px the
post list lost half its width (its titles cut to a word) while the preview kept a wide
column. Here the narrowing is taken back from one pane (the preview) down to a floor, and
given to the pane that should keep its width (the post list). A writer's own drags of the
splitter handles are left as they are: only window resizes that narrow the splitter count.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter


class ShrinkOrder(QObject):
    def __init__(self, splitter: QSplitter, keep: int, give: int, floor: int) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.keep = keep
        self.give = give
        self.floor = floor
        self._before: list[int] | None = None
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            old, new = event.oldSize().width(), event.size().width()
            if 0 < new < old and self._before is None:
                # The sizes before QSplitter shares out the narrowing (it does so after us).
                self._before = self.splitter.sizes()
                QTimer.singleShot(0, self._rebalance)
        return super().eventFilter(watched, event)

    def _rebalance(self) -> None:
        before, self._before = self._before, None
        sizes = self.splitter.sizes()
        giver = self.splitter.widget(self.give)
        if before is None or len(before) != len(sizes) or giver is None:
            return
        lost = before[self.keep] - sizes[self.keep]
        floor = max(self.floor, giver.minimumSizeHint().width(), giver.minimumWidth())
        moved = min(lost, sizes[self.give] - floor)
        if moved > 0:
            sizes[self.keep] += moved
            sizes[self.give] -= moved
            self.splitter.setSizes(sizes)
