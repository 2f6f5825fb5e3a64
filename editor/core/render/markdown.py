"""The Python-Markdown converter: the extensions a Jekyll/kramdown writer expects, plus ours.

Ours: the source pass (Liquid, code, math), source-line tracking so every top-level block
carries ``data-line``, kramdown block attribute lists, GitHub-style heading ids and task lists.
A converter is built once per option set and per thread, then ``reset()`` between uses.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import unescape
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from editor.core.render.context import RenderContext, RenderOptions
from editor.core.render.liquid import LiquidEnv
from editor.core.render.source import SourcePass, SourceResult

logger = logging.getLogger(__name__)

PLACEHOLDER_RE = re.compile(HTML_PLACEHOLDER.replace("%s", r"(\d+)"))
FIRST_TAG_RE = re.compile(r"^(\s*<[a-zA-Z][\w:-]*)")
TASK_RE = re.compile(r"^\[([ xX])\]\s+")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def gfm_slug(text: str) -> str:
    """Heading ids the way Jekyll's kramdown (GFM input) makes them: unicode letters kept."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@dataclass
class LineState:
    """Per-conversion bookkeeping shared by the preprocessors, block tracker and treeprocessors."""

    ctx: RenderContext | None = None
    line_offset: int = 0
    source: SourceResult = field(default_factory=SourceResult)
    final_map: list[int] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    total_len: int = 0
    top_blocks: list[str] | None = None
    suffix: list[int] = field(default_factory=list)
    entries: list[tuple[int, int]] = field(default_factory=list)
    last_line: int = 0
    index_lines: list[int] = field(default_factory=list)
    source_lines: int = 0


class SourcePreprocessor(Preprocessor):
    """Runs the source pass right after whitespace normalisation."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        ctx = self.state.ctx or RenderContext()
        env = LiquidEnv(ctx.site, ctx.metadata)
        self.state.source = SourcePass(env, self.md.htmlStash.store).run(lines)
        self.state.source_lines = len(lines)
        return list(self.state.source.lines)


class AlignPreprocessor(Preprocessor):
    """After the HTML-block pass, maps each final line back to its source line."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        src = self.state.source
        self.state.final_map = (
            list(src.line_map) if lines == src.lines else align(src.lines, src.line_map, lines)
        )
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        self.state.line_starts = starts
        self.state.total_len = starts[-1] - 1 if lines else 0
        self.state.top_blocks = None
        self.state.entries = []
        self.state.last_line = 0
        return lines


def align(a_lines: list[str], a_map: list[int], b_lines: list[str]) -> list[int]:
    """Source lines for ``b_lines``: ``a_lines`` with HTML blocks replaced by placeholders."""
    result: list[int] = []
    j = 0
    last = len(a_lines) - 1
    for i, line in enumerate(b_lines):
        if j < len(a_lines) and line == a_lines[j]:
            result.append(a_map[j])
            j += 1
            continue
        if PLACEHOLDER_RE.search(line) or not line.strip():
            while j < last and not a_lines[j].strip() and line.strip():
                j += 1
            result.append(a_map[min(j, last)] if a_lines else 0)
            if line.strip():
                j = resync(a_lines, j, b_lines, i + 1)
            continue
        found = next((k for k in range(j, min(len(a_lines), j + 400)) if a_lines[k] == line), None)
        if found is not None:
            j = found + 1
            result.append(a_map[found])
        else:
            result.append(a_map[min(j, last)] if a_lines else 0)
    return result


def resync(a_lines: list[str], j: int, b_lines: list[str], start: int) -> int:
    """After a placeholder: the index in ``a_lines`` where the next ordinary line reappears."""
    for nxt in b_lines[start:]:
        if nxt.strip() and not PLACEHOLDER_RE.search(nxt):
            for k in range(j + 1, len(a_lines)):
                if a_lines[k] == nxt:
                    return k
            return j + 1
    return len(a_lines)


class LineTracker(BlockProcessor):
    """Never handles a block: notes where each top-level block starts in the final text."""

    def __init__(self, parser: Any, state: LineState) -> None:
        super().__init__(parser)
        self.state = state
        original = parser.parseBlocks

        def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
            if parent is getattr(parser, "root", None) and state.top_blocks is None:
                state.top_blocks = blocks
                suffix = [0]
                for block in reversed(blocks):
                    suffix.append(suffix[-1] + len(block) + 2)
                state.suffix = suffix
            original(parent, blocks)

        parser.parseBlocks = parse_blocks

    def test(self, parent: etree.Element, block: str) -> bool:
        state = self.state
        if parent is not getattr(self.parser, "root", None):
            return False
        top = state.top_blocks
        if top and block is top[0]:
            remaining = len(block) + state.suffix[len(top) - 1]
            pos = max(0, state.total_len - remaining)
            index = bisect.bisect_right(state.line_starts, pos) - 1
            if 0 <= index < len(state.final_map):
                state.last_line = state.final_map[index]
        state.entries.append((len(parent), state.last_line))
        return False

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        return False


class BlockTreeprocessor(Treeprocessor):
    """data-line on top-level blocks, kramdown IALs, heading ids and task lists."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        state = self.state
        by_index: dict[int, int] = {}
        for index, line in state.entries:
            by_index[index] = line
        lines: list[int] = []
        current = 0
        for index in range(len(root)):
            current = by_index.get(index, current)
            lines.append(current)
        footnote_line = max(state.source_lines - 1, current)
        for index, child in enumerate(root):
            if child.tag == "div" and "footnote" in (child.get("class") or ""):
                lines[index] = footnote_line
        state.index_lines = lines
        self.apply_ials(root, lines)
        for child, line in zip(root, lines, strict=True):
            self.mark(child, line + 1 + state.line_offset)
        self.heading_ids(root)
        self.task_lists(root)

    def apply_ials(self, root: etree.Element, lines: list[int]) -> None:
        """kramdown block IALs: before a block (next element) or right after it (previous)."""
        src = self.state.source
        if not (src.ials_before or src.ials_after):
            return
        attr_list = self.md.treeprocessors["attr_list"]
        for line, attrs in src.ials_before.items():
            for child, child_line in zip(root, lines, strict=True):
                if child_line >= line:
                    attr_list.assign_attrs(self.target(child), attrs)
                    break
        for line, attrs in src.ials_after.items():
            previous = None
            for child, child_line in zip(root, lines, strict=True):
                if child_line >= line:
                    break
                previous = child
            if previous is not None:
                attr_list.assign_attrs(self.target(previous), attrs)

    def target(self, elem: etree.Element) -> etree.Element:
        """A stashed block's element when it is one (md_in_html), else the element itself."""
        stashed = self.stashed(elem)
        return stashed if isinstance(stashed, etree.Element) else elem

    def stashed(self, elem: etree.Element) -> Any:
        if elem.tag != "p" or len(elem) or not elem.text:
            return None
        match = PLACEHOLDER_RE.fullmatch(elem.text.strip())
        if not match:
            return None
        return self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]

    def mark(self, elem: etree.Element, line: int) -> None:
        """Put data-line on the block, or on the stashed HTML it stands for."""
        stashed = self.stashed(elem)
        if stashed is None:
            elem.set("data-line", str(line))
            return
        if isinstance(stashed, etree.Element):
            stashed.set("data-line", str(line))
            return
        text = str(stashed)
        if not self.md.postprocessors["raw_html"].isblocklevel(text):
            elem.set("data-line", str(line))
            return
        index = int(PLACEHOLDER_RE.fullmatch(elem.text.strip()).group(1))
        self.md.htmlStash.rawHtmlBlocks[index] = FIRST_TAG_RE.sub(
            rf'\1 data-line="{line}"', text, count=1
        )

    def heading_ids(self, root: etree.Element) -> None:
        used: dict[str, int] = {}
        for elem in root.iter():
            if elem.tag not in HEADINGS:
                continue
            if elem.get("id"):
                used.setdefault(elem.get("id"), 0)
                continue
            text = unescape(PLACEHOLDER_RE.sub("", "".join(elem.itertext())))
            slug = gfm_slug(text) or "section"
            count = used.get(slug)
            used[slug] = 0 if count is None else count + 1
            elem.set("id", slug if count is None else f"{slug}-{count + 1}")

    def task_lists(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            holder = item[0] if len(item) and item[0].tag == "p" and not item.text else item
            match = TASK_RE.match(holder.text or "")
            if not match:
                continue
            box = etree.Element("input", {"type": "checkbox", "disabled": "disabled"})
            if match.group(1) != " ":
                box.set("checked", "checked")
            box.tail = " " + holder.text[match.end() :]
            holder.text = None
            holder.insert(0, box)
            item.set("class", ((item.get("class") or "") + " task-list-item").strip())


class FinishTreeprocessor(Treeprocessor):
    """After the TOC pass: blocks that replaced a marked one get its line; no_toc honoured."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        lines = self.state.index_lines
        for index, child in enumerate(root):
            if child.get("data-line") is None and index < len(lines):
                if child.tag == "p" and PLACEHOLDER_RE.fullmatch((child.text or "").strip()):
                    continue
                child.set("data-line", str(lines[index] + 1 + self.state.line_offset))
        hidden = {el.get("id") for el in root.iter() if "no_toc" in (el.get("class") or "").split()}
        if not hidden:
            return
        for toc in root.iter("div"):
            if "toc" not in (toc.get("class") or "").split():
                continue
            for parent in list(toc.iter()):
                for item in list(parent):
                    link = item.find("a")
                    if item.tag == "li" and link is not None and link.get("href", "")[1:] in hidden:
                        parent.remove(item)


class PostEditExtension(Extension):
    """Registers our processors around Python-Markdown's own."""

    def __init__(self, state: LineState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(SourcePreprocessor(md, self.state), "postedit_source", 27)
        md.preprocessors.register(AlignPreprocessor(md, self.state), "postedit_align", 1)
        md.parser.blockprocessors.register(
            LineTracker(md.parser, self.state), "postedit_line", 1000
        )
        md.treeprocessors.register(BlockTreeprocessor(md, self.state), "postedit_blocks", 6)
        md.treeprocessors.register(FinishTreeprocessor(md, self.state), "postedit_finish", 4)


class Converter:
    """One Markdown instance with its line state; not thread-safe (one per thread)."""

    def __init__(self) -> None:
        self.state = LineState()
        self.md = markdown.Markdown(
            extensions=[
                "abbr",
                "attr_list",
                "def_list",
                "footnotes",
                "md_in_html",
                "tables",
                "smarty",
                "codehilite",
                "toc",
                PostEditExtension(self.state),
            ],
            extension_configs={
                "codehilite": {"css_class": "highlight", "guess_lang": False, "wrapcode": True},
                "toc": {"marker": "[TOC]", "toc_class": "toc", "slugify": lambda v, s: gfm_slug(v)},
                "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
            },
            output_format="html",
        )

    def convert(self, text: str, ctx: RenderContext, line_offset: int) -> str:
        self.md.reset()
        self.state.ctx = ctx
        self.state.line_offset = line_offset
        try:
            return self.md.convert(text)
        finally:
            self.state.ctx = None


_local = threading.local()


def converter_for(options: RenderOptions) -> Converter:
    """The calling thread's converter for these options, built on first use."""
    cache: dict[tuple[Any, ...], Converter] = getattr(_local, "converters", None) or {}
    _local.converters = cache
    key = options.key()
    if key not in cache:
        cache[key] = Converter()
    return cache[key]


def discard_converter(options: RenderOptions) -> None:
    """Forget a converter whose state a failed render may have left inconsistent."""
    cache = getattr(_local, "converters", None)
    if cache:
        cache.pop(options.key(), None)


def markdown_to_html(text: str, ctx: RenderContext, line_offset: int = 0) -> str:
    """Unsanitised HTML for a body or a fragment of it."""
    return converter_for(ctx.options).convert(text, ctx, line_offset)
