"""The one way the window talks to the writer in dialogs (tests replace these functions)."""

from __future__ import annotations

import enum
import logging

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)


class Choice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    SAVE_AS = "save-as"
    OVERWRITE = "overwrite"
    RELOAD = "reload"


def error(parent: QWidget | None, title: str, text: str) -> None:
    log.warning("%s: %s", title, text)
    QMessageBox.critical(parent, title, text)


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    """Save, discard or cancel, for a post with unsaved changes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {
        QMessageBox.StandardButton.Save: Choice.SAVE,
        QMessageBox.StandardButton.Discard: Choice.DISCARD,
    }.get(QMessageBox.StandardButton(answer), Choice.CANCEL)


def ask_conflict(parent: QWidget | None, name: str) -> Choice:
    """The file changed on disk since it was opened: keep which version?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("File changed on disk")
    box.setText(f"“{name}” was changed by another program since you opened it.")
    box.setInformativeText(
        "Overwrite it with your version, or reload the version on disk (your changes are lost)?"
    )
    overwrite = box.addButton("Overwrite with my version", QMessageBox.ButtonRole.AcceptRole)
    reload_button = box.addButton("Reload from disk", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return Choice.OVERWRITE
    if clicked is reload_button:
        return Choice.RELOAD
    return Choice.CANCEL


def ask_file_gone(parent: QWidget | None, name: str) -> Choice:
    """The file was deleted or renamed on disk while open: save where, if anywhere?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("File deleted or renamed")
    box.setText(f"“{name}” was deleted or renamed by another program since you opened it.")
    box.setInformativeText("Your text is still here. Save it where it was, or somewhere else?")
    here = box.addButton("Save It There Again", QMessageBox.ButtonRole.AcceptRole)
    elsewhere = box.addButton("Save As…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is here:
        return Choice.SAVE
    if clicked is elsewhere:
        return Choice.SAVE_AS
    return Choice.CANCEL


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok and text.strip() else None
