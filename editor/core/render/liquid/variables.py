"""``site``, ``page`` and ``jekyll`` as a post's Liquid sees them.

``site`` is the config with ``posts``, ``data``, ``tags``… read only when a template uses them;
``page`` is the front matter plus what Jekyll adds (``url``, ``path``, ``slug``…).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from editor.core.post_names import filename_date
from editor.core.render.liquid.dates import as_jekyll_times, local_time, site_zone, to_datetime

logger = logging.getLogger(__name__)


POSTS_TTL = 30.0

JEKYLL = {"environment": "development", "version": "4.3.1"}
"""``jekyll``: a preview is what ``jekyll serve`` shows, so production-only parts stay out."""

_posts_cache: dict[str, tuple[float, list[dict[str, Any]]]] = {}

_posts_lock = threading.Lock()


def site_posts(site: Any) -> list[dict[str, Any]]:
    """``site.posts``: title, url, date (newest first), kept for a few seconds per site."""
    key = str(getattr(site, "root", ""))
    now = time.monotonic()
    with _posts_lock:
        cached = _posts_cache.get(key)
        if cached and now - cached[0] < POSTS_TTL:
            return cached[1]
    posts: list[dict[str, Any]] = []
    zone = site_zone(site)
    try:
        drafts = getattr(site, "is_draft_path", lambda _p: False)
        for entry in site.entries():
            if drafts(entry.path):
                continue
            data = as_jekyll_times(dict(entry.metadata))
            data.setdefault("title", entry.title)
            data["date"] = local_time(entry.date, zone) if entry.date else None
            data["url"] = site.permalink(entry)
            data["path"] = Path(entry.path).name
            data["slug"] = filename_date(entry.path)[1]
            with_jekyll_lists(data)
            posts.append(data)
    except Exception:  # a site we cannot list gives no posts, never a failed render
        logger.exception("cannot list the site's posts for Liquid")
    # Jekyll orders posts by date, then by path, and gives them newest first.
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    posts.sort(key=lambda p: (p["date"] or oldest, p["path"]), reverse=True)
    with _posts_lock:
        _posts_cache[key] = (now, posts)
    return posts


def site_data(root: Path) -> dict[str, Any]:
    """``site.data``: the ``_data`` files (YAML, JSON), read with our bounded YAML loader."""
    from editor.core.frontmatter.yaml_safe import parse_yaml

    folder = root / "_data"
    data: dict[str, Any] = {}
    if not folder.is_dir():
        return data
    for path in sorted(folder.glob("*"))[:200]:
        if path.suffix.lower() not in (".yml", ".yaml", ".json") or not path.is_file():
            continue
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if path.suffix.lower() == ".json":
            import json

            try:
                data[path.stem] = json.loads(text)
            except ValueError:
                continue
        else:
            parsed = parse_yaml(text)
            if parsed.problem is None or parsed.data is not None:
                data[path.stem] = parsed.data
    return data


class SiteDrop(Mapping[str, Any]):
    """``site``: the config, with ``posts``, ``data``, ``time`` read only when used."""

    def __init__(self, site: Any, config: dict[str, Any]) -> None:
        self.site = site
        self.data = dict(config)
        self.lazy: dict[str, Callable[[], Any]] = {}
        root = getattr(site, "root", None)
        if site is not None and hasattr(site, "entries"):
            self.lazy["posts"] = lambda: site_posts(site)
            self.lazy["tags"] = lambda: self._grouped("tags")
            self.lazy["categories"] = lambda: self._grouped("categories")
        if root is not None and "data" not in self.data:
            self.lazy["data"] = lambda: site_data(Path(root))
        self.lazy.setdefault("time", dt.datetime.now)
        for name in ("pages", "static_files", "html_pages", "collections"):
            self.data.setdefault(name, [])

    def _grouped(self, key: str) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for post in self["posts"]:
            names = post.get(key) or []
            for name in names.split() if isinstance(names, str) else names:
                out.setdefault(str(name), []).append(post)
        return out

    def __getitem__(self, key: str) -> Any:
        if key in self.data:
            return self.data[key]
        if key in self.lazy:
            self.data[key] = self.lazy.pop(key)()
            return self.data[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from self.data
        yield from list(self.lazy)

    def __len__(self) -> int:
        return len(self.data) + len(self.lazy)


def page_drop(site: Any | None, page: dict[str, Any], post_path: Path | None) -> dict[str, Any]:
    """``page``: the front matter, plus the ``url``, ``path``, ``slug``… Jekyll adds."""
    page = dict(page)
    if post_path is not None:
        path = Path(post_path)
        root = getattr(site, "root", None)
        try:
            relative = path.resolve().relative_to(Path(root).resolve()).as_posix() if root else None
        except (OSError, ValueError):
            relative = None
        page.setdefault("path", relative or path.name)
        named_date, slug = filename_date(path)
        page.setdefault("slug", slug)
        page.setdefault("name", path.name)
        if named_date is not None:
            page.setdefault("date", named_date)
        if site is not None and hasattr(site, "permalink") and "url" not in page:
            from editor.core.site import PostEntry

            entry = PostEntry(path, str(page.get("title") or ""), page.get("date"), False, page)
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                page["url"] = site.permalink(entry)
        if "url" in page:
            page.setdefault("id", re.sub(r"\.html$", "", str(page["url"])))
    with_jekyll_lists(page)
    page.setdefault("collection", "posts")
    page = as_jekyll_times(page)
    when = page.get("date")
    if isinstance(when, str):
        when = to_datetime(when)
    if isinstance(when, dt.date):
        page["date"] = local_time(when, site_zone(site))
    return page


def with_jekyll_lists(data: dict[str, Any]) -> None:
    """``categories`` and ``tags`` as the lists Jekyll makes of them: a string is split at
    spaces, and the singular ``category``/``tag`` counts when the plural is absent."""
    for plural, singular in (("categories", "category"), ("tags", "tag")):
        value = data.get(plural)
        if value is None:
            value = data.get(singular)
        if isinstance(value, str):
            value = value.split()
        elif value is None:
            value = []
        elif not isinstance(value, list):
            value = [value]
        data[plural] = [str(v) if not isinstance(v, str) else v for v in value]
