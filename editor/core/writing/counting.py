"""Words, characters and reading time of a post's body, as a reader of the article sees them.

Counts leave out code blocks (fenced, indented or raw HTML), display maths, inline code, HTML
tags and comments, Liquid tags, link and image targets and reference definitions. The body is
split at blank lines and each paragraph's count is remembered, so counting again after an edit
costs the changed paragraphs plus C-speed splitting and scanning (a few ms for 1 MB); only
paragraphs holding a block marker (a fence, ``<pre``, ``$$``) are read line by line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from editor.core.writing.paragraphs import blank_matches, paragraphs

WORDS_PER_MINUTE = 230

# Blocks that are not prose, possibly spanning blank lines: fenced code (also indented inside
# list items), raw HTML code/script/style blocks and display maths.
_BLOCKS = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[`~]*[ \t]*$|\Z)"
    r"|<(pre|script|style)\b.*?(?:</\2>|\Z)"
    r"|^[ \t]*\$\$.*?(?:\$\$|\Z)",
    re.MULTILINE | re.DOTALL | re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# TeX environments and \\[ \\] displays the preview typesets as maths, across blank lines too.
_TEX_DISPLAY = re.compile(r"\\begin\{([a-zA-Z]+\*?)\}.*?\\end\{\1\}|\\\\\[.*?\\\\\]", re.DOTALL)
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(raw|highlight|comment)\b.*?\{%-?\s*end\1\s*-?%\}", re.DOTALL)
_NOISE = re.compile(
    r"`[^`\n]+`"  # inline code
    r"|\$\$[^$\n]*\$\$"  # inline maths
    r"|\{%.*?%\}|\{\{.*?\}\}"  # Liquid
    r"|!\[[^\]\n]*\]\([^)\n]*\)"  # images
    r"|\]\([^)\n]*\)"  # link targets (the link text stays)
    r"|^ {0,3}\[(?!\^)[^\]\n]+\]:.*$|^ {0,3}\[\^[^\]\n]+\]:"  # reference definitions,
    # footnote labels (the footnote's text is read)
    r"|\{:[^}\n]*\}"  # kramdown attribute lists
    r"|<code\b[^>\n]*>.*?</code>"  # inline code in HTML
    r"|</?[A-Za-z][^>\n]*>"  # HTML tags
    r"|&[A-Za-z]+;|&#[xX]?[0-9a-fA-F]+;"  # entities
    r"|(?<!\w):[a-z0-9_+-]+:(?!\w)",  # emoji shortcodes
    re.MULTILINE,
)
WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"^ {0,3}(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]|[*_~#>|=]+", re.MULTILINE)


@dataclass(frozen=True)
class Counts:
    words: int = 0
    characters: int = 0

    @property
    def reading_minutes(self) -> int:
        return 0 if not self.words else max(1, round(self.words / WORDS_PER_MINUTE))

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.characters + other.characters)


def prose(text: str) -> str:
    """The text a reader reads: code, markup, tags and targets removed."""
    text = _BLOCKS.sub("\n", text)
    text = _COMMENT.sub(" ", text)
    text = _LIQUID_BLOCK.sub(" ", text)
    text = _NOISE.sub(" ", text)
    return _MARKUP.sub(" ", text)


def _indented_code(paragraph: str) -> bool:
    """An indented code block: every line indented 4+ (a whole paragraph, after a blank line)."""
    lines = paragraph.strip("\n").split("\n")
    return all(line.startswith(("    ", "\t")) for line in lines) and not any(
        re.match(r"\s*(?:[-*+]|\d+[.)])\s", line) for line in lines
    )


_ITEM_LINE = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)", re.MULTILINE)


def _list_items(paragraph: str) -> tuple[tuple[int, int], ...]:
    """(marker indent, text column) of each list item line of ``paragraph``."""
    if "\t" in paragraph:
        paragraph = paragraph.expandtabs(4)
    found = []
    for match in _ITEM_LINE.finditer(paragraph):
        spaces = len(match.group(3))
        column = match.end(2) - match.start() + (spaces if 1 <= spaces <= 4 else 1)
        found.append((len(match.group(1)), column))
    return tuple(found)


def _least_indent(paragraph: str) -> int:
    """The smallest indent of the paragraph's lines that hold text (0 when one has none)."""
    least = 1000
    for line in paragraph.expandtabs(4).split("\n"):
        if line.strip():
            least = min(least, len(line) - len(line.lstrip(" ")))
            if least < 4:
                return least
    return least if least < 1000 else 0


def count_paragraph(paragraph: str, code: bool | None = None) -> Counts:
    """The paragraph's counts; ``code`` says whether it is indented code (None: guessed from
    the paragraph alone, without the list it may sit in)."""
    if code if code is not None else _indented_code(paragraph):
        return Counts()
    text = prose(paragraph)
    words = len(WORD.findall(text))
    characters = len(_SPACE.sub(" ", text).strip())
    return Counts(words, characters)


_MARKERS = ("```", "~~~", "$$", "<pre", "<PRE", "<script", "<style")
_MARKER = re.compile("|".join(re.escape(m) for m in _MARKERS))
# Paragraphs counted between two calls of ``pause`` (a worker thread lets the UI thread run;
# the call sees how long the worker ran and rests only when it ran long enough).
PAUSE_EVERY = 16
_OPENER = re.compile(r"^[ \t]*(`{3,}|~{3,}|\$\$)|<(pre|script|style)\b", re.IGNORECASE)


def _closes(line: str, closer: str) -> bool:
    if closer.startswith("</"):
        return closer in line.lower()
    stripped = line.strip()
    return stripped.startswith(closer) and not stripped.strip(closer[0]).strip()


def _prose_lines(paragraph: str, closer: str | None) -> tuple[str, str | None]:
    """The paragraph's lines outside code/maths blocks, and the block still open after it."""
    kept: list[str] = []
    for line in paragraph.split("\n"):
        if closer is not None:
            if _closes(line, closer) or (closer == "$$" and line.rstrip().endswith("$$")):
                closer = None
            continue
        opener = _OPENER.search(line)
        if opener is None:
            kept.append(line)
            continue
        if opener.group(2):
            tag = f"</{opener.group(2).lower()}>"
            kept.append(line[: opener.start()])
            closer = None if tag in line.lower()[opener.end() :] else tag
        elif opener.group(1) == "$$":
            rest = line[opener.end() :]
            closer = None if "$$" in rest else "$$"
        else:
            closer = opener.group(1)
    return "\n".join(kept), closer


class Counter:
    """Counts bodies, remembering each paragraph's count from the previous call."""

    def __init__(self) -> None:
        self._cache: dict[str | tuple[str, bool], tuple[int, int]] = {}
        self._lines: dict[tuple[str, str | None], tuple[str, str | None]] = {}
        self._items: dict[str, tuple[tuple[int, int], ...]] = {}

    def count(self, text: str, pause: Callable[[], None] | None = None) -> Counts:
        """Count ``text``; ``pause`` (if given) is called every few hundred paragraphs, so a
        worker thread gives the interpreter back to the UI thread while it counts."""
        cache: dict[str | tuple[str, bool], tuple[int, int]] = self._cache
        fresh: dict[str | tuple[str, bool], tuple[int, int]] = {}
        lines, fresh_lines = self._lines, {}
        words = characters = 0
        closer: str | None = None
        if "{%" in text:  # a highlight/raw/comment block may hold blank lines
            text = blank_matches(_LIQUID_BLOCK, text)
        if "\\" in text:
            text = blank_matches(_TEX_DISPLAY, text)
        marker = _MARKER.search
        items, fresh_items = self._items, {}
        # The list items above, innermost last: an indented paragraph is code only when it is
        # indented 4 columns past the text of the item it sits in (YAML or shell lines in a
        # list item's code block start with "-", "*" or ">" too).
        stack: list[tuple[int, int]] = []
        for index, paragraph in enumerate(paragraphs(text)):
            if pause is not None and index % PAUSE_EVERY == PAUSE_EVERY - 1:
                pause()
            indented = paragraph[:1] in (" ", "\t")
            if not indented and paragraph[:1] not in ("\n", ""):
                stack = [] if not paragraph[:1].isdigit() and paragraph[:1] not in "-*+" else stack
            code = None
            if indented and closer is None:
                least = _least_indent(paragraph)
                base = next((col for at, col in reversed(stack) if at < least), 0)
                code = least >= base + 4
            # A paragraph seen last time outside any block: its count as it was (the common
            # case, a dictionary look-up; a paragraph with a block marker is never cached raw).
            key_of = paragraph if code is None else (paragraph, code)
            counts = cache.get(key_of) if closer is None else None
            if counts is None:
                if closer is not None or marker(paragraph):
                    key = (paragraph, closer)
                    kept = lines.get(key) or _prose_lines(paragraph, closer)
                    fresh_lines[key] = kept
                    paragraph, closer = kept
                    key_of = paragraph if code is None else (paragraph, code)
                    counts = cache.get(key_of)
                if counts is None:
                    one = count_paragraph(paragraph, code)
                    counts = (one.words, one.characters)
            fresh[key_of] = counts
            words += counts[0]
            characters += counts[1]
            if not code:
                found = items.get(paragraph)
                if found is None:
                    found = _list_items(paragraph)
                fresh_items[paragraph] = found
                for at, column in found:
                    while stack and stack[-1][0] >= at:
                        stack.pop()
                    stack.append((at, column))
        self._cache, self._lines, self._items = fresh, fresh_lines, fresh_items
        return Counts(words, characters)


def count(text: str) -> Counts:
    return Counter().count(text)


def count_words(text: str) -> int:
    """Words in a selection (plain words, markup left out)."""
    return len(WORD.findall(prose(text)))
