"""What the recovery journal costs: per keystroke, per pause, and on its writer thread.

Per keystroke the window only restarts a timer (``RecoveryService.buffer_changed``). About a
second after typing stops, the UI thread takes the document's bytes and checks they differ
from the saved ones (``snapshot``); the write and its fsync run on the journal's own thread.
Prints median and p10-p90 per post size for each of the three.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/recovery_journal.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"8 KB": 8_000, "100 KB": 100_000, "1 MB": 1_000_000}


def spread(values: list[float]) -> str:
    values = sorted(values)
    p10 = values[len(values) // 10]
    p90 = values[min(len(values) - 1, (len(values) * 9) // 10)]
    return f"median {statistics.median(values):8.3f} ms (p10 {p10:.3f}, p90 {p90:.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="post-editor-journal-"))
    os.environ["POST_EDITOR_DATA_DIR"] = str(scratch / "data")

    from PySide6.QtCore import QCoreApplication

    from editor.core.post import Post
    from editor.services.document_session import DocumentSession
    from editor.services.recovery_service import RecoveryService

    app = QCoreApplication.instance() or QCoreApplication([])
    paragraph = "A line of a post, with *emphasis* and a [link](https://example.org/).\n\n"
    for label, size in SIZES.items():
        path = scratch / f"post-{size}.md"
        body = (paragraph * (size // len(paragraph) + 1))[:size]
        path.write_text("---\ntitle: Bench\n---\n" + body, encoding="utf-8")
        session = DocumentSession()
        session.open_post(path)
        service = RecoveryService(session)
        post: Post = session.post  # type: ignore[assignment]
        keystroke, pause, write = [], [], []
        for run in range(args.runs):
            post.document.set_body(body + "x" * (run + 1))
            start = time.perf_counter()
            service.buffer_changed()
            keystroke.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            service.snapshot()
            pause.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            service.journal.flush()
            write.append((time.perf_counter() - start) * 1000)
            app.processEvents()
        service.shutdown(keep=False)
        print(f"{label:>6}  per keystroke (UI thread): {spread(keystroke)}")
        print(f"{label:>6}  per pause     (UI thread): {spread(pause)}")
        print(f"{label:>6}  journal write (own thread): {spread(write)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
