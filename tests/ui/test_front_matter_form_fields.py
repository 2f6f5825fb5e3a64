"""Each field type, edited through its real widget, changes only that key's lines on save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from editor.core.post import Post
from editor.core.site import Site
from editor.ui.front_matter_form import FrontMatterForm
from tests.ui.form_support import _PNG, changed_keys, make_site, write


@pytest.fixture
def opened(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))
    qtbot.waitUntil(lambda: form.schema_learned)  # learned off the UI thread
    return form, post


def save_and_diff(post: Post) -> tuple[str, str]:
    before = post.path.read_text(encoding="utf-8")
    post.save()
    return before, post.path.read_text(encoding="utf-8")


def retype(qtbot, line_edit: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Select everything and type over it, as a writer would."""
    line_edit.setFocus()
    qtbot.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line_edit, text)


def test_displaying_a_post_does_not_edit_it(opened):
    form, post = opened
    assert not post.is_dirty
    assert form.undo_stack.count() == 0


def test_text_field(qtbot, opened):
    form, post = opened
    title = form.field_editor("title")
    assert isinstance(title, QLineEdit)
    assert title.text() == "Hello: world"
    with qtbot.waitSignal(form.edited):
        retype(qtbot, title, "Hello again: world")
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"title"}
    assert 'title: "Hello again: world"\n' in after


def test_long_text_field_shows_a_count_and_keeps_the_block_style(qtbot, opened):
    form, post = opened
    excerpt = form.field_editor("excerpt")
    edit = excerpt.findChild(QPlainTextEdit, "input")
    assert edit.toPlainText() == "A short summary on two lines."
    retype(qtbot, edit, "Another summary.")
    assert "16 / 300" in excerpt.count.text()
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"excerpt"}
    assert post.document.metadata["excerpt"] == "Another summary.\n"


def test_date_field_keeps_the_jekyll_spelling(qtbot, opened):
    form, post = opened
    field = form.field_editor("date")
    line = field.findChild(QLineEdit, "input")
    assert line.text() == "2019-08-08 11:33:00 +0800"
    assert field.zone.text() == "UTC+08:00"
    retype(qtbot, line, "2024-05-18 09:30:00 +0800")
    assert not post.is_dirty  # written when typing is done, never half-typed
    qtbot.keyClick(line, Qt.Key.Key_Return)
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"date"}
    assert "\ndate: 2024-05-18 09:30:00 +0800\n" in after


def test_a_narrow_form_shows_the_whole_date(qtbot, opened):
    """The zone's description gives way, never the date itself (its start was cut off)."""
    form, _post = opened
    field = form.field_editor("date")
    field._show_zone("no time zone (site time), a long description of it")
    form.resize(420, 500)
    form.show()
    qtbot.waitExposed(form)
    line = field.findChild(QLineEdit, "input")
    assert line.width() > line.fontMetrics().horizontalAdvance(line.text())
    assert field.zone.toolTip() == field.zone.text()


def test_date_now_button_uses_the_fields_spelling_and_zone(qtbot, opened):
    form, post = opened
    field = form.field_editor("date")
    qtbot.mouseClick(field.findChild(QPushButton, "now"), Qt.MouseButton.LeftButton)
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"date"}
    line = next(x for x in after.splitlines() if x.startswith("date: "))
    assert line.endswith(" +0800") and len(line) == len("date: 2019-08-08 11:33:00 +0800")


def test_a_date_that_does_not_parse_is_not_written(qtbot, opened):
    form, post = opened
    line = form.field_editor("date").findChild(QLineEdit, "input")
    retype(qtbot, line, "next tuesday")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert "Not a date" in form.field_row("date").message.text()
    assert not post.is_dirty


def test_boolean_field(qtbot, opened):
    form, post = opened
    box = form.field_editor("published")
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.click()
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"published"}
    assert "\npublished: false\n" in after


def test_choice_field_offers_layouts(qtbot, opened):
    form, post = opened
    combo = form.field_editor("layout")
    assert isinstance(combo, QComboBox)
    assert {combo.itemText(i) for i in range(combo.count())} >= {"post", "page"}
    index = combo.findText("page")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"layout"}
    assert "\nlayout: page\n" in after


def test_chips_field_adds_and_removes(qtbot, opened):
    form, post = opened
    chips = form.field_editor("tags")
    assert chips.items() == ["python", "qt"]
    line = chips.findChild(QLineEdit, "input")
    qtbot.keyClicks(line, "gui")  # no other post uses it, so no completion popup opens
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert line.text() == ""
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"tags"}
    assert "\ntags: [python, qt, gui]\n" in after
    chip = form.field_editor("tags").findChild(QWidget, "chip:qt")
    chip.click()
    assert post.document.metadata["tags"] == ["python", "gui"]


def test_image_field_checks_the_file_and_copies_outside_images(qtbot, opened, tmp_path: Path):
    form, post = opened
    field = form.field_editor("image")
    assert field.warning.text() == ""
    assert not field.thumbnail.pixmap().isNull()
    retype(qtbot, field.findChild(QLineEdit, "input"), "/assets/images/missing.png")
    assert "does not exist" in field.warning.text()
    outside = write(tmp_path / "elsewhere" / "photo.png", _PNG)
    field = form.field_editor("image")
    field.confirm_copy = lambda *_: True
    assert field.use_file(outside)
    assert (tmp_path / "site/assets/images/photo.png").read_bytes() == _PNG
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"image"}
    assert "\nimage: /assets/images/photo.png\n" in after


def test_nested_mapping_field_edits_only_its_line(qtbot, opened):
    form, post = opened
    caption = form.field_editor("header.caption")
    assert isinstance(caption, QLineEdit)
    retype(qtbot, caption, "Photo by me")
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"header"}
    old = [line for line in before.splitlines() if line not in after.splitlines()]
    assert old == ['  caption: "Photo"']
    assert form.field_editor("header.image") is not None


def test_yaml_value_field_is_validated_as_you_type(qtbot, opened):
    form, post = opened
    field = form.field_editor("weight")
    edit = field.findChild(QPlainTextEdit, "input")
    assert edit.toPlainText() == "3"
    retype(qtbot, edit, "[1, 2")
    assert "Not valid YAML" in form.field_row("weight").message.text()
    assert not post.is_dirty
    qtbot.keyClicks(edit, "]")
    assert form.field_row("weight").message.isHidden()
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"weight"}
    assert post.document.metadata["weight"] == [1, 2]


def test_a_string_tag_list_stays_a_string_until_converted(qtbot, tmp_path: Path):
    post_path = make_site(tmp_path / "site")
    write(post_path, "---\ntitle: T\ntags: formatting math\n---\n")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))
    qtbot.waitUntil(lambda: form.schema_learned)
    chips = form.field_editor("tags")
    assert chips.items() == []
    assert chips.findChild(QLineEdit, "input").text() == "formatting math"
    assert not post.is_dirty
    chips.findChild(QPushButton, "convert").click()
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"tags"}
    assert post.document.metadata["tags"] == ["formatting", "math"]


@pytest.mark.parametrize(
    ("text", "typed", "expected"),
    [
        ("---\ndate: 2019-12-01T21:57:40+08:00\n---\n", "2021-12-01T21:57:40+08:00", None),
        ("---\ndate: 2011-06-28T16:08:57Z\n---\n", "2012-06-28T16:08:57Z", None),
        ("---\ndate: '2019-11-12'\n---\n", "2021-11-12", "---\ndate: '2021-11-12'\n---\n"),
        ("---\ndate: 2010-01-10 13:07:09\n---\n", "2013-01-10 13:07:09", None),
        ("+++\ndate = 2019-03-11\n+++\n", "2021-03-11", None),
        ('+++\ndate = "2019-03-11"\n+++\n', "2021-03-11", '+++\ndate = "2021-03-11"\n+++\n'),
    ],
)
def test_date_edits_keep_each_spelling(qtbot, tmp_path: Path, text: str, typed: str, expected):
    post_path = write(tmp_path / "blog/post.md", text + "Body\n")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))
    line = form.field_editor("date").findChild(QLineEdit, "input")
    retype(qtbot, line, typed)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    post.save()
    old_value = text.split("date", 1)[1].split("\n", 1)[0]
    wanted = expected or text.replace(old_value.strip(" :=").strip("'\""), typed)
    assert post_path.read_text(encoding="utf-8") == wanted + "Body\n"


def test_date_calendar_changes_the_day_and_keeps_time_and_zone(qtbot, opened):
    from PySide6.QtCore import QDate

    form, post = opened
    field = form.field_editor("date")
    field.calendar.clicked.emit(QDate(2024, 2, 29))  # as a click on a day of the calendar
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"date"}
    assert "\ndate: 2024-02-29 11:33:00 +0800\n" in after


def test_choice_field_accepts_a_typed_layout(qtbot, opened):
    form, post = opened
    combo = form.field_editor("layout")
    retype(qtbot, combo.lineEdit(), "wide")
    before, after = save_and_diff(post)
    assert changed_keys(before, after) == {"layout"}
    assert "\nlayout: wide\n" in after
    assert form.undo_stack.count() == 1


@pytest.mark.parametrize(
    ("old", "typed"),
    [
        ("2019-08-08 11:33:00 +08:00", "2020-01-02 10:00:00 +08"),
        ("2019-08-08 11:33:00 +0800", "2020-01-02 9:05:00 +0800"),
        ("2019-08-08T11:33:00Z", "2020-01-02 10:00:00.5 -05:00"),
        ("2019-08-08 11:33:00", "2020-1-2 10:00:00"),
        ("'2019-08-08 11:33'", "2020-01-02 9:05"),
    ],
)
def test_a_typed_date_keeps_the_spelling_typed(qtbot, tmp_path: Path, old: str, typed: str):
    post_path = write(tmp_path / "blog/post.md", f"---\ndate: {old}\n---\nBody\n")
    post = Post.load(post_path)
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_document(post.document, Site.open(post_path))
    line = form.field_editor("date").findChild(QLineEdit, "input")
    retype(qtbot, line, typed)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    quote = "'" if old.startswith("'") else ""
    assert post.document.text() == f"---\ndate: {quote}{typed}{quote}\n---\nBody\n"
