"""The Python-Markdown converter: the extensions a Jekyll/kramdown writer expects, plus ours.

Ours: the source pass (Liquid, code, math), source-line tracking so every top-level block
carries ``data-line``, kramdown block attribute lists, GitHub-style heading ids and task lists.
A converter is built once per option set and per thread, then ``reset()`` between uses.
"""

from __future__ import annotations

import bisect
import html
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.toc import TocExtension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from editor.core.render import kramdown_blocks
from editor.core.render.context import RenderContext, RenderOptions
from editor.core.render.emoji_codes import EmojiProcessor
from editor.core.render.kramdown import (
    PLACEHOLDER_RE,
    gfm_slug,
    heading_ids,
    kramdown_footnotes,
    leading_ials,
    smart_typography,
    task_lists,
    unnest_links,
)
from editor.core.render.lines import align
from editor.core.render.liquid.env import LiquidEnv
from editor.core.render.list_items import apply_item_paragraphs
from editor.core.render.markdown_finish import (
    FinishTreeprocessor,
    SafeFootnoteReordering,
    TocGate,
    merge_attributes,
)
from editor.core.render.post_info import page_variables
from editor.core.render.site_plugins import site_uses_alerts, site_uses_emoji
from editor.core.render.source import SourcePass, SourceResult

FIRST_TAG_RE = re.compile(r"^(\s*<[a-zA-Z][\w:-]*)")
STRIKE_RE = r"(~{2})(?!~|\s)(.+?)(?<!~|\s)\1"
SPLIT_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hr"})
HASH_LINE_RE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
ANNOTATION_RE = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
TAG_RE = re.compile(r"<[^>]*>")
HR_LINE_RE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")


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
    first_html: int = 0
    has_toc: bool = False
    emoji: bool = False
    source_text: str = ""
    tabbed_lines: dict[int, str] = field(default_factory=dict)
    """Lines with tabs as typed (Python-Markdown expands tabs before the source pass)."""


def site_parses_block_html(site: Any) -> bool:
    """The site's kramdown ``parse_block_html`` (``_config.yml``), off by default."""
    config = getattr(site, "config", None) or {}
    kramdown = config.get("kramdown") if isinstance(config, dict) else None
    return isinstance(kramdown, dict) and str(kramdown.get("parse_block_html")).lower() == "true"


class TabPreprocessor(Preprocessor):
    """Keeps the lines that hold tabs as typed, before Python-Markdown expands them: kramdown
    keeps a fenced code block's tabs (Go code is indented with them)."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        self.state.tabbed_lines = {i: line for i, line in enumerate(lines) if "\t" in line}
        return lines


class SourcePreprocessor(Preprocessor):
    """Runs the source pass right after whitespace normalisation."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        ctx = self.state.ctx or RenderContext()
        env = LiquidEnv(ctx.site, page_variables(ctx), ctx.post_path)
        self.state.source = SourcePass(
            env,
            self.md.htmlStash.store,
            parse_block_html=site_parses_block_html(ctx.site),
            tabbed_lines=self.state.tabbed_lines,
        ).run(lines)
        self.state.tabbed_lines = {}
        self.state.first_html = self.md.htmlStash.html_counter
        text = "\n".join(self.state.source.lines)
        self.state.has_toc = "[TOC]" in text
        self.state.source_text = text
        self.state.emoji = ":" in text and site_uses_emoji(ctx.site)
        quotes = self.md.parser.blockprocessors["quote"]
        quotes.alerts = "[!" in text and site_uses_alerts(ctx.site)  # type: ignore[attr-defined]
        use_strike(self.md, "~~" in text)
        kramdown_blocks.use_optional_inline(self.md, text)
        use_emoji(self.md, self.state)
        return list(self.state.source.lines)


def use_emoji(md: markdown.Markdown, state: LineState) -> None:
    """Emoji shortcodes only for a site that turns them into emoji (see ``use_strike``)."""
    if state.emoji == ("emoji" in md.inlinePatterns):
        return
    if state.emoji:
        md.inlinePatterns.register(EmojiProcessor(md, lambda: state.emoji), "emoji", 25)
    else:
        md.inlinePatterns.deregister("emoji")


STRIKE_NAME = "postedit_strike"


def use_strike(md: markdown.Markdown, wanted: bool) -> None:
    """GitHub-flavoured ~~strikethrough~~ (Jekyll's GFM input and Hugo accept it), when used.

    Python-Markdown tries every inline pattern on every run of text; without a ``~~`` in the
    text this one can never match, and leaving it out saves a twentieth of the inline pass.
    """
    if wanted == (STRIKE_NAME in md.inlinePatterns):
        return
    if wanted:
        md.inlinePatterns.register(SimpleTagInlineProcessor(STRIKE_RE, "del"), STRIKE_NAME, 55)
    else:
        md.inlinePatterns.deregister(STRIKE_NAME)


class AlignPreprocessor(Preprocessor):
    """After the HTML-block pass, maps each final line back to its source line."""

    def __init__(self, md: markdown.Markdown, state: LineState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        src = self.state.source
        self.state.final_map = (
            list(src.line_map)
            if lines == src.lines
            else align(
                src.lines,
                src.line_map,
                lines,
                self.state.first_html,
                self.md.htmlStash.rawHtmlBlocks,
            )
        )
        starts = [0, *accumulate(len(line) + 1 for line in lines)]
        self.state.line_starts = starts
        self.state.total_len = starts[-1] - 1 if lines else 0
        self.state.top_blocks = None
        self.state.entries = []
        self.state.last_line = 0
        return lines


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
        if parent is not getattr(self.parser, "root", None) or not block.strip():
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


class KramdownAttrListExtension(AttrListExtension):
    """attr_list, but a heading takes only kramdown's ``{#id}`` at its end (after a space):
    ``## Title {: #x}`` keeps the braces in its text and its id, as kramdown writes it; a
    span IAL ends at its first closing brace."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        processor: Any = md.treeprocessors["attr_list"]
        processor.HEADER_RE = KRAMDOWN_HEADER_ID_RE
        processor.INLINE_RE = INLINE_IAL_RE


KRAMDOWN_HEADER_ID_RE = re.compile(r"[ \t]+\{(#[A-Za-z][\w:-]*)\}[ \t]*$")
# A span IAL ends at its first "}" (attr_list's own runs to the line's last one, eating text
# between two IALs of a line).
INLINE_IAL_RE = re.compile(r"^\{:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")


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
        self.split_from = 0
        for index, child in enumerate(root):
            if index in by_index:
                current = by_index[index]
            elif child.tag in SPLIT_TAGS:
                current = self.split_line(child.tag, current)
            lines.append(current)
        # However the mapping went, a block's line lies within the text that was rendered.
        footnote_line = state.source_lines - 1
        lines = [min(line, footnote_line) for line in lines]
        for index, child in enumerate(root):
            if child.tag == "div" and child.get("class") == "footnote":
                lines[index] = footnote_line
                child.set("class", "footnote footnotes")  # kramdown's class name, for site CSS
                kramdown_footnotes(root, child)
        state.index_lines = lines
        self.apply_ials(root, lines)
        for child, line in zip(root, lines, strict=True):
            self.mark(child, line + 1 + state.line_offset)
        if "{:" in self.state.source_text:
            leading_ials(root, self.md.treeprocessors["attr_list"].assign_attrs)  # type: ignore[attr-defined]
        smart_typography(root)
        heading_ids(root, self.stashed_text)
        apply_item_paragraphs(root, state.source.item_paragraphs)
        task_lists(root)
        unnest_links(root)

    def stashed_text(self, index: int) -> str:
        """What a stashed piece of HTML reads as in a heading id: math's TeX, else its text."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        stashed = blocks[index] if 0 <= index < len(blocks) else ""
        if not isinstance(stashed, str):
            return ""
        tex = ANNOTATION_RE.search(stashed)
        if tex:
            return html.unescape(tex.group(1))
        return html.unescape(TAG_RE.sub("", stashed))

    def split_line(self, tag: str, after: int) -> int:
        """The line of a heading or rule that Markdown split out of the block before it."""
        src = self.state.source
        pattern = HR_LINE_RE if tag == "hr" else HASH_LINE_RE
        # Several lines may share a source line (a tag's output): start at the first of
        # ``after``'s, past the lines an earlier split already took.
        start = max(bisect.bisect_left(src.line_map, after), self.split_from)
        for k in range(start, min(len(src.lines), start + 200)):
            if pattern.match(src.lines[k]):
                self.split_from = k + 1
                return src.line_map[k]
        return after

    def apply_ials(self, root: etree.Element, lines: list[int]) -> None:
        """kramdown block IALs: before a block (next element) or right after it (previous)."""
        src = self.state.source
        if not (src.ials_before or src.ials_after):
            return
        children = list(root)
        for line, attrs in src.ials_before.items():
            index = bisect.bisect_left(lines, line)
            if index < len(children):
                self.assign(children[index], attrs)
        for line, attrs in src.ials_after.items():
            index = bisect.bisect_left(lines, line) - 1
            if index >= 0:
                self.assign(children[index], attrs)

    def assign(self, elem: etree.Element, attrs: str) -> None:
        """Give a block the IAL's attributes, or the stashed HTML block it stands for."""
        attr_list: Any = self.md.treeprocessors["attr_list"]  # attr_list's own helper
        stashed = self.stashed(elem)
        if isinstance(stashed, etree.Element):
            attr_list.assign_attrs(stashed, attrs)
        elif isinstance(stashed, str) and self._block_level(stashed):
            holder = etree.Element("div")
            attr_list.assign_attrs(holder, attrs)
            index = self._stash_index(elem)
            self.md.htmlStash.rawHtmlBlocks[index] = merge_attributes(stashed, dict(holder.attrib))
        else:
            attr_list.assign_attrs(elem, attrs)

    def _block_level(self, html: str) -> bool:
        raw_html: Any = self.md.postprocessors["raw_html"]  # RawHtmlPostprocessor's own test
        return bool(raw_html.isblocklevel(html))

    @staticmethod
    def _stash_index(elem: etree.Element) -> int:
        """The stash index of a paragraph that holds only a placeholder (``stashed`` said so)."""
        match = PLACEHOLDER_RE.fullmatch((elem.text or "").strip())
        assert match is not None
        return int(match.group(1))

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
        if not self._block_level(text):
            elem.set("data-line", str(line))
            return
        index = self._stash_index(elem)
        head = FIRST_TAG_RE.match(text)
        if head:
            # Sliced, not ``re.sub``: a template per line number is parsed anew each time.
            end = head.end()
            text = f'{text[:end]} data-line="{line}"{text[end:]}'
        self.md.htmlStash.rawHtmlBlocks[index] = text


class PostEditExtension(Extension):
    """Registers our processors around Python-Markdown's own."""

    def __init__(self, state: LineState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(TabPreprocessor(md, self.state), "postedit_tabs", 35)
        md.preprocessors.register(SourcePreprocessor(md, self.state), "postedit_source", 27)
        md.preprocessors.register(AlignPreprocessor(md, self.state), "postedit_align", 1)
        md.parser.blockprocessors.register(
            LineTracker(md.parser, self.state), "postedit_line", 1000
        )
        use_strike(md, True)
        kramdown_blocks.register(md)
        if "footnote-reorder" in md.treeprocessors:
            reorder = md.treeprocessors["footnote-reorder"]
            md.treeprocessors.register(
                SafeFootnoteReordering(reorder.footnotes),  # type: ignore[attr-defined]
                "footnote-reorder",
                19,
            )
        md.treeprocessors.register(BlockTreeprocessor(md, self.state), "postedit_blocks", 6)
        md.treeprocessors.register(FinishTreeprocessor(md, self.state), "postedit_finish", 4)
        if "toc" in md.treeprocessors:
            toc = md.treeprocessors["toc"]
            md.treeprocessors.register(TocGate(md, toc, self.state), "toc", 5)


class Converter:
    """One Markdown instance with its line state; not thread-safe (one per thread)."""

    def __init__(self) -> None:
        self.state = LineState()
        # Extensions as objects, not names: a name makes Python-Markdown scan every installed
        # package's entry points first (30-40 ms of a render worker's first page).
        self.md = markdown.Markdown(
            extensions=[
                AbbrExtension(),
                KramdownAttrListExtension(),
                DefListExtension(),
                SaneListExtension(),
                # kramdown numbers notes as cited
                FootnoteExtension(
                    BACKLINK_TITLE="Back to reference %d", USE_DEFINITION_ORDER=False
                ),
                MarkdownInHtmlExtension(),
                CodeHiliteExtension(css_class="highlight", guess_lang=False, wrapcode=True),
                TocExtension(marker="[TOC]", toc_class="toc", slugify=lambda v, s: gfm_slug(v)),
                PostEditExtension(self.state),
            ],
            output_format="html",
        )

    def convert(self, text: str, ctx: RenderContext, line_offset: int) -> str:
        self.md.reset()
        self.state.ctx = ctx
        self.state.line_offset = line_offset
        body = text.rstrip("\r\n")
        breaks = body.count("\n") + body.count("\r") - body.count("\r\n")
        self.state.source_lines = max(1, breaks + 1)
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
