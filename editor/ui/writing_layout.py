"""The writer's layout: focus mode, the form collapsed to a one-line summary, the app theme.

Focus mode shows the source pane alone, full screen, its text centred at a comfortable line
length; Esc (or F11 again) brings back what was shown before. The collapsed form leaves a
one-line summary of the post above the source; a click on it opens the form again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QWidget

from editor.ui import palette
from editor.ui.actions import WritingActions
from editor.ui.markdown_highlighter import MarkdownHighlighter
from editor.ui.source_pane import SourcePane

FOCUS_LINE_CHARS = 80


class FormSummary(QPushButton):
    """One line standing for the collapsed form: title, date, tags. A click expands it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formSummary")
        self.setFlat(True)
        self.setStyleSheet("QPushButton { text-align: left; padding: 3px 6px; }")
        self.setToolTip("The front matter, collapsed. Click to show the form.")
        self.hide()

    def show_metadata(self, metadata: dict) -> None:
        parts = [str(metadata.get("title") or "Untitled")]
        for key in ("date", "categories", "tags"):
            value = metadata.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if value:
                parts.append(str(value))
        self.setText("▸ " + "  ·  ".join(parts))


class WritingLayout(QObject):
    def __init__(
        self,
        window: QMainWindow,
        pane: SourcePane,
        form: QWidget,
        highlighter: MarkdownHighlighter,
        actions: WritingActions,
        hidden_in_focus: Callable[[], list[QWidget]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.pane = pane
        self.form = form
        self.highlighter = highlighter
        self.actions = actions
        self._hidden_in_focus = hidden_in_focus
        self._restore: list[QWidget] = []
        self._state_before_focus = Qt.WindowState.WindowNoState
        self._geometry_before_focus = QRect()
        self.summary = FormSummary(pane)
        pane.add_bar_above(self.summary)
        self.summary.clicked.connect(lambda: actions.collapse_form.setChecked(False))
        actions.collapse_form.toggled.connect(self.set_form_collapsed)
        actions.focus_mode.toggled.connect(self.set_focus_mode)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self._on_escape)
        group = QActionGroup(self)
        for action in actions.app_theme.values():
            group.addAction(action)
        for name, action in actions.app_theme.items():
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        self.theme = "system"

    # -- theme ----------------------------------------------------------------------------------
    def set_theme(self, theme: str) -> palette.Colors:
        self.theme = theme if theme in palette.THEMES else "system"
        self.actions.app_theme[self.theme].setChecked(True)
        colors = palette.apply(self.theme)
        self.highlighter.set_colors(colors)
        return colors

    # -- the form -------------------------------------------------------------------------------
    def set_form_collapsed(self, collapsed: bool) -> None:
        self.form.setVisible(not collapsed)
        self.summary.setVisible(collapsed and not self.actions.focus_mode.isChecked())
        if self.actions.collapse_form.isChecked() != collapsed:
            self.actions.collapse_form.setChecked(collapsed)

    # -- focus mode -----------------------------------------------------------------------------
    def set_focus_mode(self, on: bool) -> None:
        if on:
            self._restore = [w for w in self._hidden_in_focus() if w.isVisible()]
            for widget in self._restore:
                widget.hide()
            self.summary.hide()
            # Leaving restores exactly this: maximised stays maximised, a normal window
            # gets its place and size back, full screen stays full screen.
            self._state_before_focus = self.window.windowState()
            self._geometry_before_focus = self.window.geometry()
            self.window.showFullScreen()
            self.centre_text()
            self.pane.editor.setFocus()
        else:
            for widget in self._restore:
                widget.show()
            self._restore = []
            self.summary.setVisible(self.actions.collapse_form.isChecked())
            self.pane.setContentsMargins(0, 0, 0, 0)
            self._restore_window()
        self._escape.setEnabled(on)

    def _on_escape(self) -> None:
        """Esc in focus mode: closes the find bar when it has the focus, else leaves."""
        bar = self.pane.find_bar
        focused = QApplication.focusWidget()
        if bar.isVisible() and focused is not None and bar.isAncestorOf(focused):
            bar.close_bar()
            return
        self.actions.focus_mode.setChecked(False)

    def _restore_window(self) -> None:
        state = self._state_before_focus
        if state & Qt.WindowState.WindowFullScreen:
            return
        if state & Qt.WindowState.WindowMaximized:
            self.window.showMaximized()
            return
        self.window.showNormal()
        if self._geometry_before_focus.isValid():
            self.window.setGeometry(self._geometry_before_focus)

    def centre_text(self) -> None:
        """Margins that leave about FOCUS_LINE_CHARS characters a line, centred."""
        if not self.actions.focus_mode.isChecked():
            return
        editor = self.pane.editor
        line = editor.fontMetrics().horizontalAdvance("n" * FOCUS_LINE_CHARS) + 40
        side = max(0, (self.window.width() - line) // 2)
        self.pane.setContentsMargins(side, 12, side, 12)
