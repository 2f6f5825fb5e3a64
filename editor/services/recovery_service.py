"""Qt glue of the recovery journal: journal the open buffer about a second after typing stops.

The typing path only restarts a timer. When it fires, the document's bytes are taken (pending
form edits applied first) and handed to the journal's writer thread; a clean buffer's entry is
removed instead. ``flush_now`` writes synchronously, for a signal, a logout or a quit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from editor.core.paths import data_dir
from editor.core.recovery import RecoveryEntry, RecoveryJournal
from editor.services.debounce import Debounce
from editor.services.document_session import DocumentSession

log = logging.getLogger(__name__)

JOURNAL_DELAY_MS = 1000


def recovery_dir() -> Path:
    """``recovery/`` in the per-user data folder (Qt's AppDataLocation for this app)."""
    return data_dir() / "recovery"


class RecoveryService(QObject):
    """Keeps the open post's unsaved text in the journal; one entry per buffer."""

    journaled = Signal()  # an entry was queued or removed (tests wait on it)
    failed = Signal(str)  # the journal could not be written: the writer is told

    def __init__(
        self,
        session: DocumentSession,
        before_snapshot: Callable[[], None] | None = None,
        parent: QObject | None = None,
        journal: RecoveryJournal | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.journal = journal or RecoveryJournal(recovery_dir())
        self._before_snapshot = before_snapshot
        self._key: str | None = None  # the open buffer's entry, once it has one
        self._written = False
        self._post = session.post
        self._debounce = Debounce(JOURNAL_DELAY_MS, self.snapshot, self)
        session.postChanged.connect(self._on_post_changed)

    @property
    def key(self) -> str | None:
        return self._key

    def buffer_changed(self) -> None:
        """Called on every edit: only restarts the timer (nothing else on the typing path)."""
        self._debounce.trigger()

    def adopt(self, key: str) -> None:
        """The open buffer continues a restored entry (already journaled under ``key``)."""
        self._key = key
        self._written = True
        self._post = self.session.post

    def set_aside(self) -> str | None:
        """Journal the open buffer now and leave its entry in the journal, no longer the open
        buffer's (Take Theirs: the writer's version stays recoverable whatever happens next).
        Its key, or None when there was nothing unsaved."""
        self.flush_now()
        key = self._key if self._written else None
        self._key = None
        self._written = False
        return key

    def forget(self, key: str) -> None:
        """Remove an entry put aside (its text was brought back or deliberately replaced)."""
        self.journal.remove(key)
        self.journaled.emit()

    def _on_post_changed(self) -> None:
        """Another buffer (or the same post reloaded): the old one was saved or discarded."""
        if self.session.post is self._post:
            return
        self._debounce.cancel()
        self._drop()
        self._post = self.session.post
        self._key = None

    def _drop(self) -> None:
        if self._key is not None and self._written:
            self.journal.remove(self._key)
            self.journaled.emit()
        self._written = False

    def _entry(self) -> RecoveryEntry | None:
        """The open buffer as an entry, or None when it has no unsaved changes."""
        if self._before_snapshot is not None:
            self._before_snapshot()
        post = self.session.post
        if post is None or post is not self._post:
            return None
        if not post.is_dirty:
            return None
        if self._key is None:
            self._key = self.journal.new_key()
        site = self.session.site
        return RecoveryEntry(
            key=self._key,
            path=post.path if post.stamp is not None else None,
            stamp=post.stamp,
            data=post.document.to_bytes(),
            saved_at=time.time(),
            site=site.root if site is not None else None,
            suggested_path=post.path if post.stamp is None else None,
        )

    def _safe_entry(self) -> RecoveryEntry | bool | None:
        """The entry, None for a clean buffer, False when the buffer could not be taken (the
        last entry then stays as it is)."""
        try:
            return self._entry()
        except Exception as exc:  # a journal problem must never break typing or quitting
            log.exception("recovery journal: could not take the buffer")
            self.failed.emit(f"The recovery journal could not take this text: {exc}")
            return False

    def snapshot(self) -> None:
        """Journal the open buffer now (queued to the writer thread), or drop its clean entry."""
        self._debounce.cancel()
        if self.journal.last_error:
            self.failed.emit(
                f"Unsaved work is not being kept for recovery: {self.journal.last_error}"
            )
        entry = self._safe_entry()
        if entry is False:
            return
        if not isinstance(entry, RecoveryEntry):
            self._drop()
            return
        self.journal.write(entry)
        self._written = True
        self.journaled.emit()

    def saved(self) -> None:
        """The buffer was saved: its entry goes (a later edit starts a new one)."""
        self._debounce.cancel()
        self._post = self.session.post
        self._drop()

    def flush_now(self) -> bool:
        """Everything unsaved on disk before returning (a signal, a logout, a quit)."""
        self._debounce.cancel()
        entry = self._safe_entry()
        if entry is None:
            self._drop()
        elif isinstance(entry, RecoveryEntry):
            self.journal.write_now(entry)
            self._written = True
        return self.journal.flush()

    def shutdown(self, *, keep: bool) -> None:
        """The window is going; ``keep`` leaves the unsaved buffer's entry for the next start."""
        if keep:
            self.flush_now()
        else:
            self._debounce.cancel()
            self._drop()
        self.journal.close()
