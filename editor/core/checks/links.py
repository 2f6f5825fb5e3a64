"""Links and media: missing local images, post_url/link targets, links to missing posts or
pages, images without alt text, skipped heading levels. Nothing is fetched from the network."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.checks.model import ERROR, WARNING, Finding, Fix, LineEdit, PostView
from editor.core.checks.text import liquid_tags
from editor.core.site.schema import IMAGE, type_from_name

if TYPE_CHECKING:
    from editor.core.checks.engine import SiteContext

_URL = (
    r"(?P<url>\{\{.{0,500}?\}\}[^)\s]*|<[^>]{0,2000}>|[^)\s]+)"
    r"(?:\s+(?:\"[^\"]{0,500}\"|'[^']{0,500}'|\([^)]{0,500}\)))?\s*\)"
)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\[]{0,1000})\]\(\s*" + _URL)
_MD_LINK = re.compile(r"(?<!!)\[[^\]\[]{0,1000}\]\(\s*" + _URL)
_HTML_IMG = re.compile(r"<img\b[^>]{0,2000}>", re.IGNORECASE)
_HTML_A = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*(?:\"\s*[^\"\s][^\"]*\"|'\s*[^'\s][^']*'|[^\s\"'>]+)", re.I)
_FILTERED = re.compile(
    r"^\{\{-?\s*[\"']([^\"']*)[\"']\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)"
    r"\s*-?\}\}(.*)$"
)
_SITE_PREFIX = re.compile(r"^(?:\{\{-?\s*site\.url\s*-?\}\})?(?:\{\{-?\s*site\.baseurl\s*-?\}\})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
# Addresses Jekyll's usual plugins write without a source file (jekyll-feed, jekyll-sitemap).
_GENERATED = {"/feed.xml", "/atom.xml", "/rss.xml", "/sitemap.xml", "/robots.txt"}
_POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")


def local_url(url: str) -> str | None:
    """The URL as the site serves it (Liquid filters and baseurl undone), None when not local."""
    url = url.strip().strip("<>").strip()
    filtered = _FILTERED.match(url)
    if filtered:
        url = filtered.group(1) + filtered.group(2)
    url = _SITE_PREFIX.sub("", url)
    if not url or "{{" in url or "{%" in url or url.startswith(("#", "//")):
        return None
    if urllib.parse.urlsplit(url).scheme:
        return None
    return url


def _without_query(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.unquote(parts.path)


def _images(view: PostView) -> Iterator[tuple[int, str, str | None, int]]:
    """(line, url, alt or None when there is no alt attribute, column) of each body image."""
    for number, text in view.body_lines():
        if "![" in text:
            for match in _MD_IMAGE.finditer(text):
                yield number, match.group("url"), match.group("alt"), match.start() + 1
        if "<img" in text.lower():
            for match in _HTML_IMG.finditer(text):
                src = _SRC.search(match.group())
                alt = _ALT.search(match.group())
                if src:
                    yield number, src.group(1), alt.group() if alt else "", match.start() + 1


def _front_matter_images(view: PostView) -> Iterator[tuple[int, str, str]]:
    metadata = view.metadata
    stack = [("", metadata)]
    while stack:
        prefix, mapping = stack.pop()
        for key, value in mapping.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and len(path) < 100:
                stack.append((path + ".", value))
            elif isinstance(value, str) and value and type_from_name(path) == IMAGE:
                number = view.key_line(path) if "." not in path else _line_with(view, value)
                yield number, value, path


def _line_with(view: PostView, text: str) -> int:
    for number, line in view.fm_lines():
        if text in line:
            return number
    return 1


def _resolve(view: PostView, ctx: SiteContext, url: str) -> Path | None:
    """``Site.resolve_url``, once per URL and post (a post may show one image many times)."""
    key = (url, view.path)
    if key not in view.resolved:
        view.resolved[key] = ctx.site.resolve_url(url, view.path) if ctx.site else None
    return view.resolved[key]


def check_images(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    site = ctx.site
    for number, url, alt, column in _images(view):
        if not (alt or "").strip():
            yield Finding(
                view.path,
                number,
                WARNING,
                "image-alt",
                "This image has no alt text: readers using a screen reader (or whose "
                "connection drops the image) get nothing; describe it in a few words.",
                column=column,
            )
        if site is not None:
            yield from _missing_image(view, ctx, number, url, None)
    if site is not None and view.document.error is None:
        for number, url, key in _front_matter_images(view):
            yield from _missing_image(view, ctx, number, url, key)


def _missing_image(
    view: PostView, ctx: SiteContext, number: int, url: str, key: str | None
) -> Iterator[Finding]:
    local = local_url(url)
    if local is None or ctx.site is None:
        return
    if _resolve(view, ctx, local) is not None:
        return
    if key is not None and not local.startswith("/") and ctx.site.kind == "jekyll":
        # Themes often join a front-matter image to their own image folder.
        folder = ctx.site.images_folder().relative_to(ctx.site.root).as_posix()
        if _resolve(view, ctx, f"/{folder}/{local}") is not None:
            return
    where = f"{key}: " if key else ""
    yield Finding(
        view.path,
        number,
        ERROR,
        "image-missing",
        f"{where}the image {local} is not in the site (looked for it where the published "
        "site will, baseurl included); readers will see a broken image.",
        field=key,
    )


def check_liquid_links(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    site = ctx.site
    body = view.document.body
    if site is None or site.kind == "hugo" or "{%" not in body:
        return
    for name, args, start, end in liquid_tags(body):
        if name not in ("post_url", "link") or end < 0:
            continue
        target = args.strip().strip("\"'")
        if not target or "{{" in target or " " in target:
            continue
        if name == "post_url":
            if target.removesuffix(".md").removesuffix(".markdown") in ctx.post_names:
                continue
            why = "names a post that does not exist in _posts"
        else:
            if (site.root / target.lstrip("/")).is_file():
                continue
            why = "names a file that does not exist in the site"
        yield Finding(
            view.path,
            view.body_line_of(start),
            ERROR,
            "post-url-missing",
            f"{{% {name} {target} %}} {why}; Jekyll stops the whole build on it.",
        )


def _links(view: PostView) -> Iterator[tuple[int, str]]:
    for number, text in view.body_lines():
        if "](" in text:
            for match in _MD_LINK.finditer(text):
                yield number, match.group("url")
        if "<a" in text.lower():
            for match in _HTML_A.finditer(text):
                yield number, match.group(1)


def check_links(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    site = ctx.site
    if site is None:
        return
    for number, url in _links(view):
        local = local_url(url)
        if local is None or local.startswith(("mailto:", "tel:")):
            continue
        path = _without_query(local)
        if not path:
            continue
        is_post_file = path.lower().endswith(_POST_SUFFIXES)
        if is_post_file:
            if _resolve(view, ctx, path) is None:
                yield _missing_link(view, number, path, "no post or page file of that name")
            continue
        if site.kind != "jekyll" or not path.startswith("/") or path in _GENERATED:
            continue
        if ctx.knows_url(path) or _resolve(view, ctx, path) is not None:
            continue
        if (site.root / path.lstrip("/")).is_dir():
            continue
        yield _missing_link(view, number, path, "no post or page of the site has that address")


def _missing_link(view: PostView, number: int, path: str, why: str) -> Finding:
    return Finding(
        view.path,
        number,
        WARNING,
        "link-missing",
        f"The link to {path} leads nowhere: {why}.",
    )


def check_headings(view: PostView) -> Iterator[Finding]:
    previous: int | None = None
    for number, text in view.body_lines():
        if not text.startswith(("#", " ")):
            continue
        match = _HEADING.match(text)
        if match is None:
            continue
        level = len(match.group(1))
        if previous is not None and level > previous + 1:
            hashes = "#" * (previous + 1)
            new = text[: match.start(1)] + hashes + text[match.end(1) :]
            yield Finding(
                view.path,
                number,
                WARNING,
                "heading-skip",
                f"This heading jumps from level {previous} to level {level}; screen readers "
                f"and outlines expect level {previous + 1} here.",
                Fix(f"Make it level {previous + 1}", (LineEdit(number, text, new),), safe=False),
            )
        previous = level
