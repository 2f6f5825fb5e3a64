"""Standalone HTML of a post (CSS and images inlined): File → Export HTML and ``render``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from editor.core.frontmatter import PostDocument
from editor.core.render import RenderOptions, render_document
from editor.core.site import Site
from editor.core.storage import atomic_write


def standalone_html(
    document: PostDocument, path: Path | None, site: Site | None, options: RenderOptions
) -> str:
    """The same page the preview shows, made self-contained for a file or stdout."""
    standalone = dataclasses.replace(options, url_mode="standalone", allow_remote=False)
    return render_document(document, path, site, standalone)


def export_html(
    document: PostDocument,
    path: Path | None,
    site: Site | None,
    options: RenderOptions,
    target: Path,
) -> None:
    atomic_write(Path(target), standalone_html(document, path, site, options).encode("utf-8"))


BUILD_FOLDERS = ("_posts", "_drafts", "content")


def export_folder(post_path: Path | None, site_root: Path | None, home: Path) -> Path:
    """Where the Export dialog starts: a folder outside the site.

    A page saved among the posts is built by Jekyll or Hugo as one more post (an ``.html``
    file in ``_posts/`` breaks a Jekyll build), so the dialog never starts there: it starts in
    the writer's documents folder (``home``), or beside the site when that is inside it.
    """
    start = home
    if site_root is not None:
        root = site_root.resolve()
        if start.resolve() == root or root in start.resolve().parents:
            start = root.parent
    return start


def inside_build_folder(target: Path, site_root: Path | None) -> str | None:
    """The site folder (``_posts``, ``_drafts``, ``content``) ``target`` lies in, if any."""
    if site_root is None:
        return None
    try:
        relative = target.resolve().relative_to(site_root.resolve())
    except ValueError:
        return None
    parts = relative.parts[:-1]
    for part in parts:
        if part in BUILD_FOLDERS:
            return part
    return None
