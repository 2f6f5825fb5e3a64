"""Emoji shortcodes (``:tada:``) as emoji, where the site turns them into emoji.

A Jekyll site does so with the jemoji plugin (listed under ``plugins``/``gems`` in
``_config.yml`` or in the Gemfile's plugin group), a Hugo site with ``enableEmoji``. jemoji
writes an ``<img>`` loaded from GitHub; the preview shows the Unicode character instead, so
nothing remote is loaded. Names are GitHub's (the ``emoji`` package's aliases); an unknown
name stays as typed, as with jemoji.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown.inlinepatterns import InlineProcessor

SHORTCODE_RE = r"(?<![\w:]):([a-z0-9_+-]+):(?![\w:])"


@lru_cache(maxsize=2048)
def emoji_for(name: str) -> str | None:
    import emoji

    text = f":{name}:"
    found = emoji.emojize(text, language="alias")
    return found if found != text else None


def site_uses_emoji(site: Any) -> bool:
    """Whether the site turns shortcodes into emoji (jemoji, Hugo's ``enableEmoji``)."""
    if site is None:
        return False
    config = getattr(site, "config", None) or {}
    if getattr(site, "kind", "") == "hugo":
        return bool(config.get("enableEmoji") or config.get("enableemoji"))
    for key in ("plugins", "gems"):
        plugins = config.get(key) or []
        if isinstance(plugins, list) and "jemoji" in [str(p) for p in plugins]:
            return True
    root = getattr(site, "root", None)
    return root is not None and gemfile_has_jemoji(Path(root))


@lru_cache(maxsize=16)
def gemfile_has_jemoji(root: Path) -> bool:
    """Read once per site and process: renders run on every keystroke."""
    try:
        gemfile = (root / "Gemfile").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"""^\s*gem\s+["']jemoji["']""", gemfile, re.M) is not None


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
