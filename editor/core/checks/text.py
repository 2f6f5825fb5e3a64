"""Text rules: mojibake, control characters, U+FFFD, unbalanced Liquid blocks.

Mojibake is found span by span: a run of characters that Windows-1252 or Latin-1 can hold
(what UTF-8 bytes turn into when read with the wrong encoding) is handed to ftfy, and only a
run ftfy changes is reported and replaced. Curly quotes, accents and everything else on the
line stay as they are.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

from editor.core.checks.model import ERROR, WARNING, Finding, Fix, LineEdit, PostView


def _byte_table() -> dict[str, int]:
    """Each character a stray UTF-8 byte can turn into (Windows-1252 or Latin-1) → the byte."""
    table = {chr(b): b for b in range(0x80, 0x100)}
    for b in range(0x80, 0xA0):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            continue
    return table


_BYTES = _byte_table()
_RUN = re.compile("[" + re.escape("".join(sorted(_BYTES))) + "]+")
_UTF8_SEQUENCE = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+"
)
_CODE_SPAN = re.compile(r"(`+)(?!`).{1,2000}?(?<!`)\1(?!`)")


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []


def mojibake_repairs(text: str, *, skip_code: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, repaired) for each garbled span of one line; [] when there is none.

    A span is garbled when its characters, taken back to the bytes they stand for, are valid
    UTF-8 and ftfy judges them mojibake; ftfy's repair then replaces that span alone.
    """
    if text.isascii():
        return []
    code = _code_spans(text) if skip_code else []
    candidates: list[tuple[int, int, str, bool]] = []
    for run in _RUN.finditer(text):
        if len(run.group()) < 2 or any(a <= run.start() < b for a, b in code):
            continue
        data = bytes(_BYTES[ch] for ch in run.group())
        for found in _UTF8_SEQUENCE.finditer(data):
            start, end = run.start() + found.start(), run.start() + found.end()
            span = text[start:end]
            try:
                decoded = found.group().decode("utf-8")
            except UnicodeDecodeError:  # overlong forms and surrogates are not text
                continue
            fixed, sure = _ftfy_verdict(span)
            candidates.append((start, end, fixed if fixed != span else decoded, sure))
    # A line is decoded wrongly as a whole: once one span is surely garbled, so are the
    # others that read as UTF-8 into Latin, Greek or Cyrillic letters or common punctuation
    # (ftfy alone leaves a lone "Ã¥" alone, as it may be meant).
    if not any(sure for *_, sure in candidates):
        return []
    return [(a, b, fixed) for a, b, fixed, sure in candidates if sure or _plausible(fixed)]


def _ftfy_verdict(span: str) -> tuple[str, bool]:
    """ftfy's repair of a span and whether it judges the span garbled. Imported on first use:
    ftfy takes about 0.1 s to load, which the window's start-up should not pay."""
    import ftfy
    from ftfy.badness import is_bad

    fixed = ftfy.fix_encoding(span)
    return fixed, fixed != span or is_bad(span)


def _plausible(text: str) -> bool:
    return all(ord(ch) < 0x0530 or 0x2000 <= ord(ch) <= 0x20CF for ch in text)


def _apply(text: str, repairs: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(repairs, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _lines(view: PostView) -> Iterator[tuple[int, str, bool]]:
    for number, text in view.fm_lines():
        yield number, text, False
    for number, text in view.body_lines():
        yield number, text, True


def check_mojibake(view: PostView) -> Iterator[Finding]:
    for number, text, in_body in _lines(view):
        repairs = mojibake_repairs(text, skip_code=in_body)
        if not repairs:
            continue
        new = _apply(text, repairs)
        pairs = ", ".join(f"“{text[a:b]}” → “{fixed}”" for a, b, fixed in repairs[:3])
        more = f" and {len(repairs) - 3} more" if len(repairs) > 3 else ""
        yield Finding(
            view.path,
            number,
            WARNING,
            "mojibake",
            f"Garbled characters: {pairs}{more} (text saved as UTF-8 and read back as "
            "Windows-1252, as often happens when posts are imported).",
            Fix(f"Repair {pairs}{more}", (LineEdit(number, text, new),)),
            column=repairs[0][0] + 1,
        )


def _control_chars(text: str) -> list[int]:
    return [
        i
        for i, ch in enumerate(text)
        if ch != "\t" and unicodedata.category(ch) == "Cc" and ch not in "\n\r"
    ]


def check_control_characters(view: PostView) -> Iterator[Finding]:
    for number, text, in_body in _lines(view):
        if text.isprintable() and "\ufffd" not in text:
            continue
        garbled = {i for a, b, _ in mojibake_repairs(text, skip_code=in_body) for i in range(a, b)}
        found = [i for i in _control_chars(text) if i not in garbled]
        if found:
            names = sorted({f"U+{ord(text[i]):04X}" for i in found})
            new = "".join(ch for i, ch in enumerate(text) if i not in set(found))
            yield Finding(
                view.path,
                number,
                WARNING,
                "control-character",
                f"Invisible control character{'s' if len(found) > 1 else ''} "
                f"({', '.join(names)}): usually pasted by accident; readers may see a box.",
                Fix(f"Remove {', '.join(names)}", (LineEdit(number, text, new),)),
                column=found[0] + 1,
            )
        if "\ufffd" in text:
            yield Finding(
                view.path,
                number,
                WARNING,
                "replacement-character",
                "“\ufffd” marks a character lost when this text was converted; put back the "
                "character that was meant.",
                column=text.index("\ufffd") + 1,
            )


_TAG_CONTENT = re.compile(r"-?\s*(\w+)(.*?)-?", re.DOTALL)
_MAX_TAG = 2000
_BLOCKS = {"if", "unless", "case", "for", "capture", "tablerow", "highlight", "comment", "raw"}
_VERBATIM = {"raw", "comment"}
_END_VERBATIM = {name: re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}") for name in _VERBATIM}


def liquid_tags(body: str) -> Iterator[tuple[str, str, int, int]]:
    """(name, arguments, start, end) of each Liquid tag Jekyll runs, ``raw`` and ``comment``
    contents skipped; a verbatim block never closed ends the scan with (name, "", start, -1).

    Each ``{%`` is paired with the next ``%}`` found by bisection over their positions, so
    a post full of unclosed tags costs one pass, not one pass per tag.
    """
    closers = [m.start() for m in re.finditer(r"%\}", body)]
    pos = 0
    while True:
        start = body.find("{%", pos)
        if start < 0:
            return
        index = bisect.bisect_left(closers, start + 2)
        if index == len(closers):
            return
        close = closers[index]
        pos = close + 2
        if (start > 0 and body[start - 1] == "{") or close - start > _MAX_TAG:
            pos = start + 2
            continue
        match = _TAG_CONTENT.fullmatch(body, start + 2, close)
        if match is None:
            continue
        name = match.group(1)
        if name in _VERBATIM:
            end = _END_VERBATIM[name].search(body, pos)
            if end is None:
                yield name, "", start, -1
                return
            pos = end.end()
            continue
        yield name, match.group(2), start, pos


def check_liquid(view: PostView) -> Iterator[Finding]:
    """Jekyll stops the whole build on a block left open; so do we, with the line."""
    body = view.document.body
    if "{%" not in body:
        return

    stack: list[tuple[str, int]] = []
    for name, _args, start, end in liquid_tags(body):
        if end < 0:
            yield _liquid(view, view.body_line_of(start), name, "never closed")
            return
        if name in _BLOCKS:
            stack.append((name, start))
        elif name.startswith("end") and name[3:] in _BLOCKS:
            opened = name[3:]
            if stack and stack[-1][0] == opened:
                stack.pop()
            elif any(n == opened for n, _ in stack):
                while stack[-1][0] != opened:
                    inner, offset = stack.pop()
                    yield _liquid(view, view.body_line_of(offset), inner, "closed too late")
                stack.pop()
            else:
                yield Finding(
                    view.path,
                    view.body_line_of(start),
                    ERROR,
                    "liquid-unbalanced",
                    f"“{{% {name} %}}” closes a “{{% {opened} %}}” that was never opened; "
                    "Jekyll will refuse to build the site.",
                )
    for name, offset in stack:
        yield _liquid(view, view.body_line_of(offset), name, "never closed")


def _liquid(view: PostView, line: int, name: str, how: str) -> Finding:
    return Finding(
        view.path,
        line,
        ERROR,
        "liquid-unbalanced",
        f"“{{% {name} %}}” is {how}: add “{{% end{name} %}}” where it should end; Jekyll "
        "will refuse to build the site.",
    )
