"""The real posts in ../shared (never copied into the project): paths and a skip marker."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS_DIR = SHARED_DIR / "corpus" / "posts"
SEED_DIR = SHARED_DIR / "seed"


def corpus_posts() -> list[Path]:
    """The real posts in ../shared/corpus/posts, or [] when that folder is absent."""
    if not CORPUS_DIR.is_dir():
        return []
    return sorted(p for p in CORPUS_DIR.iterdir() if p.is_file())


requires_corpus = pytest.mark.skipif(
    not CORPUS_DIR.is_dir(),
    reason="the real-post corpus ../shared/corpus/posts is absent (it is not part of a clone)",
)
