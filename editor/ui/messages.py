"""The one way the window talks to the writer in dialogs (tests replace these functions)."""

from __future__ import annotations

import enum
import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

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


def _choose(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str,
    options: list[tuple[str, QMessageBox.ButtonRole, Choice]],
) -> Choice:
    """A warning with the given buttons and Cancel; the chosen button's Choice."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    buttons = {id(box.addButton(label, role)): choice for label, role, choice in options}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return buttons.get(id(box.clickedButton()), Choice.CANCEL)


def ask_conflict(parent: QWidget | None, name: str) -> Choice:
    """The file changed on disk since it was opened: keep which version?"""
    return _choose(
        parent,
        "File changed on disk",
        f"“{name}” was changed by another program since you opened it.",
        "Overwrite it with your version, or reload the version on disk (your changes are lost)?",
        [
            ("Overwrite with my version", QMessageBox.ButtonRole.AcceptRole, Choice.OVERWRITE),
            ("Reload from disk", QMessageBox.ButtonRole.DestructiveRole, Choice.RELOAD),
        ],
    )


def ask_file_gone(parent: QWidget | None, name: str) -> Choice:
    """The file was deleted or renamed on disk while open: save where, if anywhere?"""
    return _choose(
        parent,
        "File deleted or renamed",
        f"“{name}” was deleted or renamed by another program since you opened it.",
        "Your text is still here. Save it where it was, or somewhere else?",
        [
            ("Save It There Again", QMessageBox.ButtonRole.AcceptRole, Choice.SAVE),
            ("Save As…", QMessageBox.ButtonRole.ActionRole, Choice.SAVE_AS),
        ],
    )


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok and text.strip() else None


def ask_rename(parent: QWidget | None, current: str, target: str, details: str) -> bool:
    """The title or date changed: rename the file to match? (Never done without asking.)"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Rename the file?")
    box.setText(f"Rename “{current}” to “{target}” to match the title and date?")
    box.setInformativeText(details)
    rename = box.addButton("Rename", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep the Name", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(rename)
    box.exec()
    return box.clickedButton() is rename


def confirm_export_inside_site(parent: QWidget | None, folder: str, target: str) -> bool:
    """Export into the site's ``_posts``/``_drafts``/``content`` anyway? (default: no)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Export into the site?")
    box.setText(f"“{target}” is inside the site's {folder}/ folder.")
    box.setInformativeText(
        f"The site generator will treat a file in {folder}/ as a post: an exported page "
        "there can break the site's build. Export there anyway?"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes


def ask_copy_into_site(parent: QWidget | None, source: Path, folder: Path) -> bool:
    """Ask before copying a file from outside the site (the site would not publish it)."""
    answer = QMessageBox.question(
        parent,
        "Copy the image into the site?",
        f"{source.name} is outside the site, so the published post could not show it.\n\n"
        f"Copy it into {folder}?",
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """A folder picked by the writer, or None when they cancel."""
    folder = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(folder) if folder else None


def choose_file_to_open(
    parent: QWidget | None, title: str, start: Path, name_filter: str
) -> Path | None:
    """An existing file picked by the writer, or None when they cancel."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), name_filter)
    return Path(name) if name else None


def choose_file_to_save(
    parent: QWidget | None, title: str, start: Path, name_filter: str
) -> Path | None:
    """Where to write a file (the dialog asks before replacing one), or None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), name_filter)
    return Path(name) if name else None
