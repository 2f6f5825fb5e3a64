"""Runs the checks away from the UI thread: the open post after a pause in typing, and the
whole site on request (with progress, cancellable).

The UI thread only takes the document's text as its parts (the front matter joined, the body
string itself); everything else (the snapshot, loading the checks themselves, learning the
site's schema, reading other posts, the rules) runs on one worker thread, one job at a time.
A post of ``CHECK_ON_REQUEST_FROM`` characters or more (where the live preview pauses too) is
checked only when asked: its check holds the interpreter for seconds. Jobs hold plain Python
values only and answer through ``editor.services.background``, so a job still running when the
window goes away is harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from editor.core.frontmatter import PostDocument
from editor.core.site import Site
from editor.services.background import SerialWorker, ui_callback
from editor.services.debounce import Debounce
from editor.services.preview_scheduler import LIVE_PREVIEW_LIMIT

if TYPE_CHECKING:
    from editor.core.checks import Finding, SiteContext

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 700
CHECK_ON_REQUEST_FROM = LIVE_PREVIEW_LIMIT


class _Contexts:
    """What the worker knows about each site (plain Python, shared under a lock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._contexts: dict[Path, SiteContext] = {}
        self._saved: list[Path] = []

    def refresh(self, path: Path) -> None:
        with self._lock:
            self._saved.append(Path(path))

    def clear(self) -> None:
        with self._lock:
            self._contexts.clear()
            self._saved.clear()

    def get(self, root: Path | None) -> SiteContext:
        """Built on the worker thread from a Site of its own (the window's is not shared)."""
        with self._lock:
            ctx = self._contexts.get(root) if root is not None else None
            saved, self._saved = self._saved, []
        if ctx is not None:
            for path in saved:
                ctx.refresh(path)
            return ctx
        from editor.core.checks import SiteContext

        ctx = SiteContext.build(Site.open(root) if root is not None else None)
        if root is not None:
            with self._lock:
                self._contexts[root] = ctx
        return ctx


class ChecksRunner(QObject):
    """``postChecked(path, findings)`` for the open post; ``siteProgress(done, total)`` and
    ``siteChecked(results)`` for a site-wide run."""

    postChecked = Signal(object, object)
    # The open post is too long to check as the writer types: it waits for ``check_now``.
    onRequest = Signal(object)
    siteProgress = Signal(int, int)
    siteChecked = Signal(object)

    def __init__(self, parent: QObject | None = None, delay_ms: int = CHECK_DELAY_MS) -> None:
        super().__init__(parent)
        self._worker = SerialWorker("checks")
        self._contexts = _Contexts()
        self._source: tuple[PostDocument, Path | None, Path | None] | None = None
        self._ticket = 0
        self._site_ticket = -1
        self._cancel = threading.Event()
        self._done = ui_callback(self._on_done)
        self._progress = ui_callback(self._on_progress)
        self._pending: dict[int, Path | None] = {}
        self.debounce = Debounce(delay_ms, self._start_post, self)

    def _submit(self, work: Callable[[], Any]) -> None:
        ticket, done = self._ticket, self._done

        def job() -> None:
            try:
                result = work()
            except Exception:  # a broken rule must not take the window down
                log.exception("the checks failed")
                result = None
            done(ticket, result)

        self._worker.submit(job)

    # -- the open post ------------------------------------------------------------------------
    def schedule(
        self,
        document: PostDocument | None,
        path: Path | None,
        site: Site | None,
        *,
        now=False,
        requested=False,
    ) -> None:
        """Check this post once typing pauses (``now``: on the next event-loop turn); a post
        of ``CHECK_ON_REQUEST_FROM`` characters or more only when ``requested``."""
        if document is None:
            self._source = None
            self.debounce.cancel()
            self.postChecked.emit(None, [])
            return
        self._source = (document, path, site.root if site is not None else None)
        if not requested and self.on_request_only(document):
            self.debounce.cancel()
            self.onRequest.emit(path)
            return
        # A large post waits longer (a 1 MB post about 1.7 s), so its check, which shares
        # the interpreter with the window, rarely overlaps a burst of typing.
        delay = self.debounce.delay_ms + len(document.body) // 1000
        self.debounce.trigger(0 if now else delay)

    @staticmethod
    def on_request_only(document: PostDocument) -> bool:
        return len(document.text_parts()[1]) >= CHECK_ON_REQUEST_FROM

    def _start_post(self) -> None:
        if self._source is None or self._worker.closed:
            return
        document, path, root = self._source
        # Strings are immutable: the parts stay as they are now whatever the writer does next.
        head, body = document.text_parts()
        fmt = document.format
        self._ticket += 1
        self._pending[self._ticket] = path
        contexts = self._contexts

        def work() -> list[Finding]:
            from editor.core.checks import check_document  # loaded here, off the UI thread

            snapshot = PostDocument.from_text(head + body, fmt)
            return check_document(snapshot, path, contexts.get(root))

        self._submit(work)

    def refresh(self, path: Path) -> None:
        """A post was saved: its address is taken again before the next check."""
        self._contexts.refresh(path)

    def invalidate(self) -> None:
        """Forget what is known about sites (a post was saved, the schema file changed)."""
        self._contexts.clear()

    # -- the whole site -----------------------------------------------------------------------
    def check_site(self, site: Site) -> None:
        if self._worker.closed:
            return
        root = site.root
        self._cancel = cancel = threading.Event()
        self._ticket += 1
        self._site_ticket = self._ticket
        contexts, report = self._contexts, self._progress

        def progress(done: int, total: int) -> bool:
            report(done, total)
            return not cancel.is_set()

        def work() -> dict[Path, list[Finding]]:
            from editor.core.checks import check_site

            contexts.clear()
            return check_site(contexts.get(root), progress=progress)

        self._submit(work)

    def cancel_site(self) -> None:
        self._cancel.set()

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the jobs submitted so far (tests, and the window before it closes)."""
        return self._worker.wait(msecs / 1000)

    def shutdown(self, msecs: int = 10_000) -> bool:
        """No new job from now on; cancel a site run and wait for the current job."""
        self.debounce.cancel()
        self.cancel_site()
        self._worker.close()
        return self.wait(msecs)

    def _on_progress(self, done: int, total: int) -> None:
        self.siteProgress.emit(done, total)

    def _on_done(self, ticket: int, result: Any) -> None:
        if ticket == self._site_ticket:
            self._site_ticket = -1
            self.siteChecked.emit(result if result is not None else {})
            return
        path = self._pending.pop(ticket, None)
        if ticket == self._ticket or not self._pending:
            self.postChecked.emit(path, result if result is not None else [])
