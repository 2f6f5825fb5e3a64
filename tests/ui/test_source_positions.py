"""Python positions against Qt's: the fast conversions agree with a character-by-character walk."""

from __future__ import annotations

import random

from editor.ui.source_positions import _WIDE, qt_converter, to_python, to_qt


def _walk_to_python(text: str, position: int) -> int:
    if not _WIDE.search(text):
        return position
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if _WIDE.match(char) else 1
    return len(text)


def _walk_to_qt(text: str, position: int) -> int:
    return sum(2 if _WIDE.match(char) else 1 for char in text[:position])


def test_conversions_agree_with_a_walk_over_the_characters():
    pick = random.Random(11)
    for _ in range(1500):
        text = "".join(pick.choice("ab\né🙂😀") for _ in range(pick.randrange(30)))
        qt = qt_converter(text)
        for position in range(len(text) + 1):
            assert qt(position) == to_qt(text, position) == _walk_to_qt(text, position)
        for position in range(2 * len(text) + 3):
            assert to_python(text, position) == _walk_to_python(text, position)


def test_find_bar_marks_every_match_of_a_long_post_at_the_right_place(qtbot):
    from tests.ui.writing_support import make_host

    text = ("🙂 The walk, then the hill. " * 20 + "\n\n") * 200  # "the" 3 times a sentence
    host = make_host(qtbot, text)
    bar = host.pane.find_bar
    bar.open_bar(replace=False)
    bar.find_field.setText("the")
    marks = host.source.extraSelections()
    assert len(bar.matches()) == 12000 and len(marks) == 2000
    for (start, end), mark in zip(bar.matches(), marks, strict=False):
        assert mark.cursor.selectedText().lower() == text[start:end].lower() == "the"


def test_find_bar_finds_matches_of_a_post_still_going_in(qtbot, monkeypatch):
    from editor.ui import source_editor
    from tests.ui.writing_support import make_host

    monkeypatch.setattr(source_editor, "LOAD_IN_PARTS_FROM", 50_000)
    monkeypatch.setattr(source_editor, "FIRST_PART_CHARS", 20_000)
    monkeypatch.setattr(source_editor, "LOAD_PART_CHARS", 20_000)
    text = "A line of prose.\n\n" * 5_000 + "the needle at the end\n"
    host = make_host(qtbot, "short")
    host.source.set_text(text)
    assert host.source.is_loading()
    bar = host.pane.find_bar
    bar.open_bar(replace=False)
    bar.find_field.setText("needle")
    qtbot.waitUntil(lambda: bool(bar.matches()))
    (start, end), mark = bar.matches()[0], host.source.extraSelections()[0]
    assert mark.cursor.selectedText() == text[start:end] == "needle"
