"""Files changed on disk while open: reload when clean, a bar when dirty, Enter never overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from editor.ui import messages, recovery_dialog
from editor.ui.messages import Choice

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"
THEIRS = b"---\ntitle: Theirs\n---\nWritten by another program.\n"


def _replace_like_another_editor(path: Path, data: bytes) -> None:
    """Write a new file and rename it over the post (a new inode, as most editors save)."""
    tmp = path.with_name(path.name + ".other-editor~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _open(window, sample_site: Path) -> Path:
    path = sample_site / WALK
    assert window.open_post(path)
    return path


def test_clean_buffer_reloads_keeping_cursor(qtbot, window, sample_site):
    path = _open(window, sample_site)
    original = path.read_bytes()
    cursor = window.source.textCursor()
    cursor.setPosition(10)
    window.source.setTextCursor(cursor)
    changed = original.replace(b"\n\n", b"\n\nAn edit from elsewhere.\n\n", 1)
    _replace_like_another_editor(path, changed)
    qtbot.waitUntil(lambda: window.session.post.document.to_bytes() == changed, timeout=5000)
    assert window.source.textCursor().position() == 10
    assert "Reloaded" in window.statusBar().currentMessage()
    assert not window.disk_bar.isVisible()
    # The watcher was re-armed after the rename-replace: a second edit is seen too.
    _replace_like_another_editor(path, original)
    qtbot.waitUntil(lambda: window.session.post.document.to_bytes() == original, timeout=5000)


def test_dirty_buffer_gets_the_bar_and_enter_keeps_their_bytes(qtbot, window, sample_site):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    assert window.disk_bar.mode == "changed"
    assert "my words" in window.source.text()  # nothing reloaded under the writer
    # Enter on every widget of the window, the bar's buttons included.
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.isVisible() and widget.isEnabled():
            widget.setFocus()
            qtbot.keyClick(widget, Qt.Key.Key_Return)
            qtbot.keyClick(widget, Qt.Key.Key_Enter)
    assert path.read_bytes() == THEIRS
    assert window.disk_bar.isVisible()
    # Keep Mine takes an explicit click.
    window.disk_bar.buttons["diskKeepMine"].click()
    assert b"my words" in path.read_bytes()
    assert not window.disk_bar.isVisible()


def test_take_theirs_is_undoable(qtbot, window, sample_site):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    mine_body = window.source.text()
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    window.disk_bar.buttons["diskTakeTheirs"].click()
    assert window.session.post.document.to_bytes() == THEIRS
    assert not window.session.post.is_dirty
    assert window.disk_bar.mode == "took-theirs"
    window.disk_bar.buttons["diskUndoTakeTheirs"].click()
    assert window.source.text() == mine_body
    assert window.session.post.is_dirty
    assert path.read_bytes() == THEIRS


def test_compare_shows_a_readable_diff(qtbot, window, sample_site, monkeypatch):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    shown: list[str] = []
    monkeypatch.setattr(recovery_dialog, "show_diff", lambda _p, _t, text: shown.append(text))
    window.disk_bar.buttons["diskCompare"].click()
    assert "-Written by another program." in shown[0]
    assert "my words" in shown[0]
    assert path.read_bytes() == THEIRS


def test_our_own_save_does_not_reload(qtbot, window, sample_site):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "saved words ")
    document = window.session.post.document
    assert window.save()
    reloads: list[int] = []
    window.session.postChanged.connect(lambda: reloads.append(1))
    qtbot.wait(600)  # the watcher's event for our own write has come and gone
    window.reliability.check_disk()  # as on focus
    assert reloads == []
    assert window.session.post.document is document
    assert not window.disk_bar.isVisible()
    assert b"saved words" in path.read_bytes()


def test_save_conflict_cancel_leaves_their_bytes(qtbot, window, sample_site, monkeypatch):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    window.reliability.watcher.watch(None)  # the change is found by the save itself
    path.write_bytes(THEIRS)
    asked: list[str] = []

    def ask(_parent, _name, diff=None):
        asked.append(diff or "")
        return Choice.CANCEL

    monkeypatch.setattr(messages, "ask_conflict", ask)
    assert not window.save()
    assert path.read_bytes() == THEIRS
    assert "Written by another program" in asked[0]
    assert window.disk_bar.isVisible()  # the choice stays at hand


def test_deleted_post_keeps_buffer_and_cancel_creates_nothing(
    qtbot, window, sample_site, monkeypatch
):
    _open(window, sample_site)
    qtbot.keyClicks(window.source, "still here ")
    folder = sample_site / "_posts"
    moved = sample_site / "moved-posts"
    folder.rename(moved)
    window.reliability.check_disk()
    assert window.disk_bar.mode == "gone"
    assert "still here" in window.source.text()
    monkeypatch.setattr(messages, "ask_file_gone", lambda *_: Choice.CANCEL)
    assert not window.save()
    assert not folder.exists()  # Cancel re-created neither the file nor its folder
    monkeypatch.setattr(messages, "choose_file_to_save", lambda *_: None)
    window.disk_bar.buttons["diskSaveMineAs"].click()
    assert not folder.exists()


def test_focus_check_reloads_a_clean_buffer(qtbot, window, sample_site):
    from PySide6.QtCore import QEvent

    path = _open(window, sample_site)
    window.reliability.watcher.watch(None)  # only the focus check is left
    path.write_bytes(THEIRS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: window.session.post.document.to_bytes() == THEIRS, timeout=3000)


@pytest.mark.parametrize("label", ["Keep Mine (Overwrite)"])
def test_the_conflict_dialog_needs_a_click_to_overwrite(qtbot, window, sample_site, label):
    """The real dialog: Enter cancels; the labelled button overwrites."""
    from PySide6.QtCore import QTimer

    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    window.reliability.watcher.watch(None)
    path.write_bytes(THEIRS)

    def press(key_or_label):
        def act() -> None:
            box = QApplication.activeModalWidget()
            if box is None:
                QTimer.singleShot(20, act)
                return
            if key_or_label == "enter":
                qtbot.keyClick(box, Qt.Key.Key_Return)
            else:
                [button] = [b for b in box.findChildren(QPushButton) if b.text() == key_or_label]
                button.click()

        QTimer.singleShot(0, act)

    press("enter")
    assert not window.save()
    assert path.read_bytes() == THEIRS
    press(label)
    assert window.save()
    assert b"my words" in path.read_bytes()


def _journal_texts(window) -> list[bytes]:
    journal = window.reliability.recovery.journal
    journal.flush()
    return [p.read_bytes() for p in sorted(journal.folder.glob("*.entry"))]


def test_take_theirs_reloads_from_disk_and_keeps_mine_in_the_journal_and_undo(
    qtbot, window, sample_site
):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "my words ")
    mine_body = window.source.text()
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    window.disk_bar.buttons["diskTakeTheirs"].click()
    # The buffer and the file agree, and the file was not written.
    assert window.source.text() == "Written by another program.\n"
    assert window.session.post.document.to_bytes() == path.read_bytes() == THEIRS
    assert window.session.post.stamp.sha256 == window.session.post.stamp.of(path).sha256
    assert not window.session.post.is_dirty
    # The writer's version is on disk in the journal, not only in memory.
    assert any(b"my words" in entry for entry in _journal_texts(window))
    # Ctrl+Z in the source pane brings the writer's text back, as unsaved changes.
    window.source.setFocus()
    qtbot.keyClick(window.source, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.source.text() == mine_body
    qtbot.waitUntil(lambda: window.session.post.is_dirty)
    assert path.read_bytes() == THEIRS
    # Saving is the writer's decision made: no entry is left behind.
    assert window.save()
    assert b"my words" in path.read_bytes()
    qtbot.waitUntil(lambda: _journal_texts(window) == [], timeout=5000)


def test_a_version_put_aside_survives_opening_another_post(qtbot, window, sample_site):
    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "aside words ")
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    window.disk_bar.buttons["diskTakeTheirs"].click()
    other = next(p for p in sorted((sample_site / "_posts").glob("*.md")) if p != path)
    assert window.open_post(other)
    assert any(b"aside words" in entry for entry in _journal_texts(window))
    # The bar's Undo after a Take Theirs puts the whole version back and drops the copy.
    assert window.open_post(path)
    qtbot.keyClicks(window.source, "second ")
    path.write_bytes(THEIRS.replace(b"program", b"tool"))
    window.reliability.check_disk()
    window.disk_bar.buttons["diskTakeTheirs"].click()
    assert sum(b"second" in entry for entry in _journal_texts(window)) == 1
    window.disk_bar.buttons["diskUndoTakeTheirs"].click()
    assert "second" in window.source.text()
    texts = _journal_texts(window)
    assert sum(b"second" in entry for entry in texts) == 1  # the open buffer's own entry
    assert any(b"aside words" in entry for entry in texts)


def test_saving_over_a_conflict_then_enter_writes_nothing(qtbot, window, sample_site):
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    path = _open(window, sample_site)
    qtbot.keyClicks(window.source, "stale words ")
    window.reliability.watcher.watch(None)  # as if the change came between two checks
    path.write_bytes(THEIRS)
    seen: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.defaultButton().text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    window.activateWindow()
    window.source.setFocus()
    window.save()
    assert seen == ["Cancel"]
    assert path.read_bytes() == THEIRS
    assert "stale words" in window.source.text()
