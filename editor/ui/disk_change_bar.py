"""The bar above the source pane when the open post changed on disk while it has unsaved edits.

Not a modal surprise: the writer keeps typing and decides when ready. No button is a default
and none reacts to Enter (``autoDefault`` off), so Enter never discards the other program's
bytes; overwriting them takes a click on Keep Mine.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

CHANGED = "changed"
GONE = "gone"
TOOK_THEIRS = "took-theirs"


class DiskChangeBar(QFrame):
    compareClicked = Signal()
    keepMineClicked = Signal()
    takeTheirsClicked = Signal()
    saveMineAsClicked = Signal()
    saveThereClicked = Signal()
    undoTakeTheirsClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diskChangeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#diskChangeBar { background: #fff4d6; } QLabel { color: #4a3500; }")
        self.mode: str | None = None
        self.label = QLabel(self)
        self.label.setObjectName("diskChangeText")
        self.label.setWordWrap(True)
        # The text above, the buttons in a row under it: in a narrow source pane the text is
        # not squeezed into a tall column beside the buttons.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(2)
        outer.addWidget(self.label)
        layout = QHBoxLayout()
        layout.addStretch(1)
        outer.addLayout(layout)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, signal in (
            ("diskCompare", "Compare…", self.compareClicked),
            ("diskKeepMine", "Keep Mine", self.keepMineClicked),
            ("diskTakeTheirs", "Take Theirs", self.takeTheirsClicked),
            ("diskSaveMineAs", "Save Mine As…", self.saveMineAsClicked),
            ("diskSaveThere", "Save It There Again", self.saveThereClicked),
            ("diskUndoTakeTheirs", "Undo", self.undoTakeTheirsClicked),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.setDefault(False)
            button.clicked.connect(signal)
            layout.addWidget(button)
            self.buttons[name] = button
        self.hide()

    def show_changed(self, name: str) -> None:
        self._show(
            CHANGED,
            f"“{name}” was changed on disk by another program, and you have unsaved changes. "
            "Nothing is overwritten until you choose.",
            ("diskCompare", "diskKeepMine", "diskTakeTheirs", "diskSaveMineAs"),
        )
        self.buttons["diskKeepMine"].setToolTip("Save your version over theirs")
        self.buttons["diskTakeTheirs"].setToolTip("Load their version (Undo brings yours back)")

    def show_gone(self, name: str) -> None:
        self._show(
            GONE,
            f"“{name}” was deleted or moved on disk. Your text is still here; it is not saved "
            "anywhere until you choose.",
            ("diskSaveMineAs", "diskSaveThere"),
        )

    def show_took_theirs(self, name: str) -> None:
        self._show(
            TOOK_THEIRS,
            f"Loaded the version of “{name}” on disk. Yours is kept: Undo (or Ctrl+Z in the "
            "text) brings it back.",
            ("diskUndoTakeTheirs",),
        )

    def _show(self, mode: str, text: str, visible: tuple[str, ...]) -> None:
        self.mode = mode
        self.label.setText(text)
        for name, button in self.buttons.items():
            button.setVisible(name in visible)
        self.buttons["diskSaveMineAs"].setText("Save As…" if mode == GONE else "Save Mine As…")
        self.show()

    def dismiss(self) -> None:
        self.mode = None
        self.hide()
