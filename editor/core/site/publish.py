"""Publishing: a draft moves to ``_posts/YYYY-MM-DD-slug.ext`` and back, as jekyll-compose does.

Both the command line and the window go through here, so a post is named the same way whichever
the writer uses.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from datetime import date, datetime
from pathlib import Path

from editor.core.frontmatter import FrontMatterEditError
from editor.core.frontmatter.dates import parse_date_value
from editor.core.post import Post
from editor.core.post_names import filename_date
from editor.core.site.model import Site
from editor.core.storage import SaveError


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


def move_post(source: Path, target: Path, data: bytes | None = None) -> None:
    """Move a post (with new bytes when ``data`` is given), never overwriting a file at the target.

    A hard link is the atomic way to refuse an existing target; on file systems without hard
    links (FAT, exFAT, some network shares) the new file is created exclusively instead.
    """
    if target.exists() or target.is_symlink():
        raise PublishError(f"{target} already exists; nothing was moved")
    target.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        try:
            os.link(source, target)
        except FileExistsError as exc:
            raise PublishError(f"{target} already exists; nothing was moved") from exc
        except OSError:
            data = source.read_bytes()  # no hard links here: copy below
        else:
            os.unlink(source)
            return
    _create_new(target, data, os.stat(source).st_mode)
    os.unlink(source)


def _create_new(target: Path, data: bytes, mode: int) -> None:
    """Write a file that must not exist yet: complete on disk before it has its name."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.fchmod(fd, stat.S_IMODE(mode))
        finally:
            os.close(fd)
        try:
            os.link(tmp, target)
        except FileExistsError as exc:
            raise PublishError(f"{target} already exists; nothing was moved") from exc
        except OSError:
            _create_exclusively(target, data, mode)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _create_exclusively(target: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(mode))
    except FileExistsError as exc:
        raise PublishError(f"{target} already exists; nothing was moved") from exc
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    os.close(fd)


def publish_post(post: Post, site: Site, *, today: date | None = None) -> Path:
    """Publish a post and say where it now is.

    Jekyll: the draft moves to ``_posts/YYYY-MM-DD-slug.ext`` and gets a ``date:`` when it has
    none (the date in its file name, else today). Hugo and plain folders: ``draft: false``.
    """
    if post.path is None:
        raise PublishError("save the post before publishing it")
    if site.kind == "jekyll" and site.is_draft_path(post.path):
        document = post.document
        if document.get("date") in (None, "") and document.error is None:
            named_day, _ = filename_date(post.path)
            try:
                document.set("date", named_day or today or date.today())
            except FrontMatterEditError as exc:
                raise PublishError(f"{post.path}: {exc}") from exc
        target = publish_target(post, site)
        move_post(post.path, target, document.to_bytes() if post.is_dirty else None)
        return target
    return _set_draft(post, False)


def unpublish_post(post: Post, site: Site) -> Path:
    """Jekyll: back to ``_drafts/slug.ext``; Hugo and plain folders: ``draft: true``."""
    if post.path is None:
        raise PublishError("this post has no file yet")
    if site.kind == "jekyll" and not site.is_draft_path(post.path):
        target = unpublish_target(post, site)
        move_post(post.path, target)
        return target
    return _set_draft(post, True)


def _set_draft(post: Post, draft: bool) -> Path:
    assert post.path is not None
    document = post.document
    if document.error is not None:
        raise PublishError(f"{post.path}: the front matter has an error: {document.error.message}")
    if not draft and "draft" not in document.metadata:
        raise PublishError(f"{post.path} is not a draft")
    try:
        document.set("draft", draft)
        post.save()
    except (FrontMatterEditError, SaveError) as exc:
        raise PublishError(str(exc)) from exc
    return post.path
