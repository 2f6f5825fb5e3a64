"""What a check produces: findings, their fixes, and the post as the rules read it.

A fix is a list of whole-line replacements, each carrying the line's old text, so that a fix
computed on one version of a post is refused (not misapplied) on another.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.frontmatter import PostDocument
from editor.core.render.patterns import FENCE_RE
from editor.core.textio import split_lines, strip_ending

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    """A rule's id (used in ``.post-editor.yml`` and ignore comments), severity and purpose."""

    id: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("mojibake", WARNING, "text saved as UTF-8 and read back as Windows-1252"),
        Rule("control-character", WARNING, "invisible control characters"),
        Rule("replacement-character", WARNING, "U+FFFD: a character lost in a conversion"),
        Rule("liquid-unbalanced", ERROR, "a Liquid block without its end tag"),
        Rule("front-matter-invalid", ERROR, "front matter that cannot be read"),
        Rule("required-field", ERROR, "a field the schema file requires is missing or empty"),
        Rule("yaml-trap", WARNING, "a value YAML reads differently from how it looks"),
        Rule("filename-date", WARNING, "the date in the file name differs from date:"),
        Rule("future-date", WARNING, "a published post dated in the future is left out"),
        Rule("duplicate-url", ERROR, "two posts with the same URL"),
        Rule("unknown-layout", WARNING, "a layout the site does not have"),
        Rule("image-missing", ERROR, "a local image that does not exist"),
        Rule("image-alt", WARNING, "an image without alt text"),
        Rule("post-url-missing", ERROR, "a post_url or link tag whose target does not exist"),
        Rule("link-missing", WARNING, "a link to a post or page that does not exist"),
        Rule("heading-skip", WARNING, "a heading level skipped (h2 → h4)"),
        Rule("title-length", INFO, "a title longer than search results show"),
        Rule("description-length", INFO, "a description or excerpt outside the advised length"),
    )
}


@dataclass(frozen=True)
class LineEdit:
    """Replace file line ``line`` (1-based, without its ending) ``old`` by ``new``."""

    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Fix:
    """A repair the writer can apply; ``safe`` ones cannot change what the writer meant."""

    label: str
    edits: tuple[LineEdit, ...]
    safe: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "safe": self.safe,
            "edits": [{"line": e.line, "old": e.old, "new": e.new} for e in self.edits],
        }


@dataclass(frozen=True)
class Finding:
    """One problem: where (file line, 1-based; ``field`` for front-matter keys), how bad, why."""

    path: Path | None
    line: int
    severity: str
    rule: str
    message: str
    fix: Fix | None = None
    field: str | None = None
    column: int | None = None

    def to_json(self, file: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": file,
            "line": self.line,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }
        if self.field is not None:
            data["field"] = self.field
        if self.fix is not None:
            data["fix"] = self.fix.to_json()
        return data


_IGNORE = re.compile(r"post-editor:\s*ignore\b([\w\s,-]*)")
_RULE_NAME = re.compile(r"[a-z][a-z-]*[a-z]")


@dataclass
class PostView:
    """The post's lines as the rules read them, with where front matter and code are."""

    document: PostDocument
    path: Path | None
    lines: list[str] = field(default_factory=list)
    fm_first: int = 0  # first front-matter line (1-based), 0 when there is none
    fm_last: int = -1
    body_first: int = 1
    code_lines: set[int] = field(default_factory=set)
    resolved: dict[tuple[str, Path | None], Path | None] = field(default_factory=dict)
    _breaks: list[int] | None = None
    _metadata: dict[str, Any] | None = None

    @property
    def metadata(self) -> dict[str, Any]:
        """The front matter's values, copied once per check (rules only read them)."""
        if self._metadata is None:
            self._metadata = self.document.metadata
        return self._metadata

    @classmethod
    def of(cls, document: PostDocument, path: Path | None) -> PostView:
        view = cls(document, path)
        view.lines = [strip_ending(line) for line in split_lines(document.text())]
        view.body_first = document.body_start_line
        if document.body_start_line > 1:
            if document.fm_format == "json":
                view.fm_first, view.fm_last = 1, document.body_start_line - 1
            else:
                view.fm_first, view.fm_last = 2, document.body_start_line - 2
        fence = ""
        for number in range(view.body_first, len(view.lines) + 1):
            text = view.lines[number - 1]
            match = FENCE_RE.match(text) if text.lstrip(" ")[:1] in ("`", "~") else None
            marker = match["fence"] if match and len(match["indent"]) <= 3 else ""
            if fence:
                view.code_lines.add(number)
                if marker and marker[0] == fence[0] and len(marker) >= len(fence):
                    fence = ""
            elif marker:
                fence = marker
                view.code_lines.add(number)
        return view

    def body_line_of(self, offset: int) -> int:
        """The file line of a character offset in ``document.body``."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.document.body)]
        return self.body_first + bisect.bisect_left(self._breaks, offset)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def body_lines(self, *, skip_code: bool = True) -> Iterator[tuple[int, str]]:
        for number in range(self.body_first, len(self.lines) + 1):
            if skip_code and number in self.code_lines:
                continue
            yield number, self.lines[number - 1]

    def fm_lines(self) -> Iterator[tuple[int, str]]:
        for number in range(self.fm_first, self.fm_last + 1) if self.fm_first else ():
            yield number, self.lines[number - 1]

    def key_line(self, key: str) -> int:
        """The file line of a top-level front-matter key (the opening line when absent)."""
        pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*[:=]")
        for number, text in self.fm_lines():
            if pattern.match(text):
                return number
        return 1

    def ignored(self, number: int, rule: str) -> bool:
        """An ``post-editor: ignore [rules]`` comment on the line, or alone on the line above."""
        for candidate, own in ((number, True), (number - 1, False)):
            match = _IGNORE.search(self.line(candidate))
            if match is None:
                continue
            if not own and not _comment_only(self.line(candidate)):
                continue
            names = {n for n in re.split(r"[\s,]+", match.group(1)) if _RULE_NAME.fullmatch(n)}
            if not names or rule in names:
                return True
        return False


def _comment_only(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(("<!--", "#", "{% comment", "{%- comment"))
