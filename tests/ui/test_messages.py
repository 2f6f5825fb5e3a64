"""The dialogs map the writer's button to the right choice (clicked for real, offscreen)."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor.ui import messages
from editor.ui.messages import Choice


def click_later(label: str) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == label]
        button.click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize(
    ("ask", "label", "expected"),
    [
        (messages.ask_file_gone, "Save As…", Choice.SAVE_AS),
        (messages.ask_file_gone, "Save It There Again", Choice.SAVE),
        (messages.ask_file_gone, "Cancel", Choice.CANCEL),
        (messages.ask_conflict, "Take Theirs", Choice.RELOAD),
        (messages.ask_conflict, "Keep Mine (Overwrite)", Choice.OVERWRITE),
        (messages.ask_conflict, "Save Mine As…", Choice.SAVE_AS),
        (messages.ask_conflict, "Cancel", Choice.CANCEL),
        (messages.ask_save_changes, "Discard", Choice.DISCARD),
        (messages.ask_save_changes, "Save", Choice.SAVE),
    ],
)
def test_buttons_map_to_choices(qapp, ask, label, expected):
    click_later(label)
    assert ask(None, "post.md") is expected


@pytest.mark.parametrize("ask", [messages.ask_conflict, messages.ask_file_gone])
def test_enter_never_picks_an_action(qapp, ask):
    """Enter on the conflict and file-gone dialogs cancels: no overwrite, no reload."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert box.defaultButton() is box.escapeButton()
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    assert ask(None, "post.md") is Choice.CANCEL
