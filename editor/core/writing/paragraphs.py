"""A long text's paragraphs one at a time, as ``text.split("\\n\\n")`` gives them.

The word count and the outline run on a worker thread that shares the interpreter with the
UI thread. One ``split`` of a 50 MB post is a single C call of about 0.1 s (and makes half a
million strings at once), and no other thread runs Python meanwhile: the window stood still
for as long. Found one by one, the paragraphs come in the same order, and the UI thread may
take the interpreter between any two of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SEPARATOR = "\n\n"


def paragraphs(text: str) -> Iterator[str]:
    """The parts of ``text`` between blank-line separators: ``list(paragraphs(t)) ==
    t.split("\\n\\n")`` for every ``t``."""
    find = text.find
    start = 0
    while True:
        end = find(SEPARATOR, start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 2


def blank_matches(pattern: re.Pattern[str], text: str, replacement: str = " ") -> str:
    """``pattern.sub(replacement, text)`` for a literal ``replacement`` and a pattern that never
    matches the empty string, match by match: one ``sub`` over a long text holds the
    interpreter until it ends."""
    parts: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        parts.append(text[start : match.start()])
        parts.append(replacement)
        start = match.end()
    if not parts:
        return text
    parts.append(text[start:])
    return "".join(parts)


_SPACE = re.compile(r"\s")
WORD_PIECE_CHARS = 64 * 1024


def word_total(text: str, piece: int = WORD_PIECE_CHARS) -> int:
    """``len(text.split())``, split a piece of about ``piece`` characters at a time (each cut
    at a whitespace character, so no word is cut in two; ``\\s`` is what ``str.split``
    splits at). One ``split`` of a 50 MB body held the interpreter for seconds while it made
    millions of strings: the site index's thread stopped the window for as long."""
    total = 0
    start, size = 0, len(text)
    while start < size:
        end = start + piece
        if end < size:
            space = _SPACE.search(text, end)
            end = space.start() if space is not None else size
        else:
            end = size
        total += len(text[start:end].split())
        start = end
    return total
