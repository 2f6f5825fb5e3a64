"""Who the application is, in one place: names, ids and documentation the window, the desktop
file, the AppStream metainfo, the bundles and the About dialog must all agree on (tests compare
them)."""

from __future__ import annotations

import re
from pathlib import Path

from editor import __version__

VERSION = __version__
# The command, the per-user data and settings folders, the X11 window class.
APP_NAME = "post-editor"
DISPLAY_NAME = "Post Editor"
# Reverse-DNS id: the desktop file's name, the AppStream and Flatpak id, the macOS bundle id.
APP_ID = "org.posteditor.PostEditor"
ORGANIZATION = "post-editor"
ORGANIZATION_DOMAIN = "posteditor.org"
LICENSE = "MIT"
# The project has no web address of its own: the documentation is the README that comes with
# the program (readme_text), and the About dialog shows it in a window of its own. Desktop
# metadata leaves the homepage out rather than name an address that does not exist.
# README sections the About dialog opens (their headings in README.md).
README_SECTIONS = (
    ("Install", "install"),
    ("Quick start", "quick-start"),
    ("The window", "the-window"),
)
DISTRIBUTION = "post-editor"  # the name pip installs it under


def heading_anchor(heading: str) -> str:
    """A README heading's anchor, as the README's own links write them (``#quick-start``):
    lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def readme_file() -> Path | None:
    """README.md as a file: beside ``resources/`` in a source checkout, beside
    ``editor/resources`` in the desktop bundle; None in an installed wheel."""
    from editor.core.paths import resources_dir

    path = resources_dir().parent / "README.md"
    return path if path.is_file() else None


def readme_text() -> str | None:
    """The README that comes with the program, or None when this installation has none.

    The file (``readme_file``) where there is one; an installed wheel carries the README as its
    package description (the metadata's body).
    """
    path = readme_file()
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        body = metadata(DISTRIBUTION).json.get("description")
    except (PackageNotFoundError, OSError):
        return None
    return body if isinstance(body, str) and body.strip() else None
