"""``post-editor render --fragment``: only the article body's HTML, from a file or stdin."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from editor import cli

POST = """---
title: A post
---

# Heading

Some *text*.
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_fragment_of_a_file_is_the_body_only(capsys, tmp_path: Path):
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    status, out, err = run(capsys, "render", "--fragment", str(path))
    assert status == 0, err
    assert '<h1 id="heading">Heading</h1>' in out
    assert "<p>Some <em>text</em>.</p>" in out
    assert "<html" not in out and "post-body" not in out and "A post" not in out
    assert "data-line" not in out


def test_fragment_from_stdin_without_front_matter(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b"* one\n* two\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run(capsys, "render", "--fragment", "-")
    assert status == 0, err
    assert "<li>one</li>" in out and "<li>two</li>" in out and "<ul>" in out


def test_fragment_from_stdin_with_front_matter(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(POST.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run(capsys, "render", "--fragment", "-")
    assert status == 0
    assert "title:" not in out and "<h1" in out


def test_fragment_of_a_missing_file_is_an_error(capsys, tmp_path: Path):
    status, out, err = run(capsys, "render", "--fragment", str(tmp_path / "nope.md"))
    assert status == 1 and out == ""
    assert "no such file" in err


def test_fragment_is_sanitised(capsys, tmp_path: Path):
    path = tmp_path / "post.md"
    path.write_text('Hi\n\n<script>alert(1)</script>\n\n<a href="javascript:x">l</a>\n')
    status, out, _ = run(capsys, "render", "--fragment", str(path))
    assert status == 0
    assert "<script" not in out and "javascript:" not in out


def test_fragment_keeps_the_render_time_limit(capsys, tmp_path: Path, monkeypatch):
    from editor.services import limited_render

    monkeypatch.setattr(limited_render, "time_limit_ms", lambda text: 1.0)
    path = tmp_path / "slow.md"
    path.write_text("[" * 30000, encoding="utf-8")
    status, out, err = run(capsys, "render", "--fragment", str(path))
    assert status == 1 and out == ""
    assert "time limit" in err
