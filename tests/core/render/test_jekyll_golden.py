"""Constructs rendered as Jekyll renders them: golden files made by a real Jekyll build.

Each ``jekyll_golden/NAME.md`` was converted by Jekyll 4.3.1's own Markdown converter
(kramdown 2.4 with ``input: GFM``, rouge) into ``NAME.html`` by ``bench/jekyll_golden.rb``
(the header of every golden file says so). The preview's HTML differs in attributes and
highlighting markup, so the comparison is the one ``bench/jekyll_compare.py`` makes: the
sequence of blocks (tag, heading id, normalised text; MathML counted as the TeX kramdown
leaves for MathJax). Targeted checks then pin the markup a site's CSS relies on.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from editor.cli_fragment import fragment_html
from editor.core.frontmatter import PostDocument

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).with_name("jekyll_golden")
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def compare_module():
    spec = importlib.util.spec_from_file_location(
        "jekyll_compare", ROOT / "bench/jekyll_compare.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


COMPARE = compare_module()


def ours(name: str) -> str:
    return fragment_html(PostDocument.from_bytes((GOLDEN / f"{name}.md").read_bytes()), None, None)


def jekyll(name: str) -> str:
    return (GOLDEN / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_blocks_match_the_jekyll_build(name: str) -> None:
    want = [block.show() for block in COMPARE.blocks_of(jekyll(name))]
    got = [block.show() for block in COMPARE.blocks_of(ours(name))]
    assert got == want


def test_golden_files_say_where_they_come_from() -> None:
    for name in CASES:
        assert jekyll(name).startswith("<!-- Golden file: made by a real Jekyll build"), name


def test_lists_nest_and_interrupt_paragraphs() -> None:
    html = ours("lists_after_paragraph")
    assert "<p>The essentials:</p>" in html
    assert html.count("<ul>") >= 5 and '<ol start="3">' in html
    assert "<li>water filters clog<ul>" in html  # nested at two spaces, tight


def test_kramdown_tables_have_head_bodies_and_foot() -> None:
    html = ours("tables")
    assert html.count("<table") == 7
    assert "<tfoot>" in html and html.count("<tbody>") >= 8
    assert '<table class="data-table">' in html
    assert "<td>a | b</td>" in html and "<code>ls \\| wc -l</code>" in html


def test_footnotes_are_numbered_and_linked_back_as_kramdown() -> None:
    html = ours("footnotes")
    assert '<sup id="fnref:mars:1" role="doc-noteref">' in html
    assert 'href="#fnref:mars:1"' in html and "↩<sup>2</sup>" in html
    assert "<hr" not in html
    numbers = [int(n) for n in __import__("re").findall(r'class="footnote"[^>]*>(\d+)<', html)]
    assert numbers == [1, 2, 2, 3]


def test_two_quotes_stay_two() -> None:
    assert ours("blockquotes").count("<blockquote>") == 5


def test_math_is_mathml_without_scripts() -> None:
    html = ours("math")
    assert html.count("<math") == 8
    assert "<script" not in html and "MathJax" not in html
    assert '<annotation encoding="application/x-tex">x_1 + x_2</annotation>' in html
    assert '<div class="pe-math pe-math-display"><math display="block">' in html


def test_definitions_toc_and_ials_as_kramdown() -> None:
    html = ours("definitions_toc_ials")
    assert "<dd>\n<p>A second definition after a blank line.</p>\n</dd>" in html
    assert '<a href="#terms"' in html and '<a href="#sub-heading"' in html  # under a no_toc h1
    assert 'href="#glossary"' not in html and 'href="#contents"' not in html
    assert 'id="with-details-and-quotes--and-more"' in html
    assert '<p class="highlight">A paragraph with a class.</p>' in html
    assert '<li class="first">An item with an IAL</li>' in html
    assert "{:" not in html


def test_kramdown_fences_keep_their_indent_and_want_one_word(tmp_path: Path) -> None:
    html = ours("fences_kramdown")
    assert "<code>  indented fence\n    deeper line\n</code>" in html
    assert "<p>```python title=" in html  # two words: text, as kramdown reads it
    assert "\t\t" in html and "        " not in html  # tabs kept in code, as kramdown does
    # Hugo (CommonMark) reads both differently: its site keeps its own fences.
    from editor.core.render import RenderContext, render_body
    from editor.core.site import Site

    (tmp_path / "hugo.toml").write_text('title = "h"\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    hugo = RenderContext(Site.open(tmp_path))
    assert getattr(hugo.site, "kind", "") == "hugo"
    out = render_body("  ```go {hl_lines=[1]}\n  x := 1\n  ```\n", hugo)
    assert 'class="language-go' in out and "```" not in out
    assert '<code><span class="nx">x</span>' in out  # the fence's indent is not code


SITE = Path(__file__).with_name("jekyll_golden_site")
SITE_POSTS = sorted(p.stem for p in (SITE / "_posts").glob("*.md"))


@pytest.mark.parametrize("name", SITE_POSTS)
def test_liquid_over_a_site_matches_the_jekyll_build(name: str) -> None:
    """site.posts (order, dates in the site's time zone, list fields), page, filters."""
    from editor.core.site import Site

    path = SITE / "_posts" / f"{name}.md"
    html = fragment_html(PostDocument.from_bytes(path.read_bytes()), path, Site.open(SITE))
    want = (SITE / "_golden" / f"{name}.html").read_text(encoding="utf-8")
    assert want.startswith("<!-- Golden file: made by a real Jekyll build")
    got_blocks = [block.show() for block in COMPARE.blocks_of(html)]
    assert got_blocks == [block.show() for block in COMPARE.blocks_of(want)]
