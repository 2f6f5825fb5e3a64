"""The outline beside the source pane: an empty one says what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from editor.core.writing.outline import Heading
from editor.services.text_stats import TextReport
from editor.ui.outline_view import LINE_ROLE, UNIFORM_FROM, OutlineView
from editor.ui.source_editor import SourceEditor


def _ink(view: OutlineView) -> int:
    """How many pixels of the viewport differ from its background colour."""
    image = view.viewport().grab().toImage()
    base = view.palette().color(QPalette.ColorRole.Base).rgb()
    return sum(
        image.pixel(x, y) != base
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


def test_an_empty_outline_shows_a_hint_and_headings_replace_it(qtbot):
    editor = SourceEditor()
    view = OutlineView(editor)
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    view.resize(160, 200)
    view.show()
    qtbot.waitExposed(view)
    assert view.count() == 0
    assert _ink(view) > 20  # the hint's text is drawn
    view.show_report(TextReport(headings=[Heading(0, 1, "A heading")]))
    assert view.count() == 1
    assert _ink(view) > 0


def _rows(view: OutlineView) -> list[tuple[str, int, str]]:
    model = view.model()
    return [
        (
            model.index(row, 0).data(),
            model.index(row, 0).data(LINE_ROLE),
            model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole),
        )
        for row in range(model.rowCount())
    ]


def test_a_long_outline_is_listed_whole_at_once_with_one_row_size(qtbot):
    editor = SourceEditor()
    view = OutlineView(editor)
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    many = [Heading(i * 3, 1 + i % 2, f"Heading {i}") for i in range(UNIFORM_FROM * 40)]
    view.show_report(TextReport(headings=many))
    assert view.count() == len(many) and view.headings() == many
    rows = _rows(view)
    assert rows[-1] == ("    Heading 19999", 59998, "Line 59998")
    assert rows[7] == ("    Heading 7", 22, "Line 22")
    assert view.uniformItemSizes()  # one size for all: the list does not measure each row
    few = many[:3]
    view.show_report(TextReport(headings=few))  # a short outline replaces it
    assert not view.uniformItemSizes()
    assert [text for text, _, _ in _rows(view)] == ["Heading 0", "    Heading 1", "Heading 2"]


def test_an_untitled_heading_shows_an_ellipsis_and_levels_indent(qtbot):
    editor = SourceEditor()
    view = OutlineView(editor)
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    view.show_report(TextReport(headings=[Heading(4, 3, ""), Heading(9, 6, "Deep")]))
    assert _rows(view) == [
        ("        …", 5, "Line 5"),
        ("                    Deep", 10, "Line 10"),
    ]
