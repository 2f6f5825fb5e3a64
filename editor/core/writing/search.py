"""Find and replace in the source text: literal, whole-word or regular-expression matches.

A regular expression the writer types may backtrack for ever (``(a+)+$`` on a long line of
a's). Such patterns run on the ``regex`` module, which can stop a search after a time budget
(:class:`SearchTooLong`) and lets other threads run while it matches; plain text is found
with ``re``, whose cost is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Query:
    text: str
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False


class QueryError(ValueError):
    """The query is not a valid regular expression; the message says why."""


def _regex() -> Any:
    """The ``regex`` module, imported on the first regular-expression search (an except
    clause names it only once an error is raised): the window's start does not need it."""
    import regex

    return regex


class SearchTooLong(Exception):
    """The pattern took longer than its budget on this text (nothing was found or changed)."""

    def __str__(self) -> str:
        return "The pattern took too long"


def compile_query(query: Query) -> Any | None:
    """The pattern for ``query`` (``re`` for plain text, ``regex`` for a regular expression),
    or None for an empty query. Raises QueryError."""
    if not query.text:
        return None
    source = query.text if query.regex else re.escape(query.text)
    if query.whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = re.MULTILINE if query.match_case else re.MULTILINE | re.IGNORECASE
    try:
        if query.regex:
            return _regex().compile(source, int(flags))
        return re.compile(source, flags)
    except (re.error, _regex().error) as exc:
        raise QueryError(str(exc)) from None


def _matches(pattern: Any, text: str, budget: float | None) -> Any:
    """The pattern's matches in ``text``; a ``regex`` pattern stops after ``budget`` seconds
    (the whole iteration) and frees the interpreter for other threads while it matches."""
    if isinstance(pattern, re.Pattern):
        return pattern.finditer(text)
    return pattern.finditer(text, concurrent=True, timeout=budget)


def find_all(
    text: str, query: Query, limit: int = 100_000, *, budget: float | None = None
) -> list[tuple[int, int]]:
    """Every non-empty match as (start, end), at most ``limit`` of them.

    Raises SearchTooLong when a regular expression takes more than ``budget`` seconds."""
    pattern = compile_query(query)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    try:
        for match in _matches(pattern, text, budget):
            if match.end() > match.start():
                found.append((match.start(), match.end()))
                if len(found) >= limit:
                    break
    except TimeoutError:
        raise SearchTooLong from None
    return found


def replacements(
    text: str, query: Query, replacement: str, *, budget: float | None = None
) -> list[tuple[int, int, str]]:
    """Every non-empty match as (start, end, what it becomes), found in one pass.

    All or nothing: raises QueryError (a bad group in ``replacement``) or SearchTooLong (over
    ``budget`` seconds) before anything could be changed."""
    pattern = compile_query(query)
    if pattern is None:
        return []
    found: list[tuple[int, int, str]] = []
    try:
        for match in _matches(pattern, text, budget):
            if match.end() > match.start():
                new = match.expand(replacement) if query.regex else replacement
                found.append((match.start(), match.end(), new))
    except TimeoutError:
        raise SearchTooLong from None
    except (re.error, _regex().error, IndexError) as exc:
        raise QueryError(str(exc)) from None
    return found


def next_match(
    matches: list[tuple[int, int]], position: int, *, backward: bool = False
) -> tuple[int, int] | None:
    """The match after ``position`` (before it when ``backward``), wrapping around the text."""
    if not matches:
        return None
    if backward:
        before = [m for m in matches if m[1] <= position]
        return before[-1] if before else matches[-1]
    for match in matches:
        if match[0] >= position:
            return match
    return matches[0]


def replacement_for(
    text: str,
    span: tuple[int, int],
    query: Query,
    replacement: str,
    *,
    budget: float | None = None,
) -> str:
    """What one match becomes: groups like ``\\1`` expand when the query is a regex."""
    if not query.regex:
        return replacement
    pattern = compile_query(query)
    assert pattern is not None
    try:
        match = pattern.match(text, span[0], concurrent=True, timeout=budget)
    except TimeoutError:
        raise SearchTooLong from None
    if match is None or match.end() != span[1]:
        return replacement
    try:
        return str(match.expand(replacement))
    except (re.error, _regex().error, IndexError) as exc:
        raise QueryError(str(exc)) from None


def replace_all(
    text: str, query: Query, replacement: str, *, budget: float | None = None
) -> tuple[str, int]:
    """The text with every match replaced, and how many were (all or nothing)."""
    parts: list[str] = []
    pos = 0
    found = replacements(text, query, replacement, budget=budget)
    for start, end, new in found:
        parts += [text[pos:start], new]
        pos = end
    parts.append(text[pos:])
    return "".join(parts), len(found)
