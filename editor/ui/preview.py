"""The live preview pane: a safe web view that follows typing by patching only what changed.

What to render and what to put into the page is decided by ``PreviewScheduler`` (no Qt, tested
without a web view); this view plugs in the page, the render worker (one process with a role
each for keystrokes and whole pages) and the timers. The page's runtime
(``resources/preview/runtime.js``) is injected once into every page it loads, in the isolated
application world (page scripts stay off), so page code sent afterwards is a short call. The
page itself is served from memory through ``postedit:``; see ``preview_scheme`` for what it
may load.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from time import monotonic

from PySide6.QtCore import QCoreApplication, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QWidget

from editor.core.frontmatter import PostDocument
from editor.core.paths import resources_dir
from editor.core.render.context import RenderOptions
from editor.core.site import Site
from editor.services.debounce import Debounce
from editor.services.preview_scheduler import (
    FULL_RENDER_PAUSE_MS,
    PreviewScheduler,
)
from editor.services.render_messages import Answer
from editor.services.render_process import FULL_WORKER_NICE, PREVIEW_ROLES, PREVIEW_WORKER
from editor.services.render_worker import RenderHost, RenderWorker
from editor.services.start_trace import mark
from editor.ui.preview_scheme import (
    PreviewPage,
    PreviewSchemeHandler,
    RequestBlocker,
    make_profile,
)

APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
SCROLL_REPORT_MS = 40
PAGE_RUNTIME = (resources_dir() / "preview" / "runtime.js").read_text(encoding="utf-8")

__all__ = ["APP_WORLD", "FULL_RENDER_PAUSE_MS", "PAGE_RUNTIME", "PreviewView"]


def runtime_script() -> QWebEngineScript:
    """The page runtime, run once per page as the document is ready, in the application world."""
    script = QWebEngineScript()
    script.setName("post-editor-runtime")
    script.setSourceCode(PAGE_RUNTIME)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(APP_WORLD)
    script.setRunsOnSubFrames(False)
    return script


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
        self._page.scripts().insert(runtime_script())
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

        self._path: Path | None = None
        self._page_serial = 0
        self._scroll_restore: QPointF | None = None
        self._ignore_scroll_until = 0
        self._fast_started = False

        # One worker process, two roles (a thread each): keystroke patches and whole pages.
        host = RenderHost(PREVIEW_WORKER, PREVIEW_ROLES, FULL_WORKER_NICE)
        self.fast = RenderWorker("fast", self, host=host)
        self.full = RenderWorker("full", self, nice=FULL_WORKER_NICE, host=host)
        self.scheduler = PreviewScheduler(
            self.fast, self.full, self, lambda ms, callback: Debounce(ms, callback, self)
        )
        self.full_debounce = self.scheduler.full_debounce
        self.fast.answered.connect(self._on_fast_answer)
        self.full.answered.connect(self._on_full_answer)
        self.fast.failed.connect(self.scheduler.fast_failed)
        self.full.failed.connect(self.scheduler.full_failed)
        self.fast.started.connect(self.scheduler.pump_fast)
        self.full.started.connect(self.scheduler.pump_full)
        self._scroll_debounce = Debounce(SCROLL_REPORT_MS, self._report_scroll, self)
        self._page.loadFinished.connect(self._on_load_finished)
        self._page.scrollPositionChanged.connect(self._on_scrolled)
        # The keystroke role is taken once the first page is shown (or typing begins).
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
    def set_document(self, doc: PostDocument | None, path: Path | None, site: Site | None) -> None:
        """Show a new post (or nothing when ``doc`` is None): a full render."""
        if self.scheduler.closed:
            return
        same_post = path is not None and path == self._path
        self._path = path
        self.handler.set_site_root(
            Path(site.root) if site is not None else (path.parent if path else None)
        )
        # The same file again (reloaded from disk) keeps its place; another post starts at the top.
        self._scroll_restore = None if same_post else QPointF(0, 0)
        self.scheduler.set_document(doc, path, site)

    def update_document(self) -> None:
        """The document changed: patch what changed now, a full render after a pause."""
        if self.scheduler.doc is None:
            return
        self._start_fast()
        self.scheduler.update_document()

    def set_options(self, options: RenderOptions) -> None:
        """New theme, site CSS or remote-content choice: re-render the whole page."""
        self.blocker.allow_remote = bool(options.allow_remote)
        self.scheduler.set_options(options)

    def refresh(self) -> None:
        """Render the post as it is now (a paused preview's only update)."""
        self.scheduler.refresh()

    def scroll_to_source_line(self, line: int) -> None:
        """Scroll so body line ``line`` is at the top (interpolating between blocks)."""
        self._ignore_scroll_until = self._now_ms() + 250
        self.run_script(f"__pe.scrollToLine({int(line)});", None)

    def status_message(self) -> str:
        """The message the preview shows about itself ('' when all is well)."""
        return self.scheduler.status

    def is_current(self) -> bool:
        """True when the page shows a full render of the document as it is now."""
        return self.scheduler.is_current()

    def shutdown(self) -> None:
        """Stop the worker process (the window is closing)."""
        if self.scheduler.closed:
            return
        self.scheduler.close()
        self._scroll_debounce.cancel()
        self.fast.stop()
        self.full.stop()

    # -- the page, as the scheduler drives it ----------------------------------------------
    def load_page(self, page_html: str) -> None:
        """Load a whole page from memory, keeping the scroll position unless told otherwise."""
        if self._scroll_restore is None:
            self._scroll_restore = self._page.scrollPosition()
        mark("page-load-asked")
        self._page_serial += 1
        name = f"{self._page_serial}.html"
        self.handler.set_page(name, page_html)
        self._page.load(QUrl(f"postedit://page/{name}"))

    def run_script(self, script: str, done: Callable[[object], None] | None) -> None:
        """Run page code in the application world, where the page runtime is."""
        if done is None:
            self._page.runJavaScript(script, APP_WORLD)
        else:
            self._page.runJavaScript(script, APP_WORLD, done)

    def show_status(self, message: str) -> None:
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

    def page_updated(self, kind: str) -> None:
        self.rendered.emit(kind)

    # -- workers and page events ------------------------------------------------------------
    def _start_fast(self) -> None:
        if not self.scheduler.closed and not self._fast_started:
            self._fast_started = True
            self.fast.start()

    def _on_fast_answer(self, answer: Answer) -> None:
        self.scheduler.fast_answered(answer)

    def _on_full_answer(self, answer: Answer) -> None:
        mark("full-answer")
        self.scheduler.full_answered(answer)

    def _on_load_finished(self, ok: bool) -> None:
        if not self.scheduler.loading:
            return
        restore = self._scroll_restore or QPointF(0, 0)
        self._scroll_restore = None
        if ok:
            self._ignore_scroll_until = self._now_ms() + 250
            self._page.runJavaScript(
                f"window.scrollTo({restore.x():.0f}, {restore.y():.0f});", APP_WORLD
            )
            self._start_fast()
        self.scheduler.page_loaded(ok)

    # -- scrolling --------------------------------------------------------------------------
    def _on_scrolled(self, _position: QPointF) -> None:
        if self._now_ms() < self._ignore_scroll_until:
            return
        self._scroll_debounce.trigger()

    def _report_scroll(self) -> None:
        if self.scheduler.closed:
            return

        def report(line: object) -> None:
            if isinstance(line, (int, float)) and line >= 1:
                self.sourceLineScrolled.emit(int(line))

        self.run_script("__pe.topLine();", report)

    @staticmethod
    def _now_ms() -> int:
        return int(monotonic() * 1000)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._status.isVisible():
            self._status.setFixedWidth(self.width())
            self._status.adjustSize()

    def closeEvent(self, event) -> None:
        # Only the workers: deleting the page inside a close would make the view build a
        # default one; shutdown() releases the page and profile.
        self.scheduler.full_debounce.cancel()
        self.fast.stop()
        self.full.stop()
        super().closeEvent(event)
