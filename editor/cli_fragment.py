"""``post-editor render --fragment FILE|-``: only the article body's HTML.

For comparisons with other renderers (``bench/jekyll_compare.py``, the peer tests) and for
writers' scripts. The HTML is the pipeline's own body (the preview's, sanitised, with images
as the standalone export resolves them), without the page around it and without the
``data-line`` attributes the preview uses to scroll.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from editor.core.frontmatter import PostDocument
from editor.core.site import Site

DATA_LINE_RE = re.compile(r'\sdata-line="\d+"')


def fragment_html(document: PostDocument, path: Path | None, site: Site | None) -> str:
    """The body HTML of ``document`` as the preview renders it, without ``data-line``."""
    from editor.core.render import RenderContext, RenderOptions, render_body

    options = RenderOptions(url_mode="standalone", allow_remote=False)
    ctx = RenderContext(site, path, document.metadata, options)
    return DATA_LINE_RE.sub("", render_body(document.body, ctx))


def read_document(source: str) -> tuple[PostDocument, Path | None, Site | None]:
    """The post from a file, or from stdin for ``-`` (front matter optional in both)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        return PostDocument.from_bytes(data), None, None
    path = Path(source)
    document = PostDocument.from_bytes(path.read_bytes())
    return document, path, Site.open(path)


def print_fragment(source: str) -> int:
    """Print the fragment, rendered under the preview's time limit like ``render``
    (a child process, stopped when time is up; RenderLimitError says why)."""
    from editor.core.render import RenderOptions
    from editor.services.limited_render import render_standalone

    document, path, _site = read_document(source)
    html = render_standalone(document.text(), path, RenderOptions(), fragment=True)
    sys.stdout.write(html if html.endswith("\n") else html + "\n")
    return 0
