"""The preview is safe: no post script runs, no request leaves postedit:, no file escapes.

The raw-page test loads hostile HTML straight into a real PreviewView's page (skipping the
sanitiser), so it proves the view's own defences: page JavaScript off, the request interceptor
and the navigation policy. The Markdown test goes through the whole pipeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage

from editor.ui.preview import PreviewView
from editor.ui.preview_scheme import (
    PreviewPage,
    mime_type,
    resolve_under_root,
)
from tests.ui.preview_support import js, show

HOSTILE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Safe title</title>
<script>document.title = 'owned by script';</script>
<link rel="stylesheet" href="https://tracker.example/style.css">
<style>body { background: url(https://tracker.example/bg.png); }</style>
</head><body onload="document.title='owned by onload'">
<div id="post-body">
<p>Hello</p>
<img src="https://tracker.example/pixel.png">
<img src="http://tracker.example/plain.png">
<img src="x" onerror="document.title='owned by onerror'">
<iframe src="https://tracker.example/frame"></iframe>
<a id="file-link" href="file:///etc/passwd">passwd</a>
<a id="js-link" href="javascript:document.title='owned by link'">js</a>
<img src="postedit://site/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
<!--pe-end--></div>
<script>document.title = 'owned by late script';</script>
</body></html>"""

HOSTILE_MARKDOWN = """# Hostile

<script>document.title = 'owned by script';</script>

<img src="x" onerror="document.title='owned'"> ![remote](https://tracker.example/a.png)

<iframe src="https://tracker.example/frame"></iframe>

<style>p { background: url(https://tracker.example/bg.png) }</style>

[click](javascript:alert(1)) [local](file:///etc/passwd) ![up](../../../../etc/passwd)

Paragraph{: onclick="document.title='owned'"}
"""


def left_our_scheme(view: PreviewView) -> list[str]:
    return [
        url
        for url, blocked in view.blocker.log
        if not blocked and ":" in url and not url.startswith("postedit:")
    ]


def test_hostile_page_runs_no_script_and_sends_no_request(qtbot, preview) -> None:
    preview.handler.set_page("hostile.html", HOSTILE_HTML)
    with qtbot.waitSignal(preview.page().loadFinished, timeout=20000):
        preview.page().load(QUrl("postedit://page/hostile.html"))
    qtbot.wait(300)
    assert js(qtbot, preview, "document.title") == "Safe title"
    assert js(qtbot, preview, "document.getElementById('post-body') !== null") is True
    assert left_our_scheme(preview) == []
    blocked = {url for url, was_blocked in preview.blocker.log if was_blocked}
    assert "https://tracker.example/pixel.png" in blocked
    assert "https://tracker.example/style.css" in blocked
    js(
        qtbot,
        preview,
        "document.getElementById('js-link').click(); "
        "document.getElementById('file-link').click(); 1",
    )
    qtbot.wait(300)
    assert js(qtbot, preview, "document.title") == "Safe title"
    assert preview.page().url().toString() == "postedit://page/hostile.html"


def test_hostile_markdown_through_the_pipeline_is_inert(qtbot, preview) -> None:
    show(qtbot, preview, HOSTILE_MARKDOWN)
    qtbot.wait(300)
    title = js(qtbot, preview, "document.title")
    assert "owned" not in title
    assert js(qtbot, preview, "document.querySelectorAll('#post-body script').length") == 0
    assert js(qtbot, preview, "document.querySelectorAll('iframe').length") == 0
    assert left_our_scheme(preview) == []


def test_remote_content_passes_only_when_allowed(qtbot, preview) -> None:
    from editor.core.render.context import RenderOptions

    preview.set_options(RenderOptions(allow_remote=True))
    assert preview.blocker.allow_remote is True
    preview.set_options(RenderOptions(allow_remote=False))
    assert preview.blocker.allow_remote is False


class FakeInfo:
    """Stands in for QWebEngineUrlRequestInfo so the interceptor's rule is checked directly."""

    def __init__(self, url: str) -> None:
        self.url = QUrl(url)
        self.blocked = False

    def requestUrl(self) -> QUrl:
        return self.url

    def block(self, value: bool) -> None:
        self.blocked = value


@pytest.mark.parametrize(
    ("url", "allow_remote", "blocked"),
    [
        ("postedit://site/a.png", False, False),
        ("https://example.com/a.png", False, True),
        ("https://example.com/a.png", True, False),
        ("file:///etc/passwd", True, True),
        ("data:text/html,hi", False, True),
    ],
)
def test_interceptor_rule(qtbot, preview, url: str, allow_remote: bool, blocked: bool) -> None:
    preview.blocker.allow_remote = allow_remote
    info = FakeInfo(url)
    preview.blocker.interceptRequest(info)
    assert info.blocked is blocked


def test_navigation_policy(qtbot, preview, monkeypatch) -> None:
    opened: list[str] = []
    page = preview.page()
    assert isinstance(page, PreviewPage)
    monkeypatch.setattr(page, "_open_external", lambda url: opened.append(url.toString()))
    link = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    assert page.acceptNavigationRequest(QUrl("file:///etc/passwd"), link, True) is False
    assert page.acceptNavigationRequest(QUrl("javascript:alert(1)"), link, True) is False
    assert page.acceptNavigationRequest(QUrl("https://example.com/x"), link, True) is False
    assert page.acceptNavigationRequest(QUrl("mailto:a@example.com"), link, True) is False
    assert page.acceptNavigationRequest(QUrl("postedit://page/1.html"), link, True) is False
    typed = QWebEnginePage.NavigationType.NavigationTypeTyped
    assert page.acceptNavigationRequest(QUrl("postedit://page/1.html"), typed, True) is True
    assert opened == ["https://example.com/x", "mailto:a@example.com"]
    assert page.refused[:2] == ["file:///etc/passwd", "javascript:alert(1)"]


def test_clicked_web_link_opens_in_the_system_browser(qtbot, preview, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "editor.ui.preview_scheme.QDesktopServices.openUrl",
        lambda url: opened.append(url.toString()) or True,
    )
    page = preview.page()
    monkeypatch.setattr(page, "_open_external", lambda url: opened.append(url.toString()))
    show(qtbot, preview, "[site](https://example.com/post)\n")
    js(qtbot, preview, "document.querySelector('#post-body a').click(); 1")
    qtbot.waitUntil(lambda: opened == ["https://example.com/post"], timeout=5000)
    assert page.url().scheme() == "postedit"
    within = QUrl(page.url())
    within.setFragment("fn:1")
    link = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    assert page.acceptNavigationRequest(within, link, True) is True
    elsewhere = QUrl("postedit://page/other.html#fn:1")
    assert page.acceptNavigationRequest(elsewhere, link, True) is False


def test_new_windows_are_never_created(qtbot, preview) -> None:
    assert preview.page().createWindow(QWebEnginePage.WebWindowType.WebBrowserTab) is None


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "assets" / "img").mkdir(parents=True)
    (root / "assets" / "img" / "a b.png").write_bytes(b"\x89PNG")
    (root / "assets" / "main.css").write_text("body{}")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, root / "assets" / "escape.txt")
    os.symlink(root / "assets" / "main.css", root / "inside-link.css")
    return root


def test_resolution_serves_files_inside_the_root(site: Path) -> None:
    assert (
        resolve_under_root(site, "/assets/img/a%20b.png")
        == (site / "assets" / "img" / "a b.png").resolve()
    )
    assert resolve_under_root(site, "/inside-link.css") == (site / "assets" / "main.css").resolve()


@pytest.mark.parametrize(
    "path",
    [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2E%2E/%2E%2E/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/escape.txt",
        "/assets",
        "/missing.png",
        "/assets/main.css%00.png",
        "",
    ],
)
def test_resolution_refuses_anything_outside_or_not_a_file(site: Path, path: str) -> None:
    assert resolve_under_root(site, path) is None


def test_resolution_without_a_root_serves_nothing() -> None:
    assert resolve_under_root(None, "/etc/passwd") is None


def test_mime_types_are_right_for_css_and_images() -> None:
    assert mime_type(Path("a.css")) == b"text/css"
    assert mime_type(Path("a.SVG")) == b"image/svg+xml"
    assert mime_type(Path("a.png")) == b"image/png"
    assert mime_type(Path("a.unknownext")) == b"application/octet-stream"


def test_a_page_and_its_images_are_typed_without_the_system_tables() -> None:
    """mimetypes reads the system's tables at its first question (0.3 MiB kept): not for
    the files a post's page usually loads."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from editor.ui.preview_scheme import mime_type\n"
        "names = ['a.css', 'b.PNG', 'c.jpg', 'd.jpeg', 'e.gif', 'f.svg', 'g.webp', 'h.woff2']\n"
        "print([mime_type(Path(n)).decode() for n in names])\n"
        "print('mimetypes' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    types, loaded = result.stdout.splitlines()
    expected = ["text/css", "image/png", "image/jpeg", "image/jpeg", "image/gif"]
    expected += ["image/svg+xml", "image/webp", "font/woff2"]
    assert types == str(expected)
    assert loaded == "False"


def test_scheme_handler_refuses_traversal_on_a_real_page(qtbot, preview, site: Path) -> None:
    preview.handler.set_site_root(site)
    page_html = (
        "<html><body><div id='post-body'>"
        "<img id='ok' src='postedit://site/assets/img/a%20b.png'>"
        "<img src='postedit://site/%2e%2e/secret.txt'>"
        "<img src='postedit://site/assets/escape.txt'><!--pe-end--></div></body></html>"
    )
    preview.handler.set_page("t.html", page_html)
    with qtbot.waitSignal(preview.page().loadFinished, timeout=20000):
        preview.page().load(QUrl("postedit://page/t.html"))
    qtbot.waitUntil(lambda: len(preview.handler.served) >= 4, timeout=5000)
    assert len(preview.handler.refused) == 2
    assert "postedit://site/assets/escape.txt" in preview.handler.refused
    assert not any("a%20b.png" in url for url in preview.handler.refused)
    assert js(qtbot, preview, "document.getElementById('ok').naturalWidth >= 0") is True
