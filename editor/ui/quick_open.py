"""Quick open (``quickOpen``, Ctrl+P): type a few letters of a title or file name, press Enter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.core.site.fuzzy import Candidate, FuzzyIndex
from editor.core.site.index import IndexedPost

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SHOWN = 50


class QuickOpen(QDialog):
    """A query box over a ranked list; ``postChosen`` carries the chosen post's path."""

    postChosen = Signal(str)

    def __init__(self, posts: Callable[[], list[IndexedPost]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quickOpen")
        self.setWindowTitle("Open Post")
        self.resize(560, 420)
        self._posts = posts
        self._index = FuzzyIndex([])
        self.query = QLineEdit(self)
        self.query.setObjectName("quickOpenQuery")
        self.query.setPlaceholderText("Title or file name")
        self.results = QListWidget(self)
        self.results.setObjectName("quickOpenResults")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.query.textChanged.connect(self._update)
        self.query.returnPressed.connect(self.choose_current)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.choose_current())

    def open_fresh(self) -> None:
        """Show with the site's current posts and an empty query."""
        posts = sorted(self._posts(), key=lambda p: p.date, reverse=True)
        self._index = FuzzyIndex([Candidate(p.path, p.title, Path(p.path).name) for p in posts])
        self.query.clear()
        self._update("")
        self.show()
        self.activateWindow()
        self.query.setFocus()

    def _update(self, text: str) -> None:
        self.results.clear()
        for _score, candidate in self._index.match(text, SHOWN):
            item = QListWidgetItem(f"{candidate.title}\n{candidate.name}")
            item.setData(PATH_ROLE, candidate.key)
            item.setToolTip(candidate.key)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def shown_paths(self) -> list[str]:
        return [self.results.item(r).data(PATH_ROLE) for r in range(self.results.count())]

    def choose_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.hide()
        self.postChosen.emit(item.data(PATH_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and down in the query box move through the results."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
