"""Shared test set-up: Qt offscreen, and every settings/data folder inside tmp_path."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # QtWebEngine's sandbox cannot run as root.
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Property tests explore new random cases on every local run; CI (.ci/run sets CI) runs the
# same derandomized cases each time, so a landing never hangs on a newly drawn example. What a
# local run finds is fixed and pinned with @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    """The preview's URL scheme must be registered before pytest-qt creates the QApplication."""
    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()


# Fixtures that start QtWebEngine (a browser engine per test: the slow part of the suite).
WEBENGINE_FIXTURES = frozenset({"window", "preview"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks for a quick loop: ``-m "not webengine"`` leaves out every test with a web view.

    ``gui``: the test uses Qt widgets (``qtbot``); ``webengine``: it also starts QtWebEngine
    (through a fixture above, or a ``pytestmark`` in its module).
    """
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & WEBENGINE_FIXTURES:
            item.add_marker(pytest.mark.webengine)
        if "qtbot" in names or "qapp" in names or item.get_closest_marker("webengine"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def _delete_widgets_before_exit():
    """Delete every widget while Qt is still alive.

    A QWebEngineView left for the interpreter's final garbage collection can outlive its
    profile, and QtWebEngine then crashes the process after the tests passed.
    """
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()  # not close(): no "save changes?" dialog at the end of a run
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


@pytest.fixture(autouse=True)
def _delete_closed_widgets():
    """Delete the widgets a test closed (pytest-qt only calls ``deleteLater``).

    Outside an event loop those deletions wait for whichever later test spins one; windows
    then die at random points of other tests, with their timers still firing until then.
    """
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A test never touches the real home directory: settings and data go to a temp folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("POST_EDITOR_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("POST_EDITOR_CONFIG_DIR", str(home / "config"))
    return home
