"""Source lines for the HTML: mapping lines through Markdown's HTML-block pass, and the
last word on ``data-line``.

Python-Markdown replaces each raw HTML block by a one-line placeholder before parsing, so the
lines it parses are not the lines the writer typed; :func:`align` maps them back. After
sanitising, :func:`fill_data_lines` makes sure every top-level element carries a line:
invalid nesting (a ``<div>`` typed inside a paragraph) becomes a sibling Markdown never saw,
and it takes the line of the block it came out of.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any

from editor.core.render.html_scan import TAG_RE, VOID_ELEMENTS, has_content
from editor.core.render.kramdown import PLACEHOLDER_RE

DATA_LINE_RE = re.compile(r'\sdata-line="(\d+)"')
MAX_HTML_BLOCK_LINES = 5000
OPEN_TAG_RE = re.compile(r"<([a-zA-Z][\w-]*)")


def fill_data_lines(html: str, first_line: int) -> str:
    """``html`` (well-formed, as the sanitiser writes it) with data-line on every top block.

    Only top-level tags are looked at: from each one the scan jumps to its matching end tag,
    counting only tags of the same name. That is exact because the sanitiser's output is
    balanced, has no comments and escapes every ``<`` that does not start a tag (in text
    and in attribute values alike); looking at every nested tag made this pass cost a
    twentieth of a whole render.
    """
    out: list[str] = []
    copied = 0
    pos = 0
    last = str(first_line)
    while (match := TAG_RE.search(html, pos)) is not None:
        pos = match.end()
        closing, name, attrs = match.groups()
        if name is None or closing:
            continue
        found = DATA_LINE_RE.search(attrs)
        if found:
            last = found.group(1)
        else:
            insert = match.start(3)
            out.append(html[copied:insert])
            out.append(f' data-line="{last}"')
            copied = insert
        if has_content(name, attrs):
            pos = element_end(html, name.lower(), pos)
    out.append(html[copied:])
    return "".join(out)


@lru_cache(maxsize=128)
def same_name_tag_re(name: str) -> re.Pattern[str]:
    """Start and end tags named ``name`` (not a longer name that begins with it)."""
    return re.compile(rf"<(/?){re.escape(name)}(?![a-zA-Z0-9-])([^>]*)>", re.IGNORECASE)


def element_end(html: str, name: str, pos: int) -> int:
    """Where the element whose start tag ends at ``pos`` is closed (the end if never)."""
    depth = 1
    for match in same_name_tag_re(name).finditer(html, pos):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(2).rstrip().endswith("/"):
            depth += 1
    return len(html)


def align(
    a_lines: list[str], a_map: list[int], b_lines: list[str], first_html: int, stash: list[Any]
) -> list[int]:
    """Source lines for ``b_lines``: ``a_lines`` with HTML blocks replaced by placeholders.

    Placeholders numbered from ``first_html`` on stand for HTML blocks; lower ones are ours.
    """
    if not a_lines:
        return [0] * len(b_lines)
    result: list[int] = []
    j = 0
    block_end = -1  # the last source line an HTML block took: text after it stays on that line
    last = len(a_lines) - 1
    for line in b_lines:
        if j <= last and line == a_lines[j]:
            result.append(a_map[j])
            j += 1
        elif any(int(m.group(1)) >= first_html for m in PLACEHOLDER_RE.finditer(line)):
            if block_end >= 0 and continues_line(line, a_lines[block_end], stash):
                result.append(a_map[block_end])
                continue
            while j < last and not a_lines[j].strip():
                j += 1
            result.append(a_map[min(j, last)])
            block_end = html_block_end(a_lines, min(j, last))
            j = block_end + 1
        elif line and not line.strip() and block_end >= 0:
            # Normalised source has no whitespace-only lines: this one was split off a line
            # that held several HTML blocks.
            result.append(a_map[block_end])
        elif not line.strip():
            result.append(a_map[min(j, last)])
        elif block_end >= 0 and line.strip() in a_lines[block_end]:
            result.append(a_map[block_end])
        else:
            found = next(
                (k for k in range(j, min(len(a_lines), j + 400)) if a_lines[k] == line), None
            )
            result.append(a_map[found if found is not None else min(j, last)])
            if found is not None:
                j = found + 1
    return result


def continues_line(line: str, previous: str, stash: list[Any]) -> bool:
    """Whether an HTML block's placeholder stands for more HTML on the line the last one took."""
    match = PLACEHOLDER_RE.search(line)
    block = stash[int(match.group(1))] if match and int(match.group(1)) < len(stash) else None
    if isinstance(block, etree.Element):
        return previous.rfind("<" + block.tag) > 0
    if not isinstance(block, str) or not block.strip():
        return False
    head = block.strip().split("\n", 1)[0]
    return previous.rfind(head) > 0


def html_block_end(lines: list[str], start: int) -> int:
    """The last line of the HTML block starting at ``start`` (its top tag balanced)."""
    first = lines[start].lstrip()
    if first.startswith("<!--"):
        return next((k for k in range(start, len(lines)) if "-->" in lines[k]), start)
    match = OPEN_TAG_RE.match(first)
    if not match or match.group(1).lower() in VOID_ELEMENTS:
        return start
    name = re.escape(match.group(1))
    opens = re.compile(rf"<{name}\b(?![^>]*/>)", re.IGNORECASE)
    closes = re.compile(rf"</{name}\s*>", re.IGNORECASE)
    depth = 0
    for k in range(start, min(len(lines), start + MAX_HTML_BLOCK_LINES)):
        depth += len(opens.findall(lines[k])) - len(closes.findall(lines[k]))
        if depth <= 0:
            return k
    return start
