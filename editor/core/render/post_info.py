"""What a post knows about itself beyond its front matter: Jekyll's file-name conventions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from editor.core.post_names import filename_date, title_from_slug
from editor.core.render.context import RenderContext
from editor.core.render.liquid.dates import parse_date


def post_date(ctx: RenderContext) -> dt.date | None:
    """The post's date: front matter first, else the ``YYYY-MM-DD-`` of its file name."""
    value = ctx.metadata.get("date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and parse_date(value):
        return parse_date(value)
    if ctx.post_path is not None:
        return filename_date(ctx.post_path)[0]
    return None


def post_title(ctx: RenderContext) -> str:
    """The front-matter title, else one derived from the file name as Jekyll does."""
    title = str(ctx.metadata.get("title") or "").strip()
    if title or ctx.post_path is None:
        return title
    return title_from_slug(filename_date(ctx.post_path)[1])


def page_variables(ctx: RenderContext) -> dict[str, Any]:
    """Liquid's ``page``: the front matter, with the title and date Jekyll derives if missing."""
    page = dict(ctx.metadata)
    if not page.get("title"):
        title = post_title(ctx)
        if title:
            page["title"] = title
    if not page.get("date"):
        date = post_date(ctx)
        if date is not None:
            page["date"] = date
    return page
