"""Images dropped or pasted into the source pane: copied into the site, linked as Markdown.

A file from outside the site is copied into the site's image folder under a clean, unique
name (pasted image data is saved as PNG, named after the post); ``![alt](url)`` goes in at the
cursor with the alt text selected for typing, the URL being the one the site serves (its
baseurl included). A dropped file that is not an image inserts nothing rather than a
``file://`` URL in the middle of a word.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, Signal
from PySide6.QtGui import QImage

from editor.core.site import Site
from editor.core.site.images import (
    clean_file_name,
    copy_image_into_site,
    image_markdown,
    is_image_file,
    save_image_data,
    site_image_url,
)
from editor.core.writing.formatting import Edit
from editor.ui.source_editor import SourceEditor
from editor.ui.source_positions import apply_edit, selection

log = logging.getLogger(__name__)


class ImageInserter(QObject):
    message = Signal(str)  # what happened, for the status bar

    def __init__(
        self,
        editor: SourceEditor,
        site: Callable[[], Site | None],
        post_path: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self._site = site
        self._post_path = post_path
        editor.mime_hook = self.insert

    def insert(self, mime: QMimeData) -> bool:
        """Handle images and files; False leaves plain text to the pane."""
        if mime.hasImage() and not mime.hasUrls():
            return self._insert_image_data(mime)
        local = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if not local:
            return False
        images = [path for path in local if is_image_file(path) and path.is_file()]
        if not images:
            self.message.emit("Only image files can be dropped into the text.")
            return True  # not a file:// URL in the middle of a word
        return self._insert_files(images)

    def _target(self) -> Site | None:
        site = self._site()
        if site is None or self.editor.isReadOnly():
            self.message.emit("Open a post in a site first to add images.")
            return None
        return site

    def _insert_files(self, paths: list[Path]) -> bool:
        site = self._target()
        if site is None:
            return True
        pieces = []
        for path in paths:
            try:
                inside = site_image_url(site, path)
                stored = (
                    path if inside is not None else copy_image_into_site(path, site.images_folder())
                )
            except OSError as exc:
                self.message.emit(f"Could not copy {path.name}: {exc.strerror or exc}")
                return True
            url = site_image_url(site, stored)
            if url is None:
                continue
            alt = clean_file_name(path.stem, default="").replace("-", " ")
            pieces.append((url, alt, stored))
        self._insert_markdown(pieces)
        return True

    def _insert_image_data(self, mime: QMimeData) -> bool:
        site = self._target()
        if site is None:
            return True
        image = mime.imageData()
        if not isinstance(image, QImage) or image.isNull():
            return False
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, PySide a str
        buffer.close()
        post = self._post_path()
        stem = clean_file_name(post.stem if post else "pasted-image", default="pasted-image")
        stem = stem.split("-", 3)[-1] if stem[:4].isdigit() and stem.count("-") >= 3 else stem
        try:
            stored = save_image_data(bytes(data.data()), site.images_folder(), f"{stem}.png")
        except OSError as exc:
            self.message.emit(f"Could not save the pasted image: {exc.strerror or exc}")
            return True
        url = site_image_url(site, stored)
        if url is not None:
            self._insert_markdown([(url, "", stored)])
        return True

    def _insert_markdown(self, pieces: list[tuple[str, str, Path]]) -> None:
        if not pieces:
            return
        text = self.editor.text()
        start, end = selection(self.editor, text)
        parts = [image_markdown(url, alt) for url, alt, _ in pieces]
        insert = "\n".join(markdown for markdown, _, _ in parts)
        # On a line of its own when dropped inside a word.
        before = "" if start == 0 or text[start - 1].isspace() else " "
        after = "" if end >= len(text) or text[end].isspace() else " "
        insert = before + insert + after
        first_alt = start + len(before)
        edit = Edit(start, end, insert, first_alt + parts[0][1], first_alt + parts[0][2])
        apply_edit(self.editor, text, edit)
        names = ", ".join(str(stored.name) for _, _, stored in pieces)
        self.message.emit(f"Added {names}")
