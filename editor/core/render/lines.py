"""The last word on ``data-line``: every top-level element of the final HTML carries one.

Sanitising can restructure invalid nesting (a ``<div>`` typed inside a paragraph becomes a
sibling), creating top-level elements Markdown never saw; they take the line of the block
they came out of, so scroll sync and block patching never meet an unmarked block.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

TAG_RE = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.DOTALL)
DATA_LINE_RE = re.compile(r'\sdata-line="(\d+)"')
VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def fill_data_lines(html: str, first_line: int) -> str:
    """``html`` (well-formed, as the sanitiser writes it) with data-line on every top block."""
    out: list[str] = []
    depth = 0
    pos = 0
    last = str(first_line)
    for match in TAG_RE.finditer(html):
        closing, name, attrs = match.groups()
        if name is None:
            continue
        name = name.lower()
        if closing:
            if name not in VOID:
                depth = max(0, depth - 1)
            continue
        if depth == 0:
            found = DATA_LINE_RE.search(attrs)
            if found:
                last = found.group(1)
            else:
                insert = match.start(3)
                out.append(html[pos:insert])
                out.append(f' data-line="{last}"')
                pos = insert
        if name not in VOID and not attrs.rstrip().endswith("/"):
            depth += 1
    out.append(html[pos:])
    return "".join(out)
