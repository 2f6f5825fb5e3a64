"""Giving the heap's free pages back to the system after a burst of short-lived objects.

Start-up (compiling and importing modules, reading the spelling dictionary, the render
worker's warm-up) leaves freed memory behind that glibc's allocator keeps mapped; on Linux
``malloc_trim`` returns it (several MiB of the window's process here). Elsewhere, or with
another C library, this does nothing.
"""

from __future__ import annotations

import sys


def release_free_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc
