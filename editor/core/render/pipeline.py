"""The render pipeline's entry points (imported through ``editor.core.render``)."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.render.context import RenderContext, RenderOptions
from editor.core.render.lines import fill_data_lines
from editor.core.render.liquid.env import LITERAL_MARK
from editor.core.render.markdown import discard_converter, markdown_to_html
from editor.core.render.sanitize import sanitize
from editor.core.render.template import render_header, render_page_html
from editor.core.render.urls import rewrite_urls

if TYPE_CHECKING:
    from editor.core.frontmatter import PostDocument
    from editor.core.site import Site

logger = logging.getLogger(__name__)

NESTED_TOO_DEEPLY = (
    "It is nested too deeply (lists or quotes inside each other hundreds of levels)."
)
# Python-Markdown recurses once per level and gives up near 200 nested lists, after seconds;
# a line indented 150 levels is never prose, so such text is refused at once.
TOO_DEEP_RE = re.compile(r"^(?:\t| {4}){150}", re.MULTILINE)


def _message_block(message: str, line: int) -> str:
    return (
        f'<div class="pe-render-error" data-line="{line}">'
        f"<strong>This part of the post could not be previewed.</strong> "
        f"{html.escape(message)}</div>"
    )


def render_body(markdown_text: str, ctx: RenderContext, *, line_offset: int = 0) -> str:
    """Sanitised HTML for a body or a fragment; every top-level block carries data-line.

    Never raises on bad input: deeply nested Markdown (Python-Markdown recurses) gives a
    message block instead, so the preview explains rather than freezes or goes blank.
    """
    deep = TOO_DEEP_RE.search(markdown_text)
    if deep:
        line = line_offset + markdown_text.count("\n", 0, deep.start()) + 1
        return _message_block(NESTED_TOO_DEEPLY, line)
    try:
        raw = markdown_to_html(markdown_text, ctx, line_offset)
    except RecursionError:
        discard_converter(ctx.options)
        logger.warning("render gave up: the Markdown is nested too deeply")
        return _message_block(NESTED_TOO_DEEPLY, line_offset + 1)
    except Exception:
        discard_converter(ctx.options)
        logger.exception("render failed")
        return _message_block("The renderer met an internal error.", line_offset + 1)
    clean = sanitize(rewrite_urls(raw, ctx), allow_remote=ctx.options.allow_remote)
    if LITERAL_MARK in clean:  # literal "{{" / "{%" Liquid left in its output
        clean = clean.replace(LITERAL_MARK, "")
    return fill_data_lines(clean, line_offset + 1)


def render_page(body_markdown: str, ctx: RenderContext) -> str:
    """The whole HTML document: header, then ``<div id="post-body">`` with the body."""
    return render_page_html(render_header(ctx), render_body(body_markdown, ctx), ctx)


def render_document(
    doc: PostDocument, path: Path | None, site: Site | None, options: RenderOptions
) -> str:
    """Convenience for the CLI and export: a ``PostDocument`` rendered as a page."""
    return render_page(doc.body, RenderContext(site, path, doc.metadata, options))
