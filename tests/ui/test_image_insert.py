"""Images pasted and dropped into the source pane land in the site, linked as Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)
from PySide6.QtWidgets import QApplication

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"
CTRL = Qt.KeyboardModifier.ControlModifier


def image_file(folder: Path, name: str) -> Path:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = folder / name
    assert image.save(str(path))
    return path


def drop_at(editor, point: QPoint, mime: QMimeData) -> None:
    """A drag entering the pane, moving and dropping, as Qt delivers them."""
    viewport = editor.viewport()
    action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    at = QPointF(point)
    for event in (
        QDragEnterEvent(at, action, mime, buttons, mods),
        QDragMoveEvent(at, action, mime, buttons, mods),
        QDropEvent(at, action, mime, buttons, mods),
    ):
        QApplication.sendEvent(viewport, event)


def put_cursor_at_end(window) -> None:
    cursor = window.source.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.source.setTextCursor(cursor)


def test_pasting_image_data_saves_a_png_in_the_site(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    window.source.setFocus()
    put_cursor_at_end(window)
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.keyClick(window.source, Qt.Key.Key_V, CTRL)
    QGuiApplication.clipboard().clear()
    folder = window.session.site.images_folder()
    saved = folder / "a-walk-in-the-hills.png"
    assert saved.is_file() and QImage(str(saved)).width() == 4
    url = window.session.site.baseurl + "/" + saved.relative_to(sample_site).as_posix()
    assert f"![]({url})" in window.source.text()


def test_dropping_an_outside_image_copies_it_with_a_clean_name(
    qtbot, window, sample_site: Path, tmp_path: Path
):
    window.open_post(sample_site / WALK)
    outside = tmp_path / "outside"
    outside.mkdir()
    photo = image_file(outside, "My Holiday Photo.PNG")
    window.source.set_text("Before words after")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    cursor = window.source.textCursor()
    cursor.setPosition(9)
    window.source.setTextCursor(cursor)
    drop_at(window.source, window.source.cursorRect(cursor).center(), mime)
    copied = window.session.site.images_folder() / "my-holiday-photo.png"
    assert copied.is_file()
    text = window.source.text()
    assert "![my holiday photo](" in text and "file://" not in text
    assert window.source.textCursor().selectedText() == "my holiday photo"
    drop_at(window.source, window.source.cursorRect().center(), mime)
    assert (window.session.site.images_folder() / "my-holiday-photo-2.png").is_file()


def test_a_dropped_text_file_is_not_a_url_mid_word(qtbot, window, sample_site: Path, tmp_path):
    window.open_post(sample_site / WALK)
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    window.source.set_text("midword")
    cursor = window.source.textCursor()
    cursor.setPosition(3)
    window.source.setTextCursor(cursor)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note))])
    drop_at(window.source, window.source.cursorRect(cursor).center(), mime)
    assert window.source.text() == "midword"
