"""Counts and outline of the source text, computed in a background thread after typing pauses.

Counting and finding headings in a 1 MB post cost tens of milliseconds of Python; done on the
UI thread they would stall typing, so one worker thread does them on a snapshot of the text and
the result comes back as a signal. A request made while the worker is busy is kept (only the
latest) and run when it finishes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from editor.core.writing.counting import Counter, Counts
from editor.core.writing.outline import Heading, headings
from editor.services.debounce import Debounce

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextReport:
    counts: Counts = field(default_factory=Counts)
    headings: list[Heading] = field(default_factory=list)


class TextStats(QObject):
    ready = Signal(object)  # a TextReport
    _finished = Signal(object)  # from the worker thread

    def __init__(
        self, text: Callable[[], str], delay_ms: int = 400, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._counter = Counter()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="text-stats")
        self._closed = False
        self._busy = False
        self._again = False
        self.report = TextReport()
        self.debounce = Debounce(delay_ms, self.update_now, self)
        self._finished.connect(self._on_finished)

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
        self._pool.submit(self._work, snapshot)

    def _work(self, text: str) -> None:
        try:
            report = TextReport(self._counter.count(text), headings(text))
        except Exception:  # a bug here must not leave the worker marked busy forever
            log.exception("counting the text failed")
            report = self.report
        self._finished.emit(report)

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
        self._pool.shutdown(wait=True, cancel_futures=True)
