"""The YAML rows of RELIABILITY.md's bad-input table: every one opens, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.frontmatter import FrontMatterEditError, PostDocument
from editor.core.post import Post
from tests.support.timing import cpu_seconds

_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def timed_load(text: str) -> PostDocument:
    def load() -> PostDocument:
        document = PostDocument.from_text(text)
        _ = document.metadata, document.warnings, document.body
        return document

    document, seconds = cpu_seconds(load)
    assert seconds < 1.0
    return document


def assert_kept_and_body_editable(text: str, document: PostDocument) -> None:
    assert document.text() == text
    assert document.metadata == {}
    assert document.error is not None and document.error.message
    front = text[: len(text) - len(document.body)] if document.body else text
    assert document.set_body(document.body + "added line\n")
    assert document.text().startswith(front)
    assert document.text().endswith("added line\n")
    assert "{}" not in document.text()


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ("---\ntitle: x\nno closing line\n", "never closed", 1),
        ("---\n- a\n- b\n---\nbody\n", "a list", 2),
        ("---\njust a sentence\n---\nbody\n", "single value", 2),
        ("---\ntitle: [a, b\nlayout: post\n---\nbody\n", "expected", 3),
        ("---\ntitle: x\n  bad: indent\n---\nbody\n", "mapping values", 3),
        ("---\ntitle: 'open\n---\nbody\n", "quoted scalar", 3),
    ],
)
def test_unusable_front_matter_opens_with_located_error(text: str, needle: str, line: int) -> None:
    document = timed_load(text)
    assert needle in document.error.message
    assert document.error.line == line
    assert document.error.column is not None and document.error.column >= 1
    assert_kept_and_body_editable(text, document)


def test_dots_terminator_is_front_matter() -> None:
    text = "---\ntitle: Dots\n...\nbody\n"
    document = timed_load(text)
    assert document.error is None and document.metadata == {"title": "Dots"}
    assert document.set("title", "New")
    assert document.text() == "---\ntitle: New\n...\nbody\n"


def test_python_object_tag_is_rejected_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\nbody\n'
    path = tmp_path / "post.md"
    path.write_text(text)
    post = Post.load(path)
    assert not marker.exists()
    assert "unsafe" in post.document.error.message
    assert post.document.error.line == 2
    with pytest.raises(FrontMatterEditError):
        post.document.set("title", "x")
    post.save()
    assert path.read_text() == text
    assert_kept_and_body_editable(text, post.document)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("---\n" + _BOMB + "---\nbody\n", "alias bomb"),
        ("---\nx: " + "[" * 1000 + "]" * 1000 + "\n---\nbody\n", "nested"),
        ("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(1000)) + "---\nbody\n", ""),
        ("---\nx: &a [*a]\n---\nbody\n", "recursive"),
        ("---\ntitle: " + "x" * 50_000_000 + "\n---\nbody\n", "too large"),
    ],
)
def test_hostile_front_matter_is_rejected_within_a_second(text: str, needle: str) -> None:
    document = timed_load(text)
    assert document.error is not None
    assert needle in document.error.message
    assert document.to_bytes() == text.encode()


def test_fifty_megabyte_line_in_the_body_is_fine() -> None:
    text = "---\ntitle: x\n---\n" + "y" * 50_000_000 + "\n"
    document = timed_load(text)
    assert document.error is None and document.metadata == {"title": "x"}
    assert document.to_bytes() == text.encode()


def test_duplicate_keys_warn_and_keep_text() -> None:
    text = "---\ntitle: first\ntitle: second\n---\n"
    document = timed_load(text)
    assert document.metadata == {"title": "second"}
    assert any(w.key == "title" and "more than once" in w.message for w in document.warnings)
    assert document.text() == text


@pytest.mark.parametrize(
    ("line", "read_as", "needle"),
    [
        ("a: no", False, "boolean False"),
        ("a: on", True, "boolean True"),
        ("a: 0755", 493, "493"),
        ("a: 1:20", 80, "80"),
        ("a: 1.10", 1.1, "1.1"),
        ("a: Hash #1", "Hash", "comment"),
        ("a: a #b", "a", "comment"),
    ],
)
def test_yaml_11_traps_are_kept_as_typed_and_explained(
    line: str, read_as: object, needle: str
) -> None:
    text = f"---\n{line}\n---\nbody\n"
    document = timed_load(text)
    assert document.get("a") == read_as
    assert [w.key for w in document.warnings] == ["a"]
    assert needle in document.warnings[0].message
    assert document.set_body("new body\n")
    assert document.text() == f"---\n{line}\n---\nnew body\n"


@pytest.mark.parametrize(
    "line",
    [
        "date: 2011-06-28T16:08:57Z",
        "date: 2015-10-26 15:37:30 -0700",
        "date: 2010-01-10 13:07:09 +00:00",
        "date: 2019-12-01T21:57:40+08:00",
        "date: 2010-01-10",
        "date: '2019-11-12'",
    ],
)
def test_dates_are_kept_exactly_as_typed(line: str) -> None:
    text = f"---\ntitle: x\n{line}\n---\n"
    document = timed_load(text)
    assert document.set("title", "y")
    assert document.text() == f"---\ntitle: y\n{line}\n---\n"
    assert document.raw_value("date") == line.split(": ", 1)[1]


@pytest.mark.parametrize(
    "value",
    ["non\u00a0breaking", "emoji 👩‍💻", "sep\u2028line", "\u05e9\u05dc\u05d5\u05dd rtl", "\ufeffx"],
)
def test_unusual_characters_in_keys_and_values_round_trip(value: str, tmp_path: Path) -> None:
    document = PostDocument.from_text("---\ntitle: x\n---\nbody\n")
    assert document.set("title", value)
    assert document.set(value.strip("\ufeff") + " key", value)
    path = tmp_path / "post.md"
    path.write_bytes(document.to_bytes())
    reread = Post.load(path).document
    assert reread.error is None
    assert reread.get("title") == value
    assert reread.get(value.strip("\ufeff") + " key") == value


def test_thousands_of_duplicate_keys_load_within_a_second_with_one_warning() -> None:
    text = "---\n" + "".join(f"title: t{i}\n" for i in range(2500)) + "---\nbody\n"
    document = timed_load(text)
    assert document.error is None
    assert document.get("title") == "t2499"
    assert [w.key for w in document.warnings] == ["title"]


def test_front_matter_over_the_size_cap_is_kept_but_not_loaded() -> None:
    text = "---\n" + "".join(f"key{i}: value {i}\n" for i in range(3000)) + "---\nbody\n"
    document = timed_load(text)
    assert document.error is not None and "too large" in document.error.message
    assert document.to_bytes() == text.encode()
    assert document.set_body("edited\n")
    assert document.text().endswith("---\nedited\n")
