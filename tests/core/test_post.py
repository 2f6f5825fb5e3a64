"""Post: load, dirty tracking, conflict-checked atomic saves, reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.post import Post
from editor.core.storage import ConflictError, FileExistsConflict, FileGoneError, SaveError
from editor.core.textio import TextDecodeError

TEXT = b"---\r\ntitle: Hello\r\n---\r\nBody\r\n"


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2020-01-01-hello.md"
    path.write_bytes(TEXT)
    return path


def test_load_and_save_unchanged_does_not_rewrite(post_file: Path) -> None:
    post = Post.load(post_file)
    assert not post.is_dirty
    inode, mtime = post_file.stat().st_ino, post_file.stat().st_mtime_ns
    post.save()
    assert post_file.read_bytes() == TEXT
    assert (post_file.stat().st_ino, post_file.stat().st_mtime_ns) == (inode, mtime)


def test_edit_save_updates_stamp_and_clears_dirty(post_file: Path) -> None:
    post = Post.load(post_file)
    assert post.document.set("title", "Bye")
    assert post.is_dirty
    post.save()
    assert not post.is_dirty
    assert post_file.read_bytes() == b"---\r\ntitle: Bye\r\n---\r\nBody\r\n"
    assert not post.changed_on_disk()
    assert post.stamp is not None and post.stamp.size == len(post_file.read_bytes())


def test_conflict_when_changed_on_disk_even_with_same_size_and_mtime(post_file: Path) -> None:
    post = Post.load(post_file)
    info = post_file.stat()
    other = TEXT.replace(b"Hello", b"Jello")
    post_file.write_bytes(other)
    os.utime(post_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert post.changed_on_disk()
    post.document.set("title", "Mine")
    with pytest.raises(ConflictError):
        post.save()
    assert post_file.read_bytes() == other
    assert post.is_dirty
    post.save(force=True)
    assert b"Mine" in post_file.read_bytes()


def test_conflict_even_when_buffer_is_clean(post_file: Path) -> None:
    post = Post.load(post_file)
    post_file.write_bytes(b"changed elsewhere\n")
    with pytest.raises(ConflictError):
        post.save()
    assert post_file.read_bytes() == b"changed elsewhere\n"


def test_reload_takes_the_disk_version(post_file: Path) -> None:
    post = Post.load(post_file)
    post.document.set("title", "Mine")
    post_file.write_bytes(b"---\ntitle: Theirs\n---\n")
    post.reload()
    assert post.document.get("title") == "Theirs"
    assert not post.is_dirty
    assert not post.changed_on_disk()


def test_deleted_file_is_not_silently_recreated(post_file: Path) -> None:
    """RELIABILITY: a file deleted or renamed while open keeps its buffer and asks first."""
    post = Post.load(post_file)
    post_file.unlink()
    assert post.changed_on_disk()
    post.document.set_body("Kept\n")
    with pytest.raises(FileGoneError, match="deleted or renamed"):
        post.save()
    assert not post_file.exists()
    assert post.is_dirty
    post.save(force=True)  # the writer chose "save it there again"
    assert post_file.read_bytes() == b"---\r\ntitle: Hello\r\n---\r\nKept\r\n"


def test_untitled_needs_a_path_and_save_as_moves(tmp_path: Path) -> None:
    post = Post.untitled("Draft text\n")
    assert post.is_dirty
    with pytest.raises(SaveError, match="no file"):
        post.save()
    target = tmp_path / "draft.md"
    post.save(target)
    assert target.read_bytes() == b"Draft text\n"
    assert post.path == target and not post.is_dirty


def test_save_as_to_another_path_writes_there(post_file: Path, tmp_path: Path) -> None:
    post = Post.load(post_file)
    other = tmp_path / "copy.md"
    post.save(other)
    assert other.read_bytes() == TEXT
    assert post.path == other


def test_undecodable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("títle: café\n".encode("latin-1"))
    with pytest.raises(TextDecodeError):
        Post.load(path)
    assert path.read_bytes() == "títle: café\n".encode("latin-1")


def test_utf16_post_saves_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "u16.md"
    data = b"\xff\xfe" + "---\r\ntitle: x\r\n---\r\nbody\r\n".encode("utf-16-le")
    path.write_bytes(data)
    post = Post.load(path)
    post.document.set("title", "y")
    post.save()
    assert path.read_bytes() == b"\xff\xfe" + "---\r\ntitle: y\r\n---\r\nbody\r\n".encode(
        "utf-16-le"
    )


def test_new_post_never_overwrites_an_existing_file_silently(post_file: Path) -> None:
    post = Post.untitled("---\ntitle: New\n---\n")
    post.path = post_file
    with pytest.raises(FileExistsConflict, match="already exists"):
        post.save()
    assert post_file.read_bytes() == TEXT
    post.save(force=True)
    assert post_file.read_bytes() == b"---\ntitle: New\n---\n"


def test_load_removes_temporary_files_of_killed_saves(tmp_path: Path) -> None:
    post_file = tmp_path / "post.md"
    post_file.write_bytes(b"---\ntitle: a\n---\nbody\n")
    (tmp_path / ".post.md.pe-save-k1ll3d.tmp").write_bytes(b"half")
    (tmp_path / ".post.md.bak").write_bytes(b"the writer's")
    Post.load(post_file)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".post.md.bak", "post.md"]
