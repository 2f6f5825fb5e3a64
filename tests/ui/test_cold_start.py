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
