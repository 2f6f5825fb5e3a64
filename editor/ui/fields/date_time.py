"""A date or date-time, typed in any spelling real posts use, kept in the post's own spelling."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from editor.core.frontmatter import dates


class DateField(QWidget):
    """What the writer types is the spelling; "Now" reuses the spelling already in the post.

    The committed value keeps the Python type the post already uses: a string stays a string
    (Jekyll's ``+0800`` and quoted dates load as strings), a YAML timestamp stays a date object.
    """

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._value: Any = None
        self._parsed: dates.ParsedDate | None = None
        self.input = QLineEdit(self)
        self.input.setObjectName("input")
        self.input.setPlaceholderText("YYYY-MM-DD HH:MM:SS +ZZZZ")
        # The whole date stays readable; the zone's description gives way first (its tooltip
        # keeps the full text).
        metrics = self.input.fontMetrics()
        self.input.setMinimumWidth(metrics.horizontalAdvance("0000-00-00 00:00:00 +00:00") + 16)
        self.zone = QLabel(self)
        self.zone.setObjectName("zone")
        self.zone.setMinimumWidth(1)  # may be cut when the form is narrow (never the date)
        self.now_button = QPushButton("Now", self)
        self.now_button.setObjectName("now")
        self.now_button.setMaximumWidth(self.now_button.fontMetrics().horizontalAdvance("Now") + 28)
        self.now_button.setToolTip("Set to the current time, in this field's spelling and zone")
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("calendar")
        self.calendar_button.setText("▾")
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.calendar_button.setToolTip("Pick a day; the time and zone stay as they are")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget(self)
        menu = QMenu(self.calendar_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar_button.setMenu(menu)
        self.calendar.clicked.connect(menu.close)
        self.calendar.clicked.connect(self.pick_day)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.zone)
        layout.addWidget(self.now_button)
        self.input.textEdited.connect(self._on_edited)
        self.input.editingFinished.connect(self._on_finished)
        self.now_button.clicked.connect(self.set_now)

    def _show_zone(self, text: str) -> None:
        self.zone.setText(text)
        self.zone.setToolTip(text)

    def _spelling(self) -> dates.DateSpelling:
        if self._parsed is not None:
            return self._parsed.spelling
        return dates.DEFAULT_DATETIME_SPELLING

    def _write_value(self, parsed: dates.ParsedDate) -> dates.ParsedDate | str:
        """The moment in the spelling it carries: what the writer typed, or (calendar, Now)
        the old value's spelling. A date value goes to the document with its spelling, which
        the document's one date formatter keeps; a text value is written as that text."""
        if isinstance(self._value, date) or (self._value is None and self.ctx.doc_format == "toml"):
            return parsed
        return dates.format_date(parsed.value, parsed.spelling)

    def _on_edited(self, text: str) -> None:
        parsed = dates.parse_date(text)
        if parsed is None:
            self._show_zone("")
            self.problem.emit("Not a date: type 2024-05-18, 2024-05-18 09:30:00 or add +02:00")
            return
        self.problem.emit("")
        self._show_zone(dates.describe_zone(parsed))

    def _on_finished(self) -> None:
        """Dates are written when typing is done: half-typed dates would change the spelling."""
        parsed = dates.parse_date(self.input.text())
        if parsed is None:
            return
        if self._parsed is not None and parsed.value == self._parsed.value:
            return
        self.committed.emit(self._write_value(parsed))

    def _prepare_calendar(self) -> None:
        if self._parsed is not None:
            day = self._parsed.value
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def pick_day(self, day: QDate) -> None:
        """Change the day only: the time, zone and spelling of the value stay as they were."""
        chosen = date(day.year(), day.month(), day.day())
        spelling = self._spelling()
        if self._parsed is not None and isinstance(self._parsed.value, datetime):
            moment: date | datetime = self._parsed.value.replace(
                year=chosen.year, month=chosen.month, day=chosen.day
            )
        elif spelling.has_time:
            moment = datetime(chosen.year, chosen.month, chosen.day)
        else:
            moment = chosen
        parsed = dates.ParsedDate(moment, spelling)
        self.input.setText(parsed.text)
        self._show_zone(dates.describe_zone(parsed))
        self.problem.emit("")
        self.committed.emit(self._write_value(parsed))

    def set_now(self) -> None:
        """Put the current moment in, spelled and zoned like the value it replaces."""
        spelling = self._spelling()
        moment = dates.now_in_spelling(spelling)
        parsed = dates.ParsedDate(moment, spelling)
        self.input.setText(parsed.text)
        self._show_zone(dates.describe_zone(parsed))
        self.committed.emit(self._write_value(parsed))

    def set_value(self, value: Any, raw: str | None = None) -> None:
        self._value = value
        self._parsed = dates.parse_date_value(value, raw)
        if self._parsed is not None:
            text = self._parsed.text
            self._show_zone(dates.describe_zone(self._parsed))
        else:
            text = "" if value is None else str(value)
            self._show_zone("")
        typed = dates.parse_date(self.input.text())
        if typed is not None and self._parsed is not None and typed.value == self._parsed.value:
            return  # the writer's own spelling of the same moment stays as typed
        if self.input.text() != text:
            self.input.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.input.setReadOnly(read_only)
        self.now_button.setEnabled(not read_only)
        self.calendar_button.setEnabled(not read_only)
