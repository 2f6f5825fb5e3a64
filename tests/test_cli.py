"""The command line: same core as the window, errors on stderr, files untouched on error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor import cli
from editor.core.paths import resources_dir

POST = """---
layout: post
title: "Hello: world"
date: 2024-05-18 09:30:00 +0200
published_at: 2024-05-18T09:30:00Z
tags: [one, two]
---

Some *body* text.
"""


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "_posts" / "2024-05-18-hello.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_fm_prints_json_with_iso_dates(capsys, post: Path):
    status, out, _ = run(capsys, "fm", str(post))
    assert status == 0
    data = json.loads(out)
    assert data["title"] == "Hello: world"
    assert data["tags"] == ["one", "two"]
    assert data["published_at"] == "2024-05-18T09:30:00+00:00"
    assert data["date"] == "2024-05-18 09:30:00 +0200"


def test_fm_set_and_unset_is_minimal(capsys, post: Path):
    status, _, err = run(capsys, "fm", str(post), "--set", "title=New title", "--set", "draft=true")
    assert status == 0, err
    text = post.read_text(encoding="utf-8")
    assert 'title: "New title"\n' in text
    assert (
        text.replace('title: "New title"\n', 'title: "Hello: world"\n').replace("draft: true\n", "")
        == POST
    )
    status, _, err = run(
        capsys, "fm", str(post), "--unset", "draft", "--set", 'title="Hello: world"'
    )
    assert status == 0, err
    assert post.read_text(encoding="utf-8") == POST


def test_fm_errors_leave_the_file_untouched(capsys, post: Path):
    before = post.read_bytes()
    status, _, err = run(capsys, "fm", str(post), "--set", "title=[unclosed")
    assert status == 2 and "not valid YAML" in err  # a value it cannot take: a usage error
    status, _, err = run(capsys, "fm", str(post), "--unset", "nope")
    assert status == 1 and "nope" in err
    status, _, err = run(capsys, "fm", str(post.parent / "missing.md"))
    assert status == 1 and "no such file" in err
    assert post.read_bytes() == before


def test_render_prints_the_rendered_body(capsys, post: Path):
    status, out, _ = run(capsys, "render", str(post))
    assert status == 0
    assert out.lstrip().lower().startswith("<!doctype html")
    assert "<em>body</em>" in out
    assert "Hello: world" in out


def test_render_to_file(capsys, post: Path, tmp_path: Path):
    target = tmp_path / "out.html"
    status, out, _ = run(capsys, "render", str(post), "-o", str(target))
    assert status == 0 and out == ""
    assert "<em>body</em>" in target.read_text(encoding="utf-8")


def test_new_publish_unpublish(capsys, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", site)
    status, out, err = run(capsys, "new", "A Draft Idea", "--draft", "--site", str(site))
    assert status == 0, err
    draft = Path(out.strip())
    assert draft == (site / "_drafts" / "a-draft-idea.md").resolve()
    assert "title: A Draft Idea" in draft.read_text(encoding="utf-8")
    status, out, err = run(capsys, "publish", str(draft))
    assert status == 0, err
    published = Path(out.strip())
    assert published.parent == (site / "_posts").resolve()
    assert published.name.endswith("-a-draft-idea.md") and not draft.exists()
    status, out, err = run(capsys, "unpublish", str(published))
    assert status == 0, err
    assert Path(out.strip()) == draft and draft.exists()


def test_entry_point_runs_as_a_module(post: Path):
    result = subprocess.run(
        [sys.executable, "-m", "editor", "fm", str(post)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["layout"] == "post"


def test_new_post_takes_defaults_from_config_and_schema_file(capsys, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", site)
    (site / ".post-editor.yml").write_text(
        "fields:\n  image: {default: /assets/images/hills.png}\n", encoding="utf-8"
    )
    status, out, err = run(capsys, "new", "With defaults", "--site", str(site))
    assert status == 0, err
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert "comments: true\n" in text  # _config.yml defaults: for posts
    assert "author: Sam Writer\n" in text
    assert "image: /assets/images/hills.png\n" in text  # the schema file's default
    assert "\ndate: " in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rust: a guide", "Rust: a guide"),  # YAML would make a mapping
        ("Hash #1", "Hash #1"),  # YAML would drop " #1" as a comment
        ("no", "no"),  # the title holds text; YAML would read false
        ("1.10", "1.10"),
        ("'quoted'", "quoted"),  # quotes ask for YAML explicitly
    ],
)
def test_fm_set_keeps_text_as_typed(capsys, post: Path, raw: str, expected: str):
    status, _, err = run(capsys, "fm", str(post), "--set", f"title={raw}")
    assert status == 0, err
    status, out, _ = run(capsys, "fm", str(post))
    assert json.loads(out)["title"] == expected


def test_fm_set_yaml_values_and_nested_keys(capsys, tmp_path: Path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: T\nheader:\n  image: a.png\n---\n", encoding="utf-8")
    status, _, err = run(capsys, "fm", str(path), "--set", "draft=true", "--set", "weight=3")
    assert status == 0, err
    status, _, err = run(capsys, "fm", str(path), "--set", "header.image=b.png")
    assert status == 0, err
    data = json.loads(run(capsys, "fm", str(path))[1])
    assert data["draft"] is True and data["weight"] == 3
    assert data["header"] == {"image": "b.png"}
    assert "header:\n  image: b.png\n" in path.read_text(encoding="utf-8")
    before = path.read_bytes()
    status, _, err = run(capsys, "fm", str(path), "--set", "seo.title=X")
    assert status == 1 and "no 'seo' mapping" in err
    status, _, err = run(capsys, "fm", str(path), "--unset", "header.image")
    assert status == 1 and "Raw view" in err
    assert path.read_bytes() == before


def test_render_refuses_to_overwrite_the_post(capsys, post: Path):
    before = post.read_bytes()
    status, _, err = run(capsys, "render", str(post), "-o", str(post))
    assert status == 1 and "the post itself" in err
    assert post.read_bytes() == before


def test_errors_from_the_file_system_are_messages(capsys, tmp_path: Path):
    status, _, err = run(capsys, "new", "Hello", "--site", str(tmp_path / "missing"))
    assert status == 1 and "missing" in err and "Traceback" not in err


def test_publish_uses_the_drafts_own_date(capsys, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", site)
    jekyll_style = site / "_drafts" / "jd.md"
    jekyll_style.write_text("---\ntitle: J\ndate: 2024-01-05 10:00:00 +0100\n---\n", "utf-8")
    status, out, err = run(capsys, "publish", str(jekyll_style))
    assert status == 0, err
    assert Path(out.strip()).name == "2024-01-05-jd.md"
    dated = site / "_drafts" / "2024-02-10-dated.md"
    dated.write_text("---\ntitle: D\n---\n", "utf-8")
    status, out, err = run(capsys, "publish", str(dated))
    assert status == 0, err
    assert Path(out.strip()).name == "2024-02-10-dated.md"


def test_version_is_printed(capsys):
    from editor import __version__
    from editor.app import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"post-editor {__version__}\n"
