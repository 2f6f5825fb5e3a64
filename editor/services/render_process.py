"""The code that runs inside the render worker process (no Qt: the child never loads it).

The UI process sends small messages (``render_messages``); only edits cross the boundary per
keystroke, never the whole body. The worker keeps the chunk model of the body it was last told
about, renders the chunks an edit touched, and answers with ready-to-run page code so the UI
thread does no string work.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from editor.core import render
from editor.core.render.chunk_html import render_patch_html
from editor.core.render.context import RenderContext
from editor.core.render.incremental import ChunkModel
from editor.core.render.page_groups import GROUP_OPEN, full_page, patch_script
from editor.services.render_messages import (
    Answer,
    Edit,
    Failed,
    Full,
    Page,
    Patch,
    Ready,
    Request,
    Reset,
    Stop,
)

log = logging.getLogger(__name__)

FULL_WORKER_NICE = 10
_early: dict[str, tuple[BaseProcess, Connection, int]] = {}


class _Session:
    """The worker's state: the render context and the chunk model of the body it holds."""

    def __init__(self) -> None:
        self.ctx = RenderContext()
        self.model = ChunkModel("")
        self.grouped = False  # the last full page had groups

    def chunk_render(self, text: str, line_offset: int) -> str:
        return render.render_body(text, self.ctx, line_offset=line_offset)

    def handle(self, message: Request) -> Answer:
        if isinstance(message, Reset):
            self.ctx = message.ctx
            self.model.reset(message.body)
            return Ready(message.serial)
        if isinstance(message, Edit):
            if message.ctx is not None:
                self.ctx = message.ctx
            patch = self.model.apply_edit(message.start, message.end, message.text)
            html = render_patch_html(self.chunk_render, patch, self.model.definitions_text)
            script = patch_script(patch.index, patch.removed, html, patch.line_delta)
            return Patch(message.serial, script, patch.global_reasons)
        if isinstance(message, Full):
            page, article_js, head_key = full_page(
                render.render_page(message.body, message.ctx), message.body, grouped=self.grouped
            )
            self.grouped = GROUP_OPEN[:-1] in page
            return Page(message.serial, page, article_js, head_key)
        raise ValueError(f"unknown render request {message!r}")


def spawn(name: str, nice: int = 0) -> tuple[BaseProcess, Connection]:
    """Start a worker process: (the process, the UI side of its pipe)."""
    context = multiprocessing.get_context("spawn")
    parent_conn, child_conn = context.Pipe(duplex=True)
    process = context.Process(
        target=serve, args=(child_conn, nice), name=f"post-editor-{name}-render", daemon=True
    )
    process.start()
    child_conn.close()
    return process, parent_conn


def start_early(name: str, nice: int = 0) -> None:
    """Start the named worker now, before the window exists, so its imports overlap the UI's.

    The first ``RenderWorker`` of that name adopts it (see ``adopt``); at launch this is what
    the writer waits for, and the worker needs a few hundred ms to import the render pipeline.
    """
    if name not in _early:
        process, conn = spawn(name, nice)
        _early[name] = (process, conn, nice)


def adopt(name: str, nice: int) -> tuple[BaseProcess, Connection] | None:
    """The worker ``start_early`` started under this name and priority, if any (taken once)."""
    entry = _early.pop(name, None)
    if entry is None:
        return None
    process, conn, early_nice = entry
    if early_nice != nice or not process.is_alive():
        conn.close()
        process.kill()
        process.join(1)
        return None
    return process, conn


def serve(conn: Connection, nice: int = 0) -> None:
    """The worker's loop: one request at a time, one answer each, until told to stop.

    ``nice`` lowers the process's priority: whole-page renders of long posts take seconds and
    must not take the CPU from the keystroke path. It applies after the first answer: the first
    page is what the writer waits for at launch, while the browser engine is starting too.
    """
    from editor.services.crash_report import configure_logging

    configure_logging()  # a worker's tracebacks go to the log file, not the window's stderr
    session = _Session()
    try:
        render.load_pipeline()
    except ImportError:
        log.exception("the render pipeline cannot be imported")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(message, Stop):
            return
        try:
            answer = session.handle(message)
        except Exception as error:
            log.exception("render request failed")
            answer = Failed(getattr(message, "serial", 0), f"{type(error).__name__}: {error}")
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        if nice and hasattr(os, "nice"):
            with contextlib.suppress(OSError):
                os.nice(nice)
            nice = 0
