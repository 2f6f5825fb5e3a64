"""TeX to MathML in the render worker, so the preview typesets math without any script.

kramdown hands math to MathJax as ``\\(…\\)`` and ``\\[…\\]``; the preview instead converts
each expression with latex2mathml (pure Python) and lets Chromium draw the MathML. Every
expression is converted once per process (an LRU cache): typing elsewhere in a post with
many formulas costs nothing. The TeX rides along as a MathML ``annotation``, for copying and
for comparisons. An expression that cannot be converted (a command latex2mathml does not know,
unbalanced braces) is shown as its TeX, marked as an error, never dropped.
"""

from __future__ import annotations

import html
import logging
import re
from functools import lru_cache

logger = logging.getLogger(__name__)

UNKNOWN_COMMAND_RE = re.compile(r"<mi>\\[A-Za-z]+</mi>|<mi>&</mi>")
# Environments latex2mathml lacks, written with one it has (same rows and alignment points).
ENV_ALIASES = {
    "aligned": "split",
    "alignat": "align",
    "alignat*": "align*",
    "gather": "gathered",
    "gather*": "gathered",
    "eqnarray": "align",
    "eqnarray*": "align*",
    "multline": "gathered",
    "multline*": "gathered",
}
ENV_RE = re.compile(r"\\(begin|end)\{(" + "|".join(re.escape(k) for k in ENV_ALIASES) + r")\}")
DROP_RE = re.compile(r"\\(?:label|nonumber|notag)(?:\{[^{}]*\})?")
ALIGNAT_ARG_RE = re.compile(r"(\\begin\{align\*?\})\{\d+\}")


def normalise_tex(tex: str) -> str:
    """TeX latex2mathml reads: aliased environments, no ``\\label``/``\\nonumber``."""
    tex = ENV_RE.sub(lambda m: f"\\{m.group(1)}{{{ENV_ALIASES[m.group(2)]}}}", tex)
    tex = ALIGNAT_ARG_RE.sub(r"\1", tex)
    return DROP_RE.sub("", tex)


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str | None:
    """The MathML of one expression, or None when it cannot be converted faithfully."""
    from latex2mathml.converter import convert

    try:
        mathml = convert(normalise_tex(tex), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds on bad input
        logger.debug("math not converted: %s: %s", tex, exc)
        return None
    if UNKNOWN_COMMAND_RE.search(mathml):
        return None
    return mathml


def with_annotation(mathml: str, tex: str) -> str:
    """The MathML with its TeX source as an ``annotation`` (Chromium draws the first child)."""
    head_end = mathml.index(">") + 1
    head = mathml[:head_end].replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")
    body = mathml[head_end : -len("</math>")]
    return (
        f'{head}<semantics>{body}<annotation encoding="application/x-tex">'
        f"{html.escape(tex)}</annotation></semantics></math>"
    )


def math_html(tex: str, display: bool, delimiters: tuple[str, str] | None = None) -> str:
    """One expression as MathML; on failure its TeX in a marked error span.

    ``delimiters`` are what the failed TeX is shown between (kramdown's ``\\(``/``\\[`` by
    default, as the site's MathJax would read them).
    """
    mathml = tex_to_mathml(tex, display)
    if mathml is not None:
        return with_annotation(mathml, tex)
    left, right = delimiters or (("\\[", "\\]") if display else ("\\(", "\\)"))
    kind = "pe-math-display" if display else "pe-math-inline"
    return (
        f'<span class="pe-math {kind} pe-math-error" '
        f'title="This math could not be typeset in the preview">'
        f"{html.escape(left + tex + right)}</span>"
    )
