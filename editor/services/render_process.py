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
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from editor.core.paths import resources_dir
from editor.core.render.chunk_html import mark_chunks, render_patch_html
from editor.core.render.incremental import CHUNK_MARK, END_MARK, ChunkModel, split_chunks

log = logging.getLogger(__name__)

FULL_WORKER_NICE = 10
GROUP_FROM = 2000
# A post already shown in groups keeps them down to this many chunks, so that a post near
# GROUP_FROM does not swap between the two forms (each swap replaces the whole article).
GROUP_KEEP = 1800
GROUP_MIN = 64
GROUP_MAX = 320
# A chunk starts a group (once the group has GROUP_MIN chunks) when its text hashes to 0 modulo
# this: GROUP_MIN + GROUP_CUT chunks per group on average.
GROUP_CUT = 96
GROUP_SIZE = GROUP_MIN + GROUP_CUT
GROUP_OPEN = '<pe-group style="display:block">'
_early: dict[str, tuple[Any, Connection, int]] = {}

_ARTICLE_OPEN = re.compile(r"<article\b[^>]*\bid=[\"']article[\"'][^>]*>")
_BODY_OPEN = re.compile(r"<div\b[^>]*\bid=[\"']post-body[\"'][^>]*>")
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)
_ELEMENT = re.compile(r"<[A-Za-z]")
# A data-line attribute in a tag (not the same text in the post's words).
_DATA_LINE = re.compile(r'(<[a-zA-Z][^>]*?\sdata-line=")(\d+)(")')

# The page's runtime (chunk index, patches, long posts' groups, scrolling by source line). It runs
# in the page's isolated "application world": page scripts are off, this still works.
PAGE_RUNTIME = (resources_dir() / "preview" / "runtime.js").read_text(encoding="utf-8")


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


@dataclass(frozen=True)
class Group:
    """One block of a long post's chunks: its HTML, first source line and content key.

    The key ignores where the block sits: source lines count from its first one, so a block
    that only moved (lines added above it) keeps its key and the page keeps the block.
    """

    html: str
    base: int
    key: str

    @classmethod
    def of(cls, html: str) -> Group:
        first = _DATA_LINE.search(html)
        base = int(first.group(2)) if first else 0
        relative = _DATA_LINE.sub(lambda m: f"{m[1]}{int(m[2]) - base}{m[3]}", html)
        key = hashlib.blake2b(relative.encode("utf-8", "surrogatepass"), digest_size=8)
        return cls(html, base, key.hexdigest())

    def open_tag(self) -> str:
        return f'{GROUP_OPEN[:-1]} data-key="{self.key}" data-base="{self.base}">'


def _starts_group(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % GROUP_CUT == 0


def split_groups(
    marked: str, texts: Sequence[str], *, grouped: bool = False
) -> tuple[str, list[Group], str]:
    """A long post's marked body as (what comes before the groups, its groups, the rest).

    ``texts`` are the chunks' source texts, one per chunk mark; ``grouped`` says the page
    shows the post in groups already (see ``GROUP_KEEP``).

    A patch makes Chromium lay out and paint-walk every child of the changed element's parent:
    ~26,000 top-level elements in a 1 MB post, ~100 ms per keystroke. In blocks of chunks, each
    held apart in the page (``content-visibility: auto``, see runtime.js), a keystroke lays out
    the one block it changes. Built here, not in the page, because moving the nodes in the page
    costs ~0.6 s at 1 MB. Where a block starts depends on the chunk's text alone (between
    ``GROUP_MIN`` and ``GROUP_MAX`` chunks, ``GROUP_SIZE`` on average), so a paragraph added
    near the top changes one block, not where every block below starts, and a full render
    replaces that one block in the page. Sibling selectors in site CSS (``h2 + p``,
    ``:first-child``) see the block edges, hence long posts only. The chunks up to the first one
    that shows an element stay outside, so that every group has an element before it to work
    out its top margin against. A short post has no groups.
    """
    head, end_mark, tail = marked.partition(END_MARK)
    pieces = head.split(CHUNK_MARK)
    if len(pieces) - 1 < (GROUP_KEEP if grouped else GROUP_FROM):
        return marked, [], ""
    if len(texts) != len(pieces) - 1:
        raise ValueError(f"{len(pieces) - 1} chunks marked, {len(texts)} chunk texts")
    chunks = [CHUNK_MARK + piece for piece in pieces[1:]]
    lead = 0
    while lead < len(chunks) - 1 and not _ELEMENT.search(chunks[lead]):
        lead += 1
    lead += 1
    if lead >= len(chunks):  # nothing shows an element: nothing to group
        return marked, [], ""
    starts = [lead]
    for i in range(lead + 1, len(chunks)):
        size = i - starts[-1]
        if size >= GROUP_MAX or (size >= GROUP_MIN and _starts_group(texts[i])):
            starts.append(i)
    ends = [*starts[1:], len(chunks)]
    groups = [Group.of("".join(chunks[a:b])) for a, b in zip(starts, ends, strict=True)]
    return pieces[0] + "".join(chunks[:lead]), groups, end_mark + tail


def join_groups(before: str, groups: Sequence[Group], after: str, *, empty: bool = False) -> str:
    """The marked body again, its groups filled or (``empty``) left for the page to fill."""
    inner = "".join(f"{g.open_tag()}{'' if empty else g.html}</pe-group>" for g in groups)
    return before + inner + after


def full_page(body: str, ctx: Any, *, grouped: bool = False) -> tuple[str, str, str]:
    """(page with chunk markers, code replacing the article in place, key of the page's head).

    ``grouped``: the post was shown in groups last time (see ``GROUP_KEEP``).
    """
    _, render_page = _render_api()
    page = render_page(body, ctx)
    article_start, article_end, body_start, body_end = split_page(page)
    chunks = split_chunks(body)
    lines = [line for line, _text in chunks]
    texts = [text for _line, text in chunks]
    marked = mark_chunks(page[body_start:body_end], lines)
    before, groups, after = split_groups(marked, texts, grouped=grouped)
    marked = join_groups(before, groups, after)
    article = page[article_start:body_start] + join_groups(before, groups, after, empty=True)
    article += page[body_end:article_end]
    page = page[:body_start] + marked + page[body_end:]
    head = _TITLE.sub("", page[:article_start])
    head_key = hashlib.sha256(head.encode("utf-8", "surrogatepass")).hexdigest()
    title = _TITLE.search(page[:article_start])
    title_text = re.sub(r"<[^>]+>", "", title.group(0)) if title else ""
    article_js = (
        f"{PAGE_RUNTIME}__pe.replaceArticle({json.dumps(article)}, "
        f"{json.dumps([g.html for g in groups])}, "
        f"{json.dumps(title_text)});"
    )
    return page, article_js, head_key


class _Session:
    """The worker's state: the render context and the chunk model of the body it holds."""

    def __init__(self) -> None:
        self.ctx: Any = None
        self.model = ChunkModel("")
        self.grouped = False  # the last full page had groups

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
            page, article_js, head_key = full_page(message[2], message[3], grouped=self.grouped)
            self.grouped = GROUP_OPEN[:-1] in page
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
