"""Where an export goes: asked with the save dialog, which starts outside the site; a folder
the site builds posts from (_posts, _drafts, content) needs a second yes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from editor.ui import messages


def ask_export_target(
    parent: QWidget,
    post_path: Path | None,
    site_root: Path | None,
    title: str,
    suffix: str,
    file_filter: str,
) -> Path | None:
    """The file to export to, or None when the writer cancelled."""
    from editor.core.render.export import export_folder, inside_build_folder

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    home = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    name = (post_path.stem if post_path else "post") + suffix
    start = export_folder(post_path, site_root, home) / name
    path = messages.choose_file_to_save(parent, title, start, file_filter)
    if path is None:
        return None
    folder = inside_build_folder(path, site_root)
    if folder and not messages.confirm_export_inside_site(parent, folder, path.name):
        return None
    return path
