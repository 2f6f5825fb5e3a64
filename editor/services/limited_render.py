"""The standalone page (``render``, File → Export HTML) rendered under the preview's time limit.

Python-Markdown is quadratic on some inputs (``[`` × 20,000 takes minutes) and cannot be
interrupted inside a thread, so the render runs in a child process that is killed when the
time is up. The limit is the preview's for a whole page: ``TIME_LIMIT_MS`` plus a little per
character, counted from when the child is ready (its imports are not the post's fault).
No Qt here: the command line uses it too.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from editor.services.preview_scheduler import FULL_LIMIT_MS_PER_CHAR, TIME_LIMIT_MS

log = logging.getLogger(__name__)

START_TIMEOUT_S = 60.0


class RenderLimitError(RuntimeError):
    """The render took longer than its limit, or failed; the message says which and why."""


def time_limit_ms(text: str) -> float:
    """The preview's limit for a whole page of this size."""
    return TIME_LIMIT_MS + len(text) * FULL_LIMIT_MS_PER_CHAR


def _child(conn: Any, text: str, path: str | None, options: Any, fragment: bool = False) -> None:
    try:
        from editor.core.frontmatter import PostDocument
        from editor.core.render import load_pipeline
        from editor.core.render.export import standalone_html
        from editor.core.site import Site

        load_pipeline()
        site = Site.open(Path(path)) if path else None
        conn.send(("ready", None))
        post_path = Path(path) if path else None
        if fragment:  # render --fragment: the article body only
            from editor.cli_fragment import fragment_html

            html = fragment_html(PostDocument.from_text(text), post_path, site)
        else:
            html = standalone_html(PostDocument.from_text(text), post_path, site, options)
        conn.send(("ok", html))
    except Exception as error:  # reported to the parent, which says it plainly
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def render_standalone(
    text: str,
    path: Path | None,
    options: Any,
    *,
    limit_ms: float | None = None,
    fragment: bool = False,
) -> str:
    """The standalone HTML of the post ``text`` (saved at ``path``), or RenderLimitError."""
    import multiprocessing  # here: the window imports this module at start, and needs none

    limit = time_limit_ms(text) if limit_ms is None else limit_ms
    _without_resource_tracker()
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(child, text, str(path) if path else None, options, fragment),
        name="post-editor-export-render",
        daemon=True,
    )
    process.start()
    child.close()
    try:
        if not parent.poll(START_TIMEOUT_S):
            raise RenderLimitError("the renderer did not start")
        kind, value = parent.recv()
        if kind == "ready":
            if not parent.poll(limit / 1000):
                raise RenderLimitError(
                    f"rendering stopped after {limit / 1000:.1f} s, the preview's time limit "
                    "for a post of this size. Something in the post makes Markdown slow "
                    "(for example thousands of nested brackets or list markers); the preview "
                    "shows the same message."
                )
            kind, value = parent.recv()
        if kind == "error":
            raise RenderLimitError(f"rendering failed: {value}")
        return str(value)
    except (EOFError, OSError) as exc:
        raise RenderLimitError(f"the renderer stopped unexpectedly ({exc})") from None
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def _without_resource_tracker() -> None:
    """Spare the process multiprocessing starts to track named semaphores and shared memory.

    A one-off render shares neither (its pipe is a plain pipe), so the tracker, a Python
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
