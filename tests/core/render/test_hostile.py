"""Hostile post content renders as inert HTML: nothing can run, nothing can be fetched."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor.core.render import RenderContext, RenderOptions, render_body, render_page
from editor.core.site import Site

FORBIDDEN_TAGS = frozenset(
    {"script", "iframe", "embed", "object", "frame", "frameset", "applet", "base", "meta",
     "link", "form", "svg", "style", "video", "audio", "source", "template",
     # MathML is drawn (typeset math), but never the parts that act or embed HTML.
     "annotation-xml", "maction", "mglyph"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "cite"})
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "postedit"})


def bad_url(tag: str, name: str, value: str) -> bool:
    """A URL that could run code, or (for anything loaded, not followed) leave our scheme."""
    scheme = SCHEME.match(value)
    if tag == "img" and name == "src":
        if scheme and scheme.group(1).lower() == "data":
            return not value.lower().startswith("data:image/")
        return bool(scheme and scheme.group(1).lower() != "postedit") or value.startswith("//")
    return bool(scheme and scheme.group(1).lower() not in LINK_SCHEMES)


class InertChecker(HTMLParser):
    """Collects every way a piece of HTML could run code or make a request."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") or name in ("srcdoc", "srcset", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value and bad_url(tag, name, value):
                self.problems.append(f"{tag}[{name}={value}]")
            if name == "style" and re.search(r"url\s*\(|expression|@import", value, re.I):
                self.problems.append(f"{tag}[style={value}]")


def problems(html: str) -> list[str]:
    checker = InertChecker()
    checker.feed(html)
    checker.close()
    return checker.problems


HOSTILE = {
    "script": "<script>document.title = 'pwned'</script>\n\nText",
    "script_inline": "Text <script>alert(1)</script> more",
    "onerror": '<img src="x.png" onerror="alert(1)">',
    "onerror_markdown_image": '![a](/nope.png){: onerror="alert(1)"}',
    "onload_svg": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "javascript_link": "[click](javascript:alert(1))",
    "javascript_html_link": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "javascript_entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "file_link": "[passwd](file:///etc/passwd)",
    "file_image": "![passwd](file:///etc/passwd)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe_srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "object": '<object data="https://evil.example/x"></object>',
    "style_remote": "<style>body { background: url(https://evil.example/t.png) }</style>",
    "style_import": '<style>@import "https://evil.example/x.css";</style>',
    "style_attr_remote": '<p style="background-image: url(https://evil.example/t)">x</p>',
    "onclick_ial_block": 'Paragraph\n{: onclick="alert(1)"}',
    "onclick_ial_span": '*word*{onclick="alert(1)"}',
    "onclick_ial_before": '{: onmouseover="alert(1)" }\nParagraph',
    "onclick_heading": '## Head {onclick="alert(1)"}',
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "form": '<form action="https://evil.example"><input name="q"></form>',
    "link_stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "liquid_injection": "{{ page.evil }}",
    "remote_image": "![x](https://evil.example/pixel.png)",
    "protocol_relative_image": '<img src="//evil.example/pixel.png">',
    "data_html_link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "md_in_html_script": '<div markdown="1">\n<script>alert(1)</script>\n</div>',
    "math_breakout": "$$ </span><script>alert(1)</script> $$",
    "code_breakout": "```html\n</code></pre><script>alert(1)</script>\n```",
    "shortcode_breakout": '{{< x "</span><script>alert(1)</script>" >}}',
}


@pytest.fixture
def ctx(tmp_path: Path) -> RenderContext:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n", encoding="utf-8")
    metadata = {"title": "<script>alert(1)</script>", "evil": '<img src=x onerror="alert(1)">'}
    return RenderContext(Site.open(root), root / "_posts" / "2020-01-01-x.md", metadata)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_body_is_inert(name: str, ctx: RenderContext) -> None:
    html = render_body(HOSTILE[name], ctx)
    assert problems(html) == [], html


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_page_is_inert(name: str, ctx: RenderContext) -> None:
    page = render_page(HOSTILE[name], ctx)
    body = page[page.index("<body") :]
    assert problems(body) == [], body
    assert "<script" not in page.lower()


def test_embeds_are_named_not_dropped(ctx: RenderContext) -> None:
    html = render_body(HOSTILE["iframe"], ctx)
    assert "pe-embed" in html
    assert "https://evil.example/" in html


def test_remote_image_is_a_placeholder_unless_allowed(ctx: RenderContext) -> None:
    html = render_body(HOSTILE["remote_image"], ctx)
    assert "<img" not in html
    assert "Remote image not loaded: https://evil.example/pixel.png" in html
    ctx.options = RenderOptions(allow_remote=True)
    assert '<img alt="x" src="https://evil.example/pixel.png">' in render_body(
        HOSTILE["remote_image"], ctx
    )


def test_csp_forbids_everything_but_our_scheme(ctx: RenderContext) -> None:
    page = render_page("x", ctx)
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src &#x27;none&#x27;" in csp
    assert " * " not in csp + " " and "script-src" not in csp
    ctx.options = RenderOptions(allow_remote=True)
    remote = re.search(r'Content-Security-Policy" content="([^"]+)"', render_page("x", ctx))
    assert "img-src postedit: data: *" in remote.group(1)


def test_traversal_is_not_served(ctx: RenderContext) -> None:
    for url in ("../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/../../etc/hostname"):
        html = render_body(f"![x]({url})", ctx)
        assert "postedit://" not in html
        assert "pe-missing-image" in html


def test_safe_html_is_kept(ctx: RenderContext) -> None:
    text = (
        "<details><summary>S</summary><p>body</p></details>\n\n"
        "<figure><figcaption>cap</figcaption></figure>\n\n"
        "Keys <kbd>Ctrl</kbd>, <mark>m</mark>, <del>d</del>, <ins>i</ins>, x<sup>2</sup>, "
        'H<sub>2</sub>O, <abbr title="t">ab</abbr>, <span style="color: red">red</span>\n'
    )
    html = render_body(text, ctx)
    for kept in (
        "<details",
        "<summary>S</summary>",
        "<figcaption>cap</figcaption>",
        "<kbd>Ctrl</kbd>",
        "<mark>m</mark>",
        "<del>d</del>",
        "<ins>i</ins>",
        "<sup>2</sup>",
        "<sub>2</sub>",
        '<abbr title="t">ab</abbr>',
        '<span style="color:red">red</span>',
    ):
        assert kept in html


def test_the_checker_can_fail() -> None:
    assert problems('<p onclick="x">a</p><a href="javascript:x">b</a>') == [
        "p[onclick]",
        "a[href=javascript:x]",
    ]
    assert problems('<img src="https://evil.example/x"><script></script>') == [
        "img[src=https://evil.example/x]",
        "<script>",
    ]


def test_a_post_cannot_reuse_the_page_landmark_ids(ctx: RenderContext) -> None:
    text = '# Article\n\n## Post body\n\n<div id="post-body">x</div>\n\npara\n{: #article}\n'
    page = render_page(text, ctx)
    assert page.count('id="post-body"') == 1
    assert page.count('id="article"') == 1
    assert '<h1 data-line="1" id="article-1">Article</h1>' in page
