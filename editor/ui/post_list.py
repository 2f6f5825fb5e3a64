"""The posts list: title, date and draft state of every post in the site, with a filter."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from editor.core.site import PostEntry
from editor.ui.severity import severity_icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Date", "State")


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d")


class PostListView(QTreeView):
    """The view itself (object name ``postList``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postList")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setToolTipDuration(8000)

    def setModel(self, model) -> None:  # the title takes the room the date and state leave
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class PostList(QWidget):
    """A filter box over the list; emits ``postActivated`` with the chosen post's path."""

    postActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(0, len(COLUMNS), self)
        self._model.setHorizontalHeaderLabels(list(COLUMNS))
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(0)
        self._proxy.setSortRole(SORT_ROLE)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("postFilter")
        self.filter_edit.setPlaceholderText("Filter posts")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._proxy.setFilterFixedString)

        self.view = PostListView(self)
        self.view.setModel(self._proxy)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)

    def set_entries(self, entries: list[PostEntry]) -> None:
        self._model.removeRows(0, self._model.rowCount())
        for entry in entries:
            title = QStandardItem(entry.title)
            title.setData(str(entry.path), PATH_ROLE)
            title.setData(entry.title.casefold(), SORT_ROLE)
            title.setToolTip(f"{entry.title}\n{entry.error or entry.path.name}")
            when = QStandardItem(format_date(entry.date))
            when.setData(entry.date.isoformat() if entry.date else "", SORT_ROLE)
            state_text = "draft" if entry.draft else ""
            if entry.error:
                state_text = "error"
            state = QStandardItem(state_text)
            state.setData(state_text, SORT_ROLE)
            self._model.appendRow([title, when, state])
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    def row_count(self) -> int:
        return self._proxy.rowCount()

    def paths(self) -> list[Path]:
        return [
            Path(self._proxy.index(row, 0).data(PATH_ROLE)) for row in range(self._proxy.rowCount())
        ]

    def select_path(self, path: Path | None) -> None:
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, 0)
            if path is not None and Path(index.data(PATH_ROLE)) == Path(path):
                self.view.setCurrentIndex(index)
                return
        self.view.clearSelection()

    def set_status(self, path: Path, level: str | None, message: str = "") -> None:
        """Mark a post's row with the checks' verdict (icon and tooltip); None clears it."""
        for row in range(self._model.rowCount()):
            item = self._model.item(row, 0)
            if Path(item.data(PATH_ROLE)) != Path(path):
                continue
            base = item.toolTip().split("\n\n", 1)[0]
            item.setIcon(severity_icon(self, level))
            item.setToolTip(f"{base}\n\n{message}" if level and message else base)
            return

    def activate_path(self, path: Path) -> None:
        self.postActivated.emit(str(path))

    def _on_activated(self, index: QModelIndex) -> None:
        path = self._proxy.index(index.row(), 0).data(PATH_ROLE)
        if path:
            self.postActivated.emit(path)
