"""Focus mode, the collapsed form, the application theme, with keys where they have them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget

from editor.ui import palette

WALK = "_posts/2024-05-18-a-walk-in-the-hills.md"


def activate(qtbot, window) -> None:
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


def test_f11_shows_the_source_alone_and_escape_leaves(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    activate(qtbot, window)
    window.source.setFocus()
    qtbot.keyClick(window.source, Qt.Key.Key_F11)
    assert window.commands.writing.focus_mode.isChecked()
    assert not window.preview.isVisible() and not window.post_list.isVisible()
    # The source alone: no form, no checks panel, no status bar either.
    others = [window.form, window.statusBar(), *window.findChildren(QDockWidget)]
    assert len(others) > 2 and not any(w.isVisible() for w in others)
    assert window.source.isVisible()
    qtbot.keyClick(window.source, Qt.Key.Key_Escape)
    assert not window.commands.writing.focus_mode.isChecked()
    assert window.preview.isVisible() and window.post_list.isVisible()
    assert all(w.isVisible() for w in others)


def test_collapsed_form_is_a_one_line_summary_and_is_remembered(qtbot, window, sample_site: Path):
    window.open_post(sample_site / WALK)
    activate(qtbot, window)
    window.source.setFocus()
    qtbot.keyClick(
        window.source,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    summary = window.writing_tools.layout.summary
    assert not window.form.isVisible() and summary.isVisible()
    assert "A walk in the hills" in summary.text()
    assert window.settings.value("writing/form_collapsed") is True
    qtbot.mouseClick(summary, Qt.MouseButton.LeftButton)
    assert window.form.isVisible() and not summary.isVisible()


def test_dark_theme_palette_and_legible_highlighting(qtbot, window):
    window.commands.writing.app_theme["dark"].trigger()
    background = QApplication.palette().color(QPalette.ColorRole.Base).name()
    assert background == palette.DARK.background
    assert window.settings.value("writing/theme") == "dark"
    window.commands.writing.app_theme["light"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == palette.LIGHT.background
    window.commands.writing.app_theme["system"].trigger()


def test_every_text_colour_has_contrast_on_its_background():
    for colors in (palette.LIGHT, palette.DARK):
        for name, value in colors.text_colors().items():
            ratio = palette.contrast_ratio(value, colors.background)
            assert ratio >= 4.5, (colors.name, name, round(ratio, 2))
        assert palette.contrast_ratio(colors.highlighted_text, colors.highlight) >= 4.5


def test_leaving_focus_mode_gives_back_the_window_state_it_found(qtbot, window):
    focus = window.commands.writing.focus_mode
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    focus.setChecked(True)
    qtbot.waitUntil(window.isFullScreen)
    focus.setChecked(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.isMaximized()
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isMaximized())
    window.setGeometry(40, 50, 700, 500)
    geometry = window.geometry()
    focus.setChecked(True)
    qtbot.waitUntil(window.isFullScreen)
    focus.setChecked(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.isMaximized()
    qtbot.waitUntil(lambda: window.geometry() == geometry)
    window.showFullScreen()
    focus.setChecked(True)
    focus.setChecked(False)
    assert window.isFullScreen()
    assert window.preview.isVisible()


def test_escape_in_the_find_bar_during_focus_mode_closes_the_bar_first(qtbot, window):
    activate(qtbot, window)
    window.source.setFocus()
    qtbot.keyClick(window.source, Qt.Key.Key_F11)
    qtbot.keyClick(window.source, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.source_pane.find_bar
    assert bar.isVisible()
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.commands.writing.focus_mode.isChecked()
    qtbot.keyClick(window.source, Qt.Key.Key_Escape)
    assert not window.commands.writing.focus_mode.isChecked()


def test_switching_theme_repaints_fields_styled_from_the_palette(qtbot, window, sample_site):
    # Style sheets read palette(base) when set: the tag chips of an open post stayed white
    # on the dark theme until another post was opened.
    from editor.ui.fields.chips import ChipsField

    window.commands.writing.app_theme["light"].trigger()
    window.open_post(sample_site / WALK)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: any(f.isVisible() for f in window.findChildren(ChipsField)))
    field = next(f for f in window.findChildren(ChipsField) if f.isVisible())
    window.commands.writing.app_theme["dark"].trigger()
    QApplication.processEvents()
    area = field.chips
    image = area.grab().toImage()
    # A spot inside the frame, right of every chip and of the input.
    spot = image.pixelColor(area.width() - 6, area.height() // 2)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    assert base.lightness() < 100
    assert spot.lightness() < 100, spot.name()
    # Any style sheet keeps the colours it was polished with: the date's ▾ button too.
    from editor.ui.fields.date_time import DateField

    button = next(f for f in window.findChildren(DateField) if f.isVisible()).calendar_button
    face = button.grab().toImage().pixelColor(3, button.height() // 2)
    assert face.lightness() < 120, face.name()
    window.commands.writing.app_theme["light"].trigger()
    QApplication.processEvents()
    spot = area.grab().toImage().pixelColor(area.width() - 6, area.height() // 2)
    assert spot.lightness() > 150, spot.name()
