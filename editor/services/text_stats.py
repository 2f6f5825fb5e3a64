"""Counts and outline of the source text, computed in a background thread after typing pauses.

Counting and finding headings in a 1 MB post cost tens of milliseconds of Python; done on the
UI thread they would stall typing, so one worker thread does them on a snapshot of the text and
the result comes back through :func:`~editor.services.background.ui_callback`. Both remember
each paragraph's result, so after an edit only the changed paragraphs are read again (about
15 ms for 1 MB), and the worker rests a millisecond after every two of work (a
:class:`~editor.services.background.Pacer`) so that the UI thread is not kept waiting. A
request made while the worker is busy is kept (only the latest) and run when it finishes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from editor.core.writing.counting import Counter, Counts
from editor.core.writing.outline import Heading, Outline
from editor.services.background import Pacer, SerialWorker, ui_callback
from editor.services.debounce import Debounce

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextReport:
    counts: Counts = field(default_factory=Counts)
    headings: list[Heading] = field(default_factory=list)


class TextStats(QObject):
    ready = Signal(object)  # a TextReport

    def __init__(
        self, text: Callable[[], str], delay_ms: int = 400, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._counter = Counter()
        self._outline = Outline()
        self._worker = SerialWorker("text-stats")
        self._finished = ui_callback(self._on_finished)
        self._closed = False
        self._busy = False
        self._again = False
        self.report = TextReport()
        self.debounce = Debounce(delay_ms, self.update_now, self)

    def trigger(self) -> None:
        """The text changed: report again after a pause."""
        self.debounce.trigger()

    def update_now(self) -> None:
        self.debounce.cancel()
        if self._closed:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        snapshot = self._text()
        counter, outline, finished, fallback = (
            self._counter,
            self._outline,
            self._finished,
            self.report,
        )

        def work() -> None:  # on the worker thread: plain Python values only
            pace = Pacer()
            try:
                report = TextReport(counter.count(snapshot, pace), outline.headings(snapshot, pace))
            except Exception:  # a bug here must not leave the worker marked busy forever
                log.exception("counting the text failed")
                report = fallback
            finished(report)

        if not self._worker.submit(work):
            self._busy = False

    def _on_finished(self, report: TextReport) -> None:
        self._busy = False
        if self._closed:
            return
        self.report = report
        self.ready.emit(report)
        if self._again:
            self._again = False
            self.update_now()

    def is_idle(self) -> bool:
        return not self._busy and not self.debounce.is_pending()

    def shutdown(self) -> None:
        self._closed = True
        self.debounce.cancel()
        self._worker.close()
        self._worker.wait(5.0)
