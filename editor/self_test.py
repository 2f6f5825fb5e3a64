"""``post-editor --self-test``: are the parts that read data files of their own present?

For packagers (``make bundle-smoke``, a Flatpak or distribution build): a frozen or repackaged
program can start, open its window and render a plain post while a library's data file was
left behind, and the loss shows only when a writer types a formula, an emoji or a misspelled
word. Each probe below goes through the editor's own code path (the function the preview or
the checks call) and prints one ``ok``/``FAIL`` line; the exit status is 1 when any failed.
Not listed in ``--help``: writers have no use for it.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable

OPTION = "--self-test"


def spelling() -> str:
    """pyspellchecker's English dictionary (a .json.gz file of its package) loads and knows
    common words; a misspelling gets the expected suggestion."""
    from spellchecker import SpellChecker

    from editor.ui.spell_check import available_languages

    languages = available_languages()
    if "en" not in languages:
        raise AssertionError(f"no English dictionary among {sorted(languages) or 'none'}")
    checker = SpellChecker(language="en")
    words = checker.word_frequency.dictionary
    unknown = [w for w in ("here", "know", "parade", "unprecedented") if w not in words]
    if unknown:
        raise AssertionError(f"the dictionary lacks {unknown}")
    if "receive" not in (checker.candidates("recieve") or set()):
        raise AssertionError("no suggestion 'receive' for 'recieve'")
    return f"{len(words)} English words; dictionaries: {', '.join(sorted(languages))}"


def math() -> str:
    """latex2mathml's symbol table (unimathsymbols.txt) is read on the first conversion."""
    from editor.core.render.mathml import math_html

    mathml = html.unescape(
        math_html(r"\frac{1}{2} \sum_{i=1}^{n} \alpha_i \leq \infty", display=True)
    )
    for part in ("<mfrac>", "∑", "α", "≤", "∞"):
        if part not in mathml:
            raise AssertionError(f"{part} missing from {mathml[:200]}")
    return "TeX to MathML with symbols"


def emoji() -> str:
    """The emoji package's name list (unicode_codes/emoji.json), GitHub's aliases included."""
    from editor.core.render.emoji_codes import emoji_for

    found = {name: emoji_for(name) for name in ("smile", "tada", "+1")}
    if found != {"smile": "😄", "tada": "🎉", "+1": "👍"}:
        raise AssertionError(f"shortcodes read as {found}")
    return "shortcodes to emoji"


def mojibake() -> str:
    """ftfy judges and repairs the mojibake of imported posts (the check's rule)."""
    from editor.core.checks.text import mojibake_repairs

    text = "Hereâ€™s what you need to know"
    repairs = mojibake_repairs(text)
    if [(text[s:e], new) for s, e, new in repairs] != [("â€™", "’")]:
        raise AssertionError(f"repairs {repairs}")
    return "ftfy repairs â€™ to ’"


def liquid() -> str:
    """python-liquid and the site's filters evaluate a template."""
    from editor.core.render.liquid.engine import render_liquid

    page = {"title": "Notes", "date": "2024-05-18"}
    result = render_liquid(
        ["{{ page.title | upcase }} {{ page.date | date: '%B' }}"],
        site=None,
        page=page,
        stash=lambda text: text,
    )
    if result.lines != ["NOTES May"] or result.errors:
        raise AssertionError(f"rendered {result.lines}, errors {result.errors}")
    return "templates and filters"


def highlighting() -> str:
    """Pygments finds its lexers by name (modules it imports on demand) and colours code."""
    from pygments.lexers.special import TextLexer

    from editor.core.render.highlight import code_html, lexer_for

    missing = [
        lang
        for lang in ("python", "ruby", "yaml", "javascript", "liquid", "shell", "go")
        if isinstance(lexer_for(lang), TextLexer)
    ]
    if missing:
        raise AssertionError(f"no lexer for {missing}")
    if '<span class="k">def</span>' not in code_html("def f():\n    pass\n", "python"):
        raise AssertionError("Python code is not coloured")
    return "lexers found, code coloured"


def sanitising() -> str:
    """nh3 (a compiled extension) removes scripts and keeps MathML."""
    from editor.core.render.sanitize import sanitize

    clean = sanitize('<p onclick="x()">a<script>x()</script></p><math><mi>x</mi></math>')
    if "script" in clean or "onclick" in clean or "<mi>x</mi>" not in clean:
        raise AssertionError(clean)
    return "scripts removed, MathML kept"


def readme() -> str:
    """The README, the manual Help → About opens, comes with this installation."""
    from editor.core import identity

    text = identity.readme_text()
    if text is None:
        raise AssertionError("no README in this installation")
    headings = {identity.heading_anchor(line.lstrip("#")) for line in text.splitlines()}
    missing = [a for _, a in identity.README_SECTIONS if a not in headings]
    if missing:
        raise AssertionError(f"the README lacks the sections {missing}")
    return f"{len(text) // 1024} KiB, with the sections About links to"


PROBES: dict[str, Callable[[], str]] = {
    "spelling": spelling,
    "math": math,
    "emoji": emoji,
    "mojibake": mojibake,
    "liquid": liquid,
    "highlighting": highlighting,
    "sanitising": sanitising,
    "readme": readme,
}


def main() -> int:
    failed = 0
    for name, probe in PROBES.items():
        try:
            detail = probe()
        except Exception as exc:  # any failure of a probe is the finding, reported as text
            failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {name}: {detail}")
    sys.stdout.flush()
    return 1 if failed else 0
