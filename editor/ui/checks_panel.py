"""The Checks panel (``checksPanel``): the open post's findings, a way to each, and fixes
shown before they are applied."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.ui.severity import severity_icon

if TYPE_CHECKING:
    from editor.core.checks import Finding

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class ChecksPanel(QWidget):
    """Emits ``findingActivated`` (go there) and ``fixRequested`` (apply, after the preview)."""

    findingActivated = Signal(object)
    fixRequested = Signal(object)
    checkRequested = Signal()  # "Check Now", for a post too long to check as the writer types
    fixShown = Signal(bool)  # the fix's preview shown (the panel needs more room) or hidden

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.summary = QLabel("No post open", self)
        self.summary.setObjectName("checksSummary")
        self.check_now = QPushButton("Check Now", self)
        self.check_now.setObjectName("checkPostNow")
        self.check_now.setToolTip("Run the checks on this post now")
        self.check_now.clicked.connect(self.checkRequested)
        self.check_now.hide()
        self.list = QListWidget(self)
        self.list.setObjectName("checksList")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.list.currentItemChanged.connect(self._on_current)

        self.show_fix = QPushButton("Fix…", self)
        self.show_fix.setObjectName("showFix")
        self.show_fix.setToolTip("Show the change this fix makes, then apply it")
        self.show_fix.clicked.connect(self._show_fix)
        self.change = QLabel(self)
        self.change.setObjectName("fixPreview")
        self.change.setTextFormat(Qt.TextFormat.RichText)
        self.change.setWordWrap(True)
        self.apply = QPushButton("Apply Fix", self)
        self.apply.setObjectName("applyFix")
        self.apply.clicked.connect(self._apply)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setObjectName("cancelFix")
        self.cancel.clicked.connect(self._hide_fix)

        buttons = QHBoxLayout()
        buttons.addWidget(self.show_fix)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.apply)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.check_now)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.change)
        layout.addLayout(buttons)
        self._hide_fix()
        self.show_fix.setEnabled(False)

    # -- content ------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding] | None) -> None:
        """Show the open post's findings (None: no post)."""
        current = self.current_finding()
        self.list.clear()
        self._hide_fix()
        if findings is None:
            self.summary.setText("No post open")
            return
        from editor.core.checks.report import summary  # the checks load off the UI thread

        self.summary.setText(summary(findings) if findings else "No problems found")
        self.check_now.setEnabled(True)
        for finding in findings:
            item = QListWidgetItem(severity_icon(self, finding.severity), _label(finding))
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(f"{finding.severity}: {finding.message} [{finding.rule}]")
            self.list.addItem(item)
            if current is not None and _same(current, finding):
                self.list.setCurrentItem(item)
        self._on_current(self.list.currentItem())

    def set_checking(self) -> None:
        """Another post was opened: its findings are on their way."""
        self.list.clear()
        self._hide_fix()
        self.show_fix.setEnabled(False)
        self.check_now.hide()
        self.summary.setText("Checking…")

    def set_on_request(self) -> None:
        """The open post is checked only when asked (Check Now); findings shown stay."""
        self.check_now.show()
        self.check_now.setEnabled(True)
        self.summary.setText(
            "This post is too long to check as you type: Check Now checks it as it is."
        )

    def set_checking_on_request(self) -> None:
        self.check_now.setEnabled(False)
        self.summary.setText("Checking this long post…")

    def findings(self) -> list[Finding]:
        return [self.list.item(i).data(FINDING_ROLE) for i in range(self.list.count())]

    def current_finding(self) -> Finding | None:
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def item_for(self, rule: str) -> QListWidgetItem | None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(FINDING_ROLE).rule == rule:
                return item
        return None

    # -- actions ------------------------------------------------------------------------------
    def _activate(self, item: QListWidgetItem) -> None:
        self.findingActivated.emit(item.data(FINDING_ROLE))

    def _on_current(self, item: QListWidgetItem | None, _previous=None) -> None:
        finding = item.data(FINDING_ROLE) if item is not None else None
        self.show_fix.setEnabled(finding is not None and finding.fix is not None)
        self._hide_fix()

    def _show_fix(self) -> None:
        finding = self.current_finding()
        if finding is None or finding.fix is None:
            return
        rows = [f"<b>{html.escape(finding.fix.label)}</b>"]
        for edit in finding.fix.edits:
            rows.append(f"Line {edit.line}:")
            rows.append(f"<span style='color:#a11'>− {html.escape(edit.old)}</span>")
            rows.append(f"<span style='color:#161'>+ {html.escape(edit.new)}</span>")
        self.fixShown.emit(True)  # before: the dock grows as they show
        self.change.setText("<br>".join(rows))
        for widget in (self.change, self.apply, self.cancel):
            widget.setVisible(True)
        self.apply.setFocus()

    def _hide_fix(self) -> None:
        shown = not self.change.isHidden()
        for widget in (self.change, self.apply, self.cancel):
            widget.setVisible(False)
        if shown:
            self.fixShown.emit(False)

    def _apply(self) -> None:
        finding = self.current_finding()
        self._hide_fix()
        if finding is not None and finding.fix is not None:
            self.fixRequested.emit(finding)


def _label(finding: Finding) -> str:
    where = f"{finding.field}: " if finding.field and finding.field not in finding.message else ""
    return f"Line {finding.line}: {where}{finding.message}"


def _same(a: Finding, b: Finding) -> bool:
    return (a.rule, a.line, a.message) == (b.rule, b.line, b.message)
