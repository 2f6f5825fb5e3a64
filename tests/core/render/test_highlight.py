"""Highlighting reuses one formatter and one lexer per language: no block leaks into the next."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from editor.core.render.highlight import code_html

BLOCKS = [
    ("def f(x):\n    return x\n", "python", True),
    ('puts "hi"\n', "ruby", False),
    ("def g():\n    pass\n", "python", False),
    ("SELECT 1;\n", "sql", True),
    ('puts "hi"\n', "ruby", True),
]


def fresh(code: str, lang: str, linenums: bool) -> str:
    formatter = HtmlFormatter(
        cssclass="highlight", linenos="table" if linenums else False, wrapcode=True
    )
    return highlight(code, get_lexer_by_name(lang, stripnl=False), formatter)


def test_reused_formatters_give_what_fresh_ones_give_in_any_order() -> None:
    code_html.cache_clear()
    for code, lang, linenums in BLOCKS + BLOCKS[::-1]:
        if linenums:
            continue  # numbered code: Jekyll's rouge-table markup, tested below
        out = code_html(code, lang, linenums)
        expected = fresh(code, lang, linenums).replace(
            "<pre><span></span>", '<pre class="highlight"><span></span>'
        )
        assert out == f'<div class="language-{lang} highlighter-rouge">{expected}</div>'
        code_html.cache_clear()


def test_an_unknown_language_is_plain_text() -> None:
    out = code_html("a <b>\n", "no-such-language")
    assert "a &lt;b&gt;" in out
    assert 'class="language-no-such-language highlighter-rouge"' in out


def test_numbered_code_is_jekylls_rouge_table() -> None:
    out = code_html("a = 1\nb = 2\n", "python", True)
    assert out.startswith('<figure class="highlight"><pre><code class="language-python"')
    assert '<td class="gutter gl"><pre class="lineno">1\n2\n</pre></td>' in out
    assert '<td class="code"><pre><span class="n">a</span>' in out
    assert out.endswith("</table></code></pre></figure>")
