"""Quick open's ranking: prefixes and whole words first, scattered letters last."""

from __future__ import annotations

from editor.core.site.fuzzy import Candidate, FuzzyIndex


def names(index: FuzzyIndex, query: str) -> list[str]:
    return [c.key for _, c in index.match(query)]


POSTS = FuzzyIndex(
    [
        Candidate("walk", "A walk in the hills", "2024-05-18-a-walk-in-the-hills.md"),
        Candidate("walker", "Sidewalkers", "2020-01-01-sidewalkers.md"),
        Candidate("notes", "Notes on code", "2023-11-02-notes-on-code.markdown"),
        Candidate("wl", "Why languages matter", "2019-02-02-why-languages.md"),
        Candidate("rust", "Rust 1.0", "2015-05-15-Rust-1.0.md"),
    ]
)


def test_word_start_beats_inside_a_word() -> None:
    assert names(POSTS, "walk")[:2] == ["walk", "walker"]


def test_scattered_letters_match_in_order_only() -> None:
    assert names(POSTS, "wlkhil") == ["walk"]
    assert names(POSTS, "lkaw") == []


def test_several_words_must_all_match_and_file_names_count() -> None:
    assert names(POSTS, "notes code") == ["notes"]
    assert names(POSTS, "2015") == ["rust"]
    assert names(POSTS, "markdown") == ["notes"]


def test_case_and_empty_query() -> None:
    assert names(POSTS, "RUST")[0] == "rust"
    assert len(POSTS.match("")) == 5


def test_prefix_of_title_beats_a_match_further_on() -> None:
    index = FuzzyIndex(
        [
            Candidate("late", "Thoughts on python packaging", "b.md"),
            Candidate("early", "Python packaging", "a.md"),
        ]
    )
    assert names(index, "pyth pack") == ["early", "late"]
