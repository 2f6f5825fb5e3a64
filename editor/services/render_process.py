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
import sys
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

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
# The preview's one worker process and its roles: whole pages (lowered priority) and keystrokes.
PREVIEW_WORKER = "preview"
PREVIEW_ROLES = ("full", "fast")
WARM_UP_TEXT = (
    "# Title\n\nSome *text* with `code` and a [link](x).\n\n- item\n\n```python\nx = 1\n```\n"
)
_early: dict[str, tuple[BaseProcess, dict[str, Connection], int]] = {}


class _Session:
    """The worker's state: the render context and the chunk model of the body it holds.

    The render modules are imported here, in the worker: the window's process imports this
    module only to start workers.
    """

    def __init__(self) -> None:
        from editor.core.render.context import RenderContext
        from editor.core.render.incremental import ChunkModel

        self.ctx = RenderContext()
        self.model = ChunkModel("")
        self.grouped = False  # the last full page had groups

    def chunk_render(self, text: str, line_offset: int) -> str:
        from editor.core import render

        return render.render_body(text, self.ctx, line_offset=line_offset)

    def handle(self, message: Request) -> Answer:
        from editor.core import render
        from editor.core.render.chunk_html import render_patch_html
        from editor.core.render.page_groups import GROUP_OPEN, full_page, patch_script

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
    process, conns = spawn_roles(name, (name,), nice)
    return process, conns[name]


def spawn_roles(
    name: str, roles: tuple[str, ...], nice: int = 0
) -> tuple[BaseProcess, dict[str, Connection]]:
    """Start one worker process serving each role over its own pipe, each in its own thread:
    (the process, the UI side of each role's pipe). ``nice`` applies to the first role."""
    _without_resource_tracker()
    context = multiprocessing.get_context("spawn")
    ends = {role: context.Pipe(duplex=True) for role in roles}
    children = {role: child for role, (_parent, child) in ends.items()}
    process = context.Process(
        target=serve, args=(children, nice), name=f"post-editor-{name}-render", daemon=True
    )
    process.start()
    for child in children.values():
        child.close()
    return process, {role: parent for role, (parent, _child) in ends.items()}


def _without_resource_tracker() -> None:
    """Spare the process multiprocessing starts to track named semaphores and shared memory.

    A render worker shares neither (its pipes are socket pairs), so the tracker, a Python
    process of its own (about 7 MiB), has nothing to do. On POSIX, ``spawn`` asks it for its
    pipe before each start and starts it when there is none: it is given one to /dev/null
    instead, which takes any message and keeps it "running". Left as it is when the module
    no longer looks as expected, or when a tracker already runs.
    """
    if sys.platform == "win32":
        return  # no tracker there
    try:
        from multiprocessing import resource_tracker

        tracker = resource_tracker._resource_tracker
        if getattr(tracker, "_fd", 0) is None and getattr(tracker, "_pid", 0) is None:
            setattr(tracker, "_fd", os.open(os.devnull, os.O_WRONLY))  # noqa: B010
    except (ImportError, AttributeError, OSError):
        log.debug("multiprocessing's resource tracker left as it is", exc_info=True)


def start_early(name: str, nice: int = 0, roles: tuple[str, ...] | None = None) -> None:
    """Start the named worker now, before the window exists, so its imports overlap the UI's.

    The first ``RenderWorker`` (or ``RenderHost``) of that name adopts it (see ``adopt``); at
    launch this is what the writer waits for, and the worker needs a few hundred ms to import
    the render pipeline.
    """
    if name not in _early:
        roles = roles or (name,)
        process, conns = spawn_roles(name, roles, nice)
        _early[name] = (process, conns, nice)


def adopt(
    name: str, nice: int, roles: tuple[str, ...] | None = None
) -> tuple[BaseProcess, dict[str, Connection]] | None:
    """The worker ``start_early`` started under this name, priority and roles (taken once)."""
    entry = _early.pop(name, None)
    if entry is None:
        return None
    process, conns, early_nice = entry
    if early_nice != nice or tuple(conns) != (roles or (name,)) or not process.is_alive():
        for conn in conns.values():
            conn.close()
        process.kill()
        process.join(1)
        return None
    return process, conns


def _load() -> None:
    """Import the render pipeline and render a small text once.

    The first render builds the Markdown converter, compiles its patterns and reads the page
    template: done now, while the window is still being built, rather than on the writer's
    first page (35-50 ms here). A converter is per thread; the others build theirs lazily.
    """
    from editor.core import render

    try:
        render.load_pipeline()
        session = _Session()
        session.handle(Full(0, WARM_UP_TEXT, session.ctx))
    except Exception:
        log.exception("the render pipeline cannot be loaded")


def _lower_priority(nice: int) -> None:
    """Lower the calling thread's priority (Linux, where priorities are per thread); a
    one-role process elsewhere lowers the whole process."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    elif threading.current_thread() is threading.main_thread() and threading.active_count() == 1:
        if hasattr(os, "nice"):
            with contextlib.suppress(OSError):
                os.nice(nice)


def serve(conns: Connection | dict[str, Connection], nice: int = 0) -> None:
    """The worker: each role's loop in a thread of its own, until every role is told to stop.

    ``nice`` lowers the first role's priority: whole-page renders of long posts take seconds
    and must not take the CPU from the keystroke path. It applies after the first answer: the
    first page is what the writer waits for at launch, while the browser engine starts too.
    """
    from editor.services.crash_report import configure_logging

    configure_logging()  # a worker's tracebacks go to the log file, not the window's stderr
    if not isinstance(conns, dict):
        conns = {"worker": conns}
    _load()
    from editor.services.start_trace import mark

    mark("worker-ready")
    from editor.services.heap import release_free_memory

    release_free_memory()  # the imports' and warm-up's garbage
    first, *others = conns.values()
    threads = [threading.Thread(target=_serve_role, args=(conn, 0)) for conn in others]
    for thread in threads:
        thread.start()
    _serve_role(first, nice)
    for thread in threads:
        thread.join()


def _serve_role(conn: Connection, nice: int) -> None:
    """One role's loop: one request at a time, one answer each, until told to stop."""
    session = _Session()
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
        if nice:
            _lower_priority(nice)
            nice = 0
