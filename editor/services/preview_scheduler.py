"""What the preview asks its render workers for, and what it puts into the page (no Qt).

Each keystroke sends the edit (not the body) to the keystroke worker, which re-renders the
chunks it touched; its answer is patched into the page. After a pause, or at once when an edit
is global (footnotes, definitions, the table of contents), the full worker renders the whole
page and it replaces the article in place, so what stays on screen always equals a full render.

The scheduler knows the workers and the page only through the small protocols below, so its
state machine is tested without a web view or worker processes
(``tests/services/test_preview_scheduler.py``); ``editor.ui.preview.PreviewView`` is the thin
view that plugs a real web page and real workers in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from editor.core.frontmatter import PostDocument
from editor.core.render.context import RenderContext, RenderOptions
from editor.core.site import Site
from editor.core.textio import common_edit
from editor.services.render_messages import (
    Answer,
    Edit,
    Failed,
    Full,
    Page,
    Patch,
    Request,
    Reset,
)

log = logging.getLogger(__name__)

FULL_RENDER_PAUSE_MS = 400
GLOBAL_EDIT_DELAY_MS = 30
TIME_LIMIT_MS = 2000
# A full render of a long post legitimately takes a while (about 3 s per MB here): its limit
# grows with the text, while pathological input (``[`` x 20,000 is 20 KB) still stops at ~2 s.
FULL_LIMIT_MS_PER_CHAR = 0.02
EDIT_LIMIT_MS_PER_CHAR = 0.005
# Indexes the chunk markers and fixes the text direction right after a page or full render, so
# the first keystroke does not pay for it.
WARM_SCRIPT = "__pe.warm();"
# A long post shows its top first: a render of its first part goes into the page while the whole
# renders (2-3 s at 1 MB), so the writer sees the article in well under a second.
FIRST_SCREEN_FROM = 64 * 1024
FIRST_SCREEN_CHARS = 16 * 1024
EMPTY_PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>"


def first_screen(body: str) -> str:
    """The top of a long body, cut at a paragraph break after ``FIRST_SCREEN_CHARS``."""
    cut = body.find("\n\n", FIRST_SCREEN_CHARS)
    return body if cut < 0 else body[: cut + 1]


class Worker(Protocol):
    """A render worker: one request in flight at a time (see ``RenderWorker``)."""

    time_limit_ms: float

    @property
    def ready(self) -> bool: ...

    def request(self, message: Request) -> bool: ...


class Timer(Protocol):
    """A restartable single-shot wait (see ``editor.services.debounce.Debounce``)."""

    delay_ms: int

    def trigger(self, delay_ms: int | None = None) -> None: ...

    def cancel(self) -> None: ...

    def is_pending(self) -> bool: ...


class PageSurface(Protocol):
    """The web page, as the scheduler drives it."""

    def load_page(self, page_html: str) -> None:
        """Load a whole page; the view calls ``page_loaded`` when it is in."""

    def run_script(self, script: str, done: Callable[[object], None] | None) -> None:
        """Run page code (the page runtime is there); ``done`` gets its result."""

    def show_status(self, message: str) -> None:
        """Say something about the preview itself ('' hides the message)."""

    def page_updated(self, kind: str) -> None:
        """A change is in the page: ``"page"``, ``"full"`` or ``"patch"``."""


@dataclass
class _Queued:
    script: str
    kind: str
    body: str | None


class PreviewScheduler:
    """The preview's state: which body the page shows, what each worker was sent."""

    def __init__(
        self,
        fast: Worker,
        full: Worker,
        page: PageSurface,
        make_timer: Callable[[int, Callable[[], None]], Timer],
    ) -> None:
        self.fast = fast
        self.full = full
        self.page = page
        self.full_debounce = make_timer(FULL_RENDER_PAUSE_MS, self.request_full)
        self.doc: PostDocument | None = None
        self.path: Path | None = None
        self.site: Site | None = None
        self.options = RenderOptions()
        self.ctx = RenderContext(options=self.options)
        self.closed = False
        self.loading = False
        self.status = ""
        self._front_matter = ""
        self._serial = 0
        # What the page shows now (None: unknown), and the body the keystroke worker holds.
        self._dom_body: str | None = None
        self._blanked = False  # an empty page replaced another post's after a failure
        self._dom_is_full = False
        self._fast_body: str | None = None
        self._fast_ctx_dirty = False
        # Requests in flight: serial → (body the page must show for the answer to apply, body
        # after it) for edits, (body, reload the page?) for full renders.
        self._sent: dict[int, tuple[str | None, str]] = {}
        self._full_sent: dict[int, tuple[str, bool]] = {}
        self._full_due = False
        self._full_wanted_reload = False
        self._head_key: str | None = None
        self._queued: list[_Queued] = []
        # A long post's first screen: due before its full render, then shown until it arrives.
        self._first_screen_due = False
        self._dom_partial = False

    # -- what the view asks -----------------------------------------------------------------
    def set_document(self, doc: PostDocument | None, path: Path | None, site: Site | None) -> None:
        """Show a new post (or nothing when ``doc`` is None): a full render."""
        self.doc, self.path, self.site = doc, path, site
        self._front_matter = doc.front_matter_text if doc is not None else ""
        self.ctx = self._make_context()
        self._dom_body = None
        self._blanked = False
        self._fast_body = None
        self._sent.clear()
        self._full_sent.clear()
        self._queued.clear()
        self._set_status("")
        self.full_debounce.cancel()
        self._full_wanted_reload = True
        self._dom_partial = False
        self._first_screen_due = doc is not None and len(doc.body) > FIRST_SCREEN_FROM
        self.request_full()

    def update_document(self) -> None:
        """The document changed: patch what changed now, a full render after a pause."""
        if self.doc is None:
            return
        front_matter = self.doc.front_matter_text
        if front_matter != self._front_matter:
            self._front_matter = front_matter
            self.ctx = self._make_context()
            self._fast_ctx_dirty = True
            self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS * 5)
        else:
            self.full_debounce.trigger()
        self.pump_fast()

    def set_options(self, options: RenderOptions) -> None:
        """New theme, site CSS or remote-content choice: re-render the whole page."""
        self.options = options
        self.ctx = self._make_context()
        self._fast_ctx_dirty = True
        if self.doc is not None:
            self._full_wanted_reload = True
            self.full_debounce.cancel()
            self.request_full()

    def is_current(self) -> bool:
        """True when the page shows a full render of the document as it is now."""
        return (
            self.doc is not None
            and self._dom_is_full
            and not self._full_due
            and not self._full_sent
            and not self.full_debounce.is_pending()
            and not self.loading
            and self._dom_body is not None
            and self._dom_body == self.doc.body
        )

    def close(self) -> None:
        self.closed = True
        self.full_debounce.cancel()

    # -- the keystroke worker ---------------------------------------------------------------
    def pump_fast(self) -> None:
        """Send the keystroke worker what it needs next: the page's body, then edits to it."""
        if self.closed or self.doc is None or not self.fast.ready or self._dom_body is None:
            return
        if self._dom_partial:  # edits go against the whole body, once the page shows it
            return
        if self._fast_body is None or (
            self._fast_body is not self._dom_body and self._fast_body != self._dom_body
        ):
            if self._sent:
                return
            self._serial += 1
            self.fast.time_limit_ms = TIME_LIMIT_MS + len(self._dom_body) * FULL_LIMIT_MS_PER_CHAR
            if self.fast.request(Reset(self._serial, self._dom_body, self.ctx)):
                self._sent[self._serial] = (None, self._dom_body)
                self._fast_body = self._dom_body
                self._fast_ctx_dirty = False
            return
        latest = self.doc.body
        if latest == self._fast_body:
            return
        start, end, text = common_edit(self._fast_body, latest)
        ctx = self.ctx if self._fast_ctx_dirty else None
        self._serial += 1
        # An edit that opens a fence can turn the rest of a long post into one chunk.
        self.fast.time_limit_ms = TIME_LIMIT_MS + len(latest) * EDIT_LIMIT_MS_PER_CHAR
        if self.fast.request(Edit(self._serial, start, end, text, ctx)):
            self._sent[self._serial] = (self._fast_body, latest)
            self._fast_body = latest
            self._fast_ctx_dirty = False

    def fast_answered(self, answer: Answer) -> None:
        base, new = self._sent.pop(answer.serial, (None, ""))
        if isinstance(answer, Patch):
            if base is not None and self._dom_body is not None and base == self._dom_body:
                self._dom_body = new
                self._dom_is_full = False
                self._run(answer.script, "patch", new)
                if answer.reasons:
                    log.debug("global edit (%s): full render soon", ", ".join(answer.reasons))
                    self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS)
            else:
                self._fast_body = None
        elif isinstance(answer, Failed):
            log.info("chunk render failed: %s", answer.message)
            self._fast_body = None
            self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS)
        self.pump_fast()

    def fast_failed(self, why: str) -> None:
        self._sent.clear()
        self._fast_body = None
        self._set_status(f"Preview paused: {why}. Typing is not affected.")

    # -- full renders -----------------------------------------------------------------------
    def request_full(self) -> None:
        self._full_due = True
        self.pump_full()

    def pump_full(self) -> None:
        if self.closed or not self.full.ready or not self._full_due:
            return
        if self.doc is None:
            self._full_due = False
            self._load_page(EMPTY_PAGE, "", "")
            return
        body = self.doc.body
        if self._first_screen_due:
            self._first_screen_due = False
            head = first_screen(body)
            self._serial += 1
            self.full.time_limit_ms = TIME_LIMIT_MS + len(head) * FULL_LIMIT_MS_PER_CHAR
            if self.full.request(Full(self._serial, head, self.ctx)):
                self._full_sent[self._serial] = (head, True)
            return  # the whole body follows when the worker answers
        self._serial += 1
        self.full.time_limit_ms = TIME_LIMIT_MS + len(body) * FULL_LIMIT_MS_PER_CHAR
        if self.full.request(Full(self._serial, body, self.ctx)):
            self._full_sent[self._serial] = (body, self._full_wanted_reload)
            self._full_wanted_reload = False
            self._full_due = False

    def full_answered(self, answer: Answer) -> None:
        if answer.serial not in self._full_sent:
            self.pump_full()  # an answer about a post no longer shown
            return
        body, reload = self._full_sent.pop(answer.serial)
        if self.doc is None:
            return
        if isinstance(answer, Failed):
            self._set_status(f"Preview could not render this post: {answer.message}")
            self._blank_other_post()
            return
        if not isinstance(answer, Page):
            return
        partial = body != self.doc.body
        if partial and self._dom_body is not None:
            self.pump_full()
            return
        self._dom_partial = partial
        self._set_status("")
        if reload or self.loading or answer.head_key != self._head_key or self._dom_body is None:
            self._load_page(answer.html, answer.head_key, body)
        else:
            self._dom_body = body
            self._dom_is_full = True
            self._run(answer.article_script, "full", body)
            self._run(WARM_SCRIPT)
        self.pump_full()
        self.pump_fast()

    def full_failed(self, why: str) -> None:
        self._full_sent.clear()
        self._set_status(f"Preview paused: {why}. Typing is not affected.")
        self._blank_other_post()

    def _blank_other_post(self) -> None:
        """A render of a newly shown post failed: its message goes over an empty page, never
        over the article of the post shown before (``_dom_body`` is None until this post's
        page is loaded)."""
        if self.doc is None or self._dom_body is not None or self._blanked:
            return
        self._blanked = True
        self.loading = True
        self._queued.clear()
        self.page.load_page(EMPTY_PAGE)

    # -- the page ---------------------------------------------------------------------------
    def shows_first_screen_only(self) -> bool:
        """True while a long post's page shows only its top, its full render on the way."""
        return self._dom_partial

    def _load_page(self, page_html: str, head_key: str, body: str) -> None:
        self._head_key = head_key
        self._dom_body = body
        self._dom_is_full = True
        self.loading = True
        self._queued.clear()
        self.page.load_page(page_html)

    def page_loaded(self, ok: bool) -> None:
        """The view reports the end of a page load; queued page code runs now."""
        if not self.loading:
            return
        self.loading = False
        if not ok:
            log.warning("the preview page did not load")
            self._dom_body = None
            return
        self.page.run_script(WARM_SCRIPT, None)
        queued, self._queued = self._queued, []
        self.page.page_updated("page")
        for item in queued:
            self._run(item.script, item.kind, item.body)
        self.pump_fast()

    def _run(self, script: str, kind: str = "", body: str | None = None) -> None:
        """Run page code, after any page load in progress; a failed patch asks a full render."""
        if self.closed:
            return
        if self.loading:
            self._queued.append(_Queued(script, kind, body))
            return
        if not kind:
            self.page.run_script(script, None)
            return

        def done(result: object) -> None:
            if result != "ok":
                log.info("preview out of step with the text (%r): full render", result)
                if self._dom_body is body:
                    self._dom_body = None
                self._fast_body = None
                self._full_wanted_reload = True
                self.request_full()
                return
            self.page.page_updated(kind)

        self.page.run_script(script, done)

    # -- helpers ----------------------------------------------------------------------------
    def _make_context(self) -> RenderContext:
        metadata = self.doc.metadata if self.doc is not None else {}
        return RenderContext(
            site=self.site, post_path=self.path, metadata=metadata, options=self.options
        )

    def _set_status(self, message: str) -> None:
        if message != self.status:
            self.status = message
            self.page.show_status(message)
