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
