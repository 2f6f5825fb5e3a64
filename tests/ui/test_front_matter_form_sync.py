"""Raw view and form in sync, undo, completion, the schema file, add/remove, errors, traps."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from editor.core.frontmatter import PostDocument
from editor.core.post import Post
from editor.core.site import Site
from editor.ui.fields.chips import COUNT_ROLE, TAG_ROLE
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.form_support import RICH_POST, changed_keys, make_site, write


def open_form(qtbot, post_path: Path) -> tuple[FrontMatterForm, Post]:
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))
    qtbot.waitUntil(lambda: form.schema_learned)  # learned off the UI thread
    return form, post


@pytest.fixture
def opened(qtbot, tmp_path: Path):
    return open_form(qtbot, make_site(tmp_path / "site"))


def test_editing_the_raw_text_updates_the_form(qtbot, opened):
    form, post = opened
    title = form.field_editor("title")
    text = form.raw.text().replace('title: "Hello: world"', "title: From the raw view")
    with qtbot.waitSignal(form.edited, timeout=2000):
        form.raw.editor.setPlainText(text)
    assert title.text() == "From the raw view"
    assert form.field_editor("title") is title  # same keys: values updated, nothing rebuilt
    assert post.document.metadata["title"] == "From the raw view"


def test_editing_the_form_updates_the_raw_text(qtbot, opened):
    form, _post = opened
    title = form.field_editor("title")
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, "!")
    assert 'title: "Hello: world!"' in form.raw.text()
    assert "# A comment that must survive" in form.raw.text()


def test_a_new_key_typed_in_the_raw_view_gets_an_editor(qtbot, opened):
    form, _post = opened
    form.raw.editor.setPlainText(form.raw.text() + "subtitle: Added raw\n")
    form.raw.flush()
    assert form.field_editor("subtitle").text() == "Added raw"


def test_broken_raw_text_keeps_both_sides_and_marks_the_error(qtbot, opened):
    form, post = opened
    broken = form.raw.text().replace("layout: post", "layout: [post")
    form.raw.editor.setPlainText(broken)
    form.raw.flush()
    assert post.document.error is not None
    assert form.raw.text() == broken  # the raw text is kept as typed
    assert not form.raw.error_label.isHidden()
    assert form.raw.error_text().startswith("Line ")
    assert form.banner.isVisibleTo(form)
    title = form.field_editor("title")
    assert title is not None and title.isReadOnly()  # last good values stay, read-only
    fixed = broken.replace("layout: [post", "layout: page")
    form.raw.editor.setPlainText(fixed)
    form.raw.flush()
    assert post.document.error is None
    assert not form.field_editor("title").isReadOnly()
    assert form.field_editor("layout").currentText() == "page"
    assert not form.banner.isVisibleTo(form)


def test_ctrl_z_after_a_tag_change_brings_it_back(qtbot, opened):
    form, post = opened
    original = post.document.to_bytes()
    chips = form.field_editor("tags")
    chips.findChild(QWidget, "chip:qt").click()
    assert post.document.metadata["tags"] == ["python"]
    line = form.field_editor("tags").findChild(QLineEdit, "input")
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert post.document.metadata["tags"] == ["python", "qt"]
    assert post.document.to_bytes() == original
    assert form.field_editor("tags").items() == ["python", "qt"]
    form.undo_stack.redo()
    assert post.document.metadata["tags"] == ["python"]


def test_typing_in_a_field_is_one_undo_step(qtbot, opened):
    form, post = opened
    original = post.document.to_bytes()
    qtbot.keyClick(form.field_editor("title"), Qt.Key.Key_End)
    qtbot.keyClicks(form.field_editor("title"), " again")
    assert form.undo_stack.count() == 1
    form.undo_stack.undo()
    assert post.document.to_bytes() == original
    assert form.field_editor("title").text() == "Hello: world"


def test_tag_completion_offers_tags_from_other_posts_with_counts(qtbot, opened):
    form, post = opened
    chips = form.field_editor("tags")
    model = chips.completer.model()
    rows = {model.index(r, 0).data(TAG_ROLE): model.index(r, 0) for r in range(model.rowCount())}
    assert rows["python"].data(COUNT_ROLE) == 3
    assert rows["rust"].data(COUNT_ROLE) == 1
    assert rows["python"].data() == "python  (3)"
    chips.completer.setCompletionPrefix("ru")
    assert chips.completer.currentCompletion() == "rust"
    chips.completer.activated.emit("rust")
    assert post.document.metadata["tags"] == ["python", "qt", "rust"]


def test_add_field_suggests_keys_from_other_posts(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: Bare\n---\nBody\n")
    form, post = open_form(qtbot, post_path)
    model = form.add_completer.model()
    keys = [model.index(r, 0).data(TAG_ROLE) for r in range(model.rowCount())]
    assert keys[0] == "tags" and "layout" in keys and "title" not in keys
    form.add_input.setText("tags")  # typed; the completion popup cannot open offscreen
    form.add_button.click()
    assert post.document.metadata["tags"] == []
    assert form.field_editor("tags") is not None
    before = post.path.read_text(encoding="utf-8")
    post.save()
    assert changed_keys(before, post.path.read_text(encoding="utf-8")) == {"tags"}


def test_remove_field_and_undo(qtbot, opened):
    form, post = opened
    original = post.document.to_bytes()
    form.findChild(QWidget, "remove:weight").click()
    assert "weight" not in post.document.metadata
    assert form.field_editor("weight") is None
    form.undo_stack.undo()
    assert post.document.to_bytes() == original
    assert form.field_editor("weight") is not None


SCHEMA_FILE = """fields:
  title: {required: true}
  layout: {choices: [post, wide]}
  slug: {pattern: "^[a-z0-9-]+$"}
"""


def test_schema_file_required_and_choices_are_enforced(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site", SCHEMA_FILE)
    form, post = open_form(qtbot, post_path)
    layout = form.field_editor("layout")
    assert not layout.isEditable()
    assert [layout.itemText(i) for i in range(layout.count())] == ["post", "wide"]
    title = form.field_editor("title")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    assert "required" in form.field_row("title").message.text()
    assert post.document.metadata["title"] == "Hello: world"  # not written while invalid
    assert not post.is_dirty


def test_a_missing_required_field_is_shown_and_filled_in(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site", SCHEMA_FILE)
    write(post_path, "---\nlayout: post\n---\nBody\n")
    form, post = open_form(qtbot, post_path)
    row = form.field_row("title")
    assert row is not None and "Required" in row.warning.text()
    assert not post.is_dirty
    qtbot.keyClicks(form.field_editor("title"), "Now titled")
    assert post.document.metadata["title"] == "Now titled"


def test_pattern_is_validated_inline(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site", SCHEMA_FILE)
    write(post_path, "---\ntitle: T\nslug: ok\n---\n")
    form, post = open_form(qtbot, post_path)
    qtbot.keyClick(form.field_editor("slug"), Qt.Key.Key_End)
    qtbot.keyClicks(form.field_editor("slug"), " Bad")
    assert "pattern" in form.field_row("slug").message.text()
    assert post.document.metadata["slug"] == "ok"
    qtbot.keyClick(form.field_editor("slug"), Qt.Key.Key_Backspace)
    qtbot.keyClick(form.field_editor("slug"), Qt.Key.Key_Backspace)
    qtbot.keyClick(form.field_editor("slug"), Qt.Key.Key_Backspace)
    qtbot.keyClick(form.field_editor("slug"), Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.field_editor("slug"), "-fine")
    assert post.document.metadata["slug"] == "ok-fine"
    assert form.field_row("slug").message.isHidden()


def test_unparseable_front_matter_opens_read_only_with_the_raw_error(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    data = b"---\ntitle: [unclosed\ntags: a\n---\nBody\n"
    write(post_path, data)
    form, post = open_form(qtbot, post_path)
    assert form.tabs.currentWidget() is form.raw
    assert form.raw.text() == "title: [unclosed\ntags: a\n"
    assert form.raw.error_text().startswith("Line ")
    assert form.banner.isVisibleTo(form)
    assert not form.add_button.isEnabled()
    # The form shows what it can: the blocks that parse on their own, read-only.
    tags = form.field_editor("tags")
    assert tags is not None and tags.input.isReadOnly()
    assert tags.findChild(QLineEdit, "input").text() == "a"
    assert form.field_editor("title") is None
    assert post.document.to_bytes() == data


def test_yaml_traps_are_flagged_beside_their_field(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: Hash #1\nmode: 0755\nanswer: no\n---\n")
    form, _post = open_form(qtbot, post_path)
    for key, word in (("title", "comment"), ("mode", "493"), ("answer", "false")):
        warning = form.field_row(key).warning
        assert warning.isVisibleTo(form), key
        assert word in warning.text().lower(), (key, warning.text())


def test_refresh_updates_values_without_rebuilding(qtbot, opened):
    form, post = opened
    title = form.field_editor("title")
    post.document.set("title", "Changed elsewhere")
    form.refresh()
    assert form.field_editor("title") is title
    assert title.text() == "Changed elsewhere"
    assert form.undo_stack.count() == 0


def test_toml_front_matter_field_edit(qtbot, tmp_path: Path):
    post_path = write(
        tmp_path / "blog/post.md",
        '+++\ntitle = "Old"\ndate = "2019-03-11"\ntags = [\n    "a",\n]\n+++\nBody\n',
    )
    form, post = open_form(qtbot, post_path)
    assert form.raw.highlighter.syntax == "toml"
    qtbot.keyClick(form.field_editor("title"), Qt.Key.Key_End)
    qtbot.keyClicks(form.field_editor("title"), "er")
    post.save()
    assert post.path.read_text(encoding="utf-8") == (
        '+++\ntitle = "Older"\ndate = "2019-03-11"\ntags = [\n    "a",\n]\n+++\nBody\n'
    )


def test_no_document_shows_an_empty_read_only_form(qtbot):
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(None, None)
    assert not form.add_button.isEnabled()
    assert form.empty_label.text() == "No post is open."
    doc = PostDocument.from_text(RICH_POST)
    form.set_document(doc, None)
    assert form.field_editor("title").text() == "Hello: world"
    assert isinstance(
        form.field_editor("excerpt").findChild(QPlainTextEdit, "input"), QPlainTextEdit
    )


def test_a_passing_state_while_typing_does_not_change_the_quoting(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: A walk in the hills\n---\nBody\n")
    form, post = open_form(qtbot, post_path)
    field = form.field_editor("title")
    field.selectAll()
    qtbot.keyClicks(field, "A long walk")  # "A " alone would need quotes
    assert post.document.text() == "---\ntitle: A long walk\n---\nBody\n"
    assert form.undo_stack.count() == 1
    qtbot.keyClicks(field, ": part 2")  # now quotes are needed, and added
    assert post.document.metadata["title"] == "A long walk: part 2"
    form.undo_stack.undo()
    assert post.document.text() == "---\ntitle: A walk in the hills\n---\nBody\n"


def test_typing_back_to_the_original_leaves_no_undo_step(qtbot, opened):
    form, post = opened
    original = post.document.to_bytes()
    field = form.field_editor("title")
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, "x")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert post.document.to_bytes() == original
    assert form.undo_stack.count() == 0


def test_a_number_key_is_shown_read_only(qtbot, tmp_path: Path):
    post_path = write(tmp_path / "blog/post.md", "---\n2013: a\nok: d\n---\n")
    form, post = open_form(qtbot, post_path)
    editor = form.field_editor("2013")
    assert editor.text() == "a" and editor.isReadOnly()
    assert "Raw tab" in form.field_row("2013").warning.text()
    assert not post.is_dirty


def test_schema_is_learned_once_per_site_and_can_be_reloaded(qtbot, tmp_path: Path, monkeypatch):
    from editor.core.site import schema as sch

    calls: list[Path] = []
    real = sch.schema_for_site
    monkeypatch.setattr(sch, "schema_for_site", lambda site: calls.append(site.root) or real(site))
    post_path = make_site(tmp_path / "site")
    form, post = open_form(qtbot, post_path)
    form.set_document(post.document, Site.open(post_path))
    qtbot.waitUntil(lambda: form.schema_learned)
    assert len(calls) == 1
    assert not form.schema.spec("title").required
    write(tmp_path / "site/.post-editor.yml", SCHEMA_FILE)
    form.reload_schema()
    qtbot.waitUntil(lambda: form.schema.spec("title").required)
    assert len(calls) == 2
    assert form.field_row("title").label.text().endswith("*")


def test_values_already_breaking_the_schema_are_flagged_on_open(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site", SCHEMA_FILE)
    write(post_path, "---\ntitle: T\nlayout: default\nslug: Not A Slug\n---\n")
    form, post = open_form(qtbot, post_path)
    assert "not one of" in form.field_row("layout").warning.text()
    assert form.field_editor("layout").currentText() == "default"
    assert "pattern" in form.field_row("slug").warning.text()
    assert form.field_row("title").warning.isHidden()
    assert not post.is_dirty
