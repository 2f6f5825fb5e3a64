"""What a post knows about itself beyond its front matter: Jekyll's file-name conventions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from editor.core.render.context import RenderContext
from editor.core.render.liquid import parse_date

FILENAME_DATE_RE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.*)$")


def post_date(ctx: RenderContext) -> dt.date | None:
    """The post's date: front matter first, else the ``YYYY-MM-DD-`` of its file name."""
    value = ctx.metadata.get("date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and parse_date(value):
        return parse_date(value)
    if ctx.post_path is not None:
        match = FILENAME_DATE_RE.match(Path(ctx.post_path).name)
        if match:
            return parse_date(match.group(1))
    return None


def post_title(ctx: RenderContext) -> str:
    """The front-matter title, else one derived from the file name as Jekyll does."""
    title = str(ctx.metadata.get("title") or "").strip()
    if title or ctx.post_path is None:
        return title
    stem = Path(ctx.post_path).stem
    match = FILENAME_DATE_RE.match(stem)
    slug = match.group(2) if match else stem
    return slug.replace("-", " ").strip().capitalize()


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
