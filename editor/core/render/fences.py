"""Fenced code blocks as Markdown writes them: the one pattern for the render pipeline and
the checks (kept apart from ``source.py`` so that reading it loads no highlighter)."""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
