"""Opening a long post in the real window: source usable, first preview, whole preview, stalls.

Opens a generated post of each size in the main window (a scratch site) and prints, per size,
the median over ``--runs`` opens of: how long the open itself held the UI thread, when the
source pane answered events again, when the preview first showed the article (the top of a long
post comes first), when it showed the whole post, and the longest UI-thread stall while the
rest arrived (a 5 ms timer's longest gap after the open returned), then what a keystroke in
the middle of the source pane costs the UI thread (median of ``--keys``). A post too large for a
live preview counts as done once its top is shown and its highlighting is over. ``--compare``
measures the same with the first-screen step turned off, in the same run. ``--baseline
CHECKOUT`` measures another checkout's editor too, in the same run: each open then runs in a
fresh process, alternating between the two checkouts (each keeps its own settings and site
index across its opens, so its first open is the cold one, as without ``--baseline``).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/open_large.py [--sizes 1MB 10MB] [--runs 3]
    .venv/bin/python bench/open_large.py --sizes 1MB --runs 5 --baseline ../before
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The checkout whose editor is measured (a child process of --baseline gets it from here).
CODE = Path(os.environ.get("OPEN_LARGE_CODE") or ROOT)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from preview_latency import event_clock, make_post  # noqa: E402
from ui_sampler import Sampler  # noqa: E402

sys.path.insert(0, str(CODE))

COLUMNS = (
    *("open", "usable", "usable cpu", "first", "whole"),
    *("highlighted", "stall", "own stall", "busy", "cpu", "key", "gc"),
)
SIZES = {"1MB": 1_000_000, "10MB": 10_000_000, "50MB": 50_000_000}


def busy(source) -> bool:
    """Whether the source pane still fills or highlights (older versions did it all at once)."""
    loading = getattr(source, "is_loading", None)
    lazy = getattr(source, "lazy_highlight", None)
    return bool((loading and loading()) or (lazy and lazy.pending()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["1MB"], choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, default=10, help="keystrokes after the open")
    parser.add_argument("--compare", action="store_true", help="also without the first-screen step")
    parser.add_argument(
        "--sample",
        type=float,
        default=0.0,
        metavar="MS",
        help="sample the UI thread's stack every 5 ms and print it for each stall over MS",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of each open until the source pane is usable (every thread)",
    )
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=0.0,
        metavar="MS",
        help="the interpreter's thread switch interval for this run (default: the app's)",
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to measure as well")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # a child's results
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)  # a child's folders
    args = parser.parse_args()
    if args.baseline:
        return compare(args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="post-editor-open-"))
    os.environ["POST_EDITOR_CONFIG_DIR"] = str(scratch / "config")
    os.environ["POST_EDITOR_DATA_DIR"] = str(scratch / "data")
    os.environ["POST_EDITOR_CACHE_DIR"] = str(scratch / "cache")  # the word store, the index

    import editor
    from editor.ui.preview_scheme import register_url_scheme

    assert Path(editor.__file__).is_relative_to(CODE), editor.__file__
    try:  # the interpreter as the app sets it up (a checkout from before has no such module)
        from editor.services import interpreter
    except ImportError:
        interpreter = None
    if interpreter is not None:
        interpreter.share_with_workers()
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval / 1000)

    register_url_scheme()

    from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor.services import preview_scheduler
    from editor.services.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    messages.ask_save_changes = lambda *_: messages.Choice.DISCARD
    now, wait, pause = event_clock(app)
    first_screen_from = preview_scheduler.FIRST_SCREEN_FROM

    def open_once(path: Path) -> dict[str, float] | None:
        window = MainWindow(Settings())
        window.resize(1400, 900)
        window.show()
        pause(500)
        if interpreter is not None:  # as the app does once started (before, in a session)
            interpreter.freeze_start_objects()
        marks: dict[str, float] = {}
        ticks: list[float] = []
        cpu_ticks: list[float] = []  # the UI thread's CPU time at each tick
        queued: list[float] = []  # its time runnable but waiting for a core, at each tick
        timer = QTimer()
        timer.setInterval(5)
        sampler = Sampler() if args.sample else None
        if sampler is not None:
            sampler.start()
        collections: list[tuple[int, float]] = []  # (generation, ms) of each garbage collection
        started: list[float] = []

        def on_gc(phase: str, info: dict) -> None:
            if phase == "start":
                started[:] = [time.perf_counter()]
            elif started:
                collections.append((info["generation"], (time.perf_counter() - started[0]) * 1e3))

        gc.callbacks.append(on_gc)

        def tick() -> None:
            ticks.append(time.perf_counter() * 1000)
            cpu_ticks.append(time.thread_time() * 1000)
            queued.append(run_queue_ms())
            if not busy(window.source):
                marks.setdefault("highlighted", now())

        timer.timeout.connect(tick)

        def on_rendered(_kind: str) -> None:
            marks.setdefault("first", now())

        window.preview.rendered.connect(on_rendered)
        cpu = time.thread_time()
        profile = cProfile.Profile() if args.profile else None
        start = now()
        if profile is not None:
            profile.enable()
        opened = time.perf_counter() * 1000
        window.open_path(path)
        marks["open"] = now() - start

        def usable() -> None:
            marks.setdefault("usable", now())
            marks["usable cpu"] = (time.thread_time() - cpu) * 1000
            marks["usable at"] = time.perf_counter() * 1000
            if profile is not None:
                profile.disable()
                stats = pstats.Stats(profile, stream=sys.stderr)
                stats.sort_stats("tottime").print_stats(25)

        QTimer.singleShot(0, usable)
        timer.start()
        preview = window.preview
        done = wait(
            lambda: (
                (
                    preview.is_current()
                    or (getattr(preview.scheduler, "paused", False) and "first" in marks)
                )
                and "highlighted" in marks
            ),
            600_000,
        )
        marks["whole"] = now()
        marks["cpu"] = (time.thread_time() - cpu) * 1000
        timer.stop()
        if sampler is not None:
            sampler.stop()
            pairs = zip(
                itertools.pairwise(ticks),
                itertools.pairwise(cpu_ticks),
                itertools.pairwise(queued),
                strict=True,
            )
            print("  the open, until the source pane is usable:", file=sys.stderr)
            sampler.report([(opened, marks["usable at"], marks["usable cpu"])], top=25)
            print("  stalls after it:", file=sys.stderr)
            sampler.report(
                [(a, b, d - c, f - e) for (a, b), (c, d), (e, f) in pairs if b - a > args.sample]
            )
        gc.callbacks.remove(on_gc)
        keys = type_keys(window)
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pause(200)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not done or "first" not in marks:
            return None
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        busy_gaps = [b - a for a, b in itertools.pairwise(cpu_ticks)]
        waits = [b - a for a, b in itertools.pairwise(queued)]
        return {
            "open": marks["open"],
            "usable": marks["usable"] - start,
            "usable cpu": marks["usable cpu"],
            "first": marks["first"] - start,
            "whole": marks["whole"] - start,
            "highlighted": marks["highlighted"] - start,
            "stall": max(gaps, default=0.0),
            "own stall": max((g - w for g, w in zip(gaps, waits, strict=True)), default=0.0),
            "busy": max(busy_gaps, default=0.0),
            "cpu": marks["cpu"],
            "key": statistics.median(keys) if keys else 0.0,
            "gc": max((ms for _, ms in collections), default=0.0),
        }

    def type_keys(window) -> list[float]:
        """UI-thread time of each keystroke in the middle of the source pane."""
        source = window.source
        cursor = source.textCursor()
        cursor.setPosition(source.document().characterCount() // 2)
        source.setTextCursor(cursor)
        source.setFocus()
        source.centerCursor()
        pause(300)
        took = []
        for _ in range(args.keys):
            pause(100)
            start = now()
            QTest.keyClick(source, Qt.Key.Key_X)
            took.append(now() - start)
        return took

    rows = []
    modes = [("top first", first_screen_from)]
    if args.compare:
        modes.append(("whole only", 1 << 62))
    for label in args.sizes:
        posts = scratch / label / "_posts"
        posts.mkdir(parents=True, exist_ok=True)
        path = posts / "2024-05-01-a-long-post.md"
        if not path.exists():
            path.write_text(make_post(SIZES[label]), encoding="utf-8")
        for mode, threshold in modes:
            preview_scheduler.FIRST_SCREEN_FROM = threshold
            runs = []
            for run in range(args.runs):
                print(f"{label} {mode}: open {run + 1}/{args.runs}", file=sys.stderr)
                result = open_once(path)
                if result is None:
                    print(f"{label}: the preview never finished", file=sys.stderr)
                    return 1
                runs.append(result)
            rows.append((label, mode, runs))
    preview_scheduler.FIRST_SCREEN_FROM = first_screen_from
    if args.json:
        args.json.write_text(json.dumps(rows), encoding="utf-8")
        return 0
    print_table(rows)
    return 0


def compare(args: argparse.Namespace) -> int:
    """Each open in a child process, alternating between this checkout and the baseline."""
    checkouts = {"after": ROOT, "before": args.baseline.resolve()}
    scratch = Path(tempfile.mkdtemp(prefix="post-editor-open-"))
    print(f"load average at the start: {loadavg()}", file=sys.stderr)
    passed = [
        *("--keys", str(args.keys), "--sample", str(args.sample)),
        *(["--switch-interval", str(args.switch_interval)] if args.switch_interval else []),
        *(["--profile"] if args.profile else []),
        *(["--compare"] if args.compare else []),
    ]
    found: dict[tuple[str, str], list[dict[str, float]]] = {}
    for label in args.sizes:
        for run in range(args.runs):
            order = list(checkouts) if run % 2 == 0 else list(reversed(checkouts))
            for name in order:
                print(f"{label} {name}: open {run + 1}/{args.runs}", file=sys.stderr, flush=True)
                out = scratch / f"{name}.json"
                command = [sys.executable, __file__, "--sizes", label, "--runs", "1", *passed]
                command += ["--json", str(out), "--scratch", str(scratch / name)]
                env = dict(os.environ, OPEN_LARGE_CODE=str(checkouts[name]))
                if subprocess.run(command, env=env, check=False).returncode:
                    return 1
                for _, mode, runs in json.loads(out.read_text(encoding="utf-8")):
                    row = name if mode == "top first" else f"{name} whole"
                    found.setdefault((label, row), []).extend(runs)
    print_table([(label, mode, runs) for (label, mode), runs in found.items()])
    print(f"after: {ROOT}; before: {checkouts['before']}; load average: {loadavg()}")
    return 0


def run_queue_ms() -> float:
    """The calling thread's time runnable but waiting for a core so far (Linux; else 0)."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as handle:
            return int(handle.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def print_table(rows: list[tuple[str, str, list[dict[str, float]]]]) -> None:
    print()
    header = (
        "open blocks",
        "source usable",
        "(its CPU)",
        "first preview",
        "whole preview",
        "highlighted",
        "max stall",
        "w/o core wait",
        "max busy",
        "UI CPU",
        "per key",
        "longest GC",
    )
    print(f"{'size':>5} {'mode':>10} | " + " | ".join(f"{h:>14}" for h in header))
    print("-" * 150)
    for label, mode, runs in rows:
        cells = []
        for key in COLUMNS:
            values = [r[key] for r in runs]
            cells.append(f"{statistics.median(values):6.0f} ({min(values):.0f}-{max(values):.0f})")
        print(f"{label:>5} {mode:>10} | " + " | ".join(f"{c:>14}" for c in cells))
    print(
        "\nms, median (min-max) over the runs. open blocks: open_path on the UI thread;"
        "\nsource usable: the next event-loop turn (its CPU: the UI thread's until then);"
        "\nfirst/whole preview: the first page shown, then the preview equal to a full"
        "\nrender; highlighted: the source pane holds the"
        "\nwhole text (a long one goes in by parts) and its highlighting is done; max stall:"
        "\nlongest gap of a 5 ms timer after the open returned, until both; w/o core wait:"
        "\nthe longest gap less the time the UI thread was runnable but had no core (the"
        "\nkernel's run-queue wait, Linux): what is left is its own work, or its waits for"
        "\nthe interpreter lock or another thread;"
        "\nmax busy: the most CPU time the UI thread spent between two ticks (a stall of work"
        "\nrather than of a starved process); UI CPU: its CPU time from the open until both;"
        "\nper key: the median UI-thread time of a keystroke typed afterwards (whole preview:"
        "\nthe preview is paused, the top of the post shown); longest GC: the interpreter's"
        "\nlongest garbage collection from the open until both."
    )


if __name__ == "__main__":
    sys.exit(main())
