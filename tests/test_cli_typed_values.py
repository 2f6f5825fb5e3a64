"""`fm --set` reads values by the form's rules: types kept, dates checked, schema applied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor import cli

POST = """---
Title: Hello
date: 2024-05-18 09:30:00 +0200
tags: [one, two]
draft: false
---
Body
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    (tmp_path / "_config.yml").write_text("title: site\n", encoding="utf-8")
    path = tmp_path / "_posts" / "2024-05-18-hello.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


@pytest.fixture
def hugo(tmp_path: Path) -> Path:
    (tmp_path / "hugo.toml").write_text('title = "site"\n', encoding="utf-8")
    path = tmp_path / "content" / "posts" / "hello.md"
    path.parent.mkdir(parents=True)
    path.write_text(POST, encoding="utf-8")
    return path


def test_hugo_keys_are_case_insensitive(capsys, hugo: Path) -> None:
    status, _, err = run(capsys, "fm", str(hugo), "--set", "title=New title")
    assert status == 0, err
    assert hugo.read_text(encoding="utf-8") == POST.replace("Title: Hello", "Title: New title")
    status, _, err = run(capsys, "fm", str(hugo), "--unset", "TITLE")
    assert status == 0, err
    assert "itle" not in hugo.read_text(encoding="utf-8")


def test_jekyll_keys_stay_case_sensitive(capsys, jekyll: Path) -> None:
    assert run(capsys, "fm", str(jekyll), "--set", "title=New")[0] == 0
    text = jekyll.read_text(encoding="utf-8")
    assert "Title: Hello\n" in text and "title: New\n" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"\\uD83D\\uDC69 hi"', "\U0001f469 hi"),
        ('"\\uD83D\\uDC69\\u200D\\uD83D\\uDCBB"', "\U0001f469\u200d\U0001f4bb"),
        ('"caf\\u00e9"', "café"),
        ('["\\uD83C\\uDF89"]', ["\U0001f389"]),
    ],
)
def test_json_surrogate_escapes_become_characters(capsys, jekyll, value, expected) -> None:
    key = "tags" if isinstance(expected, list) else "subtitle"
    status, _, err = run(capsys, "fm", str(jekyll), "--set", f"{key}={value}")
    assert status == 0, err
    jekyll.read_bytes().decode("utf-8")  # strict: no lone surrogates were written
    status, out, err = run(capsys, "fm", str(jekyll))
    assert status == 0, err
    assert json.loads(out)[key] == expected


def test_a_lone_surrogate_is_refused(capsys, jekyll: Path) -> None:
    before = jekyll.read_bytes()
    status, _, err = run(capsys, "fm", str(jekyll), "--set", 'subtitle="\\uD83D alone"')
    assert status == 2 and "surrogate" in err and "Traceback" not in err
    assert jekyll.read_bytes() == before


def test_a_file_with_surrogate_escapes_prints(capsys, jekyll: Path) -> None:
    jekyll.write_text('---\ntitle: "\\uD83D\\uDC69 and \\uD83D"\n---\n', encoding="utf-8")
    status, out, err = run(capsys, "fm", str(jekyll))
    assert status == 0, err
    assert "\U0001f469 and" in out


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("a, b, c", ["a", "b", "c"]),
        ("solo", ["solo"]),
        ("a,b", ["a", "b"]),
        ("'x, y', z", ["x, y", "z"]),
        ("[p, q]", ["p", "q"]),
        ("no, 0755, 1.10", ["no", "0755", "1.10"]),
    ],
)
def test_a_list_stays_a_list(capsys, jekyll: Path, typed: str, expected) -> None:
    status, _, err = run(capsys, "fm", str(jekyll), "--set", f"tags={typed}")
    assert status == 0, err
    run(capsys, "fm", str(jekyll))
    status, out, _ = run(capsys, "fm", str(jekyll))
    assert json.loads(out)["tags"] == expected


@pytest.mark.parametrize(
    "typed",
    ["tomorrow", "2024-02-30", "2024-13-01", "2024-05-18 25:00:00", "18/05/2024", "now", "2024"],
)
def test_bad_dates_are_refused_with_exit_2(capsys, jekyll: Path, typed: str) -> None:
    before = jekyll.read_bytes()
    status, _, err = run(capsys, "fm", str(jekyll), "--set", f"date={typed}")
    assert status == 2
    assert "is not a date" in err and "Traceback" not in err
    assert jekyll.read_bytes() == before


@pytest.mark.parametrize("key", ["date", "lastmod", "publishDate"])
def test_a_new_date_key_is_checked_too(capsys, jekyll: Path, key: str) -> None:
    assert run(capsys, "fm", str(jekyll), "--set", f"{key}=2024-02-30")[0] == 2


def test_dates_keep_the_spelling_typed(capsys, jekyll: Path) -> None:
    # `+0200` is not a YAML timestamp: the post's date is text, and stays text
    status, _, err = run(capsys, "fm", str(jekyll), "--set", "date=2020-01-02 9:05:00 +08")
    assert status == 0, err
    assert '\ndate: "2020-01-02 9:05:00 +08"\n' in jekyll.read_text(encoding="utf-8")
    jekyll.write_text(POST.replace("+0200", "+02:00"), encoding="utf-8")  # a timestamp
    status, _, err = run(capsys, "fm", str(jekyll), "--set", "date=2020-01-02 9:05:00 +08")
    assert status == 0, err
    assert "\ndate: 2020-01-02 9:05:00 +08\n" in jekyll.read_text(encoding="utf-8")


def test_booleans_must_be_booleans(capsys, jekyll: Path) -> None:
    assert run(capsys, "fm", str(jekyll), "--set", "draft=maybe")[0] == 2
    assert run(capsys, "fm", str(jekyll), "--set", "draft=yes")[0] == 0
    assert "draft: true\n" in jekyll.read_text(encoding="utf-8")


def test_the_schema_file_rules_apply(capsys, jekyll: Path) -> None:
    (jekyll.parent.parent / ".post-editor.yml").write_text(
        "fields:\n  layout: {choices: [post, page]}\n  subtitle: {max_length: 5}\n",
        encoding="utf-8",
    )
    before = jekyll.read_bytes()
    status, _, err = run(capsys, "fm", str(jekyll), "--set", "layout=poster")
    assert status == 2 and "not one of" in err
    status, _, err = run(capsys, "fm", str(jekyll), "--set", "subtitle=far too long")
    assert status == 2 and "at most 5" in err
    assert jekyll.read_bytes() == before
    assert run(capsys, "fm", str(jekyll), "--set", "layout=page")[0] == 0
