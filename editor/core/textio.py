"""Text file decoding and encoding that never changes a byte the writer did not touch.

Posts are read as bytes and turned into text with no newline translation at all, so
that CRLF, lone CR and mixed endings survive a round trip. Only UTF-8 (with or without
a byte order mark) and UTF-16 with a byte order mark are accepted: anything else is
refused with a clear message instead of being decoded with replacement characters
that would later be written back.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16_LE = b"\xff\xfe"
_BOM_UTF16_BE = b"\xfe\xff"
_BOM_UTF32_LE = b"\xff\xfe\x00\x00"
_BOM_UTF32_BE = b"\x00\x00\xfe\xff"


class TextDecodeError(ValueError):
    """The bytes are not text we can edit safely; the message says why, for the writer."""


@dataclass(frozen=True)
class TextFormat:
    """How a file's text is stored: its encoding and whether it starts with a byte order mark."""

    encoding: str = "utf-8"
    bom: bool = False


UTF8 = TextFormat("utf-8", False)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """True when NUL bytes sit at every other position, as in UTF-16 without a BOM."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    evens = sample[0::2].count(0)
    odds = sample[1::2].count(0)
    half = len(sample) // 2
    return max(evens, odds) > half * 0.3


_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"OggS", "an audio or video file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"),
    (b"\x00\x00\x00\x20ftyp", "a video file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PNG image", "binary data"), or None for what may be text.

    Known file signatures first; then NUL bytes, which no UTF-8 post contains (UTF-16 has
    them, so a file with a UTF-16 BOM, or that looks like BOM-less UTF-16, is left to the
    decoder).
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:256]:
                continue  # a text file that starts with "MZ"
            if magic == b"ID3" and b"\x00" not in data[:64]:
                continue
            return kind
    head = data[:8192]
    if b"\x00" not in head or data.startswith((_BOM_UTF16_LE, _BOM_UTF16_BE)):
        return None
    if _looks_like_bomless_utf16(data):
        return None
    return "binary data"


def decode_bytes(data: bytes) -> tuple[str, TextFormat]:
    """Decode a post's bytes, remembering the encoding and BOM so they can be written back.

    The BOM is not part of the returned text; `encode_text` puts it back. Raises
    TextDecodeError with a message a writer can act on for anything that is not UTF-8
    or UTF-16 with a BOM.
    """
    kind = binary_kind(data)
    if kind is not None:
        raise TextDecodeError(
            f"This file is binary ({kind}), not a text post: it cannot be edited here. "
            "Open a Markdown or HTML file instead."
        )
    if data.startswith((_BOM_UTF32_LE, _BOM_UTF32_BE)):
        raise TextDecodeError(
            "This file is encoded as UTF-32, which the editor does not support. "
            "Convert it to UTF-8 to edit it."
        )
    if data.startswith(_BOM_UTF8):
        fmt = TextFormat("utf-8", True)
        payload = data[len(_BOM_UTF8) :]
    elif data.startswith(_BOM_UTF16_LE):
        fmt = TextFormat("utf-16-le", True)
        payload = data[2:]
    elif data.startswith(_BOM_UTF16_BE):
        fmt = TextFormat("utf-16-be", True)
        payload = data[2:]
    else:
        fmt = UTF8
        payload = data
        if _looks_like_bomless_utf16(payload):
            raise TextDecodeError(
                "This file looks like UTF-16 text without a byte order mark (or is not "
                "a text file). Save it as UTF-8 to edit it."
            )
    try:
        text = payload.decode(fmt.encoding, errors="strict")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(payload))
        bad = payload[exc.start : exc.start + 1].hex().upper()
        if fmt.encoding == "utf-8":
            hint = (
                " It may be in a legacy encoding such as Latin-1 or Windows-1252; "
                "convert it to UTF-8 to edit it."
            )
        else:
            hint = " The file is damaged (an incomplete or unpaired UTF-16 character)."
        raise TextDecodeError(
            f"This file is not valid {fmt.encoding.upper()} text: byte 0x{bad} at offset "
            f"{offset} (line {_line_of_offset(data, offset)}) cannot be decoded.{hint}"
        ) from exc
    return text, fmt


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """Encode text back to bytes in the file's own encoding, BOM included."""
    try:
        payload = text.encode(fmt.encoding, errors="strict")
    except UnicodeEncodeError as exc:
        raise TextDecodeError(
            f"The text cannot be saved as {fmt.encoding.upper()}: character "
            f"U+{ord(exc.object[exc.start]):04X} at position {exc.start} is not allowed."
        ) from exc
    if not fmt.bom:
        return payload
    bom = {"utf-8": _BOM_UTF8, "utf-16-le": _BOM_UTF16_LE, "utf-16-be": _BOM_UTF16_BE}
    return bom[fmt.encoding] + payload


def split_lines(text: str) -> list[str]:
    """Split text into lines keeping their endings; only CRLF, CR and LF end a line.

    `str.splitlines` also splits on U+2028, form feed, U+001C… which appear inside real
    posts and must stay inside their line. Plain string splitting is used (not a regular
    expression) because it stays fast on a 50 MB line.
    """
    if not text:
        return []
    pieces = text.split("\n")
    last = len(pieces) - 1
    if "\r" not in text:
        lines = [piece + "\n" for piece in pieces[:last]]
        if pieces[last]:
            lines.append(pieces[last])
        return lines
    lines = []
    for index, piece in enumerate(pieces):
        newline = "\n" if index < last else ""
        if "\r" in piece:
            parts = piece.split("\r")
            lines.extend(part + "\r" for part in parts[:-1])
            if not parts[-1] and newline:
                lines[-1] += "\n"
                continue
            piece = parts[-1]
        if piece or newline:
            lines.append(piece + newline)
    return lines


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, ending included, found lazily: cheap when only the first
    lines are needed (the front matter of a 50 MB post)."""
    size = len(text)
    pos = 0
    next_lf = text.find("\n")
    next_cr = text.find("\r")
    while pos < size:
        if 0 <= next_lf < pos:
            next_lf = text.find("\n", pos)
        if 0 <= next_cr < pos:
            next_cr = text.find("\r", pos)
        breaks = [x for x in (next_lf, next_cr) if x >= 0]
        if not breaks:
            yield pos, size
            return
        end = min(breaks) + 1
        if text[end - 1] == "\r" and text.startswith("\n", end):
            end += 1
        yield pos, end
        pos = end


def line_ending(line: str) -> str:
    """The ending of one line from `split_lines` ("" for a last line without one)."""
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\r", "\n")):
        return line[-1]
    return ""


def strip_ending(line: str) -> str:
    """A line from `split_lines` without its ending."""
    return line[: len(line) - len(line_ending(line))]


def dominant_ending(lines: list[str], default: str = "\n") -> str:
    """The most common line ending (ties go to the first seen) for lines we add."""
    counts = Counter(e for e in (line_ending(x) for x in lines) if e)
    if not counts:
        return default
    best = max(counts.values())
    for line in lines:
        ending = line_ending(line)
        if ending and counts[ending] == best:
            return ending
    return default


def dominant_ending_of(text: str, default: str = "\n") -> str:
    """`dominant_ending` for a whole text, counted without splitting it into lines."""
    if "\r" not in text:  # the usual case, and a keystroke's in a long post: one scan
        return "\n" if "\n" in text else default
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    best = max(counts.values())
    if best == 0:
        return default
    tied = [e for e, n in counts.items() if n == best]
    if len(tied) == 1:
        return tied[0]
    return min(tied, key=lambda e: _first_alone(text, e))


def _first_alone(text: str, ending: str) -> int:
    if ending == "\r\n":
        return text.find("\r\n")
    pos = text.find(ending)
    while pos >= 0:
        other = "\n" if ending == "\r" else "\r"
        neighbour = pos + 1 if ending == "\r" else pos - 1
        if not (0 <= neighbour < len(text) and text[neighbour] == other):
            return pos
        pos = text.find(ending, pos + 1)
    return len(text)


def normalise_newlines(text: str) -> str:
    """Every CRLF and lone CR turned into LF, for editors that expect "\\n" only."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def keep_endings(old_lines: list[str], new_text: str, ending: str) -> list[str]:
    """Lines of `new_text`; unchanged (and edited-in-place) lines keep their own endings.

    The common head and tail are matched first, so that a single edit never lets the
    matcher pair a blank line with the wrong one; the middle is matched with difflib.
    """
    new_parts = split_lines(new_text)
    new_content = [strip_ending(x) for x in new_parts]
    old_content = [strip_ending(x) for x in old_lines]
    head = 0
    limit = min(len(old_content), len(new_content))
    while head < limit and old_content[head] == new_content[head]:
        head += 1
    tail = 0
    while tail < limit - head and old_content[-1 - tail] == new_content[-1 - tail]:
        tail += 1
    pairs: list[int | None] = list(range(head))
    matcher = difflib.SequenceMatcher(
        None,
        old_content[head : len(old_content) - tail],
        new_content[head : len(new_content) - tail],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            paired = tag in ("equal", "replace") and i1 + offset < i2
            pairs.append(head + i1 + offset if paired else None)
    pairs.extend(range(len(old_content) - tail, len(old_content)))
    result = []
    for j, old_index in enumerate(pairs):
        own = line_ending(old_lines[old_index]) if old_index is not None else ""
        has_end = bool(line_ending(new_parts[j]))
        result.append(new_content[j] + ((own or ending) if has_end else ""))
    _unmerge(result, 0, len(result))
    return result


def _unmerge(lines: list[str], start: int, stop: int) -> None:
    """A lone CR followed by an empty LF line would read back as one CRLF: use CR for both."""
    index = max(start, 1)
    while index < len(lines):
        merges = lines[index] == "\n" and line_ending(lines[index - 1]) == "\r"
        if merges:
            lines[index] = "\r"
        elif index >= stop:
            return
        index += 1


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, compared a block at a time (fast on 1 MB texts)."""
    limit = min(len(a), len(b))
    pos, block = 0, 4096
    while pos < limit:
        end = min(pos + block, limit)
        if a[pos:end] != b[pos:end]:
            while pos < end and a[pos] == b[pos]:
                pos += 1
            return pos
        pos = end
    return limit


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit`."""
    count, block = 0, 4096
    while count < limit:
        step = min(block, limit - count)
        if a[len(a) - count - step : len(a) - count] != b[len(b) - count - step : len(b) - count]:
            while count < limit and a[len(a) - count - 1] == b[len(b) - count - 1]:
                count += 1
            return count
        count += step
    return limit


def common_edit(old: str, new: str) -> tuple[int, int, str]:
    """The smallest single replacement turning ``old`` into ``new``: (start, old_end, text).

    Compares in blocks first so a 1 MB text costs well under a millisecond per keystroke.
    """
    start = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - start)
    return start, len(old) - suffix, new[start : len(new) - suffix]


def splice_lines(old_lines: list[str], old_text: str, new_text: str, ending: str) -> list[str]:
    """`keep_endings` for a whole body, fast when one spot changed (a keystroke in 1 MB).

    `old_text` is `old_lines` joined with every ending as "\n"; `new_text` uses "\n" only.
    Whole unchanged lines before and after the edited region are reused as they are; only
    the lines in between are matched with `keep_endings`.
    """
    prefix, old_end, _ = common_edit(old_text, new_text)
    suffix = len(old_text) - old_end
    head = old_text.rfind("\n", 0, prefix) + 1
    tail_old = len(old_text)
    found = old_text.find("\n", len(old_text) - suffix - 1) if suffix else -1
    while found != -1:
        candidate = found + 1
        start_new = len(new_text) - (len(old_text) - candidate)
        if start_new <= head or new_text[start_new - 1] == "\n":
            tail_old = max(candidate, head)
            break
        found = old_text.find("\n", candidate)
    tail_chars = len(old_text) - tail_old
    head_count = old_text.count("\n", 0, head)
    tail_count = old_text.count("\n", tail_old) + (
        1 if tail_old < len(old_text) and not old_text.endswith("\n") else 0
    )
    middle_old = old_lines[head_count : len(old_lines) - tail_count]
    middle_new = new_text[head : len(new_text) - tail_chars]
    middle = keep_endings(middle_old, middle_new, ending)
    result = old_lines[:head_count] + middle + old_lines[len(old_lines) - tail_count :]
    _unmerge(result, head_count, head_count + len(middle) + 1)
    return result
