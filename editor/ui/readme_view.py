"""The README that comes with the program, in a window of its own, opened at a section.

The About dialog's links lead here: the project has no web address, and the README in the
installation (``identity.readme_text``) is the manual. Links between its sections scroll
within it; links to web pages open in the system browser.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from editor.core import identity

MISSING = (
    "# README\n\nThis installation has no README. It comes with every copy of the program; "
    "reinstall it to read it here."
)


class ReadmeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readmeDialog")
        self.setWindowTitle(f"{identity.DISPLAY_NAME} — README")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("readmeText")
        self.browser.setOpenLinks(False)  # sections scroll here; web pages open outside
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setMarkdown(identity.readme_text() or MISSING)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def show_section(self, anchor: str) -> bool:
        """Scroll so the heading with this anchor is at the top; False when there is none."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and (
                identity.heading_anchor(block.text()) == anchor
            ):
                # From the end back to the heading: the view stops with the heading on top.
                self.browser.moveCursor(QTextCursor.MoveOperation.End)
                self.browser.setTextCursor(QTextCursor(block))
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.show_section(url.fragment())


def show_readme(parent: QWidget | None, anchor: str = "") -> ReadmeDialog:
    """Open the README (at ``anchor``'s section) beside ``parent``; returns the window."""
    dialog = ReadmeDialog(parent)
    dialog.show()
    if anchor:
        dialog.show_section(anchor)
    return dialog
