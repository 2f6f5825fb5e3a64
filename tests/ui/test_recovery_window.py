"""The recovery journal, the recovery dialog, the session and autosave in a real window."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.core.recovery import RecoveryEntry, RecoveryJournal
from editor.core.storage import FileStamp
from editor.services.recovery_service import recovery_dir
from editor.ui import messages, recovery_dialog
from editor.ui.messages import Choice

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def _entries() -> list[Path]:
    folder = recovery_dir()
    return sorted(folder.glob("*.entry")) if folder.is_dir() else []


def _entry_data(path: Path) -> bytes:
    return RecoveryEntry.from_bytes(path.read_bytes()).data


def test_typing_only_starts_a_timer_then_the_buffer_is_journaled(qtbot, window, sample_site):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "unsaved words ")
    service = window.reliability.recovery
    assert service._debounce.is_pending()
    assert _entries() == []  # nothing written on the typing path
    qtbot.waitUntil(lambda: len(_entries()) == 1, timeout=5000)
    assert _entry_data(_entries()[0]) == window.session.post.document.to_bytes()
    hidden = [p.name for p in (sample_site / "_posts").iterdir() if p.name.startswith(".")]
    assert hidden == []  # never written into the site
    assert window.save()
    service.journal.flush()
    assert _entries() == []


def test_pending_form_edits_are_journaled(qtbot, window, sample_site):
    window.open_post(sample_site / WALK)
    field = window.form.findChild(QLineEdit, "field:title")
    assert field is not None
    field.selectAll()
    qtbot.keyClicks(field, "A Title Typed In The Form")
    window.reliability.recovery.snapshot()
    window.reliability.recovery.journal.flush()
    [entry] = _entries()
    assert b"A Title Typed In The Form" in _entry_data(entry)


def test_a_new_unsaved_post_is_journaled_and_discard_removes_it(
    qtbot, window, sample_site, monkeypatch
):
    window.open_path(sample_site)
    window.new_post("Fresh Words")
    qtbot.keyClicks(window.source, "never saved ")
    window.reliability.recovery.snapshot()
    window.reliability.recovery.journal.flush()
    [entry_file] = _entries()
    entry = RecoveryEntry.from_bytes(entry_file.read_bytes())
    assert entry.path is None and entry.suggested_path == window.session.post.path
    assert b"never saved" in entry.data
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: Choice.DISCARD)
    assert window.close_post()
    window.reliability.recovery.journal.flush()
    assert _entries() == []


def _orphan(post: Path | None, data: bytes, stamp: FileStamp | None = None) -> RecoveryEntry:
    """An entry left by an editor that is gone."""
    journal = RecoveryJournal(recovery_dir())
    entry = RecoveryEntry(
        journal.new_key(), post, stamp or (FileStamp.of(post) if post else None), data, time.time()
    )
    journal.write_now(entry)
    journal.close()
    return entry


def _with_dialog(action):
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "recoveryDialog":
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


def test_dialog_restore_compare_and_discard(qtbot, window, sample_site, monkeypatch):
    path = sample_site / WALK
    disk = path.read_bytes()
    mine = disk + b"\nRecovered paragraph.\n"
    _orphan(path, mine)
    window.open_path(sample_site)
    shown: list[str] = []
    monkeypatch.setattr(recovery_dialog, "show_diff", lambda _p, _t, text: shown.append(text))
    asked: list[str] = []

    def refuse(_parent, name):
        asked.append(name)
        return False

    monkeypatch.setattr(messages, "confirm_discard_recovered", refuse)

    def steps(dialog) -> None:
        assert dialog.list.count() == 1
        dialog.compare_button.click()
        dialog.discard_button.click()  # asks first; the answer is no
        assert dialog.list.count() == 1
        dialog.restore_button.click()

    _with_dialog(steps)
    assert window.reliability.offer_recovery()
    assert "+Recovered paragraph." in shown[0]
    assert asked == [path.name]
    assert window.session.post.document.to_bytes() == mine
    assert window.session.post.is_dirty and window.isWindowModified()
    assert path.read_bytes() == disk  # the disk is untouched until the writer saves
    window.reliability.recovery.journal.flush()
    [entry] = _entries()  # continued under this session's key
    assert _entry_data(entry) == mine


def test_dialog_says_the_file_changed_since_and_discard_deletes(
    qtbot, window, sample_site, monkeypatch
):
    path = sample_site / WALK
    entry = _orphan(path, b"mine\n")
    path.write_bytes(b"changed by another program\n")
    seen: list[str] = []
    monkeypatch.setattr(messages, "confirm_discard_recovered", lambda *_: True)

    def steps(dialog) -> None:
        seen.append(dialog.list.item(0).text())
        dialog.discard_button.click()

    _with_dialog(steps)
    assert not window.reliability.offer_recovery()
    assert "changed on disk since then" in seen[0]
    assert not RecoveryJournal(recovery_dir()).entry_path(entry.key).exists()
    assert path.read_bytes() == b"changed by another program\n"


def test_restored_text_of_a_changed_file_is_a_conflict_on_save(
    qtbot, window, sample_site, monkeypatch
):
    path = sample_site / WALK
    _orphan(path, b"---\ntitle: mine\n---\nmine\n")
    path.write_bytes(b"---\ntitle: theirs\n---\ntheirs\n")
    _with_dialog(lambda dialog: dialog.restore_button.click())
    assert window.reliability.offer_recovery()
    assert window.disk_bar.mode == "changed"
    monkeypatch.setattr(messages, "ask_conflict", lambda *_a, **_k: Choice.CANCEL)
    assert not window.save()
    assert path.read_bytes() == b"---\ntitle: theirs\n---\ntheirs\n"


def test_quit_asks_and_cancel_keeps_the_window(qtbot, window, sample_site, monkeypatch):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "unsaved ")
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: Choice.CANCEL)
    assert not window.close()
    assert window.isVisible()


def test_session_reopens_post_cursor_and_splitters(qtbot, window, sample_site):
    from editor.services.settings import Settings
    from editor.ui.main_window import MainWindow

    window.open_path(sample_site)
    path = sample_site / WALK
    window.open_post(path)
    window.resize(760, 590)  # within the offscreen screen (800×800)
    window.main_splitter.setSizes([150, 330, 260])
    cursor = window.source.textCursor()
    cursor.setPosition(42)
    window.source.setTextCursor(cursor)
    sizes = window.main_splitter.sizes()
    assert window.close()

    again = MainWindow(Settings())
    qtbot.addWidget(again)
    again.show()
    again.open_path(Path(again.settings.value("session/last_site")))
    again.reliability.restore_session()
    assert again.session.post is not None and again.session.post.path == path
    assert again.source.textCursor().position() == 42
    assert again.main_splitter.sizes() == sizes
    assert (again.width(), again.height()) == (760, 590)


def test_autosave_is_off_by_default_and_saves_through_the_writer(qtbot, window, sample_site):
    path = sample_site / WALK
    window.open_post(path)
    qtbot.keyClicks(window.source, "autosaved words ")
    window.reliability.autosave()
    assert b"autosaved words" not in path.read_bytes()  # off by default
    window.reliability.autosave_action.setChecked(True)
    window.reliability.autosave()
    assert b"autosaved words" in path.read_bytes()
    assert not window.session.post.is_dirty
    # Never over another program's edit.
    qtbot.keyClicks(window.source, "more ")
    window.reliability.watcher.watch(None)
    path.write_bytes(b"theirs\n")
    window.reliability.autosave()
    assert path.read_bytes() == b"theirs\n"
    assert window.disk_bar.mode == "changed"


def test_sigint_in_the_qt_loop_journals_and_closes(qtbot, window, sample_site, monkeypatch):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "words before ctrl-c ")
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(1)))
    window.reliability.install_signal_handlers()
    os.kill(os.getpid(), signal.SIGINT)
    qtbot.waitUntil(lambda: bool(quits), timeout=5000)
    assert not window.isVisible()
    [entry] = _entries()
    assert b"words before ctrl-c" in _entry_data(entry)


def test_a_buffer_that_cannot_be_taken_keeps_the_last_entry(
    qtbot, window, sample_site, monkeypatch
):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "first words ")
    service = window.reliability.recovery
    service.snapshot()
    service.journal.flush()
    [entry] = _entries()
    kept = entry.read_bytes()

    def broken() -> bytes:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(service, "_entry", broken)
    service.snapshot()
    service.journal.flush()
    assert entry.read_bytes() == kept
    assert "could not take" in window.statusBar().currentMessage()


def test_logout_journals_and_the_close_that_follows_asks_nothing(
    qtbot, window, sample_site, monkeypatch
):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "words at logout ")
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: asked.append("?") or Choice.CANCEL)
    window.reliability._on_commit_data(None)  # what QGuiApplication.commitDataRequest calls
    [entry] = _entries()
    assert b"words at logout" in _entry_data(entry)
    assert window.close()
    assert asked == []
    assert _entries() == [entry]  # kept for the next start
