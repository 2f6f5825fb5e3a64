"""Runs the checks away from the UI thread: the open post after a pause in typing, and the
whole site on request (with progress, cancellable).

The document is copied on the UI thread (one string join); everything else (loading the
checks themselves, learning the site's schema, reading other posts, the rules) runs on one
worker thread, one job at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from editor.core.frontmatter import PostDocument
from editor.core.site import Site
from editor.services.debounce import Debounce

if TYPE_CHECKING:
    from editor.core.checks import Finding, SiteContext

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 700


class _Relay(QObject):
    """Carries a job's result back to the UI thread (queued across threads)."""

    done = Signal(int, object)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, ticket: int) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._ticket = ticket

    def run(self) -> None:
        try:
            result = self._work()
        except Exception:  # a broken rule must not take the window down
            log.exception("the checks failed")
            result = None
        self._relay.done.emit(self._ticket, result)


class ChecksRunner(QObject):
    """``postChecked(path, findings)`` for the open post; ``siteProgress(done, total)`` and
    ``siteChecked(results)`` for a site-wide run."""

    postChecked = Signal(object, object)
    siteProgress = Signal(int, int)
    siteChecked = Signal(object)

    def __init__(self, parent: QObject | None = None, delay_ms: int = CHECK_DELAY_MS) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._contexts: dict[Path, SiteContext] = {}
        self._lock = threading.Lock()
        self._source: tuple[PostDocument, Path | None, Path | None] | None = None
        self._ticket = 0
        self._site_ticket = -1
        self._cancel = threading.Event()
        # No Qt parent: each job holds the relay too, so a job still running when the window
        # goes away emits on a live object (Qt drops the queued call to the deleted runner).
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self._relay.progress.connect(self.siteProgress)
        self._pending: dict[int, Path | None] = {}
        self._saved: list[Path] = []
        self.debounce = Debounce(delay_ms, self._start_post, self)

    # -- the open post ------------------------------------------------------------------------
    def schedule(
        self, document: PostDocument | None, path: Path | None, site: Site | None, *, now=False
    ) -> None:
        """Check this post once typing pauses (``now``: on the next event-loop turn)."""
        if document is None:
            self._source = None
            self.debounce.cancel()
            self.postChecked.emit(None, [])
            return
        self._source = (document, path, site.root if site is not None else None)
        # A large post waits longer (a 1 MB post about 1.7 s), so its check, which shares
        # the interpreter with the window, rarely overlaps a burst of typing.
        delay = self.debounce.delay_ms + len(document.body) // 1000
        self.debounce.trigger(0 if now else delay)

    def _start_post(self) -> None:
        if self._source is None:
            return
        document, path, root = self._source
        snapshot = PostDocument.from_text(document.text(), document.format)
        self._ticket += 1
        self._pending[self._ticket] = path

        def work() -> list[Finding]:
            from editor.core.checks import check_document  # loaded here, off the UI thread

            return check_document(snapshot, path, self._context(root))

        self._pool.start(_Job(work, self._relay, self._ticket))

    def refresh(self, path: Path) -> None:
        """A post was saved: its address is taken again before the next check."""
        with self._lock:
            self._saved.append(Path(path))

    def invalidate(self) -> None:
        """Forget what is known about sites (a post was saved, the schema file changed)."""
        with self._lock:
            self._contexts.clear()
            self._saved.clear()

    def _context(self, root: Path | None) -> SiteContext:
        """Built on the worker thread from a Site of its own (the window's is not shared)."""
        with self._lock:
            ctx = self._contexts.get(root) if root is not None else None
            saved, self._saved = self._saved, []
        if ctx is not None:
            for path in saved:
                ctx.refresh(path)
        else:
            from editor.core.checks import SiteContext

            ctx = SiteContext.build(Site.open(root) if root is not None else None)
            if root is not None:
                with self._lock:
                    self._contexts[root] = ctx
        return ctx

    # -- the whole site -----------------------------------------------------------------------
    def check_site(self, site: Site) -> None:
        root = site.root
        self._cancel.clear()
        self._ticket += 1
        self._site_ticket = self._ticket

        def progress(done: int, total: int) -> bool:
            self._relay.progress.emit(done, total)
            return not self._cancel.is_set()

        def work() -> dict[Path, list[Finding]]:
            from editor.core.checks import check_site

            self.invalidate()
            return check_site(self._context(root), progress=progress)

        self._pool.start(_Job(work, self._relay, self._ticket))

    def cancel_site(self) -> None:
        self._cancel.set()

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the running job (tests, and the window before it closes)."""
        return self._pool.waitForDone(msecs)

    def _on_done(self, ticket: int, result: Any) -> None:
        if ticket == self._site_ticket:
            self._site_ticket = -1
            self.siteChecked.emit(result if result is not None else {})
            return
        path = self._pending.pop(ticket, None)
        if ticket == self._ticket or not self._pending:
            self.postChecked.emit(path, result if result is not None else [])
