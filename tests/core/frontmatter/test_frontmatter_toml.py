"""TOML (`+++`) front matter: unchanged bytes, single-line edits, tables, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from editor.core.frontmatter import FrontMatterEditError, PostDocument

TEXT = (
    "+++\n"
    'path = "2015/05/15/Rust-1.0"\n'
    "title = 'Announcing Rust 1.0'   # the headline\n"
    'date = "2019-03-05"\n'
    'authors = ["The Rust Core Team"]\n'
    "aliases = [\n"
    '    "2015/05/15/Rust-1.0.html",\n'
    '    "releases/1.0.0",\n'
    "]\n"
    "\n"
    "[extra]\n"
    "release = true\n"
    "+++\n"
    "Body\n"
)


def test_unchanged_and_metadata() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.fm_format == "toml" and document.error is None
    assert document.text() == TEXT
    assert document.metadata["extra"] == {"release": True}
    assert document.keys() == ["path", "title", "date", "authors", "aliases", "extra"]
    assert document.raw_value("title") == "'Announcing Rust 1.0'   # the headline"


def test_set_changes_only_that_line_in_its_style() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.set("title", 'Rust "2"')
    assert document.text() == TEXT.replace(
        "title = 'Announcing Rust 1.0'   # the headline",
        "title = 'Rust \"2\"'   # the headline",
    )
    assert document.set("title", "it's")
    assert 'title = "it\'s"   # the headline\n' in document.text()
    assert not document.set("title", "it's")


def test_multi_line_array_keeps_its_layout() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.set("aliases", ["a", "b"])
    assert 'aliases = [\n    "a",\n    "b",\n]\n\n[extra]' in document.text()
    assert document.get("aliases") == ["a", "b"]


def test_string_date_stays_a_string() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.set("date", dt.date(2020, 1, 2))
    assert 'date = "2020-01-02"\n' in document.text()


def test_native_datetime_keeps_spelling() -> None:
    document = PostDocument.from_text("+++\ndate = 2020-01-01T10:00:00Z\n+++\n")
    assert document.set("date", dt.datetime(2021, 2, 3, 4, 5, 6, tzinfo=dt.UTC))
    assert document.text() == "+++\ndate = 2021-02-03T04:05:06Z\n+++\n"


def test_new_key_goes_before_tables_and_remove_restores() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.set("draft", True)
    assert 'releases/1.0.0",\n]\ndraft = true\n\n[extra]' in document.text()
    assert document.unset("draft")
    assert document.text() == TEXT


def test_set_path_inside_a_table() -> None:
    document = PostDocument.from_text(TEXT)
    assert document.set_path(("extra", "release"), False)
    assert document.text() == TEXT.replace("release = true", "release = false")
    assert document.set_path(("extra", "team"), "core")
    assert document.text().endswith('release = false\nteam = "core"\n+++\nBody\n')


def test_table_key_cannot_be_replaced_wholesale() -> None:
    document = PostDocument.from_text(TEXT)
    with pytest.raises(FrontMatterEditError):
        document.set("extra", {"x": 1})
    with pytest.raises(FrontMatterEditError):
        document.set("title", None)
    assert document.text() == TEXT


def test_invalid_toml_opens_with_location() -> None:
    text = "+++\ntitle = 'x'\ndate = \n+++\nBody\n"
    document = PostDocument.from_text(text)
    assert document.error is not None and document.error.line == 3
    assert document.metadata == {}
    assert document.set_body("New\n")
    assert document.text() == "+++\ntitle = 'x'\ndate = \n+++\nNew\n"


def test_oversized_toml_is_kept_but_not_loaded() -> None:
    text = "+++\n" + "".join(f"key{i} = {i}\n" for i in range(4000)) + "+++\nBody\n"
    document = PostDocument.from_text(text)
    assert document.error is not None and "too large" in document.error.message
    assert document.text() == text


def test_unset_a_table_removes_its_section_only() -> None:
    text = "+++\ntitle = 'x'\n\n[extra]\nteam = 'a'\n\n[extra.more]\nn = 1\n\n[other]\nk = 2\n+++\n"
    document = PostDocument.from_text(text)
    assert document.unset("extra")
    assert document.text() == "+++\ntitle = 'x'\n\n\n[other]\nk = 2\n+++\n"
    assert document.metadata == {"title": "x", "other": {"k": 2}}
