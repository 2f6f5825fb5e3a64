"""Giving the heap's free pages back to the system after a burst of short-lived objects.

Start-up (compiling and importing modules, reading the spelling dictionary, the render
worker's warm-up) leaves freed memory behind that glibc's allocator keeps mapped; on Linux
``malloc_trim`` returns it (several MiB of the window's process here). Elsewhere, or with
another C library, only the caches below are dropped.

PySide6's import hook reads the source of every module imported after it (to see whether the
module uses PySide6's ``__feature__`` switches) through ``linecache``, which keeps the lines:
about 4 MiB of the window's heap for some 170 modules that nothing reads again. The cache is
emptied here; a traceback reads the lines it needs again.
"""

from __future__ import annotations

import linecache
import sys


def release_free_memory() -> None:
    linecache.clearcache()
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc
