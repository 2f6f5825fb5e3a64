"""Undo for form and raw-view edits: snapshots of the front-matter text.

Restoring the exact text (rather than setting the old value again) gives back the exact bytes
the writer had, quoting and comments included, whatever kind of edit it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack

MERGE_ID = 4201


class FrontMatterCommand(QUndoCommand):
    """One edit; consecutive typing in the same field merges into one step."""

    def __init__(
        self, label: str, before: str, after: str, restore: Callable[[str], None], merge_key: str
    ) -> None:
        super().__init__(label)
        self.before = before
        self.after = after
        self.restore = restore
        self.merge_key = merge_key
        self._done_once = False

    def id(self) -> int:
        return MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FrontMatterCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed back to the start: no step
        return True

    def redo(self) -> None:
        # The first redo is the push itself: the edit is already in the document.
        if self._done_once:
            self.restore(self.after)
        self._done_once = True

    def undo(self) -> None:
        self.restore(self.before)


class UndoKeyFilter(QObject):
    """Sends Undo/Redo keys pressed in a field to the form's stack instead of the widget's own.

    A line edit's private undo knows nothing of the document; the stack does. Claiming the
    ShortcutOverride also keeps any window-wide Ctrl+Z from firing twice.
    """

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo)
        if not (undo or redo):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
        elif undo:
            self.stack.undo()
        else:
            self.stack.redo()
        return True
