"""A bound on work, not on the machine: tests that guard against pathological (exponential,
quadratic) cost measure this thread's CPU time, which other processes on a busy machine do
not inflate. Speed figures themselves come from ``bench/``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def cpu_seconds(work: Callable[[], T]) -> tuple[T, float]:
    """Run ``work``; its result and the CPU seconds this thread spent on it."""
    start = time.thread_time()
    result = work()
    return result, time.thread_time() - start
