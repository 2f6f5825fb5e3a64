"""The rows of the posts list: a table model kept sorted in Python, and a filtering proxy.

Sorting 10,000 rows through a proxy calls ``data()`` twice per comparison (about a second in
Python); sorting the rows with a key here takes milliseconds, so the proxy only filters.
Rows arrive in batches from the index worker and are inserted where they sort.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from editor.core.site.index import IndexedPost
from editor.ui.severity import severity_icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
POST_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Date", "State", "Tags")
_Index = QModelIndex | QPersistentModelIndex


_INVERT_ASCII = {code: 0x10FFFF - code for code in range(128)}


def _invert(text: str) -> str:
    """A key that sorts strings descending inside an ascending sort."""
    if text.isascii():
        return text.translate(_INVERT_ASCII)  # dates and most names: C speed
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)


_SORT_VALUES = {
    0: lambda post: post.title.casefold(),
    1: lambda post: post.date,
    2: lambda post: post.state,
    3: lambda post: ", ".join(post.tags).casefold(),
}


def sort_key(post: IndexedPost, column: int, descending: bool) -> tuple[Any, ...]:
    """Rows without a value sort last whichever the direction; the path breaks ties."""
    value: str = _SORT_VALUES.get(column, _SORT_VALUES[0])(post)
    if descending:
        return (not value, _invert(value), post.path)
    return (not value, value, post.path)


def haystack(post: IndexedPost) -> str:
    """What the text filter looks in: title, file name, tags and categories."""
    parts = (post.title, os.path.basename(post.path), *post.tags, *post.categories)
    return "\n".join(parts).casefold()


class PostTableModel(QAbstractTableModel):
    """Every post of the site as a row, sorted by the chosen column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[IndexedPost] = []
        self._keys: list[tuple[Any, ...]] = []
        self._haystacks: dict[str, str] = {}
        self._status: dict[str, tuple[str, str]] = {}
        self._column = 1
        self._descending = True

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid()  # a flat list: the view need not ask every row

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        post = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return post.title
            if column == 1:
                return post.date[:10]
            if column == 2:
                return "error" if post.error else post.state
            return ", ".join(post.tags)
        if role == PATH_ROLE:
            return post.path
        if role == POST_ROLE:
            return post
        status = self._status.get(post.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [post.title, Path(post.path).name]
            if post.error:
                lines.append(post.error)
            if status is not None:
                lines.append(status[1])
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            owner = self.parent()
            if isinstance(owner, QWidget):
                return severity_icon(owner, status[0] if status is not None else None)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._relayout()

    def _relayout(self) -> None:
        """Re-sort every row; selections and current rows follow their posts."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        paths = [self._rows[index.row()].path for index in persistent]
        self._resort()
        row_of = {post.path: row for row, post in enumerate(self._rows)}
        moved = [
            self.index(row_of[path], index.column()) if path in row_of else QModelIndex()
            for index, path in zip(persistent, paths, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- rows -------------------------------------------------------------------------------
    def _key(self, post: IndexedPost) -> tuple[Any, ...]:
        return sort_key(post, self._column, self._descending)

    def _resort(self) -> None:
        pairs = sorted(zip(map(self._key, self._rows), self._rows, strict=True))
        self._keys = [k for k, _ in pairs]
        self._rows = [p for _, p in pairs]

    def reset(self, posts: Iterable[IndexedPost]) -> None:
        self.beginResetModel()
        self._rows = list(posts)
        self._haystacks = {p.path: haystack(p) for p in self._rows}
        self._resort()
        self.endResetModel()

    def apply(self, updated: Iterable[IndexedPost], removed: Iterable[str]) -> None:
        """Insert, replace and remove rows where they sort (a batch from the index)."""
        gone = set(removed)
        fresh = {p.path: p for p in updated}
        for row in sorted(
            (r for r, p in enumerate(self._rows) if p.path in gone or p.path in fresh),
            reverse=True,
        ):
            self.beginRemoveRows(QModelIndex(), row, row)
            path = self._rows[row].path
            del self._rows[row], self._keys[row]
            self._haystacks.pop(path, None)
            self.endRemoveRows()
        if len(fresh) <= 20:
            for post in fresh.values():
                key = self._key(post)
                row = bisect.bisect_left(self._keys, key)
                self.beginInsertRows(QModelIndex(), row, row)
                self._rows.insert(row, post)
                self._keys.insert(row, key)
                self._haystacks[post.path] = haystack(post)
                self.endInsertRows()
            return
        # A big batch: one insertion at the end, then one re-sort (row by row costs the view
        # and the proxy a round each).
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for post in fresh.values():
            self._rows.append(post)
            self._keys.append(self._key(post))
            self._haystacks[post.path] = haystack(post)
        self.endInsertRows()
        self._relayout()

    def post_at(self, row: int) -> IndexedPost:
        return self._rows[row]

    def posts(self) -> list[IndexedPost]:
        return list(self._rows)

    def row_of(self, path: str) -> int:
        for row, post in enumerate(self._rows):
            if post.path == path:
                return row
        return -1

    def haystack_at(self, row: int) -> str:
        return self._haystacks.get(self._rows[row].path, "")

    def set_status(self, path: Path | str, level: str | None, message: str = "") -> None:
        """Mark a post (an icon and a tooltip on its row); ``level=None`` clears the mark."""
        key = str(path)
        if level is None:
            self._status.pop(key, None)
        else:
            self._status[key] = (level, message)
        row = self.row_of(key)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def status(self, path: Path | str) -> tuple[str, str] | None:
        return self._status.get(str(path))


class PostFilterProxy(QSortFilterProxyModel):
    """Filters by text (title, file name, tags), by one tag or category, and by state."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.term: tuple[str, str] | None = None  # ("tags" | "categories", name)
        self.state = ""

    def set_filters(
        self,
        *,
        text: str | None = None,
        term: tuple[str, str] | bool | None = False,
        state: str | None = None,
    ) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.casefold().strip()
        if term is not False:
            self.term = term  # type: ignore[assignment]
        if state is not None:
            self.state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the source model, in Python, once (see the module docstring)."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not (self.text or self.term or self.state):
            return True
        model = self.sourceModel()
        assert isinstance(model, PostTableModel)
        post = model.post_at(source_row)
        if self.state and post.state != self.state:
            return False
        if self.term is not None:
            kind, name = self.term
            if name not in (post.tags if kind == "tags" else post.categories):
                return False
        return not self.text or all(w in model.haystack_at(source_row) for w in self.text.split())


def entry_as_post(entry: Any) -> IndexedPost:
    """A ``PostEntry`` (the site model's row) as an index row, for callers without an index."""
    when = entry.date
    return IndexedPost(
        path=str(entry.path),
        title=entry.title,
        date=when.isoformat() if isinstance(when, date) else "",
        state="draft" if entry.draft else "published",
        tags=tuple(str(t) for t in entry.metadata.get("tags") or () if isinstance(t, str)),
        categories=(),
        layout="",
        words=0,
        error=entry.error or "",
        size=0,
        mtime_ns=0,
    )
