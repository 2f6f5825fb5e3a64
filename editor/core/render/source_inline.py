"""Running text in the source pass: Liquid evaluated and math marked, code spans and raw
blocks left as typed."""

from __future__ import annotations

import re

from editor.core.render.highlight import math_inline_html
from editor.core.render.liquid.env import (
    RAW_CLOSE_RE,
    RAW_OPEN_RE,
    LiquidEnv,
    Stash,
    strip_raw_tags,
)
from editor.core.render.source_scan import kramdown_unescape

INLINE_MATH_RE = re.compile(
    r"\$\$(?P<a>(?:(?!\$\$).)+?)\$\$"
    r"|\\\\\((?P<b>(?:(?!\\\\[()]).)+?)\\\\\)"
    r"|\\\((?P<c>(?:(?!\\[()]).)+?)\\\)"
    r"|\\\\\[(?P<d>(?:(?!\\\\[\[\]]).)+?)\\\\\]"
)
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def inline(text: str, env: LiquidEnv, stash: Stash) -> str:
    """Evaluate Liquid and mark math in running text, leaving code spans and raw alone."""
    if "{" not in text and "$$" not in text and "\\" not in text:
        return text
    out: list[str] = []
    pos = 0
    for match in CODE_SPAN_RE.finditer(text):
        out.append(inline_text(text[pos : match.start()], env, stash))
        out.append(strip_raw_tags(match.group(0)))
        pos = match.end()
    out.append(inline_text(text[pos:], env, stash))
    return "".join(out)


def inline_text(text: str, env: LiquidEnv, stash: Stash) -> str:
    out: list[str] = []
    while True:
        opened = RAW_OPEN_RE.search(text)
        closed = RAW_CLOSE_RE.search(text, opened.end()) if opened else None
        if not (opened and closed):
            out.append(math_and_liquid(strip_raw_tags(text), env, stash))
            return "".join(out)
        out.append(math_and_liquid(text[: opened.start()], env, stash))
        out.append(text[opened.end() : closed.start()])
        text = text[closed.end() :]


def math_and_liquid(text: str, env: LiquidEnv, stash: Stash) -> str:
    if not text:
        return text
    parts: list[str] = []
    pos = 0
    for match in INLINE_MATH_RE.finditer(text):
        parts.append(env.expand(text[pos : match.start()], stash))
        if match["a"] is not None:  # $$…$$ within text: inline, as kramdown reads it
            html_text = math_inline_html(match["a"])
        elif match["d"] is not None:  # \\[…\\]: displayed, in its paragraph
            html_text = math_inline_html(kramdown_unescape(match["d"]), True, strip=False)
        elif match["b"] is not None:
            html_text = math_inline_html(kramdown_unescape(match["b"]), strip=False)
        else:
            html_text = math_inline_html(match["c"], strip=False)
        parts.append(stash(html_text))
        pos = match.end()
    parts.append(env.expand(text[pos:], stash))
    return "".join(parts)
