"""New posts from the template in resources/templates, with the site's post defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from editor.core.frontmatter import PostDocument
from editor.core.paths import resources_dir
from editor.core.site import Site

NEW_POST_TEMPLATE = "new_post.md"


def post_defaults(site: Site | None) -> dict[str, Any]:
    """The ``values`` of the ``_config.yml`` ``defaults:`` rules whose scope is posts."""
    if site is None:
        return {}
    values: dict[str, Any] = {}
    for rule in site.config.get("defaults") or []:
        if not isinstance(rule, dict):
            continue
        scope = rule.get("scope") or {}
        if isinstance(scope, dict) and scope.get("type", "posts") == "posts":
            found = rule.get("values")
            if isinstance(found, dict):
                values.update(found)
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
