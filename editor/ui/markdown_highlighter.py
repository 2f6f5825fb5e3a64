"""Light Markdown highlighting for the source pane: structure at a glance, nothing clever."""

from __future__ import annotations

import re

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from editor.ui.text_formats import char_format

IN_FENCE = 1
MAX_INLINE_LINE = 2000
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, code, links, quotes, list markers, Liquid tags and kramdown IALs."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._code = char_format("#8a4b08")
        self._rules: list[tuple[re.Pattern[str], QTextCharFormat]] = [
            (re.compile(r"^\s{0,3}#{1,6}\s.*$"), char_format("#1f4e79", bold=True)),
            (re.compile(r"^\s{0,3}>.*$"), char_format("#5a6b5a", italic=True)),
            (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), char_format("#a0522d", bold=True)),
            (re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1"), char_format("#000000", bold=True)),
            (
                re.compile(r"(?<![*\w])(\*|_)(?=\S)([^*_]{1,300}?)(?<=\S)\1(?![*\w])"),
                char_format("#333333", italic=True),
            ),
            (re.compile(r"!?\[[^\]\n]{0,300}\]\([^)\n]{0,300}\)"), char_format("#1a6fb5")),
            (re.compile(r"^\s{0,3}\[[^\]]+\]:\s.*$"), char_format("#1a6fb5")),
            (re.compile(r"`[^`\n]{1,300}`"), self._code),
            (re.compile(r"\{%.{0,300}?%\}|\{\{.{0,300}?\}\}"), char_format("#7b3fa0")),
            (re.compile(r"\{:[^}\n]{0,300}\}"), char_format("#888888")),
            (re.compile(r"<!--.{0,300}?-->"), char_format("#999999", italic=True)),
        ]

    def highlightBlock(self, text: str) -> None:
        in_fence = self.previousBlockState() == IN_FENCE
        if _FENCE.match(text):
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(0 if in_fence else IN_FENCE)
            return
        if in_fence:
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(IN_FENCE)
            return
        self.setCurrentBlockState(0)
        # Spans are bounded and very long lines get line-level rules only, so a pasted
        # 20,000-character line of "[" or "**a " cannot freeze typing.
        rules = self._rules if len(text) <= MAX_INLINE_LINE else self._rules[:3]
        for pattern, fmt in rules:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
