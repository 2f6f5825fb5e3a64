"""The post's headings, for the outline beside the source pane."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from editor.core.writing.paragraphs import paragraphs

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTRIBUTES = re.compile(r"\s*\{[:#][^}]*\}\s*$")
_NOT_SETEXT = re.compile(
    r"^(?: {4}|\t| {0,3}(?:>|[-*+][ \t]|\d+[.)][ \t]|#|`{3}|~{3}|\||[-=]+[ \t]*$))"
)
_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+")


class Heading(NamedTuple):
    """A tuple rather than an object with a ``__dict__``: a 50 MB post has tens of thousands
    of headings, which every full garbage collection walks."""

    line: int  # 0-based line of the heading's text in the body
    level: int
    title: str


def _clean(title: str) -> str:
    title = _ATTRIBUTES.sub("", title)
    return _INLINE.sub(lambda m: m.group(1) or "", title).strip()


_CANDIDATE = re.compile(r"^ {0,3}(?:#|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)


def headings(text: str) -> list[Heading]:
    """ATX (``## Title``) and setext (underlined) headings, not those inside fenced code.

    Only lines that could matter (a ``#``, a fence, an underline) are looked at, found by one
    regex pass, so a 1 MB post takes milliseconds.
    """
    return [Heading(*found) for found in _scan(text, None)[0]]


Found = tuple[tuple[tuple[int, int, str], ...], str | None]


def _scan(text: str, fence: str | None) -> Found:
    """The (line, level, title) of each heading in ``text`` read from inside ``fence`` (None:
    outside code), and the fence still open at its end (tuples only: the garbage collector
    stops looking at a tuple of strings and numbers, not at a list)."""
    found: list[tuple[int, int, str]] = []
    line_number = 0
    counted_to = 0
    for candidate in _CANDIDATE.finditer(text):
        start = candidate.start()
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        fence_match = _FENCE.match(line)
        if fence is not None:
            closing = fence_match.group(1) if fence_match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        atx = _ATX.match(line)
        if atx:
            found.append((line_number, len(atx.group(1)), _clean(atx.group(2) or "")))
            continue
        if _SETEXT.match(line) and start > 0:
            previous_start = text.rfind("\n", 0, start - 1) + 1
            previous = text[previous_start : start - 1]
            if previous.strip() and not _NOT_SETEXT.match(previous):
                if found and found[-1][0] == line_number - 1:
                    continue
                level = 1 if line.lstrip()[0] == "=" else 2
                found.append((line_number - 1, level, _clean(previous)))
    return tuple(found), fence


PAUSE_EVERY = 16  # paragraphs between two calls of ``pause`` (which sees how long it ran)
_NOTHING_OUTSIDE: Found = ((), None)  # a paragraph outside code with no candidate line


class Outline:
    """Finds headings again after an edit, reading only the paragraphs that changed.

    The text is split at blank lines; each paragraph's headings (and the fence it leaves
    open) are remembered with the fence it was read in, so a keystroke costs the changed
    paragraph. The result equals :func:`headings`. Paragraphs read outside code are keyed by
    their text alone (no key tuple for each of a long post's half a million paragraphs).
    """

    def __init__(self) -> None:
        self._cache: dict[str | tuple[str, str], Found] = {}

    def headings(self, text: str, pause: Callable[[], None] | None = None) -> list[Heading]:
        cache: dict[str | tuple[str, str], Found] = self._cache
        fresh: dict[str | tuple[str, str], Found] = {}
        found: list[Heading] = []
        fence: str | None = None
        line = 0
        for index, paragraph in enumerate(paragraphs(text)):
            if pause is not None and index % PAUSE_EVERY == PAUSE_EVERY - 1:
                pause()
            key: str | tuple[str, str] = paragraph if fence is None else (paragraph, fence)
            result = cache.get(key)
            if result is None:
                if _CANDIDATE.search(paragraph):
                    result = _scan(paragraph, fence)
                else:
                    result = _NOTHING_OUTSIDE if fence is None else ((), fence)
            fresh[key] = result
            for at, level, title in result[0]:
                found.append(Heading(line + at, level, title))
            fence = result[1]
            line += paragraph.count("\n") + 2
        self._cache = fresh
        return found
