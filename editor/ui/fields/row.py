"""One labelled row of the form: label, editor, remove button, and messages beside the editor."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QWidget

from editor.core.wording import count_of
from editor.ui.fields.base import FieldContext, FieldEditor

LABEL_WIDTH = 110
NESTED_LABEL_WIDTH = 84


class FieldRow(QWidget):
    """Errors block the write (red); warnings such as YAML traps only inform (amber)."""

    removeRequested = Signal()

    def __init__(
        self, ctx: FieldContext, editor: QWidget, *, removable: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor = editor
        # The same widget seen through the field contract every editor keeps.
        self.field = cast(FieldEditor, editor)
        dotted = ctx.dotted
        self.setObjectName(f"row:{dotted}")
        spec = ctx.spec
        self.label = QLabel(spec.label or ctx.path[-1], self)
        self.label.setObjectName(f"label:{dotted}")
        self.label.setFixedWidth(LABEL_WIDTH if len(ctx.path) == 1 else NESTED_LABEL_WIDTH)
        self.label.setContentsMargins(0, 4, 0, 0)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.label.setBuddy(editor)
        tip = [f"<b>{ctx.path[-1]}</b> ({ctx.kind.replace('_', ' ')})"]
        if spec.help:
            tip.append(spec.help)
        if spec.posts:
            tip.append(f"used in {count_of(spec.posts, 'post')} of this site")
        self.label.setToolTip("<br>".join(tip))
        if spec.required:
            self.label.setText(self.label.text() + " *")
        self.message = QLabel(self)
        self.message.setObjectName(f"message:{dotted}")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()
        self.warning = QLabel(self)
        self.warning.setObjectName(f"warning:{dotted}")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b35c00;")
        self.warning.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(1)
        layout.addWidget(self.label, 0, 0, 3, 1)
        layout.addWidget(editor, 0, 1)
        layout.addWidget(self.message, 1, 1)
        layout.addWidget(self.warning, 2, 1)
        layout.setColumnStretch(1, 1)
        self.remove_button: QToolButton | None = None
        if removable:
            button = QToolButton(self)
            button.setObjectName(f"remove:{dotted}")
            button.setText("✕")
            button.setAutoRaise(True)
            button.setToolTip(f"Remove {dotted} from this post")
            button.clicked.connect(self.removeRequested.emit)
            layout.addWidget(button, 0, 2, Qt.AlignmentFlag.AlignTop)
            self.remove_button = button

    def show_error(self, text: str) -> None:
        """Show (or clear, with "") why the value was not written."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_warning(self, text: str) -> None:
        """Show (or clear) a trap or note that does not block writing."""
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def error_text(self) -> str:
        return self.message.text() if self.message.isVisible() or self.message.text() else ""
