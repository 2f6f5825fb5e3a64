"""Every text widget gives back exactly what it was given: U+2028/U+2029, U+FDD0/U+FDD1, the
private-use stand-ins themselves (U+F2029…), NBSP, BOM, bidi marks and astral characters."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from editor.core.post import Post
from editor.core.site import schema as sch
from editor.ui.fields.base import FieldContext
from editor.ui.fields.long_text import LongTextField
from editor.ui.fields.text import TextField
from editor.ui.fields.yaml_value import YamlField
from editor.ui.lossless_text import (
    DEFAULT_STANDINS,
    line_text,
    plain_text,
    set_line_text,
    set_plain_text,
)
from editor.ui.raw_front_matter import RawFrontMatterView
from editor.ui.source_editor import SourceEditor

TRICKY = [
    "\u2028",
    "\u2029",
    "\ufdd0",
    "\ufdd1",
    *DEFAULT_STANDINS,
    "\U000f0000",
    "\xa0",
    "\ufeff",
    "\u200f",
    "\u202e",
    "\U0001f469",
    "\U0001f469\u200d\U0001f4bb",
    "\x85",
    "\t",
]
texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.sampled_from(["a", "é", " ", "\n", "#", ":"])),
    max_size=40,
).map("".join)
lines = texts.map(lambda t: t.replace("\n", " "))
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(text=texts)
def test_plain_text_widget_round_trips(qtbot, text: str) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    set_plain_text(edit, text)
    assert plain_text(edit) == text


@SETTINGS
@given(text=texts)
def test_source_pane_round_trips(qtbot, text: str) -> None:
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_text(text)
    assert editor.text() == text
    assert editor.checked_text() == text


@SETTINGS
@given(text=texts)
def test_raw_tab_round_trips(qtbot, text: str) -> None:
    view = RawFrontMatterView()
    qtbot.addWidget(view)
    view.set_text(text, "yaml")
    assert view.text() == text


@SETTINGS
@given(text=texts)
def test_multi_line_field_commits_nothing_and_reads_back(qtbot, text: str) -> None:
    ctx = FieldContext(
        path=("excerpt",), spec=sch.FieldSpec("excerpt", sch.LONG_TEXT), kind=sch.LONG_TEXT
    )
    field = LongTextField(ctx)
    qtbot.addWidget(field)
    committed: list[object] = []
    field.committed.connect(committed.append)
    field.set_value(text)
    assert committed == []
    assert field.text() + field._tail == text


@SETTINGS
@given(text=texts)
def test_yaml_field_reads_back(qtbot, text: str) -> None:
    ctx = FieldContext(path=("odd",), spec=sch.FieldSpec("odd", sch.YAML), kind=sch.YAML)
    field = YamlField(ctx)
    qtbot.addWidget(field)
    set_plain_text(field.edit, text)
    assert field.text() == text


@SETTINGS
@given(text=lines)
def test_line_edits_round_trip(qtbot, text: str) -> None:
    ctx = FieldContext(path=("title",), spec=sch.FieldSpec("title", sch.TEXT), kind=sch.TEXT)
    field = TextField(ctx)
    qtbot.addWidget(field)
    field.set_value(text)
    assert field.text() == text
    plain = QLineEdit()
    qtbot.addWidget(plain)
    set_line_text(plain, text)
    assert line_text(plain) == text


def test_a_post_with_every_tricky_character_saves_unchanged(qtbot, window, tmp_path: Path):
    """The whole path, no edit: open in the window, save, the bytes are the same."""
    body = "".join(TRICKY) + "\nline\u2029two\U000f2029three\n"
    front = 'title: "a\\u2029b"\nexcerpt: |\n  x\u2028y\U000f2029z\n'
    path = tmp_path / "_posts" / "2024-01-01-tricky.md"
    path.parent.mkdir(parents=True)
    data = f"---\n{front}---\n{body}".encode()
    path.write_bytes(data)
    window.open_path(path)
    window.source.set_text(window.source.text())
    window.save()
    assert path.read_bytes() == data
    assert Post.load(path).document.body == body
