"""Minimal-diff editing of YAML front matter: only the lines of the key being changed move.

The node graph from `yaml_safe.parse_yaml` tells where each key's lines are. A new value is
rendered in the style already used for that key (plain or quoted, flow or block list, block
scalar, date spelling, indentation) or, for a new key, in the style the file uses most.
The caller re-parses the result to prove it reads back as the value set.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.frontmatter import dates
from editor.core.frontmatter.errors import FrontMatterEditError
from editor.core.frontmatter.yaml_safe import YamlParse
from editor.core.frontmatter.yaml_scalars import (
    double_quote,
    format_plain_value,
    quote_string,
    resolves_to_str,
    same_value,
    single_ok,
)
from editor.core.frontmatter.yaml_style import (
    FileStyle,
    block_mapping,
    constructed_items,
    constructed_values,
    key_text,
    majority,
    merge_path,
    same,
    wrap,
)
from editor.core.textio import line_ending, strip_ending

_SCALARS = (str, int, float, bool, dt.date, type(None))
_COMMENT_RE = re.compile(r"[ \t]+#")
_SPACES_RE = re.compile(r"[ \t]*")
_COMMA_RE = re.compile(r"[ \t]*,[ \t]*")


@dataclass(frozen=True)
class Entry:
    """One key of a block mapping and the file lines (0-based, inclusive) it spans."""

    key: str
    key_node: Node
    value_node: Node
    start: int
    end: int


@dataclass
class Rendered:
    """A value ready to write: text after `key:` on the key line, then more lines."""

    head: str
    body: list[str]
    expected: Any
    inline: bool


class YamlEditor:
    """Edits one front matter's lines; every method returns new lines and never mutates."""

    def __init__(self, lines: list[str], parse: YamlParse, ending: str) -> None:
        self.lines = lines
        self.parse = parse
        self.ending = ending
        self.text = "".join(lines)
        self.starts: list[int] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line)
        self._file_style: FileStyle | None = None  # worked out when an edit first needs it
        # Each mapping's entries, read once (the lines never change), by id(node) with the
        # node kept beside them, so an id cannot come back for another node.
        self._entries: dict[int, tuple[MappingNode, list[Entry]]] = {}

    @property
    def _style(self) -> FileStyle:
        if self._file_style is None:
            self._file_style = FileStyle(self)
        return self._file_style

    # --- locating --------------------------------------------------------------------------
    def line_of(self, index: int) -> int:
        """Line (0-based) of a character offset; PyYAML marks count U+2028 as a break, we do not."""
        return max(0, bisect.bisect_right(self.starts, index) - 1)

    def column_of(self, index: int) -> int:
        """Column (0-based) of a character offset within its line."""
        return index - self.starts[self.line_of(index)]

    def entries(self, node: Node | None) -> list[Entry]:
        """Keys of a mapping with their lines; trailing blank and comment lines belong to no key."""
        if not isinstance(node, MappingNode):
            return []
        known = self._entries.get(id(node))
        if known is None or known[0] is not node:
            known = self._entries[id(node)] = (node, self._read_entries(node))
        return list(known[1])

    def _read_entries(self, node: MappingNode) -> list[Entry]:
        result = []
        for key_node, value_node in node.value:
            start = self.line_of(key_node.start_mark.index)
            last = max(value_node.end_mark.index - 1, key_node.end_mark.index)
            end = self.line_of(last)
            block_scalar = isinstance(value_node, ScalarNode) and value_node.style in ("|", ">")
            header = self.text[value_node.start_mark.index : value_node.start_mark.index + 3]
            keeps_blanks = block_scalar and "+" in header
            while (
                end > start and not keeps_blanks and self._skippable(self.lines[end], block_scalar)
            ):
                end -= 1
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            result.append(Entry(key, key_node, value_node, start, end))
        return result

    @staticmethod
    def _skippable(line: str, block_scalar: bool) -> bool:
        stripped = strip_ending(line).strip()
        return not stripped or (not block_scalar and stripped.startswith("#"))

    def find(self, node: Node | None, key: str) -> Entry | None:
        """The entry PyYAML uses for `key` (the last one when a key is repeated)."""
        matches = [e for e in self.entries(node) if e.key == key]
        return matches[-1] if matches else None

    def source(self, node: Node) -> str:
        """The text of a node as typed."""
        return self.text[node.start_mark.index : node.end_mark.index].rstrip()

    def raw_value(self, key: str) -> str | None:
        """A top-level value as typed, or None when the key is absent."""
        entry = self.find(self.parse.root, key)
        return None if entry is None else self.source(entry.value_node)

    # --- editing ---------------------------------------------------------------------------
    def remove(self, key: str) -> list[str]:
        """Lines without every occurrence of `key`; comments between keys stay."""
        doomed: set[int] = set()
        for entry in self.entries(self.parse.root):
            if entry.key == key:
                doomed.update(range(entry.start, entry.end + 1))
        return [line for i, line in enumerate(self.lines) if i not in doomed]

    def set_path(
        self, path: tuple[str, ...], value: Any, *, plain_dump: bool = False
    ) -> tuple[list[str], Any]:
        """New lines with `path` set, and the top-level value expected when read back."""
        node: Node | None = self.parse.root
        top = self.parse.mapping
        for depth, key in enumerate(path[:-1]):
            entry = self.find(node, key)
            if entry is None or not block_mapping(entry.value_node):
                return self._set_top_merged(path, value, plain_dump)
            node = entry.value_node
            if depth == 0 and not isinstance(top.get(key), dict):
                return self._set_top_merged(path, value, plain_dump)
        entry = self.find(node, path[-1])
        lines, expected_leaf = self._set_in(node, entry, path[-1], value, plain_dump)
        if len(path) == 1:
            return lines, expected_leaf
        merged = merge_path(top.get(path[0]), path[1:], expected_leaf)
        return lines, merged

    def _set_top_merged(
        self, path: tuple[str, ...], value: Any, plain_dump: bool
    ) -> tuple[list[str], Any]:
        merged = merge_path(self.parse.mapping.get(path[0]), path[1:], value)
        entry = self.find(self.parse.root, path[0])
        return self._set_in(self.parse.root, entry, path[0], merged, plain_dump)

    def _set_in(
        self, node: Node | None, entry: Entry | None, key: str, value: Any, plain_dump: bool
    ) -> tuple[list[str], Any]:
        if entry is not None:
            new, expected = self._replacement(entry, value, plain_dump)
            ending = line_ending(self.lines[entry.start]) or self.ending
            out = (
                self.lines[: entry.start] + [x + ending for x in new] + self.lines[entry.end + 1 :]
            )
            return out, expected
        entries = self.entries(node)
        if entries:
            column = self.column_of(entries[0].key_node.start_mark.index)
            at = max(e.end for e in entries) + 1
        else:
            column, at = 0, len(self.lines)
        if isinstance(node, MappingNode) and node is not self.parse.root and not entries:
            raise FrontMatterEditError(f"cannot add {key!r} to an empty mapping")
        rendered = self._render(value, None, column, plain_dump)
        first = " " * column + key_text(key) + ":" + (" " + rendered.head if rendered.head else "")
        new = [first, *rendered.body]
        lines = list(self.lines)
        if at > 0 and at <= len(lines) and not line_ending(lines[at - 1]):
            lines[at - 1] += self.ending
        ending = self.ending
        if entries:
            ending = line_ending(self.lines[entries[-1].start]) or self.ending
        return lines[:at] + [x + ending for x in new] + lines[at:], rendered.expected

    def _replacement(self, entry: Entry, value: Any, plain_dump: bool) -> tuple[list[str], Any]:
        key_line = strip_ending(self.lines[entry.start])
        line_start = self.starts[entry.start]
        column = self.column_of(entry.key_node.start_mark.index)
        old = entry.value_node
        rendered = self._render(value, old, column, plain_dump)
        value_start = old.start_mark.index - line_start
        on_key_line = (
            self.line_of(old.start_mark.index) == entry.start
            and old.start_mark.index != old.end_mark.index
        )
        colon = key_line.find(":", entry.key_node.end_mark.index - line_start)
        if on_key_line and (rendered.inline or not rendered.head):
            prefix = key_line[:value_start]
        else:
            prefix = key_line[: colon + 1] + (" " if rendered.head else "")
        suffix = ""
        old_inline = on_key_line and not (isinstance(old, ScalarNode) and old.style in ("|", ">"))
        old_inline = old_inline and not (
            isinstance(old, SequenceNode | MappingNode) and not old.flow_style
        )
        if rendered.inline and old_inline and self.line_of(old.end_mark.index - 1) == entry.end:
            last = strip_ending(self.lines[entry.end])
            suffix = last[old.end_mark.index - self.starts[entry.end] :]
        key_rest = key_line[colon + 1 :]
        if not on_key_line and key_rest.strip().startswith("#"):
            suffix = key_rest
        if rendered.head:
            first = prefix + rendered.head + suffix
        else:
            first = key_line if not on_key_line else key_line[: colon + 1]
        return [first, *rendered.body], rendered.expected

    # --- rendering -------------------------------------------------------------------------
    def _render(self, value: Any, old: Node | None, column: int, plain_dump: bool) -> Rendered:
        if isinstance(value, dates.ParsedDate):
            if plain_dump:
                return self._dump(value.value, column)
            return self._render_date(value.value, old, value.spelling)
        if plain_dump:
            return self._dump(value, column)
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, str):
            return self._render_str(value, old, column)
        if isinstance(value, dt.date):
            return self._render_date(value, old)
        if isinstance(value, bool | int | float) or value is None:
            old_text = self.source(old) if isinstance(old, ScalarNode) and not old.style else None
            if value is None and old is None:
                return Rendered("", [], None, True)
            return Rendered(format_plain_value(value, old_text), [], value, True)
        if isinstance(value, list):
            if all(isinstance(v, _SCALARS) for v in value):
                return self._render_list(value, old, column)
            return self._dump(value, column)
        if isinstance(value, dict):
            return self._render_dict(value, old, column)
        raise FrontMatterEditError(f"a {type(value).__name__} cannot be stored in front matter")

    def _dump(self, value: Any, column: int) -> Rendered:
        if isinstance(value, str):
            return Rendered(double_quote(value), [], value, True)
        if isinstance(value, _SCALARS) and not isinstance(value, dt.date):
            return Rendered(format_plain_value(value, None), [], value, True)
        text = yaml.safe_dump(
            value, allow_unicode=False, sort_keys=False, default_flow_style=False, width=1 << 20
        )
        lines = text.rstrip("\n").split("\n")
        if isinstance(value, dict | list) and value:
            pad = " " * (column + self._style.indent)
            return Rendered("", [pad + x for x in lines], value, False)
        return Rendered(text.strip().removesuffix("...").strip(), [], value, True)

    def _render_str(self, value: str, old: Node | None, column: int) -> Rendered:
        style = old.style if isinstance(old, ScalarNode) else None
        if style in ("|", ">") or ("\n" in value.rstrip("\n") and style is None):
            block = self._block_scalar(value, old, column, style or "|")
            if block is not None:
                return block
            return Rendered(double_quote(value), [], value, True)
        if not isinstance(old, ScalarNode):
            style = None
        return Rendered(quote_string(value, style, prefer=self._style.quote), [], value, True)

    def _block_scalar(
        self, value: str, old: Node | None, column: int, style: str
    ) -> Rendered | None:
        if "\r" in value or not all(single_ok(part) for part in value.split("\n")):
            return None
        if value[:1] in (" ", "\t"):
            return None
        indent = column + self._style.indent
        width = 80
        old_lines: list[str] = []
        if isinstance(old, ScalarNode) and old.style in ("|", ">"):
            first = self.line_of(old.start_mark.index) + 1
            found = False
            for line in self.lines[first : self.line_of(max(old.end_mark.index - 1, 0)) + 1]:
                content = strip_ending(line)
                if content.strip() and not found:
                    indent = len(content) - len(content.lstrip(" "))
                    found = True
                if old.style == ">":
                    width = max(width, len(content.rstrip()))
                    if content.strip():
                        old_lines.append(content[indent:])
        if value.endswith("\n\n"):
            return None
        chomp = "" if value.endswith("\n") else "-"
        content = value[:-1] if value.endswith("\n") else value
        parts = content.split("\n") if content else []
        foldable = (
            style == ">" and len(parts) == 1 and content == content.strip() and "\t" not in content
        )
        if foldable:
            folded = []
            rest = content
            for line in old_lines:  # the writer's own line breaks, as long as the text agrees
                if line[:1] != " " and (rest == line or rest.startswith(line + " ")):
                    folded.append(line)
                    rest = rest[len(line) + 1 :]
                else:
                    break
            foldable = "  " not in rest and rest[:1] != " "
            if foldable:
                parts = folded + (wrap(rest, max(40, width - indent)) if rest else [])
        header = (">" if foldable else "|") + chomp
        pad = " " * indent
        return Rendered(header, [pad + p if p else "" for p in parts], value, True)

    def _render_date(
        self, value: dt.date, old: Node | None, typed: dates.DateSpelling | None = None
    ) -> Rendered:
        """A date in the spelling the writer typed, else the old value's, else the file's."""
        old_text = self.source(old) if isinstance(old, ScalarNode) else None
        if (
            isinstance(old, ScalarNode)
            and old.tag == "tag:yaml.org,2002:str"
            and dates.parse_date(old.value)
        ):
            text = dates.format_for(value, typed or old.value, separator=self._style.date_sep)
            return Rendered(quote_string(text, old.style), [], text, True)
        like: str | dates.DateSpelling | None = typed
        if like is None:
            like = old_text if old_text and dates.parse_date(old_text) else self._style.date_text
        text = dates.format_for(value, like, separator=self._style.date_sep)
        if resolves_to_str(text):
            text = dates.format_for(value, None, separator=self._style.date_sep)
        if resolves_to_str(text):
            return Rendered(quote_string(text, None), [], text, True)
        return Rendered(text, [], value, True)

    def _render_list(self, value: list[Any], old: Node | None, column: int) -> Rendered:
        flow = old.flow_style if isinstance(old, SequenceNode) else self._style.flow_lists
        old_items: list[tuple[Any, str, str | None]] = []
        comments: list[str] = []  # a block item's comment after it on its line
        if isinstance(old, SequenceNode):
            loader_values = constructed_items(old)
            for node, constructed in zip(old.value, loader_values, strict=False):
                if isinstance(node, ScalarNode):
                    comment = "" if flow else self._trailing_comment(node)
                    old_items.append((constructed, self.source(node) + comment, node.style))
                    comments.append(comment)
        item_style = majority([s for _, _, s in old_items], self._style.item_quote)
        texts = []
        used: set[int] = set()
        for position, item in enumerate(value):
            reuse = next(
                (i for i, (v, _, _) in enumerate(old_items) if i not in used and same(v, item)),
                None,
            )
            if reuse is not None:
                used.add(reuse)
                texts.append(old_items[reuse][1])
            elif isinstance(item, str):
                # An item replaced in place (a renamed tag) keeps that item's quoting and comment.
                style, comment = item_style, ""
                replaced = position < len(old_items) and position not in used
                if replaced and not any(same(old_items[position][0], v) for v in value):
                    style, comment = old_items[position][2], comments[position]
                    used.add(position)
                texts.append(
                    quote_string(item, style, flow=flow, prefer=self._style.quote) + comment
                )
            elif isinstance(item, dt.date):
                texts.append(dates.format_for(item, None, separator=self._style.date_sep))
            else:
                texts.append(format_plain_value(item, None))
        if flow or not value:
            opening, comma, closing = self._flow_spacing(old)
            if not value:
                opening, closing = "", ""
            return Rendered("[" + opening + comma.join(texts) + closing + "]", [], value, True)
        dash, gap = self._style.dash_for(old, self, column)
        return Rendered("", [" " * dash + "-" + " " * gap + t for t in texts], value, False)

    def _trailing_comment(self, node: Node) -> str:
        """`   # note` after a one-line block-list item, kept while the item is kept."""
        end = node.end_mark.index
        line = self.line_of(end)
        if line != self.line_of(node.start_mark.index):
            return ""
        rest = strip_ending(self.lines[line])[end - self.starts[line] :]
        return rest.rstrip() if _COMMENT_RE.match(rest) else ""

    def _flow_spacing(self, old: Node | None) -> tuple[str, str, str]:
        """The spaces inside a flow list as typed: after `[`, around commas, before `]`."""
        default = ("", ", ", "")
        if not isinstance(old, SequenceNode) or not old.flow_style or not old.value:
            return default
        base = old.start_mark.index
        text = self.source(old)
        items = old.value
        opening = text[1 : items[0].start_mark.index - base]
        closing = text[items[-1].end_mark.index - base : len(text) - 1]
        comma = ", "
        if len(items) > 1:
            comma = text[items[0].end_mark.index - base : items[1].start_mark.index - base]
        if not (
            _SPACES_RE.fullmatch(opening)
            and _SPACES_RE.fullmatch(closing)
            and _COMMA_RE.fullmatch(comma)
        ):
            return default
        return opening, comma, closing

    def _render_dict(self, value: dict[str, Any], old: Node | None, column: int) -> Rendered:
        if not value:
            return Rendered("{}", [], value, True)
        if not all(isinstance(k, str) for k in value):
            return self._dump(value, column)
        if isinstance(old, MappingNode) and old.flow_style:
            flow = self._flow_dict(value, old)
            if flow is not None:
                return flow
        child_col = column + self._style.indent
        old_entries = {e.key: e for e in self.entries(old)} if block_mapping(old) else {}
        if old_entries:
            child_col = self.column_of(next(iter(old_entries.values())).key_node.start_mark.index)
        body: list[str] = []
        for key, item in value.items():
            prior = old_entries.get(key)
            rendered = self._render(item, prior.value_node if prior else None, child_col, False)
            sep = " " if rendered.head else ""
            body.append(" " * child_col + key_text(key) + ":" + sep + rendered.head)
            body.extend(rendered.body)
        return Rendered("", body, value, False)

    def _flow_dict(self, value: dict[str, Any], old: MappingNode) -> Rendered | None:
        """`{a: 1, b: x}` kept on one line, unchanged items spelled as before."""
        before = {
            k.value: v for k, v in old.value if isinstance(k, ScalarNode) and isinstance(v, Node)
        }
        old_values = dict(zip(before, constructed_values(list(before.values())), strict=False))
        parts = []
        for key, item in value.items():
            node = before.get(key)
            if node is not None and key in old_values and same_value(old_values[key], item):
                parts.append(f"{key_text(key)}: {self.source(node)}")
            elif isinstance(item, str) and "\n" not in item:
                style = node.style if isinstance(node, ScalarNode) else None
                text = quote_string(item, style, flow=True, prefer=self._style.quote)
                parts.append(f"{key_text(key)}: {text}")
            elif isinstance(item, bool | int | float) or item is None:
                parts.append(f"{key_text(key)}: {format_plain_value(item, None)}")
            else:
                return None
        return Rendered("{" + ", ".join(parts) + "}", [], value, True)
