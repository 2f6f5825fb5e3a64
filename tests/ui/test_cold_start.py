"""The start (the CLI not imported when the window opens) shows what the writer asked for:
the post asked for, rendered, in a window whose every part exists and works, and the session
brings it back at the next start."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import app, cli
from tests.app.support import App, make_site

pytestmark = [pytest.mark.webengine, pytest.mark.gui]

POST = "---\ntitle: First\n---\nThe *first* words the writer sees.\n"


def test_command_names_are_the_clis() -> None:
    assert set(cli.COMMANDS) == app.COMMAND_NAMES


REPORT = r"""
import json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

def say(**data):
    print(json.dumps(data), flush=True)

def poll():
    w = window
    if not (w.preview.is_current() and w.post_list.row_count() > 0):
        QTimer.singleShot(50, poll)
        return
    def report(text):
        names = {c.objectName() for c in [w, *w.findChildren(QWidget)]}
        say(
            post=str(w.session.post.path),
            shown=w.isVisible(),
            preview=text,
            posts=w.post_list.row_count(),
            source=w.source.toPlainText()[:40],
            title=w.form.findChild(QWidget, "field:title").text(),
            menus=[a.text() for a in w.menuBar().actions()],
            names=sorted(n for n in names if n),
        )
        w.close()
    w.preview.page().runJavaScript(
        "document.getElementById('post-body').textContent", 1, report)

QTimer.singleShot(0, poll)
"""


def _run(tmp_path: Path, home: Path, args: list[str]) -> dict:
    started = App(home, args, REPORT, tmp_path)
    try:
        report = started.read()
        started.proc.wait(timeout=60)
        return report
    finally:
        started.cleanup()


def test_the_app_starts_on_the_post_asked_for_then_restores_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    older = site / "_posts" / "2023-11-02-notes-on-code.markdown"  # not the site's newest
    report = _run(tmp_path, home, [str(older)])
    assert Path(report["post"]) == older
    assert report["shown"]
    assert report["title"] == "Notes on code: highlighting and Liquid"
    assert report["source"].lstrip().startswith("A short post to show code")
    assert report["posts"] == len(list(site.glob("_*/*.m*")))  # the post list is filled
    assert {"&File", "&Edit"} <= set(report["menus"])
    for name in ("mainWindow", "postList", "frontMatterForm", "sourceEditor", "preview"):
        assert name in report["names"], name
    assert "A short post to show code in the preview." in report["preview"]
    # Started again with nothing asked: the session brings the same post back.
    again = _run(tmp_path, home, [])
    assert Path(again["post"]) == older
    assert again["preview"] == report["preview"]


# Every object name DESIGN.md lists that lives in the main window (recoveryDialog is shown only
# when there is something to recover).
DESIGN_NAMES = (
    "mainWindow",
    "postList",
    "frontMatterForm",
    "sourceEditor",
    "preview",
    "field:title",
    "findBar",
    "findField",
    "replaceField",
    "wordCount",
    "outline",
    "checksPanel",
    "quickOpen",
    "siteSearch",
)

COMPLETED = r"""
import json
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

def say(**data):
    print(json.dumps(data), flush=True)

w = window
# Run once the window is complete: what the start deferred is there, and keys work.
names = {c.objectName() for c in [w, *w.findChildren(QWidget)]}
complete = w.is_complete()
first_page = w.preview.is_current()

def keys():
    if w.post_list.row_count() == 0:  # the site's index fills on its thread
        QTimer.singleShot(50, keys)
        return
    w.activateWindow()
    w.source.setFocus()
    cursor = w.source.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    w.source.setTextCursor(cursor)
    QTest.keyClicks(w.source, " Typed at start.")
    QTest.keyClick(w.source, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(w.source, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    say(
        complete=complete,
        first_page=first_page,
        names=sorted(n for n in names if n),
        saved=Path(w.session.post.path).read_text(encoding="utf-8"),
        find_bar=w.source_pane.find_bar.isVisible(),
        posts=w.post_list.row_count(),
        dock=w.checks.dock.widget() is w.checks.panel,
    )
    w.close()

QTimer.singleShot(0, keys)
"""


def test_the_parts_built_after_the_first_page_are_there_and_keys_work(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    post = site / "_posts" / "2024-05-18-a-walk-in-the-hills.md"
    started = App(home, [str(post)], COMPLETED, tmp_path)
    try:
        report = started.read()
        started.proc.wait(timeout=60)
    finally:
        started.cleanup()
    assert report["complete"]
    # The window completes once the first page shows (else after a fallback delay).
    assert report["first_page"]
    for name in DESIGN_NAMES:
        assert name in report["names"], name
    assert report["saved"].rstrip().endswith("Typed at start.")  # Ctrl+S saved the post
    assert report["find_bar"]  # Ctrl+F opened the find bar
    assert report["posts"] == len(list(site.glob("_*/*.m*")))
    assert report["dock"]


def test_a_window_made_incomplete_is_built_whole_by_finish_building(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from editor.services.settings import Settings
    from editor.ui.main_window import MainWindow

    window = MainWindow(Settings(), complete=False)
    qtbot.addWidget(window)
    assert not window.is_complete()
    assert not hasattr(window, "post_list")
    assert window.findChild(QWidget, "checksDock") is not None  # its place is there at once
    with qtbot.waitSignal(window.completed):
        window.finish_building()
    names = {c.objectName() for c in [window, *window.findChildren(QWidget)]}
    for name in DESIGN_NAMES:
        if name != "field:title":  # a form field exists only with a post
            assert name in names, name
    assert window.main_splitter.widget(0) is window.post_list
    window.finish_building()  # once only
    assert window.main_splitter.count() == 3


def test_screenshot_writes_a_png_of_the_completed_window_and_exits(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    site = make_site(tmp_path)
    post = site / "_posts" / "2023-11-02-notes-on-code.markdown"
    shot = tmp_path / "window.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        POST_EDITOR_CONFIG_DIR=str(tmp_path / "config"),
        POST_EDITOR_DATA_DIR=str(tmp_path / "data"),
        POST_EDITOR_START_TRACE="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "editor", str(post), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    lines = done.stderr.splitlines()
    phases = [line.split()[1] for line in lines if line.startswith("start-phase")]
    # The grab waits for the window's second step (the post list, the checks).
    assert "window-completed" in phases
