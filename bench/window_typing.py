"""Typing in the real window: a key pressed in the source pane until the preview has painted it.

``preview_latency.py`` measures the preview on its own; this opens the main window on a post in
a scratch site, puts the cursor in the middle of the post with that spot shown in the preview,
and presses keys in the source pane through Qt's event system (``QTest.keyClick``), so the
source pane, its highlighter, the document model and the preview all take their share. Prints
per size the median and p10-p90 from key press to the preview's next paint, and the time the
UI thread spent handling the key itself (the key event, the pane, the document model, the
request to the preview).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/window_typing.py [--keys 30]
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

from preview_latency import SIZES, event_clock, make_post, percentile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=30, help="keystrokes per size")
    parser.add_argument("--interval", type=int, default=150, help="ms between keystrokes")
    parser.add_argument(
        "--no-spelling", action="store_true", help="spell checking off (it is on by default)"
    )
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    scratch = Path(tempfile.mkdtemp(prefix="post-editor-typing-"))
    os.environ["POST_EDITOR_CONFIG_DIR"] = str(scratch / "config")
    os.environ["POST_EDITOR_DATA_DIR"] = str(scratch / "data")

    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor.services.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    # The scratch posts are typed into and then left: closing them discards the typing.
    messages.ask_save_changes = lambda *_: messages.Choice.DISCARD
    now, wait, pause = event_clock(app)

    state: dict[str, float | None] = {}

    class PaintWatch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and state.get("painted") is None:
                state["painted"] = now()
            return False

    watch = PaintWatch()
    rows = []
    for label in args.sizes:
        posts = scratch / label.replace(" ", "") / "_posts"
        posts.mkdir(parents=True)
        path = posts / "2024-05-01-a-long-post.md"
        path.write_text(make_post(SIZES[label]), encoding="utf-8")
        window = MainWindow(Settings())
        window.commands.writing.spelling.setChecked(not args.no_spelling)
        window.resize(1400, 900)
        window.show()
        print(f"{label}: opening the post", file=sys.stderr)
        window.open_path(path)
        if not wait(lambda w=window: w.session.post is not None and w.preview.is_current(), 90_000):
            print(f"{label}: the post never opened", file=sys.stderr)
            return 1
        pause(1000)
        source, preview = window.source, window.preview
        text = source.text()
        at = text.index("The tomatoes", len(text) // 2) + len("The")
        cursor = source.textCursor()
        cursor.setPosition(at)
        source.setTextCursor(cursor)
        source.setFocus()
        source.centerCursor()
        preview.scroll_to_source_line(max(1, text.count("\n", 0, at) - 2))
        pause(1000)
        # The full render after a pause would land inside the measurement: held back.
        preview.full_debounce.delay_ms = 600_000
        proxy = preview.focusProxy()
        proxy.installEventFilter(watch)
        painted: list[float] = []
        handled: list[float] = []
        for _ in range(args.keys):
            pause(args.interval)
            state.clear()
            start = now()
            QTest.keyClick(source, Qt.Key.Key_X)
            handled.append(now() - start)
            state["painted"] = None
            if wait(lambda: state["painted"] is not None, 3000):
                painted.append(state["painted"] - start)
        proxy.removeEventFilter(watch)
        preview.full_debounce.delay_ms = 0
        window.close()
        window.deleteLater()
        # The page goes before its profile (see PreviewView); then the profile, a turn later.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pause(200)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        rows.append((label, painted, handled))

    print()
    print(f"{'size':>6} | {'key -> painted':>22} | {'key handled (UI thread)':>24}")
    print(f"{'':>6} | {'median (p10-p90) ms':>22} | {'median / max ms':>24}")
    print("-" * 60)
    for label, painted, handled in rows:
        if not painted:
            print(f"{label:>6} | nothing was painted")
            continue
        spread = (
            f"{statistics.median(painted):5.1f} ({percentile(painted, 0.1):5.1f}-"
            f"{percentile(painted, 0.9):5.1f})"
        )
        took = f"{statistics.median(handled):5.1f} / {max(handled):5.1f}"
        print(f"{label:>6} | {spread:>22} | {took:>24}  ({len(painted)} painted)")
    print(
        "\nkey -> painted: QTest.keyClick in the source pane until the preview's next paint;"
        "\nkey handled: the key press and everything the window does for it on the UI thread"
        "\n(the pane, its highlighter, the document model, the request to the preview)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
