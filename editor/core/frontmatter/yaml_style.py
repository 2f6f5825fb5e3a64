"""The conventions a YAML front matter already follows (quotes, flow or block lists, indents,
date spelling), for the keys and values it does not have yet; and the small value helpers of
:mod:`yaml_edit`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.frontmatter import dates
from editor.core.frontmatter.yaml_scalars import double_quote, plain_ok, same_value
from editor.core.textio import strip_ending

if TYPE_CHECKING:
    from editor.core.frontmatter.yaml_edit import YamlEditor


class FileStyle:
    """The conventions a file already follows, for keys and values it does not have yet."""

    def __init__(self, editor: YamlEditor) -> None:
        self.quote = '"'
        self.item_quote: str | None = None
        self.flow_lists = False
        self.indent = 2
        self.dash = 2
        self.gap = 1
        self.date_sep = " "
        self.date_text: str | None = None
        quotes: list[str | None] = []
        flows: list[bool] = []
        dashes: list[tuple[int, int]] = []
        for entry in editor.entries(editor.parse.root):
            node = entry.value_node
            key_col = editor.column_of(entry.key_node.start_mark.index)
            if isinstance(node, ScalarNode):
                if node.style in ("'", '"'):
                    quotes.append(node.style)
                if node.tag == "tag:yaml.org,2002:timestamp" and self.date_text is None:
                    self.date_text = node.value
                    parsed = dates.parse_date(node.value)
                    if parsed is not None and parsed.spelling.has_time:
                        self.date_sep = parsed.spelling.separator
            elif isinstance(node, SequenceNode):
                flows.append(bool(node.flow_style))
                if not node.flow_style and node.value:
                    dashes.append(self._dash_of(node, editor, key_col))
            elif block_mapping(node):
                children = editor.entries(node)
                if children:
                    self.indent = max(
                        1, editor.column_of(children[0].key_node.start_mark.index) - key_col
                    )
        if quotes:
            self.quote = majority(quotes, '"') or '"'
        if flows:
            self.flow_lists = flows.count(True) > flows.count(False)
        if dashes:
            self.dash, self.gap = max(set(dashes), key=dashes.count)

    @staticmethod
    def _dash_of(node: SequenceNode, editor: YamlEditor, key_col: int) -> tuple[int, int]:
        item = node.value[0].start_mark.index
        line = strip_ending(editor.lines[editor.line_of(item)])
        dash_col = len(line) - len(line.lstrip(" "))
        return dash_col - key_col, max(1, editor.column_of(item) - dash_col - 1)

    def dash_for(self, old: Node | None, editor: YamlEditor, column: int) -> tuple[int, int]:
        """Dash column and gap after it for a block list under a key at `column`."""
        if isinstance(old, SequenceNode) and not old.flow_style and old.value:
            rel, gap = self._dash_of(old, editor, column)
            return column + rel, gap
        return column + self.dash, self.gap


def block_mapping(node: Node | None) -> bool:
    return isinstance(node, MappingNode) and not node.flow_style


def key_text(key: str) -> str:
    return key if plain_ok(key) and ":" not in key else double_quote(key)


def majority(items: list[str | None], default: str | None) -> str | None:
    if not items:
        return default
    return max(dict.fromkeys(items), key=items.count)


def constructed_items(node: SequenceNode) -> list[Any]:
    return constructed_values(node.value)


def constructed_values(nodes: list[Node]) -> list[Any]:
    loader = yaml.SafeLoader("")
    try:
        return [loader.construct_object(n, deep=True) for n in nodes]
    except (yaml.YAMLError, RecursionError):
        return []
    finally:
        loader.dispose()


def same(a: Any, b: Any) -> bool:
    return same_value(a, b)


def merge_path(current: Any, path: tuple[str, ...], value: Any) -> Any:
    if not path:
        return value
    base = dict(current) if isinstance(current, dict) else {}
    base[path[0]] = merge_path(base.get(path[0]), path[1:], value)
    return base


def wrap(text: str, width: int) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines
