"""The line pass run before Python-Markdown sees the text.

It does what Markdown cannot: keeps code literal while evaluating Liquid elsewhere, turns
``{% highlight %}``, fenced code, math and diagrams into stashed HTML, and moves kramdown
block attribute lists out of the way. It records, for every line it emits, the source line it
came from, so block elements can carry their source line (``data-line``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from editor.core.render.highlight import code_html, math_block_html
from editor.core.render.liquid.env import (
    LITERAL_MARK,
    RAW_CLOSE_RE,
    RAW_OPEN_RE,
    LiquidEnv,
    highlight_body,
    strip_raw_tags,
)
from editor.core.render.liquid.markers import chip
from editor.core.render.list_indent import reindent_lists
from editor.core.render.list_items import item_paragraphs
from editor.core.render.patterns import FENCE_RE
from editor.core.render.source_inline import inline
from editor.core.render.source_scan import (
    MAX_SHORTCODE_LINES,
    OPTION_PARSE_BLOCK_HTML_RE,
    child_wants_markdown,
    collect_until,
    display_in_paragraph,
    join_tag,
    parse_info,
    with_markdown_attribute,
)

HIGHLIGHT_RE = re.compile(
    r"^\s*\{%-?\s*highlight\s+(?P<lang>[^\s%]+)(?P<opts>[^%]*)-?%\}(?P<rest>.*)$"
)
HIGHLIGHT_END_RE = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
HUGO_HIGHLIGHT_RE = re.compile(
    r"^\s*\{\{<\s*highlight\s+(?P<lang>[^\s>]+)(?P<opts>.*?)>\}\}(?P<rest>.*)$"
)
HUGO_HIGHLIGHT_END_RE = re.compile(r"\{\{<\s*/\s*highlight\s*>\}\}")
COMMENT_OPEN_RE = re.compile(r"^\s*\{%-?\s*comment\s*-?%\}(?P<rest>.*)$")
COMMENT_CLOSE_RE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
CAPTURE_OPEN_RE = re.compile(r"^\s*\{%-?\s*capture\s+(?P<name>[\w-]+)\s*-?%\}(?P<rest>.*)$")
CAPTURE_CLOSE_RE = re.compile(r"\{%-?\s*endcapture\s*-?%\}")
MATH_OPEN_RE = re.compile(r"^ {0,3}(?P<open>\$\$|\\\\\[|\\\[|\\begin\{(?P<env>[a-zA-Z]+\*?)\})")
MATH_CLOSE = {"$$": "$$", "\\\\[": "\\\\]", "\\[": "\\]"}
IAL_RE = re.compile(r"^ {0,3}\{:(?!:)\s*(?P<attrs>[^}]*?)\s*\}\s*$")
ALD_RE = re.compile(r"^ {0,3}\{:[\w-]+:.*\}\s*$")
TOC_RE = re.compile(r"^ {0,3}\{:\s*toc(?:\s+[^}]*)?\}\s*$")  # {:toc} or {:toc .class}
KRAMDOWN_COMMENT_RE = re.compile(r"^ {0,3}\{::comment\}(?P<rest>.*)$")
KRAMDOWN_COMMENT_CLOSE_RE = re.compile(r"\{:/(?:comment)?\}")
KRAMDOWN_EXT_RE = re.compile(
    r"^ {0,3}(?:\{::(?P<name>\w+)(?P<rest>[^}]*)\}|\{:/(?:\w+)?\})(?P<tail>.*)$"
)
LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:\s|$)|^ {0,3}\[\^[^\]]+\]:|^ {0,3}:\s")
# Lines that end an indented code block rather than continue it lazily (kramdown's
# CODEBLOCK_MATCH): a block IAL, the end-of-block marker, an HTML tag line, a fence.
LAZY_CODE_STOP_RE = re.compile(r"^ {0,3}(?:\{:|\^\s*$|</?[A-Za-z]|`{3,}|~{3,}|\t)")
PRE_OPEN_RE = re.compile(r"<pre\b", re.I)
PRE_CLOSE_RE = re.compile(r"</pre\s*>", re.I)
# A list item's marker and the spaces after it: its content starts at the match's end.
ITEM_CONTENT_RE = re.compile(r"^( *)(?:[*+-]|\d{1,9}[.)])( {1,4})(?=\S)")
TOC_ITEM_RE = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}[.)])\s+\S")
SHORTCODE_OPEN_RE = re.compile(
    r"^ {0,3}\{\{[<%]\s*(?P<name>[\w.-]+)(?P<args>(?:(?!\{\{|[>%]\}\}).)*?)\s*[>%]\}\}\s*$"
)
BLOCK_END_HTML = "<!-- end of block -->"  # a block boundary for Markdown, gone after sanitising

Stash = Callable[[str], str]


@dataclass
class SourceResult:
    """Emitted lines, the 0-based source line of each, and the block attribute lists found."""

    lines: list[str] = field(default_factory=list)
    line_map: list[int] = field(default_factory=list)
    ials_before: dict[int, str] = field(default_factory=dict)
    ials_after: dict[int, str] = field(default_factory=dict)
    item_paragraphs: list[bool] = field(default_factory=list)
    """Per list item, whether kramdown wraps its first paragraph (see list_items)."""


class SourcePass:
    """One use per render: walks the lines once, keeping code literal and Liquid evaluated."""

    def __init__(
        self,
        env: LiquidEnv,
        stash: Stash,
        *,
        parse_block_html: bool = False,
        tabbed_lines: dict[int, str] | None = None,
    ) -> None:
        self.env = env
        # Lines as typed where they hold tabs (by index; only while the walk reads the
        # source itself, not Liquid's output).
        self.tabbed_lines = tabbed_lines or {}
        self.stash = stash
        # kramdown's parse_block_html (site config or {::options}): Markdown in HTML blocks.
        self.parse_block_html = parse_block_html
        self.result = SourceResult()
        self.need_blank = False
        self.raw_mode = False
        self.in_list = False
        self.in_icode = False
        self.item_block_end = False
        self.in_pre = False  # inside raw HTML <pre>: indented lines there are no Markdown code
        # Content columns of the open list items, outermost first (kramdown keeps a fence's
        # indentation beyond its item's content column in the code).
        self.item_columns: list[int] = []
        # kramdown (GFM input) reads a fence only with a one-word info string and keeps the
        # fence's own indentation in the code; Hugo (CommonMark) does neither.
        self.commonmark_fences = getattr(env.site, "kind", None) == "hugo"
        self.remap_next: int | None = None
        self.open_shortcodes: list[re.Pattern[str]] = []

    # -- emitting -------------------------------------------------------------------------
    def emit(self, text: str, src: int) -> None:
        # Text right after a block in a list item is a paragraph of its own (kramdown ends a
        # fence at its closing line); a next item needs no blank (it would loosen the list).
        after_block = self.item_block_end and not LIST_ITEM_RE.match(text.lstrip(" "))
        if text.strip() and (self.need_blank or after_block):
            self.result.lines.append("")
            self.result.line_map.append(src)
        self.need_blank = False
        if text.strip():
            self.item_block_end = False
        if self.remap_next is not None and text.strip():
            src, self.remap_next = self.remap_next, None
        self.result.lines.append(text)
        self.result.line_map.append(src)

    def emit_block(self, html: str, src: int, indent: str = "") -> None:
        """A stashed block on a line of its own, separated from its neighbours."""
        if self.result.lines and self.result.lines[-1].strip() and not indent:
            self.emit("", src)
        self.emit(indent + self.stash(html), src)
        self.need_blank = not indent
        self.item_block_end = bool(indent)

    # -- the walk -------------------------------------------------------------------------
    def run(self, lines: list[str]) -> SourceResult:
        for line in lines:
            # An {::options} line holds for the whole post here (a chunk rendered alone gets
            # it with the definitions), not only below it as in kramdown.
            if line.lstrip(" ").startswith("{::options"):
                wanted = OPTION_PARSE_BLOCK_HTML_RE.search(line)
                if wanted:
                    self.parse_block_html = wanted.group(1).lower() == "true"
        liquid = self.env.body_liquid(lines, self.stash)
        if liquid is not None:  # Liquid first, as Jekyll does; then map lines back
            self.tabbed_lines = {}
            self.walk(liquid.lines)
            return remap_lines(self.result, liquid.line_map)
        return self.walk(lines)

    def walk(self, lines: list[str]) -> SourceResult:
        i = 0
        count = len(lines)
        while i < count:
            i = self.step(lines, i)
        while self.open_shortcodes:  # its closing tag was swallowed by a code block
            self.open_shortcodes.pop()
            self.emit("", count - 1)
            self.emit("</div>", count - 1)
        self.result.item_paragraphs = item_paragraphs(self.result.lines)
        self.result.lines = reindent_lists(self.result.lines)
        return self.result

    def step(self, lines: list[str], i: int) -> int:
        """Handle the construct starting at line ``i``; return the next line to look at."""
        line = lines[i]
        stripped = line.strip()
        prev_blank = i == 0 or not lines[i - 1].strip()
        fence = FENCE_RE.match(line)
        if fence and (len(fence["indent"]) <= 3 or self.in_list) and self.opens_fence(fence):
            if len(fence["indent"]) <= 3:
                self.in_icode = False  # a fence is a block of its own: indented code ended
            return self.fenced(lines, i, fence)
        if not stripped or (stripped == "^" and line.startswith("^")):
            # kramdown's end-of-block marker "^" only separates blocks, like a blank line.
            self.emit("" if stripped else line, i)
            return i + 1
        if self.open_shortcodes and self.open_shortcodes[-1].fullmatch(stripped):
            self.open_shortcodes.pop()
            self.emit("", i)
            self.emit("</div>", i)
            self.need_blank = True
            return i + 1
        if "pre" in line:
            self.track_pre(line)
        lazy = not prev_blank and not line.startswith("    ") and not self.in_pre
        if self.in_icode and lazy and not LAZY_CODE_STOP_RE.match(line):
            # kramdown's indented code takes a following unindented line as code too,
            # joined to the line before with a space.
            self.result.lines[-1] += " " + strip_raw_tags(line)
            return i + 1
        self.track_context(line, prev_blank)
        if self.in_icode:
            self.emit(strip_raw_tags(line), i)
            return i + 1
        if self.raw_mode:
            return self.raw_line(lines, i)
        if "{%" in line and "%}" not in line[line.index("{%") :]:
            joined, used = join_tag(lines, i)
            if used > 1:
                return self.logical(joined, lines, i, i + used)
        return self.logical(line, lines, i, i + 1)

    def track_pre(self, line: str) -> None:
        opened = [m.end() for m in PRE_OPEN_RE.finditer(line)]
        closed = [m.end() for m in PRE_CLOSE_RE.finditer(line)]
        if opened or closed:
            self.in_pre = max(opened, default=-1) > max(closed, default=-1)

    def track_context(self, line: str, prev_blank: bool) -> None:
        """Know whether indented text is code or the continuation of a list item."""
        indented = line.startswith("    ")
        item = ITEM_CONTENT_RE.match(line) if self.in_list or not indented else None
        if item:
            while self.item_columns and self.item_columns[-1] > len(item.group(1)):
                self.item_columns.pop()
            self.item_columns.append(item.end())
        if LIST_ITEM_RE.match(line):
            self.in_list, self.in_icode = True, False
        elif not indented and prev_blank:
            # After a blank line, text at an open item's content column (one to three
            # spaces) is still that item's; anything less indented ends the list.
            lead = len(line) - len(line.lstrip(" "))
            while self.item_columns and self.item_columns[-1] > lead:
                self.item_columns.pop()
            self.in_icode = False
            self.in_list = bool(self.item_columns) and lead > 0
        elif indented and prev_blank and not self.in_list:
            self.in_icode = True
        elif not indented:
            self.in_icode = False

    def logical(self, line: str, lines: list[str], i: int, nxt: int) -> int:
        """A logical line (multi-line Liquid tags joined): block-level forms, then inline."""
        if line.lstrip(" ").startswith("<") and (
            self.parse_block_html or child_wants_markdown(lines, i)
        ):
            marked = with_markdown_attribute(line)
            previous = self.result.lines[-1].lstrip(" ") if self.result.lines else ""
            if marked != line:
                # Python-Markdown reads Markdown in HTML only in a block at the margin, and
                # kramdown starts a new HTML block after a closed element.
                marked = marked.lstrip(" ")
                if previous.startswith("</"):
                    self.emit("", i)
            line = marked
        if "{" not in line and "$" not in line and "\\" not in line:
            self.emit(line, i)
            return nxt
        matchers = (self.highlight, self.comment, self.capture, self.math_block, self.shortcode)
        for matcher in matchers:
            handled = matcher(line, lines, i, nxt)
            if handled is not None:
                return handled
        if self.kramdown_line(line, lines, i):
            return nxt
        match = RAW_OPEN_RE.search(line)
        if match and not RAW_CLOSE_RE.search(line[match.end() :]):
            head = self.inline(line[: match.start()])
            self.raw_mode = True
            rest = line[match.end() :]
            if head.strip() or rest.strip():
                self.emit(head + rest, i)
            elif nxt < len(lines) and lines[nxt].strip():
                self.remap_next = i
            return nxt
        self.emit(self.inline(line), i)
        return nxt

    def raw_line(self, lines: list[str], i: int) -> int:
        """Inside ``{% raw %}``: literal text until ``{% endraw %}``."""
        line = lines[i]
        close = RAW_CLOSE_RE.search(line)
        if not close:
            self.emit(line, i)
            return i + 1
        self.raw_mode = False
        text = line[: close.start()] + self.inline(line[close.end() :])
        if text.strip():
            self.emit(text, i)
        return i + 1

    # -- block constructs -----------------------------------------------------------------
    def opens_fence(self, fence: re.Match[str]) -> bool:
        """kramdown's GFM fence has one word after the backticks (``python title="x"`` is text)."""
        return self.commonmark_fences or not any(c in fence["info"] for c in " \t")

    def code_indent(self, indent: str) -> str:
        """What each code line loses: the fence's indent (CommonMark), or for kramdown only its
        list item's content indent (the rest stays in the code)."""
        if self.commonmark_fences:
            return indent
        if not self.in_list:
            return ""
        column = max((c for c in self.item_columns if c <= len(indent)), default=0)
        return " " * column

    def as_typed(self, line: str, index: int) -> str:
        """The line with its tabs, for kramdown's code (CommonMark's code expands them)."""
        typed = self.tabbed_lines.get(index)
        if typed is None or self.commonmark_fences or typed.expandtabs(4) != line:
            return line
        return typed

    def fenced(self, lines: list[str], i: int, fence: re.Match[str]) -> int:
        indent, marker, info = fence["indent"], fence["fence"], fence["info"]
        strip = self.code_indent(indent)
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            candidate = lines[j]
            if "{%" in candidate and RAW_CLOSE_RE.search(candidate):
                candidate = strip_raw_tags(candidate)  # "{% endraw %}```" closes the fence
            close = FENCE_RE.match(candidate)
            if (
                close
                and close["fence"][0] == marker[0]
                and len(close["fence"]) >= len(marker)
                and not close["info"]
                and (self.commonmark_fences or len(close["indent"]) <= len(strip) + 3)
            ):
                break  # kramdown: a fence indented four spaces more is code, not the end
            line = self.as_typed(lines[j], j)
            body.append(line[len(strip) :] if line.startswith(strip) else line.lstrip(" "))
            j += 1
        code = "\n".join(body)
        opens = [m.start() for m in RAW_OPEN_RE.finditer(code)]
        closes = [m.start() for m in RAW_CLOSE_RE.finditer(code)]
        if opens or closes:
            # The last raw tag in the code decides whether raw text goes on after it.
            self.raw_mode = max(opens, default=-1) > max(closes, default=-1)
            code = strip_raw_tags(code)
        if j < len(lines) and RAW_CLOSE_RE.search(lines[j]):
            self.raw_mode = False  # the raw block ended on the closing fence's line
        lang, linenums = parse_info(info)
        code = code.replace(LITERAL_MARK, "")  # Liquid's literal braces, as typed
        self.emit_block(code_html(code, lang, linenums), i, indent if self.in_list else "")
        return j + 1

    def highlight(self, line: str, lines: list[str], i: int, nxt: int) -> int | None:
        close_re = HIGHLIGHT_END_RE
        match = HIGHLIGHT_RE.match(line)
        if not match:
            close_re = HUGO_HIGHLIGHT_END_RE
            match = HUGO_HIGHLIGHT_RE.match(line)
        if not match:
            return None
        found = collect_until(match["rest"], lines, nxt, close_re)
        body, j = found or ("\n".join([match["rest"], *lines[nxt:]]), len(lines))
        linenums = "linenos" in match["opts"] or "linenums" in match["opts"]
        code = highlight_body(body).lstrip("\n").rstrip()
        self.emit_block(code_html(code, match["lang"], linenums), i)
        return j

    def shortcode(self, line: str, lines: list[str], i: int, nxt: int) -> int | None:
        """A paired Hugo shortcode (``{{< admonition >}}…{{< /admonition >}}``) as a box.

        Its content is Markdown the site renders inside the box, so it stays visible here.
        """
        match = SHORTCODE_OPEN_RE.match(line)
        if not match:
            return None
        close_re = re.compile(rf"\{{\{{[<%]\s*/\s*{re.escape(match['name'])}\s*[>%]\}}\}}")
        limit = min(len(lines), nxt + MAX_SHORTCODE_LINES)
        if not any(close_re.fullmatch(lines[j].strip()) for j in range(nxt, limit)):
            return None
        self.open_shortcodes.append(close_re)
        label = html.escape(f"{match['name']} {match['args'].strip()}".strip())
        self.emit_block_text(
            f'<div class="pe-shortcode-block" markdown="1"><div class="pe-shortcode-label">'
            f"{label}</div>",
            i,
        )
        self.need_blank = False
        self.emit("", i)
        return nxt

    def comment(self, line: str, lines: list[str], i: int, nxt: int) -> int | None:
        """Liquid ``{% comment %}`` and kramdown ``{::comment}`` blocks show nothing."""
        match = COMMENT_OPEN_RE.match(line)
        if match:
            found = collect_until(match["rest"], lines, nxt, COMMENT_CLOSE_RE)
            return found[1] if found else None
        match = KRAMDOWN_COMMENT_RE.match(line)
        if match and not match["rest"].rstrip().endswith("/}"):
            found = collect_until(match["rest"], lines, nxt, KRAMDOWN_COMMENT_CLOSE_RE)
            return found[1] if found else None
        return None

    def capture(self, line: str, lines: list[str], i: int, nxt: int) -> int | None:
        match = CAPTURE_OPEN_RE.match(line)
        if not match or CAPTURE_CLOSE_RE.search(match["rest"]):
            return None
        found = collect_until(match["rest"], lines, nxt, CAPTURE_CLOSE_RE)
        if found is None:
            return None
        body, j = found
        self.env.scope[match["name"]] = strip_raw_tags(body)
        count = body.count("\n") + 1
        label = f"capture {match['name']} ({count} line{'s' if count > 1 else ''})"
        self.emit(self.stash(chip("liquid-tag", label, line.strip())), i)
        return j

    def math_block(self, line: str, lines: list[str], i: int, nxt: int) -> int | None:
        """Display math. kramdown makes ``$$ … $$`` a block of its own only after a blank line
        (inside a paragraph it is inline math); ``\\\\[ … \\\\]`` and ``\\begin{…}`` stay
        in their paragraph, where the site's MathJax displays them."""
        match = MATH_OPEN_RE.match(line)
        if not match:
            return None
        opener = match["open"]
        if opener == "$$" and i > 0 and lines[i - 1].strip():
            return None
        render = math_block_html if opener in ("$$", "\\[") else display_in_paragraph
        closer = f"\\end{{{match['env']}}}" if match["env"] else MATH_CLOSE[opener]
        rest = line[match.end() :] if not match["env"] else line[match.start("open") :]
        if closer in rest:
            inner, _, after = rest.partition(closer)
            if after.strip() or (not match["env"] and not inner.strip()):
                return None
            tex = inner if not match["env"] else inner + closer
            self.emit_block(render(tex), i)
            return nxt
        body = [rest] if rest.strip() else []
        j = nxt
        while j < len(lines) and closer not in lines[j]:
            body.append(lines[j])
            j += 1
        if j >= len(lines):
            return None
        last = lines[j].partition(closer)[0]
        if match["env"]:
            last += closer
        if opener == "\\\\[":  # kramdown leaves this text as written for MathJax
            self.emit_block(render("\n".join([rest, *lines[nxt:j], last])), i)
            return j + 1
        if last.strip():
            body.append(last)
        self.emit_block(render("\n".join(body)), i)
        return j + 1

    def kramdown_line(self, line: str, lines: list[str], i: int) -> bool:
        """Block IALs, ``{:toc}``, ALDs and ``{::...}`` extensions: never shown as text."""
        if TOC_RE.match(line):
            out = self.result.lines
            if out and TOC_ITEM_RE.match(out[-1]) and (len(out) < 2 or not out[-2].strip()):
                out[-1] = "[TOC]"
            else:
                self.emit_block_text("[TOC]", i)
            return True
        if ALD_RE.match(line):
            return True
        ext = KRAMDOWN_EXT_RE.match(line)
        if ext:
            if ext["tail"].strip():
                self.emit(self.inline(ext["tail"]), i)
            return True
        ial = IAL_RE.match(line)
        if not ial:
            return False
        if i > 0 and lines[i - 1].strip():
            # kramdown ends the block here: a quote or list after it must not run into it.
            self.result.ials_after[i] = ial["attrs"]
            self.emit_block(BLOCK_END_HTML, i)
        elif i + 1 < len(lines) and lines[i + 1].strip():
            if i > 0:
                # The block after it starts anew (a list item after it begins a new list, as in
                # kramdown), so that it is the block the attributes go to.
                self.emit_block(BLOCK_END_HTML, i - 1)
            self.result.ials_before[i] = ial["attrs"]
            self.remap_next = i
        else:
            nxt = i + 1
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            self.result.ials_before[nxt] = ial["attrs"]
            self.emit("", i)
        return True

    def emit_block_text(self, text: str, src: int) -> None:
        """Markdown text that must stand alone as a block (the ``[TOC]`` marker)."""
        if self.result.lines and self.result.lines[-1].strip():
            self.emit("", src)
        self.emit(text, src)
        self.need_blank = True

    # -- inline -----------------------------------------------------------------------------
    def inline(self, text: str) -> str:
        """Evaluate Liquid and mark math in running text, leaving code spans and raw alone."""
        return inline(text, self.env, self.stash)


def remap_lines(result: SourceResult, line_map: list[int]) -> SourceResult:
    """``result`` with its line numbers taken through Liquid's output-to-source map."""
    last = len(line_map) - 1

    def source_line(index: int) -> int:
        return line_map[min(index, last)] if last >= 0 else index

    result.line_map = [source_line(i) for i in result.line_map]
    result.ials_before = {source_line(k): v for k, v in result.ials_before.items()}
    result.ials_after = {source_line(k): v for k, v in result.ials_after.items()}
    return result
