"""The article around the body: header (title, date, author, chips, hero image) and the page.

The header is built the way blog themes show it, from the front matter, so the preview looks
like the published article rather than a bare Markdown render.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

from editor.core.paths import resources_dir
from editor.core.render.context import THEMES, RenderContext
from editor.core.render.liquid.dates import format_date
from editor.core.render.liquid.env import LiquidEnv
from editor.core.render.post_info import page_variables, post_date, post_title
from editor.core.render.sanitize import sanitize
from editor.core.render.urls import APP_PREFIX, image_src, site_url

logger = logging.getLogger(__name__)

MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _words(value: Any) -> list[str]:
    """Jekyll accepts categories/tags as a list or a space-separated string."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [] if value is None else [_text(value)]


def _author(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("display_name"))
    if isinstance(value, list | tuple):
        return ", ".join(filter(None, (_author(v) for v in value)))
    return _text(value)


def strip_markdown(text: str) -> str:
    """A caption's words without Markdown punctuation (the header shows plain text)."""
    return re.sub(r"[*_`]+", "", MARKDOWN_LINK_RE.sub(r"\1", text))


@dataclass(frozen=True)
class Hero:
    """The article's hero image as the front matter describes it."""

    url: str
    overlay: bool = False
    alt: str = ""
    caption: str = ""


def _image_value(value: Any) -> tuple[str, str]:
    """(url, alt) from a string, a mapping (``path``/``src``/``image``) or a list's first item."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, dict):
        url = value.get("path") or value.get("src") or value.get("image") or value.get("feature")
        return (url.strip() if isinstance(url, str) else ""), _text(value.get("alt"))
    return (value.strip() if isinstance(value, str) else ""), ""


def hero_image(metadata: dict[str, Any]) -> Hero | None:
    """The hero image from the keys Jekyll and Hugo themes use for it, in their precedence."""
    given = metadata.get("header")
    header: dict[str, Any] = given if isinstance(given, dict) else {}
    caption = _text(header.get("caption"))
    candidates = (
        (header.get("overlay_image"), True),
        (header.get("image"), False),
        (metadata.get("image"), False),
        (header.get("teaser"), False),
        (metadata.get("cover"), False),
        (metadata.get("featured_image"), False),
        (metadata.get("images"), False),
    )
    for value, overlay in candidates:
        url, alt = _image_value(value)
        if url:
            return Hero(url, overlay, alt, caption)
    return None


def hero_html(hero: Hero, ctx: RenderContext) -> tuple[str, bool]:
    """The hero figure, and whether its image can be shown (an overlay needs one)."""
    env = LiquidEnv(ctx.site, page_variables(ctx))
    src, chip = image_src(env.expand_value(hero.url, lambda _html: ""), ctx)
    image = f'<img src="{html.escape(src)}" alt="{html.escape(hero.alt)}">' if src else chip
    caption = (
        f"<figcaption>{html.escape(strip_markdown(hero.caption))}</figcaption>"
        if hero.caption
        else ""
    )
    missing = "" if src else " pe-hero-missing"
    return f'<figure class="pe-hero{missing}">{image}{caption}</figure>', bool(src)


def byline_html(ctx: RenderContext) -> str:
    """Date and author, as themes print them under the title."""
    parts: list[str] = []
    date = post_date(ctx)
    if date is not None:
        parts.append(
            f'<time class="pe-date" datetime="{date.isoformat()}">{format_date(date)}</time>'
        )
    config = getattr(ctx.site, "config", None) or {}
    author = _author(ctx.metadata.get("author")) or _author(config.get("author"))
    if author:
        parts.append(f'<span class="pe-author">{html.escape(author)}</span>')
    return '<p class="pe-meta">' + "".join(parts) + "</p>" if parts else ""


def chips_html(metadata: dict[str, Any]) -> str:
    """Categories then tags, as small chips."""
    chips = [
        f'<li class="pe-chip pe-category">{html.escape(c)}</li>'
        for c in _words(metadata.get("categories") or metadata.get("category"))
    ] + [f'<li class="pe-chip pe-tag">{html.escape(t)}</li>' for t in _words(metadata.get("tags"))]
    return '<ul class="pe-chips">' + "".join(chips) + "</ul>" if chips else ""


def render_header(ctx: RenderContext) -> str:
    """The article header as a blog theme shows it (sanitised HTML)."""
    parts: list[str] = []
    overlay = False
    hero = hero_image(ctx.metadata)
    if hero is not None:
        figure, shown = hero_html(hero, ctx)
        parts.append(figure)
        overlay = hero.overlay and shown
    title = post_title(ctx)
    if title:
        parts.append(f'<h1 class="pe-title">{html.escape(title)}</h1>')
    subtitle = _text(ctx.metadata.get("subtitle"))
    if subtitle:
        parts.append(f'<p class="pe-subtitle">{html.escape(subtitle)}</p>')
    parts.append(byline_html(ctx))
    parts.append(chips_html(ctx.metadata))
    classes = "pe-article-header" + (" pe-overlay" if overlay else "")
    return sanitize(
        f'<header class="{classes}">{"".join(parts)}</header>',
        allow_remote=ctx.options.allow_remote,
    )


@lru_cache(maxsize=32)
def _read_text(path: str, mtime_ns: int) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def read_css(path: Path) -> str:
    """A stylesheet's text, re-read only when the file changes."""
    try:
        return _read_text(str(path), path.stat().st_mtime_ns)
    except OSError:
        logger.warning("stylesheet %s could not be read", path)
        return ""


def theme_files(theme: str) -> list[Path]:
    """Our own stylesheets for a theme, in cascade order."""
    theme = theme if theme in THEMES else "light"
    folder = resources_dir() / "preview"
    return [folder / "article.css", folder / f"{theme}.css", folder / f"pygments-{theme}.css"]


def site_css(ctx: RenderContext) -> list[Path]:
    if not (ctx.options.use_site_css and ctx.site is not None):
        return []
    try:
        return list(ctx.site.css_files())
    except OSError:
        logger.warning("the site's stylesheets could not be listed", exc_info=True)
        return []


def styles(ctx: RenderContext) -> str:
    """``<link>`` tags in preview mode, inlined ``<style>`` in standalone mode."""
    ours = theme_files(ctx.options.theme)
    theirs = site_css(ctx)
    after: list[Path] = []
    if theirs and ctx.options.theme == "dark":
        # The dark theme wins over the site's light colours: its override and code colours
        # come after the site's stylesheets.
        folder = resources_dir() / "preview"
        after = [folder / "dark-over-site.css", folder / "pygments-dark.css"]
    if ctx.options.url_mode == "standalone":
        css = [read_css(p).replace("</", "<\\/") for p in ours + theirs + after]
        return "".join(f"<style>\n{c}\n</style>\n" for c in css if c)
    links = [APP_PREFIX + p.relative_to(resources_dir()).as_posix() for p in ours]
    links += [u for u in (site_url(p, ctx.site) for p in theirs) if u]
    links += [APP_PREFIX + p.relative_to(resources_dir()).as_posix() for p in after]
    return "".join(f'<link rel="stylesheet" href="{html.escape(u)}">\n' for u in links)


def content_security_policy(allow_remote: bool) -> str:
    """Defence in depth: the page itself may load nothing but our scheme and data:."""
    extra = " *" if allow_remote else ""
    return (
        "default-src 'none'; "
        f"img-src postedit: data:{extra}; "
        f"style-src postedit: data: 'unsafe-inline'{extra}; "
        f"font-src postedit: data:{extra}; "
        "base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=1)
def page_template() -> Template:
    return Template((resources_dir() / "preview" / "article.html").read_text(encoding="utf-8"))


def render_page_html(header: str, body: str, ctx: RenderContext) -> str:
    """The whole document around an already rendered header and body."""
    lang = _text(ctx.metadata.get("lang")) or _text(
        (getattr(ctx.site, "config", None) or {}).get("lang")
    )
    theme = ctx.options.theme if ctx.options.theme in THEMES else "light"
    return page_template().substitute(
        lang=html.escape(lang or "en"),
        csp=html.escape(content_security_policy(ctx.options.allow_remote)),
        title=html.escape(post_title(ctx) or "Preview"),
        styles=styles(ctx),
        theme=theme,
        header=header,
        body=body,
    )
