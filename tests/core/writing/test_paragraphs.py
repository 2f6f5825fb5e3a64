"""Paragraphs found one at a time equal one split; matches blanked one at a time equal sub."""

from __future__ import annotations

import gc
import re

from hypothesis import given
from hypothesis import strategies as st

from editor.core.writing.counting import _LIQUID_BLOCK, _TEX_DISPLAY, Counter, count
from editor.core.writing.outline import Outline, headings
from editor.core.writing.paragraphs import blank_matches, paragraphs, word_total

TEXTS = st.text(alphabet="ab\n #`{%}\\-=", max_size=60)


@given(TEXTS)
def test_paragraphs_are_the_split_at_blank_lines(text: str):
    assert list(paragraphs(text)) == text.split("\n\n")


def test_paragraphs_edge_cases():
    for text in ["", "\n", "\n\n", "\n\n\n", "a\n\n\nb", "\n\n\n\na", "a\n\n"]:
        assert list(paragraphs(text)) == text.split("\n\n"), repr(text)


@given(TEXTS)
def test_blanked_matches_are_the_sub(text: str):
    for pattern in (re.compile(r"b+"), re.compile(r"\{%.*?%\}", re.DOTALL)):
        assert blank_matches(pattern, text) == pattern.sub(" ", text)


def test_liquid_and_tex_blocks_blanked_as_sub_did():
    text = "a {% raw %}\n\nx\n\n{% endraw %} b \\begin{eq}\n\ny\\end{eq} c {% highlight %}"
    assert blank_matches(_LIQUID_BLOCK, text) == _LIQUID_BLOCK.sub(" ", text)
    assert blank_matches(_TEX_DISPLAY, text) == _TEX_DISPLAY.sub(" ", text)


def test_counts_and_outline_with_pauses_equal_one_pass():
    part = "## Title {i}\n\nWords and more words {i}.\n\n```\n# not {i}\n\nstill code\n```\n\n"
    text = "".join(part.format(i=i) for i in range(300))
    pauses: list[int] = []
    assert Counter().count(text, lambda: pauses.append(1)) == count(text)
    assert Outline().headings(text, lambda: pauses.append(2)) == headings(text)
    assert pauses.count(1) >= len(text.split("\n\n")) // 16 - 1
    assert pauses.count(2) >= len(text.split("\n\n")) // 16 - 1


def test_the_outline_keeps_nothing_the_garbage_collector_walks_per_paragraph():
    text = "".join(f"Paragraph {i} with words.\n\n## Heading {i}\n\n" for i in range(2000))
    outline = Outline()
    gc.collect()
    before = len(gc.get_objects())
    found = outline.headings(text)
    for _ in range(3):  # a tuple of strings and numbers is let go by the collector (one level
        gc.collect()  # of nesting per pass)
    # The headings themselves (2,000) and a few objects; not one per paragraph (4,001).
    assert len(found) == 2000
    assert len(gc.get_objects()) - before < 2000 + 100


# Every kind of whitespace str.split() splits at, and characters that are not whitespace.
WORDY = st.text(
    alphabet=st.sampled_from(
        list("ab\u00e9\U0001f469 \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\u200b")
    ),
    max_size=80,
)


@given(WORDY, st.integers(min_value=1, max_value=9))
def test_words_counted_piece_by_piece_are_the_split(text: str, piece: int):
    assert word_total(text, piece) == len(text.split())


def test_words_of_a_long_text_with_a_long_run_without_spaces():
    text = ("word " * 50_000) + "x" * 200_000 + " end"
    assert word_total(text) == len(text.split()) == 50_002
