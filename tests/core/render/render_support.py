"""Helpers for the render tests: reading rendered HTML the way a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# HTML's void elements, written out here so the oracle does not share the scanner's list.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
CODE_RE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]+>")


class TopLevel(HTMLParser):
    """Lists the top-level elements of a fragment with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stray_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip():
            self.stray_text.append(data.strip())


def top_level(html: str) -> TopLevel:
    parser = TopLevel()
    parser.feed(html)
    parser.close()
    return parser


def visible_text_outside_code(html: str) -> str:
    """What a reader sees, minus code blocks and code spans (where Liquid may be shown)."""
    from html import unescape

    return unescape(TAG_RE.sub(" ", CODE_RE.sub(" ", html)))
