"""The preview's web page, made before the window so the browser engine starts early.

Most of a bare web view's start is the browser engine's: its first profile (about 60 ms on
the UI thread here), then the GPU and page processes it launches. ``start_early`` makes the
preview's profile and page right after QApplication and loads an empty page, so those
processes start while the window's own modules are imported and built; the ``PreviewView``
made afterwards adopts them (``take_early``). Without ``start_early`` (tests, a second
window) the view makes its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineScript

from editor.core.paths import resources_dir
from editor.ui.preview_scheme import (
    PAGE_HOST,
    SCHEME,
    PreviewPage,
    PreviewSchemeHandler,
    RequestBlocker,
    make_profile,
)

APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
WARM_PAGE = "0.html"  # the page views number theirs from 1
WARM_HTML = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>"
_runtime_source: str | None = None


def runtime_source() -> str:
    """The page runtime's code (``resources/preview/runtime.js``), read once."""
    global _runtime_source
    if _runtime_source is None:
        path = resources_dir() / "preview" / "runtime.js"
        _runtime_source = path.read_text(encoding="utf-8")
    return _runtime_source


def runtime_script() -> QWebEngineScript:
    """The page runtime, run once per page as the document is ready, in the application world."""
    script = QWebEngineScript()
    script.setName("post-editor-runtime")
    script.setSourceCode(runtime_source())
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(APP_WORLD)
    script.setRunsOnSubFrames(False)
    return script


def app_root() -> Path | None:
    try:
        return resources_dir()
    except FileNotFoundError:
        return None


@dataclass
class PreviewParts:
    """What a preview view is made of, besides its widgets: made together, adopted together."""

    handler: PreviewSchemeHandler
    blocker: RequestBlocker
    profile: QWebEngineProfile
    page: PreviewPage
    warming: bool = False  # the empty page of ``start_early`` is still loading
    _done: list[bool] = field(default_factory=list)


def make_parts() -> PreviewParts:
    """A scheme handler, request blocker, off-the-record profile and page with the runtime."""
    handler = PreviewSchemeHandler(app_root())
    blocker = RequestBlocker()
    # The profile must outlive its page (Qt warns otherwise): the view releases it after.
    profile = make_profile(QCoreApplication.instance(), handler, blocker)
    page = PreviewPage(profile)
    page.scripts().insert(runtime_script())
    return PreviewParts(handler, blocker, profile, page)


_early: PreviewParts | None = None


def start_early() -> None:
    """Make the preview's page now and load an empty page into it (once; needs QApplication)."""
    global _early
    if _early is not None or QCoreApplication.instance() is None:
        return
    parts = make_parts()
    parts.handler.set_page(WARM_PAGE, WARM_HTML)
    parts.page.loadFinished.connect(lambda _ok: parts._done.append(True))
    parts.page.load(QUrl(f"{SCHEME}://{PAGE_HOST}/{WARM_PAGE}"))
    _early = parts


def take_early() -> PreviewParts | None:
    """The parts ``start_early`` made (taken once), or None; ``warming`` says whether the
    empty page is still loading (its end is the view's to wait for)."""
    global _early
    parts, _early = _early, None
    if parts is not None:
        parts.warming = not parts._done
    return parts
