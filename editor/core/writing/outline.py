"""The post's headings, for the outline beside the source pane."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTRIBUTES = re.compile(r"\s*\{[:#][^}]*\}\s*$")
_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based line of the heading's text in the body
    level: int
    title: str


def _clean(title: str) -> str:
    title = _ATTRIBUTES.sub("", title)
    return _INLINE.sub(lambda m: m.group(1) or "", title).strip()


def headings(text: str) -> list[Heading]:
    """ATX (``## Title``) and setext (underlined) headings, not those inside fenced code."""
    found: list[Heading] = []
    fence: str | None = None
    previous = ""
    for number, line in enumerate(text.split("\n")):
        fence_match = _FENCE.match(line)
        if fence is not None:
            closing = fence_match.group(1) if fence_match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence):
                fence = None
            previous = ""
            continue
        if fence_match:
            fence = fence_match.group(1)
            previous = ""
            continue
        atx = _ATX.match(line)
        if atx:
            found.append(Heading(number, len(atx.group(1)), _clean(atx.group(2) or "")))
            previous = ""
            continue
        setext = _SETEXT.match(line)
        if setext and previous.strip() and not previous.startswith(("    ", "\t", ">", "-", "*")):
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append(Heading(number - 1, level, _clean(previous)))
            previous = ""
            continue
        previous = line
    return found
