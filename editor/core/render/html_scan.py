"""The one way our render code reads tags in HTML text: the tag pattern and the void elements.

The passes that walk rendered HTML (source lines, chunk markers) jump from a start tag to its
end; they must agree on which elements have no end tag, or a ``<source>`` inside ``<video>``
makes one of them lose count.
"""

from __future__ import annotations

import re

# A comment, or a start/end tag with its attributes (quoted values may hold ``>``).
TAG_RE = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL
)
# HTML's void elements (the living standard's list): never an end tag.
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# Elements whose content is text, not tags.
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title"})


def has_content(name: str, attrs: str) -> bool:
    """Whether a start tag opens an element that an end tag closes (not void, not ``/>``)."""
    return name.lower() not in VOID_ELEMENTS and not attrs.rstrip().endswith("/")
