"""Counts in the window's and the CLI's sentences: "1 post", "2 posts", never "1 posts" or
"post(s)"."""

from __future__ import annotations


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """``count_of(1, "post")`` → ``1 post``; ``count_of(2_000, "post")`` → ``2,000 posts``."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n:,} {word}"
