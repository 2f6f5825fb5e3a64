"""A post body's Liquid evaluated as Jekyll does it, with each output line mapped back.

Jekyll renders a post's Liquid over the whole file before kramdown sees it; so do we: the
body text goes through :func:`render_liquid` first, then through the Markdown pipeline. On
top of python-liquid's standard tags and filters, the environment (:mod:`environment`) has
Jekyll's own (:mod:`tags`, :mod:`includes`, :mod:`filters_jekyll`, :mod:`filters_arrays`).

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
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from liquid.ast import Node
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

from editor.core.render.liquid.env import LITERAL_MARK, Stash
from editor.core.render.liquid.environment import BROKEN_OPENER, OUTPUT_LIMIT, environment_for
from editor.core.render.liquid.markers import block_marker, in_fence, line_starts
from editor.core.render.liquid.variables import JEKYLL, SiteDrop, page_drop


@dataclass
class LiquidResult:
    lines: list[str]
    line_map: list[int]
    errors: list[tuple[int, str]] = field(default_factory=list)


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
            seg_info.append((src_at, -1, raw_tag_line(source, starts, start, node.text)))
            search_from = src_at + len(node.text)
        else:
            start = opener_at(source, node)
            nxt = opener_at(source, pieces[index + 1][1]) if index + 1 < len(pieces) else None
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
                if offset - seg_out[k] == 1 and last >= 0:
                    at = starts[last]  # a raw block's first line: the block starts at the tag
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


def raw_tag_line(source: str, starts: list[int], start: int, text: str) -> int:
    """The line of a ``{% raw %}`` tag alone on its line whose text starts on the next line.

    Its first text line maps to the tag's line (the block starts at the tag), the others to
    their own lines; -1 for any other text (plain text, or a raw tag sharing its line).
    """
    if not text.startswith("\n") or not source.startswith("{%", start):
        return -1
    line = bisect.bisect_right(starts, start) - 1
    if source[starts[line] : start].strip():
        return -1
    return line


def opener_at(source: str, node: Node) -> int:
    """Where ``node`` starts in ``source``: its ``{{`` or ``{%`` (a tag's token points at the
    tag's name, an output's at its ``{{``); text starts at its token."""
    start = node.token.start_index
    if isinstance(node, ContentNode) and not source.startswith("{%", start):
        return start
    opener = max(source.rfind("{%", 0, start + 2), source.rfind("{{", 0, start + 2))
    return opener if opener >= 0 else start
