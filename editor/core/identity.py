"""Who the application is, in one place: names, ids and links the window, the desktop file,
the AppStream metainfo, the bundles and the About dialog must all agree on (tests compare them)."""

from __future__ import annotations

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
HOMEPAGE = "https://github.com/posteditor/post-editor"
# README sections the About dialog links to (GitHub's anchors for the README's headings).
README_SECTIONS = (
    ("Install", "install"),
    ("Quick start", "quick-start"),
    ("The window", "the-window"),
)


def readme_url(anchor: str) -> str:
    """The project page's README, opened at one section."""
    return f"{HOMEPAGE}#{anchor}"
