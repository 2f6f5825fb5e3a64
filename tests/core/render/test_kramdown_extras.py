"""GitHub alerts, emoji shortcodes and MathML through the sanitiser.

Alerts and emoji come from Jekyll plugins (jekyll-gfm-admonitions, jemoji) that the stock
Jekyll build lacks: without them, the golden file ``jekyll_golden/alerts_emoji_stock.md`` holds
Jekyll's output; with them, the expected markup is the plugins' documented output (GitHub's
own alert markup; the emoji character where jemoji would put its image).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.render import RenderContext, render_body
from editor.core.render.mathml import math_html, tex_to_mathml
from editor.core.render.sanitize import sanitize
from editor.core.site import Site


def site_with(tmp_path: Path, config: str) -> Site:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    return Site.open(tmp_path)


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
def test_github_alerts_are_titled_callouts(kind: str, tmp_path: Path) -> None:
    site = site_with(tmp_path, "plugins:\n  - jekyll-gfm-admonitions\n")
    html = render_body(f"> [!{kind}]\n> Read *this*.\n", RenderContext(site))
    low = kind.lower()
    assert f'<div class="markdown-alert markdown-alert-{low}"' in html
    assert f'<p class="markdown-alert-title">{kind.title()}</p>' in html
    assert "<p>Read <em>this</em>.</p>" in html
    assert "<blockquote" not in html and "[!" not in html


def test_a_quote_that_is_no_alert_stays_a_quote(tmp_path: Path) -> None:
    site = site_with(tmp_path, "plugins:\n  - jekyll-gfm-admonitions\n")
    html = render_body(
        "> [!NOTE] inline title is no alert\n\n> [!OTHER]\n> x\n", RenderContext(site)
    )
    assert html.count("<blockquote") == 2 and "markdown-alert" not in html


def test_emoji_shortcodes_where_the_site_uses_jemoji(tmp_path: Path) -> None:
    site = site_with(tmp_path, "plugins:\n  - jemoji\n")
    html = render_body(
        "Shipped :tada: and :+1:, not `:tada:` nor :no_such_emoji:.", RenderContext(site)
    )
    assert "🎉" in html and "👍" in html
    assert "<code>:tada:</code>" in html and ":no_such_emoji:" in html
    assert "<img" not in html  # jemoji's remote image is never loaded


def test_alerts_are_callouts_only_where_the_site_has_the_plugin(tmp_path: Path) -> None:
    source = "> [!TIP]\n> Read this.\n"
    assert "markdown-alert" not in render_body(source, RenderContext())  # stock Jekyll
    assert "markdown-alert" not in render_body(source, RenderContext(site_with(tmp_path, "x: 1\n")))
    gemfile_root = tmp_path / "gemfile_site"
    gemfile_root.mkdir()
    (gemfile_root / "Gemfile").write_text(
        'group :jekyll_plugins do\n  gem "jekyll-gfm-admonitions"\nend\n',
        encoding="utf-8",
    )
    html = render_body(source, RenderContext(site_with(gemfile_root, "x: 1\n")))
    assert '<div class="markdown-alert markdown-alert-tip"' in html


def test_emoji_shortcodes_stay_text_without_jemoji(tmp_path: Path) -> None:
    site = site_with(tmp_path, "title: plain\n")
    assert ":tada:" in render_body("Shipped :tada:", RenderContext(site))
    assert ":tada:" in render_body("Shipped :tada:", RenderContext())


def test_math_conversion_is_cached_per_expression() -> None:
    tex_to_mathml.cache_clear()
    for _ in range(3):
        math_html(r"\frac{a}{b}", False)
    info = tex_to_mathml.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_unconvertible_math_shows_marked_tex() -> None:
    html = render_body(r"Broken $$\frac{1}{\undefinedcommand x}$$ here.", RenderContext())
    assert 'class="pe-math pe-math-inline pe-math-error"' in html
    assert r"\(\frac{1}{\undefinedcommand x}\)" in html


def test_markdown_escapes_are_not_applied_inside_math() -> None:
    html = render_body(r"Sum $$a\_1 + b_{i} * c_*$$ done", RenderContext())
    assert r"<annotation encoding=" in html and r"a\_1 + b_{i} * c_*" in html
    assert "<em>" not in html


def test_sanitiser_keeps_mathml_layout_only() -> None:
    hostile = (
        '<math display="block"><semantics><mrow><mi onclick="x()">x</mi>'
        '<maction actiontype="statusline"><mtext>a</mtext></maction>'
        '<mtext><script>alert(1)</script><img src="https://e.org/a.png"></mtext>'
        '<mi href="javascript:alert(1)">y</mi></mrow>'
        '<annotation-xml encoding="text/html"><iframe src="//e"></iframe></annotation-xml>'
        '<annotation encoding="application/x-tex">x</annotation></semantics></math>'
    )
    clean = sanitize(hostile)
    assert "<math" in clean and "<mi>x</mi>" in clean and "<annotation" in clean
    for banned in (
        "onclick",
        "maction",
        "<script",
        "alert(",
        "javascript",
        "annotation-xml",
        "<iframe",
        "https://e.org",
    ):
        assert banned not in clean, banned


def test_rendered_math_survives_the_sanitiser_whole() -> None:
    html = render_body("$$\n\\sum_{k=1}^{n} k^2\n$$\n", RenderContext())
    assert "<munderover>" in html and "<msup>" in html and "<script" not in html


def test_an_empty_footnote_does_not_break_the_render() -> None:
    html = render_body("A[^e] and B[^f] and A again[^e].\n\n[^f]: note\n[^e]:\n", RenderContext())
    assert "pe-render-error" not in html
    assert html.index('id="fn:e"') < html.index('id="fn:f"')  # numbered as cited


def test_code_spans_keep_their_spaces_as_kramdown() -> None:
    html = render_body("the line `self.h = ... ` and `` `x` `` here", RenderContext())
    assert "<code>self.h = ... </code>" in html and "<code>`x`</code>" in html


def test_double_backslash_math_gets_kramdowns_escapes_first() -> None:
    # kramdown reads \\( … \\) as text: \_ is an escaped underscore by the time MathJax sees it.
    html = render_body(r"gradient \\(\nabla\_x s\\) here", RenderContext())
    assert r'x-tex">\nabla_x s</annotation>' in html


def test_heading_ids_keep_marks_as_rubys_word_class() -> None:
    html = render_body("## Community is the \u2764\ufe0f of open source\n", RenderContext())
    assert 'id="community-is-the-\ufe0f-of-open-source"' in html


def test_bracketed_reference_links_resolve_inside_brackets() -> None:
    text = "See [[Feature #1]] and [[x]](http://a.b).\n\n[Feature #1]: https://bugs.example/1\n"
    html = render_body(text, RenderContext())
    assert '[<a href="https://bugs.example/1"' in html and ">Feature #1</a>]" in html
    assert ">[x]</a>" in html


def test_item_text_continued_by_a_definition_list() -> None:
    text = (
        "* [file.tar.gz][1]\n  SIZE\n  : 7191348 bytes\n\n"
        "      code in the item\n      second line\n"
    )
    html = render_body(text, RenderContext())
    assert "<dt>SIZE</dt>" in html and "<dd>7191348 bytes</dd>" in html
    assert "code in the item\nsecond line" in html


def test_a_raw_block_closed_on_the_fence_line_ends_the_code() -> None:
    text = "{% raw %}\n```liquid\n{{ x }}\n{% endraw %}```\n\nAfter the code.\n"
    html = render_body(text, RenderContext())
    assert ">After the code.</p>" in html and "endraw" not in html


def test_code_then_an_unindented_line_is_code_joined_as_kramdown_does() -> None:
    # Checked against kramdown 2.4 (Jekyll 4.3): "<code>code 10. ten\n</code>".
    html = render_body("text\n\n    code\n10. ten\n\nafter\n", RenderContext())
    assert '<div data-line="3" class="highlight">' in html
    assert "<code>code 10. ten\n</code>" in html and "<ol" not in html
    assert '<p data-line="6">after</p>' in html
