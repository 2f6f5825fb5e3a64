"""The render pipeline's public API: body fragments, the page and its invariants."""

from __future__ import annotations

import base64
import datetime as dt
import pickle
import re
import sys
from pathlib import Path

import pytest
from pygments.formatters import HtmlFormatter

from editor.core.frontmatter import PostDocument
from editor.core.paths import resources_dir
from editor.core.render import (
    RenderContext,
    RenderOptions,
    render_body,
    render_document,
    render_header,
    render_page,
)
from editor.core.render.highlight import CSS_CLASS, PYGMENTS_STYLES
from editor.core.site import Site
from tests.core.render.render_support import top_level

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "assets" / "css").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\nauthor:\n  name: Config Author\n")
    (root / "assets" / "hero.png").write_bytes(PNG)
    (root / "assets" / "css" / "main.css").write_text("body { color: #123456 }\n")
    return Site.open(root)


def lines_of(html: str) -> list[int]:
    return [int(attrs["data-line"]) for _tag, attrs in top_level(html).elements]


def test_every_top_level_block_carries_its_source_line() -> None:
    text = "# Title\n\nFirst paragraph\nstill first.\n\n- one\n- two\n\n> quote\n"
    assert lines_of(render_body(text, RenderContext())) == [1, 3, 6, 9]


def test_lines_stay_exact_after_html_blocks_code_and_liquid() -> None:
    text = (
        "<div>\n  <p>raw</p>\n</div>\n\n"  # 1
        "```python\nx = 1\n```\n\n"  # 5
        "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n"  # 9
        "<!-- a comment -->\n\n"  # 13
        "$$\na^2\n$$\n\n"  # 15
        "{% include note.html %}\n\n"  # 19
        "para\n## Heading right after\n\n"  # 21, 22
        "last\n"  # 24
    )
    assert lines_of(render_body(text, RenderContext())) == [1, 5, 9, 15, 19, 21, 22, 24]


def test_line_offset_shifts_data_line() -> None:
    html = render_body("para\n\n## Head\n", RenderContext(), line_offset=40)
    assert lines_of(html) == [41, 43]


def test_fragments_render_on_their_own_and_deterministically() -> None:
    ctx = RenderContext()
    fragment = "Text with a note.[^n]\n\n[^n]: The note.\n"
    first = render_body(fragment, ctx, line_offset=10)
    render_body("# Something else\n\n*[HTML]: x\n", ctx)
    assert render_body(fragment, ctx, line_offset=10) == first
    assert lines_of(first)[0] == 11


def test_context_pickles_for_a_worker_process(site: Site) -> None:
    ctx = RenderContext(site, site.root / "_posts" / "x.md", {"title": "T"}, RenderOptions())
    clone = pickle.loads(pickle.dumps(ctx))
    assert render_body("{{ site.title }}", clone) == render_body("{{ site.title }}", ctx)


def test_deep_nesting_gives_a_message_not_an_exception() -> None:
    nested = "".join(" " * (4 * i) + "- x\n" for i in range(150))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        html = render_body(nested, RenderContext(), line_offset=5)
    finally:
        sys.setrecursionlimit(limit)
    assert 'class="pe-render-error" data-line="6"' in html
    assert "nested too deeply" in html
    assert render_body("still *works*", RenderContext()) == (
        '<p data-line="1">still <em>works</em></p>'
    )


def test_page_has_one_post_body_inside_article_after_header() -> None:
    page = render_page("Some *text*", RenderContext(metadata={"title": "Hello"}))
    assert page.count('<div id="post-body">') == 1
    article = page.index('<article id="article">')
    header = page.index("<header", article)
    body = page.index('<div id="post-body">')
    assert article < header < body < page.index("</article>")
    assert "<script" not in page


def test_preview_links_css_and_standalone_inlines_it(site: Site) -> None:
    ctx = RenderContext(site, None, {}, RenderOptions(theme="dark"))
    preview = render_page("x", ctx)
    assert 'href="postedit://app/preview/dark.css"' in preview
    assert 'href="postedit://app/preview/pygments-dark.css"' in preview
    assert 'href="postedit://site/assets/css/main.css"' in preview
    ctx.options = RenderOptions(url_mode="standalone")
    standalone = render_page("![hero](/assets/hero.png)", ctx)
    assert "postedit://" not in standalone
    assert "--pe-bg" in standalone and "#123456" in standalone
    assert 'src="data:image/png;base64,' + base64.b64encode(PNG).decode() in standalone
    ctx.options = RenderOptions(use_site_css=False)
    assert "main.css" not in render_page("x", ctx)


def pygments_css(theme: str) -> str:
    """The Pygments rules for a preview theme, scoped to our code blocks (the files' oracle)."""
    style = PYGMENTS_STYLES[theme]
    return HtmlFormatter(style=style, cssclass=CSS_CLASS).get_style_defs(f".{CSS_CLASS}") + "\n"


def test_pygments_css_files_match_the_highlighter() -> None:
    for theme in ("light", "dark"):
        text = (resources_dir() / "preview" / f"pygments-{theme}.css").read_text()
        assert text.endswith(pygments_css(theme))


@pytest.mark.parametrize(
    ("metadata", "expected_src"),
    [
        ({"image": "/assets/hero.png"}, "postedit://site/assets/hero.png"),
        ({"image": {"path": "/assets/hero.png"}}, "postedit://site/assets/hero.png"),
        ({"header": {"image": "/assets/hero.png"}}, "postedit://site/assets/hero.png"),
        ({"header": {"overlay_image": "{{ site.baseurl }}/assets/hero.png"}}, "postedit://site/assets/hero.png"),
        ({"header": {"teaser": "assets/hero.png"}}, "postedit://site/assets/hero.png"),
        ({"cover": {"image": "/assets/hero.png"}}, "postedit://site/assets/hero.png"),
        ({"featured_image": "/assets/hero.png"}, "postedit://site/assets/hero.png"),
        ({"images": ["/assets/hero.png", "/other.png"]}, "postedit://site/assets/hero.png"),
    ],
)  # fmt: skip
def test_hero_image_from_every_theme_key(site: Site, metadata: dict, expected_src: str) -> None:
    header = render_header(RenderContext(site, None, metadata))
    assert f'<img src="{expected_src}" alt="">' in header


def test_hero_alt_and_caption(site: Site) -> None:
    metadata = {
        "image": {"path": "/assets/hero.png", "alt": "Devices"},
        "header": {"caption": "Photo credit: [**Unsplash**](https://unsplash.com)"},
    }
    header = render_header(RenderContext(site, None, metadata))
    assert '<img src="postedit://site/assets/hero.png" alt="Devices">' in header
    assert "<figcaption>Photo credit: Unsplash</figcaption>" in header


def test_missing_hero_image_is_named(site: Site) -> None:
    header = render_header(RenderContext(site, None, {"image": "/assets/gone.jpg"}))
    assert "Missing image: /assets/gone.jpg" in header


def test_header_from_filename_and_config(site: Site) -> None:
    path = site.root / "_posts" / "2025-09-02-hello-there.md"
    header = render_header(RenderContext(site, path, {"categories": "a b", "tags": "x"}))
    assert '<h1 class="pe-title">Hello There</h1>' in header
    assert '<time class="pe-date" datetime="2025-09-02">2 September 2025</time>' in header
    assert '<span class="pe-author">Config Author</span>' in header
    chips = re.findall(r'<li class="pe-chip (pe-\w+)">(\w+)</li>', header)
    assert chips == [("pe-category", "a"), ("pe-category", "b"), ("pe-tag", "x")]


def test_header_dates_in_every_spelling() -> None:
    for value in (
        dt.date(2025, 9, 2),
        dt.datetime(2025, 9, 2, 10, 30),
        "2025-09-02 10:30:00 +0200",
    ):
        header = render_header(RenderContext(metadata={"date": value}))
        assert ">2 September 2025</time>" in header


def test_render_document_uses_body_and_metadata(site: Site) -> None:
    doc = PostDocument.from_text("---\ntitle: Doc\nwho: reader\n---\nHello {{ page.who }}\n")
    page = render_document(doc, None, site, RenderOptions())
    assert '<h1 class="pe-title">Doc</h1>' in page
    assert '<p data-line="1">Hello reader</p>' in page


def test_without_a_site_standalone_inlines_images_beside_the_post(tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG)
    post = tmp_path / "posts" / "x.md"
    post.parent.mkdir()
    (post.parent / "here.png").write_bytes(PNG)
    ctx = RenderContext(None, post, {}, RenderOptions(url_mode="standalone"))
    html = render_body("![a](here.png) ![b](../outside.png) ![c](/pic.png)", ctx)
    assert html.count('src="data:image/png;base64,') == 1
    assert "Missing image: ../outside.png" in html
    assert "Missing image: /pic.png" in html
    ctx.options = RenderOptions()
    assert "data:" not in render_body("![a](here.png)", ctx)


def test_overlay_only_when_the_image_is_there(site: Site) -> None:
    shown = render_header(
        RenderContext(site, None, {"header": {"overlay_image": "/assets/hero.png"}})
    )
    assert 'class="pe-article-header pe-overlay"' in shown
    missing = render_header(RenderContext(site, None, {"header": {"overlay_image": "/gone.png"}}))
    assert 'class="pe-article-header"' in missing


def test_page_variables_fall_back_to_the_file_name(tmp_path: Path) -> None:
    ctx = RenderContext(None, tmp_path / "2024-03-05-spring-notes.md", {})
    html = render_body('{{ page.title }} / {{ page.date | date: "%-d %B %Y" }}', ctx)
    assert html == '<p data-line="1">Spring Notes / 5 March 2024</p>'


@pytest.mark.timeout(10)
def test_lists_500_deep_are_refused_at_once() -> None:
    nested = "intro\n\n" + "".join(" " * (4 * i) + "- x\n" for i in range(500))
    html = render_body(nested, RenderContext(), line_offset=10)
    assert 'class="pe-render-error" data-line="163"' in html


def test_strikethrough_in_any_order_of_renders_and_from_liquid() -> None:
    """The ~~ pattern is only used when the text has ~~; the converter is shared between renders."""
    ctx = RenderContext()
    texts = ["a ~~b~~ c", "plain ~ text", '{% assign s = "~~q~~" %}{{ s }} d', "x", "~~y~~"]
    for text in texts + texts[::-1]:
        out = render_body(text, ctx)
        assert ("<del>" in out) == ("~~" in text), (text, out)
        assert "~~" not in out


def test_export_folder_is_outside_the_site(tmp_path):
    from editor.core.render.export import export_folder, inside_build_folder

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    assert export_folder(site / "_posts" / "a.md", site, tmp_path / "docs") == tmp_path / "docs"
    assert export_folder(None, site, site / "_posts") == tmp_path.resolve()
    assert inside_build_folder(site / "_posts" / "a.html", site) == "_posts"
    assert inside_build_folder(site / "content" / "x" / "a.html", site) == "content"
    assert inside_build_folder(site / "a.html", site) is None
    assert inside_build_folder(tmp_path / "a.html", site) is None


def test_a_title_from_the_file_name_is_titleized_as_jekyll_does(site: Site) -> None:
    # Checked with Jekyll 4.3: 2025-09-02-hello-there-wORLD.md gets "Hello There World".
    path = site.root / "_posts" / "2025-09-02-hello-there-wORLD.md"
    assert '<h1 class="pe-title">Hello There World</h1>' in render_header(RenderContext(site, path))
