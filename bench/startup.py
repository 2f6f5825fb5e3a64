"""Cold start: from launching ``post-editor POST`` to the window showing the rendered post.

Prints the median and spread over several runs, and the same figure for a bare PySide6
QWebEngineView showing a static page, measured in the same run as the reference floor.

    .venv/bin/python bench/startup.py [--runs N] [--baseline CHECKOUT] [POST]

``--baseline`` also times the editor from another checkout (an older commit, say ``git
worktree add ../before main``) in the same run, for before/after figures. ``--bytecode``
first compiles both checkouts' modules, as an installed copy has them (without it, and with
``PYTHONDONTWRITEBYTECODE`` set, every launch compiles the editor's modules again).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_site" / "_posts" / "2024-05-18-a-walk-in-the-hills.md"

BARE = """
import sys, time, os
def mark(name):
    print(f"start-phase {name} {time.time():.6f} {time.thread_time():.6f}", file=sys.stderr)
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineWidgets import QWebEngineView
mark("qt-imported")
app = QApplication(sys.argv)
view = QWebEngineView(); view.resize(800, 600); view.show()
mark("view-shown")
def done(ok):
    mark("rendered")
    print(f"rendered-at {time.time():.6f}", flush=True); app.quit()
view.loadFinished.connect(done)
view.setHtml("<h1>Hello</h1><p>" + "text " * 200 + "</p>")
app.exec()
"""


CPU: dict[str, list[float]] = {}  # CPU seconds of each launch's process tree, by command
# With --phases: ms from launch to each phase the start marks (editor/services/start_trace.py),
# and the CPU ms the marking thread had used by then
PHASES: dict[str, dict[str, list[float]]] = {}
PHASE_CPU: dict[str, dict[str, list[float]]] = {}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Seconds from launch to the page shown; the process tree's CPU time, launch to exit,
    goes to ``CPU`` (less moved by other jobs on the machine than the wall time)."""
    cpu_before = children_cpu()
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, cwd=cwd)
    key = f"{cwd}|{env.get('PYTHONPATH')}|{command[1]}"
    CPU.setdefault(key, []).append(children_cpu() - cpu_before)
    seen: set[str] = set()
    for line in result.stderr.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "start-phase" and parts[1] not in seen:
            seen.add(parts[1])  # the first time each phase is reached
            phases = PHASES.setdefault(key, {})
            phases.setdefault(parts[1], []).append((float(parts[2]) - start) * 1000)
            cpu = PHASE_CPU.setdefault(key, {})
            cpu.setdefault(parts[1], []).append(float(parts[3]) * 1000)
    for line in result.stdout.splitlines():
        if line.startswith("rendered-at "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no rendered-at line; stderr:\n{result.stderr[-2000:]}")


def scratch_copy(tmp: Path, post: Path) -> tuple[dict[str, str], Path]:
    """(environment, post) for launching the editor on a copy of ``post``'s site in ``tmp``,
    offscreen, with its settings and data folders there too."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env["POST_EDITOR_CONFIG_DIR"] = str(tmp / "config")
    env["POST_EDITOR_DATA_DIR"] = str(tmp / "data")
    site = tmp / "site"
    shutil.copytree(post.parents[1], site)
    return env, site / post.relative_to(post.parents[1])


def summary(values: list[float]) -> str:
    values = sorted(values)
    p10 = values[max(0, int(len(values) * 0.1))]
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return (
        f"median {statistics.median(values):.3f} s  (p10 {p10:.3f}, p90 {p90:.3f}, n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("post", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout to time as well")
    parser.add_argument("--bytecode", action="store_true", help="compile the modules first")
    parser.add_argument(
        "--phases", action="store_true", help="also print the median time of each start phase"
    )
    args = parser.parse_args()
    compiled: list[Path] = []  # __pycache__ folders this run made, removed at the end
    if args.bytecode:
        compile_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for checkout in [ROOT, args.baseline]:
            if checkout is None:
                continue
            had = set((checkout / "editor").rglob("__pycache__"))
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(checkout / "editor")],
                env=compile_env,
                check=True,
                capture_output=True,
            )
            compiled += [p for p in (checkout / "editor").rglob("__pycache__") if p not in had]
    try:
        measure_all(args)
    finally:
        for folder in compiled:
            shutil.rmtree(folder, ignore_errors=True)


def measure_all(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env, post = scratch_copy(Path(tmp), args.post)
        if args.phases:
            env["POST_EDITOR_START_TRACE"] = "1"
        editor_cmd = [sys.executable, "-m", "editor", "--exit-when-rendered", str(post)]
        bare_cmd = [sys.executable, "-c", BARE]
        base_env = dict(env, PYTHONPATH=str(args.baseline)) if args.baseline else env
        run_once(editor_cmd, env, ROOT)  # warm the page cache, as a second launch would be
        CPU.clear()
        editor_times, bare_times, base_times = [], [], []
        for _ in range(args.runs):
            editor_times.append(run_once(editor_cmd, env, ROOT))
            bare_times.append(run_once(bare_cmd, env))
            if args.baseline:
                base_times.append(run_once(editor_cmd, base_env, args.baseline))
    bare = statistics.median(bare_times)
    cpu = {key: statistics.median(values) for key, values in CPU.items()}
    editor_cpu = cpu[f"{ROOT}|{env.get('PYTHONPATH')}|-m"]
    bare_cpu = cpu[f"None|{env.get('PYTHONPATH')}|-c"]
    print(f"post: {args.post.name}  ({'bytecode compiled first' if args.bytecode else 'as found'})")
    print(f"post-editor, launch to rendered post:   {summary(editor_times)}")
    if base_times:
        print(f"baseline ({args.baseline}):   {summary(base_times)}")
    print(f"bare QWebEngineView, launch to page:     {summary(bare_times)}")
    print(f"ratio editor / bare: {statistics.median(editor_times) / bare:.2f}   (target <= 1.5)")
    if base_times:
        print(f"ratio baseline / bare: {statistics.median(base_times) / bare:.2f}")
    print(f"CPU of the process tree, launch to exit (median): editor {editor_cpu:.2f} s", end="")
    if args.baseline:
        print(f", baseline {cpu[f'{args.baseline}|{args.baseline}|-m']:.2f} s", end="")
    print(f", bare {bare_cpu:.2f} s")
    if args.phases:
        print_phases(args, env)


def print_phases(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Median ms from launch to each phase, in the order the phases were reached, and the
    CPU ms the thread that marked it had used (the UI thread; the worker's own for its mark)."""
    names = {
        f"{ROOT}|{env.get('PYTHONPATH')}|-m": "post-editor",
        f"None|{env.get('PYTHONPATH')}|-c": "bare page",
    }
    if args.baseline:
        names[f"{args.baseline}|{args.baseline}|-m"] = f"baseline ({args.baseline})"
    for key, label in names.items():
        phases = PHASES.get(key)
        if not phases:
            continue
        print(f"{label}, ms from launch / thread CPU ms (medians):")
        medians = sorted((statistics.median(v), name) for name, v in phases.items())
        for ms, name in medians:
            cpu = statistics.median(PHASE_CPU[key][name])
            print(f"  {ms:7.0f}  {cpu:5.0f}  {name}")


if __name__ == "__main__":
    main()
