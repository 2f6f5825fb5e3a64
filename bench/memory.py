"""Memory of the whole process tree (PSS) with a post open, against the DESIGN target of 350 MiB.

Launches ``post-editor POST`` on a copy of the post's site, waits for it to settle (the window,
the browser engine's processes, both render workers), then sums the proportional set size of
every process in the tree from ``/proc/PID/smaps_rollup`` and prints it per kind of process.
Linux only. A bare QWebEngineView showing a static page is measured the same way, in the same
run, as the floor any QtWebEngine program pays.

    .venv/bin/python bench/memory.py [--settle 8] [--rounds N] [--baseline CHECKOUT]
                                     [--fresh-cache] [POST]

``--baseline`` also measures the editor from another checkout in the same run. ``--rounds``
repeats the measures, interleaved (PSS shares the libraries' pages among every process that
maps them, so other programs on the machine move it): the breakdown shown is the round with
the median total, then the median and spread of the totals and of the ratios per round.

The editor keeps its spelling dictionary compiled in the user's cache folder (written by the
first start, read back by the next ones); ``--fresh-cache`` gives every launch an empty cache
folder instead, to measure a first start.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import SAMPLE, scratch_copy

BARE = """
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineWidgets import QWebEngineView
app = QApplication(sys.argv)
view = QWebEngineView(); view.resize(1200, 800); view.show()
view.setHtml("<h1>Hello</h1><p>" + "text " * 200 + "</p>")
app.exec()
"""


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += children(current)
    return pids


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def kind(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    if "QtWebEngineProcess" in command:
        for part in command.split():
            if part.startswith("--type="):
                return f"browser engine ({part[7:]})"
        return "browser engine"
    workers = ("render_server", "--render-worker", "multiprocessing", "spawn_main")
    if any(mark in command for mark in workers):  # this checkout's and earlier ones' workers
        return "render worker"
    return "main process"


def measure(
    command: list[str], env: dict[str, str], settle: float, cwd: Path | None = None
) -> dict[str, int]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
    )
    try:
        time.sleep(settle)
        if process.poll() is not None:
            raise RuntimeError(f"{command[:3]} exited early with status {process.returncode}")
        totals: dict[str, int] = defaultdict(int)
        for pid in tree(process.pid):
            totals[kind(pid)] += pss_kib(pid)
        return dict(totals)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def report(label: str, totals: dict[str, int]) -> int:
    total = sum(totals.values())
    print(f"{label}: {total / 1024:.0f} MiB PSS in all")
    for name, kib in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"    {name:<34} {kib / 1024:7.1f} MiB")
    return total


def main() -> int:
    if not Path("/proc/self/smaps_rollup").exists():
        print("needs Linux's /proc/PID/smaps_rollup", file=sys.stderr)
        return 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--settle", type=float, default=8.0, help="seconds to wait after launch")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure as well")
    parser.add_argument("--rounds", type=int, default=1, help="measures of each, interleaved")
    parser.add_argument(
        "--fresh-cache", action="store_true", help="an empty cache folder for every launch"
    )
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    rounds: list[dict[str, dict[str, int]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env, post = scratch_copy(Path(tmp), args.post)
        command = [sys.executable, "-m", "editor", str(post)]
        for number in range(args.rounds):
            if args.fresh_cache:
                env = dict(env, POST_EDITOR_CACHE_DIR=str(Path(tmp) / f"cache-{number}"))
            one = {
                "editor": measure(command, env, args.settle, root),
                "bare": measure([sys.executable, "-c", BARE], env, args.settle),
            }
            if args.baseline:
                base_env = dict(env, PYTHONPATH=str(args.baseline))
                one["baseline"] = measure(command, base_env, args.settle, args.baseline)
            rounds.append(one)
    print(f"post: {args.post.name}")

    def totals(name: str) -> list[float]:
        return [sum(r[name].values()) / 1024 for r in rounds]

    def median_round(name: str) -> dict[str, int]:
        ordered = sorted(rounds, key=lambda r: sum(r[name].values()))
        return ordered[len(ordered) // 2][name]

    total = report("post-editor", median_round("editor"))
    floor = report("bare QWebEngineView", median_round("bare"))
    print(f"ratio editor / bare: {total / max(floor, 1):.2f}   (target <= 1.2)")
    if args.baseline:
        before = report(f"baseline ({args.baseline})", median_round("baseline"))
        print(f"ratio baseline / bare: {before / max(floor, 1):.2f}")
    if args.rounds > 1:
        names = ["editor", "bare"] + (["baseline"] if args.baseline else [])
        for name in names:
            values = totals(name)
            print(
                f"{name:>9}: median {statistics.median(values):.0f} MiB "
                f"({min(values):.0f}-{max(values):.0f}) over {len(values)} rounds"
            )
        for name in [n for n in names if n != "bare"]:
            ratios = [a / b for a, b in zip(totals(name), totals("bare"), strict=True)]
            print(
                f"ratio {name} / bare per round: median {statistics.median(ratios):.2f} "
                f"({min(ratios):.2f}-{max(ratios):.2f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
