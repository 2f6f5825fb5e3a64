"""Jekyll's ``include`` and ``include_relative`` tags, with ``include.*`` parameters.

An include outside the site (``../../etc/passwd``), a missing include, an include loop and
includes nested too deep are visible, labelled markers, never an exception; a theme's figure
include missing from the site folder shows the figure itself.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from liquid.context import RenderContext as LiquidContext
from liquid.tag import Tag
from liquid.token import Token

from editor.core.render.liquid.environment import JekyllEnvironment, end_names
from editor.core.render.liquid.markers import figure_html
from editor.core.render.liquid.tags import FunctionNode, render_markup, tag_markup, write_marker

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.stream import TokenStream


INCLUDE_DEPTH_LIMIT = 12

INCLUDE_MAX_BYTES = 512 * 1024

VALID_INCLUDE_RE = re.compile(r"^[\w/.\-()+~#@]+$")

INVALID_INCLUDE_RE = re.compile(r"[./]{2,}")

INCLUDE_PARAM_RE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)

INCLUDE_VARIABLE_RE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S
)


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
            render_include(env, context, buffer, token, file_expr, params, relative)

        return FunctionNode(token, render)


class IncludeRelativeTag(IncludeTag):
    name = "include_relative"
    relative = True


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


def render_include(
    env: JekyllEnvironment,
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
    base = env.post_dir if relative else (env.root / "_includes" if env.root else None)
    path = locate(env, base, name)
    if path is None:
        args = parse_include_params(context, params)
        figure = figure_html(args) if re.search(r"figure|image", name) else ""
        if figure:
            buffer.write(env.stash(figure))
            return
        where = "next to the post" if relative else "in _includes"
        write_marker(context, buffer, token, "liquid-include", f"{label}: not found {where}")
        return
    key = str(path)
    if key in env.include_stack:
        chain = " → ".join(Path(p).name for p in [*env.include_stack, key])
        write_marker(context, buffer, token, "liquid-error", f"include loop stopped: {chain}")
        return
    if len(env.include_stack) >= INCLUDE_DEPTH_LIMIT:
        write_marker(context, buffer, token, "liquid-error", f"{label}: includes nest too deep")
        return
    template = partial(env, path)
    if template is None:
        write_marker(context, buffer, token, "liquid-include", f"{label}: cannot be read")
        return
    namespace = {"include": parse_include_params(context, params)} if params else {}
    env.include_stack.append(key)
    try:
        with context.extend(namespace, template=template):
            template.render_with_context(context, buffer, partial=True)
    finally:
        env.include_stack.pop()


def locate(env: JekyllEnvironment, base: Path | None, name: str) -> Path | None:
    """The include file, only if it lies inside the site (symlinks resolved)."""
    if base is None or env.root is None:
        return None
    try:
        path = (base / name).resolve()
        root = env.root.resolve()
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def partial(env: JekyllEnvironment, path: Path) -> Any:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    template = env.partials.get(key)
    if template is None:
        if stat.st_size > INCLUDE_MAX_BYTES:
            return None
        try:
            text = path.read_text("utf-8-sig", errors="replace")
        except OSError:
            return None
        saved = env.end_names
        env.end_names = end_names(text)
        try:
            template = env.from_string(text, name=path.name, path=str(path))
        finally:
            env.end_names = saved
        env.partials = {k: v for k, v in env.partials.items() if k[0] != key[0]}
        env.partials[key] = template
    return template
