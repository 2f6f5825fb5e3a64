"""The one settings schema: a typed table of defaults, stored in an INI file in the config folder.

Only values that differ from their default are written, so a changed default reaches every user
who never touched that setting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings

from editor.core.paths import config_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    kind: type


SCHEMA: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("session/last_site", "", str),
        Setting("session/last_post", "", str),
        Setting("session/cursor", 0, int),
        Setting("session/scroll", 0, int),
        Setting("editing/autosave", False, bool),
        Setting("window/geometry", QByteArray(), QByteArray),
        Setting("window/main_splitter", QByteArray(), QByteArray),
        Setting("window/editor_splitter", QByteArray(), QByteArray),
        Setting("preview/theme", "light", str),
        Setting("preview/use_site_css", True, bool),
        Setting("preview/allow_remote", False, bool),
        Setting("preview/scroll_sync", True, bool),
        Setting("writing/outline", True, bool),
        Setting("writing/spelling", True, bool),
        Setting("writing/theme", "system", str),
        Setting("writing/form_collapsed", False, bool),
        Setting("window/source_splitter", QByteArray(), QByteArray),
    )
}


class Settings(QObject):
    """Typed access to the settings file; unknown keys are a programming error."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        path = config_dir() / "settings.ini"
        self._store = QSettings(str(path), QSettings.Format.IniFormat, self)

    def value(self, key: str) -> Any:
        setting = SCHEMA[key]
        raw = self._store.value(key)
        if raw is None:
            return setting.default
        if setting.kind is bool:
            return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
        if setting.kind is QByteArray:
            return raw if isinstance(raw, QByteArray) else QByteArray()
        try:
            return setting.kind(raw)
        except (TypeError, ValueError):
            log.warning("ignoring bad value for setting %s: %r", key, raw)
            return setting.default

    def set_value(self, key: str, value: Any) -> None:
        setting = SCHEMA[key]
        if value == setting.default:
            self._store.remove(key)
        else:
            self._store.setValue(key, value)

    def sync(self) -> None:
        self._store.sync()
