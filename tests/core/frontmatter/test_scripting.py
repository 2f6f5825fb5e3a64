"""python-frontmatter's API for scripts: safe loading, and saves that move only what changed."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from editor.core.frontmatter.scripting import (
    HANDLERS,
    SafeJSONHandler,
    SafeTOMLHandler,
    SafeYAMLHandler,
    load,
    loads,
    save,
)
from tests.support.corpus import corpus_posts, requires_corpus

POST = (
    "---\r\n"
    "title: 'Spring notes'   # shown on the home page\r\n"
    "date: 2024-03-01 09:05:00 +08\r\n"
    "tags: [ garden, notes ]\r\n"
    "draft: no\r\n"
    "---\r\n"
    "Body text.\r\n"
)
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(9)
)


def test_loads_gives_a_frontmatter_post_with_yaml_1_1_readings() -> None:
    post = loads(POST)
    assert isinstance(post, frontmatter.Post)
    assert post["title"] == "Spring notes"
    assert post["tags"] == ["garden", "notes"]
    assert post["draft"] is False
    assert post.content == "Body text.\n"  # the file keeps its CRLF on save
    assert isinstance(post.handler, SafeYAMLHandler)


def test_unsafe_or_broken_front_matter_is_refused() -> None:
    with pytest.raises(ValueError, match="front matter"):
        loads("---\nx: !!python/object/apply:os.system [echo]\n---\nbody\n")
    with pytest.raises(ValueError, match="front matter"):
        loads("---\n" + BOMB + "---\nbody\n")


def test_the_handlers_protect_python_frontmatter_itself() -> None:
    with pytest.raises(ValueError):
        frontmatter.loads("---\n" + BOMB + "---\nx\n", handler=SafeYAMLHandler())
    assert frontmatter.loads("+++\ntitle = 'T'\n+++\nx\n", handler=SafeTOMLHandler())["title"] == (
        "T"
    )
    assert frontmatter.loads('{\n"title": "J"\n}\nx\n', handler=SafeJSONHandler())["title"] == "J"
    with pytest.raises(NotImplementedError, match="never re-serialises"):
        frontmatter.dumps(frontmatter.Post("x", title="T"), handler=HANDLERS["yaml"])


def test_save_moves_only_the_changed_key(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(POST.encode())
    post = load(path)
    assert not save(post, path)
    assert path.read_bytes() == POST.encode()
    post["title"] = "Summer notes"
    post["tags"] = ["garden", "notes", "summer"]
    assert save(post, path)
    lines = path.read_bytes().decode().split("\r\n")
    original = POST.split("\r\n")
    changed = [i for i, (a, b) in enumerate(zip(lines, original, strict=True)) if a != b]
    assert changed == [1, 3]
    assert lines[1] == "title: 'Summer notes'   # shown on the home page"
    assert load(path)["tags"] == ["garden", "notes", "summer"]


def test_save_removes_keys_and_replaces_the_body(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(POST.encode())
    post = load(path)
    del post["draft"]
    post.content = "New body.\n"
    assert save(post, path)
    text = path.read_bytes().decode()
    assert "draft" not in text
    assert text.endswith("---\r\nNew body.\r\n")
    assert "date: 2024-03-01 09:05:00 +08\r\n" in text


@requires_corpus
def test_load_then_save_leaves_every_corpus_post_as_it_was(tmp_path: Path) -> None:
    for source in corpus_posts():
        data = source.read_bytes()
        target = tmp_path / source.name
        target.write_bytes(data)
        try:
            post = load(target)
        except (ValueError, UnicodeError):
            continue  # refused with a message; the file is untouched either way
        assert not save(post, target), source.name
        assert target.read_bytes() == data, source.name
