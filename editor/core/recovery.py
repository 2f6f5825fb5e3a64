"""The recovery journal: unsaved buffers kept on disk so a crash or kill loses no word (no Qt).

Each open buffer with unsaved changes has one entry in the journal folder (the application's
data folder, never the site): a file ``<session>-<n>.entry`` holding a line of JSON (the post's
path, its stamp on disk when journaled, the time) and then the document's bytes, exactly as a
save would write them. Entries are replaced atomically, so an entry is always a whole one.

A running editor holds a lock on ``<session>.lock``; entries whose session lock is free
belong to an editor that is gone (killed, crashed, logged out) and are offered at the next
start. Writing happens on a background thread, so journaling never waits on the disk in the
typing path; ``flush()`` waits for it (before quitting).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from editor.core.storage import FileStamp, SaveError, atomic_write

log = logging.getLogger(__name__)

MAGIC = b"post-editor recovery 1\n"
ENTRY_SUFFIX = ".entry"
LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class RecoveryEntry:
    """One journaled buffer: what it held, where it belongs, and the disk when journaled."""

    key: str
    path: Path | None  # None: a new post never saved
    stamp: FileStamp | None  # the file on disk when journaled (None: no file then)
    data: bytes  # the document's bytes, as a save would write them
    saved_at: float  # time.time() of the journal write
    site: Path | None = None  # the site the buffer was edited in
    suggested_path: Path | None = None  # where a new post would be saved

    @property
    def name(self) -> str:
        if self.path is not None:
            return self.path.name
        if self.suggested_path is not None:
            return f"{self.suggested_path.name} (new, never saved)"
        return "Untitled (new, never saved)"

    def disk_now(self) -> FileStamp | None:
        return FileStamp.of(self.path) if self.path is not None else None

    def disk_changed(self) -> bool:
        """Whether the file on disk differs from when the buffer was journaled."""
        if self.path is None:
            return False
        now = self.disk_now()
        if now is None or self.stamp is None:
            return now != self.stamp
        return (now.sha256, now.size, now.mtime_ns) != (
            self.stamp.sha256,
            self.stamp.size,
            self.stamp.mtime_ns,
        )

    def to_bytes(self) -> bytes:
        meta = {
            "key": self.key,
            "path": str(self.path) if self.path is not None else None,
            "stamp": None
            if self.stamp is None
            else {
                "mtime_ns": self.stamp.mtime_ns,
                "size": self.stamp.size,
                "sha256": self.stamp.sha256,
            },
            "saved_at": self.saved_at,
            "site": str(self.site) if self.site is not None else None,
            "suggested_path": str(self.suggested_path) if self.suggested_path else None,
            "length": len(self.data),
        }
        return MAGIC + json.dumps(meta, ensure_ascii=True).encode() + b"\n" + self.data

    @classmethod
    def from_bytes(cls, raw: bytes) -> RecoveryEntry:
        """Raises ValueError for anything that is not a whole entry."""
        if not raw.startswith(MAGIC):
            raise ValueError("not a recovery entry")
        header, sep, data = raw[len(MAGIC) :].partition(b"\n")
        if not sep:
            raise ValueError("truncated recovery entry")
        meta = json.loads(header)
        if len(data) != meta["length"]:
            raise ValueError("truncated recovery entry")
        stamp = meta.get("stamp")
        return cls(
            key=str(meta["key"]),
            path=Path(meta["path"]) if meta.get("path") else None,
            stamp=FileStamp(int(stamp["mtime_ns"]), int(stamp["size"]), str(stamp["sha256"]))
            if stamp
            else None,
            data=data,
            saved_at=float(meta["saved_at"]),
            site=Path(meta["site"]) if meta.get("site") else None,
            suggested_path=Path(meta["suggested_path"]) if meta.get("suggested_path") else None,
        )


def unified_diff(theirs: str, mine: str, theirs_name: str, mine_name: str) -> str:
    """A readable diff from ``theirs`` (on disk) to ``mine`` (the unsaved text)."""
    import difflib  # only when a comparison is asked for: not at start-up

    lines = difflib.unified_diff(
        theirs.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        fromfile=theirs_name,
        tofile=mine_name,
        n=2,
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end\n")
    return "".join(out) or "The two versions are identical.\n"


def decode_for_display(data: bytes) -> str:
    """Bytes as text for a comparison (never for saving): undecodable bytes shown as U+FFFD."""
    from editor.core.textio import TextDecodeError, decode_bytes

    try:
        return decode_bytes(data)[0]
    except (TextDecodeError, ValueError):
        return data.decode("utf-8", errors="replace")


class _SessionLock:
    """An advisory lock held as long as this process lives (released by the kernel on kill)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        _lock_fd(self._fd, blocking=True)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, str(os.getpid()).encode())

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            with contextlib.suppress(OSError):
                self.path.unlink()


def _lock_fd(fd: int, *, blocking: bool) -> bool:
    """An exclusive lock on the open file ``fd``; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        mode = getattr(msvcrt, "LK_LOCK" if blocking else "LK_NBLCK")
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            locking = getattr(msvcrt, "locking")  # noqa: B009 (absent from the POSIX stubs)
            locking(fd, mode, 1)
        except OSError:
            return False
        return True
    flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
    try:
        fcntl.flock(fd, flags)
    except BlockingIOError:
        return False
    return True


def _session_alive(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: never offer another running editor's buffers
    try:
        return not _lock_fd(fd, blocking=False)
    finally:
        os.close(fd)


class RecoveryJournal:
    """The journal folder of this editor process: write, remove and list entries."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.session = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(4).hex()}"
        self._counter = 0
        self._lock = _SessionLock(self.folder / f"{self.session}{LOCK_SUFFIX}")
        self._locked = False
        self._pending: dict[str, RecoveryEntry | None] = {}  # None: remove
        self._cond = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    # -- keys -------------------------------------------------------------------------------
    def new_key(self) -> str:
        """A key for one buffer of this session (a new one per opened or created post)."""
        self._counter += 1
        return f"{self.session}-{self._counter}"

    def entry_path(self, key: str) -> Path:
        return self.folder / f"{key}{ENTRY_SUFFIX}"

    # -- writing ----------------------------------------------------------------------------
    def _start(self) -> None:
        if not self._locked:
            self.folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                self.folder.chmod(0o700)
            self._lock.acquire()
            self._locked = True
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="recovery-journal", daemon=True)
            self._thread.start()

    def write(self, entry: RecoveryEntry) -> None:
        """Queue ``entry`` to be written (the latest per key wins); returns at once."""
        self._start()
        with self._cond:
            self._pending[entry.key] = entry
            self._cond.notify()

    def remove(self, key: str) -> None:
        """Queue the removal of the entry ``key`` (saved or discarded)."""
        with self._cond:
            self._pending[key] = None
            self._cond.notify()
        if self._thread is None:
            self._apply(key, None)
            with self._cond:
                self._pending.pop(key, None)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued is on disk; False on time-out."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def write_now(self, entry: RecoveryEntry) -> None:
        """Write ``entry`` synchronously (signal handlers, logout): on disk when this returns."""
        self._start()
        with self._cond:
            self._pending.pop(entry.key, None)
        self.flush()
        self._apply(entry.key, entry)

    def _run(self) -> None:
        me = threading.current_thread()
        while True:
            with self._cond:
                while not self._pending and self._thread is me:
                    self._cond.wait()
                if self._thread is not me and (not self._pending or self._thread is not None):
                    return  # closed with everything on disk, or a newer thread took over
                key, entry = next(iter(self._pending.items()))
                del self._pending[key]
                self._busy = True
            try:
                self._apply(key, entry)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _apply(self, key: str, entry: RecoveryEntry | None) -> None:
        path = self.entry_path(key)
        try:
            if entry is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, entry.to_bytes())
            self.last_error = None
        except (SaveError, OSError) as exc:
            self.last_error = str(exc)
            log.error("recovery journal: %s", exc)

    def close(self) -> None:
        """Flush, end the writing thread, then release this session's lock (its remaining
        entries stay for later)."""
        self.flush()
        thread = self._thread
        with self._cond:
            self._thread = None
            self._cond.notify_all()
        if thread is not None:
            thread.join(10.0)
        if self._locked:
            self._lock.release()
            self._locked = False

    # -- reading ----------------------------------------------------------------------------
    def orphaned_entries(self) -> list[RecoveryEntry]:
        """Entries left by editors that are no longer running, oldest first."""
        entries: list[RecoveryEntry] = []
        try:
            names = sorted(p.name for p in self.folder.iterdir())
        except OSError:
            return entries
        for name in names:
            if not name.endswith(ENTRY_SUFFIX):
                continue
            key = name[: -len(ENTRY_SUFFIX)]
            session = key.rsplit("-", 1)[0]
            if session == self.session or _session_alive(self.folder / f"{session}{LOCK_SUFFIX}"):
                continue
            try:
                entry = RecoveryEntry.from_bytes((self.folder / name).read_bytes())
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("recovery journal: %s is unreadable (%s); left in place", name, exc)
                continue
            entries.append(entry)
        # Locks of sessions that are gone and have no entries left are removed.
        for name in names:
            if name.endswith(LOCK_SUFFIX):
                session = name[: -len(LOCK_SUFFIX)]
                gone = session != self.session and not _session_alive(self.folder / name)
                if gone and not any(e.key.startswith(session + "-") for e in entries):
                    with contextlib.suppress(OSError):
                        (self.folder / name).unlink()
        return sorted(entries, key=lambda e: e.saved_at)

    def discard(self, entry: RecoveryEntry) -> None:
        """Delete an orphaned entry (the writer said so)."""
        self.entry_path(entry.key).unlink(missing_ok=True)

    def adopt(self, entry: RecoveryEntry) -> str:
        """Take over an orphaned entry's file: journaled again under a key of this session."""
        key = self.new_key()
        self.write(
            RecoveryEntry(
                key,
                entry.path,
                entry.stamp,
                entry.data,
                time.time(),
                entry.site,
                entry.suggested_path,
            )
        )
        old = self.entry_path(entry.key)
        self.flush()
        old.unlink(missing_ok=True)
        return key
