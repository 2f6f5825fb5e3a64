"""Where the application finds its resources and keeps its data (no Qt)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from editor.core.identity import APP_NAME


def resources_dir() -> Path:
    """The resources folder: ``editor/resources`` in a wheel, ``resources/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "__init__.py").is_file():
            return candidate
    raise FileNotFoundError("the post editor's resources folder is missing from this installation")


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / fallback


def data_dir() -> Path:
    """Per-user data: the copied sample site, the recovery journal, the cache."""
    override = os.environ.get("POST_EDITOR_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return _xdg("XDG_DATA_HOME", ".local/share") / APP_NAME


def config_dir() -> Path:
    """Per-user settings."""
    override = os.environ.get("POST_EDITOR_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform in ("win32", "darwin"):
        return data_dir()
    return _xdg("XDG_CONFIG_HOME", ".config") / APP_NAME


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (through links), or the same place if absent."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def free_path(path: Path) -> Path:
    """``path`` if no file is there, else the first of ``NAME-2.ext``, ``NAME-3.ext``… that is free.

    A name that is free now can still be taken before it is written: writers of new files
    create them exclusively (``atomic_write`` refuses to replace what appeared meanwhile).
    """
    candidate, counter = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    return candidate


def cache_dir() -> Path:
    """Per-user cache: things that can be rebuilt at any time (the site index)."""
    override = os.environ.get("POST_EDITOR_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", data_dir())) / APP_NAME / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return _xdg("XDG_CACHE_HOME", ".cache") / APP_NAME
