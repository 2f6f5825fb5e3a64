"""The one writer of post bytes: atomic, durable saves and on-disk change detection.

A save writes a temporary file in the same folder, flushes and fsyncs it, renames it over
the target and fsyncs the folder, so a crash leaves either the old or the new file, never
a mix. Mode bits and extended attributes are kept, a symlink keeps pointing at its (updated)
target, and a file with other hard links is rewritten in place from a fsynced temporary copy
named in a small journal, so the links stay shared and a kill is finished at the next open
(``recover_folder``). Our temporary names carry ``.pe-save-``; nothing else is ever removed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from editor.core.digest import sha256

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
        return cls(info.st_mtime_ns, len(data), sha256(data).hexdigest())


# Our own temporary names carry this marker, so a clean-up never touches a writer's own files
# (a ``.NAME.bak`` or ``.NAME.tmp`` of theirs is left alone).
TEMP_MARK = ".pe-save-"
TEMP_SUFFIX = ".tmp"
JOURNAL_SUFFIX = ".journal"
_JOURNAL_MAGIC = "post-editor in-place save 1"


def _temp_prefix(name: str) -> str:
    """Our temporary names: ``.NAME.pe-save-PID-THREAD-RANDOM.tmp`` (the writer's process and
    thread, so an open elsewhere, or in another thread, never removes a running save's files)."""
    return f".{name}{TEMP_MARK}{os.getpid()}-{threading.get_ident()}-"


def _writer_running(name: str) -> bool:
    """Whether the process that made our temporary file ``name`` is another one still alive."""
    pid_text, _, rest = name.rsplit(TEMP_MARK, 1)[-1].partition("-")
    if pid_text.isdigit() and int(pid_text) == os.getpid():
        # Ours: another thread of this process may be saving (a tag rename writes several
        # posts at once while each load tidies its folder); this thread is not.
        thread_text = rest.split("-", 1)[0]
        return (
            thread_text.isdigit()
            and int(thread_text) != threading.get_ident()
            and any(t.ident == int(thread_text) for t in threading.enumerate())
        )
    if not pid_text.isdigit() or os.name != "posix":
        return False
    try:
        os.kill(int(pid_text), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


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


def _copy_xattrs(source: Path, fd: int) -> None:
    """Extended attributes of ``source`` onto the open file ``fd``, where the platform has them.

    Attributes the file system or our rights refuse (``security.*`` without privilege, say)
    are skipped with a log line: they never fail a save.
    """
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as exc:
            log.info("extended attribute %s of %s not kept: %s", name, source, exc)


def _copy_metadata(target: Path, fd: int, info: os.stat_result) -> None:
    """Give a temporary file the target's extended attributes, mode and (when allowed) owner."""
    _copy_xattrs(target, fd)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):
        os.fchown(fd, info.st_uid, info.st_gid)


def _replace_atomically(target: Path, data: bytes, info: os.stat_result | None) -> None:
    folder = target.parent
    fd, tmp_name = tempfile.mkstemp(
        prefix=_temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=folder
    )
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            if info is not None:
                _copy_metadata(target, fd, info)
            else:
                os.fchmod(fd, 0o666 & ~_umask())
            os.fsync(fd)
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
    """For a file with several hard links: rewrite the same inode, recoverably.

    The new bytes go to a unique temporary file first (fsynced), then a small journal naming
    it is written atomically beside it; only then is the shared inode rewritten. A kill
    before the journal exists leaves the old file (and a temporary file the next open
    removes); a kill after it is rolled forward by ``recover_folder`` at the next open, from
    the complete temporary copy. Success leaves nothing behind.
    """
    folder = target.parent
    info = os.stat(target)
    original = target.read_bytes()
    fd, tmp_name = tempfile.mkstemp(
        prefix=_temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=folder
    )
    tmp = Path(tmp_name)
    journal = _journal_of(tmp)
    keep = False  # True: the journal and temporary copy must stay for the next open
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        record = {
            "magic": _JOURNAL_MAGIC,
            "target": target.name,
            "temp": tmp.name,
            "device": info.st_dev,
            "inode": info.st_ino,
            "size": len(data),
            "sha256": sha256(data).hexdigest(),
        }
        _replace_atomically(journal, json.dumps(record).encode(), None)
        try:
            _rewrite_in_place(target, data)
        except BaseException:
            # Roll back from the old bytes still in memory. If that fails too, the journal
            # and the temporary copy stay, so the next open finishes the save instead.
            try:
                _rewrite_in_place(target, original)
            except OSError:
                log.error("could not restore %s; the next open finishes the save", target)
                keep = True
            raise
    except BaseException:
        if not keep:
            for leftover in (journal, tmp):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        raise
    # The journal goes first: a temporary file without a journal is only a leftover.
    journal.unlink()
    with contextlib.suppress(OSError):
        tmp.unlink()
    _fsync_dir(folder)


def _journal_of(tmp: Path) -> Path:
    return tmp.with_name(tmp.name[: -len(TEMP_SUFFIX)] + JOURNAL_SUFFIX)


def _finish_journal(journal: Path) -> str:
    """Roll an interrupted in-place save forward; what was done, in words."""
    try:
        record = json.loads(journal.read_bytes())
        if record.get("magic") != _JOURNAL_MAGIC:
            return "not ours: left alone"
        target = journal.with_name(record["target"])
        tmp = journal.with_name(record["temp"])
        if "/" in record["target"] or "/" in record["temp"]:
            return "not ours: left alone"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return "unreadable: left alone"
    try:
        data = tmp.read_bytes()
    except OSError:
        data = None
    result = "target untouched"
    if data is not None and sha256(data).hexdigest() == record.get("sha256"):
        try:
            info = os.stat(target)
        except OSError:
            info = None
        if info is not None and (info.st_dev, info.st_ino) == (
            record.get("device"),
            record.get("inode"),
        ):
            _rewrite_in_place(target, data)
            result = "finished"
        else:
            result = "target replaced since: left as it is"
    journal.unlink()
    with contextlib.suppress(OSError):
        tmp.unlink()
    return result


def recover_folder(folder: Path) -> list[str]:
    """Finish saves a kill interrupted in ``folder`` and remove our temporary leftovers.

    Only names with our marker are considered; returns one line per file acted on.
    Errors are logged, never raised: this runs whenever a site or post is opened.
    """
    done: list[str] = []
    try:
        names = [
            e.name for e in os.scandir(folder) if e.name.startswith(".") and TEMP_MARK in e.name
        ]
    except OSError:
        return done
    for name in sorted(names, key=lambda n: not n.endswith(JOURNAL_SUFFIX)):
        path = Path(folder) / name
        if _writer_running(name):
            continue  # a save in progress in another editor: its files are not leftovers
        try:
            if name.endswith(JOURNAL_SUFFIX):
                if path.exists():
                    done.append(f"{name}: {_finish_journal(path)}")
            elif name.endswith(TEMP_SUFFIX) and path.exists() and not _journal_of(path).exists():
                path.unlink()
                done.append(f"{name}: removed")
        except OSError as exc:
            log.warning("could not clean up %s: %s", path, exc)
    if done:
        _fsync_dir(Path(folder))
        log.info("recovered in %s: %s", folder, "; ".join(done))
    return done


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


# -- many files at once -------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchItem:
    """One file of a batch save: its new bytes and the stamp of the content they were made from."""

    path: Path
    data: bytes
    expected: FileStamp


@dataclass
class BatchResult:
    """What a batch saved (in order), and the failure that stopped it, if any."""

    saved: list[Path]
    failed: tuple[Path, SaveError] | None = None


@dataclass
class _Prepared:
    item: BatchItem
    target: Path
    tmp: Path | None = None  # None: a hard-linked file, rewritten in place when committed
    fd: int | None = None


def _save_error(path: Path, exc: OSError) -> SaveError:
    return SaveError(f"Could not save {path}: {_reason(exc)}. The file on disk was not changed.")


def _check_target(path: Path) -> tuple[Path, os.stat_result]:
    """The file to write for ``path`` (a symlink's target) and its status; SaveError if unusable."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError as exc:
        raise FileGoneError(
            f"{path} was deleted or renamed on disk since it was read; it was not saved."
        ) from exc
    except OSError as exc:
        raise _save_error(path, exc) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SaveError(f"Could not save {path}: it is not a regular file.")
    if not info.st_mode & 0o222:
        raise SaveError(f"Could not save {path}: the file is read-only.")
    return target, info


def _prepare(item: BatchItem) -> _Prepared:
    """Write the item's temporary file (not yet flushed), with the target's mode and xattrs."""
    target, info = _check_target(item.path)
    if info.st_nlink > 1:
        return _Prepared(item, target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=_temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise _save_error(item.path, exc) from exc
    prepared = _Prepared(item, target, Path(tmp_name), fd)
    try:
        _write_all(fd, item.data)
        _copy_metadata(target, fd, info)
    except OSError as exc:
        _discard(prepared)
        raise _save_error(item.path, exc) from exc
    return prepared


def _discard(prepared: _Prepared) -> None:
    if prepared.fd is not None:
        with contextlib.suppress(OSError):
            os.close(prepared.fd)
        prepared.fd = None
    if prepared.tmp is not None:
        with contextlib.suppress(OSError):
            prepared.tmp.unlink()
        prepared.tmp = None


def _flush(prepared: _Prepared) -> None:
    """Make the temporary file durable and close it (run side by side for a batch)."""
    if prepared.fd is None:
        return
    try:
        os.fsync(prepared.fd)
    finally:
        os.close(prepared.fd)
        prepared.fd = None


def _still_as_read(item: BatchItem) -> None:
    """ConflictError unless the file still holds the bytes the new content was made from."""
    current = FileStamp.of(item.path)
    if current is None:
        raise FileGoneError(
            f"{item.path} was deleted or renamed on disk since it was read; it was not saved."
        )
    if current.sha256 != item.expected.sha256:
        raise ConflictError(
            f"{item.path} was changed by another program since it was read; it was not saved."
        )


def save_batch(items: list[BatchItem], *, flushers: int = 16) -> BatchResult:
    """Save several files, each atomically, as if one after another, stopping at the first failure.

    Every temporary file is written first, then all are flushed side by side (the disk waits
    once for the batch rather than once per file), then, in order, each target is checked
    against the stamp it was read with and the temporary file is renamed over it; each folder
    is synced once at the end. A kill at any point leaves every file entirely old or new (the
    next open removes leftover temporary files). On a failure, ``saved`` lists exactly the
    files before it, nothing after it is touched, and no temporary file is left. Hard-linked
    files take the journalled in-place path of ``atomic_write``, in their turn.
    """
    result = BatchResult([])
    prepared: list[_Prepared] = []
    stop: tuple[int, SaveError] | None = None
    try:
        for index, item in enumerate(items):
            try:
                prepared.append(_prepare(item))
            except SaveError as exc:
                stop = (index, exc)
                break
        with ThreadPoolExecutor(max_workers=max(1, min(flushers, len(prepared) or 1))) as pool:
            outcomes = list(pool.map(_outcome_of_flush, prepared))
        for index, error in enumerate(outcomes):
            if error is not None:
                if stop is None or index < stop[0]:
                    stop = (index, _save_error(prepared[index].item.path, error))
                break
        limit = stop[0] if stop is not None else len(prepared)
        folders: set[Path] = set()
        for index, entry in enumerate(prepared[:limit]):
            try:
                _still_as_read(entry.item)
                if entry.tmp is None:
                    _overwrite_in_place(entry.target, entry.item.data)
                else:
                    os.replace(entry.tmp, entry.target)
                    entry.tmp = None
                    folders.add(entry.target.parent)
            except SaveError as exc:
                stop = (index, exc)
                break
            except OSError as exc:
                stop = (index, _save_error(entry.item.path, exc))
                break
            result.saved.append(entry.item.path)
        for folder in sorted(folders):
            _fsync_dir(folder)
    finally:
        for entry in prepared:
            _discard(entry)
    if stop is not None:
        result.failed = (items[stop[0]].path, stop[1])
    return result


def _outcome_of_flush(prepared: _Prepared) -> OSError | None:
    try:
        _flush(prepared)
    except OSError as exc:
        return exc
    return None
