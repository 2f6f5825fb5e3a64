"""A warm render worker process, driven from the UI thread without ever blocking it.

Rendering in a Python thread would still stall the UI for 5–30 ms per keystroke (the GIL), and
Python-Markdown can run for seconds on hostile input, so renders happen in a separate process
that stays warm (imports and converters loaded). One request is in flight at a time; a request
that exceeds its time limit is abandoned: the process is killed and a fresh one started, and the
owner is told why so the preview can say so. The reply arrives through a socket notifier, so the
UI thread only ever reads a complete answer that is already waiting.
"""

from __future__ import annotations

import contextlib
import logging
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from editor.services import render_process
from editor.services.render_messages import Request, Stop

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_MS = 2000


class RenderWorker(QObject):
    """One worker process. ``answered(object)`` carries the ``Answer``; ``failed(str)`` why not.

    ``ready`` is False while the process starts (requests must wait for ``started``).
    """

    answered = Signal(object)
    failed = Signal(str)
    started = Signal()

    def __init__(self, name: str, parent: QObject | None = None, *, nice: int = 0) -> None:
        super().__init__(parent)
        self.name = name
        self._nice = nice
        self.time_limit_ms: float = DEFAULT_TIME_LIMIT_MS
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._busy = False
        self._pending_kind = ""
        self._sent_at = 0.0
        self.restarts = 0

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def ready(self) -> bool:
        return self._conn is not None and not self._busy

    def start(self) -> None:
        """Start the process (idempotent); ``started`` is emitted on the next event-loop turn."""
        if self._process is not None:
            return
        started = render_process.adopt(self.name, self._nice)
        process, parent_conn = started or render_process.spawn(self.name, self._nice)
        self._process = process
        self._conn = parent_conn
        self._notifier = QSocketNotifier(parent_conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        QTimer.singleShot(0, self.started.emit)

    def request(self, message: Request) -> bool:
        """Send one request; False (nothing sent) while another is in flight or none runs."""
        if not self.ready or self._conn is None:
            return False
        try:
            self._conn.send(message)
        except (OSError, ValueError) as error:
            self._restart(f"the preview renderer stopped ({error})")
            return False
        self._busy = True
        self._pending_kind = type(message).__name__
        self._sent_at = time.perf_counter()
        self._timer.start(int(self.time_limit_ms))
        return True

    def stop(self) -> None:
        """End the process now; safe to call twice."""
        self._end(graceful=True)

    def _kill(self) -> None:
        self._end(graceful=False)

    def _end(self, *, graceful: bool) -> None:
        """Tear the process down: asked to stop first when graceful, killed at once otherwise."""
        self._timer.stop()
        self._busy = False
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._conn is not None:
            if graceful:
                with contextlib.suppress(OSError, ValueError):
                    self._conn.send(Stop())
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if graceful:
                self._process.join(0.2)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(1)
            self._process.close()
            self._process = None

    def _restart(self, why: str) -> None:
        log.warning("%s renderer: %s; restarting it", self.name, why)
        self._kill()
        self.restarts += 1
        self.start()
        self.failed.emit(why)

    def _on_timeout(self) -> None:
        seconds = self.time_limit_ms / 1000
        self._restart(f"rendering took longer than {seconds:g} s and was stopped")

    def _on_readable(self) -> None:
        if self._conn is None:
            return
        try:
            if not self._conn.poll():
                return
            answer = self._conn.recv()
        except (EOFError, OSError):
            self._restart("the preview renderer stopped unexpectedly")
            return
        self._timer.stop()
        self._busy = False
        log.debug(
            "%s renderer answered %s in %.1f ms",
            self.name,
            self._pending_kind,
            (time.perf_counter() - self._sent_at) * 1000,
        )
        self.answered.emit(answer)
