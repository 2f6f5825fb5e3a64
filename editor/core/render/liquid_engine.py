"""Liquid in a post body, evaluated as Jekyll does it, with python-liquid.

Jekyll renders a post's Liquid over the whole file before kramdown sees it; so do we: the
body text goes through :func:`render_liquid` first, then through the Markdown pipeline. On
top of python-liquid's standard tags and filters we register Jekyll's own (``include`` with
``include.*`` parameters, ``include_relative``, ``post_url``, ``link``, ``highlight`` and the
filters of :mod:`liquid_filters`).

A preview differs from a build on purpose where a build would fail or leak:

* an include outside ``_includes/`` (``../../etc/passwd``), a missing include, an include loop
  and a ``post_url`` to no post are visible, labelled markers, never an exception; the
  ``post_url`` marker is a plain ``#post-not-found:NAME`` inside a URL or an attribute, so the
  surrounding HTML stays whole;
* plugin tags we do not know (``gist``, ``notice``…) become a placeholder in their own place:
  a block when the tag is alone on its line, a small inline chip otherwise;
* loops, output size and include depth are bounded; syntax errors are shown where they are.

Every output line is mapped back to a source line, so blocks keep their ``data-line``.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import html
import logging
import re
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from liquid import Environment, Mode
from liquid.ast import BlockNode, Node
from liquid.builtin.content import ContentNode
from liquid.context import RenderContext as LiquidContext
from liquid.exceptions import (
    LiquidError,
    LiquidInterrupt,
    LoopIterationLimitError,
    OutputStreamLimitError,
    StopRender,
)
from liquid.output import LimitedStringIO
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_ILLEGAL, Token

from editor.core.render import liquid_filters
from editor.core.render.liquid import LITERAL_MARK

if TYPE_CHECKING:
    from liquid.stream import TokenStream

logger = logging.getLogger(__name__)

LOOP_LIMIT = 20_000
"""Loop iterations per render (nested loops multiply), far beyond what a post needs."""
OUTPUT_LIMIT = 4_000_000
"""Characters one top-level tag may write (an include in a loop cannot fill memory)."""
INCLUDE_DEPTH_LIMIT = 12
INCLUDE_MAX_BYTES = 512 * 1024
TEMPLATE_CACHE_SIZE = 256
MAX_SYNTAX_RETRIES = 8
BROKEN_OPENER = "\ue000"
"""Stands for the "{" of an opener Liquid could not read, so it stays text (same length)."""
POSTS_TTL = 30.0

VALID_INCLUDE_RE = re.compile(r"^[\w/.\-()+~#@]+$")
INVALID_INCLUDE_RE = re.compile(r"[./]{2,}")
INCLUDE_PARAM_RE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)
INCLUDE_VARIABLE_RE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S
)
LIQUID_TOKEN_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
ATTRIBUTE_CONTEXT_RE = re.compile(r"<[a-zA-Z][^<>]*$")
URL_CONTEXT_RE = re.compile(r"(?:\]\(\s*[^()\s]*|^\s*\[[^\]]+\]:\s*\S*|<[^<>\s]*)$")
END_TAG_RE = re.compile(r"\{%-?\s*end(\w+)")
FIGURE_SOURCES = ("src", "image_path", "image", "url", "file", "path")
KNOWN_BLOCKS = frozenset(
    {"if", "unless", "for", "case", "capture", "comment", "raw", "tablerow", "highlight"}
)

Stash = Callable[[str], str]


# -- markers -----------------------------------------------------------------------------------
def chip(kind: str, label: str, source: str) -> str:
    """A small inline marker saying what the site would put here."""
    short = label if len(label) <= 80 else label[:77] + "…"
    return (
        f'<span class="pe-placeholder pe-{kind}" title="{html.escape(source)}">'
        f"{html.escape(short)}</span>"
    )


def block_marker(kind: str, label: str, source: str) -> str:
    short = label if len(label) <= 120 else label[:117] + "…"
    return (
        f'<div class="pe-placeholder pe-{kind}" title="{html.escape(source)}">'
        f"{html.escape(short)}</div>"
    )


CONTEXT_CHARS = 300  # how far around a tag its place is judged (long lines stay linear)


@lru_cache(maxsize=64)
def source_line_starts(source: str) -> list[int]:
    return line_starts(source)


@dataclass
class TagPlace:
    """Where a tag sits in its source line: alone, inside a URL, an HTML tag, or code."""

    alone: bool
    in_url: bool
    in_attribute: bool
    indent: str
    source: str
    in_code: bool = False


FENCE_LINE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


@lru_cache(maxsize=64)
def fenced_ranges(source: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the fenced code blocks of ``source`` (sorted)."""
    starts: list[int] = []
    ends: list[int] = []
    open_fence = ""
    for match in FENCE_LINE_RE.finditer(source):
        fence = match.group(1)
        if not open_fence:
            open_fence = fence
            starts.append(match.start())
        elif fence[0] == open_fence[0] and len(fence) >= len(open_fence):
            line_end = source.find("\n", match.end())
            if not source[match.end() : len(source) if line_end < 0 else line_end].strip():
                open_fence = ""
                ends.append(match.end())
    if open_fence:
        ends.append(len(source))
    return starts, ends


def in_fence(source: str, offset: int) -> bool:
    starts, ends = fenced_ranges(source)
    if not starts:
        return False
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and offset < ends[k]


def tag_place(token: Token) -> TagPlace:
    source = token.source
    start = source.rfind("{%", 0, token.start_index + 1)
    start = token.start_index if start < 0 else start
    end = source.find("%}", token.start_index)
    end = len(source) if end < 0 else end + 2
    starts = source_line_starts(source)
    line = bisect.bisect_right(starts, start) - 1
    line_start = max(starts[line], start - CONTEXT_CHARS)
    line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(source)
    line_end = min(line_end, end + CONTEXT_CHARS)
    before = source[line_start:start]
    after = source[end:line_end]
    plain = LIQUID_TOKEN_RE.sub("x", before)
    indent = len(before.expandtabs(4)) - len(before.expandtabs(4).lstrip())
    in_code = (
        plain.count("`") % 2 == 1 or (indent >= 4 and not before.strip()) or in_fence(source, start)
    )
    return TagPlace(
        alone=not before.strip() and not after.strip(),
        in_url=URL_CONTEXT_RE.search(plain) is not None,
        in_attribute=ATTRIBUTE_CONTEXT_RE.search(plain) is not None,
        indent=before if not before.strip() else "",
        source=source[start:end],
        in_code=in_code,
    )


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


class IncludeTag(Tag):
    """Jekyll's ``include``: ``{% include file.html key="value" key2=variable %}``."""

    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_markup(stream)
        markup = markup.strip()
        matched = INCLUDE_VARIABLE_RE.match(markup)
        if matched:
            file_expr, params = matched["variable"].strip(), matched["params"].strip()
        else:
            file_expr, _, params = markup.partition(" ")
            file_expr, params = file_expr.strip(), params.strip()
        relative = self.relative

        def render(context: LiquidContext, buffer: TextIO, token: Token) -> None:
            env = context.env
            if not isinstance(env, JekyllEnvironment):
                return
            env.include(context, buffer, token, file_expr, params, relative)

        return FunctionNode(token, render)


class IncludeRelativeTag(IncludeTag):
    name = "include_relative"
    relative = True


def render_markup(context: LiquidContext, markup: str) -> str:
    """A tag argument that may hold ``{{ }}``, rendered in the current context."""
    if "{{" not in markup:
        return markup
    env = context.env
    template = env.from_string(markup)
    out = StringIO()
    template.render_with_context(context, out, partial=True)
    return out.getvalue()


# -- the site as Liquid sees it ----------------------------------------------------------------
_posts_cache: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_posts_lock = threading.Lock()


def site_posts(site: Any) -> list[dict[str, Any]]:
    """``site.posts``: title, url, date (newest first), kept for a few seconds per site."""
    key = str(getattr(site, "root", ""))
    now = time.monotonic()
    with _posts_lock:
        cached = _posts_cache.get(key)
        if cached and now - cached[0] < POSTS_TTL:
            return cached[1]
    posts: list[dict[str, Any]] = []
    try:
        drafts = getattr(site, "is_draft_path", lambda _p: False)
        for entry in site.entries():
            if drafts(entry.path):
                continue
            data = dict(entry.metadata)
            data.setdefault("title", entry.title)
            data["date"] = liquid_filters.as_jekyll_times(entry.date)
            data["url"] = site.permalink(entry)
            data["path"] = Path(entry.path).name
            data["slug"] = Path(entry.path).stem
            posts.append(data)
    except Exception:  # a site we cannot list gives no posts, never a failed render
        logger.exception("cannot list the site's posts for Liquid")
    with _posts_lock:
        _posts_cache[key] = (now, posts)
    return posts


def site_data(root: Path) -> dict[str, Any]:
    """``site.data``: the ``_data`` files (YAML, JSON), read with our bounded YAML loader."""
    from editor.core.frontmatter.yaml_safe import parse_yaml

    folder = root / "_data"
    data: dict[str, Any] = {}
    if not folder.is_dir():
        return data
    for path in sorted(folder.glob("*"))[:200]:
        if path.suffix.lower() not in (".yml", ".yaml", ".json") or not path.is_file():
            continue
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if path.suffix.lower() == ".json":
            import json

            try:
                data[path.stem] = json.loads(text)
            except ValueError:
                continue
        else:
            parsed = parse_yaml(text)
            if parsed.problem is None or parsed.data is not None:
                data[path.stem] = parsed.data
    return data


class SiteDrop(Mapping[str, Any]):
    """``site``: the config, with ``posts``, ``data``, ``time`` read only when used."""

    def __init__(self, site: Any, config: dict[str, Any]) -> None:
        self.site = site
        self.data = dict(config)
        self.lazy: dict[str, Callable[[], Any]] = {}
        root = getattr(site, "root", None)
        if site is not None and hasattr(site, "entries"):
            self.lazy["posts"] = lambda: site_posts(site)
            self.lazy["tags"] = lambda: self._grouped("tags")
            self.lazy["categories"] = lambda: self._grouped("categories")
        if root is not None and "data" not in self.data:
            self.lazy["data"] = lambda: site_data(Path(root))
        self.lazy.setdefault("time", dt.datetime.now)
        for name in ("pages", "static_files", "html_pages", "collections"):
            self.data.setdefault(name, [])

    def _grouped(self, key: str) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for post in self["posts"]:
            names = post.get(key) or []
            for name in names.split() if isinstance(names, str) else names:
                out.setdefault(str(name), []).append(post)
        return out

    def __getitem__(self, key: str) -> Any:
        if key in self.data:
            return self.data[key]
        if key in self.lazy:
            self.data[key] = self.lazy.pop(key)()
            return self.data[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from self.data
        yield from list(self.lazy)

    def __len__(self) -> int:
        return len(self.data) + len(self.lazy)


# -- the environment ---------------------------------------------------------------------------
class JekyllEnvironment(Environment):
    """python-liquid configured as Jekyll's Liquid, for one site (or none)."""

    loop_iteration_limit = LOOP_LIMIT
    output_stream_limit = OUTPUT_LIMIT

    def __init__(self, site: Any | None) -> None:
        super().__init__(tolerance=Mode.LAX, strict_filters=False)
        self.site = site
        config = dict(getattr(site, "config", None) or {})
        self.baseurl = str(getattr(site, "baseurl", None) or config.get("baseurl") or "")
        self.baseurl = self.baseurl.rstrip("/")
        self.site_url = str(getattr(site, "url", None) or config.get("url") or "").rstrip("/")
        root = getattr(site, "root", None)
        self.root: Path | None = Path(root) if root else None
        self.config = config
        self.templates: OrderedDict[str, Any] = OrderedDict()
        self.partials: dict[tuple[str, int, int], Any] = {}
        self.small: dict[str, Any] = {}
        self.post_urls: dict[str, str | None] = {}
        # Per render (one render at a time per environment: environments are per thread).
        self.stash: Stash = lambda text: text
        self.errors: list[tuple[int, str]] = []
        self.include_stack: list[str] = []
        self.post_dir: Path | None = None
        self.end_names: frozenset[str] = frozenset()
        liquid_filters.register(self)
        for tag in (
            UnknownTag,
            PostUrlTag,
            LinkTag,
            HighlightTag,
            IncludeTag,
            IncludeRelativeTag,
        ):
            self.add_tag(tag)
        self.markdownify = markdownify_text

    # python-liquid reports errors here; a preview records them and goes on.
    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        where_token = exc.token or token
        where = where_token.start_index if where_token is not None else 0
        if isinstance(exc, LoopIterationLimitError | OutputStreamLimitError):
            raise exc
        self.errors.append((max(0, where), str(exc.message if hasattr(exc, "message") else exc)))

    # -- helpers for filters ---------------------------------------------------------------
    def condition_template(self, expression: str) -> Any:
        return _Small(self, "{% if " + expression + " %}1{% endif %}")

    def expression_template(self, expression: str) -> Any:
        return _Small(self, "{{ " + expression + " }}")

    # -- site lookups -------------------------------------------------------------------------
    def post_url(self, name: str) -> str | None:
        if name not in self.post_urls:
            finder = getattr(self.site, "post_url", None)
            try:
                self.post_urls[name] = finder(name) if finder and name else None
            except (OSError, ValueError):
                self.post_urls[name] = None
        return self.post_urls[name]

    def link(self, path: str) -> str:
        path = path.strip()
        if path.startswith("_posts/"):
            stem = re.sub(r"\.[^./]+$", "", path.rsplit("/", 1)[-1])
            url = self.post_url(stem)
            if url is not None:
                return url
        path = re.sub(r"\.(md|markdown|mkd|html?)$", ".html", path)
        return liquid_filters.relative_url("/" + path.lstrip("/"), environment=self)

    def include(
        self,
        context: LiquidContext,
        buffer: TextIO,
        token: Token,
        file_expr: str,
        params: str,
        relative: bool,
    ) -> None:
        tag = "include_relative" if relative else "include"
        name = render_markup(context, file_expr).strip()
        label = f"{tag} {name}"
        if not name or INVALID_INCLUDE_RE.search(name) or not VALID_INCLUDE_RE.match(name):
            write_marker(context, buffer, token, "liquid-include", f"{label}: not allowed")
            return
        base = self.post_dir if relative else (self.root / "_includes" if self.root else None)
        path = self.locate(base, name)
        if path is None:
            args = parse_include_params(context, params)
            figure = figure_html(args) if re.search(r"figure|image", name) else ""
            if figure:
                buffer.write(self.stash(figure))
                return
            where = "next to the post" if relative else "in _includes"
            write_marker(context, buffer, token, "liquid-include", f"{label}: not found {where}")
            return
        key = str(path)
        if key in self.include_stack:
            chain = " → ".join(Path(p).name for p in [*self.include_stack, key])
            write_marker(context, buffer, token, "liquid-error", f"include loop stopped: {chain}")
            return
        if len(self.include_stack) >= INCLUDE_DEPTH_LIMIT:
            write_marker(context, buffer, token, "liquid-error", f"{label}: includes nest too deep")
            return
        template = self.partial(path)
        if template is None:
            write_marker(context, buffer, token, "liquid-include", f"{label}: cannot be read")
            return
        namespace = {"include": parse_include_params(context, params)} if params else {}
        self.include_stack.append(key)
        try:
            with context.extend(namespace, template=template):
                template.render_with_context(context, buffer, partial=True)
        finally:
            self.include_stack.pop()

    def locate(self, base: Path | None, name: str) -> Path | None:
        """The include file, only if it lies inside the site (symlinks resolved)."""
        if base is None or self.root is None:
            return None
        try:
            path = (base / name).resolve()
            root = self.root.resolve()
        except (OSError, RuntimeError):
            return None
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    def partial(self, path: Path) -> Any:
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        template = self.partials.get(key)
        if template is None:
            if stat.st_size > INCLUDE_MAX_BYTES:
                return None
            try:
                text = path.read_text("utf-8-sig", errors="replace")
            except OSError:
                return None
            saved = self.end_names
            self.end_names = end_names(text)
            try:
                template = self.from_string(text, name=path.name, path=str(path))
            finally:
                self.end_names = saved
            self.partials = {k: v for k, v in self.partials.items() if k[0] != key[0]}
            self.partials[key] = template
        return template

    # -- parse cache ----------------------------------------------------------------------------
    def parse_cached(self, source: str) -> tuple[Any, str, list[tuple[int, str]]]:
        """The parsed template, the source it was parsed from, and the syntax errors.

        An opener the lexer cannot read (``{%`` never closed, while typing) is taken as
        text, with an error, and the rest is parsed again: the preview keeps working.
        """
        cached = self.templates.get(source)
        if cached is not None:
            self.templates.move_to_end(source)
            return cached
        self.end_names = end_names(source)
        errors: list[tuple[int, str]] = []
        text = balance_blocks(close_or_neutralise(source, errors), errors)
        template = None
        for _ in range(MAX_SYNTAX_RETRIES):
            self.errors = []
            try:
                template = self.from_string(text)
                unclosed = [e for e in self.errors if "never closed" in e[1] or "expected" in e[1]]
                if not unclosed:
                    break
                where, message = unclosed[0]
            except LiquidError as exc:
                where, message = (exc.token.start_index if exc.token else -1), str(exc.message)
            template = None
            offset = opener_at(text, where)
            if offset < 0:
                break
            errors.append((offset, message))
            text = text[:offset] + BROKEN_OPENER + text[offset + 1 :]
        if template is None:
            text = source.replace("{", BROKEN_OPENER)
            template = self.from_string(text)
        cached = (template, text, errors + self.errors)
        self.errors = []
        self.templates[source] = cached
        if len(self.templates) > TEMPLATE_CACHE_SIZE:
            self.templates.popitem(last=False)
        return cached


class _Small:
    """A one-expression template used by ``where_exp`` and ``group_by_exp``."""

    def __init__(self, env: JekyllEnvironment, source: str) -> None:
        template = env.small.get(source)
        if template is None:
            template = env.from_string(source)
            env.small[source] = template
        self.template = template

    def render_with_context_to_str(self, context: LiquidContext) -> str:
        out = StringIO()
        self.template.render_with_context(context, out, partial=True)
        return out.getvalue()


def close_or_neutralise(source: str, errors: list[tuple[int, str]]) -> str:
    """Openers with no closer after them are text: the lexer would rescan to the end for each."""
    for opener, closer in (("{{", "}}"), ("{%", "%}")):
        last_close = source.rfind(closer)
        first_open = source.find(opener, last_close + 1 if last_close >= 0 else 0)
        if first_open < 0:
            continue
        errors.append((first_open, f"'{opener}' is never closed"))
        tail = source[first_open:].replace(opener, BROKEN_OPENER + opener[1])
        source = source[:first_open] + tail
    return source


BLOCK_TAG_RE = re.compile(r"\{%-?\s*(end)?(" + "|".join(sorted(KNOWN_BLOCKS)) + r")\b")


def balance_blocks(source: str, errors: list[tuple[int, str]]) -> str:
    """Block tags never closed (the writer is still typing) are text, in one linear pass."""
    if "{%" not in source:
        return source
    opens: dict[str, list[int]] = {}
    in_raw = False
    for match in BLOCK_TAG_RE.finditer(source):
        end, name = match.group(1), match.group(2)
        if in_raw:
            in_raw = not (end and name == "raw")
            continue
        if name == "raw" and not end:
            in_raw = True
            continue
        stack = opens.setdefault(name, [])
        if end:
            if stack:
                stack.pop()
        else:
            stack.append(match.start())
    unclosed = sorted(offset for name, stack in opens.items() if name != "raw" for offset in stack)
    if not unclosed:
        return source
    errors.extend((offset, "this block tag is never closed") for offset in unclosed[:50])
    chars = list(source) if len(unclosed) > 1 else None
    if chars is None:
        return source[: unclosed[0]] + BROKEN_OPENER + source[unclosed[0] + 1 :]
    for offset in unclosed:
        chars[offset] = BROKEN_OPENER
    return "".join(chars)


def opener_at(text: str, offset: int) -> int:
    """The "{" of the Liquid opener at or before ``offset`` (else the first one), or -1."""
    if offset >= 0:
        found = max(text.rfind("{%", 0, offset + 2), text.rfind("{{", 0, offset + 2))
        if found >= 0:
            return found
    firsts = [i for i in (text.find("{%"), text.find("{{")) if i >= 0]
    return min(firsts) if firsts else -1


def end_names(source: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in END_TAG_RE.finditer(source))


def parse_include_params(context: LiquidContext, params: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for match in INCLUDE_PARAM_RE.finditer(params):
        key, dq, sq, variable = match.groups()
        if dq is not None:
            values[key] = dq.replace('\\"', '"')
        elif sq is not None:
            values[key] = sq.replace("\\'", "'")
        else:
            values[key] = context_lookup(context, variable)
    return values


def context_lookup(context: LiquidContext, path: str) -> Any:
    env = context.env
    small: dict[str, Any] = getattr(env, "small", {})
    template = small.get("var:" + path)
    if template is None:
        template = env.from_string("{% assign __pe_value = " + path + " %}")
        small["var:" + path] = template
    with context.extend({}):
        template.render_with_context(context, StringIO(), partial=True)
        value = context.locals.pop("__pe_value", None)
    return value


def figure_html(args: Mapping[str, Any]) -> str:
    """A theme's figure include, when the theme is not in the site folder: the figure itself."""
    src = next((str(args[k]) for k in FIGURE_SOURCES if args.get(k)), "")
    if not src:
        return ""
    caption = re.sub(r"[*_`]+", "", str(args.get("caption") or args.get("title") or ""))
    alt = str(args.get("alt") or "")
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="pe-figure"><img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        f"{caption_html}</figure>"
    )


_md_local = threading.local()


def markdownify_text(text: str) -> str:
    """The ``markdownify`` filter: a plain Markdown conversion (not the preview's converter)."""
    import markdown

    converter = getattr(_md_local, "md", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["tables", "fenced_code", "def_list", "abbr"])
        _md_local.md = converter
    converter.reset()
    return converter.convert(text)


# -- the environment per site, per thread ------------------------------------------------------
_env_local = threading.local()


def environment_for(site: Any | None) -> JekyllEnvironment:
    """The calling thread's environment for ``site`` (rebuilt when its config changes)."""
    cache: dict[Any, JekyllEnvironment] = getattr(_env_local, "envs", None) or {}
    _env_local.envs = cache
    config = getattr(site, "config", None) or {}
    key = (
        str(getattr(site, "root", "")),
        getattr(site, "baseurl", None),
        getattr(site, "url", None),
        repr(sorted(config.items(), key=lambda kv: str(kv[0])))[:20000],
    )
    env = cache.get(key)
    if env is None:
        if len(cache) > 8:
            cache.clear()
        env = JekyllEnvironment(site)
        cache[key] = env
    return env


# -- rendering a body with its line map --------------------------------------------------------
@dataclass
class LiquidResult:
    lines: list[str]
    line_map: list[int]
    errors: list[tuple[int, str]] = field(default_factory=list)


JEKYLL = {"environment": "development", "version": "4.3.1"}
"""``jekyll``: a preview is what ``jekyll serve`` shows, so production-only parts stay out."""


def page_drop(site: Any | None, page: dict[str, Any], post_path: Path | None) -> dict[str, Any]:
    """``page``: the front matter, plus the ``url``, ``path``, ``slug``… Jekyll adds."""
    page = dict(page)
    if post_path is not None:
        path = Path(post_path)
        root = getattr(site, "root", None)
        try:
            relative = path.resolve().relative_to(Path(root).resolve()).as_posix() if root else None
        except (OSError, ValueError):
            relative = None
        page.setdefault("path", relative or path.name)
        name = path.stem
        match = re.match(r"^\d{4}-\d{1,2}-\d{1,2}-(.*)$", name)
        page.setdefault("slug", match.group(1) if match else name)
        page.setdefault("name", path.name)
        if site is not None and hasattr(site, "permalink") and "url" not in page:
            from editor.core.site import PostEntry

            entry = PostEntry(path, str(page.get("title") or ""), page.get("date"), False, page)
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                page["url"] = site.permalink(entry)
        if "url" in page:
            page.setdefault("id", re.sub(r"\.html$", "", str(page["url"])))
    page.setdefault("categories", [])
    page.setdefault("tags", [])
    page.setdefault("collection", "posts")
    return liquid_filters.as_jekyll_times(page)


def has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


def render_liquid(
    lines: list[str],
    *,
    site: Any | None,
    page: dict[str, Any],
    stash: Stash,
    post_path: Path | None = None,
) -> LiquidResult:
    """The body's Liquid evaluated; each output line with the source line it came from."""
    source = "\n".join(lines)
    env = environment_for(site)
    template, parsed_source, parse_errors = env.parse_cached(source)
    env.errors = []
    env.stash = stash
    env.include_stack = []
    env.post_urls = {}  # posts come and go between renders; within one, each is looked up once
    env.post_dir = Path(post_path).parent if post_path is not None else env.root
    site_drop = SiteDrop(site, {**env.config, "baseurl": env.baseurl, "url": env.site_url})
    page = page_drop(site, page, post_path)
    context = LiquidContext(
        template,
        globals=template.make_globals({"site": site_drop, "page": page, "jekyll": JEKYLL}),
    )
    pieces: list[tuple[str, Node]] = []
    try:
        for node in template.nodes:
            buffer: StringIO = LimitedStringIO(limit=OUTPUT_LIMIT)
            try:
                node.render(context, buffer)
            except (LiquidInterrupt, StopRender):
                pass
            except (LoopIterationLimitError, OutputStreamLimitError) as exc:
                buffer = StringIO()
                buffer.write(stash(block_marker("liquid-error", f"Liquid: {exc.message}", "")))
                env.errors.append((node.token.start_index, "stopped: " + str(exc.message)))
            except LiquidError as exc:
                env.errors.append((node.token.start_index, str(exc.message)))
            except RecursionError:
                env.errors.append((node.token.start_index, "nested too deeply"))
            pieces.append((buffer.getvalue(), node))
    finally:
        env.stash = lambda text: text
    errors = parse_errors + env.errors
    env.errors = []
    out_lines, line_map = map_lines(parsed_source, lines, pieces)
    if errors:
        out_lines, line_map = insert_errors(out_lines, line_map, errors, source, stash)
    return LiquidResult(protect(out_lines), line_map, errors)


def protect(lines: list[str]) -> list[str]:
    return [
        line.replace("{{", "{" + LITERAL_MARK + "{")
        .replace("{%", "{" + LITERAL_MARK + "%")
        .replace(BROKEN_OPENER, "{" + LITERAL_MARK)
        if "{" in line or BROKEN_OPENER in line
        else line
        for line in lines
    ]


def insert_errors(
    lines: list[str],
    line_map: list[int],
    errors: list[tuple[int, str]],
    source: str,
    stash: Stash,
) -> tuple[list[str], list[int]]:
    """Each error as a message block before the first output line of its source line."""
    starts = line_starts(source)
    seen: set[tuple[int, str]] = set()
    for offset, message in sorted(errors, reverse=True):
        if in_fence(source, offset):
            continue  # the code shows the tag as typed; a message inside it would be code
        line = bisect.bisect_right(starts, offset) - 1
        if (line, message) in seen:
            continue
        seen.add((line, message))
        at = bisect.bisect_left(line_map, line)
        block = stash(block_marker("liquid-error", f"Liquid error: {message}", ""))
        lines[at:at] = ["", block, ""]
        line_map[at:at] = [line, line, line]
    return lines, line_map


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def map_lines(
    source: str, src_lines: list[str], pieces: list[tuple[str, Node]]
) -> tuple[list[str], list[int]]:
    """Split the output into lines and give each the source line it comes from.

    Text outside tags maps exactly (it is the source text); a line a tag produced maps to
    the identical source line inside the tag's span when there is one (the body of an ``if``),
    else to the tag's first line.
    """
    starts = line_starts(source)
    out = "".join(text for text, _ in pieces)
    # (output offset, source offset of that output char or -1, tag span lines)
    seg_out: list[int] = []
    seg_info: list[tuple[int, int, int]] = []
    pos = 0
    search_from = 0
    for index, (text, node) in enumerate(pieces):
        seg_out.append(pos)
        start = node.token.start_index
        if isinstance(node, ContentNode):
            at_text = source.find(node.text, max(start, search_from))
            src_at = at_text if at_text >= 0 else start
            seg_info.append((src_at, -1, -1))
            search_from = src_at + len(node.text)
        else:
            opener = max(source.rfind("{%", 0, start + 1), source.rfind("{{", 0, start + 1))
            start = opener if opener >= 0 else start
            nxt = pieces[index + 1][1].token.start_index if index + 1 < len(pieces) else None
            end = len(source) if nxt is None else max(start, nxt)
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(start, end - 1)) - 1
            seg_info.append((-1, first, last))
            search_from = max(search_from, end)
        pos += len(text)
    result_lines = out.split("\n")
    result_map: list[int] = []
    offset = 0
    cursor: dict[int, int] = {}
    for line in result_lines:
        k = bisect.bisect_right(seg_out, offset) - 1
        if k < 0:
            result_map.append(0)
        else:
            src_at, first, last = seg_info[k]
            if src_at >= 0:
                at = src_at + (offset - seg_out[k])
                if offset - seg_out[k] == 1 and source.startswith("%}\n", src_at - 2):
                    at = src_at  # the first line of a raw block: the block starts at the tag
                result_map.append(bisect.bisect_right(starts, at) - 1)
            else:
                current = cursor.get(k, first)
                found = None
                if line.strip():
                    for j in range(current, min(last, current + 400) + 1):
                        if j < len(src_lines) and src_lines[j] == line:
                            found = j
                            break
                if found is not None:
                    cursor[k] = found
                    result_map.append(found)
                else:
                    result_map.append(current)
        offset += len(line) + 1
    last_line = max(0, len(src_lines) - 1)
    ordered: list[int] = []
    floor = 0
    for source_line in result_map:  # never backwards: blocks and chunks follow the source order
        floor = max(floor, min(source_line, last_line))
        ordered.append(floor)
    return result_lines, ordered
