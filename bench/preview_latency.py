"""Keystroke-to-preview latency and UI-thread stalls, at 8 KB, 100 KB and 1 MB.

Opens a real PreviewView (offscreen works), types characters in the middle of each post through
the same calls the main window makes (``PostDocument.set_body`` then ``update_document``), and
prints per size: median and p10/p90 from keystroke to patch applied in the page and to the next
paint of the view, the longest UI-thread stall seen by a 1 ms heartbeat while the preview
worked, and this run's full render of the same post with the same pipeline, for comparison.
The edited paragraph is scrolled into view first (an off-screen edit paints nothing), and the
full render after a pause is held back until the keystrokes are measured, then awaited.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/preview_latency.py [--keys 30]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"8 KB": 8_000, "100 KB": 100_000, "1 MB": 1_000_000}
SECTION = """## Section {i}: notes on the garden

The tomatoes came early this year, and the *basil* kept up with them. Here is a
[link to the seed shop](https://example.com/seeds/{i}) and some `inline code`, with a
footnote-free sentence that is long enough to wrap twice in a narrow preview pane.

- first item with **bold** text
- second item
  continued on a second line
- third item

```python
def harvest(day: int) -> list[str]:
    return [plant for plant in GARDEN if plant.ready(day)]
```

> A quote that somebody said about gardens, with *emphasis*.

| plant | weeks |
| ----- | ----- |
| basil | {i}   |

"""


def make_post(size: int) -> str:
    parts = ["---\ntitle: A long post\ndate: 2024-05-01\ntags: [garden, bench]\n---\n\n"]
    total = len(parts[0])
    i = 0
    while total < size:
        section = SECTION.format(i=i)
        parts.append(section)
        total += len(section)
        i += 1
    return "".join(parts)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def event_clock(app):
    """(now, wait, pause) on a monotonic ms clock, running ``app``'s events while waiting."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop

    clock = QElapsedTimer()
    clock.start()

    def now() -> float:
        return clock.nsecsElapsed() / 1e6

    def wait(condition, timeout_ms: float) -> bool:
        deadline = now() + timeout_ms
        while not condition() and now() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return condition()

    def pause(ms: float) -> None:
        wait(lambda: False, ms)

    return now, wait, pause


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=30, help="keystrokes per size")
    parser.add_argument("--interval", type=int, default=150, help="ms between keystrokes")
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument(
        "--key",
        default="x",
        help="what each keystroke types; 'enter' types a line break, which moves every source"
        " line below it",
    )
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("POST_EDITOR_LOG", "WARNING"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    from editor.ui.preview_scheme import register_url_scheme

    register_url_scheme()

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.frontmatter import PostDocument
    from editor.core.render import RenderContext, render_body
    from editor.ui.preview import APP_WORLD, FULL_RENDER_PAUSE_MS, PreviewView

    app = QApplication.instance() or QApplication([])

    now, wait, pause = event_clock(app)

    state: dict[str, float | None] = {"applied": None, "painted": None, "last_tick": now()}
    stalls: list[float] = []

    def tick() -> None:
        t = now()
        stalls.append(t - (state["last_tick"] or t))
        state["last_tick"] = t

    heartbeat = QTimer()
    heartbeat.setTimerType(heartbeat.timerType().PreciseTimer)
    heartbeat.timeout.connect(tick)
    heartbeat.start(1)

    class PaintWatch(QObject):
        """The view's render widget gets a Paint event for each new frame of the page."""

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and state["painted"] is None:
                state["painted"] = now()
            return False

    watch = PaintWatch()

    def on_rendered(kind: str) -> None:
        if kind == "patch" and state["applied"] is None:
            state["applied"] = now()
        if kind == "full" and state.get("full_answer") is not None:
            state["full_applied"] = now() - state["full_answer"]

    key = "\n" if args.key == "enter" else args.key
    rows = []
    for label in args.sizes:
        size = SIZES[label]
        text = make_post(size)
        # A fresh view per size, as when the writer opens that post.
        view = PreviewView()
        view.resize(900, 700)
        view.show()
        view.rendered.connect(on_rendered)
        doc = PostDocument.from_text(text)
        ctx = RenderContext(metadata=doc.metadata)
        body = doc.body
        full_times = []
        for _ in range(2):
            started = time.perf_counter()
            render_body(body, ctx)
            full_times.append((time.perf_counter() - started) * 1000)
        full_ms = min(full_times)
        print(f"{label}: full render {full_ms:.0f} ms; opening the preview", file=sys.stderr)

        loaded = {"page": False}
        view.rendered.connect(lambda kind, loaded=loaded: loaded.__setitem__("page", True))
        view.set_document(doc, None, None)
        if not wait(lambda loaded=loaded: loaded["page"], 60_000):
            print(f"{label}: the page never loaded", file=sys.stderr)
            return 1
        proxy = view.focusProxy()
        if proxy is not None:
            proxy.installEventFilter(watch)
        settled: list[object] = []
        view.page().runJavaScript("1", APP_WORLD, settled.append)
        wait(lambda settled=settled: bool(settled), 60_000)
        pause(500)
        print(f"{label}: page shown; typing", file=sys.stderr)
        # The bench waits up to 3 s for each paint; the full render that a 400 ms pause brings
        # would then land in the middle of the measurement, so it waits for the end instead.
        view.full_debounce.delay_ms = 60_000

        applied: list[float] = []
        painted: list[float] = []
        preview_only: list[float] = []
        key_stalls: list[float] = []
        set_body_ms: list[float] = []
        update_ms: list[float] = []
        anchor = doc.body.index(f"Section {len(doc.body) // len(SECTION) // 2}:")
        anchor = doc.body.index("The tomatoes", anchor) + len("The tomatoes")
        # Scroll the edited paragraph into view, as scroll sync would: an edit off-screen
        # changes no pixel, so the view would have nothing to paint.
        anchor_line = doc.body.count("\n", 0, anchor) + 1
        visible = (
            "(function(){var best=null;"
            "document.querySelectorAll('#post-body [data-line]').forEach(function(e){"
            f"if(+e.getAttribute('data-line')<={anchor_line})best=e;}});"
            "if(!best)return false;var r=best.getBoundingClientRect();"
            "return r.top>=0&&r.bottom<=window.innerHeight;})()"
        )
        for _attempt in range(20):
            view.scroll_to_source_line(max(1, anchor_line - 3))
            pause(300)
            answer: list[object] = []
            view.page().runJavaScript(visible, APP_WORLD, answer.append)
            wait(lambda answer=answer: bool(answer), 5000)
            if answer and answer[0] is True:
                break
        else:
            print(f"{label}: the edited paragraph could not be scrolled into view", file=sys.stderr)
        for n in range(args.keys):
            pause(args.interval)
            current = doc.body
            state["applied"] = None
            state["painted"] = None
            start = now()
            doc.set_body(current[: anchor + n * len(key)] + key + current[anchor + n * len(key) :])
            before_update = now()
            view.update_document()
            after_update = now()
            stalls.clear()
            state["last_tick"] = after_update
            wait(lambda: state["applied"] is not None and state["painted"] is not None, 3000)
            if state["applied"] is None:
                print(f"{label}: keystroke {n} was never patched", file=sys.stderr)
                continue
            set_body_ms.append(before_update - start)
            update_ms.append(after_update - before_update)
            applied.append(state["applied"] - start)
            preview_only.append(state["applied"] - before_update)
            if state["painted"] is not None:
                painted.append(state["painted"] - start)
            key_stalls.append(max([after_update - before_update, *stalls]))
        if proxy is not None:
            proxy.removeEventFilter(watch)
        # The full render after the pause: how long the page takes to put it in place.
        state["full_answer"] = state["full_applied"] = None
        view.full.answered.connect(lambda _answer: state.__setitem__("full_answer", now()))
        view.full_debounce.delay_ms = FULL_RENDER_PAUSE_MS
        view.full_debounce.trigger()
        if not wait(
            lambda view=view: view.is_current() and state["full_applied"] is not None, 60_000
        ):
            print(f"{label}: the final full render never arrived", file=sys.stderr)
        view.shutdown()
        view.close()
        rows.append(
            (
                label,
                applied,
                painted,
                preview_only,
                key_stalls,
                set_body_ms,
                state["full_applied"],
                full_ms,
            )
        )

    heartbeat.stop()
    print()
    print(
        f"{'size':>6} | {'keystroke->applied':>20} | {'keystroke->painted':>20} "
        f"| {'update->applied':>15} | {'preview stall':>13} | {'set_body':>8} "
        f"| {'full render':>11} | {'in page':>7} | {'full/painted':>12}"
    )
    print(
        f"{'':>6} | {'median (p10-p90) ms':>20} | {'median (p10-p90) ms':>20} | {'median ms':>15} "
        f"| {'med/max ms':>13} | {'med ms':>8} | {'ms':>11} | {'ms':>7} |"
    )
    print("-" * 134)
    for label, applied, painted, preview_only, stalls_, set_body_ms, in_page, full_ms in rows:
        if not applied:
            print(f"{label:>6} | no keystroke was patched")
            continue
        painted = painted or applied

        def spread(values: list[float]) -> str:
            return (
                f"{statistics.median(values):5.1f} ({percentile(values, 0.1):5.1f}-"
                f"{percentile(values, 0.9):5.1f})"
            )

        print(
            f"{label:>6} | {spread(applied):>20} | {spread(painted):>20} "
            f"| {statistics.median(preview_only):15.1f} "
            f"| {statistics.median(stalls_):5.1f}/{max(stalls_):6.1f} "
            f"| {statistics.median(set_body_ms):8.1f} | {full_ms:11.1f} "
            f"| {in_page if in_page is not None else float('nan'):7.0f} "
            f"| {full_ms / statistics.median(painted):11.1f}x  ({len(painted)} painted)"
        )
    print(
        "\nkeystroke: PostDocument.set_body + PreviewView.update_document, as the main window does;"
        "\napplied: the patch is in the page (rendered('patch')); painted: the view's next paint;"
        "\nupdate->applied: without set_body; preview stall: longest UI-thread stall after"
        " set_body\n(update_document itself and the largest gap of a 1 ms heartbeat until the"
        " paint);\nset_body: the document model's own cost per keystroke (UI thread);"
        "\nfull render: this run's render_body of the whole post (the pipeline's full render);"
        "\nin page: the full render after the typing, from its arrival to being in the page."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
