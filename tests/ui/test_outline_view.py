"""The outline beside the source pane: an empty one says what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from editor.ui.outline_view import OutlineView
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
    view.addItem("A heading")
    assert _ink(view) > 0


def test_a_long_outline_is_filled_in_slices_and_ends_complete(qtbot):
    from editor.core.writing.outline import Heading
    from editor.services.text_stats import TextReport
    from editor.ui.outline_view import FILL_AT_ONCE

    editor = SourceEditor()
    view = OutlineView(editor)
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    many = [Heading(i * 3, 1 + i % 2, f"Heading {i}") for i in range(FILL_AT_ONCE * 40)]
    view.show_report(TextReport(headings=many))
    assert 0 < view.count() < len(many) and view.filling()
    qtbot.waitUntil(lambda: not view.filling(), timeout=30_000)
    assert view.count() == len(many)
    assert view.item(len(many) - 1).text() == "    Heading 19999"
    assert view.item(7).data(Qt.ItemDataRole.UserRole) == 22
    assert view.uniformItemSizes()  # one size for all: the list does not measure each item
    few = many[:3]
    view.show_report(TextReport(headings=few))  # a short outline replaces it at once
    assert not view.uniformItemSizes()
    assert [view.item(i).text() for i in range(view.count())] == [
        "Heading 0",
        "    Heading 1",
        "Heading 2",
    ]
