"""The real app, killed while a post has unsaved text, offers it back at the next start."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.app.support import App, make_site, recovery_folder, wait_for

pytestmark = [pytest.mark.webengine, pytest.mark.gui]

TYPED = "Typed before the kill: wörld, non\u00a0breaking, «quotes».\nA second line."

TYPE_SCRIPT = r'''
import json
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

TYPED = @TYPED@

def type_text(widget, text):
    """Key events as a keyboard sends them (QTest.keyClicks refuses non-ASCII)."""
    for char in text:
        key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )

def go():
    source = window.source
    source.setFocus()
    cursor = source.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    source.setTextCursor(cursor)
    type_text(source, TYPED)
    post = window.session.post
    print(json.dumps({"typed": True, "body": source.text(), "path": str(post.path)}), flush=True)

QTimer.singleShot(300, go)
'''.replace("@TYPED@", repr(TYPED))

RESTORE_SCRIPT = r"""
import json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def find_dialog():
    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.objectName() != "recoveryDialog":
        QTimer.singleShot(100, find_dialog)
        return
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    print(json.dumps({"dialog": True, "items": items}), flush=True)
    dialog.restore_button.click()
    QTimer.singleShot(300, report)

def report():
    post = window.session.post
    print(json.dumps({
        "body": window.source.text(),
        "path": str(post.path),
        "dirty": post.is_dirty,
        "modified": window.isWindowModified(),
    }), flush=True)

QTimer.singleShot(0, find_dialog)
"""


def _entries(home: Path) -> list[Path]:
    folder = recovery_folder(home)
    return sorted(folder.glob("*.entry")) if folder.is_dir() else []


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_unsaved_text_survives_a_kill(tmp_path: Path, signum: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    site = make_site(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    first = App(home, [str(site)], TYPE_SCRIPT, tmp_path)
    try:
        typed = first.read()
        assert typed["body"].endswith(TYPED)
        if signum == signal.SIGKILL:
            # About a second after typing stops, the journal has it.
            assert wait_for(lambda: any(TYPED.encode() in p.read_bytes() for p in _entries(home)))
        status = first.signal(signum)
    finally:
        first.cleanup()
    if signum != signal.SIGKILL:
        assert status == 0  # quit cleanly, after flushing the journal
    assert len(_entries(home)) == 1
    # Nothing was written into the site.
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before

    second = App(home, [str(site)], RESTORE_SCRIPT, tmp_path)
    try:
        offered = second.read()
        assert len(offered["items"]) == 1
        assert Path(typed["path"]).name in offered["items"][0]
        restored = second.read()
    finally:
        second.cleanup()
    assert restored["path"] == typed["path"]
    assert restored["body"] == typed["body"]  # exactly what was typed
    assert restored["dirty"] and restored["modified"]  # back as unsaved changes
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
