"""Keeps the site index up to date off the UI thread and follows the posts folders.

A worker thread owns the writing connection: at open it hands over the rows the index already
has (a warm index shows the list at once), then checks the file, re-reads what changed on disk
in batches, and watches the folders and post files; outside changes are picked up within a
second. The UI thread reads through its own read-only connection (search is a query away).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from editor.core.site import Site
from editor.core.site.index import (
    IndexedPost,
    RefreshResult,
    SearchHit,
    SiteIndex,
    default_index_path,
)

log = logging.getLogger(__name__)

WATCH_DELAY_MS = 250
WATCH_GROUP = 200  # paths added to the watcher per call
GIVE_WAY_S = 0.002


def give_way() -> None:
    """Let the UI thread have the interpreter for a moment.

    The worker's Python work (listing and checking 10,000 files, reading posts) competes with
    the UI thread for the interpreter lock, which changes hands only every 5 ms; a short
    sleep between steps hands it over at once, so rows keep arriving in the list smoothly.
    """
    time.sleep(GIVE_WAY_S)


class _Worker(QObject):
    loaded = Signal(object)  # list[IndexedPost]: what the index had when opened
    changed = Signal(object, object)  # updated list[IndexedPost], removed list[str]
    progress = Signal(int, int)  # done, total
    ready = Signal()  # the index file exists and may be read
    idle = Signal()  # a refresh finished

    def __init__(self, site: Site, db_path: Path | None) -> None:
        super().__init__()
        self.site = site
        self.db_path = db_path
        self.stopping = threading.Event()
        self.index: SiteIndex | None = None
        self.watcher: QFileSystemWatcher | None = None
        self._pending_files: set[str] = set()
        self._rescan = False
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self.index = SiteIndex(self.site, self.db_path)
        self.loaded.emit(self.index.posts())
        if not self.index.verify():
            self.loaded.emit([])
        self.ready.emit()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_directory)
        self.watcher.fileChanged.connect(self._on_file)
        self.refresh_all()

    @Slot()
    def refresh_all(self) -> None:
        if self.index is None or self.stopping.is_set():
            return
        try:
            disk = self.index.on_disk(give_way)
            changed, removed = self.index.stale(disk)
            total = len(changed) + len(removed)
            done = 0

            def on_batch(batch: RefreshResult) -> None:
                nonlocal done
                done += len(batch.updated) + len(batch.removed)
                self.changed.emit(batch.updated, batch.removed)
                self.progress.emit(done, total)
                give_way()

            if total:
                self.progress.emit(0, total)
            self.index._apply(changed, removed, on_batch, self.stopping.is_set)
            self._watch(disk)
        except sqlite3.Error as exc:
            log.warning("site index failed (%s); rebuilding it", exc)
            self._rebuild()
        self.idle.emit()

    @Slot(object)
    def refresh_paths(self, paths: list[str]) -> None:
        if self.index is None or self.stopping.is_set():
            return
        try:
            result = self.index.refresh_paths(paths)
        except sqlite3.Error as exc:
            log.warning("site index failed (%s); rebuilding it", exc)
            self._rebuild()
            return
        if result:
            self.changed.emit(result.updated, result.removed)
        if self.watcher is not None:
            present = [p for p in paths if Path(p).is_file() and p not in self.watcher.files()]
            if present:
                self.watcher.addPaths(present)
        self.idle.emit()

    def _rebuild(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index._delete_files()
        self.index = SiteIndex(self.site, self.db_path)
        self.loaded.emit([])
        self.refresh_all()

    def _watch(self, disk: dict[str, tuple[int, int]]) -> None:
        """Watch every posts folder (for new, removed and renamed files) and every post file."""
        if self.watcher is None or self.index is None:
            return
        wanted = self.index.post_folders() | set(disk)
        current = set(self.watcher.files()) | set(self.watcher.directories())
        # In small groups: one call holds the interpreter lock throughout (10,000 paths took
        # a fifth of a second, and the UI thread waited that long).
        gone = sorted(current - wanted)
        for start in range(0, len(gone), WATCH_GROUP):
            self.watcher.removePaths(gone[start : start + WATCH_GROUP])
        new = sorted(wanted - current)
        for start in range(0, len(new), WATCH_GROUP):
            self.watcher.addPaths(new[start : start + WATCH_GROUP])
            give_way()

    @Slot(str)
    def _on_directory(self, _path: str) -> None:
        self._rescan = True
        if self._timer is not None:
            self._timer.start(WATCH_DELAY_MS)

    @Slot(str)
    def _on_file(self, path: str) -> None:
        self._pending_files.add(path)
        if self._timer is not None:
            self._timer.start(WATCH_DELAY_MS)

    def _on_timer(self) -> None:
        files, self._pending_files = sorted(self._pending_files), set()
        if self._rescan:
            self._rescan = False
            self.refresh_all()
        elif files:
            self.refresh_paths(files)

    @Slot()
    def stop(self) -> None:
        """Runs in the worker thread: close the index, let the thread delete what it owns."""
        if self._timer is not None:
            self._timer.stop()
        if self.watcher is not None:
            self.watcher.deleteLater()
            self.watcher = None
        if self.index is not None:
            self.index.close()
            self.index = None
        self.deleteLater()


_RUNNING: set[tuple[QThread, _Worker]] = set()


def _stop_worker(thread: QThread, worker: _Worker) -> None:
    """Stop a worker (its current batch ends first) and its thread, from the UI thread."""
    _RUNNING.discard((thread, worker))
    worker.stopping.set()
    if thread.isRunning():
        QMetaObject.invokeMethod(worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
    thread.quit()
    thread.wait()


@atexit.register
def _stop_all() -> None:
    """A window deleted without closing must not leave a thread running at exit (Qt aborts)."""
    for thread, worker in list(_RUNNING):
        _stop_worker(thread, worker)


class SiteIndexer(QObject):
    """The window's side of the index: open a site, get rows as they come, search."""

    postsLoaded = Signal(object)  # list[IndexedPost]: replace every row
    postsChanged = Signal(object, object)  # updated, removed paths
    progress = Signal(int, int)
    idle = Signal()
    _refreshAll = Signal()
    _refreshPaths = Signal(object)

    def __init__(self, parent: QObject | None = None, db_path: Path | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.site: Site | None = None
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._reader_path: Path | None = None
        self.busy = False

    def open_site(self, site: Site) -> None:
        self.shutdown()
        self.site = site
        self.busy = True
        # No parent: the thread must outlive a window deleted without closing, until it is
        # stopped (by shutdown, or at exit).
        self._thread = QThread()
        self._thread.setObjectName("siteIndexer")
        self._worker = _Worker(site, self.db_path)
        _RUNNING.add((self._thread, self._worker))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._worker.loaded.connect(self.postsLoaded)
        self._worker.changed.connect(self.postsChanged)
        self._worker.progress.connect(self.progress)
        self._worker.ready.connect(self._open_reader)
        self._worker.idle.connect(self._on_idle)
        self._refreshAll.connect(self._worker.refresh_all)
        self._refreshPaths.connect(self._worker.refresh_paths)
        self._thread.start()

    def refresh_paths(self, paths: Sequence[Path | str]) -> None:
        """Re-check these files now (after our own save, rename or publish)."""
        if self._worker is not None:
            self.busy = True
            self._refreshPaths.emit([str(p) for p in paths])

    def refresh_all(self) -> None:
        if self._worker is not None:
            self.busy = True
            self._refreshAll.emit()

    def _on_idle(self) -> None:
        self.busy = False
        self.idle.emit()

    def _open_reader(self) -> None:
        """Note where the index the worker keeps can be read (each query opens it briefly)."""
        if self.site is None or self._worker is None:
            return
        self._reader_path = Path(self._worker.db_path or default_index_path(self.site.root))

    @contextlib.contextmanager
    def _reader(self) -> Iterator[SiteIndex | None]:
        # A connection per query (well under a millisecond to open): none is left open when
        # the window goes away without closing, and the worker's writes are always seen.
        path, site = self._reader_path, self.site
        if path is None or site is None:
            yield None
            return
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            log.warning("cannot read the site index: %s", exc)
            yield None
            return
        try:
            reader = SiteIndex.__new__(SiteIndex)
            reader.site, reader.path, reader.rebuilt, reader._db = site, path, False, db
            yield reader
        finally:
            db.close()

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        try:
            with self._reader() as reader:
                return reader.search(query, limit=limit) if reader is not None else []
        except sqlite3.Error as exc:
            log.warning("search failed: %s", exc)
            return []

    def term_paths(self, kind: str, name: str) -> list[str]:
        with self._reader() as reader:
            return reader.paths_with_term(kind, name) if reader is not None else []

    def _close_reader(self) -> None:
        self._reader_path = None

    def shutdown(self) -> None:
        """Stop the worker (its current batch ends first) and close every connection."""
        self._close_reader()
        if self._worker is not None and self._thread is not None:
            for signal in (self._refreshAll, self._refreshPaths):
                signal.disconnect()
            _stop_worker(self._thread, self._worker)
            self._thread.deleteLater()
        self._worker = None
        self._thread = None
        self.busy = False


__all__ = ["IndexedPost", "SiteIndexer"]
