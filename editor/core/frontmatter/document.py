"""The lossless post document: front matter and body, edited without rewriting the rest.

A post is kept as its original text in four parts (opening delimiter, front-matter lines,
closing delimiter, body), each line with its own ending. Reading never changes anything;
an edit replaces only the lines it concerns, and every front-matter edit is re-parsed to
prove it reads back as the value set before the document accepts it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from editor.core.frontmatter.codecs import CODECS, YAML, Codec, Edit, Reading
from editor.core.frontmatter.dates import ParsedDate
from editor.core.frontmatter.errors import (
    FrontMatterEditError,
    FrontMatterError,
    FrontMatterWarning,
)
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

_MAX_DELIMITER = 256


class PostDocument:
    """A post's text split into front matter and body, editable with minimal diffs."""

    def __init__(self, text: str, fmt: TextFormat) -> None:
        self._fmt = fmt
        self._codec: Codec | None = None
        self._reading = Reading()
        self._open = ""
        self._fm: list[str] = []
        self._close = ""
        self._body = text
        self._created = False
        self._unclosed = False
        self._originals: dict[str, tuple[list[str], Any]] = {}
        self._lines_cache: list[str] | None = None
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
        codec = next((c for c in CODECS if c.opener.fullmatch(first)), None)
        if codec is None:
            return
        self._codec = codec
        for start, end in spans:
            line = text[start:end]
            if end - start > _MAX_DELIMITER or not codec.closer.fullmatch(strip_ending(line)):
                continue
            lines = split_lines(text[:end])
            if codec.fences_are_data:
                self._fm = lines
            else:
                self._open, self._fm, self._close = lines[0], lines[1:-1], lines[-1]
            self._body = text[end:]
            self._reparse()
            self._snapshot()
            return
        self._unclosed = True
        self._reading = Reading(
            error=FrontMatterError(
                f"the front matter that starts on line 1 is never closed (no "
                f"`{codec.closer_text}` line follows); the whole file is shown as the body",
                1,
                1,
            )
        )

    # --- parsing ---------------------------------------------------------------------------
    def _reparse(self, reading: Reading | None = None) -> None:
        if reading is None:
            reading = self._codec.read(self._fm) if self._codec is not None else Reading()
        self._reading = reading

    def _accept(self, edit: Edit) -> bool:
        self._fm = edit.lines
        self._reparse(edit.reading)
        return True

    @property
    def fm_format(self) -> str | None:
        """ "yaml", "toml", "json", or None when the post has no front matter."""
        return self._codec.name if self._codec is not None else None

    @property
    def error(self) -> FrontMatterError | None:
        """Why the front matter cannot be read (None when it can)."""
        return self._reading.error

    @property
    def warnings(self) -> list[FrontMatterWarning]:
        """What the front matter says that a reader may not expect (YAML 1.1 readings…)."""
        return self._reading.warnings

    @property
    def _data(self) -> dict[str, Any]:
        return self._reading.data

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
        if self._codec is None:
            return None
        return self._codec.raw_value(self._fm, self._reading, key)

    @property
    def body(self) -> str:
        """The body with every line ending as "\\n", as editors want it."""
        if self._cache_of is not self._body:
            self._refresh_cache()
        return self._norm_cache

    def _refresh_cache(self) -> None:
        """The normalised view of the body, kept while the body string is the same; the
        split view is made on the first edit (a 10 MB body: ~100 ms the open need not pay)."""
        self._lines_cache = None
        self._norm_cache = normalise_newlines(self._body)
        self._cache_of = self._body

    def _body_lines(self) -> list[str]:
        if self._cache_of is not self._body:
            self._refresh_cache()
        if self._lines_cache is None:
            self._lines_cache = split_lines(self._body)
        return self._lines_cache

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

    def text_parts(self) -> tuple[str, str]:
        """``text()`` as (front matter with its delimiters, body), without copying the body:
        a snapshot of a long post for another thread costs no more than its front matter."""
        return self._open + "".join(self._fm) + self._close, self._body

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
        lines = splice_lines(self._body_lines(), old_text, new_text, ending)
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
        if self._codec is None:
            self._codec, self._open, self._close = YAML, "---" + ending, "---" + ending
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
        if self._codec is not None:
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
            saved_lines, saved_reading = list(self._fm), self._reading
            if self._rebase_on_original(path[0]):
                try:
                    return self._set_value(path, value)
                except FrontMatterEditError:
                    self._fm, self._reading = saved_lines, saved_reading
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
        assert self._codec is not None
        return self._accept(
            self._codec.set_path(
                self._fm, self._reading, path, value, self._ending(), bool(self._body)
            )
        )

    def unset(self, key: str) -> bool:
        """Remove a top-level key's lines (comments around it stay); False when absent."""
        if self._codec is None:
            return False
        self._require_usable()
        if key not in self._data:
            return False
        self._accept(
            self._codec.remove(self._fm, self._reading, key, self._ending(), bool(self._body))
        )
        if self._created and not self._fm:
            self._drop_created_front_matter()
        return True

    def _spans(self) -> dict[str, tuple[int, int]]:
        """Top-level keys that occur once, with their first and last front-matter line."""
        spans: dict[str, tuple[int, int]] = {}
        seen: set[str] = set()
        if self._codec is None:
            return spans
        for key, start, end in self._codec.spans(self._fm, self._reading):
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
        assert self._codec is not None
        reading = self._codec.verified(lines, {**self._data, key: original[1]})
        return reading is not None and self._accept(Edit(lines, reading))

    def _drop_created_front_matter(self) -> None:
        """Remove the empty block this document added, so the file is as it was."""
        self._codec, self._open, self._close, self._fm = None, "", "", []
        self._created = False
        self._reparse()

    def _start_front_matter(self) -> None:
        ending = self._ending()
        self._codec, self._open, self._close, self._fm = YAML, "---" + ending, "---" + ending, []
        self._reparse()
        self._created = True


_MISSING = object()
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SCALAR_TYPES = (str, int, float, bool, dt.date, type(None))


def _plain(value: Any) -> Any:
    """The value itself, without the spelling a typed date carries."""
    return value.value if isinstance(value, ParsedDate) else value


def _storable(value: Any, depth: int = 0) -> Any:
    """The value with tuples as lists; FrontMatterEditError for what front matter cannot hold."""
    if depth > 50:
        raise FrontMatterEditError("the value is nested too deeply for front matter")
    if isinstance(value, str) and _LONE_SURROGATE.search(value):
        joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        if _LONE_SURROGATE.search(joined):
            raise FrontMatterEditError(
                "the text holds a lone UTF-16 surrogate, which is not a character and cannot "
                "be saved as UTF-8"
            )
        return joined
    if isinstance(value, _SCALAR_TYPES):
        return value
    if isinstance(value, list | tuple):
        return [_storable(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _storable(v, depth + 1) for k, v in value.items()}
    raise FrontMatterEditError(f"a {type(value).__name__} cannot be stored in front matter")
