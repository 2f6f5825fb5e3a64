"""The posts list (``postList``): every post with title, date, state and tags; filters; counts.

Rows come from the site index as it fills (see ``editor.services.site_indexer``); the widget
only shows them. A side list offers every tag and category with its count as a filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from editor.core.site import PostEntry
from editor.core.site.index import IndexedPost
from editor.core.wording import count_of
from editor.services.debounce import Debounce
from editor.ui.post_table_model import (
    COLUMNS,
    PATH_ROLE,
    PostTableModel,
    entry_as_post,
)

TERM_ROLE = Qt.ItemDataRole.UserRole + 10
STATES = (
    ("All states", ""),
    ("Published", "published"),
    ("Drafts", "draft"),
    ("Scheduled", "future"),
)


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
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def viewportEvent(self, event: QEvent) -> bool:
        """A row's tooltip (kept on its title) shows over every column."""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tooltip_at(event.pos())
            if tip is not None:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
                return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str | None:
        """The tooltip of the row under ``point`` (viewport coordinates), whichever column."""
        index = self.indexAt(point)
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(Qt.ItemDataRole.ToolTipRole) or ""

    def setModel(self, model) -> None:  # the title takes the room the other columns leave
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 86)
        header.resizeSection(2, 76)
        header.resizeSection(3, 110)
        self._fit_columns()

    # Below these list widths the tags, then the state, columns give their room to the title
    # (the state filter and the tag side list still show them); a wider list shows them again.
    TAGS_FROM = 460
    STATE_FROM = 340

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        if self.model() is None:
            return
        width = self.viewport().width()
        self.setColumnHidden(3, width < self.TAGS_FROM)
        self.setColumnHidden(2, width < self.STATE_FROM)


class PostList(QWidget):
    """Filters over the list; emits ``postActivated`` with the chosen post's path."""

    postActivated = Signal(str)
    publishRequested = Signal(str)
    unpublishRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PostTableModel(self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("postFilter")
        self.filter_edit.setPlaceholderText("Filter by title, file name or tag")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self._filter(text=text))
        self.state_box = QComboBox(self)
        self.state_box.setObjectName("postStateFilter")
        for label, state in STATES:
            self.state_box.addItem(label, state)
        self.state_box.currentIndexChanged.connect(self._on_state)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("postCount")

        self.view = PostListView(self)
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.terms = QListWidget(self)
        self.terms.setObjectName("postTerms")
        self.terms.currentItemChanged.connect(self._on_term)
        self._terms_later = Debounce(300, self._fill_terms, self)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.state_box)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.terms)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)
        # Counts and the side list follow once per slice of rows, not once per row.
        self.model.rowsSettled.connect(self._on_rows_settled)
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    # -- rows -------------------------------------------------------------------------------
    _wanted: str | None = None
    _last_current: str | None = None

    def set_posts(self, posts: Iterable[IndexedPost]) -> None:
        """Replace every row (the index's rows at open, or an empty list for a new site)."""
        current = self._wanted or self.current_path()
        self.model.reset(posts)
        self._fill_terms()
        if current:
            self.select_path(Path(current))

    def apply_changes(self, updated: list[IndexedPost], removed: list[str]) -> None:
        current = self._wanted or self.current_path()
        self.model.apply(updated, removed)
        if current and self.current_path() != str(current):
            self.select_path(Path(current))

    def _on_rows_settled(self) -> None:
        """A slice of rows was shown: counts, the side list, and the current post's row."""
        self._update_count()
        self._terms_later.trigger()
        target = self._wanted or self._last_current
        if not target or self.current_path() == target:
            return
        row = self.model.row_of(target)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        elif self._wanted:
            self.select_path(Path(self._wanted))  # no other post may stay current

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Remember the current post: rows shown again (new sort or filter) select it again."""
        if current.isValid():
            self._last_current = current.siblingAtColumn(0).data(PATH_ROLE)

    def flush(self) -> None:
        """Show every row received so far now (rows otherwise arrive from the event loop)."""
        self.model.flush()

    def set_entries(self, entries: list[PostEntry]) -> None:
        """Rows from the site model, for a caller without an index."""
        self.set_posts(entry_as_post(e) for e in entries)

    def set_status(self, path: Path | str, level: str | None, message: str = "") -> None:
        """Mark a post with an icon and a tooltip (``level`` error/warning/info; None clears)."""
        self.model.set_status(path, level, message)

    def posts(self) -> list[IndexedPost]:
        return self.model.posts()

    def row_count(self) -> int:
        return self.model.shown_count()

    def paths(self) -> list[Path]:
        """The paths of the rows shown, top to bottom."""
        return [Path(post.path) for post in self.model.shown()]

    def current_path(self) -> str | None:
        index = self.view.currentIndex()
        return index.siblingAtColumn(0).data(PATH_ROLE) if index.isValid() else None

    def select_path(self, path: Path | None) -> None:
        """Make the open post the list's current row, now or as soon as its row arrives."""
        self._wanted = str(path) if path is not None else None
        if path is None:
            self._last_current = None
        row = self.model.row_of(str(path)) if path is not None else -1
        if row < 0 and path is not None:
            row = self.model.row_of(str(Path(path).absolute()))
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            return
        # No row for it (yet): no other post may stay current, or Enter would open that one.
        self.view.setCurrentIndex(QModelIndex())
        self.view.clearSelection()

    def activate_path(self, path: Path) -> None:
        self.postActivated.emit(str(path))

    # -- filters ----------------------------------------------------------------------------
    def _filter(self, **filters: object) -> None:
        """Change a filter; the current post stays current when it is still shown."""
        self.model.set_filters(**filters)  # type: ignore[arg-type]
        self._update_count()

    def _on_state(self) -> None:
        self._filter(state=self.state_box.currentData())

    def _on_term(self, item: QListWidgetItem | None) -> None:
        term = item.data(TERM_ROLE) if item is not None else None
        self._filter(term=tuple(term) if term else None)

    def filter_by_term(self, kind: str, name: str | None) -> None:
        self._fill_terms()  # the side list may be waiting for rows that just arrived
        for row in range(self.terms.count()):
            item = self.terms.item(row)
            term = item.data(TERM_ROLE)
            if (name is None and not term) or (term and tuple(term) == (kind, name)):
                self.terms.setCurrentItem(item)
                return

    def _fill_terms(self) -> None:
        tags = self.model.term_counts("tags")
        categories = self.model.term_counts("categories")
        chosen = self.model.term
        self.terms.blockSignals(True)
        self.terms.clear()
        everything = QListWidgetItem(f"All posts ({self.model.total()})")
        self.terms.addItem(everything)
        current = everything
        for kind, counts, label in (("categories", categories, "▸"), ("tags", tags, "#")):
            for name, count in sorted(counts.items(), key=lambda c: (-c[1], c[0].casefold())):
                item = QListWidgetItem(f"{label} {name} ({count})")
                item.setData(TERM_ROLE, [kind, name])
                item.setToolTip(f"{'Category' if kind == 'categories' else 'Tag'} “{name}”")
                self.terms.addItem(item)
                if chosen == (kind, name):
                    current = item
        self.terms.setCurrentItem(current)
        self.terms.blockSignals(False)
        if current is everything and chosen is not None:
            self._on_term(None)

    def _update_count(self, *_: object) -> None:
        shown, total = self.model.shown_count(), self.model.total()
        text = count_of(total, "post")
        if shown != total:
            text = f"{shown:,} of {text}"
        self.count_label.setText(text)

    # -- activation and menu ----------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        path = index.siblingAtColumn(0).data(PATH_ROLE)
        if path:
            self.postActivated.emit(path)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.context_menu(index.siblingAtColumn(0).data(PATH_ROLE))
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, path: str) -> QMenu:
        """The row's menu (built per call so tests can trigger its actions)."""
        menu = QMenu(self)
        menu.setObjectName("postListMenu")
        post = self.model.find(path)
        menu.addAction("Open", lambda: self.postActivated.emit(path))
        menu.addSeparator()
        publish = menu.addAction("Publish", lambda: self.publishRequested.emit(path))
        publish.setObjectName("action:publishFromList")
        unpublish = menu.addAction("Unpublish", lambda: self.unpublishRequested.emit(path))
        unpublish.setObjectName("action:unpublishFromList")
        is_draft = post is not None and post.state == "draft"
        publish.setEnabled(is_draft)
        unpublish.setEnabled(post is not None and not is_draft)
        return menu
