"""SIGTERM and SIGINT inside the Qt event loop.

Python runs a signal handler only when the interpreter gets control, which a Qt loop waiting
in C++ does not give it. ``signal.set_wakeup_fd`` makes the C-level handler write the
signal's number to a socket; a QSocketNotifier on the other end wakes the loop, and the
callback runs there, as ordinary Qt code.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

HANDLED = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s)


class SignalBridge(QObject):
    """Calls ``on_signal(signum)`` in the Qt loop for each of ``signals`` received."""

    def __init__(
        self,
        on_signal: Callable[[int], None],
        signals: tuple[int, ...] = HANDLED,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {}
        for signum in signals:
            # The Python-level handler does nothing: the work happens when the loop wakes.
            self._previous[signum] = signal.signal(signum, lambda *_: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    def _read(self) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for signum in data:
            log.info("received signal %d", signum)
            self._on_signal(signum)

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, handler)
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
