"""A small Jekyll site written by the tests, and a helper to check one post in it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from editor.core.checks import Finding, SiteContext, check_file
from editor.core.site import Site

NOW = datetime(2026, 6, 1, 12, 0)


def make_site(root: Path, config: str = "title: Test\n", schema: str | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_layouts").mkdir()
    (root / "_layouts" / "post.html").write_text("{{ content }}")
    (root / "_layouts" / "page.html").write_text("{{ content }}")
    (root / "assets" / "images").mkdir(parents=True)
    (root / "assets" / "images" / "here.png").write_bytes(b"\x89PNG")
    (root / "_config.yml").write_text(config)
    (root / "about.md").write_text("---\ntitle: About\npermalink: /about/\n---\nHi\n")
    (root / "_posts" / "2024-01-01-first.md").write_text(
        "---\nlayout: post\ntitle: First\ndate: 2024-01-01\n---\nHello.\n"
    )
    if schema is not None:
        (root / ".post-editor.yml").write_text(schema)
    return root


def check_post(
    root: Path, text: str, name: str = "2024-02-03-post.md", folder: str = "_posts"
) -> list[Finding]:
    path = root / folder / name
    path.write_bytes(text.encode("utf-8"))
    ctx = SiteContext.build(Site.open(root), now=NOW)
    return check_file(path, ctx)


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]
