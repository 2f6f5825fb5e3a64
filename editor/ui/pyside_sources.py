"""Keep PySide6's import hook from caching the source of every module imported after it.

For each module imported once PySide6 is in, PySide6 (``shibokensupport.feature``) asks
whether the module's source mentions ``PySide6`` (such a module may switch on the
``__feature__`` options) with ``inspect.getsource``, which reads the file through
``linecache`` and keeps its lines: about 4 MiB of the window's heap for the 170-odd modules
the window imports, never read again (and freeing them afterwards leaves the heap's pages
fragmented). The same question is answered here from the file's bytes, which are not kept.
"""

from __future__ import annotations

import logging
from types import ModuleType

log = logging.getLogger(__name__)


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (False without a source file), as
    ``"PySide6" in inspect.getsource(module)`` answers for a module."""
    filename = getattr(module, "__file__", None)
    if not isinstance(filename, str) or not filename.endswith(".py"):
        return False
    try:
        with open(filename, "rb") as handle:
            return b"PySide6" in handle.read()
    except OSError:
        return False


def stop_source_caching() -> None:
    """Install :func:`mentions_pyside` in PySide6's hook (left alone when it looks different)."""
    try:
        import PySide6  # noqa: F401  (sets up shibokensupport)
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = mentions_pyside
    else:
        log.debug("PySide6's feature hook has changed; its source reads are left as they are")
