"""Light Markdown highlighting for the source pane: structure at a glance, nothing clever."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from editor.ui import palette
from editor.ui.text_formats import char_format

IN_FENCE = 1
# Outside a fence a block keeps the state of a block never highlighted (-1), so highlighting
# one block goes on to the next only where the state really changes (see ``lazy_highlight``).
NORMAL = -1
MAX_INLINE_LINE = 2000
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

# Spans of a prose line to underline as misspelled (see editor.ui.spell_check).
SpellingHook = Callable[[str], list[tuple[int, int]]]


def fence_state(text: str, previous: int) -> int:
    """The state a block of ``text`` ends in after a block in state ``previous``."""
    if _FENCE.match(text):
        return NORMAL if previous == IN_FENCE else IN_FENCE
    return IN_FENCE if previous == IN_FENCE else NORMAL


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
        in_fence = self.previousBlockState() == IN_FENCE
        state = fence_state(text, self.previousBlockState())
        if in_fence or state == IN_FENCE:
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(state)
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
