"""Decoding and encoding keep every byte: BOMs, UTF-16, line endings; bad bytes are refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.textio import (
    TextDecodeError,
    TextFormat,
    common_edit,
    decode_bytes,
    dominant_ending,
    dominant_ending_of,
    encode_text,
    keep_endings,
    line_spans,
    normalise_newlines,
    splice_lines,
    split_lines,
)


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (b"---\ntitle: x\n---\n", "utf-8", False),
        (b"\xef\xbb\xbf---\r\ntitle: x\r\n", "utf-8", True),
        ("---\r\ntitle: é\r\n".encode("utf-16-le"), "utf-16-le", False),
        (b"\xff\xfe" + "---\r\ntitle: é\r\n".encode("utf-16-le"), "utf-16-le", True),
        (b"\xfe\xff" + "---\ntitle: 😀\n".encode("utf-16-be"), "utf-16-be", True),
    ],
)
def test_decode_encode_round_trip(data: bytes, encoding: str, bom: bool) -> None:
    if encoding.startswith("utf-16") and not bom:
        with pytest.raises(TextDecodeError, match="UTF-16"):
            decode_bytes(data)
        return
    text, fmt = decode_bytes(data)
    assert fmt == TextFormat(encoding, bom)
    assert not text.startswith("\ufeff")
    assert encode_text(text, fmt) == data


def test_no_newline_translation() -> None:
    data = "a\r\nb\rc\nd\u2028e\x0cf\x1cg\u0085h".encode()
    text, fmt = decode_bytes(data)
    assert text == data.decode("utf-8")
    assert encode_text(text, fmt) == data


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ("café".encode("latin-1"), "Latin-1"),
        (b"ok\n\xff\xfe\xfd", "line 2"),
        (b"\xff\xfe\x00\x00a\x00\x00\x00", "UTF-32"),
        (b"\xff\xfe" + b"\x00\xd8a\x00", "UTF-16"),
    ],
)
def test_undecodable_bytes_are_refused_with_a_clear_message(data: bytes, needle: str) -> None:
    with pytest.raises(TextDecodeError, match=needle):
        decode_bytes(data)


def test_decode_error_never_yields_replacement_characters() -> None:
    with pytest.raises(TextDecodeError) as info:
        decode_bytes(b"title: caf\xe9\n")
    assert "0xE9" in str(info.value)


def test_unencodable_text_raises_instead_of_writing_garbage() -> None:
    with pytest.raises(TextDecodeError):
        encode_text("lone \ud800 surrogate", TextFormat("utf-8", False))


def test_split_lines_only_on_cr_lf() -> None:
    text = "a\u2028b\x0cc\x1cd\x85e\r\nf\rg\nh"
    assert split_lines(text) == ["a\u2028b\x0cc\x1cd\x85e\r\n", "f\r", "g\n", "h"]
    assert "".join(split_lines(text)) == text
    assert split_lines("") == []
    assert split_lines("\n\n") == ["\n", "\n"]
    assert split_lines("\r\r\n") == ["\r", "\r\n"]


def test_dominant_ending_and_normalise() -> None:
    assert dominant_ending(["a\r\n", "b\r\n", "c\n"]) == "\r\n"
    assert dominant_ending(["a\r", "b\n"]) == "\r"
    assert dominant_ending(["no ending"]) == "\n"
    assert normalise_newlines("a\r\nb\rc\nd\u2028") == "a\nb\nc\nd\u2028"


def test_keep_endings_pairs_unchanged_and_edited_lines() -> None:
    old = ["a\r\n", "b\r", "c\n", "d"]
    assert keep_endings(old, "a\nb\nc\nd", "\n") == old
    assert keep_endings(old, "a\nB\nc\nd\ne\n", "\r\n") == ["a\r\n", "B\r", "c\n", "d\r\n", "e\r\n"]
    assert keep_endings(old, "c\n", "\n") == ["c\n"]
    assert keep_endings(["\n", "\r\n"], "X\n\n", "\n") == ["X\n", "\r\n"]


@pytest.mark.parametrize(
    "text", ["", "a\r\nb\nc\n", "a\rb\r\nc", "\r\n\n\r", "\n\r\n\r", "x\r\r\n\n", "no breaks"]
)
def test_dominant_ending_of_whole_text_agrees_with_line_count(text: str) -> None:
    assert dominant_ending_of(text) == dominant_ending(split_lines(text))


def test_line_spans_cover_the_text_like_split_lines() -> None:
    text = "a\r\nb\rc\n\u2028d\r"
    assert [text[s:e] for s, e in line_spans(text)] == split_lines(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text("ab\r\n", max_size=16),
    st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 3), st.text("ab\ny", max_size=3)), max_size=2
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_splice_lines_reads_back_and_never_merges_lines(
    old: str, edits: list[tuple[int, int, str]], ending: str
) -> None:
    lines = split_lines(old)
    old_text = normalise_newlines(old)
    new_text = old_text
    for at, length, insert in edits:
        at = min(at, len(new_text))
        new_text = new_text[:at] + insert + new_text[at + length :]
    result = splice_lines(lines, old_text, new_text, ending)
    joined = "".join(result)
    assert normalise_newlines(joined) == new_text
    assert split_lines(joined) == result
    if new_text == old_text:
        assert result == lines


def test_splice_lines_on_a_large_body_changes_one_line() -> None:
    lines = [f"line {i}\r\n" if i % 3 else f"line {i}\r" for i in range(20_000)]
    old_text = normalise_newlines("".join(lines))
    at = old_text.index("line 12345")
    new_text = old_text[:at] + "X" + old_text[at:]
    result = splice_lines(lines, old_text, new_text, "\n")
    assert [i for i, (a, b) in enumerate(zip(lines, result, strict=True)) if a != b] == [12345]
    assert result[12345] == "Xline 12345\r"


@given(st.text(max_size=40), st.text(max_size=40))
def test_common_edit_turns_old_into_new(old: str, new: str) -> None:
    start, end, text = common_edit(old, new)
    assert old[:start] + text + old[end:] == new


def test_common_edit_is_minimal_on_large_bodies() -> None:
    old = "x" * 100_000 + "middle" + "y" * 100_000
    new = "x" * 100_000 + "mid-dle" + "y" * 100_000
    assert common_edit(old, new) == (100_003, 100_003, "-")
