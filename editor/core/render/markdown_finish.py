"""The passes that end a Markdown render: lines for blocks that replaced a marked one, the
TOC only when asked for, footnotes in citation order, attributes merged into stashed HTML."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

import markdown
from markdown.extensions.footnotes import FootnoteReorderingProcessor
from markdown.treeprocessors import Treeprocessor

from editor.core.render.kramdown import PLACEHOLDER_RE, hide_no_toc

if TYPE_CHECKING:
    from editor.core.render.markdown import LineState

FIRST_TAG_ATTRS_RE = re.compile(r"^(\s*<[a-zA-Z][\w:-]*)([^>]*?)(?=/?>)")


def merge_attributes(html_text: str, attributes: dict[str, str | None]) -> str:
    """``html_text`` with extra attributes on its first tag (classes are added, not replaced)."""
    match = FIRST_TAG_ATTRS_RE.match(html_text)
    if not match:
        return html_text
    head, existing = match.group(1), match.group(2)
    for name, value in attributes.items():
        if name == "class" and value:
            found = re.search(r'\bclass="([^"]*)"', existing)
            if found:
                merged = f'class="{found.group(1)} {html.escape(value)}"'
                existing = existing[: found.start()] + merged + existing[found.end() :]
                continue
        existing += f' {name}="{html.escape(value)}"' if value is not None else f" {name}"
    return head + existing + html_text[match.end(2) :]


class FinishTreeprocessor(Treeprocessor):
    """After the TOC pass: blocks that replaced a marked one get its line; no_toc honoured."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        lines = self.state.index_lines
        seen: set[int] = set()
        for index, child in enumerate(root):
            if id(child) in seen:
                child = copy.deepcopy(child)
                child.attrib.pop("data-line", None)
                root[index] = child
            seen.add(id(child))
            if child.get("data-line") is None and index < len(lines):
                if child.tag == "p" and PLACEHOLDER_RE.fullmatch((child.text or "").strip()):
                    continue
                child.set("data-line", str(lines[index] + 1 + self.state.line_offset))
        if self.state.has_toc:  # no marker, no table: skip a walk over every element
            hide_no_toc(root)


class SafeFootnoteReordering(FootnoteReorderingProcessor):
    """Notes in citation order (kramdown's numbering), without failing on an empty note.

    Python-Markdown's own pass assumes every note has a back-link; an empty note
    (``[^x]:`` with nothing after it) has none and made the whole render fail.
    """

    def reorder_footnotes(self, parent: etree.Element) -> None:
        old_list = parent.find("ol")
        if old_list is None:
            return
        parent.remove(old_list)
        separator = self.footnotes.get_separator()
        order = self.footnotes.footnote_order

        def position(item: etree.Element) -> int:
            ident = item.attrib.get("id", "").split(separator, 1)[-1]
            return order.index(ident) if ident in order else len(self.footnotes.footnotes)

        new_list = etree.SubElement(parent, "ol")
        for index, item in enumerate(sorted(old_list.findall("li"), key=position), start=1):
            backlink = item.find('.//a[@class="footnote-backref"]')
            if backlink is not None:
                title = self.footnotes.getConfig("BACKLINK_TITLE")
                backlink.set("title", title.replace("%d", str(index)))
            new_list.append(item)


class TocGate(Treeprocessor):
    """Runs the TOC pass only when the text asks for a table of contents.

    Heading ids are ours already, so without a marker the pass would only cost time
    (about a tenth of a one-paragraph render).
    """

    def __init__(self, md: markdown.Markdown, toc: Treeprocessor, state: LineState) -> None:
        super().__init__(md)
        self.toc = toc
        self.state = state

    def run(self, root: etree.Element) -> None:
        if self.state.has_toc:
            self.toc.run(root)
