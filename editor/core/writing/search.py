"""Find and replace in the source text: literal, whole-word or regular-expression matches."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    text: str
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False


class QueryError(ValueError):
    """The query is not a valid regular expression; the message says why."""


def compile_query(query: Query) -> re.Pattern[str] | None:
    """The pattern for ``query``, or None for an empty query. Raises QueryError."""
    if not query.text:
        return None
    source = query.text if query.regex else re.escape(query.text)
    if query.whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = re.MULTILINE if query.match_case else re.MULTILINE | re.IGNORECASE
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise QueryError(str(exc)) from None


def find_all(text: str, query: Query, limit: int = 100_000) -> list[tuple[int, int]]:
    """Every non-empty match as (start, end), at most ``limit`` of them."""
    pattern = compile_query(query)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            found.append((match.start(), match.end()))
            if len(found) >= limit:
                break
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


def replacement_for(text: str, span: tuple[int, int], query: Query, replacement: str) -> str:
    """What one match becomes: groups like ``\\1`` expand when the query is a regex."""
    if not query.regex:
        return replacement
    pattern = compile_query(query)
    assert pattern is not None
    match = pattern.match(text, span[0])
    if match is None or match.end() != span[1]:
        return replacement
    try:
        return match.expand(replacement)
    except (re.error, IndexError) as exc:
        raise QueryError(str(exc)) from None


def replace_all(text: str, query: Query, replacement: str) -> tuple[str, int]:
    """The text with every match replaced, and how many were."""
    pattern = compile_query(query)
    if pattern is None:
        return text, 0
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        if match.end() == match.start():
            return match.group(0)
        count += 1
        return match.expand(replacement) if query.regex else replacement

    try:
        return pattern.sub(one, text), count
    except (re.error, IndexError) as exc:
        raise QueryError(str(exc)) from None
