"""Timestamps of the start's phases, for ``bench/startup.py --phases`` (off unless asked).

With ``POST_EDITOR_START_TRACE`` set, each ``mark`` prints ``start-phase NAME TIME`` (seconds
since the epoch) on stderr; the bench subtracts its launch time. Nothing is printed otherwise.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "POST_EDITOR_START_TRACE"
_ON = bool(os.environ.get(ENV))


def mark(name: str) -> None:
    """Note that the start reached ``name`` (printed only when tracing)."""
    if _ON:
        print(f"start-phase {name} {time.time():.6f}", file=sys.stderr, flush=True)
