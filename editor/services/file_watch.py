"""Watch the open post on disk: one signal, debounced, re-armed after rename-replace saves.

QFileSystemWatcher stops watching a path whose inode was replaced (how most editors, and we,
save), so every event re-adds the path when it exists again. The folder is watched too, so a
file deleted and re-created is still noticed. What the event means (our own save, another
program's edit, a deletion) is decided by the caller from the file's stamp, never here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from editor.services.debounce import Debounce

log = logging.getLogger(__name__)


class PostWatcher(QObject):
    changed = Signal()  # the watched file (or its folder) may have changed; check the stamp

    def __init__(self, parent: QObject | None = None, delay_ms: int = 150) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._path: Path | None = None
        self._debounce = Debounce(delay_ms, self._fire, self)
        self._watcher.fileChanged.connect(self._on_event)
        self._watcher.directoryChanged.connect(self._on_event)

    @property
    def path(self) -> Path | None:
        return self._path

    def watch(self, path: Path | None) -> None:
        """Watch ``path`` (None: nothing)."""
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        self._debounce.cancel()
        self._path = Path(path) if path is not None else None
        self.rearm()

    def rearm(self) -> None:
        """Add the file and its folder again where the watcher dropped them."""
        if self._path is None:
            return
        for target, present in (
            (str(self._path), self._watcher.files()),
            (str(self._path.parent), self._watcher.directories()),
        ):
            if target not in present and Path(target).exists():
                self._watcher.addPath(target)

    def watched(self) -> list[str]:
        return self._watcher.files() + self._watcher.directories()

    def _on_event(self, _path: str) -> None:
        self._debounce.trigger()

    def _fire(self) -> None:
        self.rearm()
        self.changed.emit()
