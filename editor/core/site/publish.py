"""Publishing: a draft moves to ``_posts/YYYY-MM-DD-slug.ext`` and back, as jekyll-compose does.

Both the command line and the window go through here, so a post is named the same way whichever
the writer uses.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from editor.core.frontmatter.dates import parse_date_value
from editor.core.post import Post
from editor.core.post_names import filename_date
from editor.core.site.model import Site


class PublishError(Exception):
    """A message for the writer: the post was not moved."""


def publish_target(post: Post, site: Site) -> Path:
    """Where a draft goes when published: its ``date:``, else a date in its name, else today."""
    path = _saved_path(post)
    if not site.is_draft_path(path):
        raise PublishError(f"{path} is not in the site's _drafts folder")
    document = post.document
    parsed = parse_date_value(document.get("date"), document.raw_value("date"))
    named_day, slug = filename_date(path)  # a draft named 2024-02-10-x.md keeps one date
    day = parsed.value if parsed is not None else (named_day or date.today())
    day = day.date() if isinstance(day, datetime) else day
    return site.root / "_posts" / f"{day.isoformat()}-{slug}{path.suffix}"


def unpublish_target(post: Post, site: Site) -> Path:
    """Where a published post goes back to: ``_drafts/slug.ext``."""
    path = _saved_path(post)
    if site.kind != "jekyll" or (site.root / "_posts") not in path.resolve().parents:
        raise PublishError(f"{path} is not in the site's _posts folder")
    _, slug = filename_date(path)
    return site.root / "_drafts" / f"{slug}{path.suffix}"


def _saved_path(post: Post) -> Path:
    if post.path is None:
        raise PublishError("the post has not been saved yet: save it, then publish")
    return post.path


def move_post(source: Path, target: Path) -> None:
    """Move a post without ever overwriting a file that is already at the target."""
    if target.exists():
        raise PublishError(f"{target} already exists; nothing was moved")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(source, target)  # fails instead of overwriting a file that appeared meanwhile
    os.unlink(source)
