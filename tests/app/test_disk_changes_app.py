"""The real app as a subprocess while another program edits the open post."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.app.support import App, make_site

pytestmark = [pytest.mark.webengine, pytest.mark.gui]

THEIRS_CLEAN = b"---\ntitle: Edited elsewhere\n---\nA clean buffer follows the disk.\n"
THEIRS_DIRTY = b"---\ntitle: Theirs\n---\nThe other program's words.\n"

SCRIPT = r"""
import json
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

def say(**data):
    print(json.dumps(data), flush=True)

def press_enter_everywhere():
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.isVisible() and widget.isEnabled():
            widget.setFocus()
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "\r")
                    )

def wait(predicate, then):
    def poll():
        if predicate():
            then()
        else:
            QTimer.singleShot(50, poll)
    QTimer.singleShot(0, poll)

def start():
    post = window.session.post
    say(step="opened", path=str(post.path))
    wait(lambda: b"clean buffer follows" in window.session.post.document.to_bytes(), reloaded)

def reloaded():
    say(step="reloaded", message=window.statusBar().currentMessage(),
        dirty=window.session.post.is_dirty)
    source = window.source
    source.setFocus()
    for char in "my unsaved words ":
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                source, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    say(step="typed")
    wait(lambda: window.disk_bar.isVisible(), bar_shown)

def bar_shown():
    press_enter_everywhere()
    say(step="bar", mode=window.disk_bar.mode, body=window.source.text())

QTimer.singleShot(500, start)
"""


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".swp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def test_other_program_edits_the_open_post(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    site = make_site(tmp_path)
    app = App(home, [str(site)], SCRIPT, tmp_path)
    try:
        opened = app.read()
        path = Path(opened["path"])
        _replace(path, THEIRS_CLEAN)  # like an editor saving by rename
        reloaded = app.read()
        assert "Reloaded" in reloaded["message"] and not reloaded["dirty"]
        assert app.read()["step"] == "typed"
        path.write_bytes(THEIRS_DIRTY)  # in place this time
        bar = app.read()
        assert bar["mode"] == "changed"
        assert "my unsaved words" in bar["body"]
        assert path.read_bytes() == THEIRS_DIRTY  # Enter anywhere kept their bytes
        app.signal(signal.SIGTERM)
    finally:
        app.cleanup()
    assert path.read_bytes() == THEIRS_DIRTY
