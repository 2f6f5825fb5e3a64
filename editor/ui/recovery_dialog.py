"""The dialog offering unsaved work a previous run left behind: restore, compare or discard.

Nothing is restored silently and nothing is deleted without asking. Restore puts the text back
into the editor as unsaved changes; the file on disk is untouched until the writer saves.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.recovery import RecoveryEntry, RecoveryJournal, decode_for_display, unified_diff
from editor.ui import messages

log = logging.getLogger(__name__)


def describe(entry: RecoveryEntry) -> str:
    """One line for the list: the post, when it was journaled, and whether the disk moved on."""
    when = datetime.datetime.fromtimestamp(entry.saved_at).strftime("%Y-%m-%d %H:%M:%S")
    where = str(entry.path or entry.suggested_path or "")
    text = f"{entry.name} — unsaved text from {when}"
    if where:
        text += f"\n    {where}"
    if entry.path is not None:
        now = entry.disk_now()
        if now is None:
            text += "\n    ⚠ The file is no longer on disk (deleted or moved)."
        elif entry.disk_changed():
            text += "\n    ⚠ The file changed on disk since then (another program saved it)."
    return text


def comparison(entry: RecoveryEntry) -> str:
    """The unsaved text against the file on disk now, as a unified diff."""
    mine = decode_for_display(entry.data)
    if entry.path is None:
        return "This post was never saved; its whole text is the unsaved version.\n\n" + mine
    try:
        disk = entry.path.read_bytes()
    except OSError as exc:
        return f"The file {entry.path} cannot be read now ({exc.strerror or exc}).\n\n" + mine
    return unified_diff(
        decode_for_display(disk), mine, f"{entry.path.name} (on disk now)", "unsaved text"
    )


class DiffDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self.setWindowTitle(title)
        view = QPlainTextEdit(self)
        view.setObjectName("diffView")
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(820, 560)


def show_diff(parent: QWidget | None, title: str, text: str) -> None:
    """A read-only diff window (tests replace this)."""
    DiffDialog(title, text, parent).exec()


class RecoveryDialog(QDialog):
    """Lists the orphaned entries; ``restored`` is the one the writer chose to restore."""

    def __init__(
        self,
        journal: RecoveryJournal,
        entries: list[RecoveryEntry],
        parent: QWidget | None = None,
        show_comparison: Callable[[QWidget, str, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle("Recover Unsaved Work")
        self.journal = journal
        self.entries = list(entries)
        self.restored: RecoveryEntry | None = None
        self._show_comparison = show_comparison or show_diff

        intro = QLabel(
            "The editor did not close normally last time. This unsaved work was kept. "
            "Restore puts it back as unsaved changes; the file on disk is not touched until "
            "you save.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("recoveryList")
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.setObjectName("recoveryRestore")
        self.compare_button = QPushButton("&Compare…", self)
        self.compare_button.setObjectName("recoveryCompare")
        self.discard_button = QPushButton("&Discard…", self)
        self.discard_button.setObjectName("recoveryDiscard")
        self.later_button = QPushButton("Decide &Later", self)
        self.later_button.setObjectName("recoveryLater")
        for button in (self.compare_button, self.discard_button, self.later_button):
            button.setAutoDefault(False)
        # Enter restores (it only puts text back into the editor; nothing on disk changes).
        self.restore_button.setDefault(True)
        row = QHBoxLayout()
        for button in (self.restore_button, self.compare_button, self.discard_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

        self.restore_button.clicked.connect(self.restore_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        self._fill()
        self.resize(720, 380)

    def _fill(self) -> None:
        self.list.clear()
        for entry in self.entries:
            item = QListWidgetItem(describe(entry), self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
        if self.entries:
            self.list.setCurrentRow(0)
        for button in (self.restore_button, self.compare_button, self.discard_button):
            button.setEnabled(bool(self.entries))

    def selected(self) -> RecoveryEntry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.restored = entry
            self.accept()

    def compare_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._show_comparison(self, f"Compare — {entry.name}", comparison(entry))

    def discard_selected(self) -> None:
        entry = self.selected()
        if entry is None or not messages.confirm_discard_recovered(self, entry.name):
            return
        self.journal.discard(entry)
        self.entries.remove(entry)
        self._fill()
        if not self.entries:
            self.accept()
