"""Find in a long post: typing a query until every match is marked, and Replace All.

Opens the source pane and its find bar (no preview) on generated posts and prints, per size,
the median and p10-p90 of setting the query (find + mark up to 2,000 matches) and of Replace
All of a common word, with and without an emoji near the top (Qt then counts positions in
UTF-16 units, which the find bar converts).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/find_bar.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from preview_latency import SIZES, make_post, percentile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from editor.core.frontmatter import PostDocument
    from tests.ui.writing_support import WriterHost

    app = QApplication.instance() or QApplication([])
    host = WriterHost()
    host.show()
    bar = host.pane.find_bar
    print(f"{'size':>6} {'text':>9} | {'query marked, ms':>22} | {'replace all, ms':>22}")
    for label, size in SIZES.items():
        body = PostDocument.from_bytes(make_post(size).encode()).body
        for kind, text in (("plain", body), ("emoji", "🙂 " + body)):
            marked, replaced = [], []
            for _ in range(args.runs):
                host.source.set_text(text)
                host.source.lazy_highlight.finish_now()
                bar.open_bar(replace=True)
                bar.find_field.setText("")
                start = time.perf_counter()
                bar.find_field.setText("the")
                marked.append((time.perf_counter() - start) * 1000)
                bar.replace_field.setText("THE")
                start = time.perf_counter()
                bar.replace_all()
                replaced.append((time.perf_counter() - start) * 1000)
                app.processEvents()
            cells = [
                f"{statistics.median(v):7.1f} ({percentile(v, 0.1):6.1f}-{percentile(v, 0.9):6.1f})"
                for v in (marked, replaced)
            ]
            print(f"{label:>6} {kind:>9} | {cells[0]:>22} | {cells[1]:>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
