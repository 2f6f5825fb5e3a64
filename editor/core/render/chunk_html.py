"""The HTML side of incremental rendering: chunk markers, splices and line shifts.

A full render is one Python-Markdown pass over the whole body; ``mark_chunks`` puts a marker
comment before each chunk's first top-level element so later patches can address chunks by
index. ``apply_patch_html`` does to a list of per-chunk HTML pieces exactly what the page's
patch code does to the DOM, which lets tests check patching without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from editor.core.render.html_scan import RAW_TEXT_ELEMENTS, TAG_RE, has_content
from editor.core.render.incremental import CHUNK_MARK, END_MARK, ChunkPatch

_DATA_LINE = re.compile(r'(<[a-zA-Z][^>]*?\sdata-line=")(\d+)(")')

RenderChunk = Callable[[str, int], str]
"""render(markdown, line_offset) -> HTML fragment with data-line attributes."""


def render_chunk(render: RenderChunk, text: str, line: int, definitions: str) -> str:
    """One chunk's HTML, preceded by its marker; definitions make its references resolve."""
    source = f"{text}\n\n{definitions}\n" if definitions else text
    return CHUNK_MARK + render(source, line - 1)


def render_patch_html(render: RenderChunk, patch: ChunkPatch, definitions: str) -> str:
    """The marked HTML of every chunk a patch inserts."""
    return "".join(
        render_chunk(render, text, line, definitions)
        for text, line in zip(patch.texts, patch.lines, strict=True)
    )


def shift_data_lines(html: str, delta: int) -> str:
    """``html`` with every ``data-line`` moved by ``delta`` (what the page does after a splice)."""
    if not delta:
        return html
    return _DATA_LINE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + delta}{m.group(3)}", html)


_LINE_ATTR = re.compile(r"\sdata-line=[\"']?(\d+)")
_FOOTNOTE_DIV = re.compile(r"""\sclass=["'][^"']*\bfootnotes?\b""")


def _top_level_elements(html: str) -> Iterator[tuple[int, int | None, bool]]:
    """(offset, data-line or None, is the footnotes block) of each top-level element."""
    depth = 0
    pos = 0
    while True:
        match = TAG_RE.search(html, pos)
        if match is None:
            return
        pos = match.end()
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        name = name.lower()
        attrs = match.group(3) or ""
        if closing:
            depth = max(0, depth - 1)
            continue
        if depth == 0:
            line = _LINE_ATTR.search(attrs)
            footnotes = name == "div" and _FOOTNOTE_DIV.search(attrs) is not None
            yield match.start(), int(line.group(1)) if line else None, footnotes
        if not has_content(name, attrs):
            continue
        if name in RAW_TEXT_ELEMENTS:
            close = html.lower().find(f"</{name}", pos)
            pos = len(html) if close < 0 else close
            continue
        depth += 1


def mark_chunks(body_html: str, chunk_lines: Sequence[int]) -> str:
    """A full render's body HTML with a marker before each chunk's first element.

    ``chunk_lines`` are the chunks' first lines in the same numbering as the ``data-line``
    attributes. A chunk that produced no element (a definition, a comment) gets its marker
    where its elements would be, so every chunk has exactly one marker; the end marker goes
    before the footnotes, which belong to the whole document.
    """
    out: list[str] = [CHUNK_MARK]
    emitted = 1
    last = 0
    count = len(chunk_lines)
    for offset, line, footnotes in _top_level_elements(body_html):
        if footnotes:
            out.append(body_html[last:offset])
            out.append(CHUNK_MARK * (count - emitted) + END_MARK)
            out.append(body_html[offset:])
            return "".join(out)
        marks = 0
        if line is not None:
            while emitted + marks < count and chunk_lines[emitted + marks] <= line:
                marks += 1
        if marks:
            out.append(body_html[last:offset])
            out.append(CHUNK_MARK * marks)
            last = offset
            emitted += marks
    out.append(body_html[last:])
    out.append(CHUNK_MARK * (count - emitted) + END_MARK)
    return "".join(out)


def split_marked(marked_html: str) -> list[str]:
    """The per-chunk pieces of marked HTML, each starting with its marker (for tests)."""
    body = marked_html.split(END_MARK, 1)[0]
    return [CHUNK_MARK + piece for piece in body.split(CHUNK_MARK)[1:]]


def apply_patch_html(chunks: list[str], patch: ChunkPatch, inserted_html: str) -> list[str]:
    """What the page does with a patch, on a list of per-chunk HTML pieces."""
    tail = [shift_data_lines(c, patch.line_delta) for c in chunks[patch.index + patch.removed :]]
    return [*chunks[: patch.index], *split_marked(inserted_html + END_MARK), *tail]
