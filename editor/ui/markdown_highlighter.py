"""Light Markdown highlighting for the source pane: structure at a glance, nothing clever."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from editor.core.writing.spelling import is_indented_code
from editor.ui import palette
from editor.ui.text_formats import char_format

# Block states: inside a ``` fence, a ~~~ fence, a Liquid highlight block (code; a raw
# block holds Markdown).
IN_FENCE = 1
IN_LIQUID = 2
IN_TILDE_FENCE = 3
# Inside a raw HTML <script>, <style> or <pre> block, or a $$ display maths block.
IN_SCRIPT, IN_STYLE, IN_PRE, IN_MATHS = 4, 5, 6, 7
_HTML_STATES = {"script": IN_SCRIPT, "style": IN_STYLE, "pre": IN_PRE}
_HTML_CLOSERS = {IN_SCRIPT: "</script", IN_STYLE: "</style", IN_PRE: "</pre"}
CODE_STATES = (IN_FENCE, IN_LIQUID, IN_TILDE_FENCE, IN_SCRIPT, IN_STYLE, IN_PRE, IN_MATHS)
# Outside a fence a block keeps the state of a block never highlighted (-1), so highlighting
# one block goes on to the next only where the state really changes (see ``lazy_highlight``).
NORMAL = -1
# A blank line and a line of indented code get states of their own (read like NORMAL) only so
# that Qt re-highlights the lines below when one changes: a blank line put in above indented
# lines turns them into code, and the change runs down the whole code block.
BLANK = 8
INDENTED_CODE = 9
MAX_INLINE_LINE = 2000
# Fences at any indent: inside list items they sit under the item's text.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_LIQUID_OPEN = re.compile(r"\{%-?\s*highlight\b")
_LIQUID_CLOSE = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
_HTML_OPEN = re.compile(r"^\s{0,3}<(script|style|pre)\b", re.IGNORECASE)
_MATHS_OPEN = re.compile(r"^\s*\$\$")

# Spans of a prose line to underline as misspelled (see editor.ui.spell_check).
SpellingHook = Callable[[str], list[tuple[int, int]]]


def fence_state(text: str, previous: int) -> int:
    """The state a block of ``text`` ends in after a block in state ``previous``."""
    if previous == IN_LIQUID:
        return NORMAL if _LIQUID_CLOSE.search(text) else IN_LIQUID
    if previous in _HTML_CLOSERS:
        return NORMAL if _HTML_CLOSERS[previous] in text.lower() else previous
    if previous == IN_MATHS:
        return NORMAL if "$$" in text else IN_MATHS
    fence = _FENCE.match(text)
    if previous in (IN_FENCE, IN_TILDE_FENCE):
        char = "`" if previous == IN_FENCE else "~"
        if fence is None or fence.group(1)[0] != char:
            return previous
        return previous if text[fence.end() :].strip(" \t" + char) else NORMAL
    if fence is not None:
        return IN_FENCE if fence.group(1)[0] == "`" else IN_TILDE_FENCE
    opened = _LIQUID_OPEN.search(text)
    if opened is not None and not _LIQUID_CLOSE.search(text, opened.end()):
        return IN_LIQUID
    html = _HTML_OPEN.match(text)
    if html is not None:
        state = _HTML_STATES[html.group(1).lower()]
        return NORMAL if _HTML_CLOSERS[state] in text.lower() else state
    maths = _MATHS_OPEN.match(text)
    if maths is not None and "$$" not in text[maths.end() :]:
        return IN_MATHS
    return NORMAL


def _texts_above(block: QTextBlock) -> Iterator[str]:
    block = block.previous()
    while block.isValid():
        yield block.text()
        block = block.previous()


def is_code_block(block: QTextBlock) -> bool:
    """Whether ``block`` is code: in or on a fence or Liquid highlight block, or indented code
    (inside a list item too). Reads the states the highlighter left on the blocks above."""
    previous = block.previous()
    state = previous.userState() if previous.isValid() else NORMAL
    text = block.text()
    if state in CODE_STATES or fence_state(text, state) in CODE_STATES:
        return True
    return is_indented_code(text, _texts_above(block), above_is_code=state == INDENTED_CODE)


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, code, links, quotes, list markers, Liquid tags and kramdown IALs.

    Colours come from :mod:`editor.ui.palette`; ``spelling`` (when set) marks misspelled words
    of prose lines, so one highlighter pass paints both.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spelling: SpellingHook | None = None
        self.set_colors(palette.current(), rehighlight=False)

    def set_colors(self, colors: palette.Colors, *, rehighlight: bool = True) -> None:
        self._code = char_format(colors.code)
        self._spelling_color = QColor(colors.spelling)
        self._rules: list[tuple[re.Pattern[str], QTextCharFormat]] = [
            (re.compile(r"^\s{0,3}#{1,6}\s.*$"), char_format(colors.heading, bold=True)),
            (re.compile(r"^\s{0,3}>.*$"), char_format(colors.quote, italic=True)),
            (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), char_format(colors.list_marker, bold=True)),
            (
                re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1"),
                char_format(colors.bold, bold=True),
            ),
            (
                re.compile(r"(?<![*\w])(\*|_)(?=\S)([^*_]{1,300}?)(?<=\S)\1(?![*\w])"),
                char_format(colors.italic, italic=True),
            ),
            (re.compile(r"!?\[[^\]\n]{0,300}\]\([^)\n]{0,300}\)"), char_format(colors.link)),
            (re.compile(r"^\s{0,3}\[[^\]]+\]:\s.*$"), char_format(colors.link)),
            (re.compile(r"`[^`\n]{1,300}`"), self._code),
            (re.compile(r"\{%.{0,300}?%\}|\{\{.{0,300}?\}\}"), char_format(colors.liquid)),
            (re.compile(r"\{:[^}\n]{0,300}\}"), char_format(colors.attribute)),
            (re.compile(r"<!--.{0,300}?-->"), char_format(colors.comment, italic=True)),
        ]
        if rehighlight:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        in_fence = self.previousBlockState() in CODE_STATES
        state = fence_state(text, self.previousBlockState())
        if in_fence or state in CODE_STATES:
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(state)
            return
        if not text.strip():
            self.setCurrentBlockState(BLANK)
            return
        if text[:1] in (" ", "\t") and is_indented_code(
            text,
            _texts_above(self.currentBlock()),
            above_is_code=self.previousBlockState() == INDENTED_CODE,
        ):
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(INDENTED_CODE)
            return
        self.setCurrentBlockState(NORMAL)
        # Spans are bounded and very long lines get line-level rules only, so a pasted
        # 20,000-character line of "[" or "**a " cannot freeze typing.
        rules = self._rules if len(text) <= MAX_INLINE_LINE else self._rules[:3]
        for pattern, fmt in rules:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
        if self.spelling is not None:
            self._mark_spelling(text)

    def _mark_spelling(self, text: str) -> None:
        assert self.spelling is not None
        for start, end in self.spelling(text):
            fmt = QTextCharFormat(self.format(start))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            fmt.setUnderlineColor(self._spelling_color)
            self.setFormat(start, end - start, fmt)
