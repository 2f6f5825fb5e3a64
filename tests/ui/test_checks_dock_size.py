"""The Checks dock grows for a fix's preview and gets its height back once the preview is gone
(the fix applied, or cancelled)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_checks_panel import PUTIN, click, open_and_check


def show_fix(qtbot, window, sample_site):
    window.resize(1000, 700)
    panel = open_and_check(qtbot, window, sample_site / PUTIN)
    dock = window.checks.dock
    qtbot.wait(20)  # the window's layout settles (not a timing assertion)
    before = dock.height()
    click(qtbot, panel, "mojibake")
    qtbot.mouseClick(panel.show_fix, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.height() > before)  # the preview needs more room
    return panel, dock, before


def test_the_dock_shrinks_back_after_a_fix(qtbot, window, sample_site):
    panel, dock, before = show_fix(qtbot, window, sample_site)
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        qtbot.mouseClick(panel.apply, Qt.MouseButton.LeftButton)
    assert "mojibake" not in {f.rule for f in panel.findings()}  # a shorter list
    qtbot.waitUntil(lambda: dock.height() == before)
    qtbot.wait(50)
    assert dock.height() == before  # and it stays so


def test_the_dock_shrinks_back_after_cancel(qtbot, window, sample_site):
    panel, dock, before = show_fix(qtbot, window, sample_site)
    qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.height() == before)


def test_a_dock_the_writer_made_smaller_keeps_its_height(qtbot, window, sample_site):
    panel, dock, before = show_fix(qtbot, window, sample_site)
    qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.height() == before)
    window.resizeDocks([dock], [before - 20], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: dock.height() < before)
    smaller = dock.height()
    panel.list.setCurrentItem(panel.item_for("title-length") or panel.list.item(0))
    with qtbot.waitSignal(window.checks.runner.postChecked, timeout=10_000):
        window.checks.schedule(now=True)
    qtbot.wait(20)
    assert dock.height() == smaller
