"""The open site and the open post: every load and save of the window goes through here.

The window never touches files itself. Errors come back as exceptions with messages written
for the writer (TextDecodeError, SaveError, ConflictError, OSError), and the document is left
exactly as it was, unsaved, whenever a save fails.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from editor.core.paths import data_dir, resources_dir
from editor.core.post import Post
from editor.core.site import PostEntry, Site
from editor.core.site.new_post import new_post_text

log = logging.getLogger(__name__)


def sample_site_copy() -> Path:
    """The writer's own copy of the bundled sample site (made on first use)."""
    target = data_dir() / "sample-site"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # copyfile, not copy2: the installed resources may be read-only, the copy must not be.
        shutil.copytree(resources_dir() / "sample_site", target, copy_function=shutil.copyfile)
        log.info("copied the sample site to %s", target)
    return target


class DocumentSession(QObject):
    """Holds the current site and post; emits when either changes."""

    siteChanged = Signal()
    postChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.site: Site | None = None
        self.post: Post | None = None

    # -- site -------------------------------------------------------------------------------
    def open_site(self, path: Path) -> Site:
        self.site = Site.open(path)
        self.siteChanged.emit()
        return self.site

    def entries(self) -> list[PostEntry]:
        return self.site.entries() if self.site is not None else []

    # -- post -------------------------------------------------------------------------------
    def open_post(self, path: Path) -> Post:
        path = Path(path)
        post = Post.load(path)
        if self.site is None or not self.site.holds_post(path):
            self.site = Site.open(path)
            self.siteChanged.emit()
        self.post = post
        self.postChanged.emit()
        return post

    def new_post(self, title: str, *, draft: bool = False) -> Post:
        """An unsaved post; its path is the one it will be saved to (``YYYY-MM-DD-slug.md``)."""
        post = Post.untitled(new_post_text(title, self.site, draft=draft))
        if self.site is not None:
            post.path = self.site.new_post_path(title, draft=draft)
        self.post = post
        self.postChanged.emit()
        return post

    def close_post(self) -> None:
        self.post = None
        self.postChanged.emit()

    def save(self, path: Path | None = None, *, force: bool = False) -> Path:
        """Save the post (to ``path`` for Save As); raises SaveError/ConflictError untouched."""
        if self.post is None:
            raise RuntimeError("no post is open")
        target = Path(path) if path is not None else self.post.path
        if target is None:
            raise RuntimeError("the post has no file name yet")
        target.parent.mkdir(parents=True, exist_ok=True)
        self.post.save(target, force=force)
        return target

    def reload(self) -> None:
        if self.post is not None:
            self.post.reload()
            self.postChanged.emit()
