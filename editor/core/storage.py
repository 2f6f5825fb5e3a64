"""The one writer of post bytes: atomic, durable saves and on-disk change detection.

A save writes a temporary file in the same folder, flushes and fsyncs it, renames it over
the target and fsyncs the folder, so a crash leaves either the old or the new file, never
a mix. Mode bits are kept, a symlink keeps pointing at its (updated) target, and a file
with other hard links is rewritten in place after a backup copy, so the links stay shared.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.EIO: "an input/output error occurred",
}


class SaveError(Exception):
    """A save failed; the message says why, and the file on disk was left as it was."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded or last saved."""


class FileExistsConflict(ConflictError):
    """A new post's file name was taken by another file before its first save."""


class FileGoneError(ConflictError):
    """The file was deleted or renamed on disk since it was loaded or last saved."""


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like on disk: modification time, size and content hash."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of the file now, or None when it does not exist or cannot be read."""
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                data = handle.read()
        except OSError:
            return None
        return cls.from_bytes(data, info)

    @classmethod
    def from_bytes(cls, data: bytes, info: os.stat_result) -> FileStamp:
        """The stamp of bytes just read from a file whose status is `info`."""
        return cls(info.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        log.warning("could not open %s to sync it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.warning("could not sync folder %s: %s", folder, exc)
    finally:
        os.close(fd)


def _replace_atomically(target: Path, data: bytes, info: os.stat_result | None) -> None:
    folder = target.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            mode = stat.S_IMODE(info.st_mode) if info else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if info is not None:
                with contextlib.suppress(OSError):
                    os.fchown(fd, info.st_uid, info.st_gid)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Write ``data`` over the file's own inode, truncate and fsync it."""
    fd = os.open(target, os.O_WRONLY)
    try:
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _overwrite_in_place(target: Path, data: bytes) -> None:
    """For a file with several hard links: back it up, then rewrite the same inode."""
    original = target.read_bytes()
    backup = target.with_name(f".{target.name}.bak")
    _replace_atomically(backup, original, None)
    try:
        _rewrite_in_place(target, data)
    except BaseException:
        try:
            _rewrite_in_place(target, original)
        except OSError:
            log.error("could not restore %s; its old content is in %s", target, backup)
            raise
        with contextlib.suppress(OSError):
            backup.unlink()
        raise
    with contextlib.suppress(OSError):
        backup.unlink()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that the file is always entirely old or entirely new.

    Raises SaveError (with the reason in words) when anything fails; the original file is
    then unchanged and no temporary file is left behind.
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SaveError(f"Could not save {path}: {_reason(exc)}.") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise SaveError(f"Could not save {path}: it is not a regular file.")
    if info is not None and not info.st_mode & 0o222:
        raise SaveError(
            f"Could not save {path}: the file is read-only. Make it writable or save a copy."
        )
    try:
        if info is not None and info.st_nlink > 1:
            _overwrite_in_place(target, data)
        else:
            _replace_atomically(target, data, info)
    except OSError as exc:
        folder = target.parent
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and (
            exc.filename is None or Path(exc.filename) != target
        ):
            # The temporary file beside the post could not be made: the folder is the cause.
            raise SaveError(
                f"Could not save {path}: the folder {folder} is read-only ({_reason(exc)}: "
                "no file can be created in it). Make the folder writable, or use Save As to "
                "save a copy elsewhere. The file on disk was not changed."
            ) from exc
        raise SaveError(
            f"Could not save {path}: {_reason(exc)}. The file on disk was not changed."
        ) from exc
    log.debug("saved %d bytes to %s", len(data), target)
