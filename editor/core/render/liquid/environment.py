"""python-liquid configured as Jekyll's Liquid: limits, error recording, the parse cache.

One :class:`JekyllEnvironment` per site and thread (:func:`environment_for`). A preview
records errors and goes on where a build would stop; loops and output are bounded; an opener
the lexer cannot read (``{%`` never closed, while typing) is taken as text and the rest parsed.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from io import StringIO
from pathlib import Path
from typing import Any

from liquid import Environment, Mode
from liquid.context import RenderContext as LiquidContext
from liquid.exceptions import LiquidError, LoopIterationLimitError, OutputStreamLimitError
from liquid.token import Token

from editor.core.render.liquid import filters_jekyll
from editor.core.render.liquid.env import Stash

LOOP_LIMIT = 20_000
"""Loop iterations per render (nested loops multiply), far beyond what a post needs."""

OUTPUT_LIMIT = 4_000_000
"""Characters one top-level tag may write (an include in a loop cannot fill memory)."""

TEMPLATE_CACHE_SIZE = 256

MAX_SYNTAX_RETRIES = 8

BROKEN_OPENER = "\ue000"
"""Stands for the "{" of an opener Liquid could not read, so it stays text (same length)."""

END_TAG_RE = re.compile(r"\{%-?\s*end(\w+)")

KNOWN_BLOCKS = frozenset(
    {"if", "unless", "for", "case", "capture", "comment", "raw", "tablerow", "highlight"}
)


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
        filters_jekyll.register(self)
        # The tags' modules know this class (they import it): they are loaded here.
        from editor.core.render.liquid import includes, tags

        for tag in (
            tags.UnknownTag,
            tags.PostUrlTag,
            tags.LinkTag,
            tags.HighlightTag,
            includes.IncludeTag,
            includes.IncludeRelativeTag,
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
        return filters_jekyll.relative_url("/" + path.lstrip("/"), environment=self)

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
