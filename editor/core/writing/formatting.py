"""Format commands as text edits: bold, italic, code, links, headings, lists, quotes, code blocks.

Each command takes the text and the selection and returns an :class:`Edit`: one span replaced
and the selection to show afterwards, so the pane applies it as one undo step. A command that
is already applied undoes itself (toggles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    start: int  # replace text[start:end] ...
    end: int
    insert: str  # ... with this,
    anchor: int  # then select anchor..position in the new text
    position: int

    def apply(self, text: str) -> str:
        return text[: self.start] + self.insert + text[self.end :]


_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^(\s*)([-*+])(\s+)(\[[ xX]\]\s+)?")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9})([.)])(\s+)")
_QUOTE = re.compile(r"^(\s{0,3}>\s?)+")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(\s+|$)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"^\[([^\]\n]*)\]\(([^)\n]*)\)$")
_URL = re.compile(r"^(https?://|mailto:)\S+$")


def line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def lines_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines the selection touches (a selection ending at a line's start leaves it)."""
    if end > start and text[end - 1 : end] == "\n":
        end -= 1
    return line_start(text, start), line_end(text, end)


def _run_of(text: str, index: int, step: int, char: str) -> int:
    count = 0
    while 0 <= index < len(text) and text[index] == char:
        count += 1
        index += step
    return count


def _wrapped_by(text: str, start: int, end: int, marker: str) -> bool:
    """Whether text[start:end] sits between two ``marker`` runs of exactly that emphasis."""
    size = len(marker)
    if text[start - size : start] != marker or text[end : end + size] != marker:
        return False
    if marker in ("*", "_"):  # italic: a lone star, or the outer one of ***bold italic***
        left = _run_of(text, start - 1, -1, marker)
        right = _run_of(text, end, 1, marker)
        return left in (1, 3) and right in (1, 3)
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the spaces at its edges (a word selected with Ctrl+Shift+Right
    carries the space after it, and ``*word *`` is no emphasis); all-space stays as it is."""
    inner = text[start:end]
    if not inner.strip():
        return start, end
    return start + len(inner) - len(inner.lstrip()), end - len(inner) + len(inner.rstrip())


def toggle_inline(text: str, start: int, end: int, marker: str) -> Edit:
    """Wrap the selection in ``marker`` (``**``, ``*``, `````), or unwrap it when wrapped.

    With no selection the word under the cursor is used; outside a word an empty pair is
    inserted with the cursor between its halves. Spaces at the selection's edges stay outside.
    """
    size = len(marker)
    start, end = _trimmed(text, start, end)
    if start == end:
        for match in _WORD.finditer(text, line_start(text, start), line_end(text, start)):
            if match.start() <= start <= match.end():
                start, end = match.span()
                break
    if start == end:
        if _wrapped_by(text, start, end, marker):
            return Edit(start - size, end + size, "", start - size, start - size)
        return Edit(start, end, marker * 2, start + size, start + size)
    inner = text[start:end]
    if _wrapped_by(text, start, end, marker):
        return Edit(start - size, end + size, inner, start - size, end - size)
    if len(inner) > 2 * size and inner.startswith(marker) and inner.endswith(marker):
        stripped = inner[size:-size]
        return Edit(start, end, stripped, start, start + len(stripped))
    return Edit(start, end, marker + inner + marker, start + size, end + size)


def make_link(text: str, start: int, end: int, clipboard: str = "") -> Edit:
    """``[selection](url)``: the clipboard's URL when it holds one, else the cursor waits in
    the parentheses. A selected link is turned back into its text. Spaces at the selection's
    edges stay outside the brackets."""
    start, end = _trimmed(text, start, end)
    inner = text[start:end]
    existing = _LINK.match(inner)
    if existing:
        label = existing.group(1)
        return Edit(start, end, label, start, start + len(label))
    url = clipboard.strip() if _URL.match(clipboard.strip()) else ""
    insert = f"[{inner}]({url})"
    if not inner:
        cursor = start + 1  # type the link's text
        return Edit(start, end, insert, cursor, cursor)
    if url:
        after = start + len(insert)
        return Edit(start, end, insert, after, after)
    cursor = start + len(inner) + 3
    return Edit(start, end, insert, cursor, cursor)


def set_heading(text: str, start: int, end: int, level: int) -> Edit:
    """The cursor's line becomes a heading of ``level``; the same level again makes it text."""
    first, last = lines_span(text, start, end)
    line = text[first:last]
    match = _HEADING.match(line)
    body = line[match.end() :] if match else line.lstrip()
    current = len(match.group(2)) if match else 0
    new = body if current == level else "#" * level + " " + body
    offset = len(new) - len(line)
    return Edit(first, last, new, max(first, start + offset), max(first, end + offset))


def _prefix_of(line: str, kind: str) -> re.Match[str] | None:
    pattern = {"bullet": _BULLET, "numbered": _NUMBERED, "quote": _QUOTE}[kind]
    return pattern.match(line)


def toggle_line_prefix(text: str, start: int, end: int, kind: str) -> Edit:
    """Make the selected lines a bullet list, a numbered list or a quote, or undo that."""
    first, last = lines_span(text, start, end)
    lines = text[first:last].split("\n")
    content = [line for line in lines if line.strip()] or lines
    if all(_prefix_of(line, kind) for line in content):
        new_lines = []
        for line in lines:
            match = _prefix_of(line, kind)
            new_lines.append(line[match.end() :] if match else line)
    else:
        new_lines = []
        number = 1
        for line in lines:
            if not line.strip() and len(lines) > 1:
                new_lines.append(line)
                continue
            bare = line
            for other in ("bullet", "numbered", "quote"):
                match = _prefix_of(bare, other)
                if match and other != "quote":
                    bare = match.group(1) + bare[match.end() :]
            indent = len(bare) - len(bare.lstrip(" "))
            prefix = {"bullet": "- ", "numbered": f"{number}. ", "quote": "> "}[kind]
            new_lines.append(bare[:indent] + prefix + bare[indent:])
            number += 1
    new = "\n".join(new_lines)
    if start == end or len(lines) == 1:
        cursor = max(first, min(first + len(new), start + len(new) - (last - first)))
        return Edit(first, last, new, cursor, cursor)
    return Edit(first, last, new, first, first + len(new))


def toggle_code_block(text: str, start: int, end: int) -> Edit:
    """Fence the selected lines with ```` ``` ````, or remove the fences around them."""
    first, last = lines_span(text, start, end)
    block = text[first:last]
    lines = block.split("\n")
    if len(lines) >= 2 and _FENCE.match(lines[0]) and _FENCE.match(lines[-1]):
        inner = "\n".join(lines[1:-1])
        return Edit(first, last, inner, first, first + len(inner))
    before = line_start(text, max(0, first - 1)) if first else first
    after_end = line_end(text, last + 1) if last < len(text) else last
    if first and last < len(text):
        above, below = text[before : first - 1], text[last + 1 : after_end]
        if _FENCE.match(above) and _FENCE.match(below):
            return Edit(before, after_end, block, before, before + len(block))
    new = f"```\n{block}\n```"
    return Edit(first, last, new, first + 4, first + 4 + len(block))


def continue_list(text: str, position: int) -> Edit | None:
    """What Enter does at ``position`` inside a list item or quote; None for a plain newline.

    A new item follows (numbers counting on, task boxes unticked); Enter on an empty item
    ends the list by clearing that item's marker.
    """
    first = line_start(text, position)
    line = text[first : line_end(text, position)]
    for pattern in (_BULLET, _NUMBERED, _QUOTE):
        match = pattern.match(line)
        if match is None or position < first + match.end():
            continue
        if not line[match.end() :].strip():  # an empty item: the list ends here
            indent = match.group(1) if pattern is not _QUOTE else ""
            if pattern is not _QUOTE and indent:
                # A nested empty item goes up a level, as the writer means to go on there.
                return shift_list_items(text, position, position, outdent=True)
            return Edit(first, first + len(line), "", first, first)
        if pattern is _BULLET:
            box = "[ ] " if match.group(4) else ""
            prefix = f"{match.group(1)}{match.group(2)}{match.group(3)}{box}"
        elif pattern is _NUMBERED:
            return _new_numbered_item(text, position, match)
        else:
            prefix = match.group(0)
        insert = "\n" + prefix
        return Edit(position, position, insert, position + len(insert), position + len(insert))
    if line[:1] in (" ", "\t"):  # a list item's second line, or code: the indent goes on
        return newline_keeping_indent(text, position)
    return None


def soft_newline(text: str, position: int) -> Edit:
    """Shift+Enter: a new line in the same list item (indented to the item's text) or quote,
    without a new marker; elsewhere a new line with this line's indent."""
    first = line_start(text, position)
    line = text[first : line_end(text, position)]
    for pattern in (_BULLET, _NUMBERED):
        match = pattern.match(line)
        if match is not None and position >= first + match.end():
            insert = "\n" + " " * len(match.group(0).expandtabs(4))
            return Edit(position, position, insert, position + len(insert), position + len(insert))
    quote = _QUOTE.match(line)
    if quote is not None and position >= first + quote.end():
        insert = "\n" + quote.group(0)
        return Edit(position, position, insert, position + len(insert), position + len(insert))
    return newline_keeping_indent(text, position)


def _new_numbered_item(text: str, position: int, match: re.Match[str]) -> Edit:
    """A numbered item after the cursor's: the items below count on from it (unless the list
    numbers every item alike, as ``1.`` ``1.`` ``1.``)."""
    indent, number, delimiter = match.group(1), int(match.group(2)), match.group(3)
    prefix = f"{indent}{number + 1}{delimiter}{match.group(4)}"
    # The items that follow at the same indent, up to a blank line or the list's end.
    items: list[tuple[int, re.Match[str]]] = []
    at = line_end(text, position)
    while at < len(text):
        start = at + 1
        end = line_end(text, start)
        line = text[start:end]
        item = _NUMBERED.match(line)
        if item is not None and item.group(1) == indent and item.group(3) == delimiter:
            items.append((start, item))
        elif not line.strip() or len(line) - len(line.lstrip()) <= len(indent):
            break  # a blank line, or text no deeper than the items: the list ends
        at = end
    if items and int(items[0][1].group(2)) == number:
        prefix = f"{indent}{number}{delimiter}{match.group(4)}"  # every item numbered alike
        items = []
    insert = "\n" + prefix
    cursor = position + len(insert)
    if not items or int(items[0][1].group(2)) > number + 1:
        return Edit(position, position, insert, cursor, cursor)
    # Renumber the items below, as one edit with the new line.
    pieces = [insert, text[position : items[0][0]]]
    next_number = number + 2
    for index, (start, item) in enumerate(items):
        digits_start = start + len(item.group(1))
        pieces.append(str(next_number))
        end = items[index + 1][0] if index + 1 < len(items) else line_end(text, start)
        pieces.append(text[digits_start + len(item.group(2)) : end])
        next_number += 1
    last_end = line_end(text, items[-1][0])
    return Edit(position, last_end, "".join(pieces), cursor, cursor)


def newline_keeping_indent(text: str, position: int) -> Edit:
    """Enter in code: a plain new line indented as this one (no list marker, no quote)."""
    first = line_start(text, position)
    line = text[first:position]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    insert = "\n" + indent
    return Edit(position, position, insert, position + len(insert), position + len(insert))


def shift_list_items(text: str, start: int, end: int, *, outdent: bool = False) -> Edit | None:
    """Tab / Shift+Tab on list items: nest them one level deeper or shallower.

    None when the selection is not on list items (Tab then types a tab)."""
    first, last = lines_span(text, start, end)
    lines = text[first:last].split("\n")
    items = [_BULLET.match(line) or _NUMBERED.match(line) for line in lines]
    if not all(items[i] or not lines[i].strip() for i in range(len(lines))) or not any(items):
        return None
    new_lines: list[str] = []
    shift_first = 0
    for index, (line, match) in enumerate(zip(lines, items, strict=True)):
        if match is None:
            new_lines.append(line)
            continue
        width = match.end() - len(match.group(1))
        width = 2 if match.re is _BULLET else width - len(match.group(4)) + 1
        if outdent:
            indent = len(line) - len(line.lstrip(" "))
            drop = min(indent, width)
            new_lines.append(line[drop:])
            delta = -drop
        else:
            new_lines.append(" " * width + line)
            delta = width
        if index == 0:
            shift_first = delta
    new = "\n".join(new_lines)
    total = len(new) - (last - first)
    if start == end:
        cursor = max(first, start + shift_first)
        return Edit(first, last, new, cursor, cursor)
    return Edit(first, last, new, max(first, start + shift_first), end + total)
