"""Jekyll's tags and the preview's stand-ins for tags it cannot run.

``post_url``, ``link`` and ``highlight`` as Jekyll has them; an unknown plugin tag becomes a
placeholder in its own place (a block when alone on its line, an inline chip otherwise), and
an unknown plugin block a labelled box with its content. ``include`` is in :mod:`includes`.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from functools import lru_cache
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import BlockNode, Node
from liquid.context import RenderContext as LiquidContext
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_ILLEGAL, Token

from editor.core.render.liquid.environment import KNOWN_BLOCKS, JekyllEnvironment
from editor.core.render.liquid.markers import block_marker, chip, tag_place

if TYPE_CHECKING:
    from liquid.stream import TokenStream


def write_marker(
    context: LiquidContext, buffer: TextIO, token: Token, kind: str, label: str
) -> None:
    """A marker in the tag's own place: a block when alone on its line, else inline."""
    place = tag_place(token)
    if place.in_code:
        buffer.write(f"[{label}]")
        return
    if place.in_url or place.in_attribute:
        return
    env = context.env
    if place.alone and isinstance(env, JekyllEnvironment):
        marker = env.stash(block_marker(kind, label, place.source))
        buffer.write(f"\n{place.indent}{marker}\n")
        return
    buffer.write(chip(kind, label, place.source))


def tag_markup(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and its raw markup; the stream is left on the tag's last token."""
    token = stream.current
    markup = ""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        markup = stream.current.value
    return token, markup


def render_markup(context: LiquidContext, markup: str) -> str:
    """A tag argument that may hold ``{{ }}``, rendered in the current context."""
    if "{{" not in markup:
        return markup
    env = context.env
    template = env.from_string(markup)
    out = StringIO()
    template.render_with_context(context, out, partial=True)
    return out.getvalue()


# -- nodes and tags ----------------------------------------------------------------------------


class MarkerNode(Node):
    """Output of a tag the preview can only name (an unknown plugin tag)."""

    __slots__ = ("kind", "label")

    def __init__(self, token: Token, kind: str, label: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.label = label
        self.blank = False

    def render_to_output(self, context: LiquidContext, buffer: TextIO) -> int:
        write_marker(context, buffer, self.token, self.kind, self.label)
        return True


class UnknownBlockNode(Node):
    """A plugin block tag (``{% notice %}…{% endnotice %}``): a labelled box, content shown."""

    __slots__ = ("block", "label")

    def __init__(self, token: Token, label: str, block: BlockNode) -> None:
        super().__init__(token)
        self.label = label
        self.block = block
        self.blank = False

    def render_to_output(self, context: LiquidContext, buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        place = tag_place(self.token)
        if place.in_url or place.in_attribute or place.in_code:
            buffer.write(inner.getvalue())
            return True
        buffer.write(
            '\n\n<div class="pe-liquid-block" markdown="1">'
            f'<div class="pe-liquid-label">{html.escape(self.label)}</div>\n\n'
        )
        buffer.write(inner.getvalue().strip("\n"))
        buffer.write("\n\n</div>\n\n")
        return True

    def children(self, static_context: LiquidContext, *, include_partials: bool = True) -> Any:
        yield self.block


class UnknownTag(Tag):
    """Stands in for every tag Jekyll's plugins might define and we do not."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        name = token.value
        label = f"{name} {markup}".strip()
        env = self.env
        if name.startswith("end") and name[3:] in KNOWN_BLOCKS:
            return MarkerNode(token, "liquid-error", f"Liquid: unexpected {name}")
        if name.startswith("end"):
            return SilentNode(token)
        ends: frozenset[str] = getattr(env, "end_names", frozenset())
        if name in ends:
            next(stream)
            block = get_parser(env).parse_block(stream, (f"end{name}", TOKEN_EOF))
            return UnknownBlockNode(token, label, block)
        return MarkerNode(token, "liquid-tag", label)


class SilentNode(Node):
    """An end tag of a plugin block we did not see open: nothing to show."""

    __slots__ = ()

    def render_to_output(self, context: LiquidContext, buffer: TextIO) -> int:
        return False


class FunctionNode(Node):
    """A simple tag whose output a function computes from the context."""

    __slots__ = ("func",)

    def __init__(self, token: Token, func: Callable[[LiquidContext, TextIO, Token], None]) -> None:
        super().__init__(token)
        self.func = func
        self.blank = False

    def render_to_output(self, context: LiquidContext, buffer: TextIO) -> int:
        self.func(context, buffer, self.token)
        return True


class PostUrlTag(Tag):
    """``{% post_url 2010-07-21-name %}``: the post's URL, or a safe visible marker."""

    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        name = markup.strip()

        def render(context: LiquidContext, buffer: TextIO, token: Token) -> None:
            env = context.env
            url = env.post_url(name) if isinstance(env, JekyllEnvironment) else None
            if url is not None:
                buffer.write(url)
                return
            place = tag_place(token)
            if place.in_url or place.in_attribute:
                buffer.write("#post-not-found:" + urllib.parse.quote(name, safe="/-_."))
            elif place.in_code:
                buffer.write(f"[post_url {name}: no such post]")
            else:
                buffer.write(chip("liquid-missing", f"post_url {name}: no such post", markup))

        return FunctionNode(token, render)


class LinkTag(Tag):
    """``{% link path %}``: a post's permalink, or the page's output path under baseurl."""

    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)

        def render(context: LiquidContext, buffer: TextIO, token: Token) -> None:
            env = context.env
            path = render_markup(context, markup.strip()).strip()
            buffer.write(env.link(path) if isinstance(env, JekyllEnvironment) else path)

        return FunctionNode(token, render)


class HighlightNode(Node):
    __slots__ = ("block", "lang", "linenos")

    def __init__(self, token: Token, lang: str, linenos: bool, block: BlockNode) -> None:
        super().__init__(token)
        self.lang = lang
        self.linenos = linenos
        self.block = block
        self.blank = False

    def render_to_output(self, context: LiquidContext, buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        code = inner.getvalue().strip("\n").rstrip()
        env = context.env
        markup = highlight_tag_html(code, self.lang, self.linenos)
        stash = env.stash if isinstance(env, JekyllEnvironment) else (lambda h: h)
        place = tag_place(self.token)
        if place.in_code:
            buffer.write(code)
        elif place.alone:
            buffer.write(f"\n\n{place.indent}{stash(markup)}\n\n")
        else:
            buffer.write(stash(markup))
        return True


WHITESPACE_SPAN_RE = re.compile(r'<span class="w">(\s*)</span>')


@lru_cache(maxsize=1)
def spans_formatter() -> Any:
    """One formatter, reused: building one compiles a whole stylesheet."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


@lru_cache(maxsize=2048)
def highlight_tag_html(code: str, lang: str, linenos: bool) -> str:
    """Jekyll's ``highlight`` block markup (a ``figure.highlight``), Pygments' token classes."""
    from pygments import highlight

    from editor.core.render.highlight import lexer_for

    spans = highlight(code + "\n", lexer_for(lang.lower()), spans_formatter())
    # Rouge leaves whitespace bare; Pygments wraps it in a "w" token.
    spans = WHITESPACE_SPAN_RE.sub(r"\1", spans.rstrip("\n"))
    name = html.escape(lang.lower() or "plaintext", quote=True)
    if linenos:
        numbers = "\n".join(str(n) for n in range(1, code.count("\n") + 2))
        spans = (
            '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
            f'<pre class="lineno">{numbers}\n</pre></td><td class="code"><pre>{spans}\n'
            "</pre></td></tr></tbody></table>"
        )
    return (
        f'<figure class="highlight"><pre><code class="language-{name}" data-lang="{name}">'
        f"{spans}</code></pre></figure>"
    )


class HighlightTag(Tag):
    """``{% highlight lang linenos %}``: the body (Liquid evaluated) highlighted by Pygments."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        words = markup.split()
        lang = words[0] if words else ""
        linenos = any(w.startswith(("linenos", "linenums")) for w in words[1:])
        next(stream)
        block = get_parser(self.env).parse_block(stream, ("endhighlight", TOKEN_EOF))
        return HighlightNode(token, lang, linenos, block)
