"""The lossless post document: front matter and body, edited without rewriting the rest.

A post is kept as its original text in four parts (opening delimiter, front-matter lines,
closing delimiter, body), each line with its own ending. Reading never changes anything;
an edit replaces only the lines it concerns, and every front-matter edit is re-parsed to
prove it reads back as the value set before the document accepts it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
from typing import Any

from editor.core.frontmatter import json_edit, toml_edit
from editor.core.frontmatter.dates import ParsedDate
from editor.core.frontmatter.errors import (
    FrontMatterEditError,
    FrontMatterError,
    FrontMatterWarning,
    ParseProblem,
)
from editor.core.frontmatter.yaml_edit import YamlEditor
from editor.core.frontmatter.yaml_safe import YamlParse, parse_yaml
from editor.core.frontmatter.yaml_scalars import same_value
from editor.core.textio import (
    UTF8,
    TextDecodeError,
    TextFormat,
    decode_bytes,
    dominant_ending_of,
    encode_text,
    keep_endings,
    line_ending,
    line_spans,
    normalise_newlines,
    splice_lines,
    split_lines,
    strip_ending,
)

__all__ = [
    "FrontMatterEditError",
    "FrontMatterError",
    "FrontMatterWarning",
    "PostDocument",
    "TextDecodeError",
    "TextFormat",
]

log = logging.getLogger(__name__)

_OPENERS = {
    "yaml": (re.compile(r"---[ \t]*"), re.compile(r"(?:---|\.\.\.)[ \t]*")),
    "toml": (re.compile(r"\+\+\+[ \t]*"), re.compile(r"\+\+\+[ \t]*")),
    "json": (re.compile(r"\{[ \t]*"), re.compile(r"\}[ \t]*")),
}
_NAMES = {"yaml": "---", "toml": "+++", "json": "}"}
_MAX_DELIMITER = 256


class PostDocument:
    """A post's text split into front matter and body, editable with minimal diffs."""

    def __init__(self, text: str, fmt: TextFormat) -> None:
        self._fmt = fmt
        self.fm_format: str | None = None
        self.error: FrontMatterError | None = None
        self.warnings: list[FrontMatterWarning] = []
        self._open = ""
        self._fm: list[str] = []
        self._close = ""
        self._body = text
        self._data: dict[str, Any] = {}
        self._yaml: YamlParse | None = None
        self._created = False
        self._unclosed = False
        self._originals: dict[str, tuple[list[str], Any]] = {}
        self._lines_cache: list[str] = []
        self._norm_cache = ""
        self._cache_of: str | None = None
        self._split(text)

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> PostDocument:
        """Decode and split a post; only undecodable bytes raise (TextDecodeError)."""
        text, fmt = decode_bytes(data)
        return cls(text, fmt)

    @classmethod
    def from_text(cls, text: str, fmt: TextFormat | None = None) -> PostDocument:
        """A document from text; a leading U+FEFF becomes the BOM when no format is given."""
        if fmt is None:
            fmt = UTF8
            if text.startswith("\ufeff"):
                text, fmt = text[1:], TextFormat("utf-8", True)
        return cls(text, fmt)

    def _split(self, text: str) -> None:
        spans = line_spans(text)
        first_span = next(spans, None)
        if first_span is None:
            return
        first = strip_ending(text[first_span[0] : first_span[1]])
        found = [k for k, (opener, _) in _OPENERS.items() if opener.fullmatch(first)]
        if not found:
            return
        kind = found[0]
        closer = _OPENERS[kind][1]
        self.fm_format = kind
        for start, end in spans:
            if end - start > _MAX_DELIMITER or not closer.fullmatch(strip_ending(text[start:end])):
                continue
            lines = split_lines(text[:end])
            if kind == "json":
                self._fm = lines
            else:
                self._open, self._fm, self._close = lines[0], lines[1:-1], lines[-1]
            self._body = text[end:]
            self._reparse()
            self._snapshot()
            return
        self._unclosed = True
        self.error = FrontMatterError(
            f"the front matter that starts on line 1 is never closed (no `{_NAMES[kind]}` "
            "line follows); the whole file is shown as the body",
            1,
            1,
        )

    # --- parsing ---------------------------------------------------------------------------
    def _reparse(self, parsed: YamlParse | None = None) -> None:
        self.error, self.warnings, self._data, self._yaml = None, [], {}, None
        fm_text = "".join(self._fm)
        if self.fm_format == "yaml":
            self._yaml = parsed if parsed is not None else parse_yaml(fm_text)
            self.warnings = list(self._yaml.warnings)
            self._set_problem(self._yaml.problem, fm_text, 2)
            self._data = self._yaml.mapping
        elif self.fm_format == "toml":
            data, problem = toml_edit.parse_toml(fm_text)
            self._set_problem(problem, fm_text, 2)
            self._data = data if problem is None else {}
        elif self.fm_format == "json":
            try:
                data = json.loads(fm_text)
            except (ValueError, RecursionError) as exc:
                line = getattr(exc, "lineno", None)
                column = getattr(exc, "colno", None)
                self.error = FrontMatterError(f"invalid JSON front matter: {exc}", line, column)
                return
            if not isinstance(data, dict):
                self.error = FrontMatterError("the JSON front matter is not an object", 1, 1)
                return
            self._data = data

    def _set_problem(self, problem: ParseProblem | None, fm_text: str, first_line: int) -> None:
        if problem is None:
            return
        if problem.index is None:
            self.error = FrontMatterError(problem.message, None, None)
            return
        before = fm_text[: problem.index]
        line = len(split_lines(before + "x")) - 1
        column = len(before) - len("".join(split_lines(before)[:line])) + 1
        self.error = FrontMatterError(problem.message, first_line + line, column)

    # --- reading ---------------------------------------------------------------------------
    @property
    def format(self) -> TextFormat:
        """Encoding and BOM of the file."""
        return self._fmt

    @property
    def metadata(self) -> dict[str, Any]:
        """A deep copy of the front matter values ({} when none or unusable)."""
        return copy.deepcopy(self._data)

    def keys(self) -> list[str]:
        """Top-level keys in file order."""
        return [str(k) for k in self._data]

    def get(self, key: str, default: Any = None) -> Any:
        """One top-level value (a copy)."""
        return copy.deepcopy(self._lookup(key, default))

    def _lookup(self, key: str, default: Any = None) -> Any:
        for k, value in self._data.items():
            if k == key or str(k) == key:
                return value
        return default

    def raw_value(self, key: str) -> str | None:
        """The value's source text as typed, e.g. to show a date's own spelling."""
        if self.fm_format == "yaml" and self._yaml is not None and self.error is None:
            return YamlEditor(self._fm, self._yaml, "\n").raw_value(key)
        if self.fm_format == "toml" and self.error is None:
            return toml_edit.raw_value(self._fm, key)
        if self.fm_format == "json" and key in self._data:
            return json.dumps(self._data[key], ensure_ascii=False)
        return None

    @property
    def body(self) -> str:
        """The body with every line ending as "\\n", as editors want it."""
        if self._cache_of is not self._body:
            self._refresh_cache()
        return self._norm_cache

    def _refresh_cache(self) -> None:
        """Split and normalised views of the body, kept while the body string is the same."""
        self._lines_cache = split_lines(self._body)
        self._norm_cache = normalise_newlines(self._body)
        self._cache_of = self._body

    @property
    def body_start_line(self) -> int:
        """1-based file line where the body starts."""
        return 1 + (1 if self._open else 0) + len(self._fm) + (1 if self._close else 0)

    @property
    def front_matter_text(self) -> str:
        """Raw text between the delimiters with "\\n" endings ("" when there is none)."""
        return normalise_newlines("".join(self._fm))

    def text(self) -> str:
        """The whole document with its original line endings (without the BOM)."""
        return self._open + "".join(self._fm) + self._close + self._body

    def to_bytes(self) -> bytes:
        """The bytes to save: identical to what was loaded when nothing was edited."""
        return encode_text(self.text(), self._fmt)

    def _ending(self) -> str:
        return dominant_ending_of(self.text())

    # --- editing ---------------------------------------------------------------------------
    def set_body(self, text: str) -> bool:
        """Replace the body; unchanged lines keep their own endings, new ones get the usual one."""
        new_text = normalise_newlines(text)
        old_text = self.body
        if new_text == old_text:
            return False
        ending = dominant_ending_of(self._body, "") or self._ending()
        lines = splice_lines(self._lines_cache, old_text, new_text, ending)
        self._body = "".join(lines)
        self._lines_cache, self._norm_cache, self._cache_of = lines, new_text, self._body
        return True

    def set_front_matter_text(self, text: str) -> bool:
        """Raw-view edit: keep the text as typed, re-parse it, and report any error."""
        if normalise_newlines(text) == self.front_matter_text:
            return False
        if self.fm_format is None and not text.strip():
            return False
        self._require_closed()
        ending = self._ending()
        if self.fm_format is None:
            self.fm_format, self._open, self._close = "yaml", "---" + ending, "---" + ending
        lines = keep_endings(self._fm, text, ending)
        if lines and not line_ending(lines[-1]):
            lines[-1] += ending
        self._fm = lines
        self._reparse()
        self._snapshot()
        return True

    def _require_closed(self) -> None:
        if self._unclosed:
            raise FrontMatterEditError(
                "the front matter is not closed; fix it in the body text first"
            )

    def _require_usable(self) -> None:
        self._require_closed()
        if self.error is not None:
            raise FrontMatterEditError(
                f"the front matter cannot be edited field by field until this is fixed: "
                f"{self.error.message}"
            )

    def set(self, key: str, value: Any) -> bool:
        """Set one top-level key, touching only its lines; False when it already has that value."""
        return self.set_path((key,), value)

    def set_path(self, path: tuple[str, ...], value: Any) -> bool:
        """Set a nested key (e.g. ("header", "image")), editing only the nested line if it can."""
        if not path:
            raise FrontMatterEditError("an empty key path cannot be set")
        typed = value if isinstance(value, ParsedDate) else None
        value = _storable(typed.value if typed is not None else value)
        self._require_usable()
        current: Any = self._data
        for part in path:
            current = current.get(part, _MISSING) if isinstance(current, dict) else _MISSING
        if current is not _MISSING and same_value(current, value):
            return False
        if typed is not None and len(path) == 1 and self.fm_format in ("yaml", "toml", None):
            value = typed  # a date as the writer typed it: the editors keep that spelling
        if self.fm_format is not None:
            return self._set_existing(path, value)
        self._start_front_matter()
        try:
            return self._set_existing(path, value)
        except FrontMatterEditError:
            self._drop_created_front_matter()
            raise

    def _set_existing(self, path: tuple[str, ...], value: Any) -> bool:
        if len(path) == 1:
            if self._restore_original(path[0], _plain(value)):
                return True
            saved_lines, saved_parse = list(self._fm), self._yaml
            if self._rebase_on_original(path[0]):
                try:
                    return self._set_value(path, value)
                except FrontMatterEditError:
                    self._fm = saved_lines
                    self._reparse(saved_parse if self.fm_format == "yaml" else None)
                    raise
        return self._set_value(path, value)

    def _rebase_on_original(self, key: str) -> bool:
        """Put a key's lines as loaded back before editing it again.

        A form writes on every keystroke, so a value passes through states such as
        ``"A "`` that need quotes; without this, the quotes would stay once the title is
        plain again. The style is always the one the file had when it was opened (or last
        edited as raw text).
        """
        return self._put_back_original(key)

    def _set_value(self, path: tuple[str, ...], value: Any) -> bool:
        if self.fm_format == "yaml":
            return self._set_yaml(path, value)
        if self.fm_format == "toml":
            lines, expected = toml_edit.set_path(self._fm, self._data, path, value, self._ending())
            return self._commit_toml(lines, expected)
        return self._set_json(path, value)

    def unset(self, key: str) -> bool:
        """Remove a top-level key's lines (comments around it stay); False when absent."""
        if self.fm_format is None:
            return False
        self._require_usable()
        if key not in self._data:
            return False
        expected = {k: v for k, v in self._data.items() if k != key}
        if self.fm_format == "yaml":
            assert self._yaml is not None
            lines = YamlEditor(self._fm, self._yaml, self._ending()).remove(key)
            self._commit_yaml(lines, expected, key)
            if self._created and not self._fm:
                self._drop_created_front_matter()
            return True
        if self.fm_format == "toml":
            return self._commit_toml(toml_edit.remove(self._fm, key), expected)
        lines = json_edit.remove_key(self._fm, key)
        if lines is not None and self._commit_json(lines, expected):
            return True
        return self._write_json(expected)

    def _spans(self) -> dict[str, tuple[int, int]]:
        """Top-level keys that occur once, with their first and last front-matter line."""
        spans: dict[str, tuple[int, int]] = {}
        seen: set[str] = set()
        if self.fm_format == "yaml" and self._yaml is not None:
            editor = YamlEditor(self._fm, self._yaml, "\n")
            found = [(e.key, e.start, e.end) for e in editor.entries(self._yaml.root)]
        elif self.fm_format == "toml":
            statements = toml_edit.statements(self._fm)
            found = [(x.key, x.start, x.end) for x in statements if x.section is None]
        else:
            return spans
        for key, start, end in found:
            if key in seen:
                spans.pop(key, None)
            else:
                spans[key] = (start, end)
            seen.add(key)
        return spans

    def _snapshot(self) -> None:
        """Remember each key's lines as loaded, so setting the value back restores them exactly."""
        self._originals = {}
        if self.error is not None:
            return
        for key, (start, end) in self._spans().items():
            if key in self._data:
                self._originals[key] = (self._fm[start : end + 1], copy.deepcopy(self._data[key]))

    def _restore_original(self, key: str, value: Any) -> bool:
        """Put back a key's lines as loaded when its value returns to the loaded one."""
        original = self._originals.get(key)
        if original is None or not same_value(original[1], value):
            return False
        return self._put_back_original(key)

    def _put_back_original(self, key: str) -> bool:
        """The key's lines as loaded, in place of its current ones (False if not possible)."""
        original = self._originals.get(key)
        span = self._spans().get(key)
        if original is None or span is None or self._fm[span[0] : span[1] + 1] == original[0]:
            return False
        lines = self._fm[: span[0]] + original[0] + self._fm[span[1] + 1 :]
        expected = {**self._data, key: original[1]}
        if self.fm_format == "yaml":
            return self._commit_yaml(lines, expected, key, quiet=True)
        try:
            return self._commit_toml(lines, expected)
        except FrontMatterEditError:
            return False

    def _drop_created_front_matter(self) -> None:
        """Remove the empty block this document added, so the file is as it was."""
        self.fm_format, self._open, self._close, self._fm = None, "", "", []
        self._created = False
        self._reparse()

    def _start_front_matter(self) -> None:
        ending = self._ending()
        self.fm_format, self._open, self._close, self._fm = (
            "yaml",
            "---" + ending,
            "---" + ending,
            [],
        )
        self._yaml = parse_yaml("")
        self._created = True

    def _set_yaml(self, path: tuple[str, ...], value: Any) -> bool:
        assert self._yaml is not None
        editor = YamlEditor(self._fm, self._yaml, self._ending())
        failure = ""
        for plain_dump in (False, True):
            try:
                lines, expected_top = editor.set_path(path, value, plain_dump=plain_dump)
            except (FrontMatterEditError, ValueError, TypeError) as exc:
                failure = str(exc)
                continue
            expected = dict(self._data)
            expected[path[0]] = expected_top
            if self._commit_yaml(lines, expected, path[0], quiet=True):
                return True
            failure = "the written text would not read back as the value set"
        raise FrontMatterEditError(f"cannot set {'.'.join(path)!s} to {value!r}: {failure}")

    def _commit_yaml(
        self, lines: list[str], expected: dict[str, Any], key: str, *, quiet: bool = False
    ) -> bool:
        parse = parse_yaml("".join(lines))
        if parse.problem is None and same_value(parse.mapping, expected):
            self._fm = lines
            self._reparse(parse)
            return True
        log.debug("edit of %s did not read back: %s", key, parse.problem)
        if quiet:
            return False
        raise FrontMatterEditError(f"removing {key!r} would not leave valid front matter")

    def _commit_toml(self, lines: list[str], expected: dict[str, Any]) -> bool:
        data, problem = toml_edit.parse_toml("".join(lines))
        if problem is not None or not same_value(_sorted(data), _sorted(expected)):
            raise FrontMatterEditError(
                "the TOML front matter would not read back as the value set"
                + (f": {problem.message}" if problem else "")
            )
        self._fm = lines
        self._reparse()
        return True

    def _set_json(self, path: tuple[str, ...], value: Any) -> bool:
        if len(path) == 1:
            lines = json_edit.set_key(self._fm, path[0], value, self._ending())
            if lines is not None and self._commit_json(lines, {**self._data, path[0]: value}):
                return True
        data = copy.deepcopy(self._data)
        target = data
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[path[-1]] = value
        return self._write_json(data)

    def _commit_json(self, lines: list[str], expected: dict[str, Any]) -> bool:
        try:
            data = json.loads("".join(lines))
        except (ValueError, RecursionError):
            return False
        if not same_value(data, expected):
            return False
        self._fm = lines
        self._reparse()
        return True

    def _write_json(self, data: dict[str, Any]) -> bool:
        keep_last_ending = bool(self._body) or not self._fm or bool(line_ending(self._fm[-1]))
        self._fm = json_edit.rewrite(self._fm, data, self._ending(), keep_last_ending)
        self._reparse()
        return True


_MISSING = object()
_SCALAR_TYPES = (str, int, float, bool, dt.date, type(None))


def _plain(value: Any) -> Any:
    """The value itself, without the spelling a typed date carries."""
    return value.value if isinstance(value, ParsedDate) else value


def _storable(value: Any, depth: int = 0) -> Any:
    """The value with tuples as lists; FrontMatterEditError for what front matter cannot hold."""
    if depth > 50:
        raise FrontMatterEditError("the value is nested too deeply for front matter")
    if isinstance(value, _SCALAR_TYPES):
        return value
    if isinstance(value, list | tuple):
        return [_storable(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _storable(v, depth + 1) for k, v in value.items()}
    raise FrontMatterEditError(f"a {type(value).__name__} cannot be stored in front matter")


def _sorted(data: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys in a fixed order (TOML reads keys before tables, whatever we insert)."""
    return {k: data[k] for k in sorted(data)}
