"""Emoji shortcodes (``:tada:``) as emoji, where the site turns them into emoji.

A Jekyll site does so with the jemoji plugin, a Hugo site with ``enableEmoji`` (see
:func:`editor.core.render.site_plugins.site_uses_emoji`). jemoji
writes an ``<img>`` loaded from GitHub; the preview shows the Unicode character instead, so
nothing remote is loaded. Names are GitHub's (the ``emoji`` package's aliases); an unknown
name stays as typed, as with jemoji.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown.inlinepatterns import InlineProcessor

SHORTCODE_RE = r"(?<![\w:]):([a-z0-9_+-]+):(?![\w:])"


@lru_cache(maxsize=2048)
def emoji_for(name: str) -> str | None:
    import emoji

    text = f":{name}:"
    found = emoji.emojize(text, language="alias")
    return found if found != text else None


class EmojiProcessor(InlineProcessor):
    """``:name:`` to its emoji when ``enabled()`` says the site does so."""

    def __init__(self, md: Any, enabled: Callable[[], bool]) -> None:
        super().__init__(SHORTCODE_RE, md)
        self.enabled = enabled

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        if not self.enabled():
            return None, None, None
        found = emoji_for(m.group(1))
        if found is None:
            return None, None, None
        span = etree.Element("span", {"class": "emoji", "title": m.group(0)})
        span.text = found
        return span, m.start(0), m.end(0)
