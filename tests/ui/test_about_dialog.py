"""Help → About and the application's identity as Qt sees it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu

from editor import __version__
from editor.core import identity
from editor.ui.about_dialog import AboutDialog
from editor.ui.app_identity import ICON_SIZES, app_icon, apply_identity

ROOT = Path(__file__).resolve().parents[2]


def github_anchor(heading: str) -> str:
    """The id GitHub gives a README heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_about_shows_version_licence_and_links_to_the_readme(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(dialog.text), "aboutText").text()
    assert f"Post Editor {__version__}" in text
    assert "MIT licence" in text
    headings = {
        github_anchor(line.lstrip("#"))
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for title, anchor in identity.README_SECTIONS:
        assert f'<a href="{identity.HOMEPAGE}#{anchor}">{title}</a>' in text
        assert anchor in headings, f"README.md has no section {title!r}"
    assert dialog.text.openExternalLinks()


def test_help_menu_opens_about(qtbot, window) -> None:
    help_menu = next(
        action.menu()
        for action in window.menuBar().actions()
        if action.text() == "&Help" and isinstance(action.menu(), QMenu)
    )
    about = next(a for a in help_menu.actions() if a.objectName() == "action:about")
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName() if dialog else "")
        if dialog:
            dialog.reject()

    QTimer.singleShot(0, close_dialog)
    about.trigger()
    assert seen == ["aboutDialog"]


def test_the_icon_has_every_size_drawn(qapp) -> None:  # QIcon needs a QGuiApplication
    sizes = {size.width() for size in app_icon().availableSizes()}
    assert sizes == set(ICON_SIZES)


@pytest.fixture
def app_names(qapp):
    saved = (
        qapp.applicationName(),
        qapp.applicationDisplayName(),
        qapp.applicationVersion(),
        qapp.organizationName(),
        qapp.organizationDomain(),
        qapp.desktopFileName(),
        qapp.windowIcon(),
    )
    yield qapp
    qapp.setApplicationName(saved[0])
    qapp.setApplicationDisplayName(saved[1])
    qapp.setApplicationVersion(saved[2])
    qapp.setOrganizationName(saved[3])
    qapp.setOrganizationDomain(saved[4])
    qapp.setDesktopFileName(saved[5])
    qapp.setWindowIcon(saved[6])


def test_identity_matches_the_desktop_file(app_names) -> None:
    apply_identity(app_names)
    assert app_names.applicationName() == "post-editor"
    assert app_names.applicationDisplayName() == "Post Editor"
    assert app_names.applicationVersion() == __version__
    assert app_names.desktopFileName() == "org.posteditor.PostEditor"
    assert (ROOT / "packaging" / f"{app_names.desktopFileName()}.desktop").is_file()
    assert not app_names.windowIcon().isNull()
