"""An image path (image, header.image, teaser…): file picker, thumbnail, missing-file warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.site.images import copy_into_folder, url_for_site_file
from editor.ui import messages
from editor.ui.fields.base import FieldContext

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif *.bmp);;All files (*)"
THUMB_SIZE = 72


class ImageField(QWidget):
    """The path is shown as typed; the thumbnail and warning follow it as the writer types."""

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: FieldContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._previewed: str | None = None
        self.confirm_copy: Callable[[QWidget, Path, Path], bool] = messages.ask_copy_into_site
        self.input = QLineEdit(self)
        self.input.setObjectName("input")
        self.input.setPlaceholderText("/assets/images/picture.jpg")
        self.browse = QPushButton("Choose…", self)
        self.browse.setObjectName("browse")
        self.browse.setEnabled(ctx.site is not None)
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setFixedSize(THUMB_SIZE, THUMB_SIZE * 2 // 3)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid palette(mid); color: palette(mid);")
        self.warning = QLabel(self)
        self.warning.setObjectName("missing")
        self.warning.setStyleSheet("color: #b35c00;")
        self.warning.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.browse)
        below = QHBoxLayout()
        below.addWidget(self.thumbnail)
        below.addWidget(self.warning, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addLayout(below)
        self.input.textEdited.connect(self._on_edited)
        self.browse.clicked.connect(self.choose_file)

    def resolved_path(self) -> Path | None:
        """The image file the current path points to, inside the site, if it exists."""
        text = self.input.text().strip()
        if not text or self.ctx.site is None or "://" in text or text.startswith("data:"):
            return None
        found = self.ctx.site.resolve_url(text, self.ctx.extra.get("post_path"))
        if found is None and self.ctx.site.kind == "hugo":
            found = self.ctx.site.resolve_url("static/" + text.lstrip("/"))
        return found if found is not None and found.is_file() else None

    def _update_preview(self) -> None:
        self._previewed = self.input.text()
        text = self._previewed.strip()
        found = self.resolved_path()
        pixmap = QPixmap(str(found)) if found is not None else QPixmap()
        if not pixmap.isNull():
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    self.thumbnail.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("no image" if not text else "?")
        if not text or "://" in text or text.startswith("data:"):
            self.warning.setText("")
        elif self.ctx.site is None:
            self.warning.setText("No site folder is open, so the file cannot be checked.")
        elif found is None:
            self.warning.setText("This file does not exist in the site.")
        else:
            self.warning.setText("")

    def _on_edited(self, text: str) -> None:
        self._update_preview()
        self.committed.emit(text)

    def choose_file(self) -> None:
        """Pick a file with a dialog that starts in the site's image folder."""
        if self.ctx.site is None:
            return
        start = self.ctx.site.images_folder()
        chosen = messages.choose_file_to_open(
            self, "Choose an image", start if start.is_dir() else self.ctx.site.root, IMAGE_FILTER
        )
        if chosen is not None:
            self.use_file(chosen)

    def use_file(self, path: Path) -> bool:
        """Point the field at ``path``, copying it into the site first when it lies outside."""
        site = self.ctx.site
        if site is None:
            return False
        url = url_for_site_file(site.root, path, site.kind)
        if url is None:
            folder = site.images_folder()
            if not self.confirm_copy(self, path, folder):
                return False
            try:
                copied = copy_into_folder(path, folder)
            except OSError as exc:
                self.problem.emit(f"Could not copy the image: {exc}")
                return False
            url = url_for_site_file(site.root, copied, site.kind)
            if url is None:
                return False
        self.input.setText(url)
        self._update_preview()
        self.committed.emit(url)
        return True

    def set_value(self, value: Any, raw: str | None = None) -> None:
        text = "" if value is None else str(value)
        if self.input.text() != text:
            self.input.setText(text)
            self.input.setCursorPosition(0)
        if self._previewed != text:
            self._update_preview()

    def set_read_only(self, read_only: bool) -> None:
        self.input.setReadOnly(read_only)
        self.browse.setEnabled(not read_only and self.ctx.site is not None)
