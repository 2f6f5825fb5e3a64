"""The render pipeline's public API: body fragments, the page and its invariants."""

from __future__ import annotations

import re

from editor.core.render import RenderContext, RenderOptions, render_body, render_page


def test_every_top_level_block_carries_its_source_line() -> None:
    text = "# Title\n\nFirst paragraph\nstill first.\n\n- one\n- two\n\n> quote\n"
    html = render_body(text, RenderContext())
    lines = [int(n) for n in re.findall(r'^<\w+[^>]*\bdata-line="(\d+)"', html, re.M)]
    assert lines == [1, 3, 6, 9]


def test_line_offset_shifts_data_line() -> None:
    html = render_body("para\n\n## Head\n", RenderContext(), line_offset=40)
    assert 'data-line="41"' in html
    assert 'data-line="43"' in html


def test_page_has_one_post_body_inside_article_after_header() -> None:
    ctx = RenderContext(metadata={"title": "Hello"})
    page = render_page("Some *text*", ctx)
    assert page.count('<div id="post-body">') == 1
    article = page.index('<article id="article">')
    header = page.index("<header", article)
    body = page.index('<div id="post-body">')
    assert article < header < body < page.index("</article>")
    assert "<script" not in page


def test_preview_links_theme_css_and_standalone_inlines_it() -> None:
    preview = render_page("x", RenderContext(options=RenderOptions(theme="dark")))
    assert 'href="postedit://app/preview/dark.css"' in preview
    standalone = render_page("x", RenderContext(options=RenderOptions(url_mode="standalone")))
    assert "postedit://" not in standalone
    assert "--pe-bg" in standalone
