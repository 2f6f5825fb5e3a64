"""Minimal-diff front-matter edits: only the key's lines change, in the file's own style."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from editor.core.frontmatter import FrontMatterEditError, PostDocument, codecs
from editor.core.frontmatter import document as document_module

UTC = dt.UTC


def edited(text: str, key: str, value: Any) -> str:
    document = PostDocument.from_text(text)
    assert document.set(key, value)
    assert document.get(key) == value
    assert PostDocument.from_text(document.text()).get(key) == value
    return document.text()


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ("title: Old", "New words", "title: New words"),
        ("title: 'Old'", "New words", "title: 'New words'"),
        ('title: "Old"', "New words", 'title: "New words"'),
        ("title:  Old", "New", "title:  New"),
        ("title: Old  # keep me", "New", "title: New  # keep me"),
        ("title: 'Old'", "it's", "title: 'it''s'"),
        ('title: "Old"', 'say "hi"', 'title: "say \\"hi\\""'),
        ("title: Old", 'Edited: a "quoted" title #1', "title: 'Edited: a \"quoted\" title #1'"),
        ("title: Old", "tab\there", 'title: "tab\\there"'),
        ("title: Old", "line\u2028sep", 'title: "line\\Lsep"'),
    ],
)
def test_scalar_keeps_quote_style(line: str, value: str, expected: str) -> None:
    text = f"---\nlayout: post\n{line}\ndraft: true\n---\nbody\n"
    assert (
        edited(text, "title", value) == f"---\nlayout: post\n{expected}\ndraft: true\n---\nbody\n"
    )


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "on",
        "yes",
        "off",
        "y",
        "NO",
        "0755",
        "1:20",
        "1.10",
        "Hash #1",
        "a: b",
        "trailing:",
        "*star",
        "&amp",
        "!bang",
        "%pct",
        "@at",
        "`tick",
        "|pipe",
        ">gt",
        "- dash",
        "[x]",
        "{y}",
        "",
        " lead",
        "trail ",
        "null",
        "~",
        "Null",
        "true",
        "12",
        "3.5",
        "1e3",
        "2020-01-01",
        "2020-01-01 10:00:00",
        "---",
        "...",
        "#hash",
        "'single",
        '"double',
        "?",
        "? q",
        "caf\u00e9\u00a0nbsp",
        "\ufeffbom",
        "emoji 😀",
        "rtl \u05e9\u05dc\u05d5\u05dd",
        "a\nb",
        "x\r\ny",
        "ends\n",
        "\x85nel",
        "0x1F",
        "+1",
        ".inf",
        "=",
        "<<",
    ],
)
def test_values_yaml_would_misread_read_back_exactly(value: str) -> None:
    for line in ("title: Old", "title: 'Old'", 'title: "Old"'):
        text = f"---\n{line}\nother: 1\n---\n"
        result = edited(text, "title", value)
        assert result.endswith("other: 1\n---\n")


def test_flow_list_stays_flow_and_keeps_item_spelling() -> None:
    text = '---\ntags: ["a", b]\nx: 1\n---\n'
    assert edited(text, "tags", ["a", "b", "c d"]) == '---\ntags: ["a", b, "c d"]\nx: 1\n---\n'


@pytest.mark.parametrize("dash", ["- ", "  - ", "    -   "])
def test_block_list_keeps_indentation_and_dash_style(dash: str) -> None:
    text = f"---\ntags:\n{dash}one\n{dash}two\nx: 1\n---\n"
    expected = f'---\ntags:\n{dash}one\n{dash}three\n{dash}"no"\nx: 1\n---\n'
    assert edited(text, "tags", ["one", "three", "no"]) == expected


def test_empty_list_and_back() -> None:
    text = "---\ntags:\n  - a\nx: 1\n---\n"
    assert edited(text, "tags", []) == "---\ntags: []\nx: 1\n---\n"


def test_literal_and_folded_block_scalars() -> None:
    text = "---\ndesc: >\n  old folded\n  text\nlit: |\n    one\n    two\nx: 1\n---\n"
    out = edited(text, "desc", "new text\n")
    assert out.startswith("---\ndesc: >\n  new text\nlit: |\n")
    out = edited(text, "lit", "alpha\nbeta\n")
    assert out.endswith("lit: |\n    alpha\n    beta\nx: 1\n---\n")
    out = edited(text, "lit", "no final newline")
    assert "lit: |-\n    no final newline\nx: 1" in out


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        (
            "date: 2011-06-28T16:08:57Z",
            dt.datetime(2012, 1, 2, 3, 4, 5, tzinfo=UTC),
            "date: 2012-01-02T03:04:05Z",
        ),
        (
            "date: 2011-06-28 16:08:57 +00:00",
            dt.datetime(2012, 1, 2, 3, 4, 5, tzinfo=UTC),
            "date: 2012-01-02 03:04:05 +00:00",
        ),
        ("date: 2010-01-10", dt.date(2011, 2, 3), "date: 2011-02-03"),
        (
            "date: 2010-01-10 13:07:09",
            dt.datetime(2011, 2, 3, 4, 5, 6),
            "date: 2011-02-03 04:05:06",
        ),
        (
            "date: 2019-12-01T21:57:40+08:00",
            dt.datetime(2020, 1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            "date: 2020-01-01T01:00:00+08:00",
        ),
    ],
)
def test_dates_keep_their_spelling(line: str, value: dt.date, expected: str) -> None:
    assert edited(f"---\n{line}\n---\n", "date", value) == f"---\n{expected}\n---\n"


def test_string_dates_stay_strings_in_their_spelling() -> None:
    document = PostDocument.from_text(
        "---\ndate: '2019-11-12'\nd2: 2015-10-26 15:37:30 -0700\n---\n"
    )
    assert document.set("date", dt.date(2020, 5, 6))
    assert document.set(
        "d2", dt.datetime(2016, 1, 2, 3, 4, 5, tzinfo=dt.timezone(-dt.timedelta(hours=7)))
    )
    assert document.text() == "---\ndate: '2020-05-06'\nd2: 2016-01-02 03:04:05 -0700\n---\n"
    assert document.get("date") == "2020-05-06"


def test_new_key_appended_in_file_style() -> None:
    text = "---\r\ntitle: x\r\ntags:\r\n  - a\r\n\r\n# trailing comment\r\n---\r\nbody\r\n"
    document = PostDocument.from_text(text)
    assert document.set("categories", ["b", "c"])
    assert document.set("when", dt.date(2020, 1, 2))
    assert document.text() == (
        "---\r\ntitle: x\r\ntags:\r\n  - a\r\ncategories:\r\n  - b\r\n  - c\r\n"
        "when: 2020-01-02\r\n\r\n# trailing comment\r\n---\r\nbody\r\n"
    )


def test_new_key_follows_flow_list_convention() -> None:
    text = "---\ntags: [a]\ncats: [b]\n---\n"
    assert edited(text, "series", ["x y"]) == "---\ntags: [a]\ncats: [b]\nseries: [x y]\n---\n"


def test_unset_removes_only_its_lines_and_keeps_comments() -> None:
    text = "---\ntitle: x\n# about tags\ntags:\n  - a\n  - b\n# about layout\nlayout: post\n---\n"
    document = PostDocument.from_text(text)
    assert document.unset("tags")
    assert document.text() == "---\ntitle: x\n# about tags\n# about layout\nlayout: post\n---\n"
    assert not document.unset("tags")


def test_add_then_remove_restores_bytes() -> None:
    for text in ("---\ntitle: x\n---\nb\n", "---\n---\n", "plain\r\n", "---\na: 1\n\n---\n"):
        document = PostDocument.from_text(text)
        assert document.set("zz", "v")
        assert document.unset("zz")
        assert document.text() == text


def test_setting_same_value_changes_nothing() -> None:
    text = "---\ntitle:   'x'\ntags: [a,b]\nn: 1\nwhen: 2020-01-01\n---\n"
    document = PostDocument.from_text(text)
    assert not document.set("title", "x")
    assert not document.set("tags", ["a", "b"])
    assert not document.set("when", dt.date(2020, 1, 1))
    assert not document.set("n", 1)
    assert document.set("n", True)
    assert document.get("n") is True


def test_set_then_back_restores_bytes() -> None:
    for line in (
        "title: Some title",
        "title: 'Some title'",
        'title: "Some title"',
        "title:   Some title   # note",
    ):
        text = f"---\n{line}\n---\n"
        document = PostDocument.from_text(text)
        assert document.set("title", "Edited title")
        assert document.set("title", "Some title")
        assert document.text() == text


def test_set_path_edits_only_the_nested_line() -> None:
    text = "---\nheader:\n  image: /a.png\n  teaser: /t.png\ntitle: x\n---\n"
    document = PostDocument.from_text(text)
    assert document.set_path(("header", "image"), "/b.png")
    assert document.text() == "---\nheader:\n  image: /b.png\n  teaser: /t.png\ntitle: x\n---\n"
    assert document.set_path(("header", "caption"), "Photo: me")
    assert document.text() == (
        '---\nheader:\n  image: /b.png\n  teaser: /t.png\n  caption: "Photo: me"\ntitle: x\n---\n'
    )
    assert not document.set_path(("header", "image"), "/b.png")


def test_set_path_creates_missing_parent() -> None:
    document = PostDocument.from_text("---\ntitle: x\n---\n")
    assert document.set_path(("header", "image"), "/a.png")
    assert document.text() == "---\ntitle: x\nheader:\n  image: /a.png\n---\n"
    assert document.metadata == {"title": "x", "header": {"image": "/a.png"}}


def test_no_front_matter_added_unless_a_key_is_set() -> None:
    document = PostDocument.from_text("Just text\r\n")
    assert document.set_body("Just text\nmore\n")
    assert document.fm_format is None
    assert document.set("title", "T")
    assert document.text() == "---\r\ntitle: T\r\n---\r\nJust text\r\nmore\r\n"


def test_empty_front_matter_stays_and_never_becomes_braces() -> None:
    document = PostDocument.from_text("---\n---\nbody\n")
    assert document.metadata == {} and document.error is None
    assert document.set("a", 1)
    assert document.unset("a")
    assert document.text() == "---\n---\nbody\n"
    assert "{}" not in document.text()


def test_edit_refused_on_broken_front_matter_leaves_text() -> None:
    text = "---\ntitle: [oops\n---\nbody\n"
    document = PostDocument.from_text(text)
    assert document.error is not None
    with pytest.raises(FrontMatterEditError):
        document.set("title", "x")
    with pytest.raises(FrontMatterEditError):
        document.unset("title")
    assert document.text() == text


def test_unsupported_value_is_refused_and_text_unchanged() -> None:
    text = "---\ntitle: x\n---\n"
    document = PostDocument.from_text(text)
    with pytest.raises(FrontMatterEditError):
        document.set("title", object())
    with pytest.raises(FrontMatterEditError):
        document.set_path((), "x")
    assert document.text() == text


def test_nested_values_and_lists_of_mappings_read_back() -> None:
    value = {"image": "/a.png", "srcset": {"1060w": "/b.jpg"}, "tags": ["no", 1]}
    out = edited("---\ntitle: x\n---\n", "image", value)
    assert out.startswith("---\ntitle: x\nimage:\n  image: /a.png\n")
    edited("---\ntitle: x\n---\n", "resources", [{"name": "a", "src": "b.png"}])
    edited("---\ntitle: x\nresources:\n- name: x\n---\n", "resources", [{"name": "y"}])


def test_flow_mapping_stays_flow() -> None:
    text = "---\nheader: {image: a.png, teaser: 'b'}\nx: 1\n---\n"
    document = PostDocument.from_text(text)
    assert document.set_path(("header", "image"), "c.png")
    assert document.text() == "---\nheader: {image: c.png, teaser: 'b'}\nx: 1\n---\n"
    assert document.set_path(("header", "caption"), "a: b")
    assert document.get("header") == {"image": "c.png", "teaser": "b", "caption": "a: b"}
    assert document.text().startswith("---\nheader: {image: c.png, teaser: 'b', caption: ")


def test_keep_chomping_block_scalar_is_replaced_whole() -> None:
    text = "---\nlit: |+\n  keep\n\n---\nbody\n"
    document = PostDocument.from_text(text)
    assert document.get("lit") == "keep\n\n"
    assert document.set("lit", "new\n\n")
    assert document.get("lit") == "new\n\n"
    assert document.text() == '---\nlit: "new\\n\\n"\n---\nbody\n'
    fresh = PostDocument.from_text(text)
    assert fresh.set("lit", "keep\n")
    assert fresh.text() == "---\nlit: |\n  keep\n---\nbody\n"


def test_block_mapping_value_replaced_by_scalar_and_back() -> None:
    text = "---\nimage: \n  path: /a.jpg\n  srcset:\n    1060w: /b.jpg\nx: 1\n---\n"
    document = PostDocument.from_text(text)
    assert document.set_path(("image", "srcset", "1060w"), "/c.jpg")
    assert document.text() == text.replace("/b.jpg", "/c.jpg")
    assert document.set("image", "/plain.jpg")
    assert document.text() == "---\nimage: /plain.jpg\nx: 1\n---\n"


def test_aliased_value_is_not_silently_changed_elsewhere() -> None:
    text = "---\nbase: &b\n  a: 1\nother: *b\n---\n"
    document = PostDocument.from_text(text)
    with pytest.raises(FrontMatterEditError, match="read back"):
        document.set_path(("base", "a"), 2)
    assert document.text() == text


def test_multi_line_plain_and_next_line_values_are_replaced_whole() -> None:
    document = PostDocument.from_text(
        "---\ndesc: a long\n  continued\ntitle:\n  Next line\nz: 1\n---\n"
    )
    assert document.set("desc", "short")
    assert document.set("title", "New")
    assert document.text() == "---\ndesc: short\ntitle: New\nz: 1\n---\n"


def test_comment_on_the_key_line_survives() -> None:
    document = PostDocument.from_text("---\ntags:  # none yet\ncats: # c\n  - a\n---\n")
    assert document.set("tags", ["x"])
    assert document.set("cats", "s")
    assert document.text() == "---\ntags:  # none yet\n  - x\ncats: s # c\n---\n"


def test_value_set_back_after_a_type_change_restores_the_lines_as_loaded() -> None:
    text = '---\ntitle: "Quoted"  # note\ntags:\n    -   a\ndate: 2020-01-01T10:00:00Z\n---\n'
    document = PostDocument.from_text(text)
    for key, other in (("title", ["x"]), ("tags", "plain"), ("date", 42)):
        original = document.get(key)
        assert document.set(key, other)
        assert document.set(key, original)
        assert document.text() == text


def test_toml_value_set_back_restores_the_line_as_loaded() -> None:
    text = "+++\ntitle = 'Lit'  # c\ntags = [\n  \"a\",\n]\n+++\n"
    document = PostDocument.from_text(text)
    assert document.set("tags", "flat")
    assert document.set("title", 3)
    assert document.set("tags", ["a"])
    assert document.set("title", "Lit")
    assert document.text() == text


def test_failed_first_key_leaves_a_plain_post_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    document = PostDocument.from_text("Body only\n")
    with pytest.raises(FrontMatterEditError):
        document.set("when", object())
    # Every read-back check fails: the edit is refused and the created block removed.
    for module in (document_module, codecs):
        monkeypatch.setattr(module, "same_value", lambda a, b: False)
    with pytest.raises(FrontMatterEditError, match="read back"):
        document.set("title", "x")
    assert document.text() == "Body only\n"
    assert document.fm_format is None


def test_intermediate_values_do_not_leave_their_quotes_behind():
    """A form writes on every keystroke; "A " needs quotes, "A walk" does not."""
    doc = PostDocument.from_text("---\ntitle: Old\ntags: [a]\n---\nBody\n")
    for typed in ("A", "A ", "A w", "A walk "):
        doc.set("title", typed)
    doc.set("title", "A walk")
    assert doc.text() == "---\ntitle: A walk\ntags: [a]\n---\nBody\n"


def test_quotes_the_file_had_are_kept_through_intermediate_values():
    doc = PostDocument.from_text("---\ntitle: 'Old'\n---\n")
    for typed in ("N", "N: ", "New"):
        doc.set("title", typed)
    assert doc.text() == "---\ntitle: 'New'\n---\n"


def test_reading_the_body_does_not_split_it_until_an_edit(monkeypatch):
    from editor.core.frontmatter import document as document_module

    splits: list[int] = []
    real = document_module.split_lines
    body = "first\r\nsecond\r\n"

    def split_lines(text: str) -> list[str]:
        splits.extend([1] if text == body or "first\nnew" in text else [])
        return real(text)

    monkeypatch.setattr(document_module, "split_lines", split_lines)
    doc = document_module.PostDocument.from_text("---\ntitle: A\n---\n" + body)
    assert doc.body == "first\nsecond\n"
    assert splits == []  # opening a long post need not split its body into lines
    assert doc.set_body("first\nnew\nsecond\n")
    assert splits == [1]
    assert doc.text().endswith("first\r\nnew\r\nsecond\r\n")  # the endings kept
