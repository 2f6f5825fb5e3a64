"""Tags and categories across the site (``taxonomyView``): counts, near-duplicates, rename/merge.

A rename shows the files it will change first, then runs off the UI thread with progress, and
stops at the first file it cannot change, saying which files were changed before it.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.site.index import IndexedPost
from editor.core.site.taxonomy import RenameReport, near_duplicates, rename_term
from editor.core.wording import count_of
from editor.services.background import ui_callback

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2


class TaxonomyDialog(QDialog):
    """Pick a tag, type its new name (an existing name merges), check the files, apply."""

    renamed = Signal(object)  # RenameReport, when a rename ends (done, stopped or failed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taxonomyView")
        self.setWindowTitle("Tags and Categories")
        self.resize(760, 560)
        self.posts: list[IndexedPost] = []
        self.report: RenameReport | None = None
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        # Asked before a rename starts (the window saves or discards an open post's edits).
        self.before_apply: Callable[[], bool] | None = None

        self.kind_box = QComboBox(self)
        self.kind_box.addItem("Tags", "tags")
        self.kind_box.addItem("Categories", "categories")
        self.kind_box.currentIndexChanged.connect(self._fill)
        self.names = QListWidget(self)
        self.names.setObjectName("taxonomyNames")
        self.names.currentItemChanged.connect(self._on_name)
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("taxonomySuggestions")
        self.suggestions.itemActivated.connect(self._on_suggestion)
        self.suggestions.itemClicked.connect(self._on_suggestion)
        self.old_name = QLineEdit(self)
        self.old_name.setReadOnly(True)
        self.new_name = QLineEdit(self)
        self.new_name.setObjectName("taxonomyNewName")
        self.new_name.setPlaceholderText("New name (an existing name merges the two)")
        self.new_name.textChanged.connect(self._update_preview)
        self.preview = QListWidget(self)
        self.preview.setObjectName("taxonomyPreview")
        self.preview_label = QLabel(self)
        self.apply_button = QPushButton("Rename in All These Posts", self)
        self.apply_button.setObjectName("taxonomyApply")
        self.apply_button.clicked.connect(self.apply)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.clicked.connect(self._cancel.set)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("taxonomyResult")
        self.result_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.kind_box)
        left.addWidget(self.names, 3)
        left.addWidget(QLabel("Possible duplicates (never merged on their own):", self))
        left.addWidget(self.suggestions, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Rename or merge", self))
        right.addWidget(self.old_name)
        right.addWidget(self.new_name)
        right.addWidget(self.preview_label)
        right.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.stop_button)
        right.addLayout(buttons)
        right.addWidget(self.progress)
        right.addWidget(self.result_label)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self._update_preview()

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def open_for(self, posts: list[IndexedPost]) -> None:
        self.set_posts(posts)
        self.show()

    def set_posts(self, posts: list[IndexedPost]) -> None:
        self.posts = list(posts)
        self._fill()

    def _terms(self, post: IndexedPost) -> tuple[str, ...]:
        return post.tags if self.kind == "tags" else post.categories

    def counts(self) -> list[tuple[str, int]]:
        counter: Counter[str] = Counter()
        for post in self.posts:
            counter.update(set(self._terms(post)))
        return sorted(counter.items(), key=lambda c: (-c[1], c[0].casefold()))

    def _fill(self) -> None:
        counts = self.counts()
        self.names.clear()
        for name, count in counts:
            item = QListWidgetItem(f"{name} ({count})")
            item.setData(NAME_ROLE, name)
            self.names.addItem(item)
        self.suggestions.clear()
        for group in near_duplicates(counts):
            item = QListWidgetItem(" · ".join(f"{n} ({c})" for n, c in group))
            item.setData(NAME_ROLE, [n for n, _ in group])
            item.setToolTip(f"Merge “{group[-1][0]}” into “{group[0][0]}”?")
            self.suggestions.addItem(item)
        self.choose(None)

    def choose(self, old: str | None, new: str = "") -> None:
        """Select the name to rename (and, optionally, the new name)."""
        self.old_name.setText(old or "")
        self.new_name.setText(new)
        self._update_preview()

    def _on_name(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(item.data(NAME_ROLE), self.new_name.text())

    def _on_suggestion(self, item: QListWidgetItem) -> None:
        names = item.data(NAME_ROLE)
        self.choose(names[-1], names[0])  # the less used spelling into the most used

    def affected(self) -> list[Path]:
        old = self.old_name.text()
        return [Path(p.path) for p in self.posts if old and old in self._terms(p)]

    def preview_paths(self) -> list[Path]:
        return [Path(self.preview.item(r).data(PATH_ROLE)) for r in range(self.preview.count())]

    def _update_preview(self) -> None:
        old, new = self.old_name.text(), self.new_name.text().strip()
        paths = self.affected()
        self.preview.clear()
        for path in paths:
            # The folder and file name read at a glance; the whole path is in the tooltip.
            item = QListWidgetItem(f"{path.parent.name}/{path.name}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.preview.addItem(item)
        merge = new and any(new in self._terms(p) for p in self.posts)
        verb = "merged into" if merge else "renamed to"
        if old and new:
            self.preview_label.setText(
                f"“{old}” will be {verb} “{new}” in {count_of(len(paths), 'file')}:"
            )
        else:
            self.preview_label.setText("Choose a name on the left and type its new name.")
        running = self._thread is not None
        self.apply_button.setEnabled(bool(old and new and new != old and paths) and not running)

    def apply(self) -> None:
        """Start the rename off the UI thread; ``renamed`` is emitted when it ends."""
        old, new, kind = self.old_name.text(), self.new_name.text().strip(), self.kind
        paths = self.affected()
        if not (old and new and paths) or self._thread is not None:
            return
        if self.before_apply is not None and not self.before_apply():
            return
        self._cancel.clear()
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.apply_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.result_label.setText("")

        # The thread holds plain values only; it answers through ui_callback (see background).
        cancel, progressed, finished = (
            self._cancel,
            ui_callback(self._on_progress),
            ui_callback(self._on_finished),
        )

        def run() -> None:
            report = rename_term(
                paths,
                kind,
                old,
                new,
                progress=lambda done, _path: progressed(done),
                cancelled=cancel.is_set,
            )
            finished(report)

        self._thread = threading.Thread(target=run, name="taxonomy-rename", daemon=True)
        self._thread.start()

    def _on_progress(self, done: int) -> None:
        self.progress.setValue(done)

    def _on_finished(self, report: RenameReport) -> None:
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        self.report = report
        self.stop_button.setEnabled(False)
        changed = len(report.changed)
        if report.failed is not None:
            path, reason = report.failed
            self.result_label.setText(
                f"Stopped at {path.name}: {reason}. {count_of(changed, 'file')} changed before it; "
                "the others were left as they were."
            )
        elif self._cancel.is_set():
            self.result_label.setText(f"Stopped: {count_of(changed, 'file')} changed.")
        else:
            self.result_label.setText(f"Done: {count_of(changed, 'file')} changed.")
        self._apply_to_rows(report)
        self.renamed.emit(report)

    def _apply_to_rows(self, report: RenameReport) -> None:
        """Keep the dialog's own view of the posts in step until the index catches up."""
        old, new = self.old_name.text(), self.new_name.text().strip()
        changed = {str(p) for p in report.changed}
        updated = []
        for post in self.posts:
            if post.path in changed:
                terms = tuple(dict.fromkeys(new if t == old else t for t in self._terms(post)))
                if self.kind == "tags":
                    post = replace(post, tags=terms)
                else:
                    post = replace(post, categories=terms)
            updated.append(post)
        self.posts = updated
        self._fill()
