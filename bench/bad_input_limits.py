"""How fast bad input gets its answer: an alias bomb typed anywhere, a post with one enormous
line, a front matter of 2,000 keys, and `render` on `[` × 20,000.

Prints the median and p10-p90 over ``--runs`` of:
- refusing a 207-character alias bomb as a field value (``load_value``) and via ``fm --set``;
- showing a post with a 1 MB and a 2 MB line without break points in the source pane
  (``set_text`` plus the event loop until idle), and one keystroke after it;
- building the front-matter form for 2,000 keys (it falls back to the Raw tab);
- ``post-editor render`` on ``[`` × 20,000 (stopped at the preview's time limit).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bad_input_limits.py [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOMB = (
    "[&a [lol,lol,lol,lol,lol,lol,lol,lol,lol], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], "
    "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], "
    "&e [*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]]"
)


def measure(name: str, runs: int, action: Callable[[], object]) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    times.sort()
    p10 = times[int(0.1 * (len(times) - 1))]
    p90 = times[int(0.9 * (len(times) - 1))]
    print(
        f"{name:<44} median {statistics.median(times) * 1000:9.1f} ms"
        f"   p10-p90 {p10 * 1000:.1f}-{p90 * 1000:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from PySide6.QtWidgets import QApplication

    from editor import cli
    from editor.core.frontmatter import PostDocument
    from editor.core.frontmatter.yaml_safe import ValueParseError, load_value
    from editor.ui.front_matter_form import FrontMatterForm
    from editor.ui.source_editor import SourceEditor

    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="bad-input-bench-"))

    def refuse() -> None:
        try:
            load_value(BOMB)
        except ValueParseError:
            return
        raise AssertionError("the bomb was accepted")

    measure(f"alias bomb ({len(BOMB)} chars) refused", runs * 20, refuse)
    post = work / "post.md"

    def fm_set() -> None:
        post.write_text("---\ntitle: x\n---\nbody\n", encoding="utf-8")
        with contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(["fm", str(post), "--set", f"x={BOMB}"]) == 2

    measure("alias bomb via fm --set", runs * 4, fm_set)

    editor = SourceEditor()
    editor.resize(900, 700)
    editor.show()
    for size in (1_000_000, 2_000_000):
        text = "# Long\n\n" + "x" * size + "\n"

        def show(text: str = text) -> None:
            editor.set_text("")
            app.processEvents()
            editor.set_text(text)
            app.processEvents()

        measure(f"source pane: {size // 1_000_000} MB line, open", runs, show)

    for keys in (2000,):
        text = "---\n" + "".join(f"key_{i}: value {i}\n" for i in range(keys)) + "---\nbody\n"
        form = FrontMatterForm()
        form.resize(500, 900)
        form.show()

        def build(text: str = text, form: FrontMatterForm = form) -> None:
            form.set_document(None, None)
            app.processEvents()
            form.set_document(PostDocument.from_text(text), None)
            app.processEvents()

        measure(f"form: {keys:,} keys (falls back to Raw)", runs, build)

    brackets = work / "brackets.md"
    brackets.write_text("[" * 20_000 + "\n", encoding="utf-8")

    def render() -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(["render", str(brackets)]) == 1

    measure("render: [ x 20,000 (stopped at the limit)", max(1, runs // 2), render)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
