"""The find and replace bar under the source pane (``findBar``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from editor.core.writing.search import (
    Query,
    QueryError,
    SearchTooLong,
    find_all,
    next_match,
    replacement_for,
    replacements,
)
from editor.services.background import SerialWorker, ui_callback
from editor.services.debounce import Debounce
from editor.ui import palette
from editor.ui.lossless_text import codec_of
from editor.ui.source_positions import qt_converter, select, selection

MAX_MARKED = 2000  # matches painted at once; the count still says how many there are
# Seconds a regular expression may take: first on the UI thread (every sane pattern ends well
# within it), then on the find thread while the window goes on; past that it is too slow.
# Replace All runs on the UI thread, all or nothing, within its own bound.
INLINE_BUDGET = 0.05
BACKGROUND_BUDGET = 3.0
REPLACE_BUDGET = 1.0
TOO_LONG = "Pattern took too long"
TOO_LONG_TIP = (
    "The pattern took too long on this post, so nothing was found or replaced. Edit it: "
    "a repeat inside a repeat, like (a+)+ or (.*)*, can take for ever on a long line."
)


class FindBar(QWidget):
    """Find (next, previous, match count) and replace (one, all as one undo step).

    The matches are found in the pane's kept text, again when the text changes while the bar
    is open (after a pause in typing, not per keystroke).
    """

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText("Find")
        self.find_field.setClearButtonEnabled(True)
        self.replace_field = QLineEdit(self)
        self.replace_field.setObjectName("replaceField")
        self.replace_field.setPlaceholderText("Replace with")
        self.match_case = QCheckBox("Match case", self)
        self.match_case.setObjectName("findMatchCase")
        self.whole_word = QCheckBox("Whole word", self)
        self.whole_word.setObjectName("findWholeWord")
        self.regex = QCheckBox("Regex", self)
        self.regex.setObjectName("findRegex")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(90)
        self.previous_button = self._button("findPrevious", "↑", "Previous match (Shift+Enter)")
        self.next_button = self._button("findNext", "↓", "Next match (Enter)")
        self.replace_button = self._button("replaceOne", "Replace", "Replace this match")
        self.replace_all_button = self._button("replaceAll", "Replace All", "Replace every match")
        self.close_button = self._button("findClose", "✕", "Close (Esc)")
        self._matches: list[tuple[int, int]] = []
        self._error = ""
        # A regular expression still being matched on the find thread, or one that took too
        # long: ``_searched`` is the (text, query) either is about; results of older searches
        # are dropped.
        self._searching = False
        self._too_long = False
        self._searched: tuple[str, Query] | None = None
        # The current search's number, in a plain list the find thread may read (it must
        # hold no reference to the bar itself).
        self._generation = [0]
        self._go_when_found: bool | None = None  # Enter/F3 while searching: backward or not
        self._worker: SerialWorker | None = None
        self._deliver = ui_callback(self._on_background_result)
        self._refresh = Debounce(250, self.refresh, self)
        self._build()
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.find_field.textChanged.connect(self._on_query_changed)
        self.find_field.returnPressed.connect(self.find_next)
        self.replace_field.returnPressed.connect(self.replace_one)
        for box in (self.match_case, self.whole_word, self.regex):
            box.toggled.connect(self._on_query_changed)
        editor.textChanged.connect(self._on_text_changed)
        self.hide()

    def _button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setVerticalSpacing(2)
        find_row = QHBoxLayout()
        row: tuple[QWidget, ...] = (self.count_label, self.previous_button, self.next_button)
        row += (self.match_case, self.whole_word, self.regex, self.close_button)
        for widget in row:
            find_row.addWidget(widget)
        replace_row = QHBoxLayout()
        replace_row.addWidget(self.replace_button)
        replace_row.addWidget(self.replace_all_button)
        replace_row.addStretch(1)
        grid.addWidget(self.find_field, 0, 0)
        grid.addLayout(find_row, 0, 1)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addLayout(replace_row, 1, 1)
        grid.setColumnStretch(0, 1)

    # -- opening and closing --------------------------------------------------------------------
    def open_bar(self, *, replace: bool = False) -> None:
        text = self.editor.textCursor().selectedText()
        if text and "\u2029" not in text:
            self.find_field.setText(text)
        for widget in (self.replace_field, self.replace_button, self.replace_all_button):
            widget.setVisible(replace)
        self.show()
        field = self.replace_field if replace and self.find_field.text() else self.find_field
        field.setFocus()
        field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self._generation[0] += 1  # a search still running is of no use any more
        self._searching = False
        self.hide()
        self.editor.setExtraSelections([])
        self.editor.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            return
        super().keyPressEvent(event)

    # -- matching -------------------------------------------------------------------------------
    def query(self) -> Query:
        return Query(
            self.find_field.text(),
            match_case=self.match_case.isChecked(),
            whole_word=self.whole_word.isChecked(),
            regex=self.regex.isChecked(),
        )

    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def _text(self) -> str:
        # Matches are marked and gone to by their place in the pane: a long post still going
        # in by parts is put in whole first (when that is quick).
        ensure_line = getattr(self.editor, "ensure_line", None)
        if ensure_line is not None:
            ensure_line(sys.maxsize)
        # Positions are the pane's own: in a post shown with its too-long lines cut, only
        # what is shown is searched (the banner says the rest is not shown).
        text = getattr(self.editor, "shown_text", None)
        return text() if callable(text) else self.editor.toPlainText()

    def _on_query_changed(self) -> None:
        self.refresh()

    def _on_text_changed(self) -> None:
        if self.isVisible() and self.find_field.text():
            self._refresh.trigger()

    def refresh(self) -> None:
        """Find every match again and mark them (a slow regular expression: off the UI thread)."""
        self._refresh.cancel()
        self._generation[0] += 1
        self._searching = self._too_long = False
        self._go_when_found = None
        text, query = self._text(), self.query()
        self._searched = (text, query)
        try:
            self._matches = find_all(text, query, budget=INLINE_BUDGET if query.regex else None)
            self._error = ""
        except QueryError as exc:
            self._matches, self._error = [], str(exc)
        except SearchTooLong:
            self._matches, self._error = [], ""
            self._search_in_background(text, query)
        self._mark()

    def searching(self) -> bool:
        """True while a regular expression is being matched off the UI thread."""
        return self._searching

    def _search_in_background(self, text: str, query: Query) -> None:
        self._searching = True
        if self._worker is None:
            worker = self._worker = SerialWorker("find")
            self.destroyed.connect(lambda *_: worker.close())
        latest = self._generation
        generation = latest[0]
        deliver = self._deliver

        def job() -> None:  # plain values only: never touches the bar on this thread
            if latest[0] != generation:
                return  # a newer search was asked for while this one waited
            try:
                found: list[tuple[int, int]] | None = find_all(
                    text, query, budget=BACKGROUND_BUDGET
                )
            except SearchTooLong:
                found = None
            deliver(generation, found)

        self._worker.submit(job)

    def _on_background_result(self, generation: int, found: list[tuple[int, int]] | None) -> None:
        if generation != self._generation[0] or not self.isVisible():
            return
        self._searching = False
        self._too_long = found is None
        self._matches = found or []
        self._mark()
        backward, self._go_when_found = self._go_when_found, None
        if backward is not None and self._matches:
            self._go(backward=backward)

    def shutdown(self) -> None:
        """Stop the find thread (after the search it is running, bounded by its budget)."""
        self._generation[0] += 1
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _known_too_long(self) -> bool:
        """The last search of this very text and query took too long: asking again is futile."""
        return self._too_long and self._searched == (self._text(), self.query())

    def _current_index(self) -> int | None:
        start, end = selection(self.editor, self._text())
        try:
            return self._matches.index((start, end))
        except ValueError:
            return None

    def _mark(self) -> None:
        qt = qt_converter(self._text())
        extra = []
        color = QColor(palette.current().find_match)
        for start, end in self._matches[:MAX_MARKED]:
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(qt(start))
            cursor.setPosition(qt(end), QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            mark.format.setBackground(color)
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            extra.append(mark)
        self.editor.setExtraSelections(extra)
        self._show_count()

    def _show_count(self) -> None:
        if self._error:
            self.count_label.setText("Bad pattern")
            self.count_label.setToolTip(self._error)
            return
        if self._too_long:
            self.count_label.setText(TOO_LONG)
            self.count_label.setToolTip(TOO_LONG_TIP)
            return
        if self._searching:
            self.count_label.setText("Searching…")
            self.count_label.setToolTip("")
            return
        self.count_label.setToolTip("")
        if not self.find_field.text():
            self.count_label.setText("")
            return
        index = self._current_index()
        total = len(self._matches)
        if not total:
            self.count_label.setText("No matches")
        elif index is None:
            self.count_label.setText(f"{total} match{'es' if total != 1 else ''}")
        else:
            self.count_label.setText(f"{index + 1} of {total}")

    def _go(self, *, backward: bool) -> bool:
        if self._refresh.is_pending() or (
            not self._matches and not self._searching and not self._known_too_long()
        ):
            self.refresh()
        if self._searching:
            self._go_when_found = backward  # done when the matches come
            return False
        text = self._text()
        start, end = selection(self.editor, text)
        found = next_match(self._matches, start if backward else end, backward=backward)
        if found is None:
            self._show_count()
            return False
        select(self.editor, text, found[0], found[1])
        self.editor.centerCursor()
        self._show_count()
        return True

    def find_next(self) -> bool:
        return self._go(backward=False)

    def find_previous(self) -> bool:
        return self._go(backward=True)

    # -- replacing ------------------------------------------------------------------------------
    def replace_one(self) -> None:
        """Replace the selected match (if the selection is one), then go to the next."""
        if self.editor.isReadOnly():
            return
        if self._refresh.is_pending():
            self.refresh()
        text = self._text()
        span = selection(self.editor, text)
        if span in self._matches:
            try:
                new = replacement_for(
                    text, span, self.query(), self.replace_field.text(), budget=REPLACE_BUDGET
                )
            except QueryError as exc:
                self._error = str(exc)
                self._show_count()
                return
            except SearchTooLong:
                self._too_long = True
                self._show_count()
                return
            self.editor.textCursor().insertText(codec_of(self.editor).encode_piece(new))
            self.refresh()
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        if self.editor.isReadOnly():
            return 0
        text = self._text()
        query, replacement = self.query(), self.replace_field.text()
        if self._known_too_long():
            self._show_count()
            return 0
        # Every match and what it becomes are known before the first change: a pattern that
        # takes too long, or a bad group, changes nothing.
        try:
            spans = replacements(
                text, query, replacement, budget=REPLACE_BUDGET if query.regex else None
            )
        except QueryError as exc:
            self._error = str(exc)
            self._show_count()
            return 0
        except SearchTooLong:
            self._too_long, self._searched = True, (text, query)
            self._show_count()
            return 0
        if not spans:
            return 0
        qt = qt_converter(text)
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for start, end, new in reversed(spans):
            cursor.setPosition(qt(start))
            cursor.setPosition(qt(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(codec_of(self.editor).encode_piece(new))
        cursor.endEditBlock()
        count = len(spans)
        self.refresh()
        self.count_label.setText(f"Replaced {count}")
        return count
