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
    details: str | None = None,
) -> Choice:
    """A warning with the given buttons and Cancel; the chosen button's Choice.

    Cancel is the default and the escape button: Enter or Escape never picks an action that
    writes or discards anything.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    buttons = {}
    for label, role, choice in options:
        button = box.addButton(label, role)
        button.setAutoDefault(False)
        buttons[id(button)] = choice
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    if details:
        box.setDetailedText(details)
    box.exec()
    return buttons.get(id(box.clickedButton()), Choice.CANCEL)


def ask_conflict(parent: QWidget | None, name: str, diff: str | None = None) -> Choice:
    """The file changed on disk since it was opened: keep which version?

    ``diff`` (the version on disk against yours) is shown under "Show Details…". The default
    button is Cancel, so Enter never overwrites the other program's bytes.
    """
    return _choose(
        parent,
        "File changed on disk",
        f"“{name}” was changed by another program since you opened it.",
        "Keep your version (it replaces theirs on disk), take theirs (your changes can be "
        "brought back with Undo), or save yours under another name.",
        [
            ("Keep Mine (Overwrite)", QMessageBox.ButtonRole.DestructiveRole, Choice.OVERWRITE),
            ("Take Theirs", QMessageBox.ButtonRole.ActionRole, Choice.RELOAD),
            ("Save Mine As…", QMessageBox.ButtonRole.ActionRole, Choice.SAVE_AS),
        ],
        details=diff,
    )


def ask_file_gone(parent: QWidget | None, name: str) -> Choice:
    """The file was deleted or renamed on disk while open: save where, if anywhere?"""
    return _choose(
        parent,
        "File deleted or renamed",
        f"“{name}” was deleted or renamed by another program since you opened it.",
        "Your text is still here. Save it where it was, or somewhere else?",
        [
            ("Save It There Again", QMessageBox.ButtonRole.ActionRole, Choice.SAVE),
            ("Save As…", QMessageBox.ButtonRole.ActionRole, Choice.SAVE_AS),
        ],
    )


def confirm_discard_recovered(parent: QWidget | None, name: str) -> bool:
    """Discarding recovered text deletes it for good: ask, with No as the default."""
    answer = QMessageBox.question(
        parent,
        "Discard unsaved work",
        f"Delete the unsaved text of “{name}” for good? This cannot be undone.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def confirm_discard_changes(parent: QWidget | None, name: str, what: str) -> bool:
    """Before replacing unsaved text with another version: ask, with Cancel as the default."""
    answer = QMessageBox.question(
        parent,
        "Replace your changes",
        f"Replace your unsaved changes to “{name}” with {what}?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


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


def ask_line(parent: QWidget | None, current: int, count: int) -> int | None:
    """Go to Line: a line number from 1 to ``count``, or None when cancelled."""
    line, ok = QInputDialog.getInt(parent, "Go to Line", f"Line (1–{count}):", current, 1, count)
    return line if ok else None
