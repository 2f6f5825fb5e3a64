"""The whole path on real widgets: site → post list → form, source pane, preview → save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTreeView

from editor.ui import messages
from editor.ui.messages import Choice
from tests.support.corpus import SEED_DIR

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def preview_text(qtbot, window) -> str:
    result: list[str] = []
    window.preview.page().toPlainText(result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return result[0]


def wait_preview_contains(qtbot, window, text: str, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: text in preview_text(qtbot, window), timeout=timeout)


def title_field(window) -> QLineEdit:
    field = window.findChild(QLineEdit, "field:title")
    assert field is not None, "the form has no field:title editor"
    return field


def test_object_names_are_stable(window):
    assert window.objectName() == "mainWindow"
    assert isinstance(window.findChild(QTreeView, "postList"), QTreeView)
    assert window.findChild(object, "frontMatterForm") is window.form
    assert isinstance(window.findChild(QPlainTextEdit, "sourceEditor"), QPlainTextEdit)
    assert isinstance(window.findChild(QWebEngineView, "preview"), QWebEngineView)


def test_open_sample_site_and_pick_a_post(qtbot, window, sample_site: Path):
    assert window.open_path(sample_site)
    qtbot.waitUntil(lambda: len(window.post_list.paths()) >= 2)
    titles = {p.name for p in window.post_list.paths()}
    assert "2024-05-18-a-walk-in-the-hills.md" in titles
    assert "ideas-for-next-month.md" in titles
    window.post_list.activate_path(sample_site / WALK)
    assert title_field(window).text() == "A walk in the hills"
    assert "We left before sunrise" in window.source.toPlainText()
    wait_preview_contains(qtbot, window, "We left before sunrise")
    assert not window.isWindowModified()


def test_typing_in_the_source_updates_the_preview(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    wait_preview_contains(qtbot, window, "We left before sunrise")
    window.source.setFocus()
    cursor = window.source.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.source.setTextCursor(cursor)
    qtbot.keyClick(window.source, Qt.Key.Key_Return)
    qtbot.keyClick(window.source, Qt.Key.Key_Return)
    qtbot.keyClicks(window.source, "Freshly typed words")
    wait_preview_contains(qtbot, window, "Freshly typed words")
    qtbot.waitUntil(window.isWindowModified)


def test_form_edit_marks_unsaved_and_save_writes_it(qtbot, window, sample_site: Path):
    path = sample_site / WALK
    original = path.read_bytes()
    window.open_post(path)
    field = title_field(window)
    field.selectAll()
    qtbot.keyClicks(field, "A long walk")
    field.editingFinished.emit()
    qtbot.waitUntil(window.isWindowModified)
    assert path.read_bytes() == original
    assert window.save()
    saved = path.read_text(encoding="utf-8")
    assert "title: A long walk\n" in saved
    changed = [
        (a, b)
        for a, b in zip(original.decode().splitlines(), saved.splitlines(), strict=True)
        if a != b
    ]
    assert changed == [("title: A walk in the hills", "title: A long walk")]
    assert not window.isWindowModified()
    wait_preview_contains(qtbot, window, "A long walk")


def test_closing_a_dirty_post_asks(qtbot, window, sample_site: Path, monkeypatch):
    path = sample_site / WALK
    window.open_post(path)
    qtbot.keyClicks(window.source, "x")
    asked: list[str] = []

    def answer(_parent, name):
        asked.append(name)
        return Choice.CANCEL

    monkeypatch.setattr(messages, "ask_save_changes", answer)
    assert not window.close_post()
    assert asked == [path.name]
    assert window.session.post is not None
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: Choice.DISCARD)
    other = sample_site / "_posts/2023-11-02-notes-on-code.markdown"
    assert window.open_post(other)
    assert window.session.post.path == other.resolve()
    assert b"x" not in path.read_bytes()[-3:]


def test_new_post_is_named_from_title_and_date(qtbot, window, sample_site: Path):
    window.open_path(sample_site)
    window.new_post("My Fresh Post")
    post = window.session.post
    assert post.path.parent == (sample_site / "_posts").resolve()
    assert post.path.name.endswith("-my-fresh-post.md")
    assert title_field(window).text() == "My Fresh Post"
    assert window.save()
    assert post.path.is_file()
    qtbot.waitUntil(lambda: post.path in {p.resolve() for p in window.post_list.paths()})


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared/seed is absent")
def test_seed_post_title_edit_changes_exactly_one_line(qtbot, window, tmp_path: Path):
    seed = next(SEED_DIR.iterdir())
    post = tmp_path / "_posts" / "2025-09-02-seed.md"
    post.parent.mkdir()
    post.write_bytes(seed.read_bytes())
    window.open_post(post)
    field = title_field(window)
    field.selectAll()
    qtbot.keyClicks(field, "Putin and Xi meet in Beijing")
    field.editingFinished.emit()
    assert window.save()
    before = seed.read_bytes().split(b"\n")
    after = post.read_bytes().split(b"\n")
    assert len(before) == len(after)
    diff = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(diff) == 1
    assert diff[0][1].startswith(b"title:") and b"Putin and Xi meet in Beijing" in diff[0][1]


def test_edit_menu_undoes_a_form_edit(qtbot, window, sample_site: Path):
    from PySide6.QtGui import QAction

    window.open_post(sample_site / WALK)
    field = title_field(window)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Changed")
    field.editingFinished.emit()
    assert window.session.post.document.get("title") == "Changed"
    undo = window.findChild(QAction, "action:undo")
    assert undo is not None and undo.isEnabled()
    undo.trigger()
    assert window.session.post.document.get("title") == "A walk in the hills"
    qtbot.waitUntil(lambda: not window.isWindowModified())


def test_a_post_in_another_encoding_is_refused_clearly(qtbot, window, tmp_path: Path, monkeypatch):
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("---\ntitle: Café\n---\nDéjà vu\n".encode("latin-1"))
    before = latin1.read_bytes()
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, _title, text: errors.append(text))
    assert not window.open_post(latin1)
    assert len(errors) == 1 and "latin1.md" in errors[0] and "UTF" in errors[0]
    assert window.session.post is None
    assert latin1.read_bytes() == before


def test_a_failed_save_keeps_the_document_unsaved(qtbot, window, sample_site: Path, monkeypatch):
    from editor.core import storage

    path = sample_site / WALK
    before = path.read_bytes()
    window.open_post(path)
    qtbot.keyClicks(window.source, "unsaved words ")
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, _title, text: errors.append(text))

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", full_disk)
    assert not window.save()
    assert len(errors) == 1 and "disk is full" in errors[0] and path.name in errors[0]
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in (sample_site / "_posts").iterdir()
    )
    assert [p for p in path.parent.iterdir() if p.name.startswith(".")] == []
    qtbot.waitUntil(window.isWindowModified)
    assert "unsaved words" in window.session.post.document.body


def test_a_save_writes_the_source_pane_as_it_is_read_whole(qtbot, window, sample_site, caplog):
    """The pane keeps its text per key; a save reads it whole, so a copy out of step loses
    nothing (the copy is made wrong here by hand: nothing else should ever do it)."""
    path = sample_site / WALK
    window.open_post(path)
    window.source.setFocus()
    cursor = window.source.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.source.setTextCursor(cursor)
    qtbot.keyClicks(window.source, " Typed at the end.")
    window.source._copy = window.source._copy.replace("Typed at the end.", "Lost.")
    window._on_source_edited()
    assert "Lost." in window.session.post.document.body
    assert window.save()
    saved = path.read_text(encoding="utf-8")
    assert saved.rstrip().endswith("Typed at the end.")
    assert "Lost." not in saved
    assert "out of step" in caplog.text
    assert window.source.text() == window.source.read_text()


def test_the_windows_process_leaves_rendering_to_the_workers(tmp_path: Path, sample_site: Path):
    """Python-Markdown, Pygments and nh3 load in the render workers only (~140 ms, ~9 MiB)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from editor.ui.preview_scheme import register_url_scheme\n"
        "register_url_scheme()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from editor.services.settings import Settings\n"
        "from editor.ui.main_window import MainWindow\n"
        "window = MainWindow(Settings())\n"
        "window.show()\n"
        f"window.open_path(Path({str(sample_site / WALK)!r}))\n"
        "window.preview.shutdown()\n"
        "heavy = [m for m in ('markdown', 'pygments', 'nh3') if m in sys.modules]\n"
        "print('loaded:' + ','.join(heavy))\n"
    )
    env = {
        **__import__("os").environ,
        "POST_EDITOR_CONFIG_DIR": str(tmp_path / "config"),
        "POST_EDITOR_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "loaded:" in result.stdout.splitlines()
