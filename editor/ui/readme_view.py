"""The README that comes with the program, in a window of its own, opened at a section.

The About dialog's links lead here: the project has no web address, and the README in the
installation (``identity.readme_text``) is the manual. Links between its sections scroll
within it; links to web pages open in the system browser. Its pictures show where the
installation has them (a source checkout), scaled to the window; elsewhere (the wheel and the
bundle leave the screenshots out) their description stands in.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from editor.core import identity

MISSING = (
    "# README\n\nThis installation has no README. It comes with every copy of the program; "
    "reinstall it to read it here."
)

IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
MAX_PICTURE_WIDTH = 660


def with_pictures_found(text: str, folder: Path | None) -> str:
    """The README's pictures as file URLs where ``folder`` has them, their description in
    italics where not; pictures written in code (spans and fenced blocks) are left alone."""

    def picture(match: re.Match[str]) -> str:
        alt, src = match.group(1), match.group(2)
        path = folder / src if folder is not None and "://" not in src else None
        if path is not None and path.is_file():
            return f"![{alt}]({path.resolve().as_uri()})"
        return f"*[{alt}]*" if alt else ""

    lines: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and "![" in line:
            parts = line.split("`")  # odd parts are code spans
            line = "`".join(
                part if i % 2 else IMAGE_RE.sub(picture, part) for i, part in enumerate(parts)
            )
        lines.append(line)
    return "\n".join(lines)


class ReadmeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readmeDialog")
        self.setWindowTitle(f"{identity.DISPLAY_NAME} — README")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("readmeText")
        self.browser.setOpenLinks(False)  # sections scroll here; web pages open outside
        self.browser.anchorClicked.connect(self._follow)
        readme = identity.readme_file()
        text = identity.readme_text()
        folder = readme.parent if readme is not None else None
        self.browser.setMarkdown(with_pictures_found(text, folder) if text else MISSING)
        self._fit_pictures()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def _fit_pictures(self) -> None:
        """Screenshots are wider than the window: each picture at most MAX_PICTURE_WIDTH
        (shared between a table's columns)."""
        cursor = QTextCursor(self.browser.document())
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                it += 1
                image = fragment.charFormat().toImageFormat()
                if not fragment.charFormat().isImageFormat():
                    continue
                size = QImageReader(QUrl(image.name()).toLocalFile()).size()
                # Pictures side by side in a table share the width.
                table = QTextCursor(block).currentTable()
                widest = MAX_PICTURE_WIDTH // table.columns() if table else MAX_PICTURE_WIDTH
                if size.width() <= widest or size.height() <= 0:
                    continue
                image.setWidth(widest)
                image.setHeight(size.height() * widest / size.width())
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(image)
            block = block.next()

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
