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

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from editor.services import render_process
from editor.services.render_messages import Request, Stop
from editor.services.render_pipe import Channel
from editor.services.render_process import WorkerProcess

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_MS = 2000


class RenderHost:
    """One worker process for several ``RenderWorker`` roles, each over its own pipe.

    The preview's keystroke and full-page renders share one process (a thread each) instead of
    two: one interpreter with the render pipeline loaded, about 20 MiB less. A role that must
    kill the process (a render over its time limit) takes the others down with it; they find
    their pipe closed, hear why, and come back on the fresh process.
    """

    def __init__(self, name: str, roles: tuple[str, ...], nice: int = 0) -> None:
        self.name = name
        self.roles = roles
        self.nice = nice
        self._process: WorkerProcess | None = None
        self._free: dict[str, Channel] = {}  # pipes of the current process not taken yet
        self._holders: set[str] = set()
        self._ended_because: tuple[WorkerProcess, str] | None = None

    def take(self, role: str) -> tuple[WorkerProcess, Channel]:
        """The process and ``role``'s pipe to it; a fresh process when this one cannot serve."""
        process = self._process
        if process is None or role not in self._free or not process.is_alive():
            self._replace()
        assert self._process is not None
        self._holders.add(role)
        return self._process, self._free.pop(role)

    def release(self, role: str, process: WorkerProcess, *, kill: str = "") -> None:
        """``role`` is done with ``process``: killed at once when ``kill`` says why, else
        ended once no role holds it."""
        if process is not self._process:
            return  # an earlier process, already replaced
        self._holders.discard(role)
        if kill:
            self._ended_because = (process, kill)
            process.kill()
            process.join(1)
            return
        if not self._holders:
            for conn in self._free.values():
                conn.close()  # the roles never taken hear the end of their pipe
            self._free = {}
            process.join(0.2)
            if process.is_alive():
                process.kill()
                process.join(1)
            self._process = None

    def ended_because(self, process: WorkerProcess | None) -> str:
        """Why another role killed ``process`` ('' when none did)."""
        ended = self._ended_because
        return ended[1] if ended is not None and ended[0] is process else ""

    def _replace(self) -> None:
        old = self._process
        if old is not None and old.is_alive():
            old.kill()
            old.join(1)
        for conn in self._free.values():
            conn.close()
        started = render_process.adopt(self.name, self.nice, self.roles)
        self._process, self._free = started or render_process.spawn_roles(
            self.name, self.roles, self.nice
        )
        self._holders = set()


class RenderWorker(QObject):
    """One worker process. ``answered(object)`` carries the ``Answer``; ``failed(str)`` why not.

    ``ready`` is False while the process starts (requests must wait for ``started``).
    """

    answered = Signal(object)
    failed = Signal(str)
    started = Signal()

    def __init__(
        self,
        name: str,
        parent: QObject | None = None,
        *,
        nice: int = 0,
        host: RenderHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._nice = nice
        self._host = host
        self.time_limit_ms: float = DEFAULT_TIME_LIMIT_MS
        self._process: WorkerProcess | None = None
        self._conn: Channel | None = None
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
        if self._host is not None:
            process, parent_conn = self._host.take(self.name)
        else:
            started = render_process.adopt(self.name, self._nice)
            process, conns = started or render_process.spawn_roles(
                self.name, (self.name,), self._nice
            )
            parent_conn = conns[self.name]
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

    def _kill(self, why: str) -> None:
        self._end(graceful=False, why=why)

    def _end(self, *, graceful: bool, why: str = "") -> None:
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
        if self._process is not None and self._host is not None:
            self._host.release(self.name, self._process, kill="" if graceful else why)
            self._process = None
        if self._process is not None:
            if graceful:
                self._process.join(0.2)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(1)
            self._process = None

    def _restart(self, why: str) -> None:
        log.warning("%s renderer: %s; restarting it", self.name, why)
        self._kill(why)
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
            ended = self._host.ended_because(self._process) if self._host is not None else ""
            self._restart(ended or "the preview renderer stopped unexpectedly")
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
