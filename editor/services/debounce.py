"""One small debounce: run a callback once activity has paused for a while."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Debounce(QObject):
    """Calls ``callback`` ``delay_ms`` after the last ``trigger()``.

    Tests set ``delay_ms`` to 0 to make it run on the next event-loop turn, or call ``flush()``.
    """

    def __init__(self, delay_ms: int, callback: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self.delay_ms = delay_ms

    def trigger(self, delay_ms: int | None = None) -> None:
        """(Re)start the wait; ``delay_ms`` overrides the default for this one wait."""
        self._timer.start(self.delay_ms if delay_ms is None else delay_ms)

    def cancel(self) -> None:
        self._timer.stop()

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run now if a call is pending (for example before the window closes)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def _fire(self) -> None:
        self._callback()
