"""save_batch: many files saved as if one after another, with one flush per batch."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.core import storage
from editor.core.storage import (
    BatchItem,
    ConflictError,
    FileGoneError,
    FileStamp,
    SaveError,
    save_batch,
)


def _posts(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"post-{n}.md"
        path.write_bytes(f"---\ntags: [old]\n---\npost {n}\n".encode())
        paths.append(path)
    return paths


def _items(paths: list[Path]) -> list[BatchItem]:
    items = []
    for path in paths:
        stamp = FileStamp.of(path)
        assert stamp is not None
        items.append(BatchItem(path, path.read_bytes().replace(b"old", b"new"), stamp))
    return items


def _ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if storage.TEMP_MARK in p.name)


def test_saves_every_file_keeping_mode_and_links(tmp_path: Path) -> None:
    paths = _posts(tmp_path, 5)
    paths[0].chmod(0o640)
    elsewhere = tmp_path / "real.md"
    elsewhere.write_bytes(b"---\ntags: [old]\n---\nreal\n")
    paths[1].unlink()
    paths[1].symlink_to(elsewhere.name)
    twin = tmp_path / "twin.md"
    os.link(paths[2], twin)
    result = save_batch(_items(paths))
    assert result.failed is None
    assert result.saved == paths
    assert all(b"[new]" in p.read_bytes() for p in paths)
    assert stat.S_IMODE(paths[0].stat().st_mode) == 0o640
    assert paths[1].is_symlink() and b"[new]" in elsewhere.read_bytes()
    assert twin.read_bytes() == paths[2].read_bytes() and paths[2].stat().st_nlink == 2
    assert _ours(tmp_path) == []


def test_keeps_extended_attributes(tmp_path: Path) -> None:
    (path,) = _posts(tmp_path, 1)
    try:
        os.setxattr(path, "user.note", b"keep me")
    except (OSError, AttributeError):
        pytest.skip("this file system has no user extended attributes")
    assert save_batch(_items([path])).failed is None
    assert os.getxattr(path, "user.note") == b"keep me"


def test_a_failure_mid_batch_saves_exactly_the_files_before_it(tmp_path: Path) -> None:
    paths = _posts(tmp_path, 6)
    originals = {p: p.read_bytes() for p in paths}
    items = _items(paths)
    paths[3].chmod(0o444)  # read-only: refused before anything is written for it
    result = save_batch(items)
    assert result.saved == paths[:3]
    assert result.failed is not None and result.failed[0] == paths[3]
    assert "read-only" in str(result.failed[1])
    for path in paths[3:]:
        assert path.read_bytes() == originals[path]
    assert _ours(tmp_path) == []


def test_a_file_changed_after_reading_is_not_overwritten(tmp_path: Path) -> None:
    paths = _posts(tmp_path, 4)
    items = _items(paths)
    paths[1].write_bytes(b"---\ntags: [theirs]\n---\nedited elsewhere\n")
    paths[2].unlink()
    result = save_batch(items)
    assert result.saved == [paths[0]]
    assert result.failed is not None and isinstance(result.failed[1], ConflictError)
    assert paths[1].read_bytes() == b"---\ntags: [theirs]\n---\nedited elsewhere\n"
    assert b"[old]" in paths[3].read_bytes()
    result = save_batch(items[2:])
    assert result.saved == [] and isinstance(result.failed and result.failed[1], FileGoneError)
    assert not paths[2].exists()
    assert _ours(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_disk_failure_saves_only_the_files_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    paths = _posts(tmp_path, 5)
    originals = {p: p.read_bytes() for p in paths}
    items = _items(paths)
    broken_name = paths[2].name
    if failing == "fsync":
        real_flush = storage._flush

        def flush(prepared: storage._Prepared) -> None:
            if prepared.item.path.name == broken_name:
                raise OSError(errno.EIO, "Input/output error")
            real_flush(prepared)

        monkeypatch.setattr(storage, "_flush", flush)
    else:
        real_replace = os.replace

        def replace(source: object, target: object) -> None:
            if Path(str(target)).name == broken_name:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_replace(source, target)  # type: ignore[arg-type]

        monkeypatch.setattr(storage.os, "replace", replace)
    result = save_batch(items)
    monkeypatch.undo()
    assert result.saved == paths[:2]
    assert result.failed is not None and result.failed[0] == paths[2]
    assert isinstance(result.failed[1], SaveError)
    for path in paths[2:]:
        assert path.read_bytes() == originals[path]
    assert _ours(tmp_path) == []


_CHILD = """
import sys
from pathlib import Path
from editor.core.storage import BatchItem, FileStamp, save_batch
paths = sorted(Path(sys.argv[1]).glob("*.md"))
print("ready", flush=True)
while True:
    items = []
    for path in paths:
        data = path.read_bytes()
        new = b"B" * 40_000 + b"\\n" if data.startswith(b"A") else b"A" * 60_000 + b"\\n"
        items.append(BatchItem(path, new, FileStamp.of(path)))
    assert save_batch(items).failed is None
"""


def test_sigkill_during_batches_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    valid = {b"A" * 60_000 + b"\n", b"B" * 40_000 + b"\n"}
    for n in range(40):
        (tmp_path / f"post-{n:02d}.md").write_bytes(b"A" * 60_000 + b"\n")
    root = Path(__file__).resolve().parents[2]
    rng = random.Random(14)
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(tmp_path)], cwd=root, stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.02, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        for path in tmp_path.glob("*.md"):
            assert path.read_bytes() in valid, path.name
        storage.recover_folder(tmp_path)
        assert _ours(tmp_path) == []
