"""Which list items kramdown writes with a ``<p>`` around their first paragraph.

Python-Markdown decides per list: a blank line anywhere makes every item a paragraph.
kramdown decides per item (``parser/kramdown/list.rb``): the first paragraph is bare unless a
blank line follows it inside the item; the last item's paragraph followed only by a blank line
is bare too, and the last item is bare only when an earlier item was (or did not start with a
paragraph). So ``1. x`` / ``2. y`` + nested list / blank / ``3. w`` is all bare in kramdown.

:func:`item_paragraphs` reads the source pass's lines (code already stashed) and gives, for
each list item in order, whether its first paragraph is wrapped; :func:`apply_item_paragraphs`
makes the tree say so, and leaves it alone when its items do not line up with the source's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import util

from editor.core.render.list_indent import HR_RE, ITEM_RE, content_column, expand_indent

PLACEHOLDER_LINE_RE = re.compile(
    "^ *" + re.escape(util.STX) + r"wzxhzdk:\d+" + re.escape(util.ETX) + " *$"
)
HEADING_RE = re.compile(r"^#{1,6}(?:\s|$)")
BLOCK_TAGS = frozenset(
    {"ul", "ol", "p", "div", "pre", "table", "blockquote", "dl", "hr", "figure"}
    | {f"h{n}" for n in range(1, 7)}
)
# Items the source cannot see (quotes, footnotes, definitions) are left out of the count.
SKIPPED_PARENTS = frozenset({"blockquote", "dd"})


@dataclass
class Item:
    first_is_p: bool
    state: str = "first"  # "first" paragraph, "blank" after it, "more" content after that
    first_blank: bool = False
    only_p_blank: bool = False
    index: int = 0


@dataclass
class OpenList:
    column: int  # content column of its current item
    kind: str  # "ul" or "ol": kramdown ends a list when the other kind starts
    items: list[Item] = field(default_factory=list)


def item_paragraphs(lines: list[str]) -> list[bool]:
    """For each list item in source order: True when kramdown wraps its first paragraph."""
    flags: list[bool] = []
    lists: list[OpenList] = []
    prev_blank = True

    def close(open_list: OpenList) -> None:
        earlier_bare = False
        for position, item in enumerate(open_list.items):
            last = position == len(open_list.items) - 1
            bare = item.first_is_p and (
                not item.first_blank or (last and item.state == "blank" and item.only_p_blank)
            )
            if last and len(open_list.items) > 1 and not earlier_bare:
                bare = False
            if not item.first_is_p or bare:
                earlier_bare = True
            flags[item.index] = not bare

    for raw in lines:
        line = expand_indent(raw)
        if not line.strip():
            if lists:
                item = lists[-1].items[-1]
                if item.state == "first":
                    item.state, item.first_blank, item.only_p_blank = "blank", True, True
            prev_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        match = ITEM_RE.match(line)
        is_item = match is not None and not HR_RE.match(line)
        if is_item and lists:
            is_item = indent < lists[-1].column + 4  # deeper: code inside the item
        elif is_item:
            is_item = indent <= 3
        if match and is_item:
            kind = "ol" if match["marker"][0].isdigit() else "ul"
            if lists and indent >= lists[-1].column:
                touch(lists[-1].items[-1], nested=True)
            else:
                while len(lists) >= 2 and indent < lists[-2].column:
                    close(lists.pop())
                if lists and lists[-1].kind == kind:
                    lists[-1].column = content_column(match)
                    lists[-1].items.append(new_item(match["rest"], flags))
                    prev_blank = False
                    continue
                if lists:
                    close(lists.pop())
            lists.append(OpenList(content_column(match), kind, [new_item(match["rest"], flags)]))
            prev_blank = False
            continue
        if lists and prev_blank:
            while lists and indent < lists[-1].column:
                close(lists.pop())
            if lists:
                touch(lists[-1].items[-1], nested=False)
        elif lists and PLACEHOLDER_LINE_RE.match(line):
            touch(lists[-1].items[-1], nested=True)  # code right after the paragraph
        prev_blank = False
    while lists:
        close(lists.pop())
    return flags


def new_item(rest: str, flags: list[bool]) -> Item:
    text = rest.strip()
    first_is_p = bool(text) and not HEADING_RE.match(text) and not PLACEHOLDER_LINE_RE.match(text)
    flags.append(True)
    return Item(first_is_p, index=len(flags) - 1)


def touch(item: Item, *, nested: bool) -> None:
    """More content in ``item``: right after its first paragraph (``nested``) or later."""
    if item.state == "first" and nested:
        item.state = "more"
    elif item.state == "blank":
        item.state, item.only_p_blank = "more", False


def apply_item_paragraphs(root: etree.Element, flags: list[bool]) -> None:
    """Wrap or unwrap each item's first paragraph as kramdown does (see the module)."""
    items = list(countable_items(root, False))
    if len(items) != len(flags):
        return
    for item, wrapped in zip(items, flags, strict=True):
        first = item[0] if len(item) else None
        has_p = first is not None and first.tag == "p" and not (item.text or "").strip()
        if has_p and not wrapped and first is not None:
            unwrap_first(item, first)
        elif wrapped and not has_p and (item.text or "").strip():
            wrap_first(item)


def countable_items(elem: etree.Element, skipped: bool):  # type: ignore[no-untyped-def]
    for child in elem:
        inside = skipped or child.tag in SKIPPED_PARENTS or "footnote" in (child.get("class") or "")
        if child.tag == "li" and not inside:
            yield child
        yield from countable_items(child, inside)


def unwrap_first(item: etree.Element, para: etree.Element) -> None:
    index = list(item).index(para)
    item.text = (item.text or "").strip() + (para.text or "")
    for offset, child in enumerate(list(para)):
        item.insert(index + offset, child)
    moved = len(para)
    tail = para.tail or ""
    item.remove(para)
    if moved:
        last = item[index + moved - 1]
        last.tail = (last.tail or "") + tail
    else:
        item.text += tail


def wrap_first(item: etree.Element) -> None:
    para = etree.Element("p")
    para.text, item.text = item.text, None
    children = list(item)
    for child in children:
        if child.tag in BLOCK_TAGS:
            break
        item.remove(child)
        para.append(child)
    item.insert(0, para)
