"""Character formats shared by the source pane's and the raw front-matter view's highlighters."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat


def char_format(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt
