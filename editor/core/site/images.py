"""Images chosen in the form: the URL a post uses for a site file, copying outside files in."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from editor.core.paths import free_path

logger = logging.getLogger(__name__)


def url_for_site_file(root: Path, path: Path, kind: str = "jekyll") -> str | None:
    """The root-relative URL of a file inside the site, or None when it lies outside.

    Hugo serves ``static/x.png`` as ``/x.png``; Jekyll serves files at their own path.
    """
    try:
        rel = Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return None
    parts = rel.parts
    if kind == "hugo" and parts and parts[0] == "static":
        parts = parts[1:]
    return "/" + "/".join(parts)


def copy_into_folder(source: Path, folder: Path) -> Path:
    """Copy an image into the site's image folder under a name not already taken.

    Never overwrites: an existing ``photo.jpg`` makes the copy ``photo-2.jpg``. Raises OSError
    with the reason when the copy fails, leaving no partial file behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = free_path(folder / source.name)
    try:
        shutil.copyfile(source, target)
    except OSError:
        target.unlink(missing_ok=True)
        raise
    logger.info("copied %s into the site as %s", source, target)
    return target
