"""publish_post / unpublish_post: Jekyll moves (with or without hard links), Hugo's draft key."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from editor.core.post import Post
from editor.core.site import Site
from editor.core.site.publish import PublishError, move_post, publish_post, unpublish_post


def test_hugo_publish_and_unpublish_switch_the_draft_key(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    post = tmp_path / "content" / "posts" / "a.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: A\ndraft: true\n---\nbody\n")
    site = Site.open(tmp_path)
    assert publish_post(Post.load(post), site) == post
    assert post.read_text() == "---\ntitle: A\ndraft: false\n---\nbody\n"
    unpublish_post(Post.load(post), site)
    assert post.read_text() == "---\ntitle: A\ndraft: true\n---\nbody\n"
    post.write_text("---\ntitle: A\n---\nbody\n")
    with pytest.raises(PublishError):
        publish_post(Post.load(post), site)


def test_jekyll_draft_gets_a_date_and_moves_without_hard_links(tmp_path, monkeypatch) -> None:
    (tmp_path / "_config.yml").write_text("title: x\n")
    draft = tmp_path / "_drafts" / "idea.md"
    draft.parent.mkdir()
    draft.write_text("---\ntitle: Idea\n---\nbody\n")
    (tmp_path / "_posts").mkdir()

    def no_links(*_args, **_kwargs):
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(os, "link", no_links)
    target = publish_post(Post.load(draft), Site.open(tmp_path), today=date(2024, 3, 9))
    assert target == (tmp_path / "_posts" / "2024-03-09-idea.md").resolve()
    assert target.read_text() == "---\ntitle: Idea\ndate: 2024-03-09\n---\nbody\n"
    assert not draft.exists()
    assert unpublish_post(Post.load(target), Site.open(tmp_path)).read_text() == (
        "---\ntitle: Idea\ndate: 2024-03-09\n---\nbody\n"
    )


def test_move_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("a")
    target = tmp_path / "b.md"
    target.write_text("b")
    with pytest.raises(PublishError):
        move_post(source, target)
    assert source.read_text() == "a" and target.read_text() == "b"
