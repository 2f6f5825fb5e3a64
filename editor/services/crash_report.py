"""No Python traceback reaches the writer: it goes to a log file, the writer gets one sentence.

``install(show)`` sets ``sys.excepthook`` and ``threading.excepthook``: an unexpected error is
written with its traceback to ``crashes.log`` in the data folder, and ``show(text)`` tells the
writer what happened and where the details are (the window shows a dialog; the command line
prints one line on stderr). No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from editor.core.paths import data_dir

LOG_NAME = "crashes.log"
MAX_LOG_BYTES = 1_000_000


def log_path() -> Path:
    return data_dir() / LOG_NAME


def record(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None, where: str = ""
) -> Path | None:
    """Append the traceback to the crash log; the log's path, or None if it cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".log.1"))
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        text = "".join(traceback.format_exception(kind, error, tb))
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp} {where}\n{text}\n")
    except OSError:
        return None
    return path


def summary(error: BaseException, path: Path | None) -> str:
    """One or two sentences for the writer: what failed, and where the details are."""
    what = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    name = type(error).__name__
    text = f"An unexpected error happened ({name}{': ' + what if what else ''})."
    if path is not None:
        text += f" The details were written to {path}; please include them in a bug report."
    return text


def install(show: Callable[[str], None]) -> None:
    """Route uncaught errors (main thread and other threads) to the log and ``show``."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        path = record(kind, error, tb, "uncaught")
        with contextlib.suppress(Exception):  # if the message fails, the log has the details
            show(summary(error, path))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        where = f"thread {args.thread.name}" if args.thread else "thread"
        path = record(args.exc_type, args.exc_value, args.exc_traceback, where)
        with contextlib.suppress(Exception):
            show(summary(args.exc_value, path))

    sys.excepthook = hook
    threading.excepthook = thread_hook


class _NoTraceback(logging.Formatter):
    """Log lines for stderr: the message, and for an exception its one-line summary only."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        summary_line = ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            summary_line = f" ({type(error).__name__}: {error}; details in {log_path().parent})"
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record) + summary_line
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def configure_logging(level: str = "WARNING") -> None:
    """Logging for the window and the render workers: tracebacks go to ``editor.log`` in the
    data folder, stderr gets one line per message and never a traceback."""
    root = logging.getLogger()
    root.setLevel(level if isinstance(level, int) else str(level).upper())
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler()
    console.setFormatter(_NoTraceback("%(levelname)s:%(name)s:%(message)s"))
    root.addHandler(console)
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(folder / "editor.log", encoding="utf-8", delay=True)
    except OSError:
        return
    file_handler.setLevel(logging.WARNING)
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(file_handler)
