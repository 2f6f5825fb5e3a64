"""The status bar's counts (``wordCount``): words, characters, reading time, selection words.

The counts come from :class:`~editor.services.text_stats.TextStats` (a worker thread, after a
pause in typing); the selection's words are counted when the selection settles.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from editor.core.writing.counting import Counts, count_words
from editor.services.debounce import Debounce
from editor.services.text_stats import TextReport, TextStats

MAX_SELECTION_COUNT = 200_000  # characters; a larger selection shows the whole post's counts


class WordCountLabel(QLabel):
    def __init__(self, editor: QPlainTextEdit, stats: TextStats, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("wordCount")
        self.editor = editor
        self.counts = Counts()
        self.selection_words = 0
        self._selection = Debounce(200, self._count_selection, self)
        stats.ready.connect(self._on_report)
        editor.selectionChanged.connect(self._selection.trigger)
        self.setToolTip(
            "Counted as a reader sees the article: front matter, code blocks, maths, inline "
            "code, link targets, HTML tags and Liquid tags are left out. Reading time at 230 "
            "words a minute."
        )

    def _on_report(self, report: TextReport) -> None:
        self.counts = report.counts
        self._show()

    def _count_selection(self) -> None:
        cursor = self.editor.textCursor()
        text = cursor.selectedText() if cursor.hasSelection() else ""
        words = count_words(text.replace("\u2029", "\n")) if len(text) < MAX_SELECTION_COUNT else 0
        if words != self.selection_words:
            self.selection_words = words
            self._show()

    def _show(self) -> None:
        c = self.counts
        text = f"{c.words:,} words · {c.characters:,} characters · {c.reading_minutes} min read"
        if self.selection_words:
            text = f"{self.selection_words:,} of " + text
        self.setText(text)
