"""The one render pipeline: preview, HTML export and ``post-editor render`` all call it.

``render_body`` turns Markdown (a whole body or a fragment of it) into sanitised HTML whose
top-level blocks carry ``data-line``; ``render_page`` wraps it in the article page.

The render functions load Python-Markdown, Pygments and nh3 on first use: the window's own
process only needs the options and context (rendering happens in the worker processes), and
loading them there cost ~140 ms of start-up and ~9 MiB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from editor.core.render.context import RenderContext, RenderOptions

if TYPE_CHECKING:
    from editor.core.render.pipeline import (
        render_body,
        render_document,
        render_header,
        render_page,
    )

__all__ = [
    "RenderContext",
    "RenderOptions",
    "load_pipeline",
    "render_body",
    "render_document",
    "render_header",
    "render_page",
]

_LAZY = frozenset({"render_body", "render_document", "render_header", "render_page"})
_PIPELINE = "editor.core.render.pipeline"


def load_pipeline() -> None:
    """Import the pipeline now: a render worker does it before its first request."""
    importlib.import_module(_PIPELINE)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_PIPELINE), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
