"""Fixtures for window tests: a real MainWindow on a copy of a site in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.core.paths import resources_dir


@pytest.fixture(autouse=True)
def _empty_clipboard():
    """The clipboard is the process's, like the home folder: a URL one test copied must not
    turn another test's Ctrl+K into a link to it."""
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(resources_dir() / "sample_site", target)
    return target


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch):
    from editor.services.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    # Whatever a test leaves unsaved is discarded when pytest-qt closes the window; tests
    # about the question itself replace this answer.
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: messages.Choice.DISCARD)
    # A title change offers to rename the file; tests about that question replace this answer.
    monkeypatch.setattr(messages, "ask_rename", lambda *_: False)
    win = MainWindow(Settings())

    def closing(_win) -> None:
        # A test that answered "Cancel" must not keep its window (and its threads) alive:
        # pytest-qt's close at the end goes through the real closeEvent and shutdown.
        monkeypatch.setattr(messages, "ask_save_changes", lambda *_: messages.Choice.DISCARD)

    qtbot.addWidget(win, before_close_func=closing)
    win.show()
    return win


@pytest.fixture
def preview(qtbot):
    """A real PreviewView, 600×400, shown offscreen; its workers stop afterwards."""
    from editor.ui.preview import PreviewView

    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    yield view
    view.shutdown()
