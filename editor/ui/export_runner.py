"""File → Export HTML away from the UI thread, under the preview's time limit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.core.storage import SaveError, atomic_write
from editor.services.background import ui_callback
from editor.services.limited_render import RenderLimitError, render_standalone, time_limit_ms


class ExportRunner(QObject):
    """``start(text, post_path, options, target)``; ``finished(target, error)`` ("" on success).

    The render runs in a child process (killed at the limit) waited on from a thread, so the
    window keeps responding; the answer arrives on the UI thread through the signal.
    """

    finished = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._finished = ui_callback(self._on_finished)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def limit_seconds(self, text: str) -> float:
        return time_limit_ms(text) / 1000

    def start(self, text: str, post_path: Path | None, options: Any, target: Path) -> bool:
        if self.busy:
            return False
        # The thread holds plain values only (see editor.services.background).
        self._thread = threading.Thread(
            target=_export, args=(text, post_path, options, target, self._finished), daemon=True
        )
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """For tests and for closing the window: wait for the export thread."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _on_finished(self, target: str, error: str) -> None:
        self.finished.emit(target, error)


def _export(
    text: str, post_path: Path | None, options: Any, target: Path, finished: Callable[..., None]
) -> None:
    error = ""
    try:
        html = render_standalone(text, post_path, options)
        atomic_write(target, html.encode("utf-8"))
    except (RenderLimitError, SaveError, OSError) as exc:
        error = str(exc)
    except Exception as exc:  # never a traceback in the window: say it plainly
        error = f"{type(exc).__name__}: {exc}"
    finished(str(target), error)
