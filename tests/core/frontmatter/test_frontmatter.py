"""PostDocument reading: splitting, formats, metadata, body, raw front-matter view."""

from __future__ import annotations

import datetime as dt

import pytest

from editor.core.frontmatter import FrontMatterEditError, PostDocument
from editor.core.textio import TextFormat


def doc(text: str) -> PostDocument:
    return PostDocument.from_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: x\n---\nbody\n",
        "---\r\ntitle: x\r\n---\r\nbody",
        "---  \ntitle: x\n---\n\n\nbody\n\n",
        "---\ntitle: x\n...\nbody\n",
        "---\n---\n",
        "---\ntitle: x\n---",
        "\n\n---\ntitle: x\n---\n",
        "no front matter\r\nat all",
        "",
        "+++\ntitle = 'x'\n+++\nbody\n",
        '{\n  "title": "x"\n}\nbody\n',
        "---\ntitle: x\rbody: y\r---\rbody\r",
    ],
)
def test_unchanged_document_gives_back_identical_text(text: str) -> None:
    document = doc(text)
    assert document.text() == text
    assert document.to_bytes() == text.encode()


def test_bom_is_kept_and_front_matter_found_after_it() -> None:
    data = b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n"
    document = PostDocument.from_bytes(data)
    assert document.fm_format == "yaml"
    assert document.metadata == {"title": "x"}
    assert document.format == TextFormat("utf-8", True)
    assert document.to_bytes() == data


def test_from_text_with_leading_feff_becomes_bom() -> None:
    document = PostDocument.from_text("\ufeff---\ntitle: x\n---\n")
    assert document.metadata == {"title": "x"}
    assert document.to_bytes() == b"\xef\xbb\xbf---\ntitle: x\n---\n"


def test_formats_are_recognised() -> None:
    assert doc("---\na: 1\n---\n").fm_format == "yaml"
    assert doc("+++\na = 1\n+++\n").fm_format == "toml"
    assert doc('{\n"a": 1\n}\n').fm_format == "json"
    assert doc("plain\n").fm_format is None
    assert doc("\n---\na: 1\n---\n").fm_format is None


def test_metadata_types_and_copy() -> None:
    document = doc(
        "---\ntitle: Hi\ndate: 2020-01-02 03:04:05 +01:00\nday: 2020-01-02\n"
        "tags: [a, b]\ndraft: false\nn: 3\n---\n"
    )
    meta = document.metadata
    assert meta["date"] == dt.datetime(
        2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert meta["day"] == dt.date(2020, 1, 2)
    assert meta["tags"] == ["a", "b"] and meta["draft"] is False and meta["n"] == 3
    meta["tags"].append("c")
    assert document.get("tags") == ["a", "b"]
    assert document.keys() == ["title", "date", "day", "tags", "draft", "n"]
    assert document.get("missing", 7) == 7


def test_raw_value_shows_the_spelling() -> None:
    document = doc("---\ndate: 2011-06-28T16:08:57Z\ntitle:  'Quoted'\ntags: [a,  b]\n---\n")
    assert document.raw_value("date") == "2011-06-28T16:08:57Z"
    assert document.raw_value("title") == "'Quoted'"
    assert document.raw_value("tags") == "[a,  b]"
    assert document.raw_value("nope") is None


def test_body_and_body_start_line() -> None:
    document = doc("---\r\na: 1\r\nb: 2\r\n---\r\nline\rnext\n")
    assert document.body == "line\nnext\n"
    assert document.body_start_line == 5
    assert doc("just body\n").body_start_line == 1
    assert doc("---\n---\nx").body_start_line == 3


def test_set_body_keeps_endings_of_unchanged_lines() -> None:
    document = doc("---\na: 1\n---\none\r\ntwo\rthree\r\nfour")
    assert not document.set_body("one\ntwo\nthree\nfour")
    assert document.set_body("one\ntwo\ninserted\nthree\nfour\nfive\n")
    assert document.text() == "---\na: 1\n---\none\r\ntwo\rinserted\r\nthree\r\nfour\r\nfive\r\n"
    assert document.set_body("one\n")
    assert document.text() == "---\na: 1\n---\none\r\n"


def test_set_body_on_document_without_front_matter() -> None:
    document = doc("")
    assert document.set_body("hello\nworld")
    assert document.text() == "hello\nworld"
    assert document.fm_format is None


def test_front_matter_text_and_raw_edit() -> None:
    document = doc("---\r\ntitle: x\r\n# note\r\n---\r\nbody\r\n")
    assert document.front_matter_text == "title: x\n# note\n"
    assert not document.set_front_matter_text("title: x\n# note\n")
    assert document.set_front_matter_text("title: x\n# note\ntags: [\n")
    assert document.error is not None and document.error.line == 5
    assert document.metadata == {}
    assert document.text() == "---\r\ntitle: x\r\n# note\r\ntags: [\r\n---\r\nbody\r\n"
    with pytest.raises(FrontMatterEditError):
        document.set("title", "y")
    assert document.set_front_matter_text("title: x\n# note\ntags: [a]")
    assert document.error is None
    assert document.metadata == {"title": "x", "tags": ["a"]}
    assert document.text() == "---\r\ntitle: x\r\n# note\r\ntags: [a]\r\n---\r\nbody\r\n"


def test_raw_edit_adds_front_matter_to_a_plain_post() -> None:
    document = doc("Body\r\n")
    assert not document.set_front_matter_text("")
    assert document.set_front_matter_text("title: New")
    assert document.text() == "---\r\ntitle: New\r\n---\r\nBody\r\n"


def test_json_front_matter_edit_reads_back() -> None:
    document = doc('{\n  "title": "x",\n  "n": 1\n}\nbody\n')
    assert document.metadata == {"title": "x", "n": 1}
    assert document.set("title", "y")
    assert document.metadata == {"title": "y", "n": 1}
    assert document.body == "body\n"
    assert document.unset("n")
    assert document.metadata == {"title": "y"}
    assert not document.unset("n")


def test_json_raw_view_includes_the_braces() -> None:
    text = '{\r\n    "title": "x"\r\n}\r\nbody\r\n'
    document = doc(text)
    assert document.front_matter_text == '{\n    "title": "x"\n}\n'
    assert document.body_start_line == 4
    assert document.set("n", 2)
    assert document.text() == '{\r\n    "title": "x",\r\n    "n": 2\r\n}\r\nbody\r\n'
    assert document.set_front_matter_text('{\n    "title": "y"\n}\n')
    assert document.metadata == {"title": "y"}
    assert document.text() == '{\r\n    "title": "y"\r\n}\r\nbody\r\n'
    assert document.set_front_matter_text('{\n    "title": \n}\n')
    assert document.error is not None and document.error.line == 3


def test_json_key_edits_touch_only_their_line() -> None:
    lines = [
        "{",
        '  "title": "x, y",',
        '  "nested": {',
        '    "title": 1',
        "  },",
        '  "n": 1',
        "}",
        "b",
    ]
    text = "".join(line + "\r\n" for line in lines)
    document = doc(text)
    assert document.set("title", 'New "q"')
    assert document.text() == text.replace('"x, y"', '"New \\"q\\""')
    assert document.set("extra", [1, "two"])
    assert document.text().endswith('  "n": 1,\r\n  "extra": [1, "two"]\r\n}\r\nb\r\n')
    assert document.unset("extra")
    assert document.set("title", "x, y")
    assert document.text() == text
    assert document.unset("n")
    assert document.text() == text.replace('  },\r\n  "n": 1\r\n', "  }\r\n")


def test_json_refuses_values_it_cannot_hold() -> None:
    text = '{\n"a": {"b": 1}\n}\nbody\n'
    document = doc(text)
    with pytest.raises(FrontMatterEditError, match="JSON"):
        document.set("when", dt.date(2020, 1, 1))
    assert document.text() == text
    assert document.set_path(("a", "c"), 2)
    assert document.text() == '{\n  "a": {\n    "b": 1,\n    "c": 2\n  }\n}\nbody\n'


def test_text_parts_join_to_the_text_and_keep_the_body_string():
    from editor.core.frontmatter import PostDocument

    doc = PostDocument.from_text("---\r\ntitle: A\r\n---\r\nBody\r\nline\r\n")
    head, body = doc.text_parts()
    assert head + body == doc.text()
    assert head == "---\r\ntitle: A\r\n---\r\n"
    assert doc.text_parts()[1] is body
    plain = PostDocument.from_text("no front matter\n")
    assert plain.text_parts() == ("", "no front matter\n")
