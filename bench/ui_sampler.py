"""Where the UI thread is during its long stalls: a watchdog thread samples its Python stack.

``Sampler`` takes ``sys._current_frames()`` of the main thread every few milliseconds (no
``sys.setprofile``, so the code runs at its own speed). ``report(gaps)`` prints, for each gap
given (start, end in the sampler's clock), the stacks seen inside it, most frequent first. A
stack whose innermost frame is the bench's own event-loop wait means the thread was in Qt's
C++ code (event processing, layout, painting) with no Python code of ours running.
"""

from __future__ import annotations

import collections
import sys
import threading
import time


def _short(frame, depth: int) -> str:
    """The innermost ``depth`` frames, innermost first (no source lines read: cheap)."""
    names = []
    while frame is not None and len(names) < depth:
        code = frame.f_code
        names.append(f"{code.co_name}@{code.co_filename.rsplit('/', 1)[-1]}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(names)


class Sampler:
    """Samples the calling thread's stack from a watchdog thread while it runs."""

    def __init__(self, interval_ms: float = 5.0, depth: int = 6) -> None:
        self._target = threading.get_ident()
        self._interval = interval_ms / 1000
        self._depth = depth
        self.samples: list[tuple[float, str]] = []  # (perf_counter ms, stack)
        self.others: list[tuple[float, str]] = []  # the other threads' innermost frames
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ui-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            frames = sys._current_frames()
            now = time.perf_counter() * 1000
            frame = frames.pop(self._target, None)
            if frame is not None:
                self.samples.append((now, _short(frame, self._depth)))
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, other in frames.items():
                if ident != threading.get_ident():
                    self.others.append((now, f"[{names.get(ident, ident)}] {_short(other, 3)}"))

    def report(self, gaps: list[tuple[float, ...]], top: int = 4) -> None:
        """Print the stacks seen in each gap (perf_counter ms from, to, the UI thread's CPU
        ms inside it, and optionally its ms runnable but waiting for a core), most frequent
        first."""
        for start, end, cpu, *queued in gaps:
            seen = collections.Counter(s for t, s in self.samples if start <= t <= end)
            total = sum(seen.values())
            gap = f"  gap {end - start:.0f} ms, {cpu:.0f} ms CPU"
            gap += f", {queued[0]:.0f} ms waiting for a core" if queued else ""
            gap += f" ({total} samples)"
            gap += f" at {start / 1000:.3f} s (perf_counter)"
            print(gap, file=sys.stderr)
            for stack, count in seen.most_common(top):
                print(f"    {count:3d} {stack}", file=sys.stderr)
            others = collections.Counter(s for t, s in self.others if start <= t <= end)
            for stack, count in others.most_common(top):
                print(f"    other {count:3d} {stack}", file=sys.stderr)
