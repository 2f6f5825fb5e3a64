"""Front-matter rules: unreadable front matter, required fields, YAML 1.1 traps, dates,
layouts and the lengths search results show."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.checks.model import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    Fix,
    LineEdit,
    PostView,
)
from editor.core.frontmatter.dates import parse_date_value
from editor.core.frontmatter.traps import yaml_trap
from editor.core.frontmatter.yaml_safe import parse_yaml
from editor.core.frontmatter.yaml_scalars import quote_string
from editor.core.post_names import filename_date
from editor.core.site.schema import BOOLEAN, LONG_TEXT, TEXT, is_empty, type_from_name

if TYPE_CHECKING:
    from editor.core.checks.engine import SiteContext

# Advised lengths for search results when the schema file sets none (README: Checks).
DEFAULT_LENGTHS = {"title": 70, "description": 160, "excerpt": 300, "summary": 300}
_PLAIN_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)(?P<sep>:[ \t]+)(?P<value>\S.*?)[ \t]*$")


def quote(text: str) -> str:
    """The text as a YAML scalar that reads back exactly as typed (double quotes unless the
    text holds a quote or a backslash)."""
    return quote_string(text, '"' if '"' not in text and "\\" not in text else "'")


def check_front_matter_invalid(view: PostView) -> Iterator[Finding]:
    error = view.document.error
    if error is None:
        return
    fix = _colon_fix(view) if view.document.fm_format == "yaml" else None
    if fix is not None:
        for edit in fix.edits:
            key = edit.old.split(":", 1)[0]
            yield Finding(
                view.path,
                edit.line,
                ERROR,
                "front-matter-invalid",
                f"The {key} contains “: ”, which YAML reads as the start of another field, so "
                f"the front matter cannot be read; put the whole {key} in quotes.",
                fix,
                field=key,
            )
        return
    kind = (view.document.fm_format or "yaml").upper()
    where = f" (line {error.line}, column {error.column})" if error.line else ""
    yield Finding(
        view.path,
        error.line or 1,
        ERROR,
        "front-matter-invalid",
        f"The front matter is not valid {kind}{where}: {error.message}. The site will not "
        "see its fields.",
        column=error.column,
    )


def _colon_fix(view: PostView) -> Fix | None:
    """Quote plain values with ``: `` inside (``title: Rust: a guide``) when that is all."""
    edits = []
    for number, text in view.fm_lines():
        match = _PLAIN_KEY_LINE.match(text)
        if match is None or match.group("value")[0] in "'\"[{|>&*!#":
            continue
        value = match.group("value")
        if ": " not in value or type_from_name(match.group("key")) not in (TEXT, LONG_TEXT):
            continue
        new = text[: match.start("value")] + quote(value)
        edits.append(LineEdit(number, text, new))
    if not edits:
        return None
    fm = list(view.lines[view.fm_first - 1 : view.fm_last])
    for edit in edits:
        fm[edit.line - view.fm_first] = edit.new
    if parse_yaml("\n".join(fm) + "\n").problem is not None:
        return None
    return Fix("Put the value in quotes", tuple(edits))


def check_required(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    if view.document.error is not None:
        return
    metadata = view.metadata
    for path, spec in ctx.schema.fields.items():
        if not spec.required or "." in path:
            continue
        if path in metadata and not is_empty(metadata[path]):
            continue
        state = "is empty" if path in metadata else "is missing"
        yield Finding(
            view.path,
            view.key_line(path),
            ERROR,
            "required-field",
            f"The {spec.label or path} {state}; the site's schema file requires it.",
            field=path,
        )


def _walk_values(root: Node) -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar in a value position with its top-level key."""
    if not isinstance(root, MappingNode):
        return
    for key_node, value_node in root.value:
        top = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
        stack = [value_node]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                yield top, node
            elif isinstance(node, SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, MappingNode):
                stack.extend(reversed([v for _, v in node.value]))


_VALUE_PARTS = re.compile(r"[\[\],{}]|:\s|^\s*-\s")


def _may_trap(line: str) -> bool:
    """A cheap look at one line before parsing: could any value on it be a trap?"""
    if " #" in line:
        return True
    return any(yaml_trap(part) for part in _VALUE_PARTS.split(line.split("#", 1)[0])[1:])


def _duplicate_keys(view: PostView) -> Iterator[Finding]:
    """A key typed twice: YAML keeps the last value, silently."""
    for warning in view.document.warnings:
        if warning.key is None or "more than once" not in warning.message:
            continue
        pattern = re.compile(rf"^[\"']?{re.escape(warning.key)}[\"']?\s*:")
        lines = [n for n, text in view.fm_lines() if pattern.match(text)]
        yield Finding(
            view.path,
            lines[-1] if lines else view.key_line(warning.key),
            WARNING,
            "yaml-trap",
            f"{warning.key}: the key is typed more than once; YAML keeps only the last value, "
            "so delete the one you do not mean.",
            field=warning.key,
        )


def check_yaml_traps(view: PostView) -> Iterator[Finding]:
    document = view.document
    if document.fm_format != "yaml" or document.error is not None or not view.fm_first:
        return
    yield from _duplicate_keys(view)
    if not any(_may_trap(text) for _, text in view.fm_lines()):
        return
    parse = parse_yaml(document.front_matter_text)
    if parse.root is None:
        return
    for key, node in _walk_values(parse.root):
        if node.style is not None or node.start_mark.line != node.end_mark.line:
            continue
        number = view.fm_first + node.start_mark.line
        text = view.line(number)
        start, end = node.start_mark.column, node.end_mark.column
        if text[start:end] != node.value:
            continue
        kind = type_from_name(key)
        rest = text[start:].rstrip()
        textual = kind in (TEXT, LONG_TEXT)
        message = yaml_trap(rest if textual and rest != node.value else node.value)
        if message is None or (kind == BOOLEAN and node.tag.endswith(":bool")):
            continue
        span_end = len(rest) + start if textual and rest != node.value else end
        typed = text[start:span_end]
        new = text[:start] + quote(typed) + text[span_end:]
        yield Finding(
            view.path,
            number,
            WARNING,
            "yaml-trap",
            f"{key}: {message}",
            Fix(f"Quote {typed}", (LineEdit(number, text, new),), safe=False),
            field=key or None,
            column=start + 1,
        )


def _post_date(view: PostView) -> date | datetime | None:
    document = view.document
    if document.get("date") is None:
        return None
    parsed = parse_date_value(document.get("date"), document.raw_value("date"))
    return parsed.value if parsed is not None else None


def check_filename_date(view: PostView) -> Iterator[Finding]:
    if view.path is None or view.document.error is not None:
        return
    named, _ = filename_date(view.path)
    when = _post_date(view)
    if named is None or when is None:
        return
    day = when.date() if isinstance(when, datetime) else when
    if day != named:
        yield Finding(
            view.path,
            view.key_line("date"),
            WARNING,
            "filename-date",
            f"The file name says {named.isoformat()} but date: says {day.isoformat()}; the "
            "site uses date:, so the post's URL and order may not be what the name suggests.",
            field="date",
        )


def is_unpublished(view: PostView, ctx: SiteContext) -> bool:
    metadata = view.metadata
    draft = ctx.site is not None and view.path is not None and ctx.site.is_draft_path(view.path)
    return draft or metadata.get("published") is False or metadata.get("draft") is True


def check_future_date(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    site = ctx.site
    if site is None or site.kind not in ("jekyll", "hugo") or is_unpublished(view, ctx):
        return
    setting = "future" if site.kind == "jekyll" else "buildFuture"
    if site.config.get(setting) is True:
        return
    when = _post_date(view)
    if when is None:
        return
    if isinstance(when, datetime):
        now = ctx.now if when.tzinfo is None else ctx.now.astimezone()
        future = when > now
    else:
        future = when > ctx.now.date()
    if future:
        shown = when.date() if isinstance(when, datetime) else when
        yield Finding(
            view.path,
            view.key_line("date"),
            WARNING,
            "future-date",
            f"This post is dated {shown.isoformat()}, in the future: with {setting}: false "
            f"(the default) the site leaves it out until that day.",
            field="date",
        )


def check_layout(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    layout = view.metadata.get("layout")
    if not isinstance(layout, str) or not layout or layout in ("none", "null"):
        return
    if not ctx.layouts or ctx.themed or layout in ctx.layouts:
        return
    number = view.key_line("layout")
    text = view.line(number)
    close = difflib.get_close_matches(layout, ctx.layouts, n=1)
    fix = None
    if close and text.count(layout) == 1:
        edit = LineEdit(number, text, text.replace(layout, close[0]))
        fix = Fix(f"Use {close[0]}", (edit,), safe=False)
    yield Finding(
        view.path,
        number,
        WARNING,
        "unknown-layout",
        f"The site has no layout “{layout}” (it has {', '.join(ctx.layouts)}); the post "
        "would be shown without one.",
        fix,
        field="layout",
    )


def _limit(ctx: SiteContext, key: str) -> tuple[int | None, int]:
    spec = ctx.schema.fields.get(key)
    low = spec.min_length if spec is not None else None
    high = (spec.max_length or spec.recommended_length) if spec is not None else None
    return low, high or DEFAULT_LENGTHS[key]


def check_lengths(view: PostView, ctx: SiteContext) -> Iterator[Finding]:
    if view.document.error is not None:
        return
    metadata = view.metadata
    for key in DEFAULT_LENGTHS:
        value: Any = metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        low, high = _limit(ctx, key)
        size = len(" ".join(value.split()))
        rule = "title-length" if key == "title" else "description-length"
        advice = None
        if size > high:
            advice = f"search results show about {high} characters; the rest is cut"
        elif low is not None and size < low:
            advice = f"the site's schema asks for at least {low}"
        if advice:
            yield Finding(
                view.path,
                view.key_line(key),
                INFO,
                rule,
                f"The {key} is {size} characters long: {advice}.",
                field=key,
            )
