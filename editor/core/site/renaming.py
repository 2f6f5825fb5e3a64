"""The file name a post's title and date call for, and renaming a post's file to it.

Jekyll names posts ``YYYY-MM-DD-slug.ext`` and drafts ``slug.ext``; when a writer changes the
title or date, the window offers the matching name (never renames silently). A ``slug`` or
``permalink`` in the front matter is kept as it is: the post's URL then does not follow the
file name, which the question says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from editor.core.frontmatter.dates import parse_date_value
from editor.core.paths import free_path, same_file
from editor.core.post import Post
from editor.core.site.model import Site, filename_date, slugify
from editor.core.site.publish import move_post


@dataclass(frozen=True)
class RenameOffer:
    """A new name for a post's file; ``clash`` when another file already has that name."""

    current: Path
    target: Path
    clash: Path | None  # the taken name, when ``target`` had to be changed to a free one
    url_kept: bool  # a slug or permalink in the front matter keeps the URL as it is


def naming_key(metadata: dict[str, Any]) -> tuple[str, str]:
    """What a post's file name follows: its title and its date (as text)."""
    parsed = parse_date_value(metadata.get("date"))
    when = parsed.value if parsed is not None else None
    day = when.date() if isinstance(when, datetime) else when
    return str(metadata.get("title") or ""), day.isoformat() if isinstance(day, date) else ""


def rename_offer(post: Post, site: Site) -> RenameOffer | None:
    """The name the post's title and date call for, or None when its name already fits."""
    if post.path is None or site.kind != "jekyll" or post.document.error is not None:
        return None
    title, day = naming_key(post.document.metadata)
    if not title.strip():
        return None
    slug = slugify(title)
    named_day, _ = filename_date(post.path)
    if site.is_draft_path(post.path):
        stem = slug
    else:
        when = date.fromisoformat(day) if day else named_day
        if when is None:
            return None
        stem = f"{when.isoformat()}-{slug}"
    wanted = post.path.with_name(stem + post.path.suffix)
    if wanted.name == post.path.name:
        return None
    clash = None
    if (wanted.exists() or wanted.is_symlink()) and not same_file(wanted, post.path):
        clash = wanted
        wanted = free_path(wanted)
    metadata = post.document.metadata
    url_kept = bool(metadata.get("permalink") or metadata.get("slug"))
    return RenameOffer(post.path, wanted, clash, url_kept)


def rename_post_file(post: Post, target: Path) -> None:
    """Rename the post's file (never over another file); the post follows its file."""
    assert post.path is not None
    move_post(post.path, target)
    post.path = target
