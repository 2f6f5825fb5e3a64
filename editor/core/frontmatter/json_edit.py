"""JSON front matter: a top-level key written on one line is edited on that line only.

Hugo accepts a JSON object as front matter. When a key and its value sit on one line (the
usual `"title": "x",` layout), setting or removing it touches that line (and at most the
comma of its neighbour); anything else falls back to rewriting the object.
"""

from __future__ import annotations

import json
import re
from typing import Any

from editor.core.frontmatter.errors import FrontMatterEditError
from editor.core.textio import line_ending, strip_ending

_KEY_LINE = re.compile(
    r'(?P<indent>[ \t]*)(?P<key>"(?:[^"\\]|\\.)*")(?P<colon>[ \t]*:[ \t]*)'
    r"(?P<value>.*?)(?P<comma>,?)(?P<rest>[ \t]*)"
)


def _key_lines(lines: list[str]) -> dict[str, tuple[int, re.Match[str]]]:
    """Top-level keys that sit on a line of their own, with that line's parts."""
    found: dict[str, tuple[int, re.Match[str]]] = {}
    indent: str | None = None
    depth = 0
    for index, line in enumerate(lines[1:-1], 1):
        content = strip_ending(line)
        match = _KEY_LINE.fullmatch(content)
        if depth == 0 and match:
            try:
                key = json.loads(match["key"])
                json.loads(match["value"])
            except ValueError:
                match = None
            else:
                if indent is None:
                    indent = match["indent"]
                if match["indent"] == indent:
                    found[key] = (index, match)
                    continue
        depth += sum(content.count(c) for c in "[{") - sum(content.count(c) for c in "]}")
    return found


def set_key(lines: list[str], key: str, value: Any, ending: str) -> list[str] | None:
    """Lines with `key` set on its own line (or appended), or None when that is not possible."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise FrontMatterEditError(f"the value cannot be written as JSON: {exc}") from exc
    keyed = _key_lines(lines)
    if key in keyed:
        index, match = keyed[key]
        new = match["indent"] + match["key"] + match["colon"] + text + match["comma"]
        new += match["rest"] + line_ending(lines[index])
        return [*lines[:index], new, *lines[index + 1 :]]
    if not keyed:
        return None
    last, match = max(keyed.values(), key=lambda item: item[0])
    if last != len(lines) - 2 or match["comma"]:
        return None
    own = line_ending(lines[last]) or ending
    comma_line = strip_ending(lines[last])
    comma_line = comma_line[: len(comma_line) - len(match["rest"])] + "," + match["rest"] + own
    added = match["indent"] + json.dumps(key, ensure_ascii=False) + match["colon"] + text + own
    return [*lines[:last], comma_line, added, *lines[last + 1 :]]


def remove_key(lines: list[str], key: str) -> list[str] | None:
    """Lines without `key`'s line (fixing the comma before it), or None when not possible."""
    keyed = _key_lines(lines)
    if key not in keyed:
        return None
    index, match = keyed[key]
    out = lines[:index] + lines[index + 1 :]
    if not match["comma"]:
        content = strip_ending(out[index - 1])
        if index == 1 or not content.rstrip().endswith(","):
            return None
        cut = len(content.rstrip()) - 1
        out[index - 1] = content[:cut] + content[cut + 1 :] + line_ending(out[index - 1])
    return out


def rewrite(lines: list[str], data: dict[str, Any], ending: str, last_ending: bool) -> list[str]:
    """The whole object written again, indented like the old one (for structural edits)."""
    indent = 2
    for line in lines[1:]:
        content = strip_ending(line)
        if content.strip():
            indent = len(content) - len(content.lstrip(" ")) or 2
            break
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent)
    except (TypeError, ValueError) as exc:
        raise FrontMatterEditError(f"the value cannot be written as JSON: {exc}") from exc
    out = [x + ending for x in text.split("\n")]
    if not last_ending:
        out[-1] = strip_ending(out[-1])
    return out
