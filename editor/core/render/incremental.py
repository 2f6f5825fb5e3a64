"""Block-level incremental rendering: which part of the body an edit touched, and the patch.

A whole-document render of a 1 MB post takes about a second, far beyond a keystroke's budget, so
the preview splits the body into top-level *chunks* at boundaries where Python-Markdown's output
cannot depend on what came before (a blank line outside fenced code, HTML blocks, Liquid blocks
and math; list items, indented continuations, block quotes and attribute lists stay with the
chunk they continue). An edit re-splits only around itself, re-renders the changed chunks and
describes the change as one splice of the chunk list. Things a chunk cannot know on its own
(footnotes, reference and abbreviation definitions elsewhere, the table of contents, Liquid
variables) make the edit *global*: the caller follows it with a full render soon, and a full
render after every pause keeps the final page identical to a full render.

The page marks each chunk with a comment (``<!--pe-chunk-->``), so a splice addresses chunks by
index; comments are invisible to CSS, so the marked page lays out exactly like a plain one.
``chunk_html`` renders and marks the HTML side.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

CHUNK_MARK = "<!--pe-chunk-->"
END_MARK = "<!--pe-end-->"

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_DEF_LINE = re.compile(r"^ {0,3}:[ \t]")
_IAL_LINE = re.compile(r"^ {0,3}\{:[^}\n]*\}\s*$")
_LIQUID_TAG = re.compile(r"\{%-?\s*(end)?([a-zA-Z_]+)")
_LIQUID_BLOCKS = frozenset(
    {"highlight", "raw", "comment", "capture", "if", "unless", "for", "case", "tablerow"}
)
_LIQUID_VERBATIM = frozenset({"raw", "comment"})
_HTML_OPEN = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$)")
_HTML_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "canvas",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "iframe",
        "main",
        "math",
        "nav",
        "noscript",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
        "audio",
        "script",
        "style",
        "object",
        "embed",
        "textarea",
    ]
)
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\[\]\n]+\]:[ \t]*\S.*$", re.M)
_ABBR_DEF = re.compile(r"^ {0,3}\*\[[^\]\n]+\]:.*$", re.M)
_FOOTNOTE = re.compile(r"\[\^")
_TOC = re.compile(r"^\s*(?:\[TOC\]|\{:\s*toc\s*\}|\*\s+TOC\s*$|\{:\.toc\})", re.M | re.I)
_LIQUID_VARIABLE = re.compile(r"\{%-?\s*(?:assign|capture|increment|decrement)\b")
_HEADING = re.compile(r"^(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.M)


@dataclass
class _Scan:
    """What is open at the current line: a fence, an HTML block, Liquid blocks, display math."""

    fence: tuple[str, int] | None = None
    html_tag: str | None = None
    html_depth: int = 0
    comment: bool = False
    liquid: list[str] = field(default_factory=list)
    math: bool = False

    def is_open(self) -> bool:
        return bool(self.fence or self.html_tag or self.comment or self.liquid or self.math)

    def feed(self, line: str) -> None:
        """Update the open constructs with one line (without its newline)."""
        if self.fence is not None:
            char, length = self.fence
            stripped = line.strip()
            if (
                stripped.startswith(char * length)
                and not stripped.strip(char)
                and len(line) - len(line.lstrip(" ")) < 4
            ):
                self.fence = None
            return
        if self.liquid and self.liquid[-1] in _LIQUID_VERBATIM:
            self._feed_liquid(line)
            return
        if self.comment:
            if "-->" in line:
                self.comment = False
            return
        if self.html_tag is not None:
            self._feed_html(line)
            return
        if "{%" in line:
            self._feed_liquid(line)
            if self.liquid:
                return
        fence = _FENCE_OPEN.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in line[fence.end() :]):
            self.fence = (fence.group(1)[0], len(fence.group(1)))
            return
        stripped = line.lstrip()
        if stripped.startswith("$$") and stripped.count("$$") % 2 == 1:
            self.math = not self.math
            return
        if self.math:
            if "$$" in line and line.count("$$") % 2 == 1:
                self.math = False
            return
        if stripped.startswith("<!--") and "-->" not in stripped:
            self.comment = True
            return
        opening = _HTML_OPEN.match(line)
        if opening and opening.group(1).lower() in _HTML_BLOCK_TAGS:
            self.html_tag = opening.group(1).lower()
            self.html_depth = 0
            self._feed_html(line)

    def _feed_html(self, line: str) -> None:
        tag = self.html_tag
        lower = line.lower()
        self.html_depth += len(re.findall(rf"<{tag}(?=[\s/>]|$)", lower))
        self.html_depth -= lower.count(f"</{tag}")
        if self.html_depth <= 0:
            self.html_tag = None

    def _feed_liquid(self, line: str) -> None:
        for match in _LIQUID_TAG.finditer(line):
            end, name = match.group(1), match.group(2).lower()
            if self.liquid and self.liquid[-1] in _LIQUID_VERBATIM:
                if end and name == self.liquid[-1]:
                    self.liquid.pop()
                continue
            if end and name in _LIQUID_BLOCKS:
                if name in self.liquid:
                    while self.liquid and self.liquid.pop() != name:
                        pass
            elif name in _LIQUID_BLOCKS:
                self.liquid.append(name)


def _continues_previous(first_line: str) -> bool:
    """A block that begins with this line belongs to the chunk before it."""
    if first_line[:1] in (" ", "\t", ">", ":"):
        return True
    return first_line.startswith("{:") or _LIST_ITEM.match(first_line) is not None


def _starts_definition(body: str, pos: int) -> bool:
    """The block at ``pos`` is a term with its definition (``Term`` then ``: definition``)."""
    end = body.find("\n\n", pos)
    block = body[pos : len(body) if end < 0 else end]
    return any(_DEF_LINE.match(line) for line in block.split("\n")[1:])


def _boundaries(body: str, pos: int, line: int) -> Iterator[tuple[int, int]]:
    """Yield (offset, 1-based line) of each chunk start after the chunk starting at ``pos``."""
    scan = _Scan()
    after_blank = False
    block_is_ial = True
    # The chunk so far holds a definition list: a term and definition after a blank line
    # add to that list (Python-Markdown's def_list), so they stay in the chunk.
    in_def_list = False
    length = len(body)
    while pos < length:
        newline = body.find("\n", pos)
        end = length if newline < 0 else newline
        text = body[pos:end]
        if not text.strip():
            if not scan.is_open():
                after_blank = True
            elif scan.fence is None and scan.html_tag is None:
                scan.feed(text)
        else:
            if after_blank:
                if (
                    not block_is_ial
                    and not _continues_previous(text)
                    and not (in_def_list and _starts_definition(body, pos))
                ):
                    yield pos, line
                    in_def_list = False
                block_is_ial = True
            after_blank = False
            block_is_ial = block_is_ial and _IAL_LINE.match(text) is not None
            in_def_list = in_def_list or (not scan.is_open() and bool(_DEF_LINE.match(text)))
            scan.feed(text)
        pos = end + 1
        line += 1


def _chunk_starts(body: str) -> tuple[list[int], list[int]]:
    starts, lines = [0], [1]
    for offset, line in _boundaries(body, 0, 1):
        starts.append(offset)
        lines.append(line)
    return starts, lines


def chunk_definitions(text: str) -> tuple[str, ...]:
    """The reference and abbreviation definitions a chunk contributes to every other chunk."""
    if "]:" not in text:
        return ()
    if "```" in text or "~~~" in text:
        text = _without_fences(text)
    return tuple(m.group(0).strip() for m in _REF_DEF.finditer(text)) + tuple(
        m.group(0).strip() for m in _ABBR_DEF.finditer(text)
    )


def _without_fences(text: str) -> str:
    kept: list[str] = []
    scan = _Scan()
    for line in text.split("\n"):
        inside = scan.fence is not None
        scan.feed(line)
        if not inside and scan.fence is None:
            kept.append(line)
    return "\n".join(kept)


def global_features(text: str) -> frozenset[str]:
    """Which document-wide constructs a chunk's text touches."""
    found: set[str] = set()
    if "[^" in text and _FOOTNOTE.search(text):
        found.add("footnotes")
    if _TOC.search(text):
        found.add("toc")
    if "{%" in text and _LIQUID_VARIABLE.search(text):
        found.add("liquid variables")
    if _HEADING.search(text):
        found.add("headings")
    return frozenset(found)


@dataclass(frozen=True)
class ChunkPatch:
    """Chunks ``index .. index+removed-1`` of the old list are replaced by ``texts``.

    Chunks after the splice keep their text but move by ``line_delta`` lines. ``global_reasons``
    is non-empty when the edit needs a full render to be exact.
    """

    index: int
    removed: int
    texts: tuple[str, ...]
    lines: tuple[int, ...]
    line_delta: int
    global_reasons: tuple[str, ...]
    definitions_changed: bool


class ChunkModel:
    """The body split into chunks, kept up to date edit by edit without re-splitting it all."""

    def __init__(self, body: str = "") -> None:
        self.reset(body)

    def reset(self, body: str) -> None:
        """Split ``body`` from scratch."""
        self.body = body
        self.starts, self.lines = _chunk_starts(body)
        self.texts = self._texts(body, self.starts)
        self.defs = [chunk_definitions(t) for t in self.texts]
        self.toc_chunks = sum(1 for t in self.texts if "toc" in global_features(t))
        self._defs_text: str | None = None

    @staticmethod
    def _texts(body: str, starts: Sequence[int]) -> list[str]:
        bounds = [*starts, len(body)]
        return [body[bounds[i] : bounds[i + 1]] for i in range(len(starts))]

    @property
    def definitions_text(self) -> str:
        """Every chunk's definitions, appended to each chunk rendered on its own."""
        if self._defs_text is None:
            self._defs_text = "\n".join(d for defs in self.defs for d in defs)
        return self._defs_text

    def apply_edit(self, start: int, end: int, text: str) -> ChunkPatch:
        """Replace ``body[start:end]`` by ``text`` and return the splice of the chunk list."""
        old = self.body
        if not 0 <= start <= end <= len(old):
            raise ValueError(f"edit {start}:{end} outside a body of {len(old)} characters")
        body = old[:start] + text + old[end:]
        delta = len(text) - (end - start)
        line_delta = text.count("\n") - old.count("\n", start, end)
        index = max(0, bisect.bisect_right(self.starts, start) - 2)
        first_unchanged, new_starts, new_lines = self._resplit(body, index, start + len(text), end)
        new_starts.insert(0, self.starts[index])
        new_lines.insert(0, self.lines[index])
        bound = self.starts[first_unchanged] + delta if first_unchanged < len(self.starts) else None
        texts = self._texts(body[: bound if bound is not None else len(body)], new_starts)
        while (
            texts
            and index < first_unchanged
            and texts[0] == self.texts[index]
            and new_lines[0] == self.lines[index]
        ):
            index += 1
            del texts[0], new_starts[0], new_lines[0]
        removed = first_unchanged - index
        old_texts = self.texts[index:first_unchanged]
        old_defs = self.defs[index:first_unchanged]
        new_defs = [chunk_definitions(t) for t in texts]
        reasons: set[str] = set()
        removed_features = [global_features(t) for t in old_texts]
        added_features = [global_features(t) for t in texts]
        self.toc_chunks += sum("toc" in f for f in added_features) - sum(
            "toc" in f for f in removed_features
        )
        for features in (*removed_features, *added_features):
            reasons |= features - {"headings"}
            if "headings" in features and self.toc_chunks > 0:
                reasons.add("table of contents")
        defs_changed = sorted(d for ds in old_defs for d in ds) != sorted(
            d for ds in new_defs for d in ds
        )
        if defs_changed:
            reasons.add("definitions")
        self.body = body
        self.starts[index:first_unchanged] = new_starts
        self.lines[index:first_unchanged] = new_lines
        self.texts[index:first_unchanged] = texts
        self.defs[index:first_unchanged] = new_defs
        tail = index + len(texts)
        if delta:
            self.starts[tail:] = [s + delta for s in self.starts[tail:]]
        if line_delta:
            self.lines[tail:] = [n + line_delta for n in self.lines[tail:]]
        if defs_changed:
            self._defs_text = None
        return ChunkPatch(
            index=index,
            removed=removed,
            texts=tuple(texts),
            lines=tuple(new_lines),
            line_delta=line_delta,
            global_reasons=tuple(sorted(reasons)),
            definitions_changed=defs_changed,
        )

    def _resplit(
        self, body: str, index: int, edited_end: int, old_end: int
    ) -> tuple[int, list[int], list[int]]:
        """Split from chunk ``index`` until a boundary coincides with an old one past the edit.

        A chunk start depends only on the text from that start on and on the chunk before it
        (attribute-list-only, or holding a definition list), so once old and new agree on a
        boundary past the edit, everything after it is unchanged.
        """
        delta = edited_end - old_end
        starts: list[int] = []
        lines: list[int] = []
        for offset, line in _boundaries(body, self.starts[index], self.lines[index]):
            if offset >= edited_end:
                old_offset = offset - delta
                at = bisect.bisect_left(self.starts, old_offset)
                if at < len(self.starts) and self.starts[at] == old_offset and at > index:
                    return at, starts, lines
            starts.append(offset)
            lines.append(line)
        return len(self.starts), starts, lines


def split_chunks(body: str) -> list[tuple[int, str]]:
    """(first line, text) of every chunk of ``body``, split from scratch."""
    model = ChunkModel(body)
    return list(zip(model.lines, model.texts, strict=True))
