"""The messages between the preview and its render workers (no Qt: both processes import it).

Only edits cross the process boundary per keystroke, never the whole body: ``Reset`` gives the
worker a body once, then each ``Edit`` says which span changed. Every request carries a serial
that its answer repeats, so the preview can drop answers about text it no longer shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.render.context import RenderContext


@dataclass(frozen=True)
class Reset:
    """Hold this body (and context) for the edits that follow; answered by ``Ready``."""

    serial: int
    body: str
    ctx: RenderContext


@dataclass(frozen=True)
class Edit:
    """``body[start:end]`` became ``text``; answered by ``Patch``. ``ctx`` only when it changed."""

    serial: int
    start: int
    end: int
    text: str
    ctx: RenderContext | None = None


@dataclass(frozen=True)
class Full:
    """Render the whole page; answered by ``Page``."""

    serial: int
    body: str
    ctx: RenderContext


@dataclass(frozen=True)
class Stop:
    """End the worker's loop."""


Request = Reset | Edit | Full | Stop


@dataclass(frozen=True)
class Ready:
    serial: int


@dataclass(frozen=True)
class Patch:
    """Page code splicing the re-rendered chunks in; ``reasons`` say why a full render is due."""

    serial: int
    script: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A whole page, and the code that replaces the article in a page already shown.

    ``head_key`` identifies everything outside the article: when it differs from the page
    shown (other CSS, say), the page is loaded anew instead of patched.
    """

    serial: int
    html: str
    article_script: str
    head_key: str


@dataclass(frozen=True)
class Failed:
    """The request raised; ``message`` says what happened."""

    serial: int
    message: str


Answer = Ready | Patch | Page | Failed
