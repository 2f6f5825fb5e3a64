"""Code blocks, diagrams and math as HTML: Pygments for code, marked source for the rest."""

from __future__ import annotations

import html
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

# Jekyll's own class names, so a site's CSS styles our code blocks like its own.
CSS_CLASS = "highlight"
PYGMENTS_STYLES = {"light": "friendly", "dark": "github-dark"}
DIAGRAM_LANGS = frozenset({"mermaid"})
MATH_LANGS = frozenset({"math", "latex-math", "katex"})


@lru_cache(maxsize=4096)
def code_html(code: str, lang: str = "", linenums: bool = False) -> str:
    """Highlighted code; cached because incremental re-rendering sees the same blocks often."""
    lang = lang.strip().lower()
    if lang in DIAGRAM_LANGS:
        return diagram_html(code, lang)
    if lang in MATH_LANGS:
        return math_block_html(code)
    body = highlight(
        code if code.endswith("\n") else code + "\n", lexer_for(lang), formatter_for(linenums)
    )
    # Jekyll's Rouge marks the <pre> too; site stylesheets often select ``pre.highlight``.
    body = body.replace("<pre><span></span>", '<pre class="highlight"><span></span>')
    language = html.escape(lang or "plaintext", quote=True)
    return f'<div class="language-{language} highlighter-rouge">{body}</div>'


@lru_cache(maxsize=256)
def lexer_for(lang: str) -> Lexer:
    """A lexer per language, reused: looking one up by name scans Pygments' registry."""
    try:
        return get_lexer_by_name(lang, stripnl=False) if lang else TextLexer(stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


@lru_cache(maxsize=2)
def formatter_for(linenums: bool) -> HtmlFormatter:
    """Two formatters, reused (they keep no state between blocks).

    Building one compiles the whole style's stylesheet: it cost as much as highlighting
    the block itself, half of a code-heavy post's render.
    """
    return HtmlFormatter(cssclass=CSS_CLASS, linenos="table" if linenums else False, wrapcode=True)


def diagram_html(source: str, kind: str) -> str:
    """A diagram is shown as its source in a marked block: no script runs in the preview."""
    return (
        f'<div class="pe-diagram pe-{html.escape(kind)}">'
        f'<span class="pe-block-label">{html.escape(kind.capitalize())} diagram</span>'
        f"<pre><code>{html.escape(source.rstrip())}</code></pre></div>"
    )


def math_block_html(tex: str) -> str:
    """Display math kept as readable TeX in a styled block (no MathJax: no scripts)."""
    return (
        '<div class="pe-math pe-math-display">'
        '<span class="pe-block-label">Math</span>'
        f"<pre>{html.escape(tex.strip())}</pre></div>"
    )


def math_inline_html(tex: str) -> str:
    """Inline math as marked TeX within the sentence."""
    return f'<span class="pe-math pe-math-inline">{html.escape(tex.strip())}</span>'
