"""The outline beside the source pane: an empty one says what it is for."""

from __future__ import annotations

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
