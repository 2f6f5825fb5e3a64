"""Block rules where kramdown (Jekyll's Markdown, GFM input) and Python-Markdown differ.

Registered on the converter as block processors, so they apply wherever blocks are parsed
(top level, list items, quotes, ``markdown="1"`` HTML):

- a list item line ends the paragraph above it (GFM input: no blank line needed);
- a block quote never continues the quote before it across a blank line: two quotes stay two;
- GitHub alerts (``> [!NOTE]`` …) become titled callouts, marked up as GitHub and the
  jekyll-gfm-admonitions plugin do (``div.markdown-alert`` with a ``p.markdown-alert-title``),
  for a site using the plugin; stock Jekyll (GitHub Pages too) keeps them plain quotes;
- kramdown tables: rows are lines with a pipe; separator lines (``|---|``, ``|---+---|``) give
  a header when rows precede the first one and start a new body otherwise; ``|===|`` starts the
  footer; short rows are padded; no header line is required.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import util
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions.def_list import DefListProcessor
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor, InlineProcessor

from editor.core.render.kramdown import MARKDOWN_HEADING

# kramdown's list start (GFM parser): bullets or "1." (no "1)"), up to three spaces of indent.
LIST_START_RE = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)(?:[ \t]+\S|[ \t]*$)")
HR_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
FENCE_LINE_RE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")

ALERT_RE = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)", re.IGNORECASE)
QUOTE_IAL_RE = re.compile(r"^[ \t]*\{:(?!:)\s*([^}\n]*?)\s*\}[ \t]*\n(?=[ \t]*\S)")
ALERT_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}

TABLE_SEP_RE = re.compile(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*$")
TABLE_FSEP_RE = re.compile(r"^[+|: \t]*?=[+|: \t=]*?[ \t]*$")
TABLE_ALIGN_RE = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
CODE_SPAN_RE = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")


class ListInterruptProcessor(BlockProcessor):
    """A paragraph followed, without a blank line, by a list item: kramdown GFM ends the
    paragraph there. The lines before the item are parsed on their own, then the list."""

    def test(self, parent: etree.Element, block: str) -> bool:
        lines = block.split("\n")
        if len(lines) < 2 or LIST_START_RE.match(lines[0]) or lines[0].startswith("    "):
            return False
        return self.split_at(lines) is not None

    @staticmethod
    def split_at(lines: list[str]) -> int | None:
        for k in range(1, len(lines)):
            line = lines[k]
            if LIST_START_RE.match(line) and not HR_RE.match(line):
                # "Text\n-" and "Text\n---" are setext headings, not lists.
                if line.strip() in ("-", "*", "+") or re.match(r"^ {0,3}=+\s*$", line):
                    continue
                return k
        return None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        lines = block.split("\n")
        k = self.split_at(lines)
        assert k is not None
        blocks.insert(0, "\n".join(lines[k:]))
        self.parser.parseBlocks(parent, ["\n".join(lines[:k])])


class IndentedThenItemProcessor(BlockProcessor):
    """An indented block (item content, code) ends at a list item that is not indented:
    ``    more text`` then ``* next item`` is the next item, as in kramdown, not text."""

    ITEM_RE = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)[ \t]+\S", re.M)

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith("    ") and self.ITEM_RE.search(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.ITEM_RE.search(block)
        assert match is not None
        # The items go back as the next block, the indented part is parsed now: the number
        # of blocks stays the same, so each keeps its source line.
        blocks.insert(0, block[match.start() :])
        self.parser.parseBlocks(parent, [block[: match.start()].rstrip("\n")])


class KramdownDefListProcessor(DefListProcessor):
    """A definition after a blank line gets a paragraph, each on its own, as in kramdown
    (Python-Markdown makes it loose only when the definition before it was)."""

    remainder: str | None = None  # the rest of a block this processor put back

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        block = blocks[0]
        match = self.RE.search(block)
        after_blank = match is not None and not block[: match.start()].strip()
        if block is self.remainder:
            after_blank = False  # the next definition of the same block, no blank line
        following = blocks[1] if len(blocks) > 1 else None
        result = super().run(parent, blocks)
        self.remainder = blocks[0] if blocks and blocks[0] is not following else None
        if after_blank:
            dl = self.lastChild(parent)
            if dl is not None and dl.tag == "dl" and len(dl) and dl[-1].tag == "dd":
                dd = dl[-1]
                if dd.text and dd.text.strip():
                    p = etree.Element("p")
                    p.text, dd.text = dd.text, None
                    dd.insert(0, p)
        return result


class KramdownQuoteProcessor(BlockQuoteProcessor):
    """Block quotes that do not merge across blank lines, and GitHub alerts as callouts."""

    alerts = False
    """Set per render: whether the site turns alerts into callouts."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        m = self.RE.search(block)
        if m and m.start() > 0:
            # Lines before the quote first; the quote goes back as a block of its own, so
            # it is tracked (its source line) like any other top-level block.
            blocks.insert(0, block[m.start() :].lstrip("\n"))
            self.parser.parseBlocks(parent, [block[: m.start()]])
            return
        if m:
            block = "\n".join(self.clean(line) for line in block.split("\n"))
        # Python-Markdown continues the quote just before when the parent's last child is
        # one; kramdown ends a quote at a blank line. A quote continued over ">" lines is one
        # block here, so only separate quotes reach this point.
        alert = ALERT_RE.match(block) if self.alerts else None
        if alert:
            kind = alert.group(1).lower()
            quote = etree.SubElement(
                parent, "div", {"class": f"markdown-alert markdown-alert-{kind}"}
            )
            title = etree.SubElement(quote, "p", {"class": "markdown-alert-title"})
            title.text = ALERT_TITLES[kind]
            block = block[alert.end() :]
        else:
            quote = etree.SubElement(parent, "blockquote")
        # A block IAL on the quote's first line belongs to the block after it in the quote.
        ial = QUOTE_IAL_RE.match(block)
        if ial:
            block = block[ial.end() :]
        start = len(quote)
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()
        if ial and len(quote) > start and "attr_list" in self.parser.md.treeprocessors:
            attr_list = self.parser.md.treeprocessors["attr_list"]
            attr_list.assign_attrs(quote[start], ial.group(1))  # type: ignore[attr-defined]


def split_cells(line: str, leading_pipe: bool) -> list[str]:
    """A row's cells: split at pipes outside code spans; ``\\|`` is a literal pipe."""
    if "`" not in line and "\\" not in line:
        cells = line.split("|")  # the common row: no code, no escapes
        if leading_pipe and cells and not cells[0].strip():
            cells.pop(0)
        if len(cells) > 1 and not cells[-1].strip():
            cells.pop()
        return [cell.strip() for cell in cells]
    cells = [""]
    pos = 0
    for match in CODE_SPAN_RE.finditer(line):
        add_text(cells, line[pos : match.start()])
        cells[-1] += match.group(0)
        pos = match.end()
    add_text(cells, line[pos:])
    if leading_pipe and cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip() and len(cells) > 1:
        cells.pop()
    return [cell.strip() for cell in cells]


def add_text(cells: list[str], text: str) -> None:
    parts = re.split(r"(?<!\\)\|", text)
    cells[-1] += parts[0].replace("\\|", "|")
    cells.extend(part.replace("\\|", "|") for part in parts[1:])


HTML_SPAN_RE = re.compile(r"<([A-Za-z][\w-]*)\b[^>]*>.*?</\1\s*>")


def has_pipe(line: str) -> bool:
    """kramdown's test: an unescaped pipe outside code spans (and, as kramdown turns out to
    read it, outside an inline HTML element: ``<a>b | c</a>`` is no table row)."""
    bare = CODE_SPAN_RE.sub("", line)
    if "<" in bare:
        bare = HTML_SPAN_RE.sub("", bare)
    return bool(re.search(r"(?:^|[^\\])\|", bare))


class KramdownTableProcessor(BlockProcessor):
    """A block whose every line has a pipe is a kramdown table (see the module docstring)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        lines = block.split("\n")
        first = lines[0]
        if first.startswith("    ") or not first.strip() or first.lstrip().startswith(">"):
            return False
        if not all(has_pipe(line) for line in lines):
            return False
        rows = [ln for ln in lines if not (TABLE_SEP_RE.match(ln) or TABLE_FSEP_RE.match(ln))]
        return bool(rows)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        leading_pipe = lines[0].lstrip().startswith("|")
        sections: list[tuple[str, list[list[str]]]] = []
        rows: list[list[str]] = []
        alignment: list[str] = []
        footer = False

        def close(kind: str, force: bool = False) -> None:
            nonlocal rows
            if not footer or kind != "tbody" or force:
                sections.append((kind, rows))
                rows = []

        for line in lines:
            sep = TABLE_SEP_RE.match(line)
            if sep and rows:
                if not alignment and not footer:
                    close("thead")
                    alignment = [
                        "center" if left and right else "right" if right else "left" if left else ""
                        for left, right in TABLE_ALIGN_RE.findall(sep.group(1))
                    ]
                else:
                    close("tbody")
            elif sep:
                continue
            elif TABLE_FSEP_RE.match(line):
                if rows:
                    close("tbody", force=True)
                footer = True
            else:
                rows.append(split_cells(line, leading_pipe))
        if rows:
            close("tfoot" if footer else "tbody")
        columns = max((len(r) for _, rs in sections for r in rs), default=0)
        alignment = (alignment + [""] * columns)[:columns]
        table = etree.SubElement(parent, "table")
        for kind, section_rows in sections:
            if not section_rows:
                continue
            section = etree.SubElement(table, kind)
            for cells in section_rows:
                tr = etree.SubElement(section, "tr")
                for index in range(columns):
                    cell = etree.SubElement(tr, "th" if kind == "thead" else "td")
                    if alignment[index]:
                        cell.set("style", f"text-align: {alignment[index]}")
                    cell.text = cells[index] if index < len(cells) else ""


class GfmHashHeaderProcessor(HashHeaderProcessor):
    """ATX headings need a space after the hashes in GFM: ``#tag`` stays text."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})[ \t]+(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        super().run(parent, blocks)
        mark_markdown_heading(parent)


class MarkedSetextHeaderProcessor(SetextHeaderProcessor):
    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        super().run(parent, blocks)
        mark_markdown_heading(parent)


def mark_markdown_heading(parent: etree.Element) -> None:
    for child in reversed(parent):
        if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            child.set(MARKDOWN_HEADING, "")
            return


class KramdownHRProcessor(HRProcessor):
    """A rule does not interrupt a paragraph in kramdown: ``text`` then ``***`` is one
    paragraph (``text`` then ``---`` is a heading, handled before), unless the rule's line
    could start a list (``* * *``)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        if not super().test(parent, block):
            return False
        match = self.SEARCH_RE.search(block)
        if match is None or match.start() == 0:
            return True
        first = block.split("\n", 1)[0]
        if LIST_START_RE.match(first) or first.lstrip().startswith((">", "|")):
            return True
        # ``* * *`` also starts a list, which ends the paragraph, and then reads as a rule.
        return bool(LIST_START_RE.match(match.group(0).lstrip("\n")))


class KramdownBacktickProcessor(BacktickInlineProcessor):
    """Code spans keep their spaces as kramdown does: none removed inside single backticks,
    one at each end inside longer delimiters (Python-Markdown strips them all)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        if m.group(1):
            return super().handleMatch(m, data)
        begin = m.start(0)
        start, end = self.find_code_spans(begin, data)  # type: ignore[misc]
        if end is None:
            return None, begin, start
        text = data[start:end]
        if start - begin > 1:
            text = text[1:] if text.startswith(" ") else text
            text = text[:-1] if text.endswith(" ") else text
        elif not text.strip():
            text = text.strip()
        el = etree.Element(self.tag)
        el.text = util.AtomicString(util.code_escape(text))
        return el, begin, end + (start - begin)


class LiteralBracketProcessor(InlineProcessor):
    """``[[name]]`` is a bracket and the reference link ``[name]`` in kramdown; Python-Markdown
    tries the outer brackets as a link, fails and never looks inside."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        return "[", m.start(0), m.end(0)


class GuillemetProcessor(InlineProcessor):
    """``<<`` is kramdown's typographic «, never the start of an HTML tag (``<<word>>``)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        return "\u00ab", m.start(0), m.end(0)


class LineBreakProcessor(InlineProcessor):
    """GFM's hard line break: a backslash at the end of a line."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        return etree.Element("br"), m.start(0), m.end(0)


# kramdown's escapable characters beyond Python-Markdown's own.
KRAMDOWN_ESCAPES = (":", "|", '"', "'", "$", "=", "<")


def register(md) -> None:
    """Put the kramdown block rules in place of Python-Markdown's (``tables`` not loaded)."""
    md.ESCAPED_CHARS.extend(c for c in KRAMDOWN_ESCAPES if c not in md.ESCAPED_CHARS)
    md.inlinePatterns.register(KramdownBacktickProcessor(BACKTICK_RE), "backtick", 190)
    parser = md.parser
    parser.blockprocessors.register(IndentedThenItemProcessor(parser), "indented_item", 95)
    parser.blockprocessors.register(GfmHashHeaderProcessor(parser), "hashheader", 70)
    parser.blockprocessors.register(MarkedSetextHeaderProcessor(parser), "setextheader", 60)
    parser.blockprocessors.register(KramdownHRProcessor(parser), "hr", 50)
    parser.blockprocessors.register(KramdownQuoteProcessor(parser), "quote", 20)
    if "deflist" in parser.blockprocessors:
        parser.blockprocessors.register(KramdownDefListProcessor(parser), "deflist", 25)
    parser.blockprocessors.register(KramdownTableProcessor(parser), "kramdown_table", 55)
    parser.blockprocessors.register(ListInterruptProcessor(parser), "list_interrupt", 11)


# Inline patterns Python-Markdown tries on every run of text: each is registered only for a
# render whose text can use it (each costs about a twentieth of the inline pass otherwise).
OPTIONAL_INLINE = {
    "kd_bracket": (
        "[[",
        172,
        lambda md: LiteralBracketProcessor(
            r"(?<![\\!])\[(?=\[[^\[\]\n]+\]\](?!\(|\[(?!\[)|:))", md
        ),
    ),
    "gfm_backslash_br": ("\\\n", 185, lambda md: LineBreakProcessor(r"\\(?=\n)\n", md)),
    "kd_guillemet": ("<<", 95, lambda md: GuillemetProcessor(r"(?<!\\)<<", md)),
}


def use_optional_inline(md, text: str) -> None:
    """Register or drop the optional inline patterns for this text."""
    for name, (needle, priority, make) in OPTIONAL_INLINE.items():
        wanted = needle in text
        if wanted == (name in md.inlinePatterns):
            continue
        if wanted:
            md.inlinePatterns.register(make(md), name, priority)
        else:
            md.inlinePatterns.deregister(name)
