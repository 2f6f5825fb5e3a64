"""Markdown line patterns shared by the renderer and the checks, with no heavy imports.

The checks run in the window's process, which must not load the render stack (Markdown,
Pygments, nh3): that stays in the render workers.
"""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
