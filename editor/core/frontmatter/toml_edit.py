"""TOML (`+++`) front matter: parsing with tomllib and minimal line edits.

tomllib gives no positions, so statements are found line by line: a statement starts on a
key line and ends at the first following line where the lines so far parse on their own
(which also covers multi-line arrays and strings). Only the lines of the key being set
or removed change.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from editor.core.frontmatter import dates
from editor.core.frontmatter.errors import FrontMatterEditError, ParseProblem
from editor.core.frontmatter.yaml_safe import MAX_FRONT_MATTER_CHARS
from editor.core.textio import line_ending, strip_ending

_HEADER_RE = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?")
_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_LINE_COL_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Statement:
    """One `key = value` statement: its key, the section it is in, and its lines (inclusive)."""

    key: str
    section: str | None
    start: int
    end: int
    dotted: bool


def parse_toml(text: str) -> tuple[dict[str, Any], ParseProblem | None]:
    """Parse front-matter TOML; problems come back located, nothing raises."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        return {}, ParseProblem(
            f"the front matter is too large ({len(text):,} characters; the limit is "
            f"{MAX_FRONT_MATTER_CHARS:,}); it is kept as typed but not loaded",
            None,
        )
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_COL_RE.search(message)
        index = None
        if match:
            line, column = int(match[1]), int(match[2])
            lines = text.split("\n")
            index = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
            message = message[: match.start()].strip()
        return {}, ParseProblem(f"invalid TOML: {message}", index)
    except RecursionError:
        return {}, ParseProblem("the TOML front matter is nested too deeply", None)


def _parses(snippet: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(snippet)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def statements(lines: list[str]) -> list[Statement]:
    """Every key statement with the lines it spans."""
    result: list[Statement] = []
    section: str | None = None
    index = 0
    while index < len(lines):
        content = strip_ending(lines[index]).strip()
        header = _HEADER_RE.fullmatch(strip_ending(lines[index]))
        if not content or content.startswith("#"):
            index += 1
            continue
        if header and content.startswith("["):
            section = header[1] if not content.startswith("[[") else f"[[{header[1]}]]"
            index += 1
            continue
        end = index
        parsed = None
        while end < len(lines):
            parsed = _parses("".join(lines[index : end + 1]))
            if parsed is not None:
                break
            end += 1
        if parsed is None or not parsed:
            index += 1
            continue
        raw_key = content.split("=", 1)[0].strip()
        key = next(iter(parsed))
        dotted = not (_BARE_KEY_RE.fullmatch(raw_key) or raw_key[:1] in "\"'")
        result.append(Statement(key, section, index, end, dotted))
        index = end + 1
    return result


def _find(lines: list[str], section: str | None, key: str) -> Statement | None:
    found = [s for s in statements(lines) if s.section == section and s.key == key]
    return found[-1] if found else None


def raw_value(lines: list[str], key: str) -> str | None:
    """The value of a top-level key as typed."""
    statement = _find(lines, None, key)
    if statement is None:
        return None
    text = "".join(strip_ending(x) + "\n" for x in lines[statement.start : statement.end + 1])
    return text.split("=", 1)[1].strip()


def _basic(text: str) -> str:
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("\x7f", "\\u007f")
    )


def _format(value: Any, old: str | None, old_value: Any) -> tuple[str, Any]:
    """TOML text for a value in the old value's style, and what it reads back as."""
    if isinstance(value, bool):
        return ("true" if value else "false"), value
    if isinstance(value, dates.ParsedDate):  # a date as the writer typed it
        if isinstance(old_value, str):
            return _format(dates.format_for(value.value, value.spelling), old, old_value)
        text = dates.format_for(value.value, value.spelling, syntax="toml")
        return text, value.value
    if isinstance(value, dt.date) and isinstance(old_value, str) and dates.parse_date(old_value):
        text = dates.format_for(value, old_value, separator="T")
        return _format(text, old, old_value)
    if isinstance(value, str):
        literal = old is not None and old.startswith("'") and not old.startswith("'''")
        if (
            literal
            and "'" not in value
            and not any(c in value for c in "\r\n\x7f")
            and all(c == "\t" or c >= " " for c in value)
        ):
            return f"'{value}'", value
        return _basic(value), value
    if isinstance(value, int):
        return str(value), value
    if isinstance(value, float):
        if math.isnan(value):
            return "nan", value
        if math.isinf(value):
            return ("inf" if value > 0 else "-inf"), value
        return repr(value), value
    if isinstance(value, dt.date):
        like = old if old and dates.parse_date(old) else None
        return dates.format_for(value, like, separator="T", syntax="toml"), value
    if isinstance(value, list | tuple):
        return _format_array(list(value), old), list(value)
    if isinstance(value, dict):
        items = [f"{_key(k)} = {_format(v, None, None)[0]}" for k, v in value.items()]
        return ("{ " + ", ".join(items) + " }") if items else "{}", value
    raise FrontMatterEditError(f"a {type(value).__name__} cannot be stored in TOML front matter")


def _split_array(text: str | None) -> tuple[str, list[str], str, str] | None:
    """A one-line array as typed: spaces after ``[``, items, separator, spaces before ``]``."""
    if not text or not text.startswith("[") or "\n" in text:
        return None
    items: list[str] = []
    seps: list[str] = []
    depth, start, quote, i = 0, 1, "", 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                items.append(text[start:i])
                if text[i + 1 :].strip():
                    return None
                break
        elif char == "," and depth == 1:
            items.append(text[start:i])
            start = i + 1
        elif char == "#":
            return None
        i += 1
    else:
        return None
    if not items or not items[0].strip():
        return None
    opening = items[0][: len(items[0]) - len(items[0].lstrip())]
    closing = items[-1][len(items[-1].rstrip()) :]
    if not items[-1].strip():  # a trailing comma
        return None
    if len(items) > 1:
        after = items[1][: len(items[1]) - len(items[1].lstrip())]
        before = items[0][len(items[0].rstrip()) :]
        seps.append(before + "," + after)
    return opening, [x.strip() for x in items], seps[0] if seps else ", ", closing


def _format_array(value: list[Any], old: str | None) -> str:
    """An array in the old array's spacing, reusing the old text of items that stay."""
    split = _split_array(old)
    opening, comma, closing = "", ", ", ""
    old_items: list[tuple[Any, str]] = []
    if split is not None:
        opening, texts, comma, closing = split
        for text in texts:
            parsed = _parses(f"x = {text}\n")
            if parsed is not None:
                old_items.append((parsed["x"], text))
    out = []
    for item in value:
        reuse = next(
            (i for i, (v, _) in enumerate(old_items) if type(v) is type(item) and v == item), None
        )
        if reuse is not None:
            out.append(old_items.pop(reuse)[1])
        else:
            out.append(_format(item, None, None)[0])
    if not out:
        return "[]"
    return "[" + opening + comma.join(out) + closing + "]"


def _key(key: str) -> str:
    return key if _BARE_KEY_RE.fullmatch(key) else _basic(key)


def _render(
    statement: Statement | None, lines: list[str], key: str, value: Any, old_value: Any, ending: str
) -> tuple[list[str], Any]:
    if statement is None:
        text, expected = _format(value, None, None)
        return [f"{_key(key)} = {text}{ending}"], expected
    first = strip_ending(lines[statement.start])
    prefix, old_first = first.split("=", 1)
    old_text = "".join(strip_ending(x) + "\n" for x in lines[statement.start : statement.end + 1])
    old_text = old_text.split("=", 1)[1].strip()
    own_ending = line_ending(lines[statement.start]) or ending
    spacing = old_first[: len(old_first) - len(old_first.lstrip())]
    multi = statement.end > statement.start
    if multi and isinstance(value, list) and isinstance(old_value, list) and value:
        indent = "    "
        trailing = True
        body = lines[statement.start + 1 : statement.end + 1]
        if body:
            second = strip_ending(body[0])
            indent = second[: len(second) - len(second.lstrip())] or indent
            items = [strip_ending(x).rstrip() for x in body[:-1] if strip_ending(x).strip()]
            trailing = not items or items[-1].endswith(",")
        out = [prefix + "=" + spacing + "[" + own_ending]
        rendered = [_format(v, None, None)[0] for v in value]
        for i, item in enumerate(rendered):
            comma = "," if trailing or i < len(rendered) - 1 else ""
            out.append(indent + item + comma + own_ending)
        out.append("]" + own_ending)
        return out, list(value)
    text, expected = _format(value, old_text, old_value)
    suffix = ""
    if not multi:
        for cut, char in enumerate(old_text):
            if char == "#" and _parses(f"x = {old_text[:cut]}\n") is not None:
                suffix = old_text[len(old_text[:cut].rstrip()) :]
                break
    return [prefix + "=" + spacing + text + suffix + own_ending], expected


def set_path(
    lines: list[str], data: dict[str, Any], path: tuple[str, ...], value: Any, ending: str
) -> tuple[list[str], dict[str, Any]]:
    """New lines with `path` set (top-level key, or a key in a [table]) and the expected data."""
    if len(path) == 1:
        section, key = None, path[0]
        if isinstance(data.get(key), dict) and _find(lines, None, key) is None:
            raise FrontMatterEditError(f"{key!r} is a TOML table; set its keys one by one")
    elif len(path) == 2 and isinstance(data.get(path[0]), dict):
        section, key = path[0], path[1]
        if _find(lines, None, path[0]) is not None:
            section, key = None, path[0]
            value = {**data[path[0]], path[1]: value}
    else:
        raise FrontMatterEditError(f"cannot set {'.'.join(path)} in TOML front matter")
    statement = _find(lines, section, key)
    if statement is not None and statement.dotted:
        raise FrontMatterEditError(f"{key!r} uses a dotted key; edit it in the raw view")
    container = data if section is None else data.get(section, {})
    new, leaf = _render(statement, lines, key, value, container.get(key), ending)
    expected = copy.deepcopy(data)
    target = expected if section is None else expected[section]
    target[key] = leaf
    if statement is not None:
        return lines[: statement.start] + new + lines[statement.end + 1 :], expected
    at = _insert_point(lines, section)
    out = list(lines)
    if at > 0 and not line_ending(out[at - 1]):
        out[at - 1] += ending
    return out[:at] + new + out[at:], expected


def _insert_point(lines: list[str], section: str | None) -> int:
    """After the last statement of the section (so blank lines before a header stay)."""
    found = [s for s in statements(lines) if s.section == section]
    if found:
        return found[-1].end + 1
    if section is None:
        for index, line in enumerate(lines):
            if _HEADER_RE.fullmatch(strip_ending(line)) and line.lstrip().startswith("["):
                return index
        return len(lines)
    for index, line in enumerate(lines):
        header = _HEADER_RE.fullmatch(strip_ending(line))
        if header and header[1] == section:
            return index + 1
    raise FrontMatterEditError(f"no [{section}] table")


def remove(lines: list[str], key: str) -> list[str]:
    """Lines without the top-level statement(s) for `key`."""
    doomed: set[int] = set()
    for statement in statements(lines):
        if statement.section is None and statement.key == key:
            if statement.dotted:
                raise FrontMatterEditError(f"{key!r} uses a dotted key; edit it in the raw view")
            doomed.update(range(statement.start, statement.end + 1))
    if not doomed:
        doomed = _table_lines(lines, key)
    if not doomed:
        raise FrontMatterEditError(f"{key!r} cannot be removed here; remove it in the raw view")
    return [line for i, line in enumerate(lines) if i not in doomed]


def _table_lines(lines: list[str], key: str) -> set[int]:
    """The lines of `[key]`, `[key.sub]` and `[[key]]` tables, blank lines after them kept."""
    doomed: set[int] = set()
    inside = False
    pending: list[int] = []
    for index, line in enumerate(lines):
        content = strip_ending(line).strip()
        header = _HEADER_RE.fullmatch(strip_ending(line)) if content.startswith("[") else None
        if header:
            name = header[1].strip()
            was_inside = inside
            inside = name == key or name.startswith(key + ".")
            if was_inside and inside:
                doomed.update(pending)
            pending = []
        if not inside:
            continue
        if content:
            doomed.update(pending)
            pending = []
            doomed.add(index)
        else:
            pending.append(index)
    return doomed
