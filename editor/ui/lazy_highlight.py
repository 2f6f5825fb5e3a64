"""Highlighting a long text lazily: the visible blocks at once, the rest in idle slices.

``setPlainText`` on a highlighted document runs the highlighter over every block before it
returns: for a 1 MB post that is 36,000 calls into Python, about 0.4 s of frozen window on top
of Qt's own 0.1 s. ``LazyHighlight.set_text`` puts the text in with the highlighter
disconnected from the document, highlights the blocks on screen, and goes through the others
from the top in slices of a few milliseconds, each run from the event loop, so the writer can
scroll and type meanwhile. Edits are highlighted as usual (the highlighter is connected again
at once); the idle pass goes back over any block an edit moved above it. The end result equals
a whole-document pass (``tests/ui/test_lazy_highlight.py``).

This relies on the highlighter giving "nothing special" blocks the state -1 (the state of a
block never highlighted): highlighting one block then goes on to the next only where a state
really changes, as in a code fence.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import SIGNAL, SLOT, QObject, QTimer, Signal
from PySide6.QtGui import QSyntaxHighlighter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

# Below this many characters the whole pass costs a few milliseconds: done at once, as before.
LAZY_FROM = 64 * 1024
SLICE_MS = 8.0
# The highlighter's own connection to the document (a private slot of QSyntaxHighlighter).
_CHANGE_SIGNAL = SIGNAL("contentsChange(int,int,int)")
_REFORMAT_SLOT = SLOT("_q_reformatBlocks(int,int,int)")


class LazyHighlight(QObject):
    """Drives ``highlighter`` over ``editor``'s document lazily after a long text is set.

    ``finished`` is emitted when every block has been highlighted. Qt reports each block it
    highlights outside an edit as a change of the text (``textChanged``); ``highlighting`` is
    True meanwhile, so the editor does not take it for typing.
    """

    finished = Signal()

    def __init__(
        self,
        editor: QPlainTextEdit,
        highlighter: QSyntaxHighlighter,
        fence_state: Callable[[str, int], int],
    ) -> None:
        super().__init__(editor)
        self._editor = editor
        self._highlighter = highlighter
        self._fence_state = fence_state
        self._next: int | None = None  # number of the first block the idle pass has not done
        self.highlighting = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        editor.document().contentsChange.connect(self._on_contents_change)

    def pending(self) -> bool:
        """True while some blocks still wait for their highlighting."""
        return self._next is not None

    def set_text(self, text: str, set_plain_text: Callable[[str], None]) -> None:
        """Put ``text`` in through ``set_plain_text``; highlight it at once when it is short."""
        self._stop()
        if len(text) < LAZY_FROM:
            set_plain_text(text)
            return
        self._unhighlighted(lambda: set_plain_text(text))
        self._next = 0
        self._timer.start()

    def append(self, insert: Callable[[], None]) -> None:
        """Run ``insert``, which adds text at the end; the idle pass takes the new blocks too."""
        document = self._editor.document()
        last = document.lastBlock().blockNumber()
        self._unhighlighted(insert)
        self._next = last if self._next is None else min(self._next, last)
        self._timer.start()

    def _unhighlighted(self, change: Callable[[], None]) -> None:
        document = self._editor.document()
        QObject.disconnect(document, _CHANGE_SIGNAL, self._highlighter, _REFORMAT_SLOT)
        try:
            change()
        finally:
            QObject.connect(document, _CHANGE_SIGNAL, self._highlighter, _REFORMAT_SLOT)

    def show_visible(self) -> None:
        """Highlight the blocks on screen now (call once the view has its final scroll)."""
        if self._next is None:
            return
        first = self._editor.firstVisibleBlock()
        if first.blockNumber() > self._next:
            # The state the block above the screen ends in, from the fence lines above it.
            document = self._editor.document()
            state = -1
            block = document.findBlockByNumber(self._next - 1) if self._next else QTextBlock()
            if block.isValid():
                state = block.userState()
            block = document.findBlockByNumber(self._next)
            while block.isValid() and block.blockNumber() < first.blockNumber():
                state = self._fence_state(block.text(), state)
                block = block.next()
            previous = first.previous()
            if previous.isValid():
                previous.setUserState(state)
        line_height = max(1, self._editor.fontMetrics().lineSpacing())
        rows = self._editor.viewport().height() // line_height + 2
        block = first
        self.highlighting = True
        try:
            while block.isValid() and rows > 0:
                self._highlighter.rehighlightBlock(block)
                rows -= max(1, block.lineCount())
                block = block.next()
        finally:
            self.highlighting = False

    def rehighlight_all(self) -> None:
        """Highlight every block again (the highlighter's rules changed, e.g. a dictionary
        came in): a short text at once, a long one on screen now and the rest in slices."""
        document = self._editor.document()
        if document.characterCount() < LAZY_FROM:
            self._stop()
            with self.restyling():
                self._highlighter.rehighlight()
            return
        # The states of the blocks above the screen are those of the last pass: still right.
        self._next = 0
        line_height = max(1, self._editor.fontMetrics().lineSpacing())
        rows = self._editor.viewport().height() // line_height + 2
        block = self._editor.firstVisibleBlock()
        with self.restyling():
            while block.isValid() and rows > 0:
                self._highlighter.rehighlightBlock(block)
                rows -= max(1, block.lineCount())
                block = block.next()
        self._timer.start()

    @contextlib.contextmanager
    def restyling(self) -> Iterator[None]:
        """Blocks highlighted again inside this are not taken for an edit of the text."""
        was, self.highlighting = self.highlighting, True
        try:
            yield
        finally:
            self.highlighting = was

    def finish_now(self) -> None:
        """Highlight every block left (for tests and callers that need the end state now)."""
        while self._next is not None:
            self._slice(budget_ms=None)

    def _slice(self, budget_ms: float | None = SLICE_MS) -> None:
        if self._next is None:
            self._timer.stop()
            return
        deadline = None if budget_ms is None else time.perf_counter() + budget_ms / 1000
        block = self._editor.document().findBlockByNumber(self._next)
        highlight = self._highlighter.rehighlightBlock
        self.highlighting = True
        try:
            while block.isValid():
                highlight(block)
                block = block.next()
                if deadline is not None and time.perf_counter() > deadline:
                    break
        finally:
            self.highlighting = False
        if block.isValid():
            self._next = block.blockNumber()
            return
        self._stop()
        self.finished.emit()

    def _stop(self) -> None:
        self._timer.stop()
        self._next = None

    def _on_contents_change(self, position: int, _removed: int, _added: int) -> None:
        """An edit above the idle pass's place may have moved blocks it has not done above it."""
        if self._next is None or self.highlighting:
            return
        number = self._editor.document().findBlock(position).blockNumber()
        if 0 <= number < self._next:
            self._next = number
