"""Work on a Python thread, answers on the UI thread: the one way the window does both.

A worker thread must never hold the last reference to a Qt object, emit on an object the
window may delete meanwhile, or call into a widget. Here it holds only plain Python values:
``ui_callback(method)`` gives it a function that queues ``method(*args)`` to the UI thread
through one dispatcher that lives as long as the application, and the call is dropped there
(on the UI thread, so without a race) when ``method``'s object has been deleted. Checks,
export and tag renames all go through it; before it, a job still running when its window
was deleted could drop a QObject on the worker thread and crash the process.
"""

from __future__ import annotations

import inspect
import logging
import queue
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

log = logging.getLogger(__name__)


class _Dispatcher(QObject):
    """Runs queued calls on the UI thread; a child of the application, never deleted early."""

    call = Signal(object)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.call.connect(self._run)

    def _run(self, function: Callable[[], None]) -> None:
        function()


_dispatchers: dict[int, _Dispatcher] = {}


def _dispatcher() -> _Dispatcher:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("ui_callback needs a running QApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("ui_callback must be created on the UI thread")
    dispatcher = _dispatchers.get(id(app))
    if dispatcher is None or not shiboken6.isValid(dispatcher):
        dispatcher = _dispatchers[id(app)] = _Dispatcher(app)
    return dispatcher


def _alive(function: Callable[..., Any]) -> bool:
    owner = getattr(function, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def ui_callback(function: Callable[..., Any]) -> Callable[..., None]:
    """A thread-safe function that calls ``function(*args)`` later on the UI thread.

    Create it on the UI thread. A bound method is held weakly: once its object is gone (or
    its Qt side deleted) the calls are dropped instead of reaching a dead object.
    """
    dispatcher = _dispatcher()
    # A plain function has no object to outlive: it is held as it is.
    target: Callable[[], Callable[..., Any] | None] = (
        weakref.WeakMethod(function) if inspect.ismethod(function) else (lambda: function)
    )

    def call(*args: Any) -> None:
        def run() -> None:
            function = target()
            if function is not None and _alive(function):
                function(*args)

        dispatcher.call.emit(run)

    return call


class SerialWorker:
    """One daemon thread running jobs in order (plain Python: it never touches Qt objects).

    ``submit(job)`` returns at once; ``wait()`` blocks until every job submitted so far has
    ended; ``close()`` refuses new jobs and lets the thread end after the current one.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._idle = threading.Condition()
        self._running = 0  # jobs submitted and not yet ended

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, job: Callable[[], None]) -> bool:
        """Queue ``job``; False (and nothing queued) once closed."""
        if self._closed:
            return False
        with self._idle:
            self._running += 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put(job)
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """True when every submitted job has ended, False when ``timeout`` seconds passed."""
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a failing job must not end the thread nor take the window
                log.exception("background job failed in %s", self.name)
            finally:
                del job  # its values are dropped here, before the next wait
                with self._idle:
                    self._running -= 1
                    self._idle.notify_all()


class Pacer:
    """Called often from a worker thread's loop: after each ``work_s`` of running, it sleeps
    ``rest_s``.

    Python code on a worker shares the interpreter with the UI thread, and the UI thread
    gives the interpreter up at each call into Qt; taking it back waits for the worker's
    turn to end (the switch interval). A worker that never sleeps makes every one of those
    calls wait: a timer tick of 15 ms of the UI thread's work took 50-170 ms while the word
    count and outline of a 1 MB post were computed. A rest of a millisecond lets the UI
    thread run freely meanwhile, for a third of the worker's speed at most.
    """

    def __init__(self, work_s: float = 0.002, rest_s: float = 0.001) -> None:
        self.work_s = work_s
        self.rest_s = rest_s
        self.rests = 0
        self._since = time.perf_counter()

    def __call__(self) -> None:
        if time.perf_counter() - self._since >= self.work_s:
            time.sleep(self.rest_s)
            self.rests += 1
            self._since = time.perf_counter()
