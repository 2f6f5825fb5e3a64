"""The status bar's counts (``wordCount``): words, characters, reading time, selection words.

Counting waits for a pause in typing and reuses each unchanged paragraph's count, so a
keystroke costs nothing here; the selection's words are counted when the selection settles.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from editor.core.writing.counting import Counter, Counts, count_words
from editor.services.debounce import Debounce
from editor.ui.source_editor import SourceEditor

MAX_SELECTION_COUNT = 2_000_000


class WordCountLabel(QLabel):
    def __init__(self, editor: SourceEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wordCount")
        self.editor = editor
        self.counts = Counts()
        self.selection_words = 0
        self._counter = Counter()
        self.recount = Debounce(500, self.count_now, self)
        self._selection = Debounce(200, self._count_selection, self)
        editor.textChanged.connect(self.recount.trigger)
        editor.selectionChanged.connect(self._selection.trigger)

    def count_now(self) -> None:
        self.recount.cancel()
        self.counts = self._counter.count(self.editor.text())
        self._show()

    def _count_selection(self) -> None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            words = 0
        else:
            text = cursor.selectedText()
            words = (
                count_words(text.replace("\u2029", "\n")) if len(text) < MAX_SELECTION_COUNT else 0
            )
        if words != self.selection_words:
            self.selection_words = words
            self._show()

    def _show(self) -> None:
        c = self.counts
        text = f"{c.words:,} words · {c.characters:,} characters · {c.reading_minutes} min read"
        if self.selection_words:
            text = f"{self.selection_words:,} of " + text
        self.setText(text)
        self.setToolTip(
            "Counted as a reader sees the article: front matter, code blocks, inline code, "
            "link targets, HTML tags and Liquid tags are left out. Reading time at 230 words "
            "a minute."
        )
