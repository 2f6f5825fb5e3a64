"""Which words of a line the spell checker looks at, and the word lists it trusts.

Only prose is checked: inline code, URLs, e-mail addresses, Liquid tags, HTML tags and
entities, link and image targets, reference definitions, kramdown attribute lists and emoji
shortcodes (``:tada:``) are left out, as are words with digits, all-capital acronyms and
single letters. Fenced code and front matter are the caller's to skip (they span lines).
"""

from __future__ import annotations

import locale
import logging
import re
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

SITE_WORDS_FILE = ".post-editor-words.txt"

_SKIP = re.compile(
    r"`+[^`]*`+"  # inline code
    r"|\{%.*?%\}|\{\{.*?\}\}"  # Liquid
    r"|\b(?:https?|ftp|file|mailto):\S+|\bwww\.\S+"  # URLs
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses
    r"|\]\([^)]*\)|\]\[[^\]]*\]"  # link and image targets
    r"|^ {0,3}\[(?!\^)[^\]]+\]:.*$|^ {0,3}\[\^[^\]]+\]:"  # reference definitions; a
    # footnote's label only (its text is prose)
    r"|\{:[^}]*\}|\{#[^}]*\}"  # kramdown attribute lists
    r"|</?[A-Za-z][^>]*>|<!--.*?(?:-->|$)"  # HTML
    r"|&#?\w+;"  # entities
    r"|(?<!\w):[a-z0-9_+-]+:(?!\w)"  # emoji shortcodes (:tada:, :+1:)
    r"|\$\$.*?(?:\$\$|$)|\\\(.*?\\\)|\\[A-Za-z]+"  # maths and TeX commands
    r"|(?:\w+/)+\w+(?:\.\w+)?|\b\w+\.(?:md|png|jpe?g|gif|svg|html|css|js|py|yml)\b"  # paths
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
# How far up is_indented_code looks for the list item a line belongs to (non-blank lines).
LOOK_UP_LINES = 50


def _indent(line: str) -> int:
    expanded = line[:64].expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _content_column(line: str) -> int | None:
    """Where a list item's text starts (its marker's width plus 1-4 spaces); None if no item."""
    match = _LIST_ITEM.match(line[:64].expandtabs(4))
    if match is None:
        return None
    spaces = len(match.group(3))
    return match.end(2) + (spaces if 1 <= spaces <= 4 else 1)


def is_indented_code(line: str, above: Iterable[str], *, above_is_code: bool | None = None) -> bool:
    """Whether ``line`` belongs to an indented code block, given the lines above it (nearest
    first): indented 4 columns past the text of the list item it sits in (or past the margin
    outside lists), after a blank line or more code, as Markdown reads it. So YAML or shell
    lines starting with ``-``, ``*`` or ``>`` in a code block of a list item are code, while a
    nested list item or a paragraph of an item is prose. ``above_is_code`` says whether the
    line right above is code, when the caller knows (else its indent decides)."""
    indent = _indent(line)
    if indent < 4 or not line.strip():
        return False
    adjacent: int | None = None  # the indent of the line right above, when it is not blank
    base = 0  # the text column of the list item the line belongs to
    first = True
    seen = 0
    for prior in above:
        if not prior.strip():
            first = False
            continue
        prior_indent = _indent(prior)
        if first:
            adjacent = prior_indent
            first = False
        if prior_indent < indent:
            column = _content_column(prior)
            if column is not None:
                base = column
                break
            if prior_indent == 0:
                break
        seen += 1
        if seen >= LOOK_UP_LINES:
            break
    if indent < base + 4:
        return False
    # Right under a paragraph line, an indented line continues the paragraph.
    if adjacent is None:
        return True
    return above_is_code if above_is_code is not None else adjacent >= base + 4


def words_to_check(line: str, *, in_code: bool | None = None) -> list[tuple[int, int, str]]:
    """The (start, end, word) spans of ``line`` that spelling looks at.

    ``in_code`` says whether the line is code (the caller knows its context, see
    :func:`is_indented_code`); None guesses from the line alone."""
    if in_code is None:
        in_code = line.startswith(("    ", "\t")) and not line.lstrip().startswith(
            ("-", "*", "+", ">")
        )
    if in_code:
        return []
    skipped: list[tuple[int, int]] = [m.span() for m in _SKIP.finditer(line)]
    found: list[tuple[int, int, str]] = []
    skip_index = 0
    for match in _WORD.finditer(line):
        start, end = match.span()
        while skip_index < len(skipped) and skipped[skip_index][1] <= start:
            skip_index += 1
        if skip_index < len(skipped) and skipped[skip_index][0] < end:
            continue
        word = match.group(0)
        if len(word) < 2 or (word.isupper() and len(word) <= 6):
            continue
        # Mixed case (macOS, WordPress, camelCase): a name or an identifier, not a word.
        if any(char.isupper() for char in word[1:]) and not word.isupper():
            continue
        # Joined to digits or underscores (v2beta, snake_case): an identifier, not a word.
        before = line[start - 1] if start else ""
        after = line[end] if end < len(line) else ""
        if before.isdigit() or after.isdigit() or "_" in (before, after):
            continue
        if before in ("#", "@"):  # a hashtag or a handle
            continue
        found.append((start, end, word))
    return found


# British and Commonwealth spellings the English dictionary (American) lacks: the American
# form is looked up instead (colour, organise, centre, analyse, travelled, catalogue, defence).
_BRITISH = [
    (re.compile(r"our(s|ed|ing|ite|ites|able|ful|less|hood)?$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s|d)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"^(def|lic|off|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
]


# Everyday words of bloggers and of the web that the English dictionary lacks (it would mark
# "app", "emoji", "screenshot" and "etc" in every other post).
_EXTRA_ENGLISH_WORDS = """
    etc emoji emojis usernames app apps podcasts screenshot screenshots smartphone smartphones
    wifi url urls api apis css html json yaml toml github gitlab wordpress macos npm pypi repo
    repos config configs changelog todo todos inbox timestamp timestamps metadata workflow
    workflows dropdown checkbox checkboxes tooltip tooltips navbar favicon localhost backend
    frontend devops webhook webhooks vlog vlogs selfie selfies livestream hashtag hashtags
    retweet unfollow permalink permalinks pageview pageviews subreddit gif gifs png jpeg jpg
    svg pdf pdfs ebook ebooks frontmatter kramdown netlify rss blogroll tagline signup logout
    walkthrough codebase dataset datasets hardcoded subfolder subfolders filename filenames
"""
EXTRA_ENGLISH = frozenset(_EXTRA_ENGLISH_WORDS.split())


def american_forms(key: str) -> list[str]:
    """The American spellings ``key`` (lower case) may be the British form of."""
    forms = []
    for pattern, american in _BRITISH:
        form = pattern.sub(american, key, count=1)
        if form != key:
            forms.append(form)
    return forms


def normalise(word: str) -> str:
    return word.replace("’", "'").lower()


def language_code(*candidates: object) -> str:
    """The first usable two-letter language among ``candidates`` (the post's ``lang``, the
    site's, ...), then the system locale's, else English."""
    for candidate in (*candidates, _system_language()):
        if isinstance(candidate, str) and candidate.strip():
            code = re.split(r"[-_.@]", candidate.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return "en"


def _system_language() -> str:
    try:
        return locale.getlocale()[0] or ""
    except ValueError:
        return ""


def read_word_list(path: Path) -> set[str]:
    """Words of a list file, one a line; ``#`` starts a comment. Missing file: empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read the word list %s: %s", path, exc)
        return set()
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def add_to_word_list(path: Path, words: Iterable[str]) -> None:
    """Append words to a list file (created with its folder when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for word in words:
            handle.write(word + "\n")
