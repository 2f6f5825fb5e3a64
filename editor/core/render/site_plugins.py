"""Which Markdown plugins a site uses: the preview shows a plugin's output only where it runs.

Stock Jekyll (and GitHub Pages) leaves ``:tada:`` and ``> [!NOTE]`` as typed; the jemoji and
jekyll-gfm-admonitions plugins turn them into emoji and callouts. A Jekyll site uses a plugin
when ``_config.yml`` lists it under ``plugins`` (``gems`` in Jekyll 3) or its Gemfile has the
gem. Hugo turns shortcodes into emoji with ``enableEmoji``; its themes render alerts through
a blockquote render hook, which the preview assumes a Hugo site has.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

JEMOJI = "jemoji"
ADMONITIONS = "jekyll-gfm-admonitions"


def site_uses_plugin(site: Any, gem: str) -> bool:
    """Whether a Jekyll site lists ``gem`` in its config or its Gemfile."""
    if site is None:
        return False
    config = getattr(site, "config", None) or {}
    for key in ("plugins", "gems"):
        plugins = config.get(key) or []
        if isinstance(plugins, list) and gem in [str(p) for p in plugins]:
            return True
    root = getattr(site, "root", None)
    return root is not None and gem in gemfile_gems(Path(root))


@lru_cache(maxsize=16)
def gemfile_gems(root: Path) -> frozenset[str]:
    """The gems a site's Gemfile names; read once per site and process (renders run often)."""
    try:
        gemfile = (root / "Gemfile").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(re.findall(r"""^\s*gem\s+["']([\w.-]+)["']""", gemfile, re.M))


def site_uses_emoji(site: Any) -> bool:
    """Whether the site turns shortcodes into emoji (jemoji, Hugo's ``enableEmoji``)."""
    if getattr(site, "kind", "") == "hugo":
        config = getattr(site, "config", None) or {}
        return bool(config.get("enableEmoji") or config.get("enableemoji"))
    return site_uses_plugin(site, JEMOJI)


def site_uses_alerts(site: Any) -> bool:
    """Whether ``> [!NOTE]`` quotes become callouts (jekyll-gfm-admonitions, Hugo themes)."""
    if getattr(site, "kind", "") == "hugo":
        return True
    return site_uses_plugin(site, ADMONITIONS)
