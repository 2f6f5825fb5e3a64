"""Every real post opens in the form: no error, every key visible, no edit, identical bytes."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.core.frontmatter import PostDocument
from editor.core.post import Post
from editor.core.site import Site
from editor.ui.front_matter_form import FrontMatterForm
from tests.support.corpus import CORPUS_DIR, corpus_posts, requires_corpus

POSTS = corpus_posts()


def _has_one_line_title(path: Path) -> bool:
    document = PostDocument.from_bytes(path.read_bytes())
    title = document.metadata.get("title")
    return document.error is None and isinstance(title, str) and "\n" not in title


# Posts with a one-line text title; the others (no title, a TOML table, a folded title) have
# nothing for the title field to edit, so they are not collected rather than skipped.
TITLED = [p for p in POSTS if _has_one_line_title(p)]


@pytest.fixture(scope="module")
def corpus_site() -> Site | None:
    return Site.open(CORPUS_DIR) if CORPUS_DIR.is_dir() else None


def visible_paths(metadata: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key, nested mapping keys included (to the depth the form shows as sub-forms)."""
    paths = []
    for key, value in metadata.items():
        path = (*prefix, str(key))
        paths.append(path)
        if isinstance(value, dict) and value and len(path) < 3:
            paths.extend(visible_paths(value, path))
    return paths


@requires_corpus
@pytest.mark.parametrize("path", POSTS, ids=[p.name for p in POSTS])
def test_corpus_post_opens_with_every_key_and_no_edit(qtbot, path: Path, corpus_site: Site):
    data = path.read_bytes()
    doc = PostDocument.from_bytes(data)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    with qtbot.assertNotEmitted(form.edited):
        form.set_document(doc, corpus_site)
    assert doc.to_bytes() == data
    assert form.undo_stack.count() == 0
    if doc.error is not None:
        assert form.tabs.currentWidget() is form.raw
        assert form.banner.isVisibleTo(form)
        return
    for key in list(doc.keys()):
        editor = form.field_editor(key)
        assert editor is not None, key
        assert editor.isVisibleTo(form), key
    rows = {row for row in (form.field_row(".".join(p)) for p in visible_paths(doc.metadata))}
    assert None not in rows
    assert form.raw.text() == doc.front_matter_text


@requires_corpus
@pytest.mark.parametrize("path", TITLED, ids=[p.name for p in TITLED])
def test_corpus_title_edit_changes_only_the_title_lines(qtbot, path: Path, tmp_path: Path):
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    post = Post.load(copy)
    title_value = post.document.metadata["title"]
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(copy))
    title = form.field_editor("title")
    assert isinstance(title, QLineEdit)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " (edited)")
    post.save()
    before = path.read_bytes()
    after = copy.read_bytes()
    assert post.document.metadata["title"] == title_value + " (edited)"
    old_lines = before.splitlines(keepends=True)
    new_lines = after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1, changes
    _tag, i1, i2, j1, j2 = changes[0]
    assert i2 - i1 == 1 and j2 - j1 == 1
    assert b"title" in old_lines[i1].lower().replace(b"\x00", b"")
