"""Files that move under the window's feet: taken names, deleted posts, symlinks, other sites."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from editor.ui import messages
from editor.ui.messages import Choice

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def answer_save_dialog(monkeypatch, target: Path) -> list[str]:
    asked: list[str] = []

    def dialog(_parent, _title, start, _filter):
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return asked


def test_a_taken_new_post_name_leads_to_save_as(qtbot, window, sample_site, monkeypatch):
    window.open_path(sample_site)
    window.new_post("Clash Title")
    taken = window.session.post.path
    taken.write_text("someone else's post\n", encoding="utf-8")
    qtbot.keyClicks(window.source, "MY NEW WORDS ")
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, _t, text: errors.append(text))
    elsewhere = taken.with_name("clash-title-mine.md")
    asked = answer_save_dialog(monkeypatch, elsewhere)
    assert window.save()
    assert errors and "Choose another name" in errors[0]
    assert asked == [str(taken.with_name(taken.stem + "-2.md"))]
    assert taken.read_text(encoding="utf-8") == "someone else's post\n"
    assert "MY NEW WORDS" in elsewhere.read_text(encoding="utf-8")
    assert window.session.post.path == elsewhere


def test_a_post_deleted_on_disk_is_not_silently_recreated(qtbot, window, sample_site, monkeypatch):
    path = sample_site / WALK
    window.open_post(path)
    qtbot.keyClicks(window.source, "still here ")
    path.rename(path.with_name("renamed.md"))
    answers = [Choice.CANCEL, Choice.SAVE]
    monkeypatch.setattr(messages, "ask_file_gone", lambda *_: answers.pop(0))
    assert not window.save()
    assert not path.exists()
    assert "still here" in window.session.post.document.body
    assert window.save()
    assert "still here" in path.read_text(encoding="utf-8")


def test_a_symlinked_post_stays_in_its_site(qtbot, window, sample_site: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "shared.md"
    target.write_text("---\ntitle: Shared\ndate: 2030-01-01\n---\nShared body\n", encoding="utf-8")
    link = sample_site / "_posts" / "2030-01-01-shared.md"
    os.symlink(target, link)
    assert window.open_path(sample_site)
    assert window.session.site.root == sample_site.resolve()
    assert window.session.post.path.name == "2030-01-01-shared.md"
    qtbot.waitUntil(lambda: len(window.post_list.paths()) == 5)


def test_opening_another_site_asks_first(qtbot, window, sample_site: Path, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(sample_site, other)
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "unsaved ")
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: Choice.CANCEL)
    assert not window.open_path(other)
    assert window.session.site.root == sample_site.resolve()
    assert "unsaved" in window.session.post.document.body
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_: Choice.DISCARD)
    assert window.open_path(other)
    assert window.session.site.root == other.resolve()


def test_save_as_moves_the_post_and_its_site(qtbot, window, sample_site, tmp_path, monkeypatch):
    window.open_post(sample_site / WALK)
    qtbot.keyClicks(window.source, "moved ")
    other = tmp_path / "notes"
    other.mkdir()
    target = other / "walk.md"
    answer_save_dialog(monkeypatch, target)
    assert window.save_as()
    assert window.session.post.path == target
    assert window.session.site.root == other.resolve()
    qtbot.waitUntil(lambda: [p.name for p in window.post_list.paths()] == ["walk.md"])
    assert "walk.md" in window.windowTitle()
    assert b"moved" not in (sample_site / WALK).read_bytes()


def test_a_post_with_a_2_mb_line_opens_read_only_and_saves_unchanged(qtbot, window, tmp_path):
    path = tmp_path / "_posts" / "2024-01-01-long.md"
    path.parent.mkdir(parents=True)
    data = ("---\ntitle: Long\n---\n" + "x" * 2_000_000 + "\nend\n").encode()
    path.write_bytes(data)
    assert window.open_path(path)
    assert window.source.limited and window.source.isReadOnly()
    window.form.field_editor("title").setText("Longer")
    window.form.field_editor("title").textEdited.emit("Longer")
    window.save()
    assert path.read_bytes() == data.replace(b"title: Long\n", b"title: Longer\n")
