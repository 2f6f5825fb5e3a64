"""The code that runs inside the render worker process (no Qt: the child never loads it).

The UI process sends small messages; only edits cross the boundary per keystroke, never the whole
body. The worker keeps the chunk model of the body it was last told about, renders the chunks an
edit touched, and answers with ready-to-run page code so the UI thread does no string work.

Messages in (tuples): ``("reset", serial, body, ctx)``, ``("edit", serial, start, end, text,
ctx_or_None)``, ``("full", serial, body, ctx)``, ``("stop",)``.
Messages out: ``("ready", serial)``, ``("patch", serial, js, reasons)``,
``("page", serial, page_html, article_js, head_key)``, ``("error", serial, message)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import re
from multiprocessing.connection import Connection
from typing import Any

from editor.core.chunk_html import mark_chunks, render_patch_html
from editor.core.incremental import CHUNK_MARK, END_MARK, ChunkModel, split_chunks

log = logging.getLogger(__name__)

FULL_WORKER_NICE = 10
GROUP_FROM = 2000
GROUP_SIZE = 160
GROUP_OPEN = '<pe-group style="display:block">'
_early: dict[str, tuple[Any, Connection, int]] = {}

_ARTICLE_OPEN = re.compile(r"<article\b[^>]*\bid=[\"']article[\"'][^>]*>")
_BODY_OPEN = re.compile(r"<div\b[^>]*\bid=[\"']post-body[\"'][^>]*>")
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)

# Runs in the page's isolated "application world": page scripts are off, this still works.
PAGE_RUNTIME = r"""
if (!window.__pe) window.__pe = (function () {
  // A long post's chunks sit in <pe-group> blocks (see group_chunks): a patch steps over them.
  function isGroup(n) { return !!n && n.nodeType === 1 && n.localName === 'pe-group'; }
  function scan(body) {
    var list = [], end = null;
    for (var n = body.firstChild; n; n = n.nextSibling) {
      if (isGroup(n)) {
        for (var c = n.firstChild; c; c = c.nextSibling)
          if (c.nodeType === 8 && c.data === 'pe-chunk') list.push(c);
      } else if (n.nodeType === 8) {
        if (n.data === 'pe-chunk') list.push(n);
        else if (n.data === 'pe-end') { end = n; break; }
      }
    }
    return {list: list, end: end};
  }
  function shift(node, stop, delta) {
    while (node && node !== stop) {
      if (node.nodeType === 1) {
        if (node.hasAttribute('data-line'))
          node.setAttribute('data-line', +node.getAttribute('data-line') + delta);
        var inner = node.querySelectorAll('[data-line]');
        for (var i = 0; i < inner.length; i++)
          inner[i].setAttribute('data-line', +inner[i].getAttribute('data-line') + delta);
      }
      var next = node.nextSibling;
      if (!next && isGroup(node.parentNode)) next = node.parentNode.nextSibling;
      node = next;
    }
  }
  // The node after ``node`` in chunk order, stepping out of and into groups.
  function after(node, body) {
    var n = node.nextSibling;
    if (!n && node.parentNode !== body) n = node.parentNode.nextSibling;
    return isGroup(n) ? n.firstChild : n;
  }
  // The chunk markers of the post body, kept between patches: finding them again would walk
  // every top-level node of the body (tens of thousands in a long post) on each keystroke.
  var index = null;
  function chunks(body) {
    if (!index || index.body !== body || !index.end || index.end.parentNode !== body) {
      index = scan(body);
      index.body = body;
    }
    return index;
  }
  function patch(at, removed, html, delta) {
    var body = document.getElementById('post-body');
    if (!body) return 'resync';
    var m = chunks(body);
    if (at < m.list.length && !body.contains(m.list[at])) { index = null; m = chunks(body); }
    if (!m.end || at + removed > m.list.length) { index = null; return 'resync'; }
    var stop = at + removed < m.list.length ? m.list[at + removed] : m.end;
    var node = at < m.list.length ? m.list[at] : m.end;
    while (node && node !== stop) {
      var next = after(node, body), parent = node.parentNode;
      parent.removeChild(node);
      if (parent !== body && !parent.firstChild) body.removeChild(parent);
      node = next;
    }
    var t = document.createElement('template');
    t.innerHTML = html;
    var added = [];
    for (var n = t.content.firstChild; n; n = n.nextSibling)
      if (n.nodeType === 8 && n.data === 'pe-chunk') added.push(n);
    stop.parentNode.insertBefore(t.content, stop);
    m.list.splice.apply(m.list, [at, removed].concat(added));
    if (delta) shift(stop, m.end, delta);
    return 'ok';
  }
  // Chromium re-resolves a dir="auto" ancestor on every change below it, a walk of the
  // article: the direction is resolved once per page or full render and then held fixed
  // (the first strong character sits in the article header, which a patch never touches).
  function holdDirection(body) {
    var el = body.closest('[data-pe-dir], [dir="auto" i]');
    if (!el) return;
    el.setAttribute('dir', 'auto');
    el.setAttribute('data-pe-dir', '');
    el.setAttribute('dir', getComputedStyle(el).direction);
  }
  function warm() {
    var body = document.getElementById('post-body');
    if (!body) return 'ok';
    holdDirection(body);
    chunks(body);
    return 'ok';
  }
  function lines() {
    var body = document.getElementById('post-body');
    return body ? body.querySelectorAll('[data-line]') : [];
  }
  function top(el) { return el.getBoundingClientRect().top + window.scrollY; }
  function scrollToLine(line) {
    var els = lines(), before = null, after = null;
    for (var i = 0; i < els.length; i++) {
      var l = +els[i].getAttribute('data-line');
      if (l <= line && (!before || l >= before.l)) before = {e: els[i], l: l};
      if (l > line && (!after || l < after.l)) after = {e: els[i], l: l};
    }
    if (!before) { window.scrollTo(window.scrollX, 0); return 0; }
    var y = top(before.e);
    if (after && after.l > before.l)
      y += (top(after.e) - y) * (line - before.l) / (after.l - before.l);
    window.scrollTo(window.scrollX, Math.max(0, Math.round(y)));
    return Math.round(window.scrollY);
  }
  function topLine() {
    var els = lines(), best = null, next = null, y = window.scrollY;
    for (var i = 0; i < els.length; i++) {
      var t = top(els[i]), l = +els[i].getAttribute('data-line');
      if (t <= y + 1) { if (!best || t >= best.t) best = {t: t, l: l}; }
      else if (!next || t < next.t) next = {t: t, l: l};
    }
    if (!best) return 1;
    if (next && next.l > best.l && next.t > best.t)
      return Math.floor(best.l + (next.l - best.l) * (y - best.t) / (next.t - best.t));
    return best.l;
  }
  return {patch: patch, warm: warm, scrollToLine: scrollToLine, topLine: topLine};
})();
"""


def _render_api() -> tuple[Any, Any]:
    from editor.core.render import render_body, render_page

    return render_body, render_page


def patch_script(index: int, removed: int, html: str, line_delta: int) -> str:
    """Page code applying one splice; returns 'ok' or 'resync' to the caller."""
    return f"{PAGE_RUNTIME}__pe.patch({index}, {removed}, {json.dumps(html)}, {line_delta});"


def split_page(page: str) -> tuple[int, int, int, int]:
    """Offsets of the article's and the post body's inner HTML in a rendered page."""
    article = _ARTICLE_OPEN.search(page)
    body = _BODY_OPEN.search(page)
    if article is None or body is None:
        raise ValueError("the rendered page has no article or post body")
    article_end = page.rfind("</article>")
    depth = 1
    for tag in _DIV_TAG.finditer(page, body.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return article.end(), article_end, body.end(), tag.start()
    raise ValueError("the post body is not closed")


def group_chunks(marked: str) -> str:
    """A long post's marked body with its chunks in blocks of ``GROUP_SIZE``.

    A patch makes Chromium lay out and paint-walk every child of the changed element's parent:
    ~26,000 top-level elements in a 1 MB post, ~100 ms per keystroke. In plain blocks (no
    containment, so margins collapse across them as before) it re-lays out one block and steps
    over the others, which halves keystroke-to-paint there. Built here, not in the page,
    because moving the nodes in the page costs ~0.6 s at 1 MB. Sibling selectors in site CSS
    (``h2 + p``, ``:first-child``) see the block edges, hence long posts only.
    """
    head, end_mark, tail = marked.partition(END_MARK)
    pieces = head.split(CHUNK_MARK)
    if len(pieces) - 1 < GROUP_FROM:
        return marked
    chunks = [CHUNK_MARK + piece for piece in pieces[1:]]
    groups = (
        f"{GROUP_OPEN}{''.join(chunks[i : i + GROUP_SIZE])}</pe-group>"
        for i in range(0, len(chunks), GROUP_SIZE)
    )
    return pieces[0] + "".join(groups) + end_mark + tail


def full_page(body: str, ctx: Any) -> tuple[str, str, str]:
    """(page with chunk markers, code replacing the article in place, key of the page's head)."""
    _, render_page = _render_api()
    page = render_page(body, ctx)
    article_start, article_end, body_start, body_end = split_page(page)
    lines = [line for line, _text in split_chunks(body)]
    marked = group_chunks(mark_chunks(page[body_start:body_end], lines))
    page = page[:body_start] + marked + page[body_end:]
    article_end += len(marked) - (body_end - body_start)
    head = _TITLE.sub("", page[:article_start])
    head_key = hashlib.sha256(head.encode("utf-8", "surrogatepass")).hexdigest()
    title = _TITLE.search(page[:article_start])
    title_text = re.sub(r"<[^>]+>", "", title.group(0)) if title else ""
    article_js = (
        f"document.getElementById('article').innerHTML = "
        f"{json.dumps(page[article_start:article_end])};"
        f"document.title = {json.dumps(title_text)}; 'ok';"
    )
    return page, article_js, head_key


class _Session:
    """The worker's state: the render context and the chunk model of the body it holds."""

    def __init__(self) -> None:
        self.ctx: Any = None
        self.model = ChunkModel("")

    def chunk_render(self, text: str, line_offset: int) -> str:
        render_body, _ = _render_api()
        return render_body(text, self.ctx, line_offset=line_offset)

    def handle(self, message: tuple) -> tuple:
        kind, serial = message[0], message[1]
        if kind == "reset":
            self.ctx = message[3]
            self.model.reset(message[2])
            return ("ready", serial)
        if kind == "edit":
            _, _, start, end, text, ctx = message
            if ctx is not None:
                self.ctx = ctx
            patch = self.model.apply_edit(start, end, text)
            html = render_patch_html(self.chunk_render, patch, self.model.definitions_text)
            script = patch_script(patch.index, patch.removed, html, patch.line_delta)
            return ("patch", serial, script, patch.global_reasons)
        if kind == "full":
            page, article_js, head_key = full_page(message[2], message[3])
            return ("page", serial, page, article_js, head_key)
        raise ValueError(f"unknown render request {kind!r}")


def spawn(name: str, nice: int = 0) -> tuple[Any, Connection]:
    """Start a worker process: (the process, the UI side of its pipe)."""
    context = multiprocessing.get_context("spawn")
    parent_conn, child_conn = context.Pipe(duplex=True)
    process = context.Process(
        target=serve, args=(child_conn, nice), name=f"post-editor-{name}-render", daemon=True
    )
    process.start()
    child_conn.close()
    return process, parent_conn


def start_early(name: str, nice: int = 0) -> None:
    """Start the named worker now, before the window exists, so its imports overlap the UI's.

    The first ``RenderWorker`` of that name adopts it (see ``adopt``); at launch this is what
    the writer waits for, and the worker needs a few hundred ms to import the render pipeline.
    """
    if name not in _early:
        process, conn = spawn(name, nice)
        _early[name] = (process, conn, nice)


def adopt(name: str, nice: int) -> tuple[Any, Connection] | None:
    """The worker ``start_early`` started under this name and priority, if any (taken once)."""
    entry = _early.pop(name, None)
    if entry is None:
        return None
    process, conn, early_nice = entry
    if early_nice != nice or not process.is_alive():
        conn.close()
        process.kill()
        process.join(1)
        return None
    return process, conn


def serve(conn: Connection, nice: int = 0) -> None:
    """The worker's loop: one request at a time, one answer each, until told to stop.

    ``nice`` lowers the process's priority: whole-page renders of long posts take seconds and
    must not take the CPU from the keystroke path. It applies after the first answer: the first
    page is what the writer waits for at launch, while the browser engine is starting too.
    """
    session = _Session()
    try:
        _render_api()
    except ImportError:
        log.exception("the render pipeline cannot be imported")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        try:
            answer = session.handle(message)
        except Exception as error:
            log.exception("render request failed")
            answer = ("error", message[1], f"{type(error).__name__}: {error}")
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        if nice and hasattr(os, "nice"):
            with contextlib.suppress(OSError):
                os.nice(nice)
            nice = 0
