"""The Edit and Format menus' commands, and the source pane's list keys (Enter, Tab).

Format commands turn the source text and selection into a core edit
(:mod:`editor.core.writing.formatting`) and apply it as one undo step. Edit commands act on
the pane that has focus: the source pane, or the form with its own undo history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from editor.core.writing import formatting as fmt
from editor.ui import messages
from editor.ui.actions import WritingActions
from editor.ui.find_bar import FindBar
from editor.ui.markdown_highlighter import is_code_block
from editor.ui.source_editor import SourceEditor
from editor.ui.source_positions import apply_edit, go_to_line, selection

TextCommand = Callable[[str, int, int], fmt.Edit | None]


class WritingCommands(QObject):
    def __init__(
        self,
        source: SourceEditor,
        find_bar: FindBar,
        form: QWidget,
        form_undo: object,
        actions: WritingActions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.find_bar = find_bar
        self.form = form
        self.form_undo = form_undo
        self.actions = actions
        self._claimed: set[str] = set()
        a = actions
        a.undo.triggered.connect(lambda: self._edit("undo"))
        a.redo.triggered.connect(lambda: self._edit("redo"))
        a.cut.triggered.connect(lambda: self._edit("cut"))
        a.copy.triggered.connect(lambda: self._edit("copy"))
        a.paste.triggered.connect(lambda: self._edit("paste"))
        a.select_all.triggered.connect(lambda: self._edit("selectAll"))
        a.find.triggered.connect(lambda: find_bar.open_bar(replace=False))
        a.replace.triggered.connect(lambda: find_bar.open_bar(replace=True))
        a.find_next.triggered.connect(find_bar.find_next)
        a.find_previous.triggered.connect(find_bar.find_previous)
        a.go_to_line.triggered.connect(self.ask_line)
        self._format(a.bold, lambda t, s, e: fmt.toggle_inline(t, s, e, "**"))
        self._format(a.italic, lambda t, s, e: fmt.toggle_inline(t, s, e, "*"))
        self._format(a.inline_code, lambda t, s, e: fmt.toggle_inline(t, s, e, "`"))
        self._format(a.link, lambda t, s, e: fmt.make_link(t, s, e, _clipboard_text()))
        for level, action in enumerate(a.headings, start=1):
            self._format(action, _heading_command(level))
        self._format(a.bullet_list, lambda t, s, e: fmt.toggle_line_prefix(t, s, e, "bullet"))
        self._format(a.numbered_list, lambda t, s, e: fmt.toggle_line_prefix(t, s, e, "numbered"))
        self._format(a.quote, lambda t, s, e: fmt.toggle_line_prefix(t, s, e, "quote"))
        self._format(a.code_block, fmt.toggle_code_block)
        source.installEventFilter(self)
        self._last_focus: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Remember the pane last used, for Edit commands chosen while a menu has focus."""
        if new is not None and (new is self.source or self.form.isAncestorOf(new)):
            self._last_focus = new

    # -- format ---------------------------------------------------------------------------------
    def _format(self, action: QAction, command: TextCommand) -> None:
        # The keys work in the source pane only (WidgetShortcut), where the pane's own
        # bindings for them (Ctrl+K deletes to the line's end) give way.
        self.source.addAction(action)
        for sequence in action.shortcuts():
            self._claimed.add(sequence.toString())
        action.triggered.connect(lambda: self.run(command))

    def run(self, command: TextCommand) -> bool:
        """Apply a text command to the source pane's selection; False when it did nothing."""
        if self.source.isReadOnly():
            return False
        text = self.source.text()
        start, end = selection(self.source, text)
        edit = command(text, start, end)
        if edit is None:
            return False
        apply_edit(self.source, text, edit)
        self.source.setFocus()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.source:
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if QKeySequence(event.keyCombination()).toString() in self._claimed:
                event.ignore()  # not the pane's: let the Format action have the key
                return True
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        return self._list_key(event)

    def _list_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        cursor = self.source.textCursor()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and mods == Qt.KeyboardModifier.ShiftModifier:
            # Qt would put in a Unicode line separator (U+2028), an invisible character in
            # the file; the writer means a new line in the same item.
            if is_code_block(cursor.block()):
                return self.run(lambda t, s, _e: fmt.newline_keeping_indent(t, s))
            return self.run(lambda t, s, e: fmt.soft_newline(t, s) if s == e else _newline(t, s, e))
        if enter and mods == Qt.KeyboardModifier.NoModifier:
            if cursor.hasSelection():
                return False
            if is_code_block(cursor.block()):  # code in a list item: no marker, same indent
                return self.run(lambda t, s, _e: fmt.newline_keeping_indent(t, s))
            return self.run(lambda t, s, _e: fmt.continue_list(t, s))
        if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
            return self.run(lambda t, s, e: fmt.shift_list_items(t, s, e))
        if key == Qt.Key.Key_Backtab:
            return self.run(lambda t, s, e: fmt.shift_list_items(t, s, e, outdent=True))
        return False

    # -- edit -----------------------------------------------------------------------------------
    def _edit(self, command: str) -> None:
        """Undo, redo and the clipboard, in the pane that has focus."""
        widget = QApplication.focusWidget() or self._last_focus
        in_form = widget is not None and (widget is self.form or self.form.isAncestorOf(widget))
        if command in ("undo", "redo") and in_form:
            getattr(self.form_undo, command)()
            return
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and widget.isVisible():
            getattr(widget, command)()
            return
        getattr(self.source, command)()

    def ask_line(self) -> None:
        count = self.source.document().blockCount()
        current = self.source.textCursor().blockNumber() + 1
        line = messages.ask_line(self.source, current, count)
        if line is not None:
            go_to_line(self.source, line)


def _newline(text: str, start: int, end: int) -> fmt.Edit:
    return fmt.Edit(start, end, "\n", start + 1, start + 1)


def _heading_command(level: int) -> TextCommand:
    return lambda text, start, end: fmt.set_heading(text, start, end, level)


def _clipboard_text() -> str:
    clipboard = QGuiApplication.clipboard()
    return clipboard.text() if clipboard is not None else ""
