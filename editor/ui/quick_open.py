"""Quick open (``quickOpen``, Ctrl+P): type a few letters of a title or file name, press Enter.

On a large site the posts are prepared for matching on a background thread (about 0.1 s of
Python for 10,000 posts): the dialog shows at once, with the previous preparation's results
if there is one, and the results follow as soon as the new one is ready.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.core.site.fuzzy import Candidate, FuzzyIndex
from editor.core.site.index import IndexedPost
from editor.services.background import SerialWorker, ui_callback

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SHOWN = 50
PREPARE_HERE = 1_000  # up to this many posts the matcher is prepared on the UI thread


def prepare(posts: list[IndexedPost]) -> FuzzyIndex:
    """The matcher over ``posts``, newest first when the query is empty (plain Python)."""
    ordered = sorted(posts, key=lambda p: p.date, reverse=True)
    return FuzzyIndex([Candidate(p.path, p.title, os.path.basename(p.path)) for p in ordered])


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
        self._preparing = 0  # the latest preparation asked for (older answers are dropped)
        self._prepared_for = 0  # the preparation in use
        self._worker: SerialWorker | None = None
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
        posts = self._posts()
        self._preparing += 1
        if len(posts) <= PREPARE_HERE:
            self._index = prepare(posts)
            self._prepared_for = self._preparing
        else:
            if self._worker is None:
                self._worker = SerialWorker("quickOpenPrepare")
                self.destroyed.connect(self._worker.close)
            token, answer = self._preparing, ui_callback(self._prepared)
            self._worker.submit(lambda: answer(token, prepare(posts)))
        self.query.clear()
        self._update("")
        self.show()
        self.activateWindow()
        self.query.setFocus()

    def _prepared(self, token: int, index: FuzzyIndex) -> None:
        """A preparation ended (UI thread): use it unless a newer one was asked for."""
        if token != self._preparing:
            return
        self._index, self._prepared_for = index, token
        self._update(self.query.text())

    def ready(self) -> bool:
        """Whether the matcher holds the posts of the latest opening (tests, benches)."""
        return self._prepared_for == self._preparing

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
