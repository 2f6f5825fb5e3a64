"""The live preview: a safe web view that follows typing by patching only what changed.

Each keystroke sends the edit (not the body) to a warm worker process, which re-renders the
chunks it touched; the answer is patched into the page from the isolated application world (page
scripts stay off). After a pause, or at once when an edit is global (footnotes, definitions, the
table of contents), a second worker renders the whole page and it replaces the article in place
(in a long post, only the groups of chunks that changed: see resources/preview/runtime.js), so
what stays on screen always equals a full render. The page itself is served from memory
through ``postedit:``; see ``preview_scheme`` for what it may load.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, Qt, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QWidget

from editor.core.paths import resources_dir
from editor.core.render.context import RenderContext, RenderOptions
from editor.core.render.incremental import common_edit
from editor.services.debounce import Debounce
from editor.services.render_process import FULL_WORKER_NICE, PAGE_RUNTIME
from editor.services.render_worker import RenderWorker
from editor.ui.preview_scheme import (
    PreviewPage,
    PreviewSchemeHandler,
    RequestBlocker,
    make_profile,
)

log = logging.getLogger(__name__)

APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
FULL_RENDER_PAUSE_MS = 400
GLOBAL_EDIT_DELAY_MS = 30
SCROLL_REPORT_MS = 40
TIME_LIMIT_MS = 2000
# A full render of a long post legitimately takes a while (about 3 s per MB here): its limit
# grows with the text, while pathological input (``[`` x 20,000 is 20 KB) still stops at ~2 s.
FULL_LIMIT_MS_PER_CHAR = 0.02
EDIT_LIMIT_MS_PER_CHAR = 0.005
# Indexes the chunk markers and fixes the text direction right after a page or full render, so
# the first keystroke does not pay for it.
WARM_SCRIPT = f"{PAGE_RUNTIME}__pe.warm();"
EMPTY_PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>"


class PreviewView(QWebEngineView):
    """The preview pane (objectName ``preview``).

    ``rendered(str)`` is emitted once a change is in the page: ``"page"`` after a page load,
    ``"full"`` after a full render replaced the article in place, ``"patch"`` after chunks were
    patched. ``sourceLineScrolled(int)`` reports the body line at the top when the writer
    scrolls the preview.
    """

    rendered = Signal(str)
    sourceLineScrolled = Signal(int)
    statusChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.handler = PreviewSchemeHandler(self._app_root(), self)
        self.blocker = RequestBlocker(self)
        # The profile must outlive its page (Qt warns otherwise): see the end of __init__.
        self._profile = make_profile(QCoreApplication.instance(), self.handler, self.blocker)
        self._page = PreviewPage(self._profile, self)
        self.setPage(self._page)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._status = QLabel(self)
        self._status.setObjectName("previewStatus")
        self._status.setWordWrap(True)
        self._status.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; padding: 6px 10px;"
            " border-bottom: 1px solid #e0c36a; }"
        )
        self._status.hide()
        self._status_text = ""

        self._doc: Any = None
        self._path: Path | None = None
        self._site: Any = None
        self._options = RenderOptions()
        self._ctx = RenderContext(options=self._options)
        self._front_matter = ""
        self._serial = 0
        self._page_serial = 0
        self._dom_body: str | None = None
        self._fast_body: str | None = None
        self._fast_ctx_dirty = False
        self._sent: dict[int, tuple[str | None, str]] = {}
        self._full_sent: dict[int, tuple[str, bool]] = {}
        self._full_wanted_reload = False
        self._head_key: str | None = None
        self._loading = False
        self._queued: list[tuple[str, str, str | None]] = []
        self._scroll_restore: QPointF | None = None
        self._ignore_scroll_until = 0
        self._closed = False
        self._fast_started = False

        self.fast = RenderWorker("fast", self)
        self.full = RenderWorker("full", self, nice=FULL_WORKER_NICE)
        self.fast.answered.connect(self._on_fast_answer)
        self.full.answered.connect(self._on_full_answer)
        self.fast.failed.connect(self._on_fast_failed)
        self.full.failed.connect(self._on_full_failed)
        self.fast.started.connect(self._pump_fast)
        self.full.started.connect(self._pump_full)
        self.full_debounce = Debounce(FULL_RENDER_PAUSE_MS, self._request_full, self)
        self._full_due = False
        self._dom_is_full = False
        self._scroll_debounce = Debounce(SCROLL_REPORT_MS, self._report_scroll, self)
        self._page.loadFinished.connect(self._on_load_finished)
        self._page.scrollPositionChanged.connect(self._on_scrolled)
        # The keystroke worker starts once the first page is shown (or typing begins): at launch
        # the two cores belong to the browser engine and the first page's render.
        self.full.start()
        # Chromium releases a page's contents a moment after the page object goes, so the
        # profile is released one event-loop turn after its page.
        self._page.destroyed.connect(self._profile.deleteLater)

    @staticmethod
    def _app_root() -> Path | None:
        try:
            return resources_dir()
        except FileNotFoundError:
            return None

    # -- public API -------------------------------------------------------------------------
    def set_document(self, doc: Any, path: Path | None, site: Any) -> None:
        """Show a new post (or nothing when ``doc`` is None): a full render."""
        if self._closed:
            return
        same_post = path is not None and path == self._path
        self._doc, self._path, self._site = doc, path, site
        self._front_matter = doc.front_matter_text if doc is not None else ""
        self.handler.set_site_root(
            Path(site.root) if site is not None else (path.parent if path else None)
        )
        self._ctx = self._make_context()
        self._dom_body = None
        self._fast_body = None
        self._sent.clear()
        self._full_sent.clear()
        self._queued.clear()
        # The same file again (reloaded from disk) keeps its place; another post starts at the top.
        self._scroll_restore = None if same_post else QPointF(0, 0)
        self._set_status("")
        self.full_debounce.cancel()
        self._full_wanted_reload = True
        self._request_full()

    def update_document(self) -> None:
        """The document changed: patch what changed now, a full render after a pause."""
        if self._doc is None:
            return
        self._start_fast()
        front_matter = self._doc.front_matter_text
        if front_matter != self._front_matter:
            self._front_matter = front_matter
            self._ctx = self._make_context()
            self._fast_ctx_dirty = True
            self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS * 5)
        else:
            self.full_debounce.trigger()
        self._pump_fast()

    def set_options(self, options: RenderOptions) -> None:
        """New theme, site CSS or remote-content choice: re-render the whole page."""
        self._options = options
        self.blocker.allow_remote = bool(options.allow_remote)
        self._ctx = self._make_context()
        self._fast_ctx_dirty = True
        if self._doc is not None:
            self._full_wanted_reload = True
            self.full_debounce.cancel()
            self._request_full()

    def scroll_to_source_line(self, line: int) -> None:
        """Scroll so body line ``line`` is at the top (interpolating between blocks)."""
        self._ignore_scroll_until = self._now_ms() + 250
        self._run(f"{PAGE_RUNTIME}__pe.scrollToLine({int(line)});")

    def status_message(self) -> str:
        """The message the preview shows about itself ('' when all is well)."""
        return self._status_text

    def is_current(self) -> bool:
        """True when the page shows a full render of the document as it is now."""
        return (
            self._doc is not None
            and self._dom_is_full
            and not self._full_due
            and not self._full_sent
            and not self.full_debounce.is_pending()
            and not self._loading
            and self._dom_body is not None
            and self._dom_body == self._doc.body
        )

    def shutdown(self) -> None:
        """Stop the worker processes (the window is closing)."""
        if self._closed:
            return
        self._closed = True
        self.full_debounce.cancel()
        self._scroll_debounce.cancel()
        self.fast.stop()
        self.full.stop()

    # -- fast path --------------------------------------------------------------------------
    def _start_fast(self) -> None:
        if not self._closed and not self._fast_started:
            self._fast_started = True
            self.fast.start()

    def _pump_fast(self) -> None:
        if self._closed or self._doc is None or not self.fast.ready:
            return
        if self._dom_body is None:
            return
        if self._fast_body is None or (
            self._fast_body is not self._dom_body and self._fast_body != self._dom_body
        ):
            if self._sent:
                return
            self._serial += 1
            self.fast.time_limit_ms = TIME_LIMIT_MS + len(self._dom_body) * FULL_LIMIT_MS_PER_CHAR
            if self.fast.request(("reset", self._serial, self._dom_body, self._ctx)):
                self._sent[self._serial] = (None, self._dom_body)
                self._fast_body = self._dom_body
                self._fast_ctx_dirty = False
            return
        latest = self._doc.body
        if latest == self._fast_body:
            return
        start, end, text = common_edit(self._fast_body, latest)
        ctx = self._ctx if self._fast_ctx_dirty else None
        self._serial += 1
        # An edit that opens a fence can turn the rest of a long post into one chunk.
        self.fast.time_limit_ms = TIME_LIMIT_MS + len(latest) * EDIT_LIMIT_MS_PER_CHAR
        if self.fast.request(("edit", self._serial, start, end, text, ctx)):
            self._sent[self._serial] = (self._fast_body, latest)
            self._fast_body = latest
            self._fast_ctx_dirty = False

    def _on_fast_answer(self, answer: tuple) -> None:
        kind, serial = answer[0], answer[1]
        base, new = self._sent.pop(serial, (None, ""))
        if kind == "patch":
            script, reasons = answer[2], answer[3]
            if base is not None and self._dom_body is not None and base == self._dom_body:
                self._dom_body = new
                self._dom_is_full = False
                self._run(script, "patch", new)
                if reasons:
                    log.debug("global edit (%s): full render soon", ", ".join(reasons))
                    self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS)
            else:
                self._fast_body = None
        elif kind == "error":
            log.info("chunk render failed: %s", answer[2])
            self._fast_body = None
            self.full_debounce.trigger(GLOBAL_EDIT_DELAY_MS)
        self._pump_fast()

    def _on_fast_failed(self, why: str) -> None:
        self._sent.clear()
        self._fast_body = None
        self._set_status(f"Preview paused: {why}. Typing is not affected.")

    # -- full renders -----------------------------------------------------------------------
    def _request_full(self) -> None:
        self._full_due = True
        self._pump_full()

    def _pump_full(self) -> None:
        if self._closed or not self.full.ready or not self._full_due:
            return
        if self._doc is None:
            self._full_due = False
            self._load_page(EMPTY_PAGE, "", "")
            return
        body = self._doc.body
        self._serial += 1
        self.full.time_limit_ms = TIME_LIMIT_MS + len(body) * FULL_LIMIT_MS_PER_CHAR
        if self.full.request(("full", self._serial, body, self._ctx)):
            self._full_sent[self._serial] = (body, self._full_wanted_reload)
            self._full_wanted_reload = False
            self._full_due = False

    def _on_full_answer(self, answer: tuple) -> None:
        kind, serial = answer[0], answer[1]
        if serial not in self._full_sent:
            self._pump_full()  # an answer about a post no longer shown
            return
        body, reload = self._full_sent.pop(serial)
        if self._doc is None:
            return
        if kind == "error":
            self._set_status(f"Preview could not render this post: {answer[2]}")
            return
        if kind != "page":
            return
        current = self._doc.body
        if body != current and self._dom_body is not None:
            self._pump_full()
            return
        self._set_status("")
        page_html, article_js, head_key = answer[2], answer[3], answer[4]
        if reload or self._loading or head_key != self._head_key or self._dom_body is None:
            self._load_page(page_html, head_key, body)
        else:
            self._dom_body = body
            self._dom_is_full = True
            self._run(article_js, "full", body)
            self._run(WARM_SCRIPT)
        self._pump_full()
        self._pump_fast()

    def _on_full_failed(self, why: str) -> None:
        self._full_sent.clear()
        self._set_status(f"Preview paused: {why}. Typing is not affected.")

    # -- the page ---------------------------------------------------------------------------
    def _load_page(self, page_html: str, head_key: str, body: str) -> None:
        if self._scroll_restore is None:
            self._scroll_restore = self._page.scrollPosition()
        self._page_serial += 1
        name = f"{self._page_serial}.html"
        self.handler.set_page(name, page_html)
        self._head_key = head_key
        self._dom_body = body
        self._dom_is_full = True
        self._loading = True
        self._queued.clear()
        self._page.load(QUrl(f"postedit://page/{name}"))

    def _on_load_finished(self, ok: bool) -> None:
        if not self._loading:
            return
        self._loading = False
        restore = self._scroll_restore or QPointF(0, 0)
        self._scroll_restore = None
        if not ok:
            log.warning("the preview page did not load")
            self._dom_body = None
            return
        self._ignore_scroll_until = self._now_ms() + 250
        self._page.runJavaScript(
            f"window.scrollTo({restore.x():.0f}, {restore.y():.0f});", APP_WORLD
        )
        self._page.runJavaScript(WARM_SCRIPT, APP_WORLD)
        self._start_fast()
        queued, self._queued = self._queued, []
        self.rendered.emit("page")
        for script, kind, body in queued:
            self._run(script, kind, body)
        self._pump_fast()

    def _run(self, script: str, kind: str = "", body: str | None = None) -> None:
        """Run page code in the application world, after any page load in progress."""
        if self._closed:
            return
        if self._loading:
            self._queued.append((script, kind, body))
            return
        if not kind:
            self._page.runJavaScript(script, APP_WORLD)
            return

        def done(result: object) -> None:
            if result != "ok":
                log.info("preview out of step with the text (%r): full render", result)
                if self._dom_body is body:
                    self._dom_body = None
                self._fast_body = None
                self._full_wanted_reload = True
                self._request_full()
                return
            self.rendered.emit(kind)

        self._page.runJavaScript(script, APP_WORLD, done)

    # -- scrolling --------------------------------------------------------------------------
    def _on_scrolled(self, _position: QPointF) -> None:
        if self._now_ms() < self._ignore_scroll_until:
            return
        self._scroll_debounce.trigger()

    def _report_scroll(self) -> None:
        if self._closed:
            return

        def report(line: object) -> None:
            if isinstance(line, (int, float)) and line >= 1:
                self.sourceLineScrolled.emit(int(line))

        self._page.runJavaScript(f"{PAGE_RUNTIME}__pe.topLine();", APP_WORLD, report)

    @staticmethod
    def _now_ms() -> int:
        from time import monotonic

        return int(monotonic() * 1000)

    # -- helpers ----------------------------------------------------------------------------
    def _make_context(self) -> RenderContext:
        metadata = self._doc.metadata if self._doc is not None else {}
        return RenderContext(
            site=self._site, post_path=self._path, metadata=metadata, options=self._options
        )

    def _set_status(self, message: str) -> None:
        if message == self._status_text:
            return
        self._status_text = message
        if message:
            self._status.setText(message)
            self._status.setFixedWidth(self.width())
            self._status.adjustSize()
            self._status.move(0, 0)
            self._status.show()
            self._status.raise_()
        else:
            self._status.hide()
        self.statusChanged.emit(message)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._status.isVisible():
            self._status.setFixedWidth(self.width())
            self._status.adjustSize()

    def closeEvent(self, event) -> None:
        # Only the workers: deleting the page inside a close would make the view build a
        # default one; shutdown() releases the page and profile.
        self.full_debounce.cancel()
        self.fast.stop()
        self.full.stop()
        super().closeEvent(event)
