"""List nesting as kramdown reads it, re-indented for Python-Markdown.

kramdown (and GFM) nest by the item's content column: text indented as far as the first
character after the marker belongs to the item (``- a`` then ``  - b`` nests at two spaces,
``1. a`` then ``   - b`` at three). Python-Markdown nests by multiples of four spaces and
reads a two-space item as a sibling. This pass, run on the source pass's output lines, rewrites
the indentation of lines inside lists to Python-Markdown's four spaces per level, keeping any
indentation beyond the content column (so code inside an item stays code). Lines outside
lists are never touched, and the number of lines never changes (the line map stays valid).
"""

from __future__ import annotations

import re

ITEM_RE = re.compile(r"^(?P<indent>[ ]*)(?P<marker>[*+-]|\d{1,9}\.)(?P<space>[ ]+|$)(?P<rest>.*)$")
FENCE_RE = re.compile(r"^[ ]*(`{3,}|~{3,})")
HR_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
TAB = 4


def expand_indent(line: str) -> str:
    """Leading tabs as spaces to the next multiple of four (as both parsers count them)."""
    if "\t" not in line[: len(line) - len(line.lstrip())]:
        return line
    out = []
    col = 0
    for k, char in enumerate(line):
        if char == " ":
            out.append(" ")
            col += 1
        elif char == "\t":
            width = TAB - col % TAB
            out.append(" " * width)
            col += width
        else:
            return "".join(out) + line[k:]
    return "".join(out)


def reindent_lists(lines: list[str]) -> list[str]:
    """``lines`` with list content indented four spaces per nesting level."""
    out: list[str] = []
    stack: list[int] = []  # content column (in the source) of each open item
    prev_blank = True
    in_item_line_block = False  # the current block began on an item's own line
    fence: str | None = None
    for raw in lines:
        if not stack:
            out.append(raw)
            item = ITEM_RE.match(raw)
            if item and len(item["indent"]) <= 3 and not HR_RE.match(raw):
                stack.append(content_column(item))
                in_item_line_block = True
            prev_blank = not raw.strip()
            continue
        line = expand_indent(raw)
        stripped = line.strip()
        if not stripped:
            out.append(raw)
            prev_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        if fence is not None:
            # A fence the source pass left in place (inside HTML): keep its lines verbatim.
            out.append(raw)
            if stripped.startswith(fence):
                fence = None
            continue
        item = ITEM_RE.match(line)
        if item and not HR_RE.match(line):
            while stack and indent < stack[-1]:
                stack.pop()
            if stack and indent - stack[-1] >= 4:
                item = None  # indented code inside the item, not an item
        if item and (stack or indent <= 3) and not HR_RE.match(line):
            depth = len(stack)
            out.append(" " * (TAB * depth) + item["marker"] + " " + item["rest"])
            stack.append(content_column(item))
            prev_blank = False
            in_item_line_block = True
            continue
        if prev_blank:
            while stack and indent < stack[-1]:
                stack.pop()
            if not stack:
                out.append(raw)
                prev_blank = False
                continue
        elif indent < stack[-1]:
            # A lazy continuation line: Python-Markdown adds it to the open item as it is.
            out.append(raw)
            continue
        extra = max(0, indent - stack[-1])
        if prev_blank or not in_item_line_block:
            text = " " * (TAB * len(stack) + extra) + line.lstrip(" ")
            in_item_line_block = False
        else:
            # A line continuing the item's current block: Python-Markdown keeps such lines
            # as they are inside the item, so only the indentation beyond the content column
            # stays (": definition", "| table" then read as they would at the item's start).
            text = " " * extra + line.lstrip(" ")
        fenced = FENCE_RE.match(line)
        if fenced:
            fence = fenced.group(1)
        out.append(text)
        prev_blank = False
    return out


def content_column(item: re.Match[str]) -> int:
    """Where an item's text starts; an item followed by five or more spaces starts code."""
    base = len(item["indent"]) + len(item["marker"])
    space = len(item["space"])
    if space == 0 or space > 4:
        return base + 1
    return base + space
