"""New posts from the template in resources/templates, with the site's post defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from editor.core.frontmatter import PostDocument
from editor.core.paths import resources_dir
from editor.core.site import Site
from editor.core.site.schema import config_post_defaults, load_schema_file

NEW_POST_TEMPLATE = "new_post.md"


def post_defaults(site: Site | None) -> dict[str, Any]:
    """Values for a new post: ``_config.yml`` ``defaults:`` for posts, then the schema file's."""
    if site is None:
        return {}
    values = config_post_defaults(site.config)
    for key, spec in load_schema_file(site.root).items():
        if isinstance(spec, dict) and spec.get("default") is not None and "." not in key:
            values.setdefault(key, spec["default"])
    return values


def new_post_text(title: str, site: Site | None, *, draft: bool = False) -> str:
    """The text of a new post: template, title, date (not for drafts), then site defaults."""
    template = (resources_dir() / "templates" / NEW_POST_TEMPLATE).read_text(encoding="utf-8")
    document = PostDocument.from_text(template)
    document.set("title", title)
    if draft:
        document.unset("date")
    else:
        document.set("date", datetime.now().replace(microsecond=0).astimezone())
    present = set(document.keys())
    for key, value in post_defaults(site).items():
        if key not in present:
            document.set(key, value)
    return document.text()
