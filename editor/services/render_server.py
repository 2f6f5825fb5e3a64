"""The render worker process: ``python -m editor.services.render_server`` (no Qt).

The UI process (``render_process``) starts it with one socket per role and sends small
messages (``render_messages``); only edits cross the boundary per keystroke, never the whole
body. The worker keeps the chunk model of the body it was last told about, renders the chunks an
edit touched, and answers with ready-to-run page code so the UI thread does no string work.

Its command line: ``[--nice N] ROLE=FD ...``, each FD a socket the parent passed down
(``ROLE=-`` on Windows: the socket, shared with ``socket.share``, is read from stdin).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading

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
from editor.services.render_pipe import Channel

log = logging.getLogger(__name__)

WARM_UP_TEXT = (
    "# Title\n\nSome *text* with `code` and a [link](x).\n\n- item\n\n```python\nx = 1\n```\n"
)


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


def serve(conns: dict[str, Channel], nice: int = 0) -> None:
    """The worker: each role's loop in a thread of its own, until every role is told to stop.

    ``nice`` lowers the first role's priority: whole-page renders of long posts take seconds
    and must not take the CPU from the keystroke path. It applies after the first answer: the
    first page is what the writer waits for at launch, while the browser engine starts too.
    """
    from editor.services.crash_report import configure_logging

    configure_logging()  # a worker's tracebacks go to the log file, not the window's stderr
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


def _serve_role(conn: Channel, nice: int) -> None:
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


def main(argv: list[str]) -> int:
    """Serve the roles named on the command line until each is told to stop."""
    nice = 0
    if argv[:1] == ["--nice"]:
        nice, argv = int(argv[1]), argv[2:]
    conns: dict[str, Channel] = {}
    for arg in argv:
        role, _, fd = arg.partition("=")
        conns[role] = Channel(_inherited_socket(fd))
    if not conns:
        print("usage: render_server [--nice N] ROLE=FD ...", file=sys.stderr)
        return 2
    serve(conns, nice)
    return 0


def _inherited_socket(fd: str) -> socket.socket:
    if fd != "-":
        return socket.socket(fileno=int(fd))
    from editor.services.render_pipe import read_shared_socket

    return read_shared_socket(sys.stdin.buffer)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
