"""The preview's own URL scheme, request blocking and navigation policy.

A post is untrusted content: it may carry scripts, remote images that track the reader, or links
that point at ``file:`` URLs. The preview therefore loads its page from memory through a
``postedit:`` scheme (which also avoids ``setHtml``'s 2 MB limit), serves site files only from
inside the site folder, blocks every other request unless the writer allowed remote content, and
hands ordinary links to the system browser instead of navigating.
"""

from __future__ import annotations

import logging
import mimetypes
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

log = logging.getLogger(__name__)

SCHEME = "postedit"
SCHEME_BYTES = SCHEME.encode()
PAGE_HOST = "page"
APP_HOST = "app"
SITE_HOST = "site"
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
# Without a lookup in ``mimetypes``, whose first use reads the system's type tables (7-8 ms of
# the first page's time): what a post's page usually asks for.
_EXTRA_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".ico": "image/x-icon",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
}


def register_url_scheme() -> None:
    """Declare ``postedit:`` to QtWebEngine; it must happen before QApplication exists."""
    if QWebEngineUrlScheme.schemeByName(SCHEME_BYTES).name() == SCHEME_BYTES:
        return
    if QCoreApplication.instance() is not None:
        log.error("the preview scheme must be registered before QApplication is created")
        return
    scheme = QWebEngineUrlScheme(SCHEME_BYTES)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.CorsEnabled
        | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored
    )
    QWebEngineUrlScheme.registerScheme(scheme)


def resolve_under_root(root: Path | None, encoded_path: str) -> Path | None:
    """The file a ``postedit://site/...`` path names, or None unless it is a file inside ``root``.

    The path is percent-decoded once (so ``%2e%2e`` is ``..``), then resolved with symlinks
    followed, and refused when the result leaves the root: this is what keeps a post's
    ``![](../../../etc/passwd)`` from being served.
    """
    if root is None:
        return None
    decoded = urllib.parse.unquote(encoded_path)
    if "\x00" in decoded:
        return None
    relative = decoded.lstrip("/")
    try:
        real_root = root.resolve(strict=True)
        target = (real_root / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if target != real_root and real_root not in target.parents:
        return None
    return target if target.is_file() else None


def mime_type(path: Path) -> bytes:
    """The Content-Type for a served file; browsers refuse CSS served with the wrong one."""
    suffix = path.suffix.lower()
    guessed = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
    return (guessed or "application/octet-stream").encode()


class PreviewSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the current page from memory, app resources and confined site files."""

    def __init__(self, app_root: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app_root = app_root
        self._site_root: Path | None = None
        self._pages: dict[str, bytes] = {}
        self.served: list[str] = []
        self.refused: list[str] = []

    def set_site_root(self, root: Path | None) -> None:
        """The folder whose files ``postedit://site/`` may serve (None: none)."""
        self._site_root = root

    def set_page(self, name: str, html: str) -> None:
        """Keep only the newest page: older ones are never requested again."""
        self._pages = {name: html.encode("utf-8")}

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        host = url.host()
        path = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
        self.served.append(url.toString())
        if host == PAGE_HOST:
            data = self._pages.get(path.lstrip("/"))
            if data is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            self._reply(job, b"text/html; charset=utf-8", data)
            return
        root = {APP_HOST: self._app_root, SITE_HOST: self._site_root}.get(host)
        target = resolve_under_root(root, path)
        if target is None:
            log.info("preview refused %s", url.toString())
            self.refused.append(url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        try:
            data = target.read_bytes()
        except OSError:
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        self._reply(job, mime_type(target), data)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, content_type: bytes, data: bytes) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(content_type), buffer)


class RequestBlocker(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave ``postedit:`` unless remote content is allowed.

    ``log`` records (url, blocked) for every request seen, so tests can prove nothing left.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_remote = False
        self.log: list[tuple[str, bool]] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        scheme = url.scheme()
        allowed = scheme == SCHEME or (self.allow_remote and scheme in ("http", "https"))
        if not allowed:
            info.block(True)
        self.log.append((url.toString(), not allowed))


class PreviewPage(QWebEnginePage):
    """Accepts only our own navigation; links go to the system browser; no new windows."""

    def __init__(
        self,
        profile: QWebEngineProfile,
        parent: QObject | None = None,
        open_external: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__(profile, parent)
        self._open_external = open_external or QDesktopServices.openUrl
        self.refused: list[str] = []
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        scheme = url.scheme()
        here = self.url()
        if url.hasFragment() and (url.scheme(), url.host(), url.path(), url.query()) == (
            here.scheme(),
            here.host(),
            here.path(),
            here.query(),
        ):
            return True  # a footnote or table-of-contents link within the page
        if scheme == SCHEME and url.host() == PAGE_HOST:
            typed = navigation_type == QWebEnginePage.NavigationType.NavigationTypeTyped
            return typed or not is_main_frame
        if scheme in EXTERNAL_SCHEMES and (
            navigation_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        ):
            self._open_external(url)
            return False
        log.info("preview refused navigation to %s", url.toString())
        self.refused.append(url.toString())
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        return None  # type: ignore[return-value]  # no pop-ups: Qt accepts None

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:
        log.debug("preview console: %s", message)


def make_profile(parent: QObject | None, handler: PreviewSchemeHandler, blocker: RequestBlocker):
    """An off-the-record profile for the preview: no disk cache, no cookies, our handlers."""
    profile = QWebEngineProfile(parent)
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.installUrlSchemeHandler(SCHEME_BYTES, handler)
    profile.setUrlRequestInterceptor(blocker)
    return profile
