"""What a preview shows where the site would put something it cannot compute here.

Placeholders (an inline chip or a block) and where a tag sits in its source line (alone, in a
URL, in an HTML attribute, in code), which decides the placeholder's form. No python-liquid
import: the light evaluator of :mod:`env` uses these too.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liquid.token import Token


LIQUID_TOKEN_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

ATTRIBUTE_CONTEXT_RE = re.compile(r"<[a-zA-Z][^<>]*$")

URL_CONTEXT_RE = re.compile(r"(?:\]\(\s*[^()\s]*|^\s*\[[^\]]+\]:\s*\S*|<[^<>\s]*)$")

FIGURE_SOURCES = ("src", "image_path", "image", "url", "file", "path")

CONTEXT_CHARS = 300  # how far around a tag its place is judged (long lines stay linear)


def chip(kind: str, label: str, source: str) -> str:
    """A small inline marker saying what the site would put here."""
    short = label if len(label) <= 80 else label[:77] + "…"
    return (
        f'<span class="pe-placeholder pe-{kind}" title="{html.escape(source)}">'
        f"{html.escape(short)}</span>"
    )


def block_marker(kind: str, label: str, source: str) -> str:
    short = label if len(label) <= 120 else label[:117] + "…"
    return (
        f'<div class="pe-placeholder pe-{kind}" title="{html.escape(source)}">'
        f"{html.escape(short)}</div>"
    )


def figure_html(args: Mapping[str, Any]) -> str:
    """A theme's figure include, when the theme is not in the site folder: the figure itself."""
    src = next((str(args[k]) for k in FIGURE_SOURCES if args.get(k)), "")
    if not src:
        return ""
    caption = re.sub(r"[*_`]+", "", str(args.get("caption") or args.get("title") or ""))
    alt = str(args.get("alt") or "")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="pe-figure"><img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        f"{caption_html}</figure>"
    )


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


@lru_cache(maxsize=64)
def source_line_starts(source: str) -> list[int]:
    return line_starts(source)


@dataclass
class TagPlace:
    """Where a tag sits in its source line: alone, inside a URL, an HTML tag, or code."""

    alone: bool
    in_url: bool
    in_attribute: bool
    indent: str
    source: str
    in_code: bool = False


FENCE_LINE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


@lru_cache(maxsize=64)
def fenced_ranges(source: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the fenced code blocks of ``source`` (sorted)."""
    starts: list[int] = []
    ends: list[int] = []
    open_fence = ""
    for match in FENCE_LINE_RE.finditer(source):
        fence = match.group(1)
        if not open_fence:
            open_fence = fence
            starts.append(match.start())
        elif fence[0] == open_fence[0] and len(fence) >= len(open_fence):
            line_end = source.find("\n", match.end())
            if not source[match.end() : len(source) if line_end < 0 else line_end].strip():
                open_fence = ""
                ends.append(match.end())
    if open_fence:
        ends.append(len(source))
    return starts, ends


def in_fence(source: str, offset: int) -> bool:
    starts, ends = fenced_ranges(source)
    if not starts:
        return False
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and offset < ends[k]


def tag_place(token: Token) -> TagPlace:
    source = token.source
    start = source.rfind("{%", 0, token.start_index + 1)
    start = token.start_index if start < 0 else start
    end = source.find("%}", token.start_index)
    end = len(source) if end < 0 else end + 2
    starts = source_line_starts(source)
    line = bisect.bisect_right(starts, start) - 1
    line_start = max(starts[line], start - CONTEXT_CHARS)
    line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(source)
    line_end = min(line_end, end + CONTEXT_CHARS)
    before = source[line_start:start]
    after = source[end:line_end]
    plain = LIQUID_TOKEN_RE.sub("x", before)
    indent = len(before.expandtabs(4)) - len(before.expandtabs(4).lstrip())
    in_code = (
        plain.count("`") % 2 == 1 or (indent >= 4 and not before.strip()) or in_fence(source, start)
    )
    return TagPlace(
        alone=not before.strip() and not after.strip(),
        in_url=URL_CONTEXT_RE.search(plain) is not None,
        in_attribute=ATTRIBUTE_CONTEXT_RE.search(plain) is not None,
        indent=before if not before.strip() else "",
        source=source[start:end],
        in_code=in_code,
    )
