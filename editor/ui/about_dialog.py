"""Help → About: what this program is, which version, under which licence, where to read more."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from editor.core import identity
from editor.ui.app_identity import app_icon
from editor.ui.readme_view import ReadmeDialog, show_readme


def about_html() -> str:
    """The dialog's text: name and version, licence, and links to the README's sections (the
    README that comes with the program: the project has no web address)."""
    links = " · ".join(
        f'<a href="#{escape(anchor)}">{escape(title)}</a>'
        for title, anchor in identity.README_SECTIONS
    )
    return (
        f"<h2>{escape(identity.DISPLAY_NAME)} {escape(identity.VERSION)}</h2>"
        "<p>A desktop editor for Markdown blog posts: a front-matter form, the source and a "
        "live preview, with saves that never rewrite what you did not touch.</p>"
        f"<p>Released under the {escape(identity.LICENSE)} licence.</p>"
        f"<p>Read more in the README that comes with it: {links}</p>"
        f"<p><small>Python {escape(platform.python_version())}, PySide6 "
        f"{escape(pyside_version)}, Qt {escape(qVersion())}</small></p>"
    )


class AboutDialog(QDialog):
    """A plain dialog rather than QMessageBox.about: its links open the README's sections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {identity.DISPLAY_NAME}")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel(about_html(), self)
        self.text.setObjectName("aboutText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.linkActivated.connect(self.open_section)
        self.readme: ReadmeDialog | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        # Tall enough for the wrapped text at this width (a top-level window does not ask).
        self.resize(420, self.heightForWidth(420))

    def open_section(self, link: str) -> None:
        """``#quick-start``: the README, in its own window, at that section."""
        if self.readme is None:
            self.readme = show_readme(self, link.removeprefix("#"))
        else:
            self.readme.show()
            self.readme.activateWindow()
            self.readme.show_section(link.removeprefix("#"))


def show_about(parent: QWidget) -> None:
    """Open the About dialog over ``parent`` (modal: it is read and closed)."""
    AboutDialog(parent).exec()
