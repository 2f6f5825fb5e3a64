"""Image and link URLs: site files through our scheme (or inlined), the rest as placeholders.

The preview may only show files from inside the site folder; anything else is named in a
visible placeholder so the writer sees what the published page would try to load.
"""

from __future__ import annotations

import base64
import html
import logging
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from editor.core.render.context import RenderContext

logger = logging.getLogger(__name__)

SITE_PREFIX = "postedit://site/"
APP_PREFIX = "postedit://app/"
IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINK_RE = re.compile(r"(<a\b[^>]*?\bhref\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
SRC_RE = re.compile(r"""(\bsrc\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
MAX_INLINE_BYTES = 20 * 1024 * 1024


def placeholder(kind: str, label: str, target: str) -> str:
    """A visible chip where an image cannot be shown, naming what it points to."""
    return (
        f'<span class="pe-placeholder pe-{kind}" title="{html.escape(target)}">'
        f"{html.escape(label)}</span>"
    )


def local_file(url: str, ctx: RenderContext) -> Path | None:
    """The file a local URL points to: inside the site, or (no site) beside the post."""
    try:
        if ctx.site is not None:
            return ctx.site.resolve_url(url, ctx.post_path)
        if ctx.post_path is None or url.startswith("/"):
            return None
        folder = Path(ctx.post_path).parent.resolve()
        path = (folder / unquote(urlsplit(url).path)).resolve()
    except (OSError, ValueError, RuntimeError):
        logger.debug("could not resolve %r", url, exc_info=True)
        return None
    return path if path.is_relative_to(folder) and path.is_file() else None


def site_url(path: Path, site: Any) -> str | None:
    """``postedit://site/<relpath>`` for a file inside the site root (no site: None)."""
    if site is None:
        return None
    try:
        root = Path(site.root).resolve()
        rel = Path(os.path.relpath(Path(path).resolve(), root))
    except (OSError, ValueError):
        return None
    if rel.parts and rel.parts[0] == "..":
        return None
    return SITE_PREFIX + quote(rel.as_posix(), safe="/")


@lru_cache(maxsize=256)
def _data_uri(path: str, mtime_ns: int, size: int) -> str | None:
    if size > MAX_INLINE_BYTES:
        return None
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    data = Path(path).read_bytes()
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def data_uri(path: Path) -> str | None:
    """The file as a data: URI for standalone HTML, cached while the file is unchanged."""
    try:
        stat = path.stat()
        return _data_uri(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None


def image_src(url: str, ctx: RenderContext) -> tuple[str | None, str]:
    """(new src, "") for a showable image, or (None, placeholder HTML) when it cannot be shown."""
    url = url.strip()
    if not url:
        return None, placeholder("missing-image", "Image with no address", "")
    lowered = url.lower()
    if lowered.startswith("data:image/") or lowered.startswith(SITE_PREFIX):
        return url, ""
    if lowered.startswith(("http://", "https://", "//")):
        if ctx.options.allow_remote:
            return url, ""
        return None, placeholder("remote-image", f"Remote image not loaded: {url}", url)
    if SCHEME_RE.match(url):
        return None, placeholder("blocked-image", f"Image address not allowed: {url}", url)
    path = local_file(url, ctx)
    if path is None or not path.is_file():
        return None, placeholder("missing-image", f"Missing image: {unquote(url)}", url)
    new = data_uri(path) if ctx.options.url_mode == "standalone" else site_url(path, ctx.site)
    if new is None:
        return None, placeholder("missing-image", f"Image not available: {unquote(url)}", url)
    return new, ""


def rewrite_urls(fragment: str, ctx: RenderContext) -> str:
    """Point every ``<img>`` at something the preview may show; local file links too."""
    if "<img" in fragment or "<IMG" in fragment:
        fragment = IMG_RE.sub(lambda m: _image_tag(m.group(0), ctx), fragment)
    if ctx.options.url_mode == "preview" and ctx.site is not None and "href" in fragment:
        fragment = LINK_RE.sub(lambda m: _link(m, ctx), fragment)
    return fragment


def _image_tag(tag: str, ctx: RenderContext) -> str:
    src_match = SRC_RE.search(tag)
    raw = src_match.group(2).strip("\"'") if src_match else ""
    new, chip = image_src(html.unescape(raw), ctx)
    if new is None or src_match is None:
        return chip if new is None else tag
    start, end = src_match.span(2)
    return f'{tag[:start]}"{html.escape(new)}"{tag[end:]}'


def _link(match: re.Match[str], ctx: RenderContext) -> str:
    """A link to a file in the site (a PDF, an image) opens it through our scheme."""
    href = html.unescape(match.group(2)[1:-1]).strip()
    if not href or href.startswith("#") or SCHEME_RE.match(href) or href.startswith("//"):
        return match.group(0)
    parts = urlsplit(href)
    path = local_file(parts.path, ctx) if parts.path else None
    if path is None or not path.is_file():
        return match.group(0)
    new = site_url(path, ctx.site)
    if new is None:
        return match.group(0)
    if parts.fragment:
        new += "#" + parts.fragment
    return f'{match.group(1)}"{html.escape(new)}"'
