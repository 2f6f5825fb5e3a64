"""Helpers for preview tests: run page code in the application world and wait for results."""

from __future__ import annotations

from typing import Any

from PySide6.QtWebEngineCore import QWebEngineScript

from editor.core.frontmatter import PostDocument
from editor.core.render.incremental import CHUNK_MARK, END_MARK

APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld


def js(qtbot, view, code: str, timeout: int = 5000) -> Any:
    """The value of ``code`` evaluated in the page's application world."""
    result: list[Any] = []
    view.page().runJavaScript(code, APP_WORLD, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=timeout)
    return result[0]


def body_html(qtbot, view) -> str:
    """The post body's HTML as the page has it now, without the chunk markers.

    The source lines that a patch moved in groups far below it are brought up to date first
    (the page does it when it reads them).
    """
    code = "__pe.settleLines(); document.getElementById('post-body').innerHTML"
    html = js(qtbot, view, code)
    return html.replace(CHUNK_MARK, "").replace(END_MARK, "")


def show(qtbot, view, text: str, timeout: int = 20000) -> PostDocument:
    """Open ``text`` as a post in ``view`` and wait for its full render."""
    doc = PostDocument.from_text(text)
    with qtbot.waitSignal(view.rendered, timeout=timeout):
        view.set_document(doc, None, None)
    qtbot.waitUntil(view.is_current, timeout=timeout)
    return doc


def type_into(view, doc: PostDocument, at: int, text: str, remove: int = 0) -> None:
    """An edit of the body as the main window makes it: the model, then the preview."""
    body = doc.body
    doc.set_body(body[:at] + text + body[at + remove :])
    view.update_document()
