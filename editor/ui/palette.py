"""The one home of the window's colours: the source pane's highlighting, find marks, spelling
underlines and the application palette, for the light and the dark theme.

Every text colour keeps a contrast of at least 4.5:1 against its theme's editor background
(WCAG AA for body text); ``tests/ui/test_palette.py`` checks each one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colors:
    name: str
    background: str
    text: str
    heading: str
    quote: str
    list_marker: str
    bold: str
    italic: str
    link: str
    code: str
    liquid: str
    attribute: str
    comment: str
    find_match: str  # backgrounds, not text
    spelling: str
    window: str
    button: str
    highlight: str
    highlighted_text: str
    muted: str

    def text_colors(self) -> dict[str, str]:
        """The colours text is drawn in (checked for contrast)."""
        skip = {"name", "background", "find_match", "window", "button", "highlight"}
        skip.add("highlighted_text")  # drawn on the highlight colour, checked against it
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


LIGHT = Colors(
    name="light",
    background="#ffffff",
    text="#1d1d1d",
    heading="#1f4e79",
    quote="#4d5d4d",
    list_marker="#a0461d",
    bold="#000000",
    italic="#333333",
    link="#175f9c",
    code="#7d4407",
    liquid="#6f3591",
    attribute="#666666",
    comment="#6b6b6b",
    find_match="#ffe08a",
    spelling="#d0021b",
    window="#efefef",
    button="#e8e8e8",
    highlight="#3874d8",
    highlighted_text="#ffffff",
    muted="#666666",
)

DARK = Colors(
    name="dark",
    background="#1e1f22",
    text="#dcdcdc",
    heading="#7cb7ff",
    quote="#a9bfa9",
    list_marker="#f0a070",
    bold="#ffffff",
    italic="#e0e0e0",
    link="#6cb6ff",
    code="#e6b673",
    liquid="#d19bf0",
    attribute="#a0a0a0",
    comment="#9a9a9a",
    find_match="#6b5a14",
    spelling="#ff6b6b",
    window="#2b2d30",
    button="#3c3f41",
    highlight="#2f65ca",
    highlighted_text="#ffffff",
    muted="#a0a0a0",
)

_current = LIGHT


def current() -> Colors:
    return _current


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""

    def luminance(name: str) -> float:
        color = QColor(name)
        channels = []
        for value in (color.redF(), color.greenF(), color.blueF()):
            channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    if hints.colorScheme() == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def resolve(theme: str) -> Colors:
    """The colours for a theme setting (``system`` asks the desktop)."""
    if theme == "dark" or (theme == "system" and system_is_dark()):
        return DARK
    return LIGHT


def qpalette(colors: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for name, value in (
        (role.Window, colors.window),
        (role.WindowText, colors.text),
        (role.Base, colors.background),
        (role.AlternateBase, colors.window),
        (role.Text, colors.text),
        (role.Button, colors.button),
        (role.ButtonText, colors.text),
        (role.ToolTipBase, colors.window),
        (role.ToolTipText, colors.text),
        (role.PlaceholderText, colors.muted),
        (role.Highlight, colors.highlight),
        (role.HighlightedText, colors.highlighted_text),
        (role.Link, colors.link),
        (role.BrightText, colors.bold),
    ):
        palette.setColor(name, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(colors.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(colors.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(colors.muted))
    return palette


def apply(theme: str) -> Colors:
    """Make ``theme`` the application's: its palette for every widget, its colours for the
    source pane. Returns the colours in force."""
    global _current
    colors = resolve(theme)
    _current = colors
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        hints = app.styleHints()
        if theme == "system":
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
        wanted = qpalette(colors)
        if app.palette() != wanted:  # the same again: no sheet has other colours to drop
            app.setPalette(wanted)
            _restyle_palette_sheets()
    return colors


def _restyle_palette_sheets() -> None:
    """A widget with a style sheet keeps the colours it was polished with (``palette(...)`` is
    read when the sheet is set): give the new ones to the widgets already on screen (the tag
    chips and the date's button of the open post stayed light on the dark theme)."""
    if not isinstance(QApplication.instance(), QApplication):
        return
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
