"""The one icon per check severity, shared by the Checks panel and the post list."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

_PIXMAPS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def severity_icon(widget: QWidget, severity: str | None) -> QIcon:
    """The style's icon for ``error``, ``warning`` or ``info``; an empty icon for None."""
    pixmap = _PIXMAPS.get(severity or "")
    return widget.style().standardIcon(pixmap) if pixmap is not None else QIcon()
