"""Reading helpers of the source pass (``source.py``): gathering a Liquid tag's lines and a
block up to its closing tag, a fence's info string, math text as kramdown leaves it, and HTML
blocks whose children ask for Markdown. Plain functions over lines; no pass state."""

from __future__ import annotations

import re

from editor.core.render.highlight import math_inline_html

MAX_TAG_LINES = 20
MAX_SHORTCODE_LINES = 500


OPTION_PARSE_BLOCK_HTML_RE = re.compile(r"""parse_block_html=["']?(true|false)""", re.I)
HTML_BLOCK_OPEN_RE = re.compile(
    r"^( {0,3}<(?:div|section|article|aside|details|figure|header|footer|main|nav|blockquote"
    r"|center|dl|fieldset|form)\b)(?![^>]*\bmarkdown=)",
    re.IGNORECASE,
)


CHILD_MARKDOWN_RE = re.compile(r"""\bmarkdown=["']?(?:1|block|span)\b""")


def child_wants_markdown(lines: list[str], i: int) -> bool:
    """An HTML block (no ``markdown`` attribute) holding an element with ``markdown="1"``:
    kramdown reads the block's elements and that one's content as Markdown, which
    Python-Markdown does only inside a block that has the attribute itself."""
    opener = HTML_BLOCK_OPEN_RE.match(lines[i])
    if opener is None:
        return False
    tag = opener.group(1).lstrip(" <").lower()
    closer = "</" + tag
    for line in lines[i + 1 : i + 1 + MAX_SHORTCODE_LINES]:
        if CHILD_MARKDOWN_RE.search(line):
            return True
        if line.lstrip(" ").lower().startswith(closer) and len(line) - len(line.lstrip(" ")) <= 3:
            return False
    return False


def with_markdown_attribute(line: str) -> str:
    """An HTML block's opening tag marked ``markdown="1"``, so its content is Markdown."""
    return HTML_BLOCK_OPEN_RE.sub(r'\1 markdown="1"', line, count=1)


KRAMDOWN_ESCAPE_RE = re.compile(r"""\\([\\.*_+\-`()\[\]{}#!:|"'$=<>])""")


def kramdown_unescape(tex: str) -> str:
    """TeX written as ``\\\\(…\\\\)`` is text to kramdown, so its escapes apply (``\\_`` is
    ``_``) before the site's MathJax reads it; the preview converts what MathJax gets."""
    return KRAMDOWN_ESCAPE_RE.sub(r"\1", tex) if "\\" in tex else tex


def display_in_paragraph(tex: str) -> str:
    """Display math in a paragraph of its own, as kramdown leaves it for MathJax (the TeX
    as written: ``\\begin{…}`` blocks and ``\\\\[ … \\\\]``)."""
    return f"<p>{math_inline_html(tex, display=True, strip=False)}</p>"


def parse_info(info: str) -> tuple[str, bool]:
    """Language and line-number wish from a fence's info string (``python``, ``{.py linenums}``)."""
    info = info.strip()
    linenums = bool(re.search(r"\blinenums\b|\blinenos\b", info)) and not re.search(
        r"linenums\s*=\s*[\"']?(?:false|0)", info
    )
    if info.startswith("{"):
        cls = re.search(r"\.([\w+#-]+)", info)
        return (cls.group(1) if cls else ""), linenums
    word = re.match(r"[\w+#.-]+", info)
    return (word.group(0) if word else ""), linenums


def join_tag(lines: list[str], i: int) -> tuple[str, int]:
    """A Liquid tag spread over lines (``{%\\n highlight\\n ruby\\n%}``) as one logical line."""
    parts = [lines[i]]
    for j in range(i + 1, min(len(lines), i + MAX_TAG_LINES)):
        parts.append(lines[j].strip())
        if "%}" in lines[j]:
            return " ".join(parts), j - i + 1
    return lines[i], 1


def collect_until(
    first: str, lines: list[str], j: int, close_re: re.Pattern[str]
) -> tuple[str, int] | None:
    """Text up to a closing tag (maybe on the opening line) and the next line index.

    None when the tag is never closed: the caller decides whether that runs to the end.
    """
    close = close_re.search(first)
    if close:
        return first[: close.start()], j
    body = [first] if first.strip() else []
    while j < len(lines):
        close = close_re.search(lines[j])
        if close:
            if lines[j][: close.start()].strip():
                body.append(lines[j][: close.start()])
            return "\n".join(body), j + 1
        body.append(lines[j])
        j += 1
    return None
