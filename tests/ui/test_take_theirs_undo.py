"""Ctrl+Z right after Take Theirs brings the writer's whole version back (its front matter,
shown in the form, as well as its text), as the bar's Undo does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_disk_changes import THEIRS, _open, _replace_like_another_editor

CTRL = Qt.KeyboardModifier.ControlModifier


def take_theirs_after_editing_both(qtbot, window, sample_site):
    path = _open(window, sample_site)
    title = window.form.field_editor("title")
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " (mine)")
    window.form.flush_pending()
    window.source.setFocus()
    qtbot.keyClicks(window.source, "my words ")
    window.form.flush_pending()
    window.reliability.w._body_sync.flush()
    mine = window.session.post.document.to_bytes()
    assert b"(mine)" in mine and b"my words" in mine
    _replace_like_another_editor(path, THEIRS)
    qtbot.waitUntil(lambda: window.disk_bar.isVisible(), timeout=5000)
    window.disk_bar.buttons["diskTakeTheirs"].click()
    assert window.session.post.document.to_bytes() == THEIRS
    assert window.form.field_editor("title").text() == "Theirs"
    return path, mine


def test_ctrl_z_after_take_theirs_restores_the_front_matter_too(qtbot, window, sample_site):
    path, mine = take_theirs_after_editing_both(qtbot, window, sample_site)
    window.source.setFocus()
    qtbot.keyClick(window.source, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.session.post.document.to_bytes() == mine)
    assert window.form.field_editor("title").text().endswith(" (mine)")
    assert window.session.post.is_dirty and not window.disk_bar.isVisible()
    assert path.read_bytes() == THEIRS
    # As after the bar's Undo: no redo puts their text back under the writer's front matter.
    assert not window.source.document().isRedoAvailable()
    qtbot.keyClick(window.source, Qt.Key.Key_Y, CTRL)
    assert window.session.post.document.to_bytes() == mine


def test_ctrl_z_and_the_bar_undo_give_the_same_version(qtbot, window, sample_site):
    _path, mine = take_theirs_after_editing_both(qtbot, window, sample_site)
    window.disk_bar.buttons["diskUndoTakeTheirs"].click()
    assert window.session.post.document.to_bytes() == mine


def test_typing_after_take_theirs_then_undoing_it_keeps_their_version(qtbot, window, sample_site):
    take_theirs_after_editing_both(qtbot, window, sample_site)
    window.source.setFocus()
    qtbot.keyClicks(window.source, "x")
    qtbot.keyClick(window.source, Qt.Key.Key_Z, CTRL)  # the "x" only
    assert window.source.text() == "Written by another program.\n"
    assert window.form.field_editor("title").text() == "Theirs"
    assert window.disk_bar.mode == "took-theirs"
