"""Conformance over the real posts in ../shared/corpus/posts and the seed post."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from editor.core.frontmatter import PostDocument
from editor.core.post import Post
from editor.core.textio import split_lines, strip_ending
from tests.support.corpus import CORPUS_DIR, SEED_DIR, corpus_posts, requires_corpus

POSTS = corpus_posts()
QUOTED_TITLE = 'Edited: a "quoted" title #1'

pytestmark = requires_corpus


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = split_lines(before), split_lines(after)
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += [strip_ending(x) for x in old[i1:i2]]
            added += [strip_ending(x) for x in new[j1:j2]]
    return removed, added


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    assert PostDocument.from_bytes(data).to_bytes() == data
    copy = tmp_path / path.name
    copy.write_bytes(data)
    post = Post.load(copy)
    assert not post.is_dirty
    post.document.set_body(post.document.body)
    post.save(force=True)
    assert copy.read_bytes() == data


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_setting_a_quoted_title_changes_only_title_lines(path: Path) -> None:
    document = PostDocument.from_bytes(path.read_bytes())
    before_text, before_meta = document.text(), document.metadata
    assert document.set("title", QUOTED_TITLE)
    assert document.get("title") == QUOTED_TITLE
    reread = PostDocument.from_bytes(document.to_bytes())
    assert reread.metadata == {**before_meta, "title": QUOTED_TITLE}
    assert reread.body == PostDocument.from_bytes(path.read_bytes()).body
    removed, added = _changes(before_text, document.text())
    if "title" in before_meta:
        assert len(removed) == 1 and len(added) == 1
        assert removed[0].startswith("title") and added[0].startswith("title")
    else:
        assert removed == []
        titles = [x for x in added if x != "---"]
        assert len(titles) == 1 and titles[0].startswith("title")


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_edit_title_and_back_restores_bytes(path: Path) -> None:
    data = path.read_bytes()
    document = PostDocument.from_bytes(data)
    had_title = "title" in document.metadata
    original = document.get("title")
    assert document.set("title", "Edited title")
    assert document.to_bytes() != data
    if not had_title:
        assert document.unset("title")
    else:
        assert document.set("title", original)
    assert document.to_bytes() == data


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_add_and_remove_a_key_restores_bytes(path: Path) -> None:
    data = path.read_bytes()
    document = PostDocument.from_bytes(data)
    assert document.set("zz_added_key", ["one", "two"])
    assert document.get("zz_added_key") == ["one", "two"]
    assert document.unset("zz_added_key")
    assert document.to_bytes() == data


def test_utf16_post_opens_and_saves_as_utf16(tmp_path: Path) -> None:
    source = CORPUS_DIR / "jekyll__Unicode16LECRLFandBOM.md"
    if not source.exists():
        pytest.skip("the UTF-16 corpus post is not in this corpus")
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    post = Post.load(copy)
    assert post.document.format.encoding == "utf-16-le" and post.document.format.bom
    assert post.document.set("title", "Édité")
    post.save()
    saved = copy.read_bytes()
    assert saved.startswith(b"\xff\xfe")
    assert saved.decode("utf-16") == post.document.text()
    assert 'title:  "Édité"\r\n' in saved.decode("utf-16")


def test_seed_post_title_edit_changes_one_line(tmp_path: Path) -> None:
    seeds = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not seeds:
        pytest.skip("the seed post ../shared/seed is absent")
    copy = tmp_path / "seed.md"
    shutil.copyfile(seeds[0], copy)
    before = copy.read_bytes()
    post = Post.load(copy)
    assert post.document.set("title", "Putin and Xi meet in Beijing")
    post.save()
    removed, added = _changes(before.decode(), copy.read_bytes().decode())
    assert len(removed) == 1 and len(added) == 1
    assert added == ['title: "Putin and Xi meet in Beijing"']
