"""Timestamps of the start's phases, for ``bench/startup.py --phases`` (off unless asked).

With ``POST_EDITOR_START_TRACE`` set, each ``mark`` prints ``start-phase NAME TIME CPU`` on
stderr: seconds since the epoch (the bench subtracts its launch time) and the CPU seconds the
calling thread has used (less moved by other jobs on the machine). Nothing is printed otherwise.
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
        line = f"start-phase {name} {time.time():.6f} {time.thread_time():.6f}"
        print(line, file=sys.stderr, flush=True)
