"""atomic_write: never half-written, keeps mode bits, symlinks and hard links; clear errors."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.core import storage
from editor.core.storage import FileStamp, SaveError, atomic_write

OLD = b"---\ntitle: old\n---\nold body\n"
NEW = b"---\ntitle: new\n---\nnew body\n"


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_writes_new_file_with_default_mode(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert _leftovers(tmp_path, {"post.md"}) == []


def test_replaces_content_and_keeps_mode_bits(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "fchmod"])
def test_failure_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    real = getattr(os, failing)
    calls = {"n": 0}

    def broken(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if failing == "write" and calls["n"] == 1:
            real(*args, **kwargs)  # part of the data reaches the temp file first
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, failing, broken)
    with pytest.raises(SaveError, match="disk is full"):
        atomic_write(target, NEW * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, {"post.md"}) == []


def test_permission_denied_is_a_clear_save_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions, so the failure cannot be provoked")
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "post.md"
    target.write_bytes(OLD)
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            atomic_write(target, NEW)
    finally:
        folder.chmod(0o700)
    assert target.read_bytes() == OLD


def test_permission_denied_creating_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(OLD)

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage.tempfile, "mkstemp", denied)
    with pytest.raises(SaveError, match="permission denied"):
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD


def test_symlink_writes_target_and_keeps_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "post.md"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, NEW)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == NEW
    assert _leftovers(real.parent, {"post.md"}) == []


def test_hard_link_is_overwritten_in_place(tmp_path: Path) -> None:
    first = tmp_path / "post.md"
    first.write_bytes(OLD)
    second = tmp_path / "other.md"
    os.link(first, second)
    inode = first.stat().st_ino
    atomic_write(first, NEW)
    assert first.stat().st_ino == inode
    assert second.read_bytes() == NEW
    assert _leftovers(tmp_path, {"post.md", "other.md"}) == []


def test_hard_link_failure_restores_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "post.md"
    first.write_bytes(OLD)
    os.link(first, tmp_path / "other.md")
    real_ftruncate = os.ftruncate
    calls = {"n": 0}

    def broken(fd: int, size: int) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(errno.EIO, "I/O error")
        real_ftruncate(fd, size)

    monkeypatch.setattr(storage.os, "ftruncate", broken)
    with pytest.raises(SaveError, match="input/output"):
        atomic_write(first, NEW + b"x" * 100)
    monkeypatch.undo()
    assert first.read_bytes() == OLD
    assert (tmp_path / "other.md").read_bytes() == OLD
    assert _leftovers(tmp_path, {"post.md", "other.md"}) == []


def test_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="not a regular file"):
        atomic_write(tmp_path, NEW)


def test_file_stamp_sees_same_size_same_mtime_changes(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"aaaa")
    before = FileStamp.of(target)
    info = target.stat()
    target.write_bytes(b"bbbb")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = FileStamp.of(target)
    assert before is not None and after is not None
    assert (before.size, before.mtime_ns) == (after.size, after.mtime_ns)
    assert before.sha256 != after.sha256
    assert FileStamp.of(tmp_path / "missing.md") is None


_CHILD = """
import sys
from pathlib import Path
from editor.core.storage import atomic_write
target = Path(sys.argv[1])
a = b"A" * 300_000 + b"\\n"
b = b"B" * 200_000 + b"\\n"
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, a if i % 2 else b)
    i += 1
"""


def test_sigkill_during_save_loop_leaves_old_or_new(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"A" * 300_000 + b"\n")
    valid = {b"A" * 300_000 + b"\n", b"B" * 200_000 + b"\n"}
    root = Path(__file__).resolve().parents[2]
    for delay in (0.05, 0.13, 0.21):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(target)],
            cwd=root,
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        assert target.read_bytes() in valid


def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(SaveError, match="read-only"):
        atomic_write(target, NEW)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, {"post.md"}) == []


# -- hard-linked posts: journaled in-place saves ---------------------------------------------

_HARDLINK_CHILD = """
import sys
from pathlib import Path
from editor.core.storage import atomic_write
target = Path(sys.argv[1])
a = b"A" * 3_000_000 + b"\\n"
b = b"B" * 2_000_000 + b"\\n"
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, a if i % 2 else b)
    i += 1
"""


def _has_user_xattrs(folder: Path) -> bool:
    probe = folder / "xattr-probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.probe", b"1")
        return True
    except (OSError, AttributeError):
        return False
    finally:
        probe.unlink()


def test_sigkill_loop_on_hard_linked_post_leaves_old_or_new(tmp_path: Path) -> None:
    """Kills at spread-out moments of in-place saves; after the next open's recovery the
    post is always entirely one version, both names agree, the writer's own ``.NAME.bak``
    is untouched and nothing of ours is left."""
    import random

    a = b"A" * 3_000_000 + b"\n"
    b = b"B" * 2_000_000 + b"\n"
    target = tmp_path / "post.md"
    target.write_bytes(a)
    other = tmp_path / "linked.md"
    os.link(target, other)
    own_backup = tmp_path / ".post.md.bak"
    own_backup.write_bytes(b"the writer's own backup\n")
    xattrs = _has_user_xattrs(tmp_path)
    if xattrs:
        os.setxattr(target, "user.note", b"keep me")
    root = Path(__file__).resolve().parents[2]
    rng = random.Random(10)
    outcomes = {"old or new before recovery": 0, "torn before recovery": 0, "finished": 0}
    for _ in range(24):
        child = subprocess.Popen(
            [sys.executable, "-c", _HARDLINK_CHILD, str(target)], cwd=root, stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        before = target.read_bytes()
        key = "old or new before recovery" if before in (a, b) else "torn before recovery"
        outcomes[key] += 1
        done = storage.recover_folder(tmp_path)
        outcomes["finished"] += sum("finished" in line for line in done)
        after = target.read_bytes()
        assert after in (a, b), f"torn after recovery ({len(after)} bytes); {outcomes}"
        assert other.read_bytes() == after
        assert target.stat().st_nlink == 2
        assert own_backup.read_bytes() == b"the writer's own backup\n"
        assert _leftovers(tmp_path, {"post.md", "linked.md", ".post.md.bak"}) == []
        if xattrs:
            assert os.getxattr(target, "user.note") == b"keep me"
    print(outcomes)


def test_recover_folder_finishes_a_journaled_save(tmp_path: Path) -> None:
    """A kill after the journal was written but mid-way through the in-place write."""
    import hashlib
    import json

    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    os.link(target, tmp_path / "linked.md")
    tmp = tmp_path / ".post.md.pe-save-999999999-abc123.tmp"
    tmp.write_bytes(NEW)
    info = target.stat()
    record = {
        "magic": "post-editor in-place save 1",
        "target": "post.md",
        "temp": tmp.name,
        "device": info.st_dev,
        "inode": info.st_ino,
        "size": len(NEW),
        "sha256": hashlib.sha256(NEW).hexdigest(),
    }
    (tmp_path / ".post.md.pe-save-999999999-abc123.journal").write_text(json.dumps(record))
    target.write_bytes(NEW[:10] + OLD[10:])  # torn
    done = storage.recover_folder(tmp_path)
    assert done == [".post.md.pe-save-999999999-abc123.journal: finished"]
    assert target.read_bytes() == NEW
    assert (tmp_path / "linked.md").read_bytes() == NEW
    assert _leftovers(tmp_path, {"post.md", "linked.md"}) == []


def test_recover_folder_leaves_the_writers_files_alone(tmp_path: Path) -> None:
    names = [".post.md.bak", ".post.md.tmp", ".post.md.abcdefgh.tmp", "notes.journal"]
    for name in names:
        (tmp_path / name).write_bytes(b"theirs")
    (tmp_path / ".post.md.pe-save-x1.tmp").write_bytes(b"ours, from a killed save")
    (tmp_path / ".post.md.pe-save-x2.journal").write_bytes(b"not json")
    done = storage.recover_folder(tmp_path)
    assert ".post.md.pe-save-x1.tmp: removed" in done
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names, ".post.md.pe-save-x2.journal"]  # unreadable: never guessed at
    )


def test_hard_linked_save_keeps_nothing_behind_and_xattrs(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    os.link(target, tmp_path / "linked.md")
    (tmp_path / ".post.md.bak").write_bytes(b"theirs")
    atomic_write(target, NEW)
    assert (tmp_path / ".post.md.bak").read_bytes() == b"theirs"
    assert _leftovers(tmp_path, {"post.md", "linked.md", ".post.md.bak"}) == []


def test_replacing_save_keeps_extended_attributes(tmp_path: Path) -> None:
    if not _has_user_xattrs(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    os.setxattr(target, "user.xdg.origin.url", b"https://example.org/")
    os.setxattr(target, "user.tag", b"\x00binary\xff")
    inode = target.stat().st_ino
    atomic_write(target, NEW)
    assert target.stat().st_ino != inode  # replaced, not rewritten
    assert os.getxattr(target, "user.xdg.origin.url") == b"https://example.org/"
    assert os.getxattr(target, "user.tag") == b"\x00binary\xff"


def test_recover_folder_leaves_a_running_saves_files(tmp_path: Path) -> None:
    """Another editor still alive (here: this test's parent process) is mid-save."""
    alive = os.getppid()
    running = tmp_path / f".post.md.pe-save-{alive}-r4nd0m.tmp"
    running.write_bytes(b"being written")
    dead = tmp_path / ".post.md.pe-save-999999999-d34d.tmp"
    dead.write_bytes(b"left by a kill")
    assert storage.recover_folder(tmp_path) == [f"{dead.name}: removed"]
    assert running.exists()


def test_replacing_save_keeps_a_posix_acl_where_supported(tmp_path: Path) -> None:
    import struct

    target = tmp_path / "post.md"
    target.write_bytes(OLD)
    everyone = 0xFFFFFFFF
    entries = [(1, 6, everyone), (2, 4, 65534), (4, 4, everyone), (0x10, 4, everyone)]
    entries.append((0x20, 4, everyone))  # owner rw, user 65534 r, group, mask, other r
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)
    try:
        os.setxattr(target, "system.posix_acl_access", acl)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"this file system takes no POSIX ACL here: {exc}")
    atomic_write(target, NEW)
    assert os.getxattr(target, "system.posix_acl_access") == acl


def test_saves_in_other_threads_survive_opens_that_tidy_the_folder(tmp_path: Path) -> None:
    # An open tidies our leftovers in the post's folder; a save running in another thread of
    # this process (a tag rename writes several posts at once) is not a leftover.
    from concurrent.futures import ThreadPoolExecutor

    from editor.core.post import Post
    from editor.core.storage import atomic_write

    posts = [tmp_path / f"p{i}.md" for i in range(8)]
    for path in posts:
        path.write_bytes(b"---\ntitle: x\n---\nbody\n")

    def churn(path: Path) -> None:
        for round_ in range(40):
            atomic_write(path, f"---\ntitle: x{round_}\n---\n{'body ' * 2000}\n".encode())
            Post.load(posts[(posts.index(path) + 1) % len(posts)])

    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(churn, path) for path in posts]:
            future.result()  # a removed temporary file would raise here
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in posts)
