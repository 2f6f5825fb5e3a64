"""The interpreter the window shares with its worker threads: thread switches, garbage collection.

The UI thread lets the interpreter go at each call into Qt and must take it back after; while
a worker thread runs Python (the word count, the checks, the site index), taking it back
waits for the worker's turn to end, 5 ms by default. A tick of the UI thread makes dozens of
such calls, so a 15 ms tick of work stretched to 50-170 ms after a 1 MB post was opened. With
turns of 1 ms the wait per call is shorter and the workers lose little (their time in C calls
is not cut).

A full garbage collection walks every tracked object of the process, most of them made at
start-up (modules, classes, functions, Qt wrappers: about 50,000 objects, some 30 ms a walk)
and never freed; frozen once the window is up, they are left out of every later collection.
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.001


def share_with_workers() -> None:
    """Shorter turns between threads (see the module's docstring)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def freeze_start_objects() -> None:
    """Collect once, then leave every object alive now out of later collections."""
    gc.collect()
    gc.freeze()
