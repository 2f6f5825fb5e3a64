"""Images chosen in the form: the URL a post uses for a site file, copying outside files in."""

from __future__ import annotations

import logging
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.paths import free_path

if TYPE_CHECKING:
    from editor.core.site.model import Site

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


# -- images dropped or pasted into the source pane (#12) ----------------------------------------

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff"}
)
_REFERENCE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)|^image:\s*['\"]?([^'\"\s]+)", re.M)
MAX_POSTS_READ = 200


def is_image_file(path: Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def clean_file_name(name: str, default: str = "image") -> str:
    """A web-safe file name: lowercase words joined by hyphens, the suffix kept (lowercase)."""
    path = Path(name)
    suffix = path.suffix.lower() if is_image_file(path) else ""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower() if suffix else path.name.lower())
    stem = stem.strip("-")[:60].strip("-")
    return (stem or default) + suffix


def detect_image_folder(site: Site) -> Path | None:
    """The folder the site's own posts take their images from most often, if any."""
    folders: Counter[Path] = Counter()
    for index, post in enumerate(site.post_paths()):
        if index >= MAX_POSTS_READ:
            break
        try:
            text = post.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _REFERENCE.finditer(text):
            target = site.resolve_url(match.group(1) or match.group(2), post)
            if target is not None and is_image_file(target) and target.parent != post.parent:
                folders[target.parent] += 1
    return folders.most_common(1)[0][0] if folders else None


def save_image_data(data: bytes, folder: Path, name: str) -> Path:
    """Write image bytes (a pasted image) into ``folder`` under a free name; never overwrites."""
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        target = free_path(folder / name)
        try:
            with target.open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            continue  # taken meanwhile: look again
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return target


def copy_image_into_site(source: Path, folder: Path) -> Path:
    """Copy an image file into the site under its cleaned, unique name."""
    return save_image_data(Path(source).read_bytes(), folder, clean_file_name(source.name))


def site_image_url(site: Site, path: Path) -> str | None:
    """The URL the site serves a file at, with its baseurl (as the preview resolves it)."""
    url = url_for_site_file(site.root, path, site.kind)
    return None if url is None else site.baseurl + url


def image_markdown(url: str, alt: str) -> tuple[str, int, int]:
    """``![alt](url)`` and where the alt text lies in it (to select it for typing)."""
    alt = alt.replace("]", "").replace("\n", " ")
    return f"![{alt}]({url})", 2, 2 + len(alt)
