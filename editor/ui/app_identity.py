"""The application's identity as Qt sees it: names, desktop file and window icon, set once."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon

from editor.core import identity
from editor.core.paths import resources_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The icon at every size packaging/make_icons.py draws (PNGs: no SVG plugin needed)."""
    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    for size in ICON_SIZES:
        icon.addFile(str(hicolor / f"{size}x{size}" / "apps" / f"{identity.APP_ID}.png"))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Names settings and desktops use, the desktop file (Wayland's app id) and the icon."""
    app.setApplicationName(identity.APP_NAME)
    app.setApplicationDisplayName(identity.DISPLAY_NAME)
    app.setApplicationVersion(identity.VERSION)
    app.setOrganizationName(identity.ORGANIZATION)
    app.setOrganizationDomain(identity.ORGANIZATION_DOMAIN)
    app.setDesktopFileName(identity.APP_ID)
    app.setWindowIcon(app_icon())
