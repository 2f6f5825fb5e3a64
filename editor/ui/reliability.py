"""No word is ever lost: the window's recovery journal, disk watching, conflicts and session.

One controller wired into the main window: it journals unsaved buffers, offers what a killed
run left behind, watches the open post on disk (reload a clean buffer, a bar for a dirty one),
resolves save-time conflicts without a default that overwrites, quits cleanly on SIGTERM,
SIGINT or a session logout, remembers cursor and scroll, and autosaves when asked to.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QMenu

from editor.core.frontmatter import PostDocument
from editor.core.post import Post
from editor.core.recovery import RecoveryEntry, decode_for_display, unified_diff
from editor.core.storage import ConflictError, FileStamp, SaveError
from editor.services.debounce import Debounce
from editor.services.file_watch import PostWatcher
from editor.services.recovery_service import RecoveryService
from editor.ui import messages
from editor.ui.disk_change_bar import CHANGED, GONE, DiskChangeBar
from editor.ui.messages import Choice

if TYPE_CHECKING:
    from editor.services.unix_signals import SignalBridge
    from editor.ui.main_window import MainWindow

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 4000
FOCUS_HASH_LIMIT = 8_000_000


class Reliability(QObject):
    def __init__(self, window: MainWindow, bar: DiskChangeBar) -> None:
        super().__init__(window)
        self.w = window
        self.bar = bar
        self.recovery = RecoveryService(window.session, window.form.flush_pending, self)
        self.watcher = PostWatcher(self)
        self.keep_journal_on_close = False
        self._set_aside: bytes | None = None  # the writer's version after Take Theirs
        # The source pane's undo steps (Qt counts each command) just before Take Theirs put
        # their text in: back to that many (Ctrl+Z on that edit) brings the writer's whole
        # version back, as the bar's Undo does.
        self._mine_steps: int | None = None
        self._aside_keys: list[str] = []  # its journal entries, kept until a save
        self._aside_post: Post | None = None
        self._bar_sha: str | None = None  # the disk version the bar was shown for
        self._autosave = Debounce(AUTOSAVE_DELAY_MS, self.autosave, self)
        self._signals: SignalBridge | None = None

        w = window
        w.source.textEdited.connect(self._on_edit)
        w.source.textEdited.connect(self._after_source_edit)
        w.form.edited.connect(self._on_edit)
        w.session.postChanged.connect(self._on_post_changed)
        self.watcher.changed.connect(self.check_disk)
        self.recovery.failed.connect(lambda text: w.statusBar().showMessage(text, 15000))
        bar.compareClicked.connect(self.compare)
        bar.keepMineClicked.connect(self.keep_mine)
        bar.takeTheirsClicked.connect(self.take_theirs)
        bar.saveMineAsClicked.connect(self.save_mine_as)
        bar.saveThereClicked.connect(self.keep_mine)
        bar.undoTakeTheirsClicked.connect(self.undo_take_theirs)
        w.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.commitDataRequest.connect(self._on_commit_data)
        self._add_actions()

    # -- menu -------------------------------------------------------------------------------
    def _add_actions(self) -> None:
        w = self.w
        self.recover_action = QAction("&Recover Unsaved Work…", w)
        self.recover_action.setObjectName("action:recover")
        self.recover_action.triggered.connect(lambda: self.offer_recovery(at_start=False))
        self.autosave_action = QAction("Auto&save", w)
        self.autosave_action.setObjectName("action:autosave")
        self.autosave_action.setCheckable(True)
        self.autosave_action.setStatusTip(
            "Save the open post to its file a few seconds after typing stops"
        )
        self.autosave_action.setChecked(bool(w.settings.value("editing/autosave")))
        self.autosave_action.toggled.connect(
            lambda on: w.settings.set_value("editing/autosave", on)
        )
        before = w.commands.close_post
        menus = w.menuBar().findChildren(QMenu)
        file_menu = next((m for m in menus if before in m.actions()), None)
        if file_menu is not None:
            file_menu.insertAction(before, self.recover_action)
            file_menu.insertAction(before, self.autosave_action)
            file_menu.insertSeparator(before)

    # -- journal ----------------------------------------------------------------------------
    def _on_edit(self) -> None:
        self.keep_journal_on_close = False
        self.recovery.buffer_changed()
        if self.autosave_action.isChecked():
            self._autosave.trigger()

    def _on_post_changed(self) -> None:
        post = self.w.session.post
        self._set_aside = None
        if post is not self._aside_post:
            # Another post: a version put aside stays in the journal, offered at next start.
            self._aside_keys = []
            self._aside_post = None
        self._bar_sha = None
        self.bar.dismiss()
        self.watcher.watch(post.path if post is not None and post.stamp is not None else None)

    def after_save(self) -> None:
        """A save succeeded: no journal entry, no bar, the (maybe new) path watched."""
        post = self.w.session.post
        self.recovery.saved()
        self._forget_aside()  # the writer saved after taking theirs: their choice is made
        self._set_aside = None
        self._bar_sha = None
        self.bar.dismiss()
        self.watcher.watch(post.path if post is not None else None)

    # -- signals and logout -----------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT/SIGHUP: journal what is unsaved, then quit without asking."""
        from editor.services.unix_signals import SignalBridge

        self._signals = SignalBridge(self._on_signal, parent=self)

    def _on_signal(self, signum: int) -> None:
        log.warning("signal %s: keeping unsaved work in the recovery journal and quitting", signum)
        self.quit_keeping_journal()

    def quit_keeping_journal(self) -> None:
        self.recovery.flush_now()
        self.keep_journal_on_close = True
        app = QGuiApplication.instance()
        self.w.close()
        if app is not None:
            app.quit()

    def _on_commit_data(self, _manager) -> None:
        """A session-manager logout: everything unsaved is in the journal before it goes on,
        and the close that follows asks nothing (a logout cannot wait for an answer). If the
        logout is cancelled, the next edit makes closing ask again."""
        self.recovery.flush_now()
        self.keep_journal_on_close = True

    def shutdown(self) -> None:
        self._autosave.cancel()
        self.recovery.shutdown(keep=self.keep_journal_on_close)
        if self._signals is not None:
            self._signals.uninstall()
            self._signals = None
        self.watcher.watch(None)

    # -- recovery dialog --------------------------------------------------------------------
    def offer_recovery(self, *, at_start: bool = True) -> bool:
        """Show the recovery dialog when a previous run left unsaved work; True if restored."""
        journal = self.recovery.journal
        entries = journal.orphaned_entries()
        if not entries:
            if not at_start:
                self.w.statusBar().showMessage("There is no unsaved work to recover.", 5000)
            return False
        from editor.ui import recovery_dialog  # only when there is something to offer

        dialog = recovery_dialog.RecoveryDialog(journal, entries, self.w)
        dialog.exec()
        entry = dialog.restored
        left = len(dialog.entries) - (1 if entry is not None else 0)
        dialog.deleteLater()
        restored = entry is not None and self.restore(entry)
        if left:
            self.w.statusBar().showMessage(
                f"{left} more unsaved text(s) kept: File → Recover Unsaved Work…", 10000
            )
        return restored

    def restore(self, entry: RecoveryEntry) -> bool:
        """Put the entry's text back as unsaved changes; the file on disk is not touched."""
        w = self.w
        if not w.maybe_save():
            return False
        document = PostDocument.from_bytes(entry.data)
        if entry.path is not None and entry.path.is_file():
            if not w.open_post(entry.path, ask=False):
                return False
            post = w.session.post
            assert post is not None
            post.document = document
            if entry.stamp is not None:
                # Saving checks against the version the text was based on, so another
                # program's edit since then shows up as a conflict, not overwritten.
                post.stamp = entry.stamp
        else:
            site = entry.site
            if site is not None and site.is_dir():
                current = w.session.site
                if current is None or Path(current.root) != site:
                    w.session.open_site(site)
                    w._show_site()
            post = Post(document, entry.path or entry.suggested_path, entry.stamp, None)
            w.session.post = post
            w.session.postChanged.emit()
        w._show_post()
        key = self.recovery.journal.adopt(entry)
        self.recovery.adopt(key)
        w._update_title()
        w.statusBar().showMessage(
            f"Restored the unsaved text of {entry.name}; it is not saved yet.", 10000
        )
        self.check_disk()
        return True

    # -- files changed on disk --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.w
            and event.type() == QEvent.Type.ActivationChange
            and self.w.isActiveWindow()
        ):
            QTimer.singleShot(0, lambda: self.check_disk(on_focus=True))
        return False

    def _name(self) -> str:
        post = self.w.session.post
        return post.path.name if post is not None and post.path is not None else "Untitled"

    def check_disk(self, *, on_focus: bool = False) -> None:
        """Compare the open post's file with its stamp; reload, show the bar, or nothing.

        The content is hashed, so a change keeping the size and modification time is seen
        too; only on a focus change is a large file (over 8 MB) taken as unchanged when its
        size and modification time are (the watcher still reports its every write).
        """
        post = self.w.session.post
        if post is None or post.path is None or post.stamp is None:
            return
        self.watcher.rearm()
        if on_focus and post.stamp.size > FOCUS_HASH_LIMIT:
            try:
                info = os.stat(post.path)
            except OSError:
                info = None
            if info is not None and (info.st_size, info.st_mtime_ns) == (
                post.stamp.size,
                post.stamp.mtime_ns,
            ):
                return
        now = FileStamp.of(post.path)
        if now is None:
            if self.bar.mode != GONE:
                self.bar.show_gone(self._name())
                self.w.statusBar().showMessage(
                    f"{self._name()} was deleted or moved on disk; your text is kept.", 10000
                )
            return
        if now.sha256 == post.stamp.sha256:
            if self.bar.mode in (CHANGED, GONE):
                self.bar.dismiss()
            return
        if not post.is_dirty:
            self._reload_keeping_view()
            self.w.statusBar().showMessage(
                f"Reloaded {self._name()}: it was changed on disk by another program.", 10000
            )
            return
        if self.bar.mode != CHANGED or self._bar_sha != now.sha256:
            self._bar_sha = now.sha256
            self.bar.show_changed(self._name())

    def _reload_keeping_view(self) -> None:
        """Reload from disk; the source pane keeps its cursor and scroll (``set_text``)."""
        w = self.w
        try:
            w.session.reload()
        except (OSError, ValueError) as exc:
            messages.error(w, "Cannot reload", f"{self._name()}: {exc}")
            return
        w._show_post()
        self.recovery.snapshot()

    def _mine_and_theirs(self) -> tuple[str, str]:
        w = self.w
        post = w.session.post
        assert post is not None and post.path is not None
        w.form.flush_pending()
        post.document.set_body(w.source.checked_text())
        mine = decode_for_display(post.document.to_bytes())
        try:
            theirs = decode_for_display(post.path.read_bytes())
        except OSError as exc:
            theirs = f"(cannot read the file on disk: {exc.strerror or exc})\n"
        return mine, theirs

    def diff_text(self) -> str:
        mine, theirs = self._mine_and_theirs()
        return unified_diff(theirs, mine, f"{self._name()} (on disk)", "your version")

    def compare(self) -> None:
        from editor.ui import recovery_dialog

        recovery_dialog.show_diff(self.w, f"Compare — {self._name()}", self.diff_text())

    def keep_mine(self) -> None:
        """Save the writer's version over the file (only ever from an explicit click)."""
        self.w._save_to(None, force=True)

    def save_mine_as(self) -> None:
        self.w.save_as()

    def take_theirs(self) -> None:
        """Load the version on disk into the buffer, which then agrees with the file.

        The writer's version is not only kept in memory: it stays in the recovery journal (a
        crash, a kill or another post opened meanwhile lose nothing; the next start offers
        it), the bar's Undo brings it all back, and so does Ctrl+Z in the source pane on the
        new text's edit (one undoable edit): front matter too. Saving drops the journal entry."""
        w = self.w
        post = w.session.post
        if post is None:
            return
        w.form.flush_pending()
        post.document.set_body(w.source.checked_text())
        mine = post.document.to_bytes()
        key = self.recovery.set_aside()
        try:
            w.session.reload()
        except (OSError, ValueError) as exc:
            if key is not None:
                self.recovery.forget(key)
            self.recovery.buffer_changed()
            messages.error(w, "Cannot reload", f"{self._name()}: {exc}")
            return
        mine_steps = w.source.document().availableUndoSteps()
        w.source.replace_all(post.document.body)
        w._show_post()
        self.recovery.snapshot()
        if key is not None:
            self._aside_keys.append(key)
            self._aside_post = post
        self._set_aside = mine
        self._mine_steps = mine_steps
        self.bar.show_took_theirs(self._name())
        w.statusBar().showMessage(
            f"Loaded {self._name()} from disk. Your version is kept: Undo on the bar (or "
            "Ctrl+Z in the text) brings it back.",
            10000,
        )

    def _after_source_edit(self) -> None:
        """Ctrl+Z on Take Theirs' edit undoes it whole: the front matter comes back too."""
        if self._set_aside is None or self._mine_steps is None:
            return
        document = self.w.source.document()
        if document.availableUndoSteps() != self._mine_steps or not document.isRedoAvailable():
            return
        mine = PostDocument.from_bytes(self._set_aside)
        if self.w.source.text() != mine.body:
            return
        self.undo_take_theirs()
        # As after the bar's Undo, no redo brings back half of their version (its text alone).
        document.clearUndoRedoStacks(QTextDocument.Stacks.RedoStack)

    def undo_take_theirs(self) -> None:
        post = self.w.session.post
        if post is None or self._set_aside is None:
            return
        post.document = PostDocument.from_bytes(self._set_aside)
        self._set_aside = None
        self._mine_steps = None
        self.bar.dismiss()
        self.w.source.replace_all(post.document.body)
        self.w._show_post()
        self.recovery.buffer_changed()
        self.recovery.snapshot()  # journaled again as the open buffer: the copy aside goes
        self._forget_aside()
        self.w.statusBar().showMessage("Your version is back (unsaved).", 5000)

    def _forget_aside(self) -> None:
        for key in self._aside_keys:
            self.recovery.forget(key)
        self._aside_keys = []

    def resolve_save_conflict(self, path: Path | None) -> bool:
        """Save found the file changed on disk: ask, with Cancel as the default."""
        choice = messages.ask_conflict(self.w, self._name(), self.diff_text())
        if choice is Choice.OVERWRITE:
            return self.w._save_to(path, force=True)
        if choice is Choice.RELOAD:
            self.take_theirs()
            return False
        if choice is Choice.SAVE_AS:
            return self.w.save_as()
        self.check_disk()
        return False

    # -- session ----------------------------------------------------------------------------
    def save_session(self) -> None:
        s = self.w.settings
        s.set_value("session/cursor", self.w.source.textCursor().position())
        s.set_value("session/scroll", self.w.source.verticalScrollBar().value())

    def restore_session(self) -> None:
        """Reopen the last post, with its cursor and scroll (after the first layout)."""
        w = self.w
        last = w.settings.value("session/last_post")
        if not last or not Path(last).is_file() or not w.open_post(Path(last), ask=False):
            return
        cursor_at = w.settings.value("session/cursor")
        scroll = w.settings.value("session/scroll")

        def apply() -> None:
            cursor = w.source.textCursor()
            cursor.setPosition(min(cursor_at, w.source.document().characterCount() - 1))
            w.source.setTextCursor(cursor)
            w.source.verticalScrollBar().setValue(scroll)

        apply()
        QTimer.singleShot(0, apply)

    # -- autosave ---------------------------------------------------------------------------
    def autosave(self) -> None:
        """Save through the one writer, quietly; never over another program's edit."""
        w = self.w
        post = w.session.post
        if (
            not self.autosave_action.isChecked()
            or post is None
            or post.path is None
            or post.stamp is None
            or w.source.isReadOnly()
            or self.bar.mode is not None
        ):
            return
        w.form.flush_pending()
        post.document.set_body(w.source.checked_text())
        if not post.is_dirty:
            return
        try:
            w.session.save()
        except ConflictError:
            self.check_disk()
            return
        except (SaveError, OSError) as exc:
            w.statusBar().showMessage(f"Autosave failed: {exc}", 10000)
            return
        self.after_save()
        w._update_title()
        w.statusBar().showMessage(f"Autosaved {post.path.name}", 3000)
