"""A light host for the writing commands: the source pane and its menus, without a preview."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from editor.ui.actions import create_writing_actions
from editor.ui.source_editor import SourceEditor
from editor.ui.source_pane import SourcePane
from editor.ui.writing_commands import WritingCommands


class WriterHost(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.source = SourceEditor()
        self.pane = SourcePane(self.source, self)
        self.form = QWidget(self)
        self.form_field = QLineEdit(self.form)
        self.form_undo = QUndoStack(self)
        self.actions = create_writing_actions(self)
        for action in vars(self.actions).values():
            if not isinstance(action, list | dict):
                self.addAction(action)
        self.commands = WritingCommands(
            self.source, self.pane.find_bar, self.form, self.form_undo, self.actions, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.pane)
        self.resize(700, 500)


def make_host(qtbot, text: str = "") -> WriterHost:
    host = WriterHost()
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.windowHandle().requestActivate()  # window shortcuts need an active window
    qtbot.waitUntil(host.isActiveWindow)
    host.source.set_text(text)
    host.source.setFocus()
    return host


def place(host: WriterHost, start: int, end: int | None = None) -> None:
    """Select start..end (a cursor at start when end is None) in the source pane."""
    from PySide6.QtGui import QTextCursor

    cursor = host.source.textCursor()
    cursor.setPosition(start)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    host.source.setTextCursor(cursor)
