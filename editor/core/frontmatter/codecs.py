"""One codec per front-matter format: how it is delimited, read, and edited line by line.

`PostDocument` holds the lines and asks its codec for every format-specific step, so adding
or changing a format touches one class. Every edit a codec proposes is read back and compared
with the value set before it is accepted (`FrontMatterEditError` otherwise): a codec never
hands back lines that would read as something else.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from editor.core.frontmatter import json_edit, toml_edit
from editor.core.frontmatter.errors import (
    FrontMatterEditError,
    FrontMatterError,
    FrontMatterWarning,
    ParseProblem,
)
from editor.core.frontmatter.yaml_edit import YamlEditor
from editor.core.frontmatter.yaml_safe import YamlParse, parse_yaml
from editor.core.frontmatter.yaml_scalars import same_value
from editor.core.textio import line_ending, split_lines


@dataclass
class Reading:
    """What a codec read from the front-matter lines."""

    data: dict[str, Any] = field(default_factory=dict)
    error: FrontMatterError | None = None
    warnings: list[FrontMatterWarning] = field(default_factory=list)
    yaml: YamlParse | None = None  # the node graph YAML edits are placed with


@dataclass
class Edit:
    """Front-matter lines after an edit, with what they read as."""

    lines: list[str]
    reading: Reading


class Codec:
    """The format-specific part of a post document (subclasses: YAML, TOML, JSON)."""

    name = ""
    opener: re.Pattern[str]
    closer: re.Pattern[str]
    closer_text = ""
    # JSON's braces belong to the data; YAML's and TOML's fences are lines of their own.
    fences_are_data = False
    first_line = 2  # the file line of the first front-matter line

    def read(self, lines: list[str]) -> Reading:
        raise NotImplementedError

    def raw_value(self, lines: list[str], reading: Reading, key: str) -> str | None:
        """The value's source text as typed."""
        return None

    def spans(self, lines: list[str], reading: Reading) -> list[tuple[str, int, int]]:
        """Top-level keys with their first and last line ([] when lines cannot be told apart)."""
        return []

    def set_path(
        self,
        lines: list[str],
        reading: Reading,
        path: tuple[str, ...],
        value: Any,
        ending: str,
        body_follows: bool,
    ) -> Edit:
        raise NotImplementedError

    def remove(
        self, lines: list[str], reading: Reading, key: str, ending: str, body_follows: bool
    ) -> Edit:
        raise NotImplementedError

    def verified(self, lines: list[str], expected: dict[str, Any]) -> Reading | None:
        """The reading of `lines` when it is exactly `expected`, else None."""
        reading = self.read(lines)
        if reading.error is None and same_value(reading.data, expected):
            return reading
        return None

    def _located(self, problem: ParseProblem | None, text: str) -> FrontMatterError | None:
        """A parse problem as an error with the file's line and column."""
        if problem is None:
            return None
        if problem.index is None:
            return FrontMatterError(problem.message, None, None)
        before = text[: problem.index]
        line = len(split_lines(before + "x")) - 1
        column = len(before) - len("".join(split_lines(before)[:line])) + 1
        return FrontMatterError(problem.message, self.first_line + line, column)


class YamlCodec(Codec):
    name = "yaml"
    opener = re.compile(r"---[ \t]*")
    closer = re.compile(r"(?:---|\.\.\.)[ \t]*")
    closer_text = "---"

    def read(self, lines: list[str]) -> Reading:
        return self.reading_of(parse_yaml("".join(lines)), "".join(lines))

    def reading_of(self, parse: YamlParse, text: str) -> Reading:
        return Reading(
            parse.mapping, self._located(parse.problem, text), list(parse.warnings), parse
        )

    def raw_value(self, lines: list[str], reading: Reading, key: str) -> str | None:
        if reading.yaml is None or reading.error is not None:
            return None
        return YamlEditor(lines, reading.yaml, "\n").raw_value(key)

    def spans(self, lines: list[str], reading: Reading) -> list[tuple[str, int, int]]:
        if reading.yaml is None:
            return []
        editor = YamlEditor(lines, reading.yaml, "\n")
        return [(e.key, e.start, e.end) for e in editor.entries(reading.yaml.root)]

    def set_path(self, lines, reading, path, value, ending, body_follows) -> Edit:
        assert reading.yaml is not None
        editor = YamlEditor(lines, reading.yaml, ending)
        failure = ""
        # A value is written in the file's own style first, then as PyYAML would dump it.
        for plain_dump in (False, True):
            try:
                new_lines, expected_top = editor.set_path(path, value, plain_dump=plain_dump)
            except (FrontMatterEditError, ValueError, TypeError) as exc:
                failure = str(exc)
                continue
            read_back = self.verified(new_lines, {**reading.data, path[0]: expected_top})
            if read_back is not None:
                return Edit(new_lines, read_back)
            failure = "the written text would not read back as the value set"
        raise FrontMatterEditError(f"cannot set {'.'.join(path)!s} to {value!r}: {failure}")

    def remove(self, lines, reading, key, ending, body_follows) -> Edit:
        assert reading.yaml is not None
        new_lines = YamlEditor(lines, reading.yaml, ending).remove(key)
        expected = {k: v for k, v in reading.data.items() if k != key}
        read_back = self.verified(new_lines, expected)
        if read_back is None:
            raise FrontMatterEditError(f"removing {key!r} would not leave valid front matter")
        return Edit(new_lines, read_back)


class TomlCodec(Codec):
    name = "toml"
    opener = re.compile(r"\+\+\+[ \t]*")
    closer = opener
    closer_text = "+++"

    def read(self, lines: list[str]) -> Reading:
        text = "".join(lines)
        data, problem = toml_edit.parse_toml(text)
        return Reading(data if problem is None else {}, self._located(problem, text))

    def raw_value(self, lines: list[str], reading: Reading, key: str) -> str | None:
        return toml_edit.raw_value(lines, key) if reading.error is None else None

    def spans(self, lines: list[str], reading: Reading) -> list[tuple[str, int, int]]:
        return [(x.key, x.start, x.end) for x in toml_edit.statements(lines) if x.section is None]

    def verified(self, lines: list[str], expected: dict[str, Any]) -> Reading | None:
        # TOML reads plain keys before tables, whatever order they were inserted in.
        reading = self.read(lines)
        if reading.error is None and same_value(_sorted(reading.data), _sorted(expected)):
            return reading
        return None

    def _checked(self, lines: list[str], expected: dict[str, Any]) -> Edit:
        read_back = self.verified(lines, expected)
        if read_back is None:
            problem = self.read(lines).error
            raise FrontMatterEditError(
                "the TOML front matter would not read back as the value set"
                + (f": {problem.message}" if problem else "")
            )
        return Edit(lines, read_back)

    def set_path(self, lines, reading, path, value, ending, body_follows) -> Edit:
        new_lines, expected = toml_edit.set_path(lines, reading.data, path, value, ending)
        return self._checked(new_lines, expected)

    def remove(self, lines, reading, key, ending, body_follows) -> Edit:
        expected = {k: v for k, v in reading.data.items() if k != key}
        return self._checked(toml_edit.remove(lines, key), expected)


class JsonCodec(Codec):
    name = "json"
    opener = re.compile(r"\{[ \t]*")
    closer = re.compile(r"\}[ \t]*")
    closer_text = "}"
    fences_are_data = True
    first_line = 1

    def read(self, lines: list[str]) -> Reading:
        try:
            data = json.loads("".join(lines))
        except (ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            column = getattr(exc, "colno", None)
            return Reading(
                error=FrontMatterError(f"invalid JSON front matter: {exc}", line, column)
            )
        if not isinstance(data, dict):
            return Reading(error=FrontMatterError("the JSON front matter is not an object", 1, 1))
        return Reading(data)

    def raw_value(self, lines: list[str], reading: Reading, key: str) -> str | None:
        if key not in reading.data:
            return None
        return json.dumps(reading.data[key], ensure_ascii=False)

    def set_path(self, lines, reading, path, value, ending, body_follows) -> Edit:
        if len(path) == 1:
            new_lines = json_edit.set_key(lines, path[0], value, ending)
            if new_lines is not None:
                read_back = self.verified(new_lines, {**reading.data, path[0]: value})
                if read_back is not None:
                    return Edit(new_lines, read_back)
        data = copy.deepcopy(reading.data)
        target = data
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[path[-1]] = value
        return self._rewritten(lines, data, ending, body_follows)

    def remove(self, lines, reading, key, ending, body_follows) -> Edit:
        expected = {k: v for k, v in reading.data.items() if k != key}
        new_lines = json_edit.remove_key(lines, key)
        if new_lines is not None:
            read_back = self.verified(new_lines, expected)
            if read_back is not None:
                return Edit(new_lines, read_back)
        return self._rewritten(lines, expected, ending, body_follows)

    def _rewritten(
        self, lines: list[str], data: dict[str, Any], ending: str, body_follows: bool
    ) -> Edit:
        """The whole object written out again (JSON edits that cannot stay on their lines)."""
        keep_last_ending = body_follows or not lines or bool(line_ending(lines[-1]))
        new_lines = json_edit.rewrite(lines, data, ending, keep_last_ending)
        return Edit(new_lines, self.read(new_lines))


YAML = YamlCodec()
TOML = TomlCodec()
JSON = JsonCodec()
CODECS: tuple[Codec, ...] = (YAML, TOML, JSON)


def _sorted(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in sorted(data)}
