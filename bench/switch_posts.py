"""Switching posts in the real window: from the click to the new post's preview on screen.

Opens a scratch site of a few generated posts of one size (8 KB unless told) in the main window,
lets the render worker warm up on the first, then opens the others in turn, as a click in the
posts list does, and prints the median and spread over ``--switches`` of: how long the switch
held the UI thread, when the new post's preview was first shown (its first render in the page),
and when the preview equalled a full render of it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/switch_posts.py [--size 8000] [--switches 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from preview_latency import event_clock, make_post, percentile

POSTS = 4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=8_000, help="characters per post")
    parser.add_argument("--switches", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    scratch = Path(tempfile.mkdtemp(prefix="post-editor-switch-"))
    os.environ["POST_EDITOR_CONFIG_DIR"] = str(scratch / "config")
    os.environ["POST_EDITOR_DATA_DIR"] = str(scratch / "data")

    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()

    from PySide6.QtWidgets import QApplication

    from editor.services.settings import Settings
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    now, wait, pause = event_clock(app)
    posts = scratch / "site" / "_posts"
    posts.mkdir(parents=True)
    paths = []
    for n in range(POSTS):
        path = posts / f"2024-05-0{n + 1}-post-{n}.md"
        path.write_text(make_post(args.size).replace("A long post", f"Post {n}"), "utf-8")
        paths.append(path)

    window = MainWindow(Settings())
    window.resize(1400, 900)
    window.show()
    marks: dict[str, float] = {}
    window.preview.rendered.connect(lambda _kind: marks.setdefault("shown", now()))
    held, shown, current = [], [], []
    for n in range(args.switches + 2):
        path = paths[n % POSTS]
        marks.clear()
        start = now()
        window.open_post(path)
        took = now() - start
        if not wait(window.preview.is_current, 30_000) or "shown" not in marks:
            print(f"{path.name}: the preview never finished", file=sys.stderr)
            return 1
        done = now()
        if n >= 2:  # the first two warm the worker and the page up
            held.append(took)
            shown.append(marks["shown"] - start)
            current.append(done - start)
        pause(300)
    window.close()

    def cell(values: list[float]) -> str:
        median = statistics.median(values)
        return f"{median:6.1f} ({percentile(values, 0.1):.1f}-{percentile(values, 0.9):.1f})"

    print()
    print(f"post size {args.size} characters, {len(held)} switches; ms, median (p10-p90)")
    print(f"  switch held the UI thread:     {cell(held)}")
    print(f"  new post's preview shown:      {cell(shown)}   (target <= 150 ms at 8 KB)")
    print(f"  preview equal to a full render: {cell(current)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
