"""Help → About and the application's identity as Qt sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QApplication, QMenu

from editor import __version__
from editor.core import identity
from editor.ui.about_dialog import AboutDialog
from editor.ui.app_identity import ICON_SIZES, app_icon, apply_identity
from editor.ui.readme_view import MAX_PICTURE_WIDTH, ReadmeDialog, with_pictures_found

ROOT = Path(__file__).resolve().parents[2]


def test_about_shows_version_licence_and_links_to_the_readme(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(dialog.text), "aboutText").text()
    assert f"Post Editor {__version__}" in text
    assert "MIT licence" in text
    assert "http" not in text  # the project has no web address; nothing invented stands in
    headings = {
        identity.heading_anchor(line.lstrip("#"))
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for title, anchor in identity.README_SECTIONS:
        assert f'<a href="#{anchor}">{title}</a>' in text
        assert anchor in headings, f"README.md has no section {title!r}"
    assert not dialog.text.openExternalLinks()


def test_about_is_tall_enough_for_its_text(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Every line shows: the wrapped label has the height its width needs (it was cut after
    # "Read more", hiding the last link and the versions).
    assert dialog.text.height() >= dialog.text.heightForWidth(dialog.text.width())


def _top_line(readme: ReadmeDialog) -> str:
    browser = readme.browser
    return browser.cursorForPosition(browser.viewport().rect().topLeft()).block().text()


@pytest.mark.parametrize(("title", "anchor"), identity.README_SECTIONS[1:])
def test_a_link_opens_the_readme_at_its_section(qtbot, title: str, anchor: str) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.linkActivated.emit(f"#{anchor}")
    readme = dialog.findChild(ReadmeDialog, "readmeDialog")
    assert readme is not None and readme.isVisible()
    assert readme.browser.toPlainText().startswith("Post Editor")  # README.md's first heading
    qtbot.waitUntil(lambda: _top_line(readme) == title)
    # A second link reuses the window and scrolls it.
    dialog.text.linkActivated.emit("#install")
    assert dialog.findChildren(ReadmeDialog) == [readme]
    qtbot.waitUntil(lambda: _top_line(readme) == "Install")


def test_links_between_readme_sections_scroll_within_it(qtbot) -> None:
    readme = ReadmeDialog()
    qtbot.addWidget(readme)
    readme.show()
    readme.browser.anchorClicked.emit(QUrl("#the-window"))
    qtbot.waitUntil(lambda: _top_line(readme) == "The window")
    assert not readme.show_section("no-such-section")


def test_an_installation_without_a_readme_says_so(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(identity, "readme_text", lambda: None)
    readme = ReadmeDialog()
    qtbot.addWidget(readme)
    assert "This installation has no README" in readme.browser.toPlainText()


def test_the_readme_comes_from_the_package_metadata_when_no_file_is_beside_it(
    monkeypatch, tmp_path: Path
) -> None:
    # An installed wheel: editor/resources with no README.md beside it.
    (tmp_path / "resources").mkdir()
    monkeypatch.setattr("editor.core.paths.resources_dir", lambda: tmp_path / "resources")
    text = identity.readme_text()
    assert text is not None and text.startswith("# Post Editor")


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


def test_readme_pictures_are_found_beside_it_or_described(tmp_path: Path) -> None:
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "window.png").write_bytes(b"png")
    text = "\n".join(
        [
            "![The window](shots/window.png)",
            "![The form](shots/form.png) and ![](shots/none.png)",
            "`![code](shots/window.png)` stays",
            "```",
            "![fenced](shots/window.png)",
            "```",
        ]
    )
    assert with_pictures_found(text, tmp_path).split("\n") == [
        f"![The window]({(tmp_path / 'shots' / 'window.png').as_uri()})",
        "*[The form]* and ",
        "`![code](shots/window.png)` stays",
        "```",
        "![fenced](shots/window.png)",
        "```",
    ]
    # An installed wheel has the README's text but not its folder: every picture is described.
    assert with_pictures_found("![The window](shots/window.png)", None) == "*[The window]*"


def _pictures(readme: ReadmeDialog) -> list[tuple[str, float]]:
    found = []
    block = readme.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            form = it.fragment().charFormat()
            if form.isImageFormat():
                found.append((form.toImageFormat().name(), form.toImageFormat().width()))
            it += 1
        block = block.next()
    return found


def test_the_readme_screenshots_fit_the_window(qtbot) -> None:
    readme = ReadmeDialog()  # a checkout: README.md and resources/screenshots/ are here
    qtbot.addWidget(readme)
    pictures = _pictures(readme)
    assert len(pictures) >= 3
    assert all(name.startswith("file://") for name, _ in pictures)
    for name, width in pictures:  # width 0: drawn at its own size
        natural = QImageReader(QUrl(name).toLocalFile()).size().width()
        assert natural > 0, name
        assert (width or natural) <= MAX_PICTURE_WIDTH, (name, width, natural)
    assert any(width for _, width in pictures)  # the window screenshot (1400 px) was scaled
